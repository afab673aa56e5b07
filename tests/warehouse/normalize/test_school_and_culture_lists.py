"""Universities, school lists, libraries, halls / museums / sports lists."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .conftest import body, gt_by_caption


def _items_outside_brackets(text: str) -> int:
    depth, count = 0, 1
    for ch in text:
        depth += ch in "(（「"
        depth -= ch in ")）」"
        count += ch == "、" and depth == 0
    return count


def test_university(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    (table,) = gt_by_caption(gt_json, "大学・短期大学")
    uni = frames["fact_university"]
    assert len(uni) == len(body(table)) == 10
    med = uni[uni.faculty == "医学部"].iloc[0]
    assert (med["study_years"], med["value"], med["municipality_code"]) == (6, 945, "06201")
    junior = uni[uni.school_name == "羽陽学園短期大学"].iloc[0]
    assert pd.isna(junior["faculty"]) and junior["faculty_text"] == "-"
    assert junior["municipality_code"] == "06210"


def test_school_lists(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    tables = gt_by_caption(gt_json, "高校・専修学校")
    expected = sum(_items_outside_brackets(r[-1]) for t in tables for r in body(t))
    lst = frames["fact_facility_list"]
    schools = lst[lst.list_kind == "school"]
    assert len(schools) == expected == 48
    assert schools[(schools.founder == "市立")].name.tolist() == ["山形商業"]
    assert set(schools.category) == {"高校", "専修学校", "特別支援"}
    assert schools[schools.name == "上山明新館"].municipality_code.tolist() == ["06207"]


def test_library(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    lib = frames["fact_library"]
    assert len(lib) == 15 * 3
    pref = lib[(lib.operator == "県立") & (lib.measure == "所蔵総数")]
    assert pref[["municipality_code", "value", "unit"]].values.tolist() == [["06201", 744374, "冊"]]


def test_culture_lists(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    lst = frames["fact_facility_list"]
    for pattern, kind in (
        ("会館・ホール", "hall"),
        ("博物館・美術館", "museum"),
        ("スポーツ施設", "sports"),
    ):
        (table,) = gt_by_caption(gt_json, pattern)
        expected = sum(_items_outside_brackets(r[-1]) for r in body(table))
        assert len(lst[lst.list_kind == kind]) == expected, kind
    asahi = lst[(lst.list_kind == "museum") & (lst.municipality_code == "06323")]
    assert asahi[["name", "marker"]].isna().values.tolist() == [[True, False]]
    assert asahi.marker.tolist() == ["-"]
    east = lst[(lst.list_kind == "sports") & (lst.municipality_code == "06211")]
    assert east.name.iloc[0].startswith("大森山公園(市民体育館、")
