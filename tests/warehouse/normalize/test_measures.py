"""fact_measure read by shape (warehouse/normalize/measures.py), on small tables typed here
as the extractor delivers them: members across or down, years in 和暦 or 西暦, markers and
footnote marks, a label printed vertically over its rows."""

from __future__ import annotations

import pandas as pd
import pytest

from sources.profile import current_profile
from sources.tables import CellSpan, ExtractedTable
from warehouse.normalize.common import FrameError
from warehouse.normalize.measures import area_records, build_measures, period_of

SHA = "0" * 64


@pytest.fixture(scope="module")
def members() -> list[tuple[str, str]]:
    """(name, code) of the first three members of the shipped profile."""
    return [(m.name, m.code) for m in current_profile().region.municipalities[:3]]


def _measures(*tables: ExtractedTable) -> pd.DataFrame:
    frame = build_measures(list(tables), SHA)
    return frame.astype(object).where(frame.notna(), None)


def _at(frame: pd.DataFrame, row: int, col: int) -> dict:
    found = frame[(frame["row_index"] == row) & (frame["col_index"] == col)]
    assert len(found) == 1, (row, col)
    return found.iloc[0].to_dict()


def _table(rows, *, header_rows=1, spans=(), caption="表 テスト", kind="data", unit=""):
    return ExtractedTable(
        "t1", caption, "2 > (1)", kind, [5], header_rows, rows, list(spans), unit=unit
    )


def test_members_across_and_years_in_wareki_down(members):
    (a, code_a), (b, code_b), _ = members
    table = _table(
        [
            ["年", a, b, "合計"],
            ["令和2年", "1,200", "—", "1,200"],
            ["令和3年度", "1,300※1", "x", "…"],
        ],
        caption="表 転入者数（単位：人）",
    )
    frame = _measures(table)
    assert len(frame) == 6
    first = _at(frame, 1, 1)
    assert (first["municipality_code"], first["area_axis"], first["row_kind"]) == (
        code_a,
        "column",
        "municipality",
    )
    assert (first["period_year"], first["is_fiscal_year"], first["period_text"]) == (
        2020,
        False,
        "令和2年",
    )
    assert (first["value"], first["unit"]) == (1200, "人")
    # A row label that is only a year names no measure: the caption does.
    assert first["measure"] == "表 転入者数（単位：人）"
    noted = _at(frame, 2, 1)
    assert (noted["value"], noted["footnote"], noted["value_text"]) == (1300, "※1", "1,300※1")
    assert (noted["period_year"], noted["is_fiscal_year"]) == (2021, True)
    for row, col, marker in ((1, 2, "—"), (2, 2, "x"), (2, 3, "…")):
        cell = _at(frame, row, col)
        assert cell["value"] is None and cell["marker"] == marker, (row, col)
    assert _at(frame, 1, 2)["municipality_code"] == code_b
    total = _at(frame, 1, 3)
    assert (total["row_kind"], total["municipality_code"]) == ("total", None)


def test_members_down_under_a_vertical_label_with_a_two_level_header(members):
    (a, code_a), (b, code_b), _ = members
    table = _table(
        [
            ["県", "市町名", "人口（人）", "人口（人）"],
            ["県", "市町名", "2020年", "令和12年（2030年）"],
            ["某県", a, "247,590", "233,788"],
            ["某県", b, "40,189", "36,572"],
        ],
        header_rows=2,
        spans=[
            CellSpan(0, 0, rowspan=2),
            CellSpan(0, 1, rowspan=2),
            CellSpan(0, 2, colspan=2),
            CellSpan(2, 0, rowspan=2),
        ],
    )
    frame = _measures(table)
    assert len(frame) == 4
    second = _at(frame, 3, 3)
    # The second row under the merged 県 keeps the header's labels, not the first row's.
    assert second["column_label"] == "人口（人）/令和12年（2030年）"
    assert second["row_label"] == f"某県/{b}"
    assert (second["municipality_code"], second["area_axis"]) == (code_b, "row")
    assert (second["measure"], second["unit"]) == ("人口（人）", "人")
    assert (second["period_year"], second["is_fiscal_year"]) == (2030, False)
    assert _at(frame, 2, 2)["municipality_code"] == code_a
    assert _at(frame, 2, 2)["period_year"] == 2020


def test_text_and_empty_cells_are_no_numbers_and_a_year_column_names_rows():
    table = _table(
        [
            ["年", "学校名", "生徒数", "備考"],
            ["2020", "第一高校", "448", "共学"],
            ["2021", "第一高校", "", "共学"],
        ]
    )
    frame = _measures(table)
    assert [(r, c) for r, c in zip(frame["row_index"], frame["col_index"], strict=True)] == [(1, 2)]
    only = _at(frame, 1, 2)
    assert (only["row_label"], only["period_year"], only["row_kind"]) == (
        "2020/第一高校",
        2020,
        None,
    )


def test_a_row_whose_labels_name_no_area_is_in_the_one_a_label_cell_right_of_it_names(members):
    """A school's 所在地 printed right of its numbers (merged down over its faculties);
    a row label naming a member wins over it, and a row naming none anywhere has no area."""
    (a, code_a), (b, _), (c, code_c) = members
    table = _table(
        [
            ["学校名", "学部", "在籍 学生数", "所在地"],
            ["第一大学", "文学部", "1,289", a],
            ["第一大学", "理学部", "887", a],
            ["第二大学", "-", "218", "圏域外の町"],
            [c, "-", "12", b],
        ],
        spans=[CellSpan(1, 0, rowspan=2), CellSpan(1, 3, rowspan=2)],
    )
    frame = _measures(table)
    for row in (1, 2):
        located = _at(frame, row, 2)
        assert (located["municipality_code"], located["municipality_name_printed"]) == (
            code_a,
            a,
        )
        assert (located["row_kind"], located["area_axis"]) == ("municipality", "row")
        assert located["measure"] == "在籍 学生数"
    nowhere = _at(frame, 3, 2)
    assert (nowhere["municipality_code"], nowhere["row_kind"], nowhere["area_axis"]) == (
        None,
        None,
        None,
    )
    assert (_at(frame, 4, 2)["municipality_code"], _at(frame, 4, 2)["area_axis"]) == (code_c, "row")


def test_a_label_cell_right_of_the_numbers_names_a_member_only_as_printed(members):
    """Such a cell is no row label: `<member>・各市町` (where a project is carried out) or a
    name one character off is not guessed to be a member (a row label would be resolved as
    a misprint, and reported by the names rule)."""
    (a, _), _, _ = members
    off = a[:-2] + "田" + a[-1]  # one character changed, still ending in 市/町
    table = _table(
        [
            ["事業", "年度", "事業費", "実施"],
            ["甲事業", "2026", "1,000", f"{a}・各市町"],
            ["乙事業", "2026", "2,000", off],
        ]
    )
    frame = _measures(table)
    for row in (1, 2):
        assert _at(frame, row, 2)["municipality_code"] is None, row


def test_a_table_of_numbers_only_counts_its_first_column_and_other_kinds_are_not_read():
    stations = _table([["A駅", "B駅"], ["1,197", "976"]])
    listing = _table([["区分", "名称"], ["1", "A会館"]], kind="list")
    frame = _measures(stations, listing)
    assert list(frame["value"]) == [1197, 976]
    assert list(frame["measure"]) == ["A駅", "B駅"]
    assert frame["row_label"].isna().all()


def test_a_percentage_is_in_percent_whatever_the_unit_note():
    table = _table([["区分", "人数", "比率"], ["計", "12", "67.6%"]], unit="人")
    frame = _measures(table)
    assert list(frame["unit"]) == ["人", "%"]


@pytest.mark.parametrize(
    ("column", "row", "caption", "expected"),
    [
        ("2020年 (令和2年)", None, "", (2020, False)),
        ("令和2年度", None, "", (2020, True)),
        ("令和元年", None, "", (2019, False)),
        ("2020年（実績）", None, "", (2020, False)),
        ("基準値（平成29年度）", None, "", (2017, True)),
        ("総数", "令和5年", "", (2023, False)),
        ("総数", None, "表 世帯の状況（令和2年）", (2020, False)),
        # A caption printing a span of years gives no one period.
        ("増減率", None, "表 推計（2020年→2050年）", None),
        ("増減率（2050/2020）", None, "", None),
    ],
)
def test_the_period_a_label_prints(column, row, caption, expected):
    period = period_of(column, row, caption)
    assert (None if period is None else (period.year, period.is_fiscal)) == expected


def test_a_table_printed_in_two_parts_names_each_part_by_its_own_header(members):
    (a, _), (b, code_b), (c, code_c) = members
    table = _table(
        [
            ["項目", a, b],
            ["人数", "10", "20"],
            ["項目", c, "合計"],
            ["人数", "30", "60"],
        ]
    )
    frame = _measures(table)
    assert len(frame) == 4
    assert (_at(frame, 3, 1)["column_label"], _at(frame, 3, 1)["municipality_code"]) == (
        c,
        code_c,
    )
    assert _at(frame, 3, 2)["row_kind"] == "total"
    assert _at(frame, 1, 2)["municipality_code"] == code_b


def test_a_typeset_table_with_members_across_and_wareki_years_down(members, tmp_path):
    """The same through a PDF typeset here (reportlab) and the extractor: the members in
    the header, 令和 years (one of them a 年度) down the first column, markers and a
    footnote mark in the body, the unit in the caption."""
    pytest.importorskip("reportlab")
    from sources.vision_tables_pdf import extract_tables
    from tests.fixtures.render_vision import render_vision

    names = [name for name, _ in members]
    codes = dict(members)
    rows = [
        ["年", *names, "合計"],
        ["令和2年", "1,200", "—", "35", "1,235"],
        ["令和3年", "1,310※1", "12", "x", "1,322"],
        ["令和4年度", "1,400", "15", "…", "1,415"],
    ]
    table = {
        "id": "t1",
        "section": "2 圏域の状況 > ア 転入者の状況",
        "caption": "表 市町別の転入者数（単位：人）",
        "kind": "data",
        "header_rows": 1,
        "n_rows": len(rows),
        "n_cols": len(rows[0]),
        "rows": rows,
        "spans": [],
        "pages": [1],
    }
    pdf = tmp_path / "typeset.pdf"
    render_vision([table], pdf)
    frame = _measures(*extract_tables(pdf, expectations=()).tables)
    years = {1: (2020, False), 2: (2021, False), 3: (2022, True)}
    got = {
        (r["row_index"], r["col_index"]): (
            r["value_text"],
            r["municipality_code"],
            r["row_kind"],
            (r["period_year"], r["is_fiscal_year"]),
            r["unit"],
        )
        for r in frame.to_dict("records")
    }
    expected = {
        (r, c): (
            rows[r][c],
            codes.get(rows[0][c]),
            "municipality" if rows[0][c] in codes else "total",
            years[r],
            "人",
        )
        for r in range(1, len(rows))
        for c in range(1, len(rows[0]))
    }
    assert got == expected
    assert _at(frame, 1, 2)["value"] is None and _at(frame, 1, 2)["marker"] == "—"
    assert (_at(frame, 2, 1)["value"], _at(frame, 2, 1)["footnote"]) == (1310, "※1")


def test_a_subject_fact_needs_every_row_an_area_and_every_number_readable(members):
    """fact_measure keeps what it can read; a subject fact reading the same table
    (area_records) stops at a row that names no area or a number no one can read, naming
    the table and the page, and reads an empty cell as no number."""
    (a, code_a), (b, _), _ = members
    rows = [["", "施設数", "病床数"], [a, "3", ""], [b, "2", "120"], ["合計", "5", "120"]]
    read = area_records(_table(rows), SHA)
    assert [(r["row_kind"], r["value"]) for r in read[:2]] == [
        ("municipality", 3),
        ("municipality", 2),
    ]
    assert read[0]["municipality_code"] == code_a and len(read) == 5
    garbled = [*rows[:2], [b, "2", "1,2x0"], rows[3]]
    with pytest.raises(FrameError, match=r"表 テスト: p\.5 row .* '病床数'.*1,2x0"):
        area_records(_table(garbled), SHA)
    assert len(build_measures([_table(garbled)], SHA)) == 4
    unknown = [*rows[:3], ["県庁所在地", "5", "120"]]
    with pytest.raises(FrameError, match="p\\.5 row '県庁所在地' names no municipality"):
        area_records(_table(unknown), SHA)
