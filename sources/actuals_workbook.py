"""Reading the KPI actuals workbooks staff fill in (xlsx, or CSV in UTF-8, UTF-8 with BOM
or CP932), without judging their values.

A workbook is any sheet whose header row (within the first rows) names at least the 指標,
年 and 実績値 columns of `ACTUALS_HEADERS`; other columns are optional and their order is
free, so a staff member may delete or reorder columns. Every cell keeps where it came from
(file, sheet, row number as Excel shows it, column header), so a validation error can point
at it. Validation against the KPIs is the warehouse's job (`warehouse.actuals`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True)
class WorkbookRow:
    """One data row: cells by header, with its location."""

    sheet: str | None
    row_number: int
    cells: dict[str, object]
    columns: dict[str, str]  # header → column letter (xlsx) or number (csv)


@dataclass
class ActualsFile:
    path: Path
    sha256: str
    file_format: str
    rows: list[WorkbookRow] = field(default_factory=list)

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


def _table_rows(
    sheet: str | None, rows: list[list[object]], letters: bool
) -> list[WorkbookRow] | None:
    at = _header_at(rows)
    if at is None:
        return None
    header = [str(c).strip() if c is not None else "" for c in rows[at]]
    positions = {name: i for i, name in enumerate(header) if name in ACTUALS_HEADERS}
    columns = {name: _column_letter(i) if letters else str(i + 1) for name, i in positions.items()}
    out = []
    for offset, row in enumerate(rows[at + 1 :], start=at + 2):
        cells = {name: (row[i] if i < len(row) else None) for name, i in positions.items()}
        if all(_is_blank(v) for v in cells.values()):
            continue
        out.append(WorkbookRow(sheet, offset, cells, columns))
    return out


def _bounded_rows(
    path: Path, sheet: str | None, rows: Iterable[Sequence[object]]
) -> list[list[object]]:
    """The rows, refused (WorkbookReadError naming the limit) as soon as there are more
    of them, or more columns, than an actuals sheet can hold."""
    limits = input_limits()
    where = f"sheet {sheet!r}" if sheet is not None else "the CSV"
    out: list[list[object]] = []
    for row in rows:
        if len(out) >= limits.workbook_max_rows + HEADER_SEARCH_ROWS:
            raise WorkbookReadError(
                f"{path}: {where} has more than {limits.workbook_max_rows} rows (limit "
                f"{InputLimits.env_name('workbook_max_rows')}); is it an actuals workbook?"
            )
        if len(row) > limits.workbook_max_columns:
            raise WorkbookReadError(
                f"{path}: {where} row {len(out) + 1} has {len(row)} columns, over the "
                f"{limits.workbook_max_columns} allowed "
                f"({InputLimits.env_name('workbook_max_columns')})"
            )
        out.append(list(row))
    return out


def _read_xlsx(path: Path, data: bytes) -> list[WorkbookRow]:
    from openpyxl import load_workbook  # heavy; only when a workbook is read

    try:
        check_xlsx_package(path, data)  # a zip bomb or deep XML never reaches openpyxl
    except InputRefused as exc:
        raise WorkbookReadError(str(exc)) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise WorkbookReadError(
            f"{path}: not a readable .xlsx workbook ({exc}); save it as .xlsx or CSV"
        ) from exc
    found: list[WorkbookRow] = []
    any_sheet = False
    try:
        for sheet in book.worksheets:
            try:
                rows = _bounded_rows(path, sheet.title, sheet.iter_rows(values_only=True))
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
            table = _table_rows(sheet.title, rows, letters=True)
            if table is not None:
                any_sheet = True
                found += table
    finally:
        book.close()
    if not any_sheet:
        raise WorkbookReadError(
            f"{path}: no sheet has the header row {'・'.join(REQUIRED_HEADERS)} "
            "(not an actuals workbook? start from `vision actuals template`)"
        )
    return found


def _decode_csv(path: Path, data: bytes) -> tuple[str, str]:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise WorkbookReadError(f"{path}: CSV is neither UTF-8 nor CP932; save it as UTF-8 CSV")


def _read_csv(path: Path, data: bytes) -> tuple[list[WorkbookRow], str]:
    # counted before decoding and parsing: a million rows are refused in milliseconds
    lines = data.count(b"\n")
    limit = input_limits().workbook_max_rows
    if lines > limit + HEADER_SEARCH_ROWS:
        raise WorkbookReadError(
            f"{path}: {lines} lines, more than the {limit} rows allowed (limit "
            f"{InputLimits.env_name('workbook_max_rows')}); is it an actuals file?"
        )
    text, encoding = _decode_csv(path, data)
    rows = _bounded_rows(path, None, csv.reader(io.StringIO(text)))
    table = _table_rows(None, rows, letters=False)
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
        return ActualsFile(path, sha, "xlsx", _read_xlsx(path, data))
    if suffix in (".csv", ".txt"):
        rows, encoding = _read_csv(path, data)
        return ActualsFile(path, sha, f"csv ({encoding})", rows)
    raise WorkbookReadError(f"{path}: expected an .xlsx workbook or a .csv file")
