"""`kpi_progress.xlsx`: the progress table as a workbook staff can sum, chart and print.

One row per KPI and year with an actual (a KPI without any gets one row saying so).
Numbers are numbers with number formats: counts and amounts with thousands separators,
every value of a KPI with the decimals the document prints it with (90 and 92.0 → one
decimal), the plan line rounded to them, 達成率 as a percentage. Baselines and targets
printed as a marker (—) stay text, never 0. Text stays text (`keep_text`: a 出典 typed as
`=HYPERLINK(…)` is not a formula). Columns are as wide as their longest text (capped,
wrapped beyond), and the sheet prints on A4 landscape, fit to width, its header on every
page. A second sheet says how 達成率 and 評価 are read.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.kpi_entries import KpiEntry
from pipeline.kpi_report import KpiSection
from pipeline.kpi_text import present
from pipeline.output_paths import replace_file

PROGRESS_SHEET = "KPI進捗"
NOTES_SHEET = "説明"
MAX_COLUMN_WIDTH = 44
WRAPPED_COLUMNS = ("指標", "出典", "備考", "評価の意味")
SHARE_FORMAT = "0%"
YEAR_FORMAT = "0"
LINE_HEIGHT = 15.0  # points per line of 11-point text
CENTERED_COLUMNS = ("区分", "単位", "基準年", "年", "目標年", "評価")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str  # text, number (in the KPI's format), share, year
    # Widest the column grows (characters); longer text wraps. Long texts are capped
    # narrower so the sheet printed to A4 width stays readable.
    max_width: int = MAX_COLUMN_WIDTH


COLUMNS = (
    Column("区分", "text"),
    Column("指標", "text", 28),
    Column("単位", "text"),
    Column("基準値", "number"),
    Column("基準年", "text"),
    Column("年", "year"),
    Column("実績値", "number"),
    Column("計画値", "number"),
    Column("目標値", "number"),
    Column("目標年", "text"),
    Column("達成率", "share"),
    Column("評価", "text"),
    Column("評価の意味", "text", 16),
    Column("状況", "text"),
    Column("出典", "text", 26),
    Column("備考", "text", 26),
)
XLSX_HEADERS = tuple(c.header for c in COLUMNS)


def number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def _printed(value: float | None, text: object, decimals: int) -> object:
    """A baseline or target: its number, rounded as printed; else its printed marker."""
    if value is not None:
        return round(value, decimals)
    return str(text) if text else "—"


def kpi_rows(entry: KpiEntry) -> list[tuple[list[object], list[str | None]]]:
    """(values, number formats) of the KPI's rows, in COLUMNS order."""
    decimals = entry.decimals
    latest = entry.latest
    head = [entry.code, entry.indicator, entry.unit or ""]
    baseline = _printed(entry.baseline_value, latest.get("baseline_text"), decimals)
    target = _printed(entry.target_value, latest.get("target_text"), decimals)
    out = []
    actuals = sorted(entry.actuals.items()) or [(None, {})]
    for year, row in actuals:
        actual = _number(present(row, "actual_value"))
        plan = _number(present(row, "plan_value"))
        shown = entry.actual_decimals(year) if year is not None else decimals
        values: list[object] = [
            *head,
            baseline,
            latest.get("baseline_year_text") or "—",
            year,
            actual if actual is not None else "実績なし",
            round(plan, decimals) if plan is not None else None,
            target,
            latest.get("target_year_text") or "—",
            _number(present(row, "achievement")),
            present(row, "grade"),
            present(row, "grade_label"),
            present(row, "status"),
            present(row, "actual_source"),
            "；".join(entry.notes) if not row else present(row, "comparability_note"),
        ]
        formats = [
            {
                "number": number_format(shown if c.header == "実績値" else decimals),
                "share": SHARE_FORMAT,
                "year": YEAR_FORMAT,
            }.get(c.kind)
            for c in COLUMNS
        ]
        out.append((values, formats))
    return out


def _width(column: Column, texts: Sequence[str]) -> float:
    """As wide as the longest text (East Asian characters count two), the header's words
    included (it wraps at its （）), at most the column's cap."""
    from rich.cells import cell_len

    return min(max(cell_len(t) for t in texts) + 2, column.max_width)


def _shown(value: object, number_format: str | None) -> str:
    """The cell as Excel shows it, for its column's width."""
    if isinstance(value, int | float) and number_format:
        if number_format == SHARE_FORMAT:
            return f"{value:.0%}"
        if number_format == YEAR_FORMAT:
            return str(value)
        decimals = len(number_format.split(".")[1]) if "." in number_format else 0
        return f"{value:,.{decimals}f}"
    return "" if value is None else str(value)


def _lines(text: str, width: float) -> int:
    """Lines a text needs wrapped in a column `width` characters wide."""
    from rich.cells import cell_len

    return max(1, math.ceil(cell_len(text) / max(width - 1, 1)))


def write_progress_xlsx(section: KpiSection, out: Path) -> Path:
    """The progress table as an xlsx workbook (see the module's description)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from sources.spreadsheet_text import keep_text
    from warehouse.actuals_template import fit_to_a4_landscape

    book = Workbook()
    sheet = book.active
    sheet.title = PROGRESS_SHEET
    sheet.append(list(XLSX_HEADERS))
    shown: list[list[str]] = [[c.header] for c in COLUMNS]
    for category in section.categories:
        for entry in category.kpis:
            for values, formats in kpi_rows(entry):
                sheet.append(values)
                r = sheet.max_row
                for i, (value, fmt) in enumerate(zip(values, formats, strict=True)):
                    if fmt is not None and isinstance(value, int | float):
                        sheet.cell(r, i + 1).number_format = fmt
                    shown[i].append(_shown(value, fmt))
    keep_text(sheet)
    header_fill = PatternFill("solid", fgColor="DDE5F0")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_width(column, shown[i]) for i, column in enumerate(COLUMNS)]
    for i, column in enumerate(COLUMNS):
        sheet.column_dimensions[get_column_letter(i + 1)].width = widths[i]
        wrap = column.header in WRAPPED_COLUMNS
        centered = (
            "center"
            if column.header in CENTERED_COLUMNS
            else "right"  # a marker (—) where a number stands lines up with the numbers
            if column.kind in ("number", "share")
            else None
        )
        for row in sheet.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            row[0].alignment = Alignment(wrap_text=wrap, vertical="top", horizontal=centered)
    # Spreadsheet programs keep a row's stored height when they open a file: a wrapped
    # text gets the lines it needs here, or it would show its first line only.
    for r, _row in enumerate(sheet.iter_rows(min_row=1), start=1):
        lines = max(_lines(shown[i][r - 1], widths[i]) for i in range(len(COLUMNS)))
        if lines > 1:
            sheet.row_dimensions[r].height = LINE_HEIGHT * lines + 2
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    fit_to_a4_landscape(sheet)
    _notes_sheet(book.create_sheet(NOTES_SHEET), section)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    book.save(buffer)
    replace_file(out, buffer.getvalue())
    return out


def _notes_sheet(sheet: object, section: KpiSection) -> None:
    from sources.spreadsheet_text import keep_text
    from warehouse.actuals_template import fit_to_a4_landscape

    lines = [
        "達成率 =（実績値 − 基準値）÷（目標値 − 基準値）。減らすことが目標の指標は減るほど上がる。",
        "基準値のない累計の指標は 0 からの到達度、目標値が基準値と同じ指標は実績値 ÷ 基準値"
        "（基準値以上なら維持、下回れば未達）。",
        f"評価の基準：{section.grade_legend}。",
        "計画値：基準年の基準値から目標年の目標値への直線の、その年の値（KPI の小数桁で丸め）。",
        "数値は数値のまま（合計・グラフに使える）。基準値・目標値が「—」の指標は記載なし。",
    ]
    for line in lines:
        sheet.append([line])  # type: ignore[attr-defined]
    sheet.column_dimensions["A"].width = 110  # type: ignore[attr-defined]
    keep_text(sheet)  # type: ignore[arg-type]
    fit_to_a4_landscape(sheet)
