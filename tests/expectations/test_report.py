"""The Japanese review report (Markdown, HTML) and the `vision check --json` records."""

import json

from expectations.findings import CheckOutcome, Finding, Severity
from expectations.report import (
    FAMILY_TITLES,
    JSON_FIELDS,
    findings_json,
    html_report,
    markdown_report,
    summarize,
)


def _finding(**overrides) -> Finding:
    data = dict(
        check_id="welfare_total_row",
        family="row_sums",
        severity=Severity.ERROR,
        table_id="t007",
        caption="○社会福祉施設等",
        page=10,
        row_label="合計",
        column_label="保育所・認定こども園/施設数",
        stated="112",
        expected="114",
        message="合計は 112 と記載されているが、各行の合計は 114",
    )
    return Finding(**(data | overrides))


OUTCOMES = [
    CheckOutcome("welfare_total_row", "row_sums", 12, [_finding()]),
    CheckOutcome("medical_total_row", "row_sums", 7, []),
    CheckOutcome(
        "kpi_cross_section",
        "kpi_consistency",
        93,
        [
            _finding(
                check_id="kpi_cross_section",
                family="kpi_consistency",
                severity=Severity.WARNING,
                page=64,
                stated="90.2",
                expected="90",
                row_label="<老年人口>",
                message="a & b",
            )
        ],
    ),
    CheckOutcome("ipss2023_projection", "cross_source", 0, [], skipped=1, notes=["公的統計なし"]),
]


def test_json_has_exactly_the_contract_fields():
    records = json.loads(findings_json([f for o in OUTCOMES for f in o.findings]))
    assert [list(r) for r in records] == [list(JSON_FIELDS)] * 2
    assert records[0]["severity"] == "error" and records[0]["page"] == 10
    assert records[1]["stated"] == "90.2" and records[1]["expected"] == "90"


def test_summary_counts_passed_checks_and_consistent_comparisons():
    s = summarize(OUTCOMES)
    assert (s.rules, s.rules_passed, s.rules_skipped) == (4, 1, 1)
    assert (s.comparisons, s.consistent, s.errors, s.warnings) == (112, 110, 1, 1)


def test_markdown_groups_by_family_with_pages_and_both_values():
    md = markdown_report(OUTCOMES)
    assert md.index(FAMILY_TITLES["row_sums"]) < md.index(FAMILY_TITLES["kpi_consistency"])
    assert (
        "| 誤り | p.10 | ○社会福祉施設等 | 合計 | 保育所・認定こども園/施設数 | 112 | 114 |" in md
    )
    assert "p.64" in md and "| 90.2 | 90 |" in md
    assert (
        "公的統計なし" in md
        and "指摘はありません" not in md.split(FAMILY_TITLES["kpi_consistency"])[1].split("##")[0]
    )
    assert "4 件中 1 件で不整合なし" in md


def test_html_is_japanese_and_escaped(gt_outcomes):
    page = html_report(OUTCOMES)
    assert '<html lang="ja">' in page and "&lt;老年人口&gt;" in page and "a &amp; b" in page
    full = html_report(gt_outcomes)
    assert all(title in full for title in FAMILY_TITLES.values())
    assert full.count("<tr><td class=") == sum(len(o.findings) for o in gt_outcomes)
