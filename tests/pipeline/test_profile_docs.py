"""docs/profile.md is generated from the code that reads a profile, and says what it does."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pipeline.profile_docs import DEFAULT_OUT, main, profile_keys, render, shape_comments
from sources.profile import SHAPES, profile_path


def test_the_reference_is_up_to_date_with_the_code() -> None:
    """Regenerate with `python -m pipeline.profile_docs`."""
    assert DEFAULT_OUT.read_text(encoding="utf-8") == render()


def test_the_command_writes_the_reference(tmp_path: Path) -> None:
    out = tmp_path / "profile.md"
    assert main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render()


def test_every_key_of_the_shipped_profile_is_in_the_reference() -> None:
    """The keys read from the code's own lists are the keys a real profile uses."""
    import sources.profile as module

    keys = profile_keys(Path(module.__file__).read_text(encoding="utf-8"))
    shipped = tomllib.loads(profile_path("yamagata_2nd").read_text(encoding="utf-8"))
    names = lambda label: {k.name for k in keys[label]}  # noqa: E731
    assert set(shipped) <= names("(top level)")
    assert set(shipped["region"]) <= names("[region]")
    assert set(shipped["document"]["cards"]) <= names("[document.cards]")
    for table in shipped["tables"]:
        assert set(table) <= names("[[tables]]")
        assert set(table.get("options", {})) <= names("[[tables]].options")
    for section in shipped["sections"].values():
        assert set(section) <= names("[sections.<key>]")
    # A key every shipped table gives is required; one some omit is not.
    required = {k.name for k in keys["[[tables]]"] if k.required}
    everywhere = set.intersection(*(set(t) for t in shipped["tables"]))
    assert required <= everywhere
    assert "min_count" not in required and "options" not in required


def test_every_shape_has_its_description() -> None:
    import sources.profile as module

    comments = shape_comments(Path(module.__file__).read_text(encoding="utf-8"))
    assert set(comments) == set(SHAPES)
    assert all(comments.values())


def test_the_reference_says_what_a_kpi_quotient_and_its_money_unit_are() -> None:
    """A profile author learns from the reference alone what `unit = "money"` accepts: the
    money units the rule converts, each named."""
    from expectations.ratios import YEN_PER_UNIT

    text = render()
    section = text[text.index("## Ratios and KPI quotients") : text.index("## Subject relations")]
    assert "`[[document.kpi_quotients]]`" in section and "`[[document.ratios]]`" in section
    assert 'unit = "money"' in section
    assert all(unit in section for unit in YEN_PER_UNIT)
