"""Load frames into the DuckDB warehouse atomically: build a new file, validate, swap.

Readers (the DuckDB CLI, a BI tool) may hold the warehouse open during a refresh. They must
never see a half-load, and a failed refresh must leave the previous file untouched. So a
refresh copies the current warehouse (to keep the other revisions it holds) to a temporary
file beside it, applies pending migrations, replaces this revision's rows, validates, and
only then `os.replace`s it over the old file — an atomic rename on POSIX filesystems.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from sources.atomic_write import append_line
from sources.profile import current_profile
from sources.profile_match import EXPLAIN_HINT
from warehouse.lock import (
    WarehouseBusy,
    describe_duckdb_holder,
    guard_against_other_writers,
    writer_lock,
)
from warehouse.paths import (
    STAGED_INFIX,
    WAREHOUSE_DIR,
    cannot_write_in,
    quote_identifier,
    remove_abandoned_copies,
)
from warehouse.reader import duckdb_text as _first_line
from warehouse.schema import (
    SchemaError,
    create_declared_tables,
    duplicated_grain,
    write_comments,
)
from warehouse.seeds import write_seeds
from warehouse.subjects import declared_subjects
from warehouse.views import rebuild_views

if TYPE_CHECKING:  # frames are only passed through; `vision actuals import` skips pandas
    import pandas as pd

MIGRATIONS_DIR = WAREHOUSE_DIR / "migrations"


class WarehouseError(Exception):
    """The load could not be completed; the previous warehouse file is untouched."""


@dataclass(frozen=True)
class DocumentRecord:
    revision_id: str  # the sha256 of the PDF file
    title: str
    publisher: str | None
    revision_label: str | None
    published: str | None
    official_url: str | None
    source_path: str
    page_count: int
    adopted_on: str | None = None  # ISO dates read from the cover (sources.vision_edition)
    revised_on: str | None = None
    revision_number: int | None = None
    dated_by: str | None = None  # cover, manifest, or None


@dataclass
class LoadReport:
    warehouse: Path
    run_id: str
    row_counts: dict[str, int] = field(default_factory=dict)
    migrations_applied: list[str] = field(default_factory=list)


def migrations() -> list[Path]:
    return sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The migrations this file has not seen yet (read only; every one for a file that
    holds no schema_migration table)."""
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    done = (
        {r[0] for r in con.execute("SELECT name FROM schema_migration").fetchall()}
        if "schema_migration" in tables
        else set()
    )
    return [path.name for path in migrations() if path.name not in done]


def outdated_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The migrations an earlier version's warehouse lacks; none for a file that has none
    applied (no vision warehouse at all: the caller says so in its own words)."""
    pending = pending_migrations(con)
    return pending if len(pending) < len(migrations()) else []


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations this file has not seen yet, each in its own transaction, then
    create the fact tables and columns declared since (warehouse/schema) and (re)write
    their comments: the migrations are history, the declaration says what each fact holds
    and what each column means today."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration "
        "(name VARCHAR PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE)"
    )
    done = {r[0] for r in con.execute("SELECT name FROM schema_migration").fetchall()}
    applied = []
    for path in migrations():
        if path.name in done:
            continue
        con.execute("BEGIN")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migration VALUES (?, now())", [path.name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise WarehouseError(f"migration {path.name} failed: {_first_line(exc)}") from exc
        applied.append(path.name)
    try:
        create_declared_tables(con)
        write_comments(con)
    except (duckdb.Error, SchemaError) as exc:
        raise WarehouseError(
            f"the declared fact columns do not match the schema: {_first_line(exc)}"
        ) from exc
    return applied


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    table_columns = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
    }
    if not table_columns:
        raise WarehouseError(f"no table {table!r} in the warehouse schema")
    extra = [c for c in frame.columns if c not in table_columns]
    if extra:
        raise WarehouseError(f"frame for {table} has columns the schema lacks: {extra}")
    con.register("_incoming", frame)
    try:
        con.execute(f"INSERT INTO {quote_identifier(table)} BY NAME SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")


def _replace_releases(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Replace the rows of the releases in `frame`, keeping every other release (history)."""
    release_ids = sorted(set(frame["release_id"]))
    if release_ids:
        con.execute(
            f"DELETE FROM {quote_identifier(table)} WHERE list_contains(?, release_id)",
            [release_ids],
        )
    _insert_frame(con, table, frame)


def _upsert_document(con: duckdb.DuckDBPyConnection, doc: DocumentRecord) -> None:
    con.execute("DELETE FROM source_document WHERE revision_id = ?", [doc.revision_id])
    # DocumentRecord's fields are the table's columns; a field a migration has not added
    # yet may only be left out while it is empty.
    present = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'source_document'"
        ).fetchall()
    }
    columns = [f.name for f in fields(doc) if f.name in present]
    lost = [f.name for f in fields(doc) if f.name not in present and getattr(doc, f.name)]
    if lost:
        raise WarehouseError(f"source_document lacks the columns {lost}; a migration is missing")
    con.execute(
        f"INSERT INTO source_document ({', '.join(columns)}, loaded_at) "
        f"VALUES ({', '.join('?' for _ in columns)}, now())",
        [getattr(doc, c) for c in columns],
    )


def _refresh_municipalities(con: duckdb.DuckDBPyConnection) -> None:
    """The municipality dimension: the region of the run's profile."""
    con.execute("DELETE FROM municipality")
    con.executemany(
        "INSERT INTO municipality VALUES (?, ?, ?, ?, ?, ?)",
        [
            (m.code, m.name, m.kind, m.county, m.is_core_city, m.name_en)
            for m in current_profile().region.municipalities
        ],
    )


def revision_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables holding per-revision rows (every base table with a revision_id column)."""
    return [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT c.table_name FROM information_schema.columns c "
            "JOIN information_schema.tables t USING (table_schema, table_name) "
            "WHERE c.column_name = 'revision_id' AND t.table_type = 'BASE TABLE' "
            "AND c.table_name NOT IN ('source_document', 'load_run') ORDER BY 1"
        ).fetchall()
    ]


@contextmanager
def writing_warehouse(
    target: Path, *, on_wait: Callable[[str], None] | None = None, compact: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a new copy of the warehouse at `target`, swapped in
    atomically when the block ends without an exception (and discarded otherwise).

    Every command that writes the warehouse goes through here: it holds the writer lock
    (a second writer waits, see `warehouse.lock`), refuses while another process holds
    `target` open read-write, folds a `.wal` left by a killed writer into the file first
    (its committed rows would otherwise be lost, or replayed onto the new file later),
    and checkpoints before the swap — into a fresh file when `compact`, so rebuilding the
    same rows does not grow it (see `_compacted`); the caller applies pending migrations
    (`apply_migrations(con)`) before writing. Readers keep seeing the old file until the
    rename.
    """
    check_target(target)
    with writer_lock(target, on_wait=on_wait):
        _fold_leftover_wal(target)
        # A new warehouse has freed no blocks: nothing to compact (a cold refresh).
        compact = compact and target.exists()
        with guard_against_other_writers(target), _staged_copy(target) as staged:
            try:
                con = duckdb.connect(str(staged))
            except duckdb.Error as exc:
                raise WarehouseError(
                    f"{target}: the existing warehouse cannot be opened ({_first_line(exc)}); "
                    "move it aside or pass --warehouse to build a new one"
                ) from exc
            try:
                yield con
                con.execute("CHECKPOINT")
            except duckdb.Error as exc:
                raise WarehouseError(f"loading into {target} failed: {_first_line(exc)}") from exc
            finally:
                con.close()
            swapped = _compacted(staged) if compact else staged
            keep_access(target, swapped)
            os.replace(swapped, target)


def keep_access(target: Path, replacement: Path) -> None:
    """Give `replacement` the mode, owner and group of the warehouse it replaces: a
    restricted warehouse (0440, root:staff) must not become world-readable by a refresh.
    Owner and group are kept as far as this user may set them (root: both; others: a
    group they belong to)."""
    try:
        current = target.stat()
    except FileNotFoundError:
        return  # a new warehouse: the default mode
    os.chmod(replacement, stat.S_IMODE(current.st_mode))
    for uid, gid in ((current.st_uid, current.st_gid), (-1, current.st_gid)):
        try:
            os.chown(replacement, uid, gid)
            return
        except PermissionError:
            continue


def check_target(target: Path) -> None:
    """Refuse a warehouse path that cannot be written before any work is done: a
    directory, a path under a file, or a directory this user cannot write."""
    if target.is_dir():
        raise WarehouseError(
            f"{target} is a directory; give a file name such as {target / 'vision.duckdb'}"
        )
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise WarehouseError(
            f"{target}: {parent} is a file, not a directory; choose another warehouse path"
        )
    problem = cannot_write_in(parent) if parent.is_dir() else None
    if problem is not None:
        raise WarehouseError(
            f"{target}: cannot write in {parent} ({problem.strerror or problem}); "
            "choose a writable directory with --warehouse or VISION_WAREHOUSE"
        )


def _fold_leftover_wal(target: Path) -> None:
    """Checkpoint a write-ahead log left beside `target` by a writer that did not close
    (killed, crashed), so the copy includes its committed transactions."""
    if not target.with_name(target.name + ".wal").exists():
        return
    try:
        with duckdb.connect(str(target)) as con:
            con.execute("CHECKPOINT")
    except duckdb.IOException as exc:
        holder = describe_duckdb_holder(exc)
        if holder is None:
            raise WarehouseError(f"{target}: cannot replay its .wal ({_first_line(exc)})") from exc
        raise WarehouseBusy(
            f"{target} is open read-write in {holder}; replacing it now would lose what "
            "that process writes. Close that connection and run again"
        ) from exc
    except duckdb.Error as exc:
        raise WarehouseError(
            f"{target}: the existing warehouse cannot be opened ({_first_line(exc)}); "
            "move it aside or pass --warehouse to build a new one"
        ) from exc


@contextmanager
def _staged_copy(target: Path) -> Iterator[Path]:
    """A temporary copy of `target` beside it, removed unless it was swapped in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_copies(target)
    staged = target.with_name(f"{target.name}{STAGED_INFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        if target.exists():
            shutil.copyfile(target, staged)
        yield staged
    finally:
        for suffix in ("", ".wal", ".compact", ".compact.wal"):
            leftover = staged.with_name(staged.name + suffix)
            if leftover.exists():
                leftover.unlink()


def load_revision(
    target: Path,
    document: DocumentRecord,
    tables: Mapping[str, pd.DataFrame],
    *,
    releases: Mapping[str, pd.DataFrame] | None = None,
    inputs: Mapping[str, object] | None = None,
    run_id: str | None = None,
    validate: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> LoadReport:
    """Replace `document`'s rows in the warehouse at `target` with `tables`, atomically.

    `tables` maps table name → frame; each row's revision_id is set to the document's here
    (the normalizers' frames carry it already, as provenance). Rows of other
    revisions are kept. `releases` maps table name → frame of official statistics keyed by
    `release_id`: rows of the same releases are replaced, other releases are kept.
    `validate` runs on the staged file before the swap; raising there (or anywhere) leaves
    `target` exactly as it was. `on_wait` hears why, when another writer holds the lock.
    """
    run_id = run_id or uuid.uuid4().hex
    started = dt.datetime.now(dt.UTC)
    report = LoadReport(warehouse=target, run_id=run_id)
    with writing_warehouse(target, on_wait=on_wait) as con:
        report.migrations_applied = apply_migrations(con)
        con.execute("BEGIN")
        _refresh_municipalities(con)
        write_seeds(con)
        _upsert_document(con, document)
        for table in revision_tables(con):
            con.execute(
                f"DELETE FROM {quote_identifier(table)} WHERE revision_id = ?",
                [document.revision_id],
            )
        # A subject relation is a view over the facts (warehouse.subjects): not loaded.
        subjects = declared_subjects()
        for table, frame in tables.items():
            if table in subjects:
                continue
            frame = frame.assign(revision_id=document.revision_id)
            _insert_frame(con, table, frame)
            report.row_counts[table] = len(frame)
        twice = duplicated_grain(con, document.revision_id)
        if twice is not None:
            raise WarehouseError(f"{twice}: the same printed value was read twice; {EXPLAIN_HINT}")
        for table, frame in (releases or {}).items():
            _replace_releases(con, table, frame)
            report.row_counts[table] = len(frame)
        rebuild_views(con)
        summary = ", ".join(f"{t}={n}" for t, n in report.row_counts.items())
        con.execute(
            "INSERT INTO load_run VALUES (?, ?, now(), 'succeeded', ?, ?, ?)",
            [
                run_id,
                started,
                document.revision_id,
                json.dumps(dict(inputs or {}), ensure_ascii=False, default=str),
                summary,
            ],
        )
        con.execute("COMMIT")
        if validate is not None:
            validate(con)
    return report


def _compacted(staged: Path) -> Path:
    """A fresh copy of `staged` holding only live rows, beside it.

    DuckDB does not hand back the blocks freed by this revision's DELETE, so rebuilding
    the same revision in the copied file would grow it at every refresh; copying the
    database into a new file (schema, comments, data) keeps the size of what it holds.
    """
    compact = staged.with_name(staged.name + ".compact")
    compact.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(staged)) as con:
            quoted = str(compact).replace("'", "''")  # ATTACH takes no parameters
            con.execute(f"ATTACH '{quoted}' AS compact")
            con.execute(f'COPY FROM DATABASE "{_catalog_name(con)}" TO compact')
            con.execute("DETACH compact")
    except duckdb.Error as exc:
        compact.unlink(missing_ok=True)
        raise WarehouseError(f"compacting the new warehouse failed: {_first_line(exc)}") from exc
    return compact


def _catalog_name(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("SELECT current_database()").fetchone()[0]


def record_failure(target: Path, run_id: str, message: str) -> Path:
    """Append a failed refresh to `<warehouse>.failures.jsonl` (the warehouse is untouched)."""
    log = target.with_name(target.name + ".failures.jsonl")
    log.parent.mkdir(parents=True, exist_ok=True)
    entry = {"run_id": run_id, "at": dt.datetime.now(dt.UTC).isoformat(), "message": message}
    append_line(log, json.dumps(entry, ensure_ascii=False))
    return log
