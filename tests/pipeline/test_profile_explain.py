"""`vision profile explain`: each table beside the declaration it matches, the declarations
that match nothing beside their nearest table and why, and what each shape reads.

Expected values come from the profile (its declarations, its members) and from the
document's own tables (the shipped profile's match on the shipped PDF), never from the
output; the edited profiles change one key and the explanation must name that key.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from pipeline.cli import main
from pipeline.messages import set_language
from pipeline.profile_cli import explain_text
from sources.japanese_text import nfkc_key
from sources.profile import PROFILE_ENV, load_profile, profile_path
from sources.profile_match import match_profile, suggested_caption
from tests.conftest import shared_vision_dir
from warehouse.shape_reading import shape_reading

# Another area's vision (the corpus stand-in beside the shipped one, see its README).
CORPUS_PDF = shared_vision_dir().parent / "corpus" / "bingo_3rd" / "vision_bingo.pdf"


@pytest.fixture(autouse=True)
def _japanese_and_default_profile(monkeypatch: pytest.MonkeyPatch):
    """`--profile` sets the run's profile in the environment; undone after each test."""
    monkeypatch.setenv(PROFILE_ENV, "")
    set_language("ja")
    yield
    set_language("ja")


def edited_profile(tmp_path: Path, key: str, old: str, new: str) -> Path:
    """A copy of the shipped profile folder with one line of table `key` changed."""
    folder = tmp_path / "edited"
    shutil.copytree(profile_path("yamagata_2nd").parent, folder)
    toml = folder / "profile.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index(f'key = "{key}"')
    at = text.index(old, start)
    toml.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return folder


def test_every_declared_table_of_the_shipped_pdf_is_matched(vision_extraction) -> None:
    profile = load_profile("yamagata_2nd")
    match = match_profile(vision_extraction.tables, profile)
    assert match.unmatched == ()
    matched_keys = {d.spec.key for _, found in match.tables for d in found}
    assert matched_keys == {spec.key for spec in profile.tables}
    text = explain_text(vision_extraction.document.path, vision_extraction.tables, profile)
    assert f"宣言された {len(profile.tables)} 表はすべて" in text
    # KPI columns by their roles in words, not the normalizer's names.
    kpi_lines = [ln for ln in text.splitlines() if "KPI の列（4）" in ln]
    assert kpi_lines and all("指標=" in ln and "基準値=" in ln for ln in kpi_lines)
    assert "baseline" not in text
    assert not re.search(r"\bNone\b|\bnan\b", text)
    # Each declaration is named by file, line and key; the line holds that key.
    lines = profile.path.read_text(encoding="utf-8").splitlines()
    for number, key in re.findall(r"profile\.toml:(\d+) \[\[tables\]\] key = \"(\w+)\"", text):
        assert lines[int(number) - 1].strip() == f'key = "{key}"'


def test_what_the_shapes_read_comes_from_the_document(vision_extraction) -> None:
    profile = load_profile("yamagata_2nd")
    match = match_profile(vision_extraction.tables, profile)
    by_key = {d.spec.key: (t, d.spec) for t, found in match.tables for d in found}
    table, spec = by_key["population"]
    readings = {r.role: r.labels for r in shape_reading(table, spec)}
    assert len(readings["municipality_rows"]) == len(profile.region.municipalities)
    assert readings["total_rows"] == ("合計",)
    assert all(re.search(r"20\d\d年", label) for label in readings["year_columns"])
    table, spec = by_key["kpi_a"]
    (kpi,) = [r.labels for r in shape_reading(table, spec) if r.role == "kpi_columns"]
    assert [label.split("=")[0] for label in kpi] == ["indicator", "baseline", "target", "source"]
    assert not [r for t, s in by_key.values() for r in shape_reading(t, s) if r.role == "problem"]


def test_the_overview_keeps_wide_characters_aligned(vision_extraction) -> None:
    profile = load_profile("yamagata_2nd")
    text = explain_text(vision_extraction.document.path, vision_extraction.tables, profile)
    table_lines = [ln for ln in text.splitlines() if re.match(r"^\d+(-\d+)?\s+t\d{3}\s", ln)]
    assert len(table_lines) == len(vision_extraction.tables)
    # The declaration column (the last) starts at the same terminal cell on every row.
    starts = {cell_len(ln[: ln.rindex("   ") + 3]) for ln in table_lines}
    assert len(starts) == 1


def test_a_changed_caption_pattern_shows_the_nearest_table_and_the_reason(
    vision_extraction, tmp_path: Path
) -> None:
    shipped = match_profile(vision_extraction.tables, load_profile("yamagata_2nd"))
    (population,) = [
        t for t, found in shipped.tables if any(d.spec.key == "population" for d in found)
    ]
    profile = load_profile(
        str(edited_profile(tmp_path, "population", "人口と将来推計人口'", "人口の推計'"))
    )
    match = match_profile(vision_extraction.tables, profile)
    (unmatched,) = match.unmatched
    assert unmatched.declaration.spec.key == "population"
    assert unmatched.declaration.file == profile.path
    assert unmatched.nearest is not None
    assert unmatched.nearest.table.id == population.id
    assert unmatched.nearest.reasons == ("caption",)
    # The suggested pattern matches the table it was suggested for.
    assert re.search(suggested_caption(population), nfkc_key(population.caption))
    text = explain_text(vision_extraction.document.path, vision_extraction.tables, profile)
    assert f"{profile.path}:" in text and '[[tables]] key = "population"' in text
    assert f"最も近い表: p.{population.pages[0]} {population.id}" in text
    assert "パターン /人口の推計/ に合わない" in text


def test_a_changed_kind_names_the_kind_the_extractor_reads(vision_extraction, tmp_path) -> None:
    folder = edited_profile(tmp_path, "hall", 'kind = "list"', 'kind = "data"')
    match = match_profile(vision_extraction.tables, load_profile(str(folder)))
    (unmatched,) = match.unmatched
    assert unmatched.declaration.spec.key == "hall"
    assert unmatched.nearest is not None and unmatched.nearest.reasons == ("kind",)
    assert unmatched.nearest.table.kind == "list"
    set_language("en")
    text = explain_text(
        vision_extraction.document.path, vision_extraction.tables, load_profile(str(folder))
    )
    assert 'kind is list (declared data) → kind = "list"' in text


@pytest.mark.skipif(not CORPUS_PDF.is_file(), reason="corpus document not present")
def test_another_areas_pdf_matches_nothing_and_explain_still_succeeds() -> None:
    profile = load_profile("yamagata_2nd")
    result = CliRunner().invoke(main, ["profile", "explain", str(CORPUS_PDF)])
    assert result.exit_code == 0, result.output
    n = len(profile.tables)
    assert f"文書中の表に一致しない宣言: {n} / {n}" in result.output
    assert "（宣言に一致 0 表）" in result.output
    assert result.output.count("最も近い表: p.") == n
    # Another area's KPI tables are the nearest candidates of the KPI declarations.
    kpi_lines = [ln for ln in result.output.splitlines() if 'key = "kpi_a"' in ln]
    assert kpi_lines
    after = result.output.split(kpi_lines[0], 1)[1].splitlines()[1]
    assert "成果指標" in after and "ア" in after


def test_the_profile_option_of_explain_chooses_the_profile(tmp_path: Path) -> None:
    from tests.pipeline.test_extract_without_profile import another_areas_pdf

    folder = edited_profile(tmp_path, "population", "人口と将来推計人口'", "市町別人口'")
    pdf = another_areas_pdf(tmp_path)
    args = ["--lang", "en", "profile", "explain", "--profile", str(folder), str(pdf)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    profile = load_profile(str(folder))
    assert f"profile {profile.path}" in result.output
    # The one table (表2-1 市町別人口, in section (2) 人口) matches the edited caption but
    # not the declared section: named as the reason, with the section it is in.
    declared = [ln for ln in result.output.splitlines() if 'key = "population"' in ln]
    assert declared and str(profile.path) in declared[0]
    reasons = result.output.split(declared[0], 1)[1].splitlines()[1:3]
    assert "nearest table: p.1 t001 “表2-1 市町別人口”" in reasons[0]
    assert reasons[1].strip().startswith("section “(2) 人口” does not match")


def test_every_kpi_column_role_is_named_in_both_languages() -> None:
    from pipeline.messages import MESSAGES
    from warehouse.normalize.kpi import COLUMN_WORDS

    for role in COLUMN_WORDS:
        assert set(MESSAGES[f"explain.kpi.{role}"]) >= {"ja", "en"}, role


@pytest.mark.skipif(not CORPUS_PDF.is_file(), reason="corpus document not present")
def test_another_areas_pdf_under_its_own_profile_shows_every_kpi_column_it_reads() -> None:
    """The corpus's KPI tables print a No. column and years in their own columns: each
    role the reader finds is named in words (a role without a message crashed explain)."""
    folder = Path(__file__).resolve().parents[1] / "profiles" / "bingo_3rd"
    args = ["profile", "explain", "--profile", str(folder), str(CORPUS_PDF)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "宣言された" in result.output and "すべて文書中の表に一致しました" in result.output
    assert "番号=" in result.output and "指標=" in result.output


@pytest.mark.parametrize("command", ["explain", "draft"])
@pytest.mark.parametrize(
    ("content", "says"),
    [(b"<html>maintenance</html>", "not a PDF (it starts with '<html'"), (b"", "empty file")],
)
def test_a_file_that_is_no_pdf_is_refused_in_one_line(
    tmp_path: Path, command: str, content: bytes, says: str
) -> None:
    given = tmp_path / "vision.pdf"
    given.write_bytes(content)
    out = ["--out", str(tmp_path / "draft")] if command == "draft" else []
    result = CliRunner().invoke(main, ["--lang", "en", "profile", command, str(given), *out])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert str(given) in result.output and says in result.output
    assert not (tmp_path / "draft").exists()  # draft writes nothing for a refused file
