"""What changed between two revisions of the vision, value by value.

Tables are matched by (section, caption, occurrence) and cells by (row label, occurrence,
column label, occurrence) — what a reader would use — never by page or table number, so a
revision whose tables moved to other pages still diffs cleanly. The comparison runs in
DuckDB on `table_cell`; projects are compared on `dim_project`.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

_TABLE_KEY = ["section", "caption", "table_occurrence"]
_CELL_KEY = [*_TABLE_KEY, "row_label", "row_occurrence", "column_label", "column_occurrence"]


class RevisionNotFound(LookupError):
    pass


@dataclass(frozen=True)
class RevisionDiff:
    old: str
    new: str
    changed: pd.DataFrame  # caption, row_label, column_label, old, new, old_page, new_page
    added_tables: pd.DataFrame  # caption, section, pages
    removed_tables: pd.DataFrame
    added_projects: pd.DataFrame  # project_no, project_name
    removed_projects: pd.DataFrame

    @property
    def is_empty(self) -> bool:
        return all(
            f.empty
            for f in (
                self.changed,
                self.added_tables,
                self.removed_tables,
                self.added_projects,
                self.removed_projects,
            )
        )


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


def last_two_revisions(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    rows = con.execute(
        "SELECT revision_id FROM source_document ORDER BY loaded_at DESC LIMIT 2"
    ).fetchall()
    if len(rows) < 2:
        raise RevisionNotFound("the warehouse holds fewer than two revisions to compare")
    return rows[1][0], rows[0][0]


_OLD_NEW = """
    o AS (SELECT * FROM table_cell WHERE revision_id = $old),
    n AS (SELECT * FROM table_cell WHERE revision_id = $new)
"""


def changed_cells(con: duckdb.DuckDBPyConnection, old: str, new: str) -> pd.DataFrame:
    """Cells whose text differs, or that exist in one revision only, in tables present in
    both (whole tables added or removed are reported separately)."""
    on = " AND ".join(f"o.{k} IS NOT DISTINCT FROM n.{k}" for k in _CELL_KEY)
    common = " AND ".join(f"t.{k} = c.{k}" for k in _TABLE_KEY)
    return con.execute(
        f"""
        WITH {_OLD_NEW},
        common AS (
            SELECT DISTINCT {", ".join(_TABLE_KEY)} FROM o
            INTERSECT SELECT DISTINCT {", ".join(_TABLE_KEY)} FROM n
        ),
        joined AS (
            SELECT coalesce(n.caption, o.caption) AS caption,
                   coalesce(n.section, o.section) AS section,
                   coalesce(n.table_occurrence, o.table_occurrence) AS table_occurrence,
                   coalesce(n.row_label, o.row_label) AS row_label,
                   coalesce(n.column_label, o.column_label) AS column_label,
                   o.text AS old, n.text AS new, o.page AS old_page, n.page AS new_page,
                   coalesce(n.row_index, o.row_index) AS row_index,
                   coalesce(n.col_index, o.col_index) AS col_index
            FROM o FULL OUTER JOIN n ON {on}
        )
        SELECT caption, row_label, column_label, old, new, old_page, new_page
        FROM joined AS c
        WHERE old IS DISTINCT FROM new
          AND EXISTS (SELECT 1 FROM common AS t WHERE {common})
        ORDER BY coalesce(new_page, old_page), caption, row_index, col_index
        """,
        {"old": old, "new": new},
    ).df()


def _tables_only_in(con: duckdb.DuckDBPyConnection, here: str, there: str) -> pd.DataFrame:
    cols = ", ".join(_TABLE_KEY)
    return con.execute(
        f"""
        WITH {_OLD_NEW}
        SELECT caption, section, min(page) AS first_page, max(page) AS last_page
        FROM o
        WHERE ({cols}) NOT IN (SELECT ({cols}) FROM n)
        GROUP BY {cols}
        ORDER BY first_page
        """,
        {"old": here, "new": there},
    ).df()


def _projects_only_in(con: duckdb.DuckDBPyConnection, here: str, there: str) -> pd.DataFrame:
    return con.execute(
        """
        SELECT project_no, project_name FROM dim_project WHERE revision_id = ?
        AND project_no NOT IN (SELECT project_no FROM dim_project WHERE revision_id = ?)
        ORDER BY project_no
        """,
        [here, there],
    ).df()


def diff_revisions(con: duckdb.DuckDBPyConnection, old: str, new: str) -> RevisionDiff:
    old, new = resolve_revision(con, old), resolve_revision(con, new)
    return RevisionDiff(
        old=old,
        new=new,
        changed=changed_cells(con, old, new),
        added_tables=_tables_only_in(con, new, old),
        removed_tables=_tables_only_in(con, old, new),
        added_projects=_projects_only_in(con, new, old),
        removed_projects=_projects_only_in(con, old, new),
    )
