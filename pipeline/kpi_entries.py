"""The KPIs of the progress section by category, read from the views: each with its
yearly actuals, its plan line and its related statistics."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
from markupsafe import Markup

from expectations.tolerance import decimals_of
from pipeline.kpi_charts import kpi_chart_svg
from pipeline.kpi_text import (
    NONE_TEXT,
    difference_text,
    fixed_text,
    number_text,
    present,
    share_text,
    value_decimals,
)


@dataclass
class KpiEntry:
    code: str
    indicator: str
    unit: str | None
    baseline: str
    target: str
    baseline_value: float | None
    target_value: float | None
    start_year: int | None
    target_year: int | None
    actuals: dict[int, dict] = field(default_factory=dict)  # year → by-year row
    plan: dict[int, float] = field(default_factory=dict)
    latest: dict = field(default_factory=dict)  # the kpi_progress row
    related: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.indicator}（{self.unit}）" if self.unit else self.indicator

    @property
    def achievement_value(self) -> float | None:
        """達成率 at the latest actual (1.0 = the target reached)."""
        return present(self.latest, "achievement")  # type: ignore[return-value]

    @property
    def achievement(self) -> str:
        return share_text(self.achievement_value)

    @property
    def grade_letter(self) -> str | None:
        return present(self.latest, "grade")  # type: ignore[return-value]

    @property
    def grade_meaning(self) -> str | None:
        """What the grade says, from the grade scale (e.g. 目標の半分以上に到達)."""
        return present(self.latest, "grade_label")  # type: ignore[return-value]

    @property
    def status(self) -> str | None:
        return present(self.latest, "status")  # type: ignore[return-value]

    @property
    def status_beside_grade(self) -> str | None:
        """The status where it says more than the grade's meaning (計画より遅れ beside
        目標の半分未満; not 維持 beside 基準値を維持)."""
        status, meaning = self.status, self.grade_meaning or ""
        return status if status and status not in meaning else None

    @property
    def actual_year(self) -> int | None:
        return present(self.latest, "actual_reference_year")  # type: ignore[return-value]

    @property
    def grade(self) -> str:
        grade = present(self.latest, "grade")
        status = present(self.latest, "status")
        if grade is None:
            return NONE_TEXT
        return f"{grade}（{status}）" if status else str(grade)

    @property
    def source(self) -> str:
        return str(present(self.latest, "actual_source") or NONE_TEXT)

    @property
    def provenance(self) -> list[tuple[int, str]]:
        """(year, where its actual comes from): the workbook's 出典 with its file, sheet and
        row, or the official statistic with its publisher and release date."""
        lines = []
        for year, row in sorted(self.actuals.items()):
            source = str(present(row, "actual_source") or NONE_TEXT)
            if row.get("actual_origin") == "workbook":
                sheet = present(row, "workbook_sheet")
                where = "、".join(
                    str(part)
                    for part in (
                        present(row, "workbook_file"),
                        f"シート {sheet}" if sheet else None,
                        f"{row['workbook_row']} 行" if present(row, "workbook_row") else None,
                    )
                    if part
                )
                source = f"{source}（市町の実績入力：{where}）"
            lines.append((year, source))
        return lines

    @property
    def decimals(self) -> int:
        """The decimals the document prints the KPI with: the most of its baseline's and
        target's (イ-2: 90 and 92.0 → 1); 0 when neither is a number."""
        printed = [self.latest.get("baseline_text"), self.latest.get("target_text")]
        numbers = [t for t in printed if isinstance(t, str) and any(c.isdigit() for c in t)]
        return max((decimals_of(t) for t in numbers), default=0)

    def actual_decimals(self, year: int) -> int:
        """A workbook actual keeps the decimals it was typed with; an official one (a ratio
        computed from statistics) is shown as the KPI is printed."""
        row = self.actuals.get(year) or {}
        actual = present(row, "actual_value")
        if actual is None or row.get("actual_origin") != "workbook":
            return self.decimals
        return max(self.decimals, value_decimals(actual))  # type: ignore[arg-type]

    def printed_actual_text(self, year: int) -> str:
        """The year's actual with the KPI's decimals (31.4 for a KPI printed 29 → 50.0)."""
        row = self.actuals.get(year)
        if not row:
            return ""
        return fixed_text(row["actual_value"], self.actual_decimals(year))

    def actual_text(self, year: int) -> str:
        row = self.actuals.get(year)
        return number_text(row["actual_value"], self.unit) if row else ""

    @property
    def notes(self) -> list[str]:
        notes = []
        for key in ("progress_note", "comparability_note"):
            text = present(self.latest, key)
            if text:
                notes.append(str(text))
        latest_source = present(self.latest, "actual_source")
        for year, row in sorted(self.actuals.items()):
            if row["actual_source"] != latest_source:
                note = f"{year}年の実績の出典：{row['actual_source']}"
                if row.get("year") is not None and self.start_year and year <= self.start_year:
                    note += "（基準年以前の値、参考）"
                notes.append(note)
        return notes

    @property
    def related_lines(self) -> list[tuple[str, str]]:
        """(css class, text): one line per related series, its years joined; a baseline
        reproduction that differs from the printed baseline as a warning."""
        lines: list[tuple[str, str]] = []
        series: dict[str, list[dict]] = {}
        for row in self.related:
            series.setdefault(row["series_label"], []).append(row)
        for label, rows in series.items():
            first = rows[0]
            values = "、".join(f"{r['year']}年 {number_text(r['value'], self.unit)}" for r in rows)
            if first["role"] == "related":
                lines.append(("", f"参考：{label} {values}。{first['difference_note']}"))
                continue
            for r in rows:
                diff = present(r, "baseline_difference")
                if diff is None:
                    continue
                base = self.baseline_value
                lines.append(
                    (
                        "warning",
                        f"⚠ 基準値の再計算：{label} {r['year']}年 "
                        f"{number_text(r['value'], self.unit)}"
                        f"（{r['definition']}）に対し、ビジョンの基準値は "
                        f"{number_text(base, self.unit)}。"
                        f"差 {difference_text(diff, base, self.unit)}。"
                        f"{r['difference_note']}",
                    )
                )
        return lines

    def chart(self) -> Markup:
        return kpi_chart_svg(self)


@dataclass
class Category:
    code: str
    title: str
    kpis: list[KpiEntry]

    @property
    def years(self) -> list[int]:
        years = {y for k in self.kpis for y in k.actuals}
        return sorted(years)


def query_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def kpi_categories(con: duckdb.DuckDBPyConnection, revision_id: str) -> list[Category]:
    """KPIs by category with their yearly actuals, plan line and related series."""
    progress = query_rows(
        con,
        "SELECT * FROM kpi_progress WHERE revision_id = ? ORDER BY category_code, kpi_seq",
        [revision_id],
    )
    by_year = query_rows(
        con,
        "SELECT * FROM kpi_progress_by_year WHERE revision_id = ? ORDER BY year",
        [revision_id],
    )
    related = query_rows(con, "SELECT * FROM kpi_related_statistic ORDER BY year")
    categories: dict[str, Category] = {}
    entries: dict[str, KpiEntry] = {}
    for row in progress:
        entry = KpiEntry(
            code=f"{row['category_code']}-{row['kpi_seq']}",
            indicator=row["indicator"],
            unit=row["unit"],
            baseline=f"{row['baseline_text'] or NONE_TEXT}"
            f"（{row['baseline_year_text'] or '年の記載なし'}）",
            target=f"{row['target_text'] or NONE_TEXT}（{row['target_year_text'] or NONE_TEXT}）",
            baseline_value=present(row, "baseline_value"),  # type: ignore[arg-type]
            target_value=present(row, "target_value"),  # type: ignore[arg-type]
            start_year=row["baseline_year"],
            target_year=row["target_year"],
            latest=row,
        )
        entries[row["indicator_key"]] = entry
        category = categories.setdefault(
            row["category_code"], Category(row["category_code"], row["category_title"] or "", [])
        )
        category.kpis.append(entry)
    for row in by_year:
        entry = entries.get(row["indicator_key"])
        if entry is None:
            continue
        if present(row, "plan_value") is not None:
            entry.plan[row["year"]] = row["plan_value"]
        if present(row, "actual_value") is not None:
            entry.actuals[row["year"]] = row
    for row in related:
        entry = entries.get(row["indicator_key"])
        if entry is not None:
            entry.related.append(row)
    return list(categories.values())
