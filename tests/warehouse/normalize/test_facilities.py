"""Medical / welfare counts and the 拠点病院 list."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .conftest import body, gt_by_caption


def test_medical_counts(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    (table,) = gt_by_caption(gt_json, "医療施設及び医師数")
    med = frames["fact_medical_facility"]
    assert len(med) == len(body(table)) * (table["n_cols"] - 1) == 105
    beds = med[(med.municipality_code == "06201") & (med.column_label == "病院/病床数")]
    assert beds[["value", "unit", "item", "measure"]].values.tolist() == [
        [5040, "床", "病院", "病床数"]
    ]
    none = med[
        (med.municipality_name_printed == "村山市") & (med.column_label == "病院/施設数")
    ].iloc[0]
    assert pd.isna(none["value"]) and none["marker"] == "-"
    assert med[med.row_kind == "total"].municipality_code.isna().all()
    assert set(med[med.item == "歯科診療所"].unit) == {"施設"}


def test_welfare_three_tables(
    gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]
) -> None:
    tables = gt_by_caption(gt_json, "社会福祉施設")
    wel = frames["fact_welfare_facility"]
    assert len(tables) == 3
    assert len(wel) == sum(len(body(t)) * (t["n_cols"] - 1) for t in tables) == 180
    assert wel.table_id.nunique() == 3
    row = wel[(wel.municipality_code == "06201") & (wel.item == "有料老人ホーム")]
    assert row.value.tolist() == [47]
    # Every column prints 施設数 under its kind: facilities, 老人ホーム too (not persons).
    bottoms = {t["rows"][t["header_rows"] - 1][c] for t in tables for c in range(1, t["n_cols"])}
    assert bottoms == {"施設数"}
    assert set(wel.unit) == {"施設"}


def test_base_hospitals(frames: dict[str, pd.DataFrame]) -> None:
    lst = frames["fact_facility_list"]
    hosp = lst[lst.list_kind == "base_hospital"]
    assert len(hosp) == 25
    assert hosp[hosp.category == "三次医療機関"].name.tolist() == [
        "山大医学部附属病院",
        "県立中央病院",
    ]
    # The last row lost its tier cell (shifted left) and still lands under 二次医療機関 / 朝日町.
    asahi = hosp[hosp.municipality_code == "06323"]
    assert asahi[["category", "name"]].values.tolist() == [["二次医療機関", "朝日町立病院"]]
