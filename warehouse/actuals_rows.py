"""One workbook row of actuals checked against the KPIs: every problem it has, each naming
its file, sheet, row, column and value, or the `Actual` it holds."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from sources.actuals_workbook import ActualsFile, WorkbookRow
from sources.japanese_text import nfkc_key
from warehouse.actuals_kpis import MAX_PERCENT, PERCENT_UNITS, Kpi
from warehouse.printed_values import try_parse_number, try_parse_year

_CATEGORY = re.compile(r"^\s*([アイウエオ])\s*[-‐－ー―]\s*(\d+)\s*$")


@dataclass(frozen=True)
class Actual:
    kpi: Kpi
    year: int
    value: float
    value_text: str
    source_note: str | None
    remark: str | None
    entered_by: str | None
    file: ActualsFile
    row: WorkbookRow


def cell_location(file: ActualsFile, row: WorkbookRow, header: str) -> str:
    column = row.columns.get(header, "?")
    sheet = f", sheet {row.sheet}" if row.sheet is not None else ""
    return f"{file.name}{sheet}, row {row.row_number}, column {column} ({header})"


def cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _number(value: object) -> tuple[float, str] | None:
    """A cell as a number and its text; None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return float(value), cell_text(value) or ""
    text = cell_text(value)
    parsed = try_parse_number(text) if text is not None else None
    if parsed is None or parsed.value is None:
        return None
    try:
        number = float(parsed.value)
    except OverflowError:  # hundreds of digits: no float holds it, so not a value here
        return None
    return (number, text) if math.isfinite(number) else None


def _year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else None
    text = cell_text(value)
    printed = try_parse_year(text) if text is not None else None
    return printed.year if printed else None


def _show(value: object) -> str:
    return repr(cell_text(value) or "")


T = TypeVar("T")


def _read_cell(
    file: ActualsFile,
    row: WorkbookRow,
    header: str,
    parse: Callable[[object], T | None],
    expected: str,
    problems: list[str],
) -> T | None:
    """The cell under `header` read by `parse`; None, with a problem appended that names
    the cell and what it should hold (`expected`), when it cannot be read."""
    value = row.cells.get(header)
    parsed = parse(value)
    if parsed is None:
        problems.append(f"{cell_location(file, row, header)}: {_show(value)} is not {expected}")
    return parsed


_UNIT_SUFFIX = re.compile(r"\((人|%|百万円|千円|件)\).*$")


def name_key(text: str) -> str:
    """A workbook's 指標 and a KPI's name compared alike: NFKC, no spaces, no ・, and the
    unit in brackets a staff member may have typed after the name dropped."""
    key = "".join(nfkc_key(text).split()).replace("・", "")
    return _UNIT_SUFFIX.sub("", key) or key


def _find_kpi(text: str | None, by_key: dict[str, Kpi], names: dict[str, Kpi]) -> Kpi | None:
    if text is None:
        return None
    return by_key.get(text) or names.get(name_key(text))


def _suggest(text: str, kpis: Iterable[Kpi]) -> str:
    choices = {k.indicator: k for k in kpis}
    close = difflib.get_close_matches(text, list(choices), n=1, cutoff=0.3)
    return f"; did you mean {close[0]!r} ({choices[close[0]].code})?" if close else ""


def _unit_problem(kpi: Kpi, value: float) -> str | None:
    if kpi.unit in PERCENT_UNITS and not 0 <= value <= MAX_PERCENT:
        return f"a percentage must lie between 0 and {MAX_PERCENT:g}"
    if value < 0:
        return f"a negative value is impossible for a KPI counted in {kpi.unit or '件'}"
    return None


def row_actual(
    file: ActualsFile, row: WorkbookRow, kpis: list[Kpi], problems: list[str]
) -> Actual | None:
    """Validate one row; append every problem it has; the actual when it has none.
    A row whose 実績値 is empty is a year not reported yet, not an error."""
    cells = row.cells
    if cell_text(cells.get("実績値")) is None:
        return None
    by_key = {k.key: k for k in kpis}
    names = {name_key(k.indicator): k for k in kpis}
    indicator = cell_text(cells.get("指標"))
    kpi = _find_kpi(indicator, by_key, names)
    before = len(problems)
    if kpi is None:
        hint = _suggest(indicator or "", kpis) if indicator else "; fill in the 指標"
        problems.append(
            f"{cell_location(file, row, '指標')}: {_show(indicator)} "
            f"is not a KPI of the vision{hint}"
        )
    category = cell_text(cells.get("区分"))
    if kpi is not None and category is not None:
        match = _CATEGORY.match(unicodedata.normalize("NFKC", category))
        if match is None or (match.group(1), int(match.group(2))) != (
            kpi.category_code,
            kpi.kpi_seq,
        ):
            problems.append(
                f"{cell_location(file, row, '区分')}: {_show(category)} does not match the 指標, "
                f"which is {kpi.code}"
            )
    year = _read_cell(file, row, "年", _year, "a year (write e.g. 2025 or 令和7年)", problems)
    if (
        year is not None
        and kpi is not None
        and kpi.first_year is not None
        and kpi.target_year is not None
        and not (kpi.first_year <= year <= kpi.target_year)
    ):
        problems.append(
            f"{cell_location(file, row, '年')}: {year} is outside {kpi.code}'s period "
            f"{kpi.first_year}–{kpi.target_year} (baseline year to target year)"
        )
    number = _read_cell(
        file,
        row,
        "実績値",
        _number,
        "a number (leave the cell empty when there is no actual yet)",
        problems,
    )
    if number is not None and kpi is not None and (reason := _unit_problem(kpi, number[0])):
        problems.append(f"{cell_location(file, row, '実績値')}: {number[1]!r}: {reason}")
    if len(problems) > before or kpi is None or year is None or number is None:
        return None
    return Actual(
        kpi,
        year,
        number[0],
        number[1],
        cell_text(cells.get("出典")),
        cell_text(cells.get("備考")),
        cell_text(cells.get("入力者")),
        file,
        row,
    )
