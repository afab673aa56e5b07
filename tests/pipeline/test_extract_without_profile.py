"""`vision extract` on any PDF: every table it finds, no profile needed; a profile's
expected tables only add a warning (the refresh still refuses such a PDF: test_refresh)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.platypus import Paragraph

from pipeline.cli import main
from sources.profile import PROFILE_ENV
from tests.fixtures.typeset_tables import (
    CAPTION,
    HEADER,
    HEADING,
    NOTE,
    UNIT,
    body,
    body_rows,
    grid,
    render,
)

ROWS = [HEADER, *body_rows(4)]


@pytest.fixture(autouse=True)
def _no_profile_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--profile` sets the run's profile in the environment; undone after each test."""
    monkeypatch.setenv(PROFILE_ENV, "")


def another_areas_pdf(tmp_path: Path) -> Path:
    story = [
        Paragraph("(2) 人口", HEADING),
        *body(3),
        Paragraph("表2-1 市町別人口", CAPTION),
        Paragraph("（単位：人）", UNIT),
        grid(ROWS),
        Paragraph("資料：総務省「国勢調査」", NOTE),
        *body(2),
    ]
    return render(tmp_path, story, str)


def test_extract_writes_every_table_of_a_pdf_without_a_profile(tmp_path: Path) -> None:
    pdf = another_areas_pdf(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--lang", "en", "extract", str(pdf), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    (table,) = json.loads((out / "tables.json").read_text(encoding="utf-8"))["tables"]
    assert (table["caption"], table["pages"], table["kind"], table["header_rows"]) == (
        "表2-1 市町別人口",
        [1, 1],
        "data",
        1,
    )
    assert (table["unit"], table["source"]) == ("人", "総務省「国勢調査」")
    assert table["notes"] == ["資料：総務省「国勢調査」"] and table["rows"] == ROWS
    assert table["section"] == "(2) 人口"


def test_a_profile_given_adds_a_warning_not_a_refusal(tmp_path: Path) -> None:
    pdf = another_areas_pdf(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["--lang", "en", "--profile", "yamagata_2nd", "extract", str(pdf), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    warnings = [ln for ln in result.output.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 2, result.output  # the missing tables in one line, the extra one
    assert "expected tables not found" in warnings[0]
    assert "表2-1 市町別人口" in warnings[1]
    assert len(json.loads((out / "tables.json").read_text(encoding="utf-8"))["tables"]) == 1
