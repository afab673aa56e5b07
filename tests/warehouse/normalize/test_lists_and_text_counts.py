"""Employment, wholesale/retail, financial institutions (counts in text), rail, transport lists."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pandas as pd

from sources.profile import current_profile
from sources.tables import ExtractedTable
from warehouse.normalize import build_all_frames
from warehouse.normalize.common import spec_tables

from .conftest import SHA, body, gt_by_caption


def test_employment(frames: dict[str, pd.DataFrame]) -> None:
    emp = frames["fact_employment"]
    assert len(emp) == 15 * 6
    yamagata = emp[(emp.municipality_code == "06201") & (emp.sector == "第3次産業")].set_index(
        "measure"
    )
    assert yamagata.loc["count", "value"] == 98314 and yamagata.loc["share", "value"] == 77.0
    assert set(emp[emp.measure == "share"].unit) == {"%"}


def test_wholesale(frames: dict[str, pd.DataFrame]) -> None:
    ws = frames["fact_wholesale_retail"]
    assert len(ws) == 9
    sales = ws[ws.item == "年間商品販売額"].set_index("area_kind")
    assert (
        sales.loc["municipality", "value"] == 1010884
        and sales.loc["municipality", "unit"] == "百万円"
    )
    assert sales.loc["municipality", "municipality_code"] == "06201"
    assert sales.loc["ratio", "value"] == 42.6 and sales.loc["ratio", "unit"] == "%"


def test_office_counts_printed_in_text(gt_tables: list[ExtractedTable]) -> None:
    """The profile's fact_financial_institution over a counts-in-text table typeset here:
    each `name count` pair is a count, `支店 24` after `・` continues the institution before
    it, a missing 「、」 (`農協 1 郵便局 4`) still gives two counts."""
    (printed,) = spec_tables(gt_tables, "financial_institution")
    (a, code_a), (b, code_b) = [
        (m.name, m.code) for m in current_profile().region.municipalities[:2]
    ]
    typeset = dataclasses.replace(
        printed,
        rows=[
            printed.rows[0],
            [a, "都市銀行支店 1、地方銀行本店 2・支店 24、 信用金庫本店 1・支店 9"],
            [b, "信用組合支店 1、農協 1 郵便局 4"],
        ],
        spans=[],
        row_pages=[],
    )
    tables = [typeset if t is printed else t for t in gt_tables]
    fin = build_all_frames(tables, SHA)["fact_financial_institution"]
    got = [
        (
            r.municipality_code,
            r.institution_type,
            None if pd.isna(r.office_kind) else r.office_kind,
            r.value,
            r.entry_text,
        )
        for r in fin.itertuples()
    ]
    assert got == [
        (code_a, "都市銀行", "支店", 1, "都市銀行支店 1"),
        (code_a, "地方銀行", "本店", 2, "地方銀行本店 2"),
        (code_a, "地方銀行", "支店", 24, "支店 24"),
        (code_a, "信用金庫", "本店", 1, "信用金庫本店 1"),
        (code_a, "信用金庫", "支店", 9, "支店 9"),
        (code_b, "信用組合", "支店", 1, "信用組合支店 1"),
        (code_b, "農協", None, 1, "農協 1"),
        (code_b, "郵便局", None, 4, "郵便局 4"),
    ]
    assert set(fin.unit) == {"店"} and fin.marker.isna().all()


def test_an_office_count_without_its_institution_is_a_finding_not_a_guess(
    gt_tables: list[ExtractedTable],
) -> None:
    """Planted: a cell that starts with a bare `支店 3` (no institution printed before it).
    The count is kept with no institution, and the subject's not_null check reports it at
    its row; the other counts of the cell are read."""
    from expectations.registry import rules

    (printed,) = spec_tables(gt_tables, "financial_institution")
    planted = dataclasses.replace(printed, rows=[list(r) for r in printed.rows])
    first = planted.header_rows
    planted.rows[first][1] = "支店 3、農協 1"
    tables = [planted if t is printed else t for t in gt_tables]
    frames = build_all_frames(tables, SHA)
    fin = frames["fact_financial_institution"]
    row = fin[fin.row_label == planted.rows[first][0].strip()]
    assert row.institution_type.isna().tolist() == [True, False]
    assert row.value.tolist() == [3, 1]
    (rule,) = [r for r in rules() if r.check_id == "financial_not_null"]
    (found,) = rule.run(frames).findings
    assert (found.page, found.row_label) == (
        planted.page_of_row(first),
        planted.rows[first][0].strip(),
    )


def test_an_office_entry_without_a_count_is_kept_and_reported_not_dropped(
    gt_tables: list[ExtractedTable],
) -> None:
    """Planted: 「(調査中)」 among a municipality's counts. It is no count, but it is printed:
    the view keeps it without a value (never 0) and not_null reports its row."""
    from expectations.registry import rules

    (printed,) = spec_tables(gt_tables, "financial_institution")
    planted = dataclasses.replace(printed, rows=[list(r) for r in printed.rows])
    first = planted.header_rows
    planted.rows[first][1] = "農協 1、(調査中)"
    frames = build_all_frames([planted if t is printed else t for t in gt_tables], SHA)
    fin = frames["fact_financial_institution"]
    row = fin[fin.row_label == planted.rows[first][0].strip()]
    assert row.entry_text.tolist() == ["農協 1", "(調査中)"]
    assert row.value.tolist()[0] == 1 and pd.isna(row.value.tolist()[1])
    (rule,) = [r for r in rules() if r.check_id == "financial_not_null"]
    (found,) = rule.run(frames).findings
    assert found.row_label == planted.rows[first][0].strip()
    assert rule.run(build_all_frames(gt_tables, SHA)).findings == []


def test_financial_frame(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    (table,) = gt_by_caption(gt_json, "金融機関")
    fin = frames["fact_financial_institution"]
    assert len(fin) == sum(len(re.findall(r"\d+", r[1])) for r in body(table)) == 69
    oishida = fin[fin.municipality_code == "06341"].set_index("institution_type")
    assert oishida.loc["郵便局", "value"] == 4 and oishida.loc["農協", "value"] == 1
    local = fin[(fin.municipality_code == "06201") & (fin.institution_type == "地方銀行")]
    assert local.set_index("office_kind").value.to_dict() == {"本店": 2, "支店": 24}


def test_rail(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    rail = frames["fact_rail_ridership"]
    tables = [t for t in gt_json if "公共交通" in t["section"] and t["rows"][0][0].endswith("駅")]
    assert len(rail) == sum(len(t["rows"][0]) for t in tables) == 12
    assert rail[rail.station == "山形駅"][["line", "value", "unit"]].values.tolist() == [
        ["奥羽本線", 9652, "人/日"]
    ]
    assert set(rail.line) == {"奥羽本線", "仙山線", "左沢線"}


def test_rail_reads_the_station_tables_only(gt_tables: list[ExtractedTable]) -> None:
    """A table captioned like a line whose header is not all stations (…駅), over its
    numbers or over a label column, is not a station table: none of its numbers is a
    station's ridership."""
    (senzan,) = [t for t in gt_tables if t.caption == "仙山線"]
    planted = [
        dataclasses.replace(senzan, id="t998", rows=[["山寺駅", "合計"], ["414", "414"]]),
        dataclasses.replace(senzan, id="t999", rows=[["区分", "山寺駅"], ["乗車人員", "414"]]),
    ]
    at = gt_tables.index(senzan) + 1
    rail = build_all_frames([*gt_tables[:at], *planted, *gt_tables[at:]], SHA)
    assert {"t998", "t999"} <= set(rail["fact_measure"].table_id)
    assert len(rail["fact_rail_ridership"]) == 12
    assert not {"t998", "t999"} & set(rail["fact_rail_ridership"].table_id)


def test_transport_list(frames: dict[str, pd.DataFrame]) -> None:
    lst = frames["fact_facility_list"]
    tr = lst[lst.list_kind == "transport"]
    assert tr[tr.category == "国道"].name.tolist()[:2] == ["13 号", "48 号"]
    assert len(tr[tr.category == "高速道路"]) == 2
    bus = tr[tr.category == "コミュニティバス"]
    assert bus.municipality_code.nunique() == 13  # 西川町 … 大江町; 寒河江 etc., no 大石田町
    assert bus[bus.municipality_code == "06206"].name.tolist() == [
        "市内循環バス「スマイル号」",
        "予約制乗合タクシー「チェリン号」",
    ]
