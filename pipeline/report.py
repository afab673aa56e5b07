"""`vision report`: the review report staff take to the councils, in Japanese.

It puts together what other modules compute: the check findings grouped by family
(`expectations.report`), the KPI progress from the `kpi_progress` view with a chart, and
the value-level changes since the previously loaded revision (`warehouse.diff`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from expectations.findings import CheckOutcome
from expectations.report import html_report, markdown_report
from pipeline.output_paths import replace_file
from warehouse.diff import RevisionDiff, diff_revisions

CHART_WIDTH = 320  # px of a 100 % bar
BAR_SCALE_MAX = 1.2  # a KPI past its target is drawn up to 120 %
TEXT_BAR_CELLS = 20


@dataclass(frozen=True)
class ReportFiles:
    markdown: Path
    html: Path


def kpi_progress(con: duckdb.DuckDBPyConnection, revision_id: str) -> pd.DataFrame:
    return con.execute(
        "SELECT category_code, kpi_seq, indicator, unit, baseline_text, baseline_year, "
        "target_text, target_year, actual_value, actual_reference_year, actual_release_date, "
        "progress_share, progress_note FROM kpi_progress WHERE revision_id = ? "
        "ORDER BY category_code, kpi_seq",
        [revision_id],
    ).df()


def previous_revision(con: duckdb.DuckDBPyConnection, revision_id: str) -> str | None:
    row = con.execute(
        "SELECT revision_id FROM source_document WHERE revision_id <> ? "
        "AND loaded_at < (SELECT loaded_at FROM source_document WHERE revision_id = ?) "
        "ORDER BY loaded_at DESC LIMIT 1",
        [revision_id, revision_id],
    ).fetchone()
    return row[0] if row else None


def _share(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _text(value: object, default: str = "") -> str:
    """A cell's text; missing values (None, NaN, pandas NA) read as `default`."""
    return default if value is None or pd.isna(value) else str(value)  # type: ignore[arg-type]


def _indicator(row: pd.Series) -> str:
    unit = _text(row["unit"])
    return f"{row['indicator']}（{unit}）" if unit else str(row["indicator"])


def _text_bar(share: float | None) -> str:
    if share is None:
        return "—"
    filled = round(max(0.0, min(share, 1.0)) * TEXT_BAR_CELLS)
    return "█" * filled + "░" * (TEXT_BAR_CELLS - filled) + f" {share:.0%}"


def _actual(row: pd.Series) -> str:
    value = _share(row["actual_value"])
    if value is None:
        return "—"
    return f"{value:,.2f}（{row['actual_reference_year']}年）"


NOT_LATEST = "KPI の進捗は最新の版についてのみ集計しています（この版は最新ではありません）。"


def kpi_markdown(progress: pd.DataFrame) -> list[str]:
    if progress.empty:
        return ["## KPI の進捗", "", NOT_LATEST, ""]
    lines = [
        "## KPI の進捗",
        "",
        "基準値から目標値までの道のりのうち、公的統計の最新の実績値が進んだ割合。",
        "",
        "| 区分 | 指標 | 基準値 | 目標値 | 実績値 | 進捗 | 備考 |",
        "|---|---|---|---|---|---|---|",
    ]
    for _, row in progress.iterrows():
        share = _share(row["progress_share"])
        lines.append(
            f"| {row['category_code']}-{row['kpi_seq']} | {_indicator(row)}"
            f" | {row['baseline_text']}（{_text(row['baseline_year'], '—')}） "
            f"| {row['target_text']}（{_text(row['target_year'], '—')}） | {_actual(row)} "
            f"| {_text_bar(share)} | {'' if share is not None else _text(row['progress_note'])} |"
        )
    return [*lines, ""]


def kpi_chart_svg(progress: pd.DataFrame) -> str:
    """Horizontal bars, one per KPI: the share of the way from baseline to target."""
    row_height, label_width = 22, 360
    height = row_height * len(progress) + 10
    width = label_width + CHART_WIDTH * BAR_SCALE_MAX + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" '
        'role="img" aria-label="KPI進捗">'
    ]
    target_x = label_width + CHART_WIDTH
    parts.append(
        f'<line x1="{target_x}" y1="0" x2="{target_x}" y2="{height}" stroke="#888" '
        'stroke-dasharray="4 3"/>'
    )
    for i, (_, row) in enumerate(progress.iterrows()):
        y = i * row_height + 5
        label = html.escape(f"{row['category_code']}-{row['kpi_seq']} {row['indicator']}")
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{label}</text>')
        share = _share(row["progress_share"])
        if share is None:
            parts.append(
                f'<text x="{label_width}" y="{y + 14}" font-size="12" fill="#888">実績なし</text>'
            )
            continue
        bar = max(0.0, min(share, BAR_SCALE_MAX)) * CHART_WIDTH
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{row_height - 6}" '
            'fill="#3b7dd8"/>'
            f'<text x="{label_width + bar + 4:.1f}" y="{y + 14}" font-size="12">'
            f"{share:.0%}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def kpi_html(progress: pd.DataFrame) -> str:
    e = html.escape
    if progress.empty:
        return f"<h2>KPI の進捗</h2><p>{e(NOT_LATEST)}</p>"
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{e(str(v))}</td>"
            for v in (
                f"{r['category_code']}-{r['kpi_seq']}",
                _indicator(r),
                f"{r['baseline_text']}（{_text(r['baseline_year'], '—')}）",
                f"{r['target_text']}（{_text(r['target_year'], '—')}）",
                _actual(r),
                "—" if _share(r["progress_share"]) is None else f"{r['progress_share']:.0%}",
                "" if _share(r["progress_share"]) is not None else _text(r["progress_note"]),
            )
        )
        + "</tr>"
        for _, r in progress.iterrows()
    )
    return (
        "<h2>KPI の進捗</h2><p>基準値から目標値までの道のりのうち、公的統計の最新の実績値が"
        "進んだ割合（破線が目標値）。</p>"
        + kpi_chart_svg(progress)
        + "<table><tr><th>区分</th><th>指標</th><th>基準値</th><th>目標値</th><th>実績値</th>"
        "<th>進捗</th><th>備考</th></tr>" + rows + "</table>"
    )


def diff_markdown(result: RevisionDiff | None) -> list[str]:
    lines = ["## 前回の版からの変更", ""]
    if result is None:
        return [*lines, "比較できる前の版が読み込まれていません。", ""]
    lines.append(f"{result.old[:12]} → {result.new[:12]}")
    lines.append("")
    if result.is_empty:
        return [*lines, "変更はありません。", ""]
    if not result.changed.empty:
        lines += ["| 表 | 行 | 列 | 旧 | 新 | ページ |", "|---|---|---|---|---|---|"]
        for _, c in result.changed.iterrows():
            page = c["new_page"] if not pd.isna(c["new_page"]) else c["old_page"]
            lines.append(
                f"| {c['caption']} | {c['row_label']} | {c['column_label']} "
                f"| {c['old'] if c['old'] is not None else '（なし）'} "
                f"| {c['new'] if c['new'] is not None else '（なし）'} | {page} |"
            )
        lines.append("")
    for title, frame, column in (
        ("追加された表", result.added_tables, "caption"),
        ("削除された表", result.removed_tables, "caption"),
        ("追加された連携事業", result.added_projects, "project_name"),
        ("削除された連携事業", result.removed_projects, "project_name"),
    ):
        if not frame.empty:
            lines += [f"- {title}: " + "、".join(str(v) for v in frame[column]), ""]
    return lines


def _markdown_to_html_section(lines: list[str]) -> str:
    """The diff section for the HTML report: its Markdown, escaped, in a <pre>."""
    title, *rest = lines
    return f"<h2>{html.escape(title[3:])}</h2><pre>{html.escape(chr(10).join(rest))}</pre>"


def write_report(
    warehouse: Path, revision_id: str, outcomes: list[CheckOutcome], out_dir: Path
) -> ReportFiles:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        progress = kpi_progress(con, revision_id)
        previous = previous_revision(con, revision_id)
        changes = diff_revisions(con, previous, revision_id) if previous else None
    markdown = "\n".join(
        [markdown_report(outcomes), *kpi_markdown(progress), *diff_markdown(changes)]
    )
    page = html_report(outcomes).replace(
        "</body>",
        kpi_html(progress) + _markdown_to_html_section(diff_markdown(changes)) + "</body>",
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    files = ReportFiles(out_dir / "report.md", out_dir / "report.html")
    replace_file(files.markdown, markdown)
    replace_file(files.html, page)
    return files
