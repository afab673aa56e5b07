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

from sources.actuals_workbook import ActualsFile, UnreadCell, WorkbookRow
from sources.japanese_text import nfkc_key
from warehouse.actuals_kpis import (
    ACTUALS_TOLERANCE,
    MAX_PERCENT,
    PERCENT_UNITS,
    ActualsTolerance,
    Kpi,
)
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
    if value is None or isinstance(value, UnreadCell):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def is_filled(value: object) -> bool:
    """The cell holds something to read (an UnreadCell is filled: Excel shows a value)."""
    return isinstance(value, UnreadCell) or cell_text(value) is not None


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def is_percent_format(number_format: str | None) -> bool:
    """Excel shows the value ×100 with a % sign: an unquoted, unescaped % in the number
    format (`0.0%`); `0.0"%"` only appends the sign and keeps the value as typed."""
    return bool(number_format) and "%" in _QUOTED.sub("", number_format or "")


@dataclass(frozen=True)
class CellNumber:
    """A 実績値 as the person saw it: its value, its text, and whether it is a percentage
    (typed with %, or a number shown by a percent format — the cell then holds value/100)."""

    value: float
    text: str
    percent: bool = False
    unit: str | None = None  # a unit typed after the number (10,600人), checked against the KPI's


# A unit a person types after the number; a scale word (万人, 千人) is not one of them: such
# a text stays "not a number" rather than be read 10,000 times too small.
_TYPED_UNIT = re.compile(r"^(?P<number>.*?\d)\s*(?P<unit>人|件|円|千円|百万円)$")


def _rounded(value: float) -> float:
    """A percent cell's value ×100 without the binary noise (0.905 × 100 = 90.50000000000001)."""
    return round(value, 10)


def _number(value: object, number_format: str | None = None) -> CellNumber | None:
    """A cell as a number and its text; None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if is_percent_format(number_format):
            shown = _rounded(float(value) * 100)
            return CellNumber(shown, f"{cell_text(shown)}%", percent=True)
        return CellNumber(float(value), cell_text(value) or "")
    text = cell_text(value)
    if text is None:
        return None
    typed = _TYPED_UNIT.match(unicodedata.normalize("NFKC", text))
    digits, unit = (typed["number"], typed["unit"]) if typed else (text, None)
    parsed = try_parse_number(digits)
    if parsed is None or parsed.value is None:
        return None
    try:
        number = float(parsed.value)
    except OverflowError:  # hundreds of digits: no float holds it, so not a value here
        return None
    if not math.isfinite(number):
        return None
    return CellNumber(number, text, percent=parsed.is_percent, unit=unit)


@dataclass(frozen=True)
class CellYear:
    year: int
    text: str
    # True for 年度 written, False for 年 written, None for a bare number (the KPI's own).
    fiscal: bool | None


def _year(value: object) -> CellYear | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return CellYear(int(value), str(int(value)), None) if float(value).is_integer() else None
    text = cell_text(value)
    printed = try_parse_year(text) if text is not None else None
    if printed is None or text is None:
        return None
    return CellYear(printed.year, text, printed.is_fiscal if "年" in text else None)


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
    if isinstance(value, UnreadCell):  # reported with its own reason
        return None
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


def _unit_problem(kpi: Kpi, number: CellNumber) -> str | None:
    if number.percent and kpi.unit not in PERCENT_UNITS:
        return (
            f"a percentage, but {kpi.code} is counted in {kpi.unit or '件'}; "
            "write the count itself (and check the cell's number format is not %)"
        )
    if number.unit is not None and number.unit != (kpi.unit or "件"):
        return (
            f"typed in {number.unit}, but {kpi.code} is counted in {kpi.unit or '件'}; "
            f"write the number in {kpi.unit or '件'}"
        )
    if kpi.unit in PERCENT_UNITS and not 0 <= number.value <= MAX_PERCENT:
        return f"a percentage must lie between 0 and {MAX_PERCENT:g}"
    if number.value < 0:
        return f"a negative value is impossible for a KPI counted in {kpi.unit or '件'}"
    return None


def _span(kpi: Kpi) -> list[float]:
    """The KPI's own values an actual is compared with: its baseline and its target."""
    return [v for v in (kpi.baseline_value, kpi.target_value) if v is not None and v > 0]


def _fits(kpi: Kpi, value: float, factor: float) -> bool:
    """`value` lies within `factor` of the span from the KPI's baseline to its target (a
    KPI counted from 0, without a baseline, may lie far below its target in its early
    years)."""
    span = _span(kpi)
    if not span or value == 0:
        return True
    if kpi.unit in PERCENT_UNITS and value > MAX_PERCENT:
        return False
    low = min(span) / factor if kpi.baseline_value is not None else 0.0
    return low <= value <= max(span) * factor


def _scale_problem(
    kpi: Kpi, number: CellNumber, tolerance: ActualsTolerance = ACTUALS_TOLERANCE
) -> str | None:
    """Refuse a value far from the KPI's own scale, with the likely intended value: 0.905
    for a KPI whose baseline is 90 % is 90.5 typed as a ratio."""
    if _fits(kpi, number.value, tolerance.scale_factor):
        return None
    scale = kpi.scale
    assert scale is not None
    unit = kpi.unit or ""
    candidates = [
        _rounded(number.value * factor)
        for factor in tolerance.slip_factors
        if _fits(kpi, number.value * factor, tolerance.suggest_factor)
    ]
    likely = min(candidates, key=lambda v: abs(math.log(v / scale)), default=None)
    hint = (
        f"; did you mean {number_text_plain(likely)}?"
        if likely is not None
        else f"; check the value and its unit ({unit or 'count'})"
    )
    printed = [
        f"{what} {number_text_plain(value)}{unit}"
        for what, value in (("baseline", kpi.baseline_value), ("target", kpi.target_value))
        if value is not None
    ]
    return (
        f"implausible for {kpi.code}, more than {tolerance.scale_factor:g}× outside its "
        f"{' and '.join(printed)}{hint}"
    )


def number_text_plain(value: float) -> str:
    return f"{value:,.10g}" if abs(value) < 1e15 else f"{value:.3g}"


def _year_kind_problem(kpi: Kpi, year: CellYear) -> str | None:
    """年度 written where the KPI counts 年, or the reverse: the figure may be another
    period's (a fiscal year runs April–March)."""
    counts = kpi.counts_fiscal_years
    if counts is None or year.fiscal is None or year.fiscal == counts:
        return None
    printed = kpi.baseline_year_text or kpi.target_year_text
    if year.fiscal:
        return (
            f"{year.text!r} is a fiscal year (年度), but {kpi.code} counts calendar years (年, "
            f"as its {printed}); check the figure is for the calendar year {year.year} and "
            f"write {year.year}"
        )
    return (
        f"{year.text!r} is a calendar year (年), but {kpi.code} counts fiscal years (年度, "
        f"as its {printed}); check the figure is for the fiscal year {year.year} and "
        f"write {year.year}"
    )


READ_HEADERS = ("区分", "指標", "年", "実績値")


def row_actual(
    file: ActualsFile, row: WorkbookRow, kpis: list[Kpi], problems: list[str]
) -> Actual | None:
    """Validate one row; append every problem it has; the actual when it has none.
    A row whose 実績値 is empty is a year not reported yet, not an error."""
    cells = row.cells
    if not is_filled(cells.get("実績値")):
        return None
    before = len(problems)
    for header in READ_HEADERS:
        value = cells.get(header)
        if isinstance(value, UnreadCell):
            problems.append(f"{cell_location(file, row, header)}: {value.reason}")
    by_key = {k.key: k for k in kpis}
    names = {name_key(k.indicator): k for k in kpis}
    indicator = cell_text(cells.get("指標"))
    kpi = _find_kpi(indicator, by_key, names)
    if kpi is None and not isinstance(cells.get("指標"), UnreadCell):
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
    if year is not None and kpi is not None:
        if (
            kpi.first_year is not None
            and kpi.target_year is not None
            and not (kpi.first_year <= year.year <= kpi.target_year)
        ):
            problems.append(
                f"{cell_location(file, row, '年')}: {year.year} is outside {kpi.code}'s period "
                f"{kpi.first_year}–{kpi.target_year} (baseline year to target year)"
            )
        if reason := _year_kind_problem(kpi, year):
            problems.append(f"{cell_location(file, row, '年')}: {reason}")
    number = _read_cell(
        file,
        row,
        "実績値",
        lambda value: _number(value, row.formats.get("実績値")),
        "a number (leave the cell empty when there is no actual yet)",
        problems,
    )
    if number is not None and kpi is not None:
        reason = _unit_problem(kpi, number) or _scale_problem(kpi, number)
        if reason:
            problems.append(f"{cell_location(file, row, '実績値')}: {number.text!r}: {reason}")
    if len(problems) > before or kpi is None or year is None or number is None:
        return None
    return Actual(
        kpi,
        year.year,
        number.value,
        number.text,
        cell_text(cells.get("出典")),
        cell_text(cells.get("備考")),
        cell_text(cells.get("入力者")),
        file,
        row,
    )
