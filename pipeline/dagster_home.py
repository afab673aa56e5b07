"""What the Dagster instance at DAGSTER_HOME already knows, read without importing Dagster.

Why: a `vision refresh` with nothing to do must still make sure its PDF is a partition of
the instance (README: Dagster), but building a `DagsterInstance` imports Dagster, SQLAlchemy
and Alembic and costs more than a second — three times the whole no-op refresh. The answer
"this key is already registered" is one read of the SQLite index the instance writes, so
it is read here; anything else (no such file, another storage such as Postgres, a schema
this code does not recognize) answers None and the caller asks Dagster itself. Nothing is
ever written here: registering stays Dagster's job.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sources.areas import scoped_area
from sources.revision_store import RevisionStore, StoredRevision

CONFIG_FILE = "dagster.yaml"
# The name of the dynamic partitions of the vision's revisions (pipeline.partitions), here
# so that it is known without importing Dagster.
REVISION_PARTITIONS = "vision_revision"


def dagster_home() -> Path | None:
    """DAGSTER_HOME as a directory, or None when it is not set."""
    configured = os.environ.get("DAGSTER_HOME", "").strip()
    return Path(configured) if configured else None


def event_index_path(home: Path) -> Path | None:
    """The SQLite event-log index of the instance configured in `home`, or None when its
    storage is not the local SQLite one (or its configuration cannot be read plainly).

    Dagster keeps dynamic partitions in `<base>/history/runs/index.db`, where `<base>` is
    `storage.sqlite.base_dir` (relative to the directory Dagster starts in, as dagster.yaml
    says) or DAGSTER_HOME itself when no storage is configured."""
    config_file = home / CONFIG_FILE
    config: object = {}
    if config_file.is_file():
        import yaml  # installed with Dagster; cheap beside Dagster itself

        try:
            config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return None
    if not isinstance(config, dict):
        return None
    if any(key in config for key in ("event_log_storage", "run_storage")):
        return None  # configured storage by storage: not the layout read here
    storage = config.get("storage")
    if storage is None:
        base = home
    elif isinstance(storage, dict) and set(storage) == {"sqlite"}:
        sqlite_config = storage["sqlite"]
        base_dir = sqlite_config.get("base_dir") if isinstance(sqlite_config, dict) else None
        if not isinstance(base_dir, str):
            return None  # e.g. {env: VAR}: let Dagster resolve it
        base = Path(base_dir)
    else:
        return None
    return base / "history" / "runs" / "index.db"


def partition_registered(partitions_def_name: str, key: str) -> bool | None:
    """True when the instance at DAGSTER_HOME already has `key` in the dynamic partitions
    `partitions_def_name`; None when that cannot be told without Dagster (then ask it)."""
    home = dagster_home()
    index = event_index_path(home) if home is not None else None
    if index is None or not index.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{index.resolve().as_uri()}?mode=ro", uri=True)) as con:
            row = con.execute(
                "SELECT 1 FROM dynamic_partitions WHERE partitions_def_name = ? "
                "AND partition = ? LIMIT 1",
                (partitions_def_name, key),
            ).fetchone()
    except sqlite3.Error:
        return None
    return True if row else None


def ensure_registered(pdf: Path) -> str | None:
    """Keep `pdf` in the revision store and make sure it is a partition of the instance at
    DAGSTER_HOME (an edition of the area the command works under, in a deployment of
    several); Dagster is imported only when the index does not already say so.
    Returns the partition key when it was newly registered."""
    revision = keep_edition(pdf)
    if partition_registered(REVISION_PARTITIONS, revision.key):
        return None
    from pipeline.refresh import register_revision  # imports Dagster: only here

    return register_revision(pdf)


def keep_edition(pdf: Path) -> StoredRevision:
    """`pdf` kept in the revision store, recorded as an edition of the area the command
    works under when the deployment has several (sources.areas)."""
    store = RevisionStore()
    revision = store.add(pdf)
    area = scoped_area()
    if area is not None:
        store.pair(revision.key, area.key)
    return revision


@contextmanager
def sqlite_storage_kept_open(home: Path | None = None) -> Iterator[None]:
    """While a run writes its events: keep one idle connection open to each SQLite file of
    the instance's storage that Dagster has opened in WAL mode.

    Why: Dagster's SQLite storage opens a new connection for every event and closes it
    after one insert; closing the last connection to a WAL database checkpoints it and
    deletes its log, each time — most of what a refresh with DAGSTER_HOME set cost more
    than one without (about 340 events a run), with an fsync at every commit. With another
    connection open, a close is not the last one; the log is checkpointed as SQLite does by
    itself (every 1000 pages) and once when this ends; commits sync as WAL's NORMAL level
    does. The kept connections never hold a transaction, so they block
    no writer and no reader. Any other storage: nothing is done."""
    home = home if home is not None else dagster_home()
    index = event_index_path(home) if home is not None else None
    if index is None:
        yield
        return
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    root = index.parent.parent.resolve()  # <base>/history: runs.db and the event shards
    kept: dict[str, sqlite3.Connection] = {}

    def keep(dbapi_connection: Any, _record: Any) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
        path = next((row[2] for row in rows if row[1] == "main"), "")
        if not path or not Path(path).resolve().is_relative_to(root):
            return
        # A shard is created and switched to WAL by its first connection: keep it from the
        # next one on (an idle connection in rollback-journal mode would not help).
        if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            return
        # In WAL mode NORMAL syncs at checkpoints, not at every event's commit: a power
        # cut may lose the last events of this run, never corrupt the file (SQLite's
        # documented guarantee); the warehouse itself is written and swapped separately.
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")
        if path in kept:
            return
        keeper = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        keeper.execute("SELECT count(*) FROM sqlite_master").fetchall()
        kept[path] = keeper

    event.listen(Pool, "connect", keep)
    try:
        with _one_engine_per_shard():
            yield
    finally:
        event.remove(Pool, "connect", keep)
        for keeper in kept.values():
            keeper.close()


@contextmanager
def _one_engine_per_shard() -> Iterator[None]:
    """While a run writes its events: one SQLAlchemy engine per SQLite file of the event
    log, whose pool keeps its connection, instead of a new engine and a new connection for
    every event (Dagster's SQLite event log asks `create_engine(..., poolclass=NullPool)`
    about three times per event: ~780 engines and connections a refresh). Dagster holds
    its own lock around each use (`SqliteEventLogStorage._db_lock`), so one connection a
    file is enough; it may be used from Dagster's other threads, hence
    check_same_thread=False. The engines are disposed when the run is over."""
    from dagster._core.storage.event_log.sqlite import sqlite_event_log

    create_engine = sqlite_event_log.create_engine
    engines: dict[str, Any] = {}

    def shared_engine(url: Any, **kwargs: Any) -> Any:
        key = str(url)
        if key not in engines:
            kwargs.pop("poolclass", None)
            connect_args = {**kwargs.pop("connect_args", {}), "check_same_thread": False}
            engines[key] = create_engine(
                url, connect_args=connect_args, pool_size=1, max_overflow=2, **kwargs
            )
        return engines[key]

    sqlite_event_log.create_engine = shared_engine
    try:
        yield
    finally:
        sqlite_event_log.create_engine = create_engine
        for engine in engines.values():
            engine.dispose()
