"""KPI actuals from the municipalities' workbooks: validate everything, then load atomically.

The rules, in the order a staff member meets them: the 指標 must be a KPI of the latest
revision (the closest name is suggested), 区分 must agree with it, 年 must lie between the
baseline year and the target year, 実績値 must be a number the unit allows (a % within
0–100, no negative count), and one KPI and year has one value — within the files given and
against what earlier imports stored, unless `replace` is asked for. Nothing is written
unless every row of every file passes; then the rows are added in a staged copy of the
warehouse that is swapped in atomically, so a failed import leaves the file byte-identical.

History: every import is a row of `kpi_actual_import`; rows equal to the current value are
not stored again; the latest import of a KPI and year wins (`kpi_actual_latest`). Importing
the same bytes again is recognised by sha256 and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb

from sources.actuals_workbook import ActualsFile, WorkbookReadError, WorkbookRow, read_actuals_file
from sources.japanese_text import nfkc_key
from warehouse.load import apply_migrations, writing_warehouse
from warehouse.printed_values import try_parse_number, try_parse_year
from warehouse.seeds import insert_rows, kpi_seed, write_seeds
from warehouse.views import views_sql

PERCENT_UNITS = ("%",)
MAX_PERCENT = 100.0
MAX_ERRORS_SHOWN = 50
_CATEGORY = re.compile(r"^\s*([アイウエオ])\s*[-‐－ー―]\s*(\d+)\s*$")


IMPORT_COLUMNS = (
    "import_id",
    "file_name",
    "file_sha256",
    "file_format",
    "imported_at",
    "replace_requested",
    "rows_read",
    "rows_new",
)
ACTUAL_COLUMNS = (
    "import_id",
    "indicator_key",
    "category_code",
    "kpi_seq",
    "year",
    "value",
    "value_text",
    "unit",
    "source_note",
    "remark",
    "entered_by",
    "file_name",
    "file_sha256",
    "sheet",
    "row_number",
    "imported_at",
)


class ActualsImportError(Exception):
    """The import was refused; `problems` lists every reason, each naming its cell."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:MAX_ERRORS_SHOWN]
        more = len(self.problems) - len(shown)
        tail = f"\n… and {more} more" if more > 0 else ""
        super().__init__("\n".join(shown) + tail)


@dataclass(frozen=True)
class Kpi:
    """A KPI of 3(1) as the workbook needs it."""

    key: str
    category_code: str
    kpi_seq: int
    indicator: str
    unit: str | None
    baseline_text: str | None
    baseline_year: int | None
    baseline_year_text: str | None
    target_text: str | None
    target_year: int | None
    target_year_text: str | None
    first_year: int | None  # first year an actual may describe

    @property
    def code(self) -> str:
        return f"{self.category_code}-{self.kpi_seq}"

    @property
    def template_years(self) -> range:
        """From the year after the baseline (or the declared first year) to the target."""
        if self.first_year is None or self.target_year is None:
            return range(0)
        start = self.first_year + 1 if self.baseline_year is not None else self.first_year
        return range(start, self.target_year + 1)


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


@dataclass
class ImportReport:
    warehouse: Path
    files: list[str] = field(default_factory=list)
    unchanged_files: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_new: int = 0

    @property
    def changed(self) -> bool:
        return self.rows_new > 0 or bool(self.files)


# --------------------------------------------------------------------------- KPIs


def _first_years() -> dict[str, int]:
    return {
        r["indicator_key"]: int(r["first_year"])
        for r in kpi_seed().get("rule", [])
        if r.get("first_year") is not None
    }


def load_kpis(con: duckdb.DuckDBPyConnection) -> list[Kpi]:
    """The 3(1) KPIs of the latest revision, in printed order."""
    first_years = _first_years()
    # Columns named as Kpi's fields, so each row is the KPI as printed.
    cursor = con.execute(
        "SELECT indicator_key AS key, category_code, kpi_seq, indicator, unit, baseline_text, "
        "baseline_year, baseline_year_text, target_text, target_year, target_year_text "
        "FROM kpi_targets WHERE printed_in = '3(1)' ORDER BY category_code, kpi_seq"
    )
    names = [column[0] for column in cursor.description]
    kpis = []
    for values in cursor.fetchall():
        printed = dict(zip(names, values, strict=True))
        printed["kpi_seq"] = int(printed["kpi_seq"])
        baseline_year = printed["baseline_year"]
        first = baseline_year if baseline_year is not None else first_years.get(printed["key"])
        kpis.append(Kpi(**printed, first_year=first))
    return kpis


# --------------------------------------------------------------------------- cells


def _where(file: ActualsFile, row: WorkbookRow, header: str) -> str:
    column = row.columns.get(header, "?")
    sheet = f", sheet {row.sheet}" if row.sheet is not None else ""
    return f"{file.name}{sheet}, row {row.row_number}, column {column} ({header})"


def _text(value: object) -> str | None:
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
        return float(value), _text(value) or ""
    text = _text(value)
    parsed = try_parse_number(text) if text is not None else None
    if parsed is None or parsed.value is None:
        return None
    return float(parsed.value), text


def _year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else None
    text = _text(value)
    printed = try_parse_year(text) if text is not None else None
    return printed.year if printed else None


def _show(value: object) -> str:
    return repr(_text(value) or "")


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
        problems.append(f"{_where(file, row, header)}: {_show(value)} is not {expected}")
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


def _row_actual(
    file: ActualsFile, row: WorkbookRow, kpis: list[Kpi], problems: list[str]
) -> Actual | None:
    """Validate one row; append every problem it has; the actual when it has none.
    A row whose 実績値 is empty is a year not reported yet, not an error."""
    cells = row.cells
    if _text(cells.get("実績値")) is None:
        return None
    by_key = {k.key: k for k in kpis}
    names = {name_key(k.indicator): k for k in kpis}
    indicator = _text(cells.get("指標"))
    kpi = _find_kpi(indicator, by_key, names)
    before = len(problems)
    if kpi is None:
        hint = _suggest(indicator or "", kpis) if indicator else "; fill in the 指標"
        problems.append(
            f"{_where(file, row, '指標')}: {_show(indicator)} is not a KPI of the vision{hint}"
        )
    category = _text(cells.get("区分"))
    if kpi is not None and category is not None:
        match = _CATEGORY.match(unicodedata.normalize("NFKC", category))
        if match is None or (match.group(1), int(match.group(2))) != (
            kpi.category_code,
            kpi.kpi_seq,
        ):
            problems.append(
                f"{_where(file, row, '区分')}: {_show(category)} does not match the 指標, "
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
            f"{_where(file, row, '年')}: {year} is outside {kpi.code}'s period "
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
        problems.append(f"{_where(file, row, '実績値')}: {number[1]!r}: {reason}")
    if len(problems) > before or kpi is None or year is None or number is None:
        return None
    return Actual(
        kpi,
        year,
        number[0],
        number[1],
        _text(cells.get("出典")),
        _text(cells.get("備考")),
        _text(cells.get("入力者")),
        file,
        row,
    )


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def _location(actual: Actual) -> str:
    sheet = f", sheet {actual.row.sheet}" if actual.row.sheet is not None else ""
    return f"{actual.file.name}{sheet}, row {actual.row.row_number}"


def _duplicates(actuals: list[Actual], problems: list[str]) -> list[Actual]:
    """One value per KPI and year across all files: equal repeats collapse, others fail."""
    seen: dict[tuple[str, int], Actual] = {}
    for actual in actuals:
        key = (actual.kpi.key, actual.year)
        first = seen.get(key)
        if first is None:
            seen[key] = actual
        elif not _same(first.value, actual.value):
            problems.append(
                f"{_where(actual.file, actual.row, '実績値')}: {actual.value_text!r} for "
                f"{actual.kpi.code} {actual.year} contradicts {first.value_text!r} in "
                f"{_location(first)}; keep one value per KPI and year"
            )
    return list(seen.values())


@dataclass(frozen=True)
class Stored:
    value: float
    value_text: str
    file_name: str
    sheet: str | None
    row_number: int


def _stored(con: duckdb.DuckDBPyConnection) -> tuple[dict[tuple[str, int], Stored], set[str]]:
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    if "kpi_actual" not in tables:
        return {}, set()
    current = {
        (key, int(year)): Stored(value, text, name, sheet, int(row))
        for key, year, value, text, name, sheet, row in con.execute(
            "SELECT indicator_key, year, value, value_text, file_name, sheet, row_number "
            "FROM (SELECT *, row_number() OVER (PARTITION BY indicator_key, year "
            "ORDER BY imported_at DESC, import_id DESC) AS newest FROM kpi_actual) "
            "WHERE newest = 1"
        ).fetchall()
    }
    imported = {r[0] for r in con.execute("SELECT file_sha256 FROM kpi_actual_import").fetchall()}
    return current, imported


def _conflicts(
    actuals: list[Actual], current: dict[tuple[str, int], Stored], problems: list[str]
) -> None:
    for actual in actuals:
        stored = current.get((actual.kpi.key, actual.year))
        if stored is not None and not _same(stored.value, actual.value):
            sheet = f", sheet {stored.sheet}" if stored.sheet else ""
            problems.append(
                f"{_where(actual.file, actual.row, '実績値')}: {actual.value_text!r} for "
                f"{actual.kpi.code} {actual.year} differs from {stored.value_text!r} imported "
                f"earlier from {stored.file_name}{sheet}, row {stored.row_number}; "
                "pass --replace to let this file's value win"
            )


# --------------------------------------------------------------------------- import


def _read_all(paths: Sequence[Path], problems: list[str]) -> list[ActualsFile]:
    files, seen = [], set()
    for path in paths:
        try:
            file = read_actuals_file(path)
        except WorkbookReadError as exc:
            problems.append(str(exc))
            continue
        if file.sha256 in seen:
            continue
        seen.add(file.sha256)
        if not any(_text(r.cells.get("実績値")) is not None for r in file.rows):
            problems.append(f"{path}: no 実績値 is filled in; nothing to import")
            continue
        files.append(file)
    return files


def validate(
    con: duckdb.DuckDBPyConnection, paths: Sequence[Path], *, replace: bool = False
) -> tuple[list[ActualsFile], list[Actual], set[str]]:
    """Read and check every file against the warehouse; raise ActualsImportError listing
    every problem. Returns the new files, their actuals (deduplicated) and the sha256 of
    files imported before."""
    problems: list[str] = []
    files = _read_all(paths, problems)
    kpis = load_kpis(con)
    if not kpis:
        raise ActualsImportError(
            ["the warehouse holds no KPIs of the vision; run `vision refresh` first"]
        )
    current, imported = _stored(con)
    files = [f for f in files if f.sha256 not in imported] + [
        f for f in files if f.sha256 in imported
    ]
    actuals = [
        a
        for f in files
        if f.sha256 not in imported
        for a in [_row_actual(f, r, kpis, problems) for r in f.rows]
        if a is not None
    ]
    actuals = _duplicates(actuals, problems)
    if not replace:
        _conflicts(actuals, current, problems)
    if problems:
        raise ActualsImportError(problems)
    return files, actuals, imported


def _changed(actuals: list[Actual], current: dict[tuple[str, int], Stored]) -> list[Actual]:
    out = []
    for a in actuals:
        stored = current.get((a.kpi.key, a.year))
        if stored is None or not _same(stored.value, a.value):
            out.append(a)
    return out


def import_actuals(target: Path, paths: Sequence[Path], *, replace: bool = False) -> ImportReport:
    """Validate `paths` against the warehouse at `target` and add their actuals atomically.

    Raises ActualsImportError (every problem, each naming file, sheet, row, column and
    value) and leaves `target` byte-identical when anything is wrong.
    """
    if not target.exists():
        raise ActualsImportError([f"{target}: no warehouse yet; run `vision refresh` first"])
    report = ImportReport(warehouse=target)
    with duckdb.connect(str(target), read_only=True) as con:
        files, actuals, imported = validate(con, paths, replace=replace)
    new_files = [f for f in files if f.sha256 not in imported]
    report.unchanged_files = [f.name for f in files if f.sha256 in imported]
    report.rows_read = len(actuals)
    if not new_files:
        return report
    now = dt.datetime.now(dt.UTC)
    # Under the writer lock, checked again against the copy being written: another import
    # may have landed since the read-only validation above.
    with writing_warehouse(target, compact=False) as con:
        files, actuals, imported = validate(con, paths, replace=replace)
        current, _ = _stored(con)
        new_files = [f for f in files if f.sha256 not in imported]
        changed = _changed(actuals, current)
        report.rows_new = len(changed)
        report.files = [f.name for f in new_files]
        # A warehouse built before the actuals tables gets them, their seed rows and the
        # views now; otherwise the last refresh made them current (re-creating the views
        # costs seconds, the import's whole budget).
        migrated = apply_migrations(con)
        con.execute("BEGIN")
        if migrated:
            write_seeds(con)
        for file in new_files:
            rows = [a for a in changed if a.file is file]
            import_id = f"{file.sha256[:16]}-{now.strftime('%Y%m%dT%H%M%S%f')}"
            insert_rows(
                con,
                "kpi_actual_import",
                IMPORT_COLUMNS,
                [
                    (
                        import_id,
                        file.name,
                        file.sha256,
                        file.file_format,
                        now,
                        replace,
                        sum(1 for a in actuals if a.file is file),
                        len(rows),
                    )
                ],
            )
            insert_rows(
                con,
                "kpi_actual",
                ACTUAL_COLUMNS,
                [
                    (
                        import_id,
                        a.kpi.key,
                        a.kpi.category_code,
                        a.kpi.kpi_seq,
                        a.year,
                        a.value,
                        a.value_text,
                        a.kpi.unit,
                        a.source_note,
                        a.remark,
                        a.entered_by,
                        file.name,
                        file.sha256,
                        a.row.sheet,
                        a.row.row_number,
                        now,
                    )
                    for a in rows
                ],
            )
        if migrated:
            con.execute(views_sql())
        con.execute("COMMIT")
    return report
