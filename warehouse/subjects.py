"""Subject relations: what one document's tables are about, declared by its profile as
views over the warehouse's facts by shape.

The code reads every table by its shape — `fact_measure` holds every number of every data
table, `fact_list_item` every name of every list — and never by what it is about. What a
table is about (libraries, employment by sector, …) is one document's business: its
profile's `[subjects] declarations` file declares each subject relation once, with what
it holds (a description and its columns, in `warehouse/schema/facts.toml`'s syntax and
sharing its columns), the profile's tables it reads (`reads`, for the notes of a rule over
a subject the document does not print) and the SELECT over the facts that fills it.

The warehouse gets each as a view, created on every load before the analyst views that
read it (`view_statements`); the rules that check a subject read the same SELECT run over
the refresh's frames (`subject_frames`), so what is checked is what is loaded. A profile
without subjects has the facts by shape only. The SELECT may read the warehouse's facts and
`table_cell` (every printed cell: the text columns of a subject's rows), the macros and a
table's options (`table_option`, generated from the profile) and nothing else: it is tried
once, when read, in a DuckDB without access to files or network, and DuckDB's parse of it
gives the table keys it names, which must be those its `reads` lists.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from sources.japanese_text import NUMBER_MARKERS
from sources.profile import NOT_IN_DOCUMENT, Profile, TableSpec, current_profile
from sources.profile_match import DECLARED_TABLES
from sources.profile_subjects import SubjectDeclaration
from warehouse.cells import CELL_TYPES
from warehouse.paths import quote_identifier
from warehouse.profile_labels import profile_labels
from warehouse.schema import (
    PANDAS_DTYPES,
    Fact,
    SchemaError,
    declared_facts,
    frame_schema,
    parse_facts,
    shared_declaration,
    sql_literal,
)

_NAME = re.compile(r"[a-z][a-z0-9_]*")
# Besides the declared facts, what a SELECT may read: every printed cell (warehouse.cells).
CELLS = "table_cell"
# The SQL macros a subject's SELECT may use (squashed labels, a label's qualifier, a text
# without whitespace …; `is_marker` is made from the markers' declaration, macros_sql).
MACROS_SQL = Path(__file__).with_name("subjects_macros.sql")


@dataclass(frozen=True)
class Subject:
    """One subject relation: its columns, the profile's tables it reads, its SELECT."""

    fact: Fact
    reads: tuple[str, ...]
    select: str

    @property
    def name(self) -> str:
        return self.fact.name

    def view_select(self) -> str:
        """The SELECT with exactly the declared columns, in order, of the declared types."""
        columns = ", ".join(
            f"CAST(s.{quote_identifier(c.name)} AS {c.type}) AS {quote_identifier(c.name)}"
            for c in self.fact.columns
        )
        return f"SELECT {columns} FROM ({self.select}) AS s"


def declared_subjects(profile: Profile | None = None) -> dict[str, Subject]:
    """The subject relations of `profile` (the run's when None), by name, in order."""
    profile = profile or current_profile()
    if not profile.subjects:
        return {}
    where = str(profile.subjects_path)
    key = (str(profile.path), where, tuple(sorted(profile_labels().items())))
    if key not in _READ:  # tried once per profile and labels (a refresh asks many times)
        _READ[key] = _subjects(profile.subjects, where, dict(key[2]), profile.tables)
    return _READ[key]


_READ: dict[tuple[str, str, tuple[tuple[str, str], ...]], dict[str, Subject]] = {}


def _subjects(
    declared: tuple[SubjectDeclaration, ...],
    where: str,
    labels: dict[str, str],
    tables: tuple[TableSpec, ...],
) -> dict[str, Subject]:
    for d in declared:
        if not _NAME.fullmatch(d.name) or d.name in declared_facts():
            raise SchemaError(f"{where}: subject {d.name!r} is no new lower-case relation name")
    specs = {d.name: {"description": d.description, "columns": list(d.columns)} for d in declared}
    try:
        parsed = parse_facts(shared_declaration() | {"fact": specs}, labels)
    except (KeyError, TypeError) as exc:
        raise SchemaError(f"{where}: a subject's columns lack {exc}") from exc
    subjects = {d.name: Subject(parsed[d.name], d.reads, d.sql) for d in declared}
    _try(subjects, where, tables)
    return subjects


def _sandbox(tables: tuple[TableSpec, ...]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that reads no file: the facts' tables and table_cell, empty,
    and the macros, `table_option` of the profile's `tables`."""
    con = duckdb.connect(config={"enable_external_access": False})
    con.execute(macros_sql() + _table_option_macro(tables))
    facts = {f.name: [(c.name, c.type) for c in f.columns] for f in declared_facts().values()}
    for name, typed in (facts | {CELLS: list(CELL_TYPES.items())}).items():
        columns = ", ".join(f"{quote_identifier(c)} {t}" for c, t in typed)
        con.execute(f"CREATE TABLE {quote_identifier(name)} ({columns})")
    return con


def _try(subjects: Mapping[str, Subject], where: str, tables: tuple[TableSpec, ...]) -> None:
    """Run each SELECT once over empty facts: a typo, a column it does not give or a read
    of anything but the facts is a SchemaError naming the subject; so is a table key the
    SELECT names that its `reads` does not list (its rule's notes would not know it)."""
    con = _sandbox(tables)
    for subject in subjects.values():
        try:
            con.execute(f"{subject.view_select()} LIMIT 0")
            (parsed,) = con.execute("SELECT json_serialize_sql(?)", [subject.select]).fetchone()
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise SchemaError(f"{where}: [subject.{subject.name}] sql: {first}") from exc
        unlisted = sorted(_keys_named(json.loads(parsed)) - set(subject.reads))
        if unlisted:
            raise SchemaError(
                f"{where}: [subject.{subject.name}] sql reads the table {unlisted[0]!r}, which "
                f"its reads does not list (reads: {', '.join(subject.reads) or 'none'}); "
                "add it to reads"
            )


def _keys_named(node: object) -> set[str]:
    """The table keys a SELECT parsed by DuckDB (json_serialize_sql) names: the texts it
    compares with a column `table_key` (=, <>, IN …) and the keys it asks table_option of."""
    if isinstance(node, list):
        return set().union(*(_keys_named(n) for n in node))
    if not isinstance(node, dict):
        return set()
    found = set().union(*(_keys_named(v) for v in node.values()))
    kind = node.get("class")
    if kind == "FUNCTION" and node.get("function_name") == "table_option":
        return found | _texts(node.get("children", [])[:1])
    if kind == "COMPARISON":
        operands = [node.get("left"), node.get("right")]
    elif kind == "OPERATOR" and str(node.get("type")).startswith("COMPARE_"):
        operands = node.get("children", [])
    else:
        return found
    named_key = any(
        isinstance(o, dict)
        and o.get("class") == "COLUMN_REF"
        and o.get("column_names", [""])[-1] == "table_key"
        for o in operands
    )
    return found | _texts(operands) if named_key else found


def _texts(operands: Iterable[object]) -> set[str]:
    """The text constants among parsed operands."""
    return {
        o["value"]["value"]
        for o in operands
        if isinstance(o, dict)
        and o.get("class") == "CONSTANT"
        and not o["value"].get("is_null")
        and isinstance(o["value"].get("value"), str)
    }


def _table_option_macro(tables: Iterable[TableSpec]) -> str:
    """`table_option(table_key, option)`: the `options` value the profile declares for a
    table (e.g. the unit its heading states), NULL when none: what a subject's SELECT
    reads instead of repeating the profile's words."""
    cases = [
        f"WHEN table_key = {sql_literal(t.key)} AND option = {sql_literal(name)} "
        f"THEN {sql_literal(str(value))}"
        for t in tables
        for name, value in t.options.items()
    ]
    body = f"CASE {' '.join(cases)} END" if cases else "NULL"
    return (
        "\n-- Generated from the profile's [[tables]] options (warehouse.subjects).\n"
        "CREATE OR REPLACE MACRO table_option(table_key, option) AS "
        f"CAST({body} AS VARCHAR);\n"
    )


def profile_macros(profile: Profile) -> str:
    """The macros a subject's SELECT may use under `profile`."""
    return macros_sql() + _table_option_macro(profile.tables)


@cache
def macros_sql() -> str:
    """subjects_macros.sql and the macro `is_marker` made from the markers' declaration."""
    return MACROS_SQL.read_text(encoding="utf-8") + _marker_macro()


def _marker_macro() -> str:
    """`is_marker(t)`: whether a printed text is empty or a number marker (—, *, x, (同左) …)
    as warehouse.printed_values.marker_of reads it, NFKC without whitespace. DuckDB has no
    NFKC: the macro lists each marker in every form whose characters' NFKC spell it."""
    wanted = {ch for marker in NUMBER_MARKERS for ch in marker}
    forms: dict[str, set[str]] = {ch: set() for ch in wanted}
    for point in range(0x10000):
        normalized = unicodedata.normalize("NFKC", chr(point))
        if normalized in forms:
            forms[normalized].add(chr(point))
    printed = sorted(
        {"".join(p) for m in NUMBER_MARKERS for p in itertools.product(*(forms[c] for c in m))}
    )
    listed = ", ".join(sql_literal(m) for m in ["", *printed])
    return (
        "\n-- Generated from sources.japanese_text.NUMBER_MARKERS (warehouse.subjects).\n"
        f"CREATE OR REPLACE MACRO is_marker(t) AS without_whitespace(t) IN ({listed});\n"
    )


def municipality_relations(typed: tuple[str, ...]) -> list[str]:
    """`typed` (facts of the template's fixed parts) and the run's subject relations whose
    rows print a municipality's name (a `municipality_name_printed` column)."""
    subjects = [
        s.name
        for s in declared_subjects().values()
        if any(c.name == "municipality_name_printed" for c in s.fact.columns)
    ]
    return sorted({*typed, *subjects})


def subject_frames(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each subject relation of the run's profile as its view would hold it, computed from
    the refresh's fact frames and cells (`table_cell` with its revision_id: what the rules
    check), with the attributes the rules' notes read: NOT_IN_DOCUMENT when the profile
    declares none of the tables it reads."""
    subjects = declared_subjects()
    if not subjects:
        return {}
    profile = current_profile()
    con = duckdb.connect()
    con.execute(profile_macros(profile))
    # Each fact as built, or empty with its declared columns (a caller that built only the
    # facts the subject it checks reads).
    for name in declared_facts():
        con.register(name, frames[name] if name in frames else _empty_fact(name))
    # The printed cells, typed as loaded (an empty frame's columns would be text).
    cells = frames.get(CELLS, pd.DataFrame(columns=list(CELL_TYPES)))
    con.register(CELLS, cells.astype({c: PANDAS_DTYPES[t] for c, t in CELL_TYPES.items()}))
    out = {}
    for subject in subjects.values():
        frame = con.execute(subject.view_select()).df()
        frame = frame.astype({c.name: c.dtype for c in subject.fact.columns})
        declared = [profile.table(k) for k in subject.reads if profile.declares(k)]
        if frame.empty and not declared:
            frame.attrs[NOT_IN_DOCUMENT] = True
        frame.attrs[DECLARED_TABLES] = [f"[[tables]] key = {s.key!r}" for s in declared]
        out[subject.name] = frame
    return out


def _empty_fact(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in frame_schema(name)})


def view_statements(
    con: duckdb.DuckDBPyConnection, reserved: frozenset[str] = frozenset()
) -> list[str]:
    """The statements that make each subject a view of `con` with its comments. A subject
    named like a table of the warehouse (its rows would be dropped) or like one of the
    `reserved` names (the analyst views) is a SchemaError naming it: the tables the subject
    relations replace were dropped by migrations 0016 and 0017."""
    tables = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }
    statements = [profile_macros(current_profile())]
    for subject in declared_subjects().values():
        if subject.name in tables or subject.name in reserved:
            what = "a table" if subject.name in tables else "a view"
            raise SchemaError(
                f"{current_profile().subjects_path}: subject {subject.name!r} is the name of "
                f"{what} of the warehouse; give the relation another name"
            )
        view = quote_identifier(subject.name)
        statements.append(f"CREATE OR REPLACE VIEW {view} AS {subject.view_select()}")
        statements.append(f"COMMENT ON VIEW {view} IS {sql_literal(subject.fact.description)}")
        statements += [
            f"COMMENT ON COLUMN {view}.{quote_identifier(c.name)} IS {sql_literal(c.description)}"
            for c in subject.fact.columns
        ]
    return statements
