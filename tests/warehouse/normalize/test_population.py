"""fact_population and fact_commuting against the ground truth."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .conftest import body, gt_by_caption


def test_population_row_count(
    gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]
) -> None:
    tables = gt_by_caption(gt_json, "人口と将来推計人口|中長期的な将来の人口の目標")
    expected = sum(len(body(t)) * (t["n_cols"] - 1) for t in tables)
    assert len(frames["fact_population"]) == expected == 172


def test_population_cells(frames: dict[str, pd.DataFrame]) -> None:
    pop = frames["fact_population"]
    census = pop[
        (pop.printed_in == "2(1)ア") & (pop.municipality_code == "06201") & (pop.year == 2020)
    ]
    assert census[["measure", "value", "value_text", "unit"]].values.tolist() == [
        ["census", 247590, "247,590", "人"]
    ]
    assert census.iloc[0]["column_label"] == "人口 (国勢調査)/2020年 (令和2年)"
    proj = pop[(pop.printed_in == "2(1)ア") & (pop.year == 2050) & (pop.row_kind == "total")]
    assert proj[["measure", "value"]].values.tolist() == [["projection", 390148]]
    total_line = pop[(pop.printed_in == "2(3)") & (pop.row_kind == "total")]
    # Two total rows per year in 2(3): the stand-alone line and the table's 合計 row.
    assert sorted(total_line.year.unique()) == list(range(2020, 2051, 5))
    assert len(total_line) == 14
    assert set(total_line[total_line.year == 2025].value) == {509061}
    assert pop.municipality_code.dropna().nunique() == 14


def test_commuting(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    (table,) = gt_by_caption(gt_json, "通勤通学")
    com = frames["fact_commuting"]
    assert len(com) == len(body(table)) * 4 == 52
    sagae = com[com.municipality_name_printed == "寒河江市"].set_index("measure_code")
    # B's numbers sit in the second value column though its header is printed under A.
    assert sagae.loc["A", "value"] == 22763 and sagae.loc["B", "value"] == 3042
    assert sagae.loc["C", "value"] == 4151 and sagae.loc["ratio", "value"] == 0.21
    assert sagae.loc["ratio", "unit"] is pd.NA or pd.isna(sagae.loc["ratio", "unit"])
    assert sagae.loc["B", "measure_label"].startswith("B")
    assert set(com.row_kind) == {"municipality"}
