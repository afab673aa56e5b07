"""Reading the KPI actuals workbooks staff fill in (xlsx, or CSV in UTF-8, UTF-8 with BOM
or CP932), without judging their values.

A workbook is any visible sheet whose header row (within the first rows) names at least the
指標, 年 and 実績値 columns of `ACTUALS_HEADERS`; other columns are optional and their order
is free, so a staff member may delete or reorder columns. Every cell keeps where it came
from (file, sheet, row number as Excel shows it, column header) and, in an xlsx, its number
format (a cell typed as 90.5% holds 0.905 formatted `0.0%`), so a validation error can
point at it and the value is read as the person saw it. Validation against the KPIs is the
warehouse's job (`warehouse.actuals`).

What Excel shows but the cell does not hold is never read as a value: a formula saved
without its result (a file written by a program) and a value cell merged over several rows
become `UnreadCell`s the validation reports by row. A label merged over several rows (指標
written once for a KPI's years) applies to each of them. Hidden sheets and columns that
are not the form's are skipped, each with a note naming the rows it held.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sources.input_limits import (
    InputLimits,
    InputRefused,
    LimitSettingError,
    input_limits,
    read_input,
)
from sources.xlsx_package import check_xlsx_package

# The template's columns, in order. 年 is the western year the actual describes (the KPI's
# own 年); 和暦 is shown for reading only.
ACTUALS_HEADERS = (
    "区分",
    "指標",
    "単位",
    "基準値",
    "基準年",
    "目標値",
    "目標年",
    "年",
    "和暦",
    "実績値",
    "出典",
    "備考",
    "入力者",
)
REQUIRED_HEADERS = ("指標", "年", "実績値")
HEADER_SEARCH_ROWS = 10
CSV_ENCODINGS = ("utf-8-sig", "cp932")


class WorkbookReadError(Exception):
    """The file cannot be read as an actuals workbook; the message names file and sheet."""


# Columns whose cell must be one row's own: merged over rows, they cannot be read per row.
PER_ROW_HEADERS = ("年", "実績値")


@dataclass(frozen=True)
class UnreadCell:
    """A cell whose shown value the file does not hold; `reason` says why and what to do."""

    reason: str


@dataclass(frozen=True)
class WorkbookRow:
    """One data row: cells by header, with its location."""

    sheet: str | None
    row_number: int
    cells: dict[str, object]
    columns: dict[str, str]  # header → column letter (xlsx) or number (csv)
    formats: dict[str, str] = field(default_factory=dict)  # header → number format (xlsx)


@dataclass
class ActualsFile:
    path: Path
    sha256: str
    file_format: str
    rows: list[WorkbookRow] = field(default_factory=list)
    # What was read past, each naming file, sheet and rows: hidden sheets, other columns.
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header_at(rows: list[list[object]]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {str(c).strip() for c in row if c is not None}
        if all(h in names for h in REQUIRED_HEADERS):
            return i
    return None


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class _Merged:
    """A cell inside a range merged over several rows: the range's value and its name."""

    value: object
    cells: str
    rows: int


def _where(path: Path, sheet: str | None) -> str:
    return f"{path.name}, sheet {sheet}" if sheet is not None else path.name


def _rows_text(numbers: list[int]) -> str:
    """row 4 / rows 4, 7 and 9 / rows 2, 3, … and 5 more."""
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    shown = [str(n) for n in numbers[:10]]
    more = len(numbers) - len(shown)
    last = f"{more} more" if more else shown.pop()
    return f"rows {', '.join(shown)} and {last}"


def _cell(header: str, value: object) -> object:
    if not isinstance(value, _Merged):
        return value
    if header in PER_ROW_HEADERS:
        return UnreadCell(
            f"merged with the cells {value.cells} ({value.rows} rows share one cell); "
            "unmerge them and write each row's own value"
        )
    return value.value  # a label written once for several rows applies to each


def _table_rows(
    path: Path,
    sheet: str | None,
    rows: list[list[object]],
    letters: bool,
    formats: list[list[str]] | None = None,
) -> tuple[list[WorkbookRow], list[str]] | None:
    """The sheet's data rows and notes on what they hold outside the form's columns; None
    when the sheet has no header row."""
    at = _header_at(rows)
    if at is None:
        return None
    header = [str(c).strip() if c is not None else "" for c in rows[at]]
    positions = {name: i for i, name in enumerate(header) if name in ACTUALS_HEADERS}
    columns = {name: _column_letter(i) if letters else str(i + 1) for name, i in positions.items()}
    others = {i: name for i, name in enumerate(header) if name and name not in ACTUALS_HEADERS}
    out: list[WorkbookRow] = []
    left_out: dict[int, list[int]] = {}
    for offset, row in enumerate(rows[at + 1 :], start=at + 2):
        cells = {
            name: _cell(name, row[i] if i < len(row) else None) for name, i in positions.items()
        }
        if all(_is_blank(v) for v in cells.values()):
            continue
        row_formats = formats[offset - 1] if formats is not None else []
        shown = {name: row_formats[i] for name, i in positions.items() if i < len(row_formats)}
        out.append(WorkbookRow(sheet, offset, cells, columns, shown))
        for i in others:
            value = row[i] if i < len(row) else None
            if not _is_blank(value if not isinstance(value, _Merged) else value.value):
                left_out.setdefault(i, []).append(offset)
    notes = [
        f"{_where(path, sheet)}, column {_column_letter(i) if letters else i + 1} "
        f"({others[i]}): not a column of the form, so what it holds in {_rows_text(numbers)} "
        "was not imported (write remarks in 備考)"
        for i, numbers in sorted(left_out.items())
    ]
    return out, notes


def _check_bounds(path: Path, sheet: str | None, filled_rows: int, row: int, width: int) -> None:
    """WorkbookReadError naming the limit and its variable as soon as a sheet (or the CSV)
    holds more rows with values, or a row more columns, than an actuals form can."""
    limits = input_limits()
    where = f"sheet {sheet!r}" if sheet is not None else "the CSV"
    if filled_rows > limits.workbook_max_rows + HEADER_SEARCH_ROWS:
        raise WorkbookReadError(
            f"{path}: {where} has more than {limits.workbook_max_rows} rows (limit "
            f"{InputLimits.env_name('workbook_max_rows')}); is it an actuals workbook?"
        )
    if width > limits.workbook_max_columns:
        raise WorkbookReadError(
            f"{path}: {where} row {row} has {width} columns, over the "
            f"{limits.workbook_max_columns} allowed "
            f"({InputLimits.env_name('workbook_max_columns')})"
        )


def _width(values: list[object]) -> int:
    """Columns up to the last one holding a value (formatting alone does not count)."""
    return next((i + 1 for i in range(len(values) - 1, -1, -1) if values[i] is not None), 0)


def _formulas(path: Path, data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Every formula cell by sheet, (row, column) 1-based → its formula; also proves each
    sheet's XML readable, naming the sheet that is not, and every sheet within the row
    and column limits — in read-only mode, before the whole workbook is loaded."""
    from openpyxl import load_workbook  # heavy; only when a workbook is read

    try:
        check_xlsx_package(path, data)  # a zip bomb or deep XML never reaches openpyxl
    except InputRefused as exc:
        raise WorkbookReadError(str(exc)) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise WorkbookReadError(
            f"{path}: not a readable .xlsx workbook ({exc}); save it as .xlsx or CSV"
        ) from exc
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for sheet in book.worksheets:
            cells: dict[tuple[int, int], str] = {}
            filled = 0
            try:
                for number, row in enumerate(sheet.iter_rows(), start=1):
                    width = _width([getattr(cell, "value", None) for cell in row])
                    filled += width > 0
                    _check_bounds(path, sheet.title, filled, number, width)
                    for cell in row:
                        value = getattr(cell, "value", None)
                        if isinstance(value, str) and getattr(cell, "data_type", "") == "f":
                            cells[(cell.row, cell.column)] = value
            except WorkbookReadError:
                raise
            except Exception as exc:
                # A read-only workbook parses each sheet's XML only now, and the parser's
                # error type depends on whether lxml is installed: any failure here is a
                # damaged sheet.
                raise WorkbookReadError(
                    f"{path}: sheet {sheet.title!r} cannot be read ({type(exc).__name__}: "
                    f"{exc}); open the file in Excel and save it again"
                ) from exc
            found[sheet.title] = cells
    finally:
        book.close()
    return found


def _sheet_grid(sheet: object, formulas: dict[tuple[int, int], str]) -> tuple[list, list]:
    """The sheet's values and number formats as rows; a formula saved without its result
    is an UnreadCell, a cell of a range merged over rows a `_Merged`."""
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]  # type: ignore[attr-defined]
    formats = [[cell.number_format for cell in row] for row in sheet.iter_rows()]  # type: ignore[attr-defined]
    for (r, c), formula in formulas.items():
        if r <= len(values) and c <= len(values[r - 1]) and values[r - 1][c - 1] is None:
            values[r - 1][c - 1] = UnreadCell(
                f"a formula ({formula[:40]}) saved without its result (written by a program?); "
                "open the file in Excel and save it, or type the value"
            )
    for merged in sheet.merged_cells.ranges:  # type: ignore[attr-defined]
        if merged.max_row == merged.min_row:
            continue
        top = values[merged.min_row - 1][merged.min_col - 1]
        mark = _Merged(top, merged.coord, merged.max_row - merged.min_row + 1)
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if r <= len(values) and c <= len(values[r - 1]):
                    values[r - 1][c - 1] = mark
    return values, formats


def _read_xlsx(path: Path, data: bytes) -> tuple[list[WorkbookRow], list[str]]:
    from openpyxl import load_workbook  # heavy; only when a workbook is read

    formulas = _formulas(path, data)
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # the read-only pass above read every sheet: damaged elsewhere
        raise WorkbookReadError(
            f"{path}: cannot be read ({type(exc).__name__}: {exc}); open the file in Excel "
            "and save it again"
        ) from exc
    found: list[WorkbookRow] = []
    notes: list[str] = []
    any_sheet = False
    hidden: list[str] = []
    for sheet in book.worksheets:
        values, formats = _sheet_grid(sheet, formulas.get(sheet.title, {}))
        table = _table_rows(path, sheet.title, values, letters=True, formats=formats)
        if table is None:
            continue
        rows, sheet_notes = table
        if sheet.sheet_state != "visible":
            hidden.append(sheet.title)
            filled = [r.row_number for r in rows if not _is_blank(r.cells.get("実績値"))]
            if filled:
                notes.append(
                    f"{_where(path, sheet.title)}: the sheet is hidden, so its 実績値 in "
                    f"{_rows_text(filled)} were not imported (unhide it in Excel to import them)"
                )
            continue
        any_sheet = True
        found += rows
        notes += sheet_notes
    if not any_sheet:
        why = (
            f" (the sheet {', '.join(map(repr, hidden))} that has it is hidden: unhide it in Excel)"
            if hidden
            else " (not an actuals workbook? start from `vision actuals template`)"
        )
        raise WorkbookReadError(
            f"{path}: no visible sheet has the header row {'・'.join(REQUIRED_HEADERS)}{why}"
        )
    return found, notes


def _decode_csv(path: Path, data: bytes) -> tuple[str, str]:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise WorkbookReadError(f"{path}: CSV is neither UTF-8 nor CP932; save it as UTF-8 CSV")


def _read_csv(path: Path, data: bytes) -> tuple[tuple[list[WorkbookRow], list[str]], str]:
    # counted before decoding and parsing: a million rows are refused in milliseconds
    lines = data.count(b"\n")
    limit = input_limits().workbook_max_rows
    if lines > limit + HEADER_SEARCH_ROWS:
        raise WorkbookReadError(
            f"{path}: {lines} lines, more than the {limit} rows allowed (limit "
            f"{InputLimits.env_name('workbook_max_rows')}); is it an actuals file?"
        )
    text, encoding = _decode_csv(path, data)
    rows: list[list[object]] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        _check_bounds(path, None, number, number, _width([c or None for c in row]))
        rows.append(list(row))
    table = _table_rows(path, None, rows, letters=False)
    if table is None:
        raise WorkbookReadError(
            f"{path}: no header row {'・'.join(REQUIRED_HEADERS)} in the first "
            f"{HEADER_SEARCH_ROWS} rows (not an actuals file?)"
        )
    return table, encoding


def read_actuals_file(path: Path) -> ActualsFile:
    """Read an actuals workbook (.xlsx) or CSV; raise WorkbookReadError if it is not one."""
    try:
        data = read_input(path, "an actuals workbook (.xlsx or .csv)", "workbook_max_mb")
    except OSError as exc:
        raise WorkbookReadError(f"{path}: cannot be read ({exc.strerror})") from exc
    except (InputRefused, LimitSettingError) as exc:  # a FIFO, a device, too large
        raise WorkbookReadError(str(exc)) from None
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows, notes = _read_xlsx(path, data)
        return ActualsFile(path, sha, "xlsx", rows, notes)
    if suffix in (".csv", ".txt"):
        (rows, notes), encoding = _read_csv(path, data)
        return ActualsFile(path, sha, f"csv ({encoding})", rows, notes)
    raise WorkbookReadError(f"{path}: expected an .xlsx workbook or a .csv file")
