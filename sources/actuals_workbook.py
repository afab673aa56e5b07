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
from dataclasses import dataclass, field
from pathlib import Path

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


def _read_xlsx(path: Path, data: bytes) -> list[WorkbookRow]:
    from openpyxl import load_workbook  # heavy; only when a workbook is read

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
                rows = [list(r) for r in sheet.iter_rows(values_only=True)]
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
    text, encoding = _decode_csv(path, data)
    rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text))]
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
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookReadError(f"{path}: cannot be read ({exc.strerror})") from exc
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return ActualsFile(path, sha, "xlsx", _read_xlsx(path, data))
    if suffix in (".csv", ".txt"):
        rows, encoding = _read_csv(path, data)
        return ActualsFile(path, sha, f"csv ({encoding})", rows)
    raise WorkbookReadError(f"{path}: expected an .xlsx workbook or a .csv file")
