"""Whether a warehouse has every migration of this version of the code.

The read-only commands (`vision diff`, `vision report --revision`) cannot migrate a
warehouse built by an earlier version; without this check they fail on a missing view or
column with DuckDB's words, which do not say that `vision refresh` would fix it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.messages import say
from warehouse.load import migrations


class OutdatedWarehouse(Exception):
    """The warehouse lacks migrations of this version; the message says what to run."""


def missing_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """This version's migrations the warehouse has not applied (none for a file without a
    migration record: not a vision warehouse, which the caller reports in its own words)."""
    try:
        done = {r[0] for r in con.execute("SELECT name FROM schema_migration").fetchall()}
    except duckdb.CatalogException:
        return []
    return [path.name for path in migrations() if path.name not in done]


def require_current_schema(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    missing = missing_migrations(con)
    if missing:
        raise OutdatedWarehouse(
            say("warehouse.outdated", warehouse=warehouse, missing=", ".join(missing))
        )
