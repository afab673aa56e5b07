"""Export files that open right: CSV and Excel for people, Parquet for tools.

- Lists (`pages`, `fact_tables`, …) are joined with 、 in CSV and Excel (Parquet keeps them
  as lists).
- Identifiers that look like numbers — municipality codes such as `06201`, years — stay
  text: CSV quotes every text field, Excel gets text cells with the text format, so neither
  turns 06201 into 6201 nor sums years.
- Excel sheets and headers carry the Japanese labels (`warehouse.labels`), with the header
  frozen, an auto-filter, widths fitted to the (East Asian wide) text, and the machine name
  and description of each column in the header cell's comment. `lang="en"` keeps the
  machine names everywhere.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from rich.cells import cell_len

from sources.atomic_write import replacing, staged_path
from sources.spreadsheet_text import csv_text, keep_text
from warehouse.labels import column_labels, labelled_columns, relation_label, value_label

LIST_SEPARATOR = "、"
# Excel caps a sheet name at 31 characters and forbids a few characters in it.
XLSX_SHEET_NAME_MAX = 31
XLSX_SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
# Column widths in Excel's character units: at least the header, at most this.
XLSX_WIDTH_MAX = 60
XLSX_WIDTH_SAMPLE_ROWS = 500
# Hashes (64 hex digits) identify a revision or a file; their first digits are enough to
# read, and a full-width column would push everything else off the screen.
XLSX_HASH_WIDTH = 14
HASH_COLUMNS = frozenset({"revision_id", "content_hash"})
HASH_SUFFIX = "_sha256"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
TIMESTAMP_FORMAT = "yyyy-mm-dd hh:mm:ss"
COUNT_FORMAT = "#,##0"
INTEGER_TYPES = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"})
# Booleans as words in people's files (a bare TRUE/1 reads as a number in a Japanese sheet).
BOOLEAN_WORDS = {"ja": ("はい", "いいえ"), "en": (True, False)}
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
# Year columns that identify a year (not a quantity): text in people's files.
YEAR_COLUMNS = frozenset(
    {"year", "fiscal_year", "baseline_year", "target_year", "actual_reference_year"}
)


@dataclass(frozen=True)
class Relation:
    """One table or view to export: its rows, DuckDB column types and column comments."""

    name: str
    frame: pd.DataFrame
    types: Mapping[str, str]
    comments: Mapping[str, str]


def is_list_type(duckdb_type: str) -> bool:
    return duckdb_type.endswith("[]")


def is_identifier(column: str, duckdb_type: str) -> bool:
    """A code or a year: a number-looking value nobody adds up."""
    return column in YEAR_COLUMNS or (
        duckdb_type == "VARCHAR" and (column == "code" or column.endswith("_code"))
    )


def is_hash(column: str) -> bool:
    """A 64-hex id (a revision, a file, a release's content): for joining, not reading."""
    return column in HASH_COLUMNS or column.endswith(HASH_SUFFIX)


def hashes_last(columns: list[str]) -> list[str]:
    """People read from the left: a 64-digit id as the first column of a CSV or a sheet
    hides what the row is about (and, clipped, runs into the next cell). Tools joining on
    the hashes still find them, at the end."""
    return [c for c in columns if not is_hash(c)] + [c for c in columns if is_hash(c)]


def _joined(value: object) -> object:
    if value is None or (not hasattr(value, "__iter__") or isinstance(value, str)):
        return None if value is None or value is pd.NA else value
    return LIST_SEPARATOR.join(str(v) for v in value if v is not None and not pd.isna(v))


def _as_text(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def for_people(relation: Relation, lang: str = "ja") -> pd.DataFrame:
    """The relation's rows with lists joined, identifiers as text, booleans as words and
    the hash columns last."""
    frame = relation.frame[hashes_last(list(relation.frame.columns))].copy()
    yes, no = BOOLEAN_WORDS.get(lang, BOOLEAN_WORDS["ja"])
    for column in frame.columns:
        duckdb_type = relation.types.get(column, "")
        if duckdb_type == "BOOLEAN":
            frame[column] = (
                frame[column]
                .astype(object)
                .map(lambda v: None if v is None or v is pd.NA else (yes if v else no))
            )
        elif is_list_type(duckdb_type):
            frame[column] = frame[column].map(_joined).astype(object)
        elif column in labelled_columns() and lang != "en":
            frame[column] = (
                frame[column]
                .astype(object)
                .map(lambda v, c=column: v if not isinstance(v, str) else value_label(c, v, lang))
            )
        elif is_identifier(column, duckdb_type):
            frame[column] = frame[column].astype(object).map(_as_text)
    return frame


def _naive_utc(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel has no time zones: write timestamps as naive UTC."""
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC").dt.tz_localize(None)
    return frame


def write_csv(relation: Relation, target: Path, lang: str = "ja") -> Path:
    """UTF-8 with BOM (Excel reads the Japanese), every text field quoted, text that a
    spreadsheet would run as a formula apostrophe-prefixed (`sources.spreadsheet_text`)."""
    frame = for_people(relation, lang)
    for column in frame.columns:
        kind = frame[column].dtype
        if pd.api.types.is_object_dtype(kind) or pd.api.types.is_string_dtype(kind):
            frame[column] = frame[column].map(csv_text)
    frame.columns = column_labels(list(frame.columns), lang)
    with replacing(target, "w", encoding="utf-8-sig", newline="") as out:
        frame.to_csv(out, index=False, quoting=csv.QUOTE_NONNUMERIC)
    return target


def sheet_name(relation: str, lang: str, taken: set[str]) -> str:
    """The relation's label as a valid, unique Excel sheet name."""
    base = relation_label(relation, lang).translate(XLSX_SHEET_NAME_FORBIDDEN)
    name = base[:XLSX_SHEET_NAME_MAX]
    n = 2
    while name in taken:
        suffix = f"_{n}"
        name = base[: XLSX_SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def write_xlsx(relations: list[Relation], target: Path, lang: str = "ja") -> Path:
    """One sheet per relation, laid out for reading and filtering in Excel."""
    taken: set[str] = set()
    with staged_path(target) as staged, pd.ExcelWriter(staged, engine="openpyxl") as writer:
        for relation in relations:
            frame = _naive_utc(for_people(relation, lang))
            columns = list(frame.columns)
            frame.columns = column_labels(columns, lang)
            name = sheet_name(relation.name, lang, taken)
            frame.to_excel(writer, sheet_name=name, index=False)
            _lay_out(writer.sheets[name], relation, columns, frame)
    return target


def _lay_out(sheet: Worksheet, relation: Relation, columns: list[str], frame: pd.DataFrame):
    keep_text(sheet)
    sheet.freeze_panes = "A2"
    # Printed (or converted to PDF): landscape, the header on every page. Not shrunk to one
    # page wide: the findings' sheet would print too small to read.
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"
    readable = [c for c in columns if not is_hash(c)]
    if readable and len(readable) < len(columns):
        # Printing leaves out the trailing hashes (they would spill onto pages of their own).
        sheet.print_area = f"A1:{get_column_letter(len(readable))}{len(frame) + 1}"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"
    sample = frame.head(XLSX_WIDTH_SAMPLE_ROWS)
    for index, (column, header) in enumerate(zip(columns, frame.columns, strict=True), start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top")
        note = relation.comments.get(column) or ""
        cell.comment = Comment(f"{column}\n{note}".strip(), "vision-pipeline", width=320)
        values = [cell_len(str(v)) for v in sample.iloc[:, index - 1] if v is not None]
        # The header needs room for the auto-filter's drop-down button too.
        width = max([cell_len(str(header)) + 4, *values]) + 1
        cap = XLSX_HASH_WIDTH if is_hash(column) else XLSX_WIDTH_MAX
        sheet.column_dimensions[letter].width = min(width, cap)
        number_format = _number_format(column, relation.types.get(column, ""))
        if number_format:
            for (body_cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                body_cell.number_format = number_format


def _number_format(column: str, duckdb_type: str) -> str | None:
    if is_identifier(column, duckdb_type):
        return TEXT_FORMAT
    if duckdb_type == "DATE":
        return DATE_FORMAT
    if duckdb_type.startswith("TIMESTAMP"):
        return TIMESTAMP_FORMAT
    if duckdb_type in INTEGER_TYPES and column not in ("page", "project_no"):
        return COUNT_FORMAT
    return None
