"""Family 2: ratios and shares are recomputed from the printed counts."""

from expectations import ratios
from tests.expectations.helpers import set_printed, summary


def test_commuting_ratio_is_c_over_a_minus_b(frames):
    commuting = frames["fact_commuting"]
    outcome = ratios.commuting_ratio(commuting, "commuting_ratio")
    # 河北町: 1,214 / (9,974 − 1,214) = 0.1386 → 0.14, printed 0.15.
    assert summary(outcome) == {("河北町", "山形市への通勤通学割合 C / (A - B)", "0.15", "0.14")}
    fixed = set_printed(commuting, {"row_label": "河北町", "measure_code": "ratio"}, "0.14")
    assert ratios.commuting_ratio(fixed, "commuting_ratio").passed
    changed = set_printed(fixed, {"row_label": "寒河江市", "measure_code": "A"}, "25,763")
    [finding] = ratios.commuting_ratio(changed, "commuting_ratio").findings
    assert (finding.row_label, finding.stated, finding.expected) == ("寒河江市", "0.21", "0.18")
    assert finding.page == 8 and "C / (A − B)" in finding.message


def test_usage_shares_follow_from_counts(frames):
    usage = frames["fact_usage_by_residence"]
    outcome = ratios.usage_shares(usage, "usage_share")
    assert {(f.row_label, f.column_label, f.stated, f.expected) for f in outcome.findings} == {
        ("尾花沢市", "休日夜間診療所の年間利用者数/比率", "0.1%", "0.0%"),
        ("大石田町", "休日歯科診療所の年間利用者数/比率", "0.2%", "0.1%"),
        ("大江町", "比率", "0.0%", "0.1%"),
        ("比率", "住所別/河北町", "2.0%", "1.9%"),
    }
    changed = set_printed(usage, {"row_label": "天童市", "column_label": "入院/比率"}, "5.0%")
    new = summary(ratios.usage_shares(changed, "usage_share")) - summary(outcome)
    assert new == {("天童市", "入院/比率", "5.0%", "4.8%")}


def test_share_agreeing_with_the_row_sum_is_not_blamed_for_a_wrong_total(frames):
    library = frames["fact_usage_by_residence"]
    library = library[
        library["table_id"] == library[library["service"] == "利用者"]["table_id"].iloc[0]
    ]
    # 山形市 12,291 ÷ 13,364 (sum of rows) = 91.97 → 92.0; ÷ 13,358 (printed 合計) = 92.01.
    outcome = ratios.usage_shares(library, "usage_share")
    assert [f.row_label for f in outcome.findings] == ["大江町"]


def test_employment_shares_per_row_and_in_the_total_row(frames):
    employment = frames["fact_employment"]
    outcome = ratios.employment_shares(employment, "employment_share")
    assert summary(outcome) == {
        ("合計", "第1次産業/構成比", "12.1%", "7.7%"),
        ("合計", "第2次産業/構成比", "30.9%", "26.1%"),
        ("合計", "第3次産業/構成比", "57.0%", "66.2%"),
    }
    assert all("単純平均" in f.message for f in outcome.findings)
    fixed = employment
    for sector, text in (("第1次産業", "7.7%"), ("第2次産業", "26.1%"), ("第3次産業", "66.2%")):
        fixed = set_printed(fixed, {"row_label": "合計", "column_label": f"{sector}/構成比"}, text)
    assert ratios.employment_shares(fixed, "employment_share").passed
    changed = set_printed(
        fixed, {"row_label": "上山市", "column_label": "第2次産業/就業人口"}, "4,638"
    )
    found = summary(ratios.employment_shares(changed, "employment_share"))
    assert ("上山市", "第2次産業/構成比", "24.5%", "29.3%") in found


def test_wholesale_share_of_the_prefecture(frames):
    wholesale = frames["fact_wholesale_retail"]
    assert ratios.wholesale_shares(wholesale, "wholesale_share").passed
    changed = set_printed(wholesale, {"item": "従業者数", "area_kind": "prefecture"}, "98,540")
    assert summary(ratios.wholesale_shares(changed, "wholesale_share")) == {
        ("従業者数(人)", "比率", "30.2%", "27.2%")
    }


def test_production_per_worker_is_found_by_wording_and_units(frames):
    kpi = frames["fact_kpi"]
    outcome = ratios.production_per_worker(kpi, "kpi_production_per_worker")
    assert outcome.passed and outcome.compared == 4  # baseline and target, in 3(1) and 4
    # Positions do not matter: shuffle the KPI order.
    shuffled = kpi.assign(kpi_seq=kpi["kpi_seq"].max() + 1 - kpi["kpi_seq"]).iloc[::-1]
    assert ratios.production_per_worker(shuffled, "k").compared == 4
    changed = set_printed(
        kpi,
        {"printed_in": "4", "value_kind": "target", "unit": "百万円"},
        "2,480,000",
    )
    [finding] = ratios.production_per_worker(changed, "k").findings
    assert (finding.stated, finding.expected) == ("9,794", "10,206")
    assert finding.column_label == "目標値（4）" and finding.page == 63


def test_a_document_without_the_kpi_triple_is_noted_not_blocked(frames):
    """Another vision prints no 一人当生産額 KPI: the rule says it did not compare (a data
    error would block that vision's warehouse, issue 20)."""
    kpi = frames["fact_kpi"]
    outcome = ratios.production_per_worker(kpi[kpi["unit"] != "千円"], "k")
    assert (outcome.compared, outcome.findings, outcome.data_errors) == (0, [], [])
    assert ratios.NO_PER_WORKER_KPI_NOTE in outcome.notes
