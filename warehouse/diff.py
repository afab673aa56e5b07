"""What changed between two editions of the vision, as a change list.

Each compared value is an *item* (`warehouse.revision_items`: a key, a name in the
document's words, the printed text and its page); the items of both editions are joined on
the key (`warehouse.changes`). This module finds the editions to compare and puts the two
together.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from warehouse.changes import compare_items
from warehouse.editions import LoadedEdition, edition
from warehouse.load import outdated_migrations
from warehouse.revision_items import revision_items


class RevisionNotFound(LookupError):
    pass


class WarehouseOutdated(RevisionNotFound):
    """The warehouse was built before the schema the diff reads (a migration is pending)."""


def require_current_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse, in one line, a warehouse an older version built: the diff reads tables and
    columns its migrations had not added yet, and would fail on the first one missing."""
    pending = outdated_migrations(con)
    if pending:
        raise WarehouseOutdated(
            f"the warehouse was built by an older version (pending: {', '.join(pending)}); "
            "run `vision refresh` to bring it up to date, then compare again"
        )


@dataclass(frozen=True)
class RevisionDiff:
    old: LoadedEdition
    new: LoadedEdition
    changes: pd.DataFrame  # CHANGE_COLUMNS, one row per change, in document order

    @property
    def is_empty(self) -> bool:
        return self.changes.empty

    def records(self) -> list[dict[str, object]]:
        """The changes as plain values (None where an edition has nothing), in order."""
        return [
            {
                c: (None if pd.isna(v) else (int(v) if c.endswith("_page") else v))
                for c, v in r.items()
            }
            for r in self.changes.to_dict("records")
        ]


def resolve_revision(con: duckdb.DuckDBPyConnection, ref: str) -> str:
    """A loaded revision from its id or a unique prefix of it (e.g. the 12-digit key)."""
    matches = [
        r[0]
        for r in con.execute(
            "SELECT revision_id FROM source_document WHERE starts_with(revision_id, ?)", [ref]
        ).fetchall()
    ]
    if len(matches) != 1:
        loaded = ", ".join(
            r[0][:12]
            for r in con.execute(
                "SELECT revision_id FROM source_document ORDER BY loaded_at"
            ).fetchall()
        )
        problem = "matches no" if not matches else "matches more than one"
        raise RevisionNotFound(f"{ref!r} {problem} loaded revision (loaded: {loaded or 'none'})")
    return matches[0]


# The order latest_revision uses (warehouse/views_sql/10_editions.sql): the cover's
# publication date, the load date standing in only for an edition whose cover prints none.
PUBLICATION_ORDER = "coalesce(published, CAST(loaded_at AS DATE)) {0}, loaded_at {0}"


def last_two_revisions(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """The two newest editions, older first, in publication order (not load order)."""
    require_current_schema(con)
    rows = con.execute(
        "SELECT revision_id FROM source_document "
        f"ORDER BY {PUBLICATION_ORDER.format('DESC')} LIMIT 2"
    ).fetchall()
    if len(rows) < 2:
        raise RevisionNotFound("the warehouse holds fewer than two revisions to compare")
    return rows[1][0], rows[0][0]


def previous_revision(con: duckdb.DuckDBPyConnection, revision_id: str) -> str | None:
    """The edition published just before `revision_id`, or None."""
    row = con.execute(
        f"""
        WITH ordered AS (
            SELECT revision_id, row_number() OVER (ORDER BY {PUBLICATION_ORDER.format("ASC")}) AS n
            FROM source_document
        )
        SELECT revision_id FROM ordered
        WHERE n = (SELECT n - 1 FROM ordered WHERE revision_id = $r)
        """,
        {"r": revision_id},
    ).fetchone()
    return row[0] if row else None


def diff_revisions(con: duckdb.DuckDBPyConnection, old: str, new: str) -> RevisionDiff:
    require_current_schema(con)
    old, new = resolve_revision(con, old), resolve_revision(con, new)
    changes = compare_items(revision_items(con, old), revision_items(con, new))
    return RevisionDiff(old=edition(con, old), new=edition(con, new), changes=changes)
