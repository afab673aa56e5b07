"""Project cards: dim_project, participation marks, schedule with (同左), budget markers."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from warehouse.normalize.common import label_key
from warehouse.normalize.projects import parse_marks

CARD = r"連携事業【(\d+)】"


def _cards(gt_json: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for t in gt_json if re.search(CARD, t["caption"])]


def test_project_dimension(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    proj = frames["dim_project"].set_index("project_no")
    assert len(proj) == len(_cards(gt_json)) == 44
    assert list(proj.index) == list(range(1, 45))
    p15 = proj.loc[15]
    assert (p15.category_code, p15.subcategory_code, p15.field_code) == ("ウ", "A", "a")
    assert (p15.subcategory_title, p15.field_title) == (
        "生活機能の強化に係る政策分野",
        "医療体制の充実",
    )
    assert proj.loc[1].category_title == "圏域全体の経済成長のけん引"
    assert proj.loc[1].role_core_city.startswith("産学金官民一体")
    assert proj.loc[8].project_name == "圏域全体の経済成長のけん引に係る新たな施策の検討・推進"
    assert proj.loc[1].role_sharing[1].startswith("連携市町は、懇談会の委員")
    assert proj.loc[10].role_sharing == [
        "山形市は、24時間健康・医療相談サービス業務の取組を実施する。"
    ]
    assert proj.loc[18].subsidies == ["子ども・子育て支援交付金", "重層的支援体制整備事業交付金"]
    assert len(proj.loc[22].subsidies) == 3
    assert proj.loc[6].cost_sharing == [] and pd.isna(proj.loc[6].cost_sharing_text)
    assert proj.agreement_table_id.notna().all()


def test_participation_marks() -> None:
    assert parse_marks("(★) 山形市 ( ) 寒河江市 (★)上山市") == [
        ("(★)", "山形市"),
        ("( )", "寒河江市"),
        ("(★)", "上山市"),
    ]


def test_card_participation(frames: dict[str, pd.DataFrame]) -> None:
    part = frames["fact_project_participation"]
    cards = part[part.source == "3(2)"]
    assert len(cards) == 44 * 14
    p10 = cards[(cards.project_no == 10) & cards.participates]
    assert p10.municipality_code.tolist() == ["06201", "06301", "06302"]
    assert set(cards[cards.project_no == 10].mark_printed) == {"(★)", "( )"}
    misprint = cards[(cards.project_no == 12) & (cards.municipality_name_printed == "上山町")]
    assert misprint[["municipality_code", "name_resolution"]].values.tolist() == [
        ["06207", "misprint"]
    ]
    assert cards.groupby("project_no").municipality_code.nunique().eq(14).all()


def _activity_rows(card: dict[str, Any]) -> int:
    count = 0
    for row in card["rows"]:
        label = label_key(row[1])
        if label_key(row[0]).startswith("実施スケジュール") and label and label != "年度":
            count += not (label.startswith("事業費") or label.startswith("※"))
    return count


def test_schedule(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    sched = frames["fact_project_schedule"]
    assert len(sched) == 5 * sum(_activity_rows(c) for c in _cards(gt_json))
    assert set(sched.fiscal_year) == set(range(2025, 2030))
    row = sched[(sched.project_no == 43) & (sched.activity == "撮影の実施")].set_index(
        "fiscal_year"
    )
    assert row.loc[2027, "status"] == "協議の結果に応じて実施"
    assert row.loc[2029, "status"] == "協議の結果に応じて実施"
    assert row.loc[2029, "status_printed"] == "(同左)" and row.loc[2029, "is_same_as_left"]
    assert not row.loc[2026, "is_same_as_left"]
    assert sched[sched.is_same_as_left].status.notna().all()


def test_budget(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    bud = frames["fact_project_budget"]
    totals = 0
    for card in _cards(gt_json):
        row = next(r for r in card["rows"] if any(label_key(c).startswith("事業費") for c in r))
        label_col = next(i for i, c in enumerate(row) if label_key(c).startswith("事業費"))
        totals += bool(len(row) > label_col + 6 and row[label_col + 6].strip())
    assert len(bud) == 44 * 5 + totals == 221
    p1 = bud[bud.project_no == 1].set_index("fiscal_year")
    assert p1.loc[2025, "value"] == 523 and p1.loc[2025, "unit"] == "千円"
    assert pd.isna(p1.loc[2027, "value"]) and p1.loc[2027, "marker"] == "*"
    # 【6】 prints its label in the first column and shifts the values left.
    p6 = bud[bud.project_no == 6].set_index("fiscal_year")
    assert p6.loc[2025, "marker"] == "—" and p6.loc[2027, "marker"] == "*"
    assert not (bud.value == 0).any()
    total = bud[bud.is_total]
    assert total[["project_no", "value"]].values.tolist() == [[40, 243304]]
    assert total.fiscal_year.isna().all()
