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
the same bytes again is recognised by sha256 and changes nothing — unless `replace` is
asked: then the file's values are applied again wherever they differ from the current
ones, so a correction can be reverted by importing the earlier file with replace.

What the files hold outside the form (hidden sheets, other columns) is not imported; each
is a note naming file, sheet and rows, shown with the result (`ImportReport.notes`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from sources.actuals_workbook import ActualsFile, WorkbookReadError, read_actuals_file
from warehouse.actuals_kpis import load_kpis
from warehouse.actuals_rows import Actual, cell_location, is_filled, row_actual
from warehouse.load import apply_migrations, writing_warehouse
from warehouse.reader import open_reader
from warehouse.seeds import insert_rows, write_seeds
from warehouse.views import rebuild_views

MAX_ERRORS_SHOWN = 50
# How a conflict is resolved, the same words for the command and the Dagster asset.
REPLACE_HINT = "vision actuals import --replace, or run config replace: true for kpi/actuals"


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

    def __init__(self, problems: Sequence[str], notes: Sequence[str] = ()) -> None:
        self.problems = list(problems)
        self.notes = list(notes)
        shown = self.problems[:MAX_ERRORS_SHOWN]
        more = len(self.problems) - len(shown)
        tail = f"\n… and {more} more" if more > 0 else ""
        also = "".join(f"\nnote: {n}" for n in self.notes)
        super().__init__("\n".join(shown) + tail + also)


@dataclass
class ImportReport:
    warehouse: Path
    files: list[str] = field(default_factory=list)
    unchanged_files: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_new: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.rows_new > 0 or bool(self.files)


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
                f"{cell_location(actual.file, actual.row, '実績値')}: {actual.value_text!r} for "
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
                f"{cell_location(actual.file, actual.row, '実績値')}: {actual.value_text!r} for "
                f"{actual.kpi.code} {actual.year} differs from {stored.value_text!r} imported "
                f"earlier from {stored.file_name}{sheet}, row {stored.row_number}; "
                f"import with replace to let this file's value win ({REPLACE_HINT})"
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
        except (ArithmeticError, RecursionError, MemoryError, SyntaxError, LookupError) as exc:
            # What a damaged or hostile file makes a parser raise (xml's ParseError is a
            # SyntaxError): still a problem with this file, named, not a crash.
            problems.append(
                f"{path}: cannot be read ({type(exc).__name__}: {str(exc)[:200]}); open it in "
                "Excel and save it again as .xlsx or CSV, or start from `vision actuals template`"
            )
            continue
        if file.sha256 in seen:
            continue
        seen.add(file.sha256)
        if not any(is_filled(r.cells.get("実績値")) for r in file.rows):
            problems.append(f"{path}: no 実績値 is filled in; nothing to import")
            continue
        files.append(file)
    return files


def validate(
    con: duckdb.DuckDBPyConnection, paths: Sequence[Path], *, replace: bool = False
) -> tuple[list[ActualsFile], list[Actual], set[str]]:
    """Read and check every file against the warehouse; raise ActualsImportError listing
    every problem. Returns the files, the actuals to apply (deduplicated: those of new files,
    and with `replace` those of files imported before too) and the sha256 of files imported
    before."""
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
        if replace or f.sha256 not in imported
        for a in [row_actual(f, r, kpis, problems) for r in f.rows]
        if a is not None
    ]
    actuals = _duplicates(actuals, problems)
    if not replace:
        _conflicts(actuals, current, problems)
    if problems:
        raise ActualsImportError(problems, [n for f in files for n in f.notes])
    return files, actuals, imported


def _changed(actuals: list[Actual], current: dict[tuple[str, int], Stored]) -> list[Actual]:
    out = []
    for a in actuals:
        stored = current.get((a.kpi.key, a.year))
        if stored is None or not _same(stored.value, a.value):
            out.append(a)
    return out


def _applied(
    files: list[ActualsFile], imported: set[str], changed: list[Actual], replace: bool
) -> list[ActualsFile]:
    """The files an import records: new ones, and with `replace` those imported before
    whose values differ from the current ones (they are applied again)."""
    return [
        f
        for f in files
        if f.sha256 not in imported or (replace and any(a.file is f for a in changed))
    ]


def import_actuals(target: Path, paths: Sequence[Path], *, replace: bool = False) -> ImportReport:
    """Validate `paths` against the warehouse at `target` and add their actuals atomically.

    Raises ActualsImportError (every problem, each naming file, sheet, row, column and
    value) and leaves `target` byte-identical when anything is wrong.
    """
    if not target.exists():
        raise ActualsImportError([f"{target}: no warehouse yet; run `vision refresh` first"])
    report = ImportReport(warehouse=target)
    with open_reader(target) as con:
        files, actuals, imported = validate(con, paths, replace=replace)
        current, _ = _stored(con)
    new_files = _applied(files, imported, _changed(actuals, current), replace)
    report.unchanged_files = [f.name for f in files if f not in new_files]
    report.rows_read = len(actuals)
    report.notes = [n for f in files for n in f.notes]
    if not new_files:
        return report
    now = dt.datetime.now(dt.UTC)
    # Under the writer lock, checked again against the copy being written: another import
    # may have landed since the read-only validation above.
    with writing_warehouse(target, compact=False) as con:
        files, actuals, imported = validate(con, paths, replace=replace)
        current, _ = _stored(con)
        changed = _changed(actuals, current)
        new_files = _applied(files, imported, changed, replace)
        report.unchanged_files = [f.name for f in files if f not in new_files]
        report.rows_new = len(changed)
        report.files = [f.name for f in new_files]
        # another import may have landed these files since the read-only check above
        report.unchanged_files = [f.name for f in files if f.sha256 in imported]
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
            rebuild_views(con)
        con.execute("COMMIT")
    return report
