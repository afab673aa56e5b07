"""Page geometry: grids with spans, line grouping, wrapped vs broken lines."""

from __future__ import annotations

import pdfplumber

from sources.pdf_tables.cell_text import join_cell_lines
from sources.pdf_tables.grid import TableCell, cluster_edges, layout_grid
from sources.pdf_tables.lines import Glyph, line_text
from sources.pdf_tables.page import analyze_page
from sources.tables import CellSpan


def _glyphs(text: str, x0: float, top: float, size: float = 10.0) -> list[Glyph]:
    """Monospaced glyphs: wide characters 1 em, narrow ones half an em."""
    out, x = [], x0
    for ch in text:
        w = size if ord(ch) > 0x7F else size / 2
        out.append(Glyph(ch, x, x + w, top, top + size, size, "Mincho"))
        x += w
    return out


def test_cluster_edges() -> None:
    assert cluster_edges([10.0, 10.4, 50.0, 49.2, 90.0]) == [10.2, 49.6, 90.0]


def test_layout_grid_spans_and_repetition() -> None:
    # Header: "区分" spans two rows, "病院" spans two columns.
    cells = [
        TableCell((0, 0, 50, 40), "区分"),
        TableCell((50, 0, 150, 20), "病院"),
        TableCell((50, 20, 100, 40), "施設数"),
        TableCell((100, 20, 150, 40), "病床数"),
        TableCell((0, 40, 50, 60), "山形市"),
        TableCell((50, 40, 100, 60), "17"),
        TableCell((100.8, 40, 150.3, 60), "5,040"),  # edges a little off still line up
    ]
    grid = layout_grid(cells)
    assert grid.rows == [
        ["区分", "病院", "病院"],
        ["区分", "施設数", "病床数"],
        ["山形市", "17", "5,040"],
    ]
    assert grid.spans == [CellSpan(0, 0, 2, 1), CellSpan(0, 1, 1, 2)]


def test_layout_grid_on_wider_column_set() -> None:
    # A continuation part laid on the union of both parts' column boundaries.
    cells = [TableCell((0, 0, 100, 20), "成果指標"), TableCell((100, 0, 150, 20), "出典")]
    grid = layout_grid(cells, x_edges=[0, 50, 100, 150])
    assert grid.rows == [["成果指標", "成果指標", "出典"]]
    assert grid.spans == [CellSpan(0, 0, 1, 2)]


def test_line_text_inserts_space_for_gap_only() -> None:
    glyphs = _glyphs("高", 0, 0) + _glyphs("校", 14, 0)
    assert line_text(glyphs) == "高 校"
    assert line_text(_glyphs("高校", 0, 0)) == "高校"


def test_join_wrapped_japanese_without_space() -> None:
    # Cell 100pt wide: the first line is full, the wrap fell inside Japanese text.
    lines = [_glyphs("産学金官民一体となっ", 0, 0), _glyphs("た圏域", 0, 12)]
    assert join_cell_lines(lines, inner_width=100) == "産学金官民一体となった圏域"


def test_join_deliberate_break_keeps_newline() -> None:
    # The first line ends with room for the next word: a paragraph (list item) break.
    lines = [_glyphs("山形市は担う。", 0, 0), _glyphs("連携市町は", 0, 12)]
    assert join_cell_lines(lines, inner_width=100) == "山形市は担う。\n連携市町は"


def test_join_wrap_at_space_before_half_width_bracket() -> None:
    # "2025年度 (令和7年度)" wrapped in a narrow cell: the wrap consumed the space.
    lines = [_glyphs("2025年度", 0, 0), _glyphs("(令和7年度)", 0, 12)]
    assert join_cell_lines(lines, inner_width=45) == "2025年度 (令和7年度)"


def test_join_latin_words() -> None:
    lines = [_glyphs("C / (A", 0, 0), _glyphs("- B)", 0, 12)]
    assert join_cell_lines(lines, inner_width=30) == "C / (A - B)"


def test_printed_trailing_space_is_kept_at_wrap() -> None:
    first = [*_glyphs("期待される。", 0, 0), Glyph(" ", 60, 62.5, 0, 10, 10, "Mincho")]
    lines = [first, _glyphs("②部署内", 0, 12)]
    assert join_cell_lines(lines, inner_width=60.5) == "期待される。 ②部署内"


def test_analyze_page_on_shipped_pdf(vision_pdf) -> None:
    with pdfplumber.open(vision_pdf) as pdf:
        layout = analyze_page(pdf.pages[7])
    assert len(layout.tables) == 2
    grid = layout.tables[0].grid()
    assert grid.rows[0] == [
        "市町名",
        "人口 (国勢調査)",
        "将来推計人口",
        "将来推計人口",
        "将来推計人口",
    ]
    assert grid.rows[-1][0] == "合計"
    assert CellSpan(0, 2, 1, 3) in grid.spans
    texts = [ln.text for ln in layout.lines]
    assert "ア 人口と将来推計人口" in texts
    assert not any("247,590" in t for t in texts)  # table text is not page text


def test_an_aligned_value_is_what_parse_number_reads():
    # One reader of printed numbers: the aligned-layout detector asks parse_number, so a
    # full-width value, a △ negative and a value with its footnote mark are values, a
    # marker or a badly grouped figure is not, and a bare year heads a column.
    from sources.pdf_tables.aligned import is_numeric, is_value

    for text in ("１，２３４", "△12.5", "229.3※2", "45.6％", "1 234"):
        assert is_value(text), text
    for text in ("—", "※1", "1,2,3", "人口", ""):
        assert not is_numeric(text), text
    assert is_numeric("2020") and not is_value("2020") and not is_value("２０２５")
