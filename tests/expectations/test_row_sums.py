"""A 合計 row is checked against the sum of the rows above it, within printed rounding."""

import pandas as pd
import pytest

from expectations.row_sums import check_total_rows


def population_facts(total_2020: str = "300", total_2030: str = "280") -> pd.DataFrame:
    rows = []
    printed = {
        "山形市": ("200", "190"),
        "上山市": ("100", "90"),
        "合計": (total_2020, total_2030),
    }
    for label, values in printed.items():
        for column, text in zip(("2020年", "2030年"), values, strict=True):
            rows.append(
                {
                    "table_id": "t001",
                    "caption": "ア 人口と将来推計人口",
                    "page": 8,
                    "row_label": label,
                    "column_label": column,
                    "row_kind": "total" if label == "合計" else "municipality",
                    "value": float(text.replace(",", "")) if text not in ("", "—") else None,
                    "value_text": text,
                    "marker": "—" if text == "—" else None,
                }
            )
    return pd.DataFrame(rows)


def test_consistent_totals_give_no_finding():
    outcome = check_total_rows(population_facts(), "population_total_row")
    assert outcome.passed
    assert outcome.compared == 2


def test_wrong_total_is_reported_with_row_column_stated_and_expected():
    outcome = check_total_rows(population_facts(total_2030="281"), "population_total_row")
    assert not outcome.data_errors
    [finding] = outcome.findings
    assert (finding.row_label, finding.column_label) == ("合計", "2030年")
    assert (finding.stated, finding.expected) == ("281", "280")
    assert finding.page == 8
    assert finding.severity == "error"


def test_a_part_printed_as_dash_counts_as_none():
    facts = population_facts(total_2020="200")
    mask = (facts.row_label == "上山市") & (facts.column_label == "2020年")
    facts.loc[mask, ["value", "marker"]] = (None, "—")
    assert check_total_rows(facts, "population_total_row").passed


def test_a_blank_part_is_a_data_error_not_a_finding():
    facts = population_facts()
    mask = (facts.row_label == "上山市") & (facts.column_label == "2020年")
    facts.loc[mask, ["value", "value_text"]] = (None, "")
    outcome = check_total_rows(facts, "population_total_row")
    assert outcome.findings == []
    assert len(outcome.data_errors) == 1
    assert "合計/2020年" in outcome.data_errors[0]


def test_no_total_row_at_all_is_a_data_error():
    facts = population_facts()
    outcome = check_total_rows(facts[facts.row_kind != "total"], "population_total_row")
    assert outcome.data_errors


@pytest.mark.parametrize(("stated", "passes"), [("12.3", True), ("12.4", False)])
def test_decimals_set_the_tolerance(stated, passes):
    facts = pd.DataFrame(
        [
            {
                "table_id": "t",
                "caption": "c",
                "page": 1,
                "row_label": r,
                "column_label": "x",
                "row_kind": k,
                "value": v,
                "value_text": t,
                "marker": None,
            }
            for r, k, v, t in [
                ("a", "municipality", 6.14, "6.14"),
                ("b", "municipality", 6.2, "6.2"),
                ("合計", "total", float(stated), stated),
            ]
        ]
    )
    assert check_total_rows(facts, "t").passed is passes
