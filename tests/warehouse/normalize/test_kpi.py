"""fact_kpi: 3(1) and section 4, units from the suffix, — kept as a marker."""

from __future__ import annotations

from typing import Any

import pandas as pd

from warehouse.normalize.common import label_key
from warehouse.normalize.kpi import parse_indicator


def test_row_count(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    kpi = frames["fact_kpi"]
    in_31 = [t for t in gt_json if t["section"].startswith("3 ") and "(1)" in t["section"]]
    n_31 = sum((t["n_rows"] - t["header_rows"]) // 2 for t in in_31)
    n_4 = 0
    for t in gt_json:
        if t["section"].startswith("4 "):
            start = next(i for i, r in enumerate(t["rows"]) if "成果指標" in r[0])
            n_4 += len(t["rows"]) - start - 1
    assert len(kpi) == 2 * (n_31 + n_4) == 60
    assert (kpi.printed_in == "3(1)").sum() == (kpi.printed_in == "4").sum() == 30


def test_units_and_values(frames: dict[str, pd.DataFrame]) -> None:
    kpi = frames["fact_kpi"].set_index(["printed_in", "category_code", "kpi_seq", "value_kind"])
    row = kpi.loc[("3(1)", "ア", 2, "baseline")]
    assert (row["indicator"], row["unit"], row["value"], row["year"]) == (
        "圏域全体の総生産額",
        "百万円",
        2109973,
        2021,
    )
    target = kpi.loc[("4", "ア", 1, "target")]
    assert (target["value"], target["year"], target["year_text"]) == (243000, 2029, "令和11年")
    assert kpi.loc[("3(1)", "ウ", 3, "baseline")]["unit"] == "%"


def test_dash_baseline_is_a_marker(frames: dict[str, pd.DataFrame]) -> None:
    kpi = frames["fact_kpi"]
    new_projects = kpi[kpi.indicator.str.startswith("新規連携事業数")]
    base = new_projects[new_projects.value_kind == "baseline"]
    assert len(base) == 6
    assert base.value.isna().all() and set(base.marker) == {"—"} and base.year.isna().all()
    target = new_projects[new_projects.value_kind == "target"]
    assert set(target.value) == {4} and set(target.year) == {2029}


def test_sections_line_up(frames: dict[str, pd.DataFrame]) -> None:
    """(category, seq) and indicator_key agree between 3(1) and 4, so checks can compare."""
    kpi = frames["fact_kpi"]
    keys = kpi.pivot_table(
        index=["category_code", "kpi_seq", "value_kind"],
        columns="printed_in",
        values="indicator_key",
        aggfunc="first",
    )
    assert (keys["3(1)"] == keys["4"]).all()


def test_parse_indicator() -> None:
    ind = parse_indicator("圏域全体の従業者数（人） （民営事業所）")
    assert (ind.name, ind.unit, ind.qualifier) == ("圏域全体の従業者数", "人", "（民営事業所）")
    ind = parse_indicator(
        "新規連携事業数（高次の都市機能の集積強化）※第2期山形連携中枢都市圏ビジョン期間中の累計"
    )
    assert ind.unit is None and ind.name == "新規連携事業数（高次の都市機能の集積強化）"
    # fact_kpi.indicator_key: the same for the name printed with other spaces, widths and ・.
    other = parse_indicator("新規連携事業数 (高次の都市機能の集積・強化) ※…")
    assert label_key(ind.name) == label_key(other.name)
