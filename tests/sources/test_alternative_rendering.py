"""The whole vision re-typeset with other fonts, page sizes, margins and page breaks
(tests/fixtures/render_vision.py) must give the same tables, the same warehouse frames and
the same findings as the ground truth."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from expectations.registry import run_checks
from sources.japanese_text import nfkc_key
from sources.tables import ExtractedTable
from sources.vision_tables_pdf import TableExtraction, extract_tables
from warehouse.normalize import build_all_frames

pytest.importorskip("reportlab")

from tests.expectations.conftest import official  # noqa: F401
from tests.expectations.helpers import text_outcomes
from tests.fixtures.render_vision import VARIANTS, render_variant

SHA = "0" * 63 + "1"
# Columns that depend on the rendering (pages, table ids) or on the document file.
RENDERING_COLUMNS = {"page", "pages", "table_id", "revision_id"}
# Whitespace-only differences at line wraps (see test_cells_equal_with_whitespace): at most
# this many printed cells per rendering (of about 5,000).
MAX_WRAP_WHITESPACE_CELLS = 16


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def rendered(request, ground_truth, tmp_path_factory) -> tuple[str, Path, TableExtraction]:
    variant = request.param
    path = tmp_path_factory.mktemp(variant) / f"vision_{variant}.pdf"
    render_variant(ground_truth, path, variant)
    return variant, path, extract_tables(path)


@pytest.fixture(scope="module")
def truth_frames(ground_truth) -> dict[str, pd.DataFrame]:
    return build_all_frames([ExtractedTable.from_json(t) for t in ground_truth], SHA)


def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", nfkc_key(text))


def _cell_differences(
    extraction: TableExtraction, ground_truth: list[dict[str, Any]]
) -> list[tuple[str, int, int, str, str]]:
    out = []
    for ours, g in zip(extraction.tables, ground_truth, strict=True):
        for i, (a_row, b_row) in enumerate(zip(ours.rows, g["rows"], strict=True)):
            for j, (a, b) in enumerate(zip(a_row, b_row, strict=True)):
                if nfkc_key(a) != nfkc_key(b):
                    out.append((g["id"], i, j, a, b))
    return out


def test_rendering_has_other_geometry(rendered, ground_truth) -> None:
    _, _, extraction = rendered
    assert extraction.document.page_count != 66
    assert [t.pages for t in extraction.tables] != [g["pages"] for g in ground_truth]
    assert any(t.pages[0] != t.pages[1] for t in extraction.tables), "no table split"


def test_same_tables_in_order(rendered, ground_truth) -> None:
    _, _, extraction = rendered
    assert extraction.warnings == []
    assert len(extraction.tables) == len(ground_truth)
    for field in ("caption", "section", "kind", "header_rows"):
        assert [getattr(t, field) for t in extraction.tables] == [g[field] for g in ground_truth]


def test_same_shape_and_spans(rendered, ground_truth) -> None:
    _, _, extraction = rendered
    for t, g in zip(extraction.tables, ground_truth, strict=True):
        assert [len(r) for r in t.rows] == [len(r) for r in g["rows"]], g["id"]
        assert [asdict(s) for s in t.spans] == g["spans"], g["id"]
        assert len(t.row_pages) == len(t.rows) and t.row_pages == sorted(t.row_pages)


def test_split_tables_are_stitched_with_header_once(rendered, ground_truth) -> None:
    _, _, extraction = rendered
    split = [t for t in extraction.tables if t.pages[0] != t.pages[1]]
    assert len(split) >= 3
    for t in split:
        assert set(t.row_pages) == set(range(t.pages[0], t.pages[1] + 1)), t.id
        header = t.rows[: t.header_rows]
        assert all(t.rows[k] not in header for k in range(t.header_rows, len(t.rows))), t.id


def test_cells_equal_ignoring_whitespace(rendered, ground_truth) -> None:
    """Every character of every cell, in place (NFKC, whitespace removed)."""
    _, _, extraction = rendered
    for t, g in zip(extraction.tables, ground_truth, strict=True):
        for i, (ours, theirs) in enumerate(zip(t.rows, g["rows"], strict=True)):
            assert [_no_space(x) for x in ours] == [_no_space(x) for x in theirs], (g["id"], i)


def test_whitespace_differences_are_few_and_at_wraps(rendered, ground_truth) -> None:
    """The only differences under `nfkc_key` are a space or line break missing or added
    where the rendering wrapped a line (checked: whitespace-only, few)."""
    _, _, extraction = rendered
    diffs = _cell_differences(extraction, ground_truth)
    assert all(_no_space(a) == _no_space(b) for *_, a, b in diffs)
    printed = {(tid, a, b) for tid, _, _, a, b in diffs}  # a merged cell counts once
    assert len(printed) <= MAX_WRAP_WHITESPACE_CELLS, sorted(printed)


@pytest.mark.xfail(
    strict=True,
    reason=(
        "Whitespace at a line wrap that leaves no trace in the PDF cannot be recovered: a "
        "space or paragraph break where the line before is full (e.g. '…担当する。' filling "
        "the cell, then '連携市町は…'; '…統計情報' + ' ' + '山交…' with no room for 山), and "
        "wraps where the document spaces the same character classes both ways ('2025 年度 "
        "(令和7年度)', '事業費見込(千円)' vs '山形市 (★)'). Deciding those needs document-"
        "wide evidence per character pair, not implemented."
    ),
)
def test_cells_equal_with_whitespace(rendered, ground_truth) -> None:
    _, _, extraction = rendered
    assert _cell_differences(extraction, ground_truth) == []


# --------------------------------------------------------------------------------------
# End to end: frames and findings
# --------------------------------------------------------------------------------------


def _comparable(frame: pd.DataFrame, *, whitespace: bool) -> pd.DataFrame:
    """Rendering-independent columns as text, sorted; with `whitespace=False` every
    whitespace run (and list-item boundary) is dropped from the text first."""
    cols = [c for c in frame.columns if c not in RENDERING_COLUMNS]
    out = frame[cols].map(lambda v: "".join(map(str, v)) if isinstance(v, list) else str(v))
    if not whitespace:
        out = out.apply(lambda col: col.str.replace(r"\s+", "", regex=True))
    return out.sort_values(cols).reset_index(drop=True)


@pytest.fixture(scope="module")
def rendered_frames(rendered) -> dict[str, pd.DataFrame]:
    _, _, extraction = rendered
    return build_all_frames(extraction.tables, SHA)


def test_frames_equal_ground_truth_frames(rendered_frames, truth_frames) -> None:
    """Same rows, same numbers, markers, codes, years, labels — text compared without
    whitespace (see test_cells_equal_with_whitespace for why)."""
    assert rendered_frames.keys() == truth_frames.keys()
    for name, frame in truth_frames.items():
        ours = rendered_frames[name]
        assert len(ours) == len(frame), name
        pd.testing.assert_frame_equal(
            _comparable(ours, whitespace=False), _comparable(frame, whitespace=False), obj=name
        )


@pytest.mark.xfail(
    strict=True,
    reason="whitespace lost or added at untraceable line wraps (test_cells_equal_with_whitespace)"
    " reaches text columns: fact_kpi.source, budget row labels, dim_project.role_sharing "
    "(a lost break merges two list items)",
)
def test_frames_equal_with_whitespace(rendered_frames, truth_frames) -> None:
    for name, frame in truth_frames.items():
        pd.testing.assert_frame_equal(
            _comparable(rendered_frames[name], whitespace=True),
            _comparable(frame, whitespace=True),
            obj=name,
        )


def _finding_keys(frames: dict[str, pd.DataFrame], statistics) -> set[tuple[str, ...]]:
    keys = set()
    for outcome in run_checks({**frames, **statistics}):
        assert outcome.data_errors == [], (outcome.check_id, outcome.data_errors)
        for f in outcome.findings:
            keys.add((f.check_id, f.row_label, f.column_label, f.stated, f.expected))
    return keys


def test_findings_equal_ground_truth_findings(
    rendered_frames,
    truth_frames,
    official,  # noqa: F811
) -> None:
    ours = _finding_keys(rendered_frames, official)
    theirs = _finding_keys(truth_frames, official)
    assert theirs, "the ground truth has findings; comparing empty sets proves nothing"
    assert ours == theirs


# Text rules (family 8) whose input the renderings carry as printed: every table cell (and
# the renderer's own headings and paragraphs). The 目次 and the prose are not re-typeset.
# (official_names reads cells too, but counts the prose's printings of a name: its
# findings on a rendering name fewer pages than the shipped PDF's.)
FROM_CELLS = ("term_variants", "compound_terms", "municipality_coverage", "copied_budget_rows")


def test_text_findings_from_cells_are_those_of_the_shipped_pdf(
    rendered, vision_extraction: TableExtraction
) -> None:
    """No finding of the text family comes from the rendering itself (false alarms)."""
    _, _, extraction = rendered

    def keys(outcomes) -> set[tuple[str, str, str, str]]:
        return {
            (f.check_id, f.row_label, f.stated, f.expected)
            for check_id in FROM_CELLS
            for f in outcomes[check_id].findings
        }

    ours, shipped = keys(text_outcomes(extraction)), keys(text_outcomes(vision_extraction))
    assert {k[0] for k in ours} == set(FROM_CELLS)
    assert ours <= shipped
