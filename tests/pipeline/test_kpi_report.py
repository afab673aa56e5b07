"""How the KPI section writes numbers a person reads (pipeline/kpi_report.py, kpi_text.py)."""

import math

import pytest

from pipeline.kpi_entries import Category, KpiEntry
from pipeline.kpi_report import SECTION_TITLE, KpiSection, PopulationComparison
from pipeline.kpi_text import NONE_TEXT, difference_text
from pipeline.report_templates import MARKDOWN


def test_a_difference_in_points_keeps_the_decimals_of_its_unit():
    # 41.25% recomputed against a printed 40.90%: 0.35 points, not "+0"
    assert difference_text(41.25 - 40.90, 40.90, "%").startswith("+0.35（")
    assert difference_text(-0.5, 40.0, "%") == "-0.50（-1.25%）"


def test_a_count_difference_has_separators_and_no_share_without_a_base():
    assert difference_text(232983 - 231390, 231390, "人") == "+1,593（+0.69%）"
    assert difference_text(12.0, 0.0, "人") == "+12"
    assert difference_text(12.0, None, "人") == "+12"


def test_the_population_comparison_reads_in_people():
    comparison = PopulationComparison(2025, 501_401, "国勢調査（確定値）", 509_061)
    assert comparison.difference == "-7,660人（-1.50%）"


@pytest.mark.parametrize("missing", [None, math.nan])
def test_a_kpi_without_progress_shows_a_dash_not_nan(missing):
    entry = KpiEntry("ア-1", "指標", "%", "1", "2", 1.0, 2.0, 2020, 2030)
    entry.latest = {"achievement": missing, "grade": missing, "actual_source": missing}
    assert (entry.achievement, entry.grade, entry.source) == (NONE_TEXT,) * 3


def test_a_baseline_reproduction_in_percent_says_its_difference_in_points():
    entry = KpiEntry("イ-1", "割合", "%", "40.90", "45.00", 40.90, 45.0, 2020, 2030)
    entry.related = [
        {
            "series_label": "再計算",
            "role": "baseline_reproduction",
            "year": 2020,
            "value": 41.25,
            "baseline_value": 40.90,
            "baseline_difference": 41.25 - 40.90,
            "definition": "定義",
            "difference_note": "",
        }
    ]
    [(css, line)] = entry.related_lines
    assert css == "warning"
    assert "差 +0.35（+0.86%）" in line


def test_a_source_typed_with_a_bar_or_a_line_break_stays_in_its_markdown_cell():
    entry = KpiEntry(
        "ア-1", "従業者数", "人", "231,390（令和3年）", "243,000", 1.0, 2.0, 2021, 2029
    )
    entry.latest = {"actual_source": "経済センサス|速報\n2024年公表"}
    section = KpiSection([Category("ア", "経済", [entry])], [], [], [], 0)
    lines = MARKDOWN.get_template("kpi_progress.md.j2").render(s=section, title=SECTION_TITLE)
    [row] = [line for line in lines.splitlines() if line.startswith("| ア-1 ")]
    header = next(line for line in lines.splitlines() if line.startswith("| 区分"))
    unescaped = row.replace("\\|", "")
    assert unescaped.count("|") == header.count("|")
    assert "経済センサス\\|速報 2024年公表" in row


def _intro(section: KpiSection) -> str:
    from pipeline.report_templates import HTML

    return HTML.get_template("kpi_progress.html.j2").render(s=section, title=SECTION_TITLE)


def test_the_intro_names_the_document_its_members_and_a_falling_kpi_from_the_data():
    """The wording comes from the profile (document_name, the region's 14 municipalities, 市
    and 町 only) and the example of a KPI that should fall from the KPIs themselves: the
    one whose target is below its baseline (転出者数 11,633 → 11,000 in the shipped vision)."""
    rising = KpiEntry("ウ-1", "転入者数", "人", "10,000", "10,500", 10_000.0, 10_500.0, 2023, 2029)
    falling = KpiEntry("ウ-2", "転出者数", "人", "11,633", "11,000", 11_633.0, 11_000.0, 2023, 2029)
    section = KpiSection([Category("ウ", "生活", [rising, falling])], [], [], [], 0)
    text = _intro(section)
    assert "第2期ビジョンの成果指標（KPI）2 件" in text
    assert "減らすことが目標の指標（例：転出者数）は" in text
    assert "<p>14市町の人口" in text
    only_rising = KpiSection([Category("ウ", "生活", [rising])], [], [], [], 0)
    assert "減らすことが目標の指標は" in _intro(only_rising)


def test_another_profiles_members_and_document_name(monkeypatch):
    from sources.profile import PROFILE_ENV
    from tests.fixtures.second_area import PROFILE_DIR

    monkeypatch.setenv(PROFILE_ENV, str(PROFILE_DIR))
    section = KpiSection([], [], [], [], 0)
    # 八戸市, three 町 and 新郷村; no document_name declared: the default.
    assert (section.members, section.document_name) == ("5市町村", "ビジョン")


def _population_row(series: str, label: str, dataset_id: str | None) -> dict:
    return {
        "year": 2020,
        "series": series,
        "series_label": label,
        "dataset_id": dataset_id,
        "value": 1.0,
    }


def test_the_population_sentence_names_only_the_series_loaded():
    """The shipped area has both censuses, the projections and the vision's figures; an area
    with only the preliminary census and its vision's figures (the second profile's) must not
    be told of a final census or projections it has no rows of."""
    final = _population_row("census", "国勢調査（確定値）", "census2020_final")
    prelim = _population_row("census", "国勢調査（速報値）", "census2020_preliminary")
    projection = _population_row("projection", "社人研 令和5年推計", "ipss2023_projections")
    vision = _population_row("vision", "ビジョン記載（2(1)ア）", None)
    kpi = KpiEntry("ウ-1", "転入者数", "人", "10,000", "10,500", 10_000.0, 10_500.0, 2023, 2029)
    kpis = [Category("ウ", "生活", [kpi])]
    full = KpiSection(kpis, [prelim, projection, vision, final], [], [], 0)
    assert (
        "<p>14市町の人口：国勢調査（確定値・速報値）、社人研 令和5年推計、ビジョンに記載された値。"
        in _intro(full)
    )
    partial = KpiSection(kpis, [prelim, vision], [], [], 0)
    text = _intro(partial)
    assert "<p>14市町の人口：国勢調査（速報値）、ビジョンに記載された値。" in text
    assert "確定値" not in text and "社人研" not in text
