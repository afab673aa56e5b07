"""Small helpers for the rule tests: change one printed value of a frame (a copy); run the
text rules (family 8) on an extraction; switch to a profile whose list is another section;
the shipped profile with one subject relation carrying a check."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from expectations.document_text import DOCUMENT_TEXT
from expectations.findings import CheckOutcome
from expectations.registry import rules
from sources.profile import PROFILE_ENV, current_profile, load_profile
from sources.vision_tables_pdf import TableExtraction
from sources.vision_text_pdf import text_frame
from warehouse.cells import table_cells
from warehouse.normalize import build_all_frames, card_records, make_frame

TEXT_RULES = [r for r in rules() if r.family == "text"]
MATRIX_SECTION = '[sections.matrix]\nlabel = "4"\n'


def use_matrix_label(monkeypatch: Any, folder: Path, label: str) -> None:
    """Make the run's profile (VISION_PROFILE, after the rules were imported) a copy of the
    current one whose project × municipality list is section `label` instead of 4."""
    shutil.copytree(current_profile().path.parent, folder)
    toml = folder / "profile.toml"
    text = toml.read_text(encoding="utf-8")
    assert text.count(MATRIX_SECTION) == 1
    toml.write_text(text.replace(MATRIX_SECTION, MATRIX_SECTION.replace("4", label)), "utf-8")
    monkeypatch.setenv(PROFILE_ENV, str(folder))
    assert current_profile().section("matrix").label == label


def set_printed(frame: pd.DataFrame, where: dict[str, Any], text: str) -> pd.DataFrame:
    """A copy of `frame` where the single row matching `where` prints `text` instead."""
    out = frame.copy()
    mask = pd.Series(True, index=out.index)
    for column, value in where.items():
        mask &= out[column] == value
    assert mask.sum() == 1, f"{where} matches {int(mask.sum())} rows"
    number = float(text.replace(",", "").rstrip("%"))
    if pd.api.types.is_integer_dtype(out["value"].dtype):
        number = int(number)  # type: ignore[assignment]
    out.loc[mask, "value"] = number
    out.loc[mask, "value_text"] = text
    return out


def summary(outcome: CheckOutcome) -> set[tuple[str, str, str, str]]:
    return {(f.row_label, f.column_label, f.stated, f.expected) for f in outcome.findings}


def text_outcomes(extraction: TableExtraction, *, part: bool = False) -> dict[str, CheckOutcome]:
    """The text rules on an extraction — of the whole document, or of `part` of its tables
    (then only the frames those rules read that can be built from a part)."""
    sha = extraction.document.sha256
    if part:
        budget = card_records(extraction.tables, sha)[3]
        frames = {
            "fact_project_budget": make_frame("fact_project_budget", budget),
            "table_cell": table_cells(extraction.tables),
        }
    else:
        frames = build_all_frames(extraction.tables, sha)  # the cells included
    frames[DOCUMENT_TEXT] = text_frame(extraction.text)
    return {rule.check_id: rule.run(frames) for rule in TEXT_RULES}


def profile_checking(tmp_path: Path, check: str):
    """The shipped profile with one subject relation carrying `check`."""
    shipped = Path(load_profile().path).parent
    folder = tmp_path / "area"
    folder.mkdir(parents=True)
    for name in ("profile.toml", "kpi.toml"):
        (folder / name).write_text((shipped / name).read_text(encoding="utf-8"), "utf-8")
    (folder / "subjects.toml").write_text(
        '[subject.fact_counts]\ndescription = "Counts."\nsql = "SELECT * FROM fact_measure"\n'
        'columns = ["@source", "@labels", "@municipality", "value", "@printed_value", '
        '"revision_id"]\n\n[[subject.fact_counts.check]]\n' + check,
        encoding="utf-8",
    )
    return load_profile(str(folder))
