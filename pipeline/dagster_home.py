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
from contextlib import closing
from pathlib import Path

from sources.revision_store import RevisionStore

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
    DAGSTER_HOME; Dagster is imported only when the index does not already say so.
    Returns the partition key when it was newly registered."""
    revision = RevisionStore().add(pdf)
    if partition_registered(REVISION_PARTITIONS, revision.key):
        return None
    from pipeline.refresh import register_revision  # imports Dagster: only here

    return register_revision(pdf)
