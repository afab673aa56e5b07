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


# --- on the ground-truth frames ---------------------------------------------------------

from tests.expectations.helpers import set_printed, summary  # noqa: E402


def test_medical_totals_agree_and_a_changed_count_is_reported(frames):
    medical = frames["fact_medical_facility"]
    assert check_total_rows(medical, "medical").passed
    changed = set_printed(medical, {"row_label": "山形市", "column_label": "医師数"}, "1,246")
    outcome = check_total_rows(changed, "medical")
    assert summary(outcome) == {("合計", "医師数", "1,604", "1,605")}
    assert outcome.findings[0].page == 9


def test_a_total_line_without_its_rows_is_skipped_not_an_error(frames):
    population = frames["fact_population"]
    outcome = check_total_rows(population, "population_total_row")
    assert outcome.passed
    assert outcome.skipped == 7  # 2(3)'s 推計人口の合計 line: checked by cross_table


def test_welfare_totals_that_do_not_add_up(frames):
    outcome = check_total_rows(frames["fact_welfare_facility"], "welfare")
    assert summary(outcome) == {
        ("合計", "保育所・認定こども園/施設数", "112", "114"),
        ("合計", "介護老人福祉施設/施設数", "46", "45"),
        ("合計", "養護老人ホーム/施設数", "5", "6"),
    }


def _usage_counts(frames):
    usage = frames["fact_usage_by_residence"]
    return usage[usage["measure"] == "count"]


def test_total_column_is_the_sum_of_its_part_columns(frames):
    counts = _usage_counts(frames)
    row_keys = ("table_id", "row_label", "measure")
    kwargs = dict(series="service", total="合計")
    consistent = check_total_rows(counts, "usage_total_column", row_keys, **kwargs)
    assert consistent.passed and consistent.compared == 15  # 14 residences + 合計 row
    changed = set_printed(counts, {"row_label": "上山市", "column_label": "外来/患者数"}, "10,542")
    outcome = check_total_rows(changed, "usage_total_column", row_keys, **kwargs)
    [finding] = outcome.findings
    assert (finding.row_label, finding.column_label) == ("上山市", "合計/患者数")
    assert (finding.stated, finding.expected) == ("22,866", "22,867")
    assert "入院＋外来の和は 22,867" in finding.message


def test_usage_total_rows_group_by_service(frames):
    counts = _usage_counts(frames)
    group = ("table_id", "service", "measure")
    outcome = check_total_rows(counts, "usage_total_row", group)
    assert summary(outcome) == {("合計", "年間利用者数", "13,358", "13,364")}  # 図書館
    school = set_printed(counts, {"column_label": "住所別/村山市"}, "19")
    assert ("生徒数", "合計", "837", "838") in summary(
        check_total_rows(school, "usage_total_row", group)
    )


def test_budget_total_with_not_estimated_years_is_skipped(frames):
    budget = frames["fact_project_budget"]
    rows = budget.assign(row_kind=budget["is_total"].map(lambda t: "total" if t else "year"))
    group = ("table_id", "project_no")
    assert check_total_rows(rows, "budget_total", group).passed
    changed = set_printed(rows, {"project_no": 40, "fiscal_year": 2027}, "12,000")
    assert summary(check_total_rows(changed, "budget_total", group)) == {
        ("事業費見込 (千円)", "合計", "243,304", "244,304")
    }
    starred = rows.copy()
    mask = (starred["project_no"] == 40) & (starred["fiscal_year"] == 2029)
    starred.loc[mask, ["value", "value_text", "marker"]] = (None, "*", "*")
    outcome = check_total_rows(starred, "budget_total", group)
    assert outcome.findings == [] and outcome.skipped == 1
