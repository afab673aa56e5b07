"""Family 3: each KPI's values, years, source and wording in 3(1) vs the section 4 list."""

from expectations.kpi_consistency import check_kpi_cross_section, match_kpis
from tests.expectations.helpers import set_printed, use_matrix_label


def _by_column(outcome):
    return {(f.row_label, f.column_label): f for f in outcome.findings}


def test_every_kpi_is_paired(frames):
    pairs, only_ref, only_rest = match_kpis(frames["fact_kpi"])
    assert len(pairs) == 15 and not only_ref and not only_rest


def test_the_sections_are_the_profile_of_the_run_not_of_the_import(frames, monkeypatch, tmp_path):
    use_matrix_label(monkeypatch, tmp_path / "profile", "5")
    kpi = frames["fact_kpi"].copy()
    kpi["printed_in"] = kpi["printed_in"].replace("4", "5")
    pairs, only_ref, only_rest = match_kpis(kpi)
    assert len(pairs) == 15 and not only_ref and not only_rest
    dropped = kpi[~((kpi["printed_in"] == "5") & (kpi["indicator"] == "圏域の観光客数"))]
    missing = [
        f for f in check_kpi_cross_section(dropped, "k").findings if f.row_label == "圏域の観光客数"
    ]
    assert len(missing) == 1 and "5" in missing[0].message


def test_ground_truth_kpi_findings(frames):
    found = _by_column(check_kpi_cross_section(frames["fact_kpi"], "kpi_cross_section"))
    baseline_90 = found[("老年人口のうち日常生活が自立している割合", "基準値")]
    assert (baseline_90.stated, baseline_90.expected) == ("90.2", "90")
    assert baseline_90.severity == "warning" and baseline_90.page == 64
    assert "p.18" in baseline_90.message and "p.64" in baseline_90.message
    assert (
        found[("大学生の地元定着率", "基準値")].stated,
        found[("大学生の地元定着率", "基準値")].expected,
    ) == ("29.2", "29")
    assert found[("高校生の地元定着率", "基準値")].stated == "48.5"
    wording = found[("新規連携事業数 (高次の都市機能の集積・強化)", "指標")]
    assert wording.severity == "warning" and "記号" in wording.message
    definition = found[("圏域全体の公共交通利用者数", "指標")]
    assert "語句の違い" in definition.message
    assert len(found) == 5


def test_a_value_beyond_rounding_is_an_error(frames):
    kpi = set_printed(
        frames["fact_kpi"],
        {"printed_in": "4", "indicator": "圏域の観光客数", "value_kind": "target"},
        "25,000,000",
    )
    finding = _by_column(check_kpi_cross_section(kpi, "k"))[("圏域の観光客数", "目標値")]
    assert (finding.stated, finding.expected, finding.severity) == (
        "25,000,000",
        "24,000,000",
        "error",
    )
    assert finding.page == 63


def test_years_and_source_are_compared(frames):
    kpi = frames["fact_kpi"].copy()
    mask = (
        (kpi["printed_in"] == "4")
        & (kpi["indicator"] == "圏域外への転出者数")
        & (kpi["value_kind"] == "baseline")
    )
    kpi.loc[mask, ["year", "year_text"]] = (2022, "令和4年")
    kpi.loc[(kpi["printed_in"] == "4") & (kpi["indicator"] == "圏域の観光客数"), "source"] = (
        "山形県観光客数調査"
    )
    found = _by_column(check_kpi_cross_section(kpi, "k"))
    year = found[("圏域外への転出者数", "基準値の年")]
    assert (year.stated, year.expected, year.severity) == ("令和4年", "令和5年", "error")
    source = found[("圏域の観光客数", "出典")]
    assert (source.stated, source.expected, source.severity) == (
        "山形県観光客数調査",
        "山形県観光者数調査",
        "warning",
    )


def test_consistent_printings_give_no_finding(frames):
    kpi = frames["fact_kpi"]
    rows = kpi[kpi["indicator_key"].isin(["圏域全体の従業者数", "圏域の観光客数"])]
    outcome = check_kpi_cross_section(rows, "k")
    assert outcome.passed and outcome.compared > 0
