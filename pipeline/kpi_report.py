"""The report's KPI 進捗状況 section: what the PDCA review hands to the council.

Per category a table (基準値, each year's 実績, 目標値, 達成率, 評価, 出典) and a small chart
per KPI (the straight line from baseline to target, actuals as points), the population
against its projected path, related statistics (参考) and recomputed baselines. The data
come from the views (`kpi_progress`, `kpi_progress_by_year`, `kpi_related_statistic`,
`population_path`); this module only shapes them and fills the jinja2 templates in
`pipeline/templates/`. The same table is written as an xlsx sheet with Japanese headers.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import jinja2
from markupsafe import Markup, escape

from pipeline.markdown import markdown_cell
from pipeline.output_paths import replace_file

TEMPLATES = Path(__file__).resolve().parent / "templates"
SECTION_TITLE = "KPI 進捗状況"
NONE_TEXT = "—"
CHART_WIDTH, CHART_HEIGHT = 260, 130
CHART_PAD_LEFT, CHART_PAD_RIGHT, CHART_PAD_TOP, CHART_PAD_BOTTOM = 62, 12, 14, 22
POPULATION_WIDTH, POPULATION_HEIGHT = 640, 260
ON_PLAN_COLOR, BEHIND_COLOR, PLAN_COLOR = "#2a6fbb", "#d9822b", "#888"
GRADE_ORDER = ("A", "B", "C", "D")


def number_text(value: float | None, unit: str | None) -> str:
    """A value as staff read it: % with two decimals, counts with thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NONE_TEXT
    if unit == "%":
        return f"{value:.2f}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def difference_text(diff: float, base: float | None, unit: str | None, suffix: str = "") -> str:
    """+1,593（+0.69%）: a signed difference in the value's own format, then its share of
    `base` (left out when there is no base to divide by)."""
    sign = "+" if diff >= 0 else "-"
    text = f"{sign}{number_text(abs(diff), unit)}{suffix}"
    return f"{text}（{diff / base:+.2%}）" if base else text


def share_text(share: float | None) -> str:
    if share is None or math.isnan(share):
        return NONE_TEXT
    return f"{share:.0%}"


def _value(row: dict, key: str) -> object:
    value = row.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


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
    def achievement(self) -> str:
        return share_text(_value(self.latest, "progress_share"))  # type: ignore[arg-type]

    @property
    def grade(self) -> str:
        grade = _value(self.latest, "grade")
        status = _value(self.latest, "status")
        if grade is None:
            return NONE_TEXT
        return f"{grade}（{status}）" if status else str(grade)

    @property
    def source(self) -> str:
        return str(_value(self.latest, "actual_source") or NONE_TEXT)

    def actual_text(self, year: int) -> str:
        row = self.actuals.get(year)
        return number_text(row["actual_value"], self.unit) if row else ""

    @property
    def notes(self) -> list[str]:
        notes = []
        for key in ("progress_note", "comparability_note"):
            text = _value(self.latest, key)
            if text:
                notes.append(str(text))
        latest_source = _value(self.latest, "actual_source")
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
                diff = _value(r, "baseline_difference")
                if diff is None:
                    continue
                base = r["baseline_value"]
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


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def kpi_categories(con: duckdb.DuckDBPyConnection, revision_id: str) -> list[Category]:
    """KPIs by category with their yearly actuals, plan line and related series."""
    progress = _rows(
        con,
        "SELECT * FROM kpi_progress WHERE revision_id = ? ORDER BY category_code, kpi_seq",
        [revision_id],
    )
    by_year = _rows(
        con,
        "SELECT * FROM kpi_progress_by_year WHERE revision_id = ? ORDER BY year",
        [revision_id],
    )
    related = _rows(con, "SELECT * FROM kpi_related_statistic ORDER BY year")
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
            baseline_value=_value(row, "baseline_value"),  # type: ignore[arg-type]
            target_value=_value(row, "target_value"),  # type: ignore[arg-type]
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
        if _value(row, "plan_value") is not None:
            entry.plan[row["year"]] = row["plan_value"]
        if _value(row, "actual_value") is not None:
            entry.actuals[row["year"]] = row
    for row in related:
        entry = entries.get(row["indicator_key"])
        if entry is not None:
            entry.related.append(row)
    return list(categories.values())


# --------------------------------------------------------------------------- charts


def _scale(lo: float, hi: float, size: float, flip: bool) -> Callable[[float], float]:
    span = (hi - lo) or 1.0

    def at(v: float) -> float:
        ratio = (v - lo) / span
        return size * (1 - ratio) if flip else size * ratio

    return at


def _axes(
    left: float,
    top: float,
    inner_w: float,
    inner_h: float,
    x_span: tuple[float, float],
    y_span: tuple[float, float],
) -> tuple[Callable[[float], float], Callable[[float], float]]:
    """Where a year (x) and a value (y) land in the plot area whose corner is (left, top);
    values grow upwards."""
    sx, sy = _scale(*x_span, inner_w, False), _scale(*y_span, inner_h, True)
    return (lambda year: left + sx(year)), (lambda value: top + sy(value))


def _plot_frame(left: float, top: float, inner_w: float, inner_h: float) -> str:
    return (
        f'<rect x="{left}" y="{top}" width="{inner_w}" height="{inner_h}" fill="none" '
        'stroke="#ccc"/>'
    )


def kpi_chart_svg(entry: KpiEntry) -> Markup:
    """Baseline-to-target line (dashed), actuals as points (blue on or beyond the line,
    orange behind it), the years on the x axis."""
    plan_years = sorted(entry.plan)
    years = sorted(set(plan_years) | set(entry.actuals))
    if not years:
        return Markup("")
    first = min(years[0] - 1, entry.start_year or years[0] - 1)
    last = max(years[-1], entry.target_year or years[-1])
    base = entry.baseline_value if entry.baseline_value is not None else 0.0
    values = [base, *(entry.plan.values()), *(r["actual_value"] for r in entry.actuals.values())]
    if entry.target_value is not None:
        values.append(entry.target_value)
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.12 or abs(hi) * 0.05 or 1.0
    lo, hi = lo - pad, hi + pad
    inner_w = CHART_WIDTH - CHART_PAD_LEFT - CHART_PAD_RIGHT
    inner_h = CHART_HEIGHT - CHART_PAD_TOP - CHART_PAD_BOTTOM
    x, y = _axes(CHART_PAD_LEFT, CHART_PAD_TOP, inner_w, inner_h, (first, last), (lo, hi))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart" width="{CHART_WIDTH}" '
        f'height="{CHART_HEIGHT}" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
        f'aria-label="{escape(entry.code)} {escape(entry.indicator)}">',
        _plot_frame(CHART_PAD_LEFT, CHART_PAD_TOP, inner_w, inner_h),
    ]
    start = entry.start_year if entry.start_year is not None else first
    if entry.target_value is not None and entry.target_year is not None:
        parts.append(
            f'<line x1="{x(start):.1f}" y1="{y(base):.1f}" x2="{x(entry.target_year):.1f}" '
            f'y2="{y(entry.target_value):.1f}" stroke="{PLAN_COLOR}" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{x(entry.target_year) - 2:.1f}" y="{y(entry.target_value) - 4:.1f}" '
            f'font-size="9" text-anchor="end" fill="#555">目標 '
            f"{escape(number_text(entry.target_value, entry.unit))}</text>"
        )
    for label_value in (hi - pad, lo + pad):
        parts.append(
            f'<text x="{CHART_PAD_LEFT - 4}" y="{y(label_value) + 3:.1f}" font-size="9" '
            f'text-anchor="end" fill="#555">{escape(number_text(label_value, entry.unit))}</text>'
        )
    for year in (first, last):
        parts.append(
            f'<text x="{x(year):.1f}" y="{CHART_HEIGHT - 6}" font-size="9" text-anchor="middle" '
            f'fill="#555">{year}</text>'
        )
    for year, row in sorted(entry.actuals.items()):
        on_plan = row.get("on_plan")
        color = BEHIND_COLOR if on_plan is False else ON_PLAN_COLOR
        parts.append(
            f'<circle cx="{x(year):.1f}" cy="{y(row["actual_value"]):.1f}" r="3.5" '
            f'fill="{color}"><title>{year}年 {escape(number_text(row["actual_value"], entry.unit))}'
            "</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def population_chart_svg(path: list[dict]) -> Markup:
    """The area's population: IPSS projection as a line, the censuses and the vision's
    printed figures as points."""
    if not path:
        return Markup("")
    years = [r["year"] for r in path]
    values = [r["value"] for r in path]
    first, last = min(years), max(years)
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.08 or 1.0
    left, right, top, bottom = 70, 150, 16, 26
    inner_w, inner_h = POPULATION_WIDTH - left - right, POPULATION_HEIGHT - top - bottom
    x, y = _axes(left, top, inner_w, inner_h, (first, last), (lo - pad, hi + pad))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="population-chart" '
        f'width="{POPULATION_WIDTH}" height="{POPULATION_HEIGHT}" role="img" '
        'aria-label="圏域人口の推移と推計">',
        _plot_frame(left, top, inner_w, inner_h),
    ]
    projection = sorted(
        (r["year"], r["value"]) for r in path if r["series"] in ("projection", "projection_base")
    )
    if projection:
        points = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in projection)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{PLAN_COLOR}" '
            'stroke-dasharray="5 3"/>'
        )
    styles = {
        "国勢調査（確定値）": ("#2a6fbb", 5),
        "国勢調査（速報値）": ("#7fb2e5", 4),
    }
    for row in path:
        color, radius = styles.get(row["series_label"], (None, 0))
        if row["series"] == "vision":
            color, radius = "#999", 2.5
        if color:
            parts.append(
                f'<circle cx="{x(row["year"]):.1f}" cy="{y(row["value"]):.1f}" r="{radius}" '
                f'fill="{color}"><title>{escape(row["series_label"])} {row["year"]}年 '
                f"{row['value']:,.0f}人</title></circle>"
            )
    for value in (hi, lo):
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end">'
            f"{value:,.0f}</text>"
        )
    for year in sorted(set(years)):
        parts.append(
            f'<text x="{x(year):.1f}" y="{POPULATION_HEIGHT - 8}" font-size="11" '
            f'text-anchor="middle">{year}</text>'
        )
    legend = [
        ("#2a6fbb", "国勢調査（確定値）", "circle"),
        ("#7fb2e5", "国勢調査（速報値）", "circle"),
        ("#999", "ビジョン記載値", "circle"),
        (PLAN_COLOR, "社人研 令和5年推計", "line"),
    ]
    for i, (color, label, shape) in enumerate(legend):
        ly = top + 14 + i * 18
        lx = POPULATION_WIDTH - right + 14
        if shape == "line":
            parts.append(
                f'<line x1="{lx - 6}" y1="{ly - 4}" x2="{lx + 6}" y2="{ly - 4}" '
                f'stroke="{color}" stroke-dasharray="5 3"/>'
            )
        else:
            parts.append(f'<circle cx="{lx}" cy="{ly - 4}" r="4" fill="{color}"/>')
        parts.append(f'<text x="{lx + 12}" y="{ly}" font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


# --------------------------------------------------------------------------- section


@dataclass
class PopulationComparison:
    year: int
    census: float
    census_label: str
    projection: float

    @property
    def difference(self) -> str:
        return difference_text(self.census - self.projection, self.projection, None, "人")


@dataclass
class KpiSection:
    categories: list[Category]
    population: list[dict]
    comparisons: list[PopulationComparison]
    grades: list[dict]
    with_actual: int

    @property
    def total(self) -> int:
        return sum(len(c.kpis) for c in self.categories)

    @property
    def grade_legend(self) -> str:
        """e.g. A 目標達成（達成率 100% 以上）、…; 目標値＝基準値の指標は A 基準値を維持／D …"""
        progress = [
            f"{g['grade']} {g['label']}"
            + (
                f"（達成率 {share_text(g['min_achievement'])} 以上）"
                if g["min_achievement"] is not None
                else ""
            )
            for g in self.grades
            if g["applies_to"] == "progress"
        ]
        maintain = [
            f"{g['grade']} {g['label']}" for g in self.grades if g["applies_to"] != "progress"
        ]
        legend = "、".join(progress)
        return legend + (f"。目標値が基準値と同じ指標は {'／'.join(maintain)}" if maintain else "")

    def population_chart(self) -> Markup:
        return population_chart_svg(self.population)


def kpi_section(con: duckdb.DuckDBPyConnection, revision_id: str) -> KpiSection:
    categories = kpi_categories(con, revision_id)
    path = _rows(con, "SELECT * FROM population_path ORDER BY year, series")
    comparisons = []
    for year in sorted({r["year"] for r in path if r["series"] == "census"}):
        census = [
            r for r in path if r["year"] == year and r["dataset_id"] and "final" in r["dataset_id"]
        ]
        projection = [r for r in path if r["year"] == year and r["series"] == "projection"]
        if census and projection:
            comparisons.append(
                PopulationComparison(
                    year, census[0]["value"], census[0]["series_label"], projection[0]["value"]
                )
            )
    grades = _rows(
        con,
        "SELECT grade, min_achievement, label, applies_to FROM kpi_grade "
        "ORDER BY applies_to = 'maintain_missed', applies_to, min_achievement DESC NULLS LAST",
    )
    with_actual = sum(1 for c in categories for k in c.kpis if k.actuals)
    return KpiSection(categories, path, comparisons, grades, with_actual)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2.html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["number"] = number_text
    env.filters["share"] = share_text
    env.filters["cell"] = markdown_cell
    return env


def kpi_html(section: KpiSection) -> str:
    return (
        _environment().get_template("kpi_progress.html.j2").render(s=section, title=SECTION_TITLE)
    )


def kpi_markdown(section: KpiSection) -> str:
    return _environment().get_template("kpi_progress.md.j2").render(s=section, title=SECTION_TITLE)


PROGRESS_SHEET = "KPI進捗"
XLSX_HEADERS = (
    "区分",
    "指標",
    "単位",
    "基準値（基準年）",
    "年",
    "実績値",
    "計画値（基準→目標の直線）",
    "目標値（目標年）",
    "達成率",
    "評価",
    "状況",
    "出典",
    "備考",
)


def write_progress_xlsx(section: KpiSection, out: Path) -> Path:
    """The progress table as an xlsx sheet: one row per KPI and year with an actual (a KPI
    without any actual gets one row saying so)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from warehouse.actuals_template import fit_to_a4_landscape

    book = Workbook()
    sheet = book.active
    sheet.title = PROGRESS_SHEET
    sheet.append(list(XLSX_HEADERS))
    for category in section.categories:
        for kpi in category.kpis:
            rows = sorted(kpi.actuals.items()) or [(None, None)]
            for year, row in rows:
                row = row or {}
                sheet.append(
                    [
                        kpi.code,
                        kpi.indicator,
                        kpi.unit or "",
                        kpi.baseline,
                        year or "",
                        number_text(_value(row, "actual_value"), kpi.unit) if row else "実績なし",  # type: ignore[arg-type]
                        number_text(_value(row, "plan_value"), kpi.unit) if row else "",  # type: ignore[arg-type]
                        kpi.target,
                        share_text(_value(row, "achievement")) if row else "",  # type: ignore[arg-type]
                        _value(row, "grade") or "",
                        _value(row, "status") or "",
                        _value(row, "actual_source") or "",
                        "；".join(kpi.notes)
                        if not row
                        else (_value(row, "comparability_note") or ""),
                    ]
                )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = (6, 36, 6, 20, 6, 12, 12, 20, 7, 5, 11, 30, 36)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    fit_to_a4_landscape(sheet)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    book.save(buffer)
    replace_file(out, buffer.getvalue())
    return out
