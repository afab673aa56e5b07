"""Captions, notes and tables continued over pages, on documents typeset here (reportlab,
`tests/fixtures/typeset_tables.py`): running title top right, folio (`- n -` or `n`) at the
bottom of every page, body text in 明朝, headings, captions and notes in ゴシック, ruled
tables. Expected values are what was typeset: the captions, units, notes and grids passed
to reportlab.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib import colors
from reportlab.platypus import PageBreak, Paragraph, Table, TableStyle

from sources.extraction_export import write_extraction
from sources.headings import caption_key, note_role
from sources.tables import ExtractedTable
from sources.vision_tables_pdf import cited_source, extract_tables
from tests.fixtures.typeset_tables import (
    CAPTION,
    CELL,
    HEADER,
    HEADING,
    NOTE,
    UNIT,
    body,
    body_rows,
    grid,
    render,
)


def extracted(path: Path) -> list[ExtractedTable]:
    return extract_tables(path, expectations=(), strict=False, workers=1).tables


def dashed(n: int) -> str:
    return f"- {n + 11} -"


def test_caption_above_with_unit_note_source_and_remarks(tmp_path: Path) -> None:
    rows = [HEADER, *body_rows(4)]
    story = [
        Paragraph("(2) 人口", HEADING),
        *body(3),
        Paragraph("表2-3 市町別人口（令和2年）", CAPTION),
        Paragraph("（単位：人、％）", UNIT),
        grid(rows),
        Paragraph("資料：総務省「令和2年国勢調査」", NOTE),
        Paragraph("注：総人口には年齢不詳を含む。", NOTE),
        Paragraph("※1 北原町は合併前の旧町の合計", NOTE),
        *body(2),
    ]
    (table,) = extracted(render(tmp_path, story, dashed))
    assert table.caption == "表2-3 市町別人口（令和2年）"
    assert table.unit == "人、％"
    assert table.source == "総務省「令和2年国勢調査」"
    assert table.notes == [
        "資料：総務省「令和2年国勢調査」",
        "注：総人口には年齢不詳を含む。",
        "※1 北原町は合併前の旧町の合計",
    ]
    assert table.rows == rows and table.header_rows == 1
    assert table.section == "(2) 人口"


def test_caption_below_the_table_and_the_next_tables_caption_above(tmp_path: Path) -> None:
    first, second = [HEADER, *body_rows(3)], [HEADER, *body_rows(3, start=3)]
    story = [
        Paragraph("1 圏域の構成", HEADING),
        *body(3),
        grid(first),
        Paragraph("資料：各市町調べ", NOTE),
        Paragraph("表1-1 構成市町の人口", CAPTION),
        *body(2),
        Paragraph("表1-2 連携市町の人口", CAPTION),
        Paragraph("（単位：人）", UNIT),
        grid(second),
        *body(1),
    ]
    a, b = extracted(render(tmp_path, story, dashed))
    assert (a.caption, a.unit, a.notes) == ("表1-1 構成市町の人口", "", ["資料：各市町調べ"])
    assert (b.caption, b.unit, b.notes) == ("表1-2 連携市町の人口", "人", [])
    assert a.rows == first and b.rows == second


def test_unnumbered_caption_above_and_numbered_caption_below(tmp_path: Path) -> None:
    story = [
        Paragraph("ア 人口と将来推計人口", HEADING),
        *body(2),
        Paragraph("○人口の推移", CAPTION),
        grid([HEADER, *body_rows(2)]),
        *body(2),
        grid([HEADER, *body_rows(2, start=2)]),
        Paragraph("表3 年齢別人口", CAPTION),
        *body(1),
    ]
    a, b = extracted(render(tmp_path, story, str))
    assert a.caption == "○人口の推移"
    assert b.caption == "表3 年齢別人口"


def _long_table_story(
    rows: list[list[str]], *, caption: str, header_rows: int, before: int
) -> list[Any]:
    return [
        Paragraph("(5) 人口動態", HEADING),
        *body(before),
        Paragraph(caption, CAPTION),
        Paragraph("（単位：人）", UNIT),
        grid(rows, header_rows=header_rows),
        Paragraph("資料：住民基本台帳", NOTE),
        *body(2),
    ]


@pytest.mark.parametrize(
    ("header_rows", "folio"),
    [(1, dashed), (0, str)],
    ids=["header-repeated", "nothing-repeated"],
)
def test_a_table_running_on_to_the_next_page_is_one_table(
    tmp_path: Path, header_rows: int, folio: Callable[[int], str]
) -> None:
    # Without a header row reportlab repeats nothing: the table simply runs on, as a
    # word processor's does; with one it repeats the header (repeatRows).
    rows = ([HEADER] if header_rows else []) + body_rows(40)
    story = _long_table_story(rows, caption="表2-7 人口動態", header_rows=header_rows, before=8)
    path = render(tmp_path, story, folio)
    (table,) = extracted(path)
    assert table.pages == [1, 2]
    assert table.rows == rows  # the repeated header and the page furniture are not rows
    assert table.caption == "表2-7 人口動態"
    assert table.notes == ["資料：住民基本台帳"] and table.unit == "人"
    assert len(set(table.row_pages)) == 2


@pytest.mark.parametrize("mark", ["（つづき）", "（続き）", " (続き)", ""])
def test_a_table_continued_under_its_caption_with_tsuzuki_is_one_table(
    tmp_path: Path, mark: str
) -> None:
    # The caption repeated with a continuation mark, or as it was (then the columns decide).
    head = [HEADER]
    part1, part2 = body_rows(12), body_rows(6, start=12)
    story = [
        Paragraph("(5) 人口動態", HEADING),
        *body(2),
        Paragraph("表2-8 転入・転出", CAPTION),
        Paragraph("（単位：人）", UNIT),
        grid(head + part1),
        PageBreak(),
        Paragraph(f"表2-8 転入・転出{mark}", CAPTION),
        Paragraph("（単位：人）", UNIT),
        grid(head + part2),
        Paragraph("資料：住民基本台帳", NOTE),
        *body(1),
    ]
    (table,) = extracted(render(tmp_path, story, dashed))
    assert table.pages == [1, 2]
    assert table.caption == "表2-8 転入・転出"
    assert table.rows == head + part1 + part2
    assert table.notes == ["資料：住民基本台帳"]


def test_the_next_pages_own_caption_starts_a_new_table(tmp_path: Path) -> None:
    part1, part2 = body_rows(12), body_rows(6, start=12)
    story = [
        *body(2),
        Paragraph("表2-8 転入", CAPTION),
        grid([HEADER, *part1]),
        PageBreak(),
        Paragraph("表2-9 転出", CAPTION),
        grid([HEADER, *part2]),
        *body(1),
    ]
    a, b = extracted(render(tmp_path, story, dashed))
    assert (a.caption, a.pages, b.caption, b.pages) == (
        "表2-8 転入",
        [1, 1],
        "表2-9 転出",
        [2, 2],
    )


def test_running_title_and_folio_are_never_captions_or_rows(tmp_path: Path) -> None:
    # The table opens page 2 with nothing above it but the running title: its caption is
    # the heading in force, not the title; the folio under it is no row.
    story = [
        Paragraph("(3) 産業", HEADING),
        *body(3),
        PageBreak(),
        grid([HEADER, *body_rows(3)]),
        *body(1),
    ]
    (table,) = extracted(render(tmp_path, story, dashed))
    assert table.caption == "(3) 産業"
    assert table.rows == [HEADER, *body_rows(3)]
    assert table.notes == [] and table.unit == ""


def card(number: int, n_rows: int) -> tuple[Any, list[list[str]]]:
    """A project card: label column, the name row `事業名 | 【n】…` first."""
    rows = [["事業名", f"【{number}】広域連携推進事業{number}"]]
    rows += [[f"項目{k}", f"圏域の連携市町が共同で取り組む内容{k}"] for k in range(1, n_rows)]
    table = Table([[Paragraph(c, CELL) for c in r] for r in rows], colWidths=[100, 290])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    return table, rows


def test_a_card_split_by_a_page_break_is_one_card_and_the_next_card_its_own(
    tmp_path: Path,
) -> None:
    first, first_rows = card(3, 30)
    second, second_rows = card(4, 5)
    story = [
        Paragraph("(2) 具体的取組", HEADING),
        *body(6),
        Paragraph("連携事業【3】", CAPTION),
        first,
        Paragraph("連携事業【4】", CAPTION),
        second,
        *body(1),
    ]
    a, b = extracted(render(tmp_path, story, dashed))
    assert (a.kind, a.pages, a.rows) == ("card", [1, 2], first_rows)
    assert (b.kind, b.pages, b.rows) == ("card", [2, 2], second_rows)
    assert (a.caption, b.caption) == ("連携事業【3】", "連携事業【4】")


def test_unnumbered_caption_below_is_centred_a_heading_at_the_margin_is_not(
    tmp_path: Path,
) -> None:
    first, second = [HEADER, *body_rows(3)], [HEADER, *body_rows(3, start=3)]
    story = [
        Paragraph("第2章 圏域の現状", HEADING),
        Paragraph("(4) 世帯", HEADING),
        *body(2),
        grid(first),
        Paragraph("○世帯数の推移", CAPTION),  # centred under the table: its caption
        *body(2),
        Paragraph("○市町別の世帯", HEADING),  # at the margin, above the next table
        grid(second),
        Paragraph("○この表は参考である", HEADING),  # at the margin under it: not a caption
        *body(1),
    ]
    a, b = extracted(render(tmp_path, story, dashed))
    assert (a.caption, b.caption) == ("○世帯数の推移", "○市町別の世帯")
    assert a.section == b.section == "第2章 圏域の現状 > (4) 世帯"


def test_caption_and_unit_note_side_by_side_on_one_line(tmp_path: Path) -> None:
    rows = [HEADER, *body_rows(3)]
    title = Table(
        [[Paragraph("表5 世帯数", CAPTION), Paragraph("（単位：世帯）", UNIT)]],
        colWidths=[300, 90],
        rowHeights=[26],
    )
    # The unit set a little higher than the caption: the caption is the nearer line.
    title.setStyle(
        TableStyle([("VALIGN", (0, 0), (0, 0), "BOTTOM"), ("VALIGN", (1, 0), (1, 0), "TOP")])
    )
    story = [Paragraph("(4) 世帯", HEADING), *body(3), title, grid(rows), *body(2)]
    (table,) = extracted(render(tmp_path, story, dashed))
    assert (table.caption, table.unit, table.rows) == ("表5 世帯数", "世帯", rows)


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("（単位：人、％）", "unit"),
        ("(単位:千円)", "unit"),
        ("資料：総務省「国勢調査」", "source"),
        ("出典：県統計", "source"),
        ("注：構成比は四捨五入", "note"),
        ("注1 合併前の数値", "note"),
        ("※1 見込み", "note"),
        ("*1 速報値", "note"),
        ("表2-3 人口動態", None),
        ("注目の施策", None),
        ("単位あたりの費用", None),
    ],
)
def test_note_roles(line: str, role: str | None) -> None:
    assert note_role(line) == role


def test_caption_key_drops_the_continuation_mark() -> None:
    assert caption_key("表2-3 人口動態（つづき）") == "表2-3 人口動態"
    assert caption_key("表2-3 人口動態 (続き)") == "表2-3 人口動態"
    assert caption_key("表2-3 人口動態（令和2年）") == "表2-3 人口動態（令和2年）"


def test_cited_source_stops_at_a_remark_on_the_same_line() -> None:
    assert (
        cited_source(["資料：総務省「国勢調査」\u3000注：性比＝男÷女×100"]) == "総務省「国勢調査」"
    )
    assert cited_source(["注：なし", "出典：県統計"]) == "県統計"
    assert cited_source(["注：なし"]) == ""


def test_index_csv_lists_unit_source_and_notes(tmp_path: Path) -> None:
    rows = [HEADER, *body_rows(2)]
    story = [
        *body(3),
        Paragraph("表1 人口", CAPTION),
        Paragraph("（単位：人）", UNIT),
        grid(rows),
        Paragraph("資料：県統計", NOTE),
        Paragraph("注：推計値", NOTE),
        *body(1),
    ]
    extraction = extract_tables(
        render(tmp_path, story, dashed), expectations=(), strict=False, workers=1
    )
    index, *_ = write_extraction(extraction.document, extraction.tables, tmp_path / "out", "csv")
    with index.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["caption"], row["unit"], row["source"]) == ("表1 人口", "人", "県統計")
    assert row["notes"] == "資料：県統計\n注：推計値" and row["unit_column"] == ""


def test_a_caption_wrapped_over_two_lines_is_read_whole(tmp_path: Path) -> None:
    caption = (
        "表2-9 産業大分類別事業所数及び従業者数並びに市町別の事業所の規模別の構成比"
        "（民営事業所、令和3年経済センサス活動調査）"
    )
    rows = [HEADER, *body_rows(3)]
    story = [
        *body(2),
        Paragraph(caption, CAPTION),
        grid(rows),
        *body(2),
        grid(rows),
        Paragraph(caption.replace("2-9", "2-10"), CAPTION),
        *body(1),
        PageBreak(),  # a second page: the title at its top right is a running title
        *body(1),
    ]
    above, below = extracted(render(tmp_path, story, dashed))
    assert above.caption == caption
    assert below.caption == caption.replace("2-9", "2-10")
