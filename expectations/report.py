"""Findings for people and for tools.

* `markdown_report` / `html_report`: the review report in Japanese for staff — a summary
  (checks passed, comparisons that agreed, findings by severity), then the findings
  grouped by check family, each with its page, table, row/column and both values.
* `findings_json` / `findings_records`: the `vision check --json` contract — a JSON list
  of objects with exactly the fields JSON_FIELDS, in that order.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from expectations.findings import CheckOutcome, Finding

JSON_FIELDS = (
    "check_id",
    "family",
    "severity",
    "table_id",
    "caption",
    "page",
    "row_label",
    "column_label",
    "stated",
    "expected",
    "message",
)

FAMILY_TITLES: dict[str, str] = {
    "row_sums": "1. 合計（行・列の和）",
    "ratios": "2. 比率・構成比",
    "kpi_consistency": "3. 成果指標（KPI）の 3(1) と 4 の整合",
    "cross_table": "4. 表と表の整合",
    "participation": "5. 連携事業の参加市町・事業名（3(2) と 4）",
    "names": "6. 市町名・リストの重複",
    "cross_source": "7. 公的統計（国勢調査・社人研推計）との照合",
    "text": "8. 表記・構成（用語、目次、番号、掲載市町、複写）",
}
SEVERITY_TITLES = {"error": "誤り", "warning": "注意"}
REPORT_TITLE = "第2期 山形連携中枢都市圏ビジョン 整合性チェック結果"


def findings_records(findings: Iterable[Finding]) -> list[dict[str, object]]:
    """Findings as plain dicts with exactly JSON_FIELDS (severity as its string value)."""
    return [{k: f.to_dict()[k] for k in JSON_FIELDS} for f in findings]


def findings_json(findings: Iterable[Finding], *, indent: int | None = 2) -> str:
    return json.dumps(findings_records(findings), ensure_ascii=False, indent=indent)


@dataclass(frozen=True)
class Summary:
    rules: int
    rules_passed: int
    rules_skipped: int
    comparisons: int
    consistent: int
    errors: int
    warnings: int
    data_errors: int


def summarize(outcomes: Sequence[CheckOutcome]) -> Summary:
    findings = [f for o in outcomes for f in o.findings]
    comparisons = sum(o.compared for o in outcomes)
    skipped_rules = sum(1 for o in outcomes if o.compared == 0 and not o.data_errors)
    return Summary(
        rules=len(outcomes),
        rules_passed=sum(1 for o in outcomes if o.passed and o.compared > 0),
        rules_skipped=skipped_rules,
        comparisons=comparisons,
        consistent=max(comparisons - len(findings), 0),
        errors=sum(1 for f in findings if str(f.severity) == "error"),
        warnings=sum(1 for f in findings if str(f.severity) == "warning"),
        data_errors=sum(len(o.data_errors) for o in outcomes),
    )


def _families(outcomes: Sequence[CheckOutcome]) -> list[str]:
    seen = [o.family for o in outcomes]
    known = [f for f in FAMILY_TITLES if f in seen]
    return known + sorted({f for f in seen if f not in FAMILY_TITLES})


def _page(finding: Finding) -> str:
    return f"p.{finding.page}" if finding.page is not None else "p.—"


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (f.page if f.page is not None else 10**6, f.table_id, f.check_id),
    )


def _summary_lines(summary: Summary) -> list[str]:
    return [
        f"- チェック: {summary.rules} 件中 {summary.rules_passed} 件で不整合なし"
        + (f"（{summary.rules_skipped} 件は入力がなく未実施）" if summary.rules_skipped else ""),
        f"- 照合した箇所: {summary.comparisons:,} 件（うち整合 {summary.consistent:,} 件）",
        f"- 指摘: {summary.errors + summary.warnings} 件"
        f"（{SEVERITY_TITLES['error']} {summary.errors} 件、"
        f"{SEVERITY_TITLES['warning']} {summary.warnings} 件）",
    ] + ([f"- データの欠落・読取不能: {summary.data_errors} 件"] if summary.data_errors else [])


def _md_cell(text: object) -> str:
    return str(text).replace("|", "｜").replace("\n", " ")


def markdown_report(outcomes: Sequence[CheckOutcome], *, title: str = REPORT_TITLE) -> str:
    summary = summarize(outcomes)
    lines = [f"# {title}", "", "## 概要", "", *_summary_lines(summary), ""]
    for family in _families(outcomes):
        group = [o for o in outcomes if o.family == family]
        findings = _sorted(f for o in group for f in o.findings)
        passed = sum(1 for o in group if o.passed and o.compared > 0)
        lines += [
            f"## {FAMILY_TITLES.get(family, family)}",
            "",
            f"チェック {len(group)} 件（不整合なし {passed} 件）、"
            f"照合 {sum(o.compared for o in group):,} 件、指摘 {len(findings)} 件",
            "",
        ]
        for o in group:
            for note in o.notes:
                lines.append(f"- ※ {o.check_id}: {note}")
            for error in o.data_errors:
                lines.append(f"- ⚠ {o.check_id}: データの欠落・読取不能 — {error}")
        if any(o.notes or o.data_errors for o in group):
            lines.append("")
        if not findings:
            lines += ["指摘はありません。", ""]
            continue
        lines += [
            "| 重要度 | ページ | 表 | 行 | 列 | 記載値 | 照合先の値 | 内容 |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for f in findings:
            lines.append(
                "| "
                + " | ".join(
                    _md_cell(x)
                    for x in (
                        SEVERITY_TITLES.get(str(f.severity), str(f.severity)),
                        _page(f),
                        f.caption,
                        f.row_label,
                        f.column_label,
                        f.stated,
                        f.expected,
                        f.message,
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines)


_CSS = """
body { font-family: "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif; margin: 2em; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
th, td { border: 1px solid #999; padding: 0.3em 0.5em; vertical-align: top; }
th { background: #eee; white-space: nowrap; }
tr { break-inside: avoid; }
td.error { color: #b00; font-weight: bold; white-space: nowrap; }
td.warning { color: #a60; white-space: nowrap; }
td.page { white-space: nowrap; }
td.label { min-width: 4em; }
.note { color: #555; }
"""


def html_report(outcomes: Sequence[CheckOutcome], *, title: str = REPORT_TITLE) -> str:
    e = html.escape
    summary = summarize(outcomes)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ja"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        "<h2>概要</h2><ul>",
        *(f"<li>{e(line[2:])}</li>" for line in _summary_lines(summary)),
        "</ul>",
    ]
    for family in _families(outcomes):
        group = [o for o in outcomes if o.family == family]
        findings = _sorted(f for o in group for f in o.findings)
        passed = sum(1 for o in group if o.passed and o.compared > 0)
        parts.append(f"<h2>{e(FAMILY_TITLES.get(family, family))}</h2>")
        parts.append(
            f"<p>チェック {len(group)} 件（不整合なし {passed} 件）、"
            f"照合 {sum(o.compared for o in group):,} 件、指摘 {len(findings)} 件</p>"
        )
        for o in group:
            for note in o.notes:
                parts.append(f'<p class="note">※ {e(o.check_id)}: {e(note)}</p>')
            for error in o.data_errors:
                parts.append(
                    f'<p class="note">⚠ {e(o.check_id)}: データの欠落・読取不能 — {e(error)}</p>'
                )
        if not findings:
            parts.append("<p>指摘はありません。</p>")
            continue
        parts.append(
            "<table><thead><tr><th>重要度</th><th>ページ</th><th>表</th><th>行</th>"
            "<th>列</th><th>記載値</th><th>照合先の値</th><th>内容</th>"
            "</tr></thead><tbody>"
        )
        for f in findings:
            severity = str(f.severity)
            parts.append(
                f'<tr><td class="{e(severity)}">{e(SEVERITY_TITLES.get(severity, severity))}</td>'
                f'<td class="page">{e(_page(f))}</td><td>{e(f.caption)}</td>'
                f'<td class="label">{e(f.row_label)}</td><td class="label">{e(f.column_label)}</td>'
                f"<td>{e(f.stated)}</td><td>{e(f.expected)}</td>"
                f"<td>{e(f.message)}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)
