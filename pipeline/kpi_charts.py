"""The KPI section's charts as inline SVG: one small chart per KPI (baseline-to-target line,
actuals as points) and the area's population against its projected path."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from pipeline.kpi_text import number_text

if TYPE_CHECKING:
    from pipeline.kpi_entries import KpiEntry

CHART_WIDTH, CHART_HEIGHT = 260, 130
CHART_PAD_LEFT, CHART_PAD_RIGHT, CHART_PAD_TOP, CHART_PAD_BOTTOM = 62, 12, 14, 22
POPULATION_WIDTH, POPULATION_HEIGHT = 640, 260
ON_PLAN_COLOR, BEHIND_COLOR, PLAN_COLOR = "#2a6fbb", "#d9822b", "#888"


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
    # Only the series plotted: an area without a final census or projections has none.
    shown = {r["series_label"] for r in path} | {r["series"] for r in path}
    legend = [
        (color, label, shape)
        for color, label, shape, key in (
            ("#2a6fbb", "国勢調査（確定値）", "circle", "国勢調査（確定値）"),
            ("#7fb2e5", "国勢調査（速報値）", "circle", "国勢調査（速報値）"),
            ("#999", "ビジョン記載値", "circle", "vision"),
            (PLAN_COLOR, "社人研 令和5年推計", "line", "projection"),
        )
        if key in shown
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
