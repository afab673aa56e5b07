"""The analyst views: `views_sql/*.sql`, one jinja2 template (the files in name order, a
file a group of views, each after the views it reads), rendered for the run's profile.

The views are recreated on every load (and by the actuals import), so they always match the
tables beneath. What they cite of one area — the section labels they select by, the
municipalities (one column each in the participation matrix: a pivot view must name its
columns) and their number — comes from the profile, so the SQL names no area.

What each view and column means is declared once in `views.toml`; `{{ comments('view') }}`
in the template writes a view's COMMENT ON statements from it (CREATE OR REPLACE drops them,
so they follow each view).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

import duckdb
import jinja2

from sources.profile import current_profile
from warehouse.paths import WAREHOUSE_DIR, quote_identifier
from warehouse.profile_labels import profile_labels
from warehouse.subjects import municipality_relations, view_statements

VIEWS_SQL = WAREHOUSE_DIR / "views_sql"
VIEWS_TOML = WAREHOUSE_DIR / "views.toml"
SHARED_PREFIX = "@"
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
# Facts of the template's fixed parts whose rows print a municipality's name; the profile's
# subject relations that do are added to them.
NAMING_FACTS = (
    "fact_population",
    "fact_project_participation",
)


def _sql_text(value: str) -> str:
    """`value` for the inside of an SQL string literal."""
    return value.replace("'", "''")


def _declared_comments() -> dict[str, Any]:
    return tomllib.loads(VIEWS_TOML.read_text(encoding="utf-8"))


def comment_statements(
    declaration: Mapping[str, Any], labels: Mapping[str, str]
) -> Callable[[str], str]:
    """`comments(view)`: the COMMENT ON statements of `view` as `declaration` (a parsed
    views.toml) describes it and its columns, `{label}`s filled in from `labels`."""
    shared: Mapping[str, str] = declaration.get("shared", {})

    def text(description: str) -> str:
        if description.startswith(SHARED_PREFIX):
            description = shared[description.removeprefix(SHARED_PREFIX)]
        return "'" + _sql_text(description.format_map(labels)) + "'"

    def comments(view: str) -> str:
        spec = declaration["view"][view]
        statements = [f"COMMENT ON VIEW {view} IS {text(spec['comment'])};"]
        for column, description in spec["columns"].items():
            if not _NAME.fullmatch(column):
                raise ValueError(f"views.toml: {view}.{column} is not a plain column name")
            statements.append(f"COMMENT ON COLUMN {view}.{column} IS {text(description)};")
        return "\n".join(statements)

    return comments


def views_sql() -> str:
    """The views' SQL rendered for the run's profile (`profile_labels`, its municipalities)."""
    municipalities = [
        {"code": _sql_text(m.code), "name": _sql_text(m.name), "column": quote_identifier(m.name)}
        for m in current_profile().region.municipalities
    ]
    template = jinja2.Template(
        "".join(path.read_text(encoding="utf-8") for path in sorted(VIEWS_SQL.glob("*.sql"))),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    raw_labels = profile_labels()
    labels = {key: _sql_text(value) for key, value in raw_labels.items()}
    return template.render(
        municipalities=municipalities,
        # Relations whose rows print a municipality's name (the name variants' view).
        naming_relations=municipality_relations(NAMING_FACTS),
        comments=comment_statements(_declared_comments(), raw_labels),
        **labels,
    )


def rebuild_views(con: duckdb.DuckDBPyConnection) -> None:
    """Drop every view of the warehouse, then create the analyst views from the template:
    a view the project did not make (one planted in the file to read `/etc/passwd` when
    someone exports) does not survive a load."""
    planted = con.execute(
        "SELECT schema_name, view_name FROM duckdb_views() "
        "WHERE NOT internal AND NOT temporary AND database_name = current_database()"
    ).fetchall()
    for schema, view in planted:
        con.execute(f"DROP VIEW IF EXISTS {quote_identifier(schema)}.{quote_identifier(view)}")
    # The profile's subject relations first: the analyst views read them.
    for statement in view_statements(con, frozenset(_declared_comments()["view"])):
        con.execute(statement)
    con.execute(views_sql())
