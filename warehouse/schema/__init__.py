"""The fact tables' schema, declared once in `facts.toml`: what each fact holds, its columns
in order with their DuckDB type and description.

Everything that states a fact's columns derives from it: the normalizers' frame schemas
(`frame_schema`, pandas dtypes from the DuckDB types), the tables and columns a warehouse
lacks (`create_declared_tables`: a new fact or column is declared here and nowhere else),
the grain the loader holds each revision's rows to (`duplicated_grain`),
the `COMMENT ON` statements the loader writes when a description changed
(`write_comments`, so a corrected description reaches a warehouse that applied its
migrations long ago) and, through those comments, docs/warehouse.md. The migrations are
history: the facts of earlier versions, and conversions of rows already loaded.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from sources.profile import selected_profile_name
from warehouse.paths import quote_identifier
from warehouse.profile_labels import profile_labels

FACTS_TOML = Path(__file__).with_name("facts.toml")

# DuckDB type → the nullable pandas dtype its frame column has (lists stay Python objects).
PANDAS_DTYPES: Mapping[str, str] = {
    "VARCHAR": "string",
    "INTEGER": "Int64",
    "BIGINT": "Int64",
    "DOUBLE": "Float64",
    "BOOLEAN": "boolean",
    "VARCHAR[]": "object",
}
GROUP_PREFIX = "@"


class SchemaError(ValueError):
    """facts.toml does not declare a valid schema (unknown group, column or type)."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type, as duckdb_columns() spells it
    description: str

    @property
    def dtype(self) -> str:
        return PANDAS_DTYPES[self.type]


@dataclass(frozen=True)
class Fact:
    name: str
    description: str
    columns: tuple[Column, ...]
    # The columns that tell its rows of one revision apart (facts.toml `grain`); () when
    # not declared (a profile's subject relation may leave it out).
    grain: tuple[str, ...] = ()


def parse_facts(
    declaration: Mapping[str, Any], labels: Mapping[str, str] | None = None
) -> dict[str, Fact]:
    """The facts of a parsed facts.toml, by name, in declaration order; `{name}` in a
    description is filled in from `labels` (the profile's, see warehouse.profile_labels)."""
    labels = {} if labels is None else labels
    shared = {
        name: Column(name, spec["type"], spec["description"])
        for name, spec in declaration.get("column", {}).items()
    }
    groups: Mapping[str, list[str]] = declaration.get("group", {})
    facts = {}
    for name, spec in declaration["fact"].items():
        columns: list[Column] = []
        for item in spec["columns"]:
            columns += _columns_of(item, shared, groups, name)
        seen = [c.name for c in columns]
        if len(seen) != len(set(seen)):
            raise SchemaError(f"{name}: a column is declared twice in {seen}")
        described = tuple(
            Column(c.name, c.type, _filled(c.description, labels, f"{name}.{c.name}"))
            for c in columns
        )
        grain = tuple(spec.get("grain") or ())
        unknown = [c for c in grain if c not in seen]
        if unknown:
            raise SchemaError(f"{name}: grain names {unknown[0]!r}, which is not its column")
        facts[name] = Fact(name, _filled(spec["description"], labels, name), described, grain)
    return facts


def _filled(text: str, labels: Mapping[str, str], where: str) -> str:
    try:
        return text.format_map(labels)
    except (KeyError, ValueError, IndexError) as exc:
        raise SchemaError(f"{where}: description names an unknown label ({exc})") from exc


def _columns_of(
    item: str | Mapping[str, str],
    shared: Mapping[str, Column],
    groups: Mapping[str, list[str]],
    fact: str,
) -> list[Column]:
    """The columns one entry of a fact's `columns` stands for."""
    if isinstance(item, str) and item.startswith(GROUP_PREFIX):
        group = item.removeprefix(GROUP_PREFIX)
        if group not in groups:
            raise SchemaError(f"{fact}: unknown group {item!r}")
        return [_shared(name, shared, fact) for name in groups[group]]
    if isinstance(item, str):
        return [_shared(item, shared, fact)]
    base = shared.get(item["name"])
    column = Column(
        item["name"],
        item.get("type") or (base.type if base else ""),
        item.get("description") or (base.description if base else ""),
    )
    if not column.description:
        raise SchemaError(f"{fact}.{column.name}: no description")
    if column.type not in PANDAS_DTYPES:
        raise SchemaError(
            f"{fact}.{column.name}: type {column.type!r} is not one of {list(PANDAS_DTYPES)}"
        )
    return [column]


def _shared(name: str, shared: Mapping[str, Column], fact: str) -> Column:
    if name not in shared:
        raise SchemaError(f"{fact}: {name!r} is not a shared column ([column.{name}])")
    return shared[name]


@cache
def _declaration() -> dict[str, Any]:
    return tomllib.loads(FACTS_TOML.read_text(encoding="utf-8"))


def shared_declaration() -> dict[str, Any]:
    """facts.toml's shared columns and groups, which a profile's subject relations
    (warehouse.subjects) declare their columns with."""
    return {key: _declaration().get(key, {}) for key in ("column", "group")}


@cache
def declared_facts() -> dict[str, Fact]:
    """The facts' tables and columns (names, types), by table name, in declaration order:
    the same for every profile (descriptions left with their placeholders)."""
    return parse_facts(_declaration(), _Placeholders())


def facts() -> dict[str, Fact]:
    """The declared facts, described for the run's profile (warehouse.profile_labels)."""
    return _facts(selected_profile_name())


@cache
def _facts(profile_name: str) -> dict[str, Fact]:
    return parse_facts(_declaration(), profile_labels())


class _Placeholders(dict[str, str]):
    """Labels that leave every placeholder as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def frame_schema(table: str) -> tuple[tuple[str, str], ...]:
    """(column, pandas dtype) of the frame the normalizers build for `table`, in order."""
    return tuple((c.name, c.dtype) for c in declared_facts()[table].columns)


def comment_statements(con: duckdb.DuckDBPyConnection | None = None) -> list[str]:
    """COMMENT ON every declared fact table and column — when a connection is given, only
    those whose comment in `con` differs from the declaration, and only on the columns it
    has (a file an older version migrated part-way lacks the newer ones; the declaration and
    the full set of migrations are held in step by tests/warehouse/test_schema.py)."""
    current = _current_comments(con) if con is not None else {}
    present = set(current) if con is not None else None
    statements = []
    for fact in facts().values():
        table = quote_identifier(fact.name)
        if current.get((fact.name, None)) != fact.description:
            statements.append(f"COMMENT ON TABLE {table} IS {sql_literal(fact.description)}")
        statements += [
            f"COMMENT ON COLUMN {table}.{quote_identifier(c.name)} IS {sql_literal(c.description)}"
            for c in fact.columns
            if current.get((fact.name, c.name)) != c.description
            and (present is None or (fact.name, c.name) in present)
        ]
    return statements


def table_statements(con: duckdb.DuckDBPyConnection) -> list[str]:
    """CREATE TABLE for each declared fact `con` lacks, ALTER TABLE … ADD COLUMN for each
    declared column a fact lacks: a new fact or column needs its declaration only, no
    migration. A column whose type differs from its declaration is a SchemaError: changing
    the type of rows already loaded is a migration's job."""
    existing: dict[str, dict[str, str]] = {}
    for table, column, kind in con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE list_contains(?, table_name)",
        [list(declared_facts())],
    ).fetchall():
        existing.setdefault(table, {})[column] = kind
    statements = []
    for fact in declared_facts().values():
        table = quote_identifier(fact.name)
        have = existing.get(fact.name)
        if have is None:
            columns = ", ".join(f"{quote_identifier(c.name)} {c.type}" for c in fact.columns)
            statements.append(f"CREATE TABLE {table} ({columns})")
            continue
        for c in fact.columns:
            if c.name not in have:
                statements.append(
                    f"ALTER TABLE {table} ADD COLUMN {quote_identifier(c.name)} {c.type}"
                )
            elif have[c.name] != c.type:
                raise SchemaError(
                    f"{fact.name}.{c.name} is {have[c.name]} in the warehouse but declared "
                    f"{c.type} in {FACTS_TOML.name}: add a migration that converts it"
                )
    return statements


def create_declared_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Run `table_statements` in one transaction; the statements run."""
    statements = table_statements(con)
    _run_in_one_transaction(con, statements)
    return statements


def write_comments(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)write the declared descriptions as the fact tables' comments, in one transaction
    (the caller's connection must not be inside one)."""
    _run_in_one_transaction(con, comment_statements(con))


def _run_in_one_transaction(con: duckdb.DuckDBPyConnection, statements: list[str]) -> None:
    if not statements:
        return
    con.execute("BEGIN")
    try:
        for statement in statements:
            con.execute(statement)
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise


def _current_comments(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str | None], str]:
    """(table, column or None for the table) → comment, for the declared fact tables."""
    names = list(facts())
    tables = con.execute(
        "SELECT table_name, NULL, comment FROM duckdb_tables() WHERE list_contains(?, table_name)",
        [names],
    ).fetchall()
    columns = con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() "
        "WHERE list_contains(?, table_name)",
        [names],
    ).fetchall()
    return {(t, c): comment for t, c, comment in tables + columns}


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def duplicated_grain(con: duckdb.DuckDBPyConnection, revision_id: str) -> str | None:
    """The first declared fact in which two rows of `revision_id` share the fact's grain,
    described in one line (the grain's values and where the rows are printed); None when
    every fact holds one row per grain. A second row means a table was read twice or
    ambiguously, which must not reach the warehouse as a silent double count."""
    for fact in declared_facts().values():
        if not fact.grain:
            continue
        keys = ", ".join(quote_identifier(c) for c in fact.grain)
        row = con.execute(
            f"SELECT {keys}, count(*), list(DISTINCT page ORDER BY page) "
            f"FROM {quote_identifier(fact.name)} WHERE revision_id = ? "
            "GROUP BY ALL HAVING count(*) > 1 LIMIT 1",
            [revision_id],
        ).fetchone()
        if row is not None:
            values = ", ".join(f"{c}={v}" for c, v in zip(fact.grain, row, strict=False))
            pages = f" (p.{', '.join(map(str, row[-1]))})" if row[-1] else ""
            return f"{fact.name}: {row[-2]} rows share {values}{pages}"
    return None
