"""Whether a warehouse has every migration of this version of the code.

The read-only commands (`vision diff`, `vision report --revision`) cannot migrate a
warehouse built by an earlier version; without this check they fail on a missing view or
column with DuckDB's words, which do not say that `vision refresh` would fix it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.messages import say
from warehouse.load import outdated_migrations


class OutdatedWarehouse(Exception):
    """The warehouse lacks migrations of this version; the message says what to run."""


def require_current_schema(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    missing = outdated_migrations(con)
    if missing:
        raise OutdatedWarehouse(
            say("warehouse.outdated", warehouse=warehouse, missing=", ".join(missing))
        )
