"""warehouse/ knows shapes, not one area: its code, SQL and fact declaration name none of the
profile's municipalities, its prefecture or region, nor cite the document's section labels
(the migrations are history and stay as existing warehouses applied them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources.profile import current_profile

WAREHOUSE = Path(__file__).resolve().parents[2] / "warehouse"
CHECKED_SUFFIXES = {".py", ".sql"}
# Split by another change of issue 15 (helper M); their '3(1)' / '3(2)' literals go with it.
NOT_YET = {"diff.py", "actuals.py"}


def _files() -> list[Path]:
    files = [
        f
        for f in sorted(WAREHOUSE.rglob("*"))
        if f.suffix in CHECKED_SUFFIXES and "migrations" not in f.parts and f.name not in NOT_YET
    ]
    return [*files, WAREHOUSE / "schema" / "facts.toml"]


def _area_words() -> list[str]:
    profile = current_profile()
    region = profile.region
    words = [m.name for m in region.municipalities] + list(region.variants)
    words += [region.prefecture, region.name, profile.document.title]
    labels = {s.label for s in profile.sections.values()} | {
        t.label for t in profile.tables if t.label
    }
    # A label is cited as a value ('3(1)') or in prose (3(1) …); single digits only quoted.
    words += [f"'{label}'" if label.isdigit() else label for label in labels]
    return sorted(set(words))


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(WAREHOUSE)))
def test_no_area_is_named(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    named = [word for word in _area_words() if word in text]
    assert not named, f"{path.relative_to(WAREHOUSE)} names {named}"
