"""Text that stays text when a spreadsheet opens the file (CSV and formula injection).

Text in the product's files comes from outside — a PDF cell, a workbook's 出典 cell, a
profile. A spreadsheet program treats a CSV field that begins with `=`, `+`, `-` or `@` (or
a tab or carriage return before them) as a formula, so `=HYPERLINK("http://…","x")` would
become a live link. Following OWASP's advice for CSV injection, such a text field is
written with a leading apostrophe (`'=HYPERLINK(…)`), which Excel and LibreOffice show as
text. A plain signed number (`-12.5`, `+3`, `-1,234`) is not a formula and stays as it is.

In .xlsx files openpyxl stores any string that begins with `=` as a formula; such cells
are therefore marked as strings after they are filled, and every text cell that begins
like a formula gets Excel's own "quote prefix" (what typing `'=…` in Excel stores), so it
stays text when someone edits the cell too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_PREFIX = "'"
_SIGNED_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?")


def csv_text(value: object) -> object:
    """`value` as a CSV field a spreadsheet cannot run: text that would start a formula
    gets a leading apostrophe; numbers, missing values and other text are unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _SIGNED_NUMBER.fullmatch(value):
        return value
    return CSV_TEXT_PREFIX + value


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_text(v) for v in values]


def keep_text(sheet: Worksheet) -> Worksheet:
    """Every cell openpyxl took for a formula (a string starting with `=`) kept as text,
    quote-prefixed like any text that begins like a formula: the product writes values,
    never formulas."""
    for row in sheet.iter_rows():
        for cell in row:
            if not (isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)):
                continue
            if cell.data_type == TYPE_FORMULA:
                cell.data_type = TYPE_STRING
            if cell.data_type == TYPE_STRING:
                cell.quotePrefix = True
    return sheet
