"""The actuals workbook staff fill in: one row per KPI and year, from the year after the
baseline to the target year, with the KPI as printed and the actuals already in the
warehouse pre-filled, so the same workbook goes round year after year."""

from __future__ import annotations

from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from rich.cells import cell_len

from sources.actuals_workbook import ACTUALS_HEADERS
from sources.atomic_write import staged_path
from sources.japanese_text import ERA_BASE_YEAR
from sources.spreadsheet_text import keep_text
from warehouse.actuals_kpis import MAX_PERCENT, PERCENT_UNITS, Kpi, load_kpis

SHEET_TITLE = "実績入力"
HELP_TITLE = "記入方法"
MAX_COLUMN_WIDTH = 48
WRAP_COLUMNS = ("指標", "出典", "備考")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")  # the cells staff type into
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
HELP_LINES = (
    "このブックは vision actuals template で作成した KPI 実績の入力様式です。",
    "「実績入力」シートの黄色の列（実績値・出典・備考・入力者）に記入してください。",
    "実績値は数値で入力します（% は 0～100 で 90.5 または 90.5%、人数・金額は 0 以上）。"
    "未確定の年は空欄のままにします。基準値とけた違いの値（90% を 0.905 と入力など）は"
    "読み込まず、行と意図したと思われる値を示します。",
    "年は実績が対象とする年（西暦）です。KPI の基準年の翌年から目標年まで 1 行ずつあります。",
    "記入後、vision actuals import ファイル名.xlsx で読み込みます。誤りがあれば、"
    "ファイル・シート・行・列を示して全件を報告し、何も読み込みません。",
    "同じ KPI・年の値を前回と変える場合は --replace を付けて読み込みます（履歴は残ります）。",
)


def wareki(year: int) -> str:
    """2025 → 令和7年, 2019 → 令和元年, 2018 → 平成30年 (the era a year ends in)."""
    for era, base in sorted(ERA_BASE_YEAR.items(), key=lambda item: -item[1]):
        if year > base:
            number = year - base
            return f"{era}{'元' if number == 1 else number}年"
    return f"{year}年"


def _prefilled(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], tuple]:
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    if "kpi_actual" not in tables:
        return {}
    return {
        (key, int(year)): (value, source, remark, entered_by)
        for key, year, value, source, remark, entered_by in con.execute(
            "SELECT indicator_key, year, value, source_note, remark, entered_by "
            "FROM kpi_actual_latest"
        ).fetchall()
    }


def template_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[Kpi, int, tuple | None]]:
    """(KPI, year, pre-filled actual or None) for every KPI and year of the template."""
    filled = _prefilled(con)
    return [
        (kpi, year, filled.get((kpi.key, year)))
        for kpi in load_kpis(con)
        for year in kpi.template_years
    ]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def write_template(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """Write the workbook to `out`; returns the number of KPI × year rows."""
    rows = template_rows(con)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(list(ACTUALS_HEADERS))
    for kpi, year, filled in rows:
        value, source, remark, entered_by = filled or (None, None, None, None)
        sheet.append(
            [
                kpi.code,
                kpi.indicator,
                kpi.unit or "",
                kpi.baseline_text,
                kpi.baseline_year_text or "—",
                kpi.target_text,
                kpi.target_year_text,
                year,
                wareki(year),
                None if value is None else _number(value),
                source,
                remark,
                entered_by,
            ]
        )
    keep_text(sheet)
    _format(sheet, rows)
    help_sheet = book.create_sheet(HELP_TITLE)
    for line in HELP_LINES:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 110
    out.parent.mkdir(parents=True, exist_ok=True)
    with staged_path(out) as staged:
        book.save(staged)
    return len(rows)


def fit_to_a4_landscape(sheet) -> None:
    """Printed on A4 landscape, every column on the page, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"


def _format(sheet, rows: list[tuple[Kpi, int, tuple | None]]) -> None:
    last = len(rows) + 1
    headers = list(ACTUALS_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.freeze_panes = "C2"
    fit_to_a4_landscape(sheet)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    value_col = get_column_letter(headers.index("実績値") + 1)
    percent = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2=str(MAX_PERCENT),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="実績値",
        error=f"0～{MAX_PERCENT:g} の数値を入力してください（単位 %）",
    )
    count = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="実績値",
        error="0 以上の数値を入力してください",
    )
    for i, (kpi, _year, _filled) in enumerate(rows, start=2):
        (percent if kpi.unit in PERCENT_UNITS else count).add(f"{value_col}{i}")
    sheet.add_data_validation(percent)
    sheet.add_data_validation(count)
    inputs = {"実績値", "出典", "備考", "入力者"}
    for col, header in enumerate(headers, start=1):
        letter = get_column_letter(col)
        texts = [header] + [str(sheet.cell(r, col).value or "") for r in range(2, last + 1)]
        width = min(max(cell_len(t) for t in texts) + 2, MAX_COLUMN_WIDTH)
        sheet.column_dimensions[letter].width = max(width, 12 if header in inputs else 6)
        for r in range(2, last + 1):
            cell = sheet.cell(r, col)
            if header in inputs:
                cell.fill = INPUT_FILL
            if header in WRAP_COLUMNS:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif header == "実績値":
                cell.number_format = "#,##0.##"
