"""Profile-free extraction of another area's vision (the corpus stand-in
``shared/corpus/bingo_3rd``: another designer's layout, 39 tables in every common layout),
scored against its ground truth the way `bench/extraction_accuracy.py` scores it.

Expected values come from the ground truth (rows, captions, pages, unit notes, notes
printed); nothing in the product knows this document. Skipped when the corpus is absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from sources.headings import PAGE_FURNITURE, UNIT_NOTE
from sources.japanese_text import nfkc_key
from sources.tables import ExtractedTable
from sources.vision_tables_pdf import TableExtraction, extract_tables
from tests.conftest import shared_vision_dir
from tests.fixtures.extraction_score import (
    NORMALIZERS,
    TableScore,
    grids_by_first_page,
    pair_and_score,
    per_layout,
)

CORPUS = Path(
    os.environ.get("VISION_CORPUS_DIR", shared_vision_dir().parent / "corpus" / "bingo_3rd")
)
PDF, TRUTH = CORPUS / "vision_bingo.pdf", CORPUS / "ground_truth_tables.json"
RUNNING_TITLE = "備後圏域連携中枢都市圏ビジョン（第3次）"  # printed top right on every page
REQUIRED_ROWS_EXACT = 0.99

pytestmark = pytest.mark.skipif(not (PDF.exists() and TRUTH.exists()), reason=f"{CORPUS} absent")


def _truth() -> list[dict[str, Any]]:
    return json.loads(TRUTH.read_text(encoding="utf-8")) if TRUTH.exists() else []


LAYOUTS = sorted({tag for t in _truth() for tag in t["layouts"]})


@pytest.fixture(scope="module")
def truth() -> list[dict[str, Any]]:
    return _truth()


@pytest.fixture(scope="module")
def corpus() -> TableExtraction:
    return extract_tables(PDF, expectations=(), strict=False)


def paired(
    extraction: TableExtraction, truth: list[dict[str, Any]], norm: str = "exact"
) -> list[tuple[dict[str, Any], TableScore, ExtractedTable | None]]:
    """Each truth table with its score and the extracted table it was paired with."""
    by_page: dict[int, list[ExtractedTable]] = {}
    for t in extraction.tables:
        by_page.setdefault(t.pages[0], []).append(t)
    scores = pair_and_score(truth, grids_by_first_page(extraction.tables), NORMALIZERS[norm])
    return [
        (g, s, by_page[g["pages"][0]][s.paired] if s.paired is not None else None)
        for g, s in zip(truth, scores, strict=True)
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_rows_exact_per_layout(corpus, truth, layout) -> None:
    scores = per_layout([s for _, s, _ in paired(corpus, truth)])
    assert scores[layout].rows_ratio >= REQUIRED_ROWS_EXACT, (
        f"{layout}: {scores[layout].rows_exact}/{scores[layout].rows}"
    )


def test_one_table_per_ground_truth_table_none_split_or_merged(corpus, truth) -> None:
    pairs = paired(corpus, truth)
    assert len(corpus.tables) == len(truth)
    assert [(g["id"], t.pages if t else None) for g, _, t in pairs] == [
        (g["id"], g["pages"]) for g in truth
    ]
    assert len({id(t) for _, _, t in pairs}) == len(truth)


def test_no_decorative_table(corpus, truth) -> None:
    # The cover band, the map (図1-1) and the bar chart (図2-1) are drawn with filled
    # rectangles: every table found must be one of the ground truth's.
    found = {id(t) for _, _, t in paired(corpus, truth)}
    extra = [(t.pages, t.caption) for t in corpus.tables if id(t) not in found]
    assert extra == []


def test_captions_above_or_below_never_a_unit_note_running_title_or_folio(corpus, truth) -> None:
    pairs = paired(corpus, truth)
    assert [t.caption if t else None for _, _, t in pairs] == [g["caption"] for g in truth]
    for t in corpus.tables:
        assert not UNIT_NOTE.match(t.caption) and not PAGE_FURNITURE.match(t.caption)
        assert t.caption != RUNNING_TITLE


def test_unit_notes_sources_and_notes_are_kept_as_metadata(corpus, truth) -> None:
    for g, _, t in paired(corpus, truth):
        assert t is not None
        if g.get("unit_note"):
            assert f"（単位：{t.unit}）" == g["unit_note"], g["id"]
        headed = [j for r in g["rows"][: g["header_rows"]] for j, c in enumerate(r) if c == "単位"]
        assert t.unit_column == (headed[0] if headed else None), g["id"]
        printed = [nfkc_key(n) for n in g.get("notes_printed") or []]
        assert [nfkc_key(n) for n in t.notes] == printed, g["id"]
        sources = [n for n in printed if n.startswith("資料")]
        assert bool(t.source) == bool(sources), g["id"]
        if sources:
            assert nfkc_key(t.source) in sources[0]


def test_cards_and_the_matrix_are_recognised_without_a_profile(corpus, truth) -> None:
    for g, _, t in paired(corpus, truth):
        if g["kind"] in ("card", "matrix"):
            assert t is not None and t.kind == g["kind"], g["id"]
        else:
            assert t is not None and t.kind not in ("card", "matrix"), g["id"]


# Where the ground truth and the printed page disagree (checked in `pdftotext -layout`
# and the page images): the page's text is expected.
PRINTED_NOT_IN_TRUTH = {
    # p30 prints "(3) 成果指標（KPI）の一覧" above 表4-3; the ground truth's section says (2).
    ("T4-3", "section"): "第4章 具体的取組及び成果指標（KPI）の一覧 > (3) 成果指標（KPI）の一覧",
    # p11 prints "（単位：人）" right above the data table of 図2-1; the truth records none.
    ("F2-1", "unit"): "人",
}


def test_section_paths_include_the_chapter(corpus, truth) -> None:
    for g, _, t in paired(corpus, truth):
        assert t is not None
        expected = PRINTED_NOT_IN_TRUTH.get((g["id"], "section"), g["section"])
        assert nfkc_key(t.section) == nfkc_key(expected), g["id"]


def test_unit_notes_printed_but_not_in_the_truth(corpus, truth) -> None:
    units = {g["id"]: t.unit for g, _, t in paired(corpus, truth) if t is not None}
    for (table_id, field), value in PRINTED_NOT_IN_TRUTH.items():
        if field == "unit":
            assert units[table_id] == value
    without = [
        g["id"]
        for g in truth
        if not g.get("unit_note") and (g["id"], "unit") not in PRINTED_NOT_IN_TRUTH
    ]
    assert [i for i in without if units[i]] == []
