"""warehouse/schema: the facts' one declaration is what a warehouse holds (the migrations'
history and the facts declared since), its descriptions become the warehouse's comments,
and each description is written once."""

from __future__ import annotations

import re
from collections import Counter

import duckdb
import pytest

from sources.profile import current_profile
from warehouse import load
from warehouse.load import apply_migrations
from warehouse.normalize import FRAME_SCHEMAS
from warehouse.schema import (
    FACTS_TOML,
    SchemaError,
    comment_statements,
    declared_facts,
    facts,
    parse_facts,
)


@pytest.fixture
def migrated() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    apply_migrations(con)
    return con


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str | None]]:
    return con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()


def test_a_new_warehouse_has_exactly_the_declared_columns_and_types(monkeypatch) -> None:
    """The migrations (history) and the declaration (facts added since) together."""
    monkeypatch.setattr(load, "write_comments", lambda _con: None)
    con = duckdb.connect()
    apply_migrations(con)
    for fact in facts().values():
        created = [(name, kind) for name, kind, _ in _columns(con, fact.name)]
        assert created == [(c.name, c.type) for c in fact.columns], fact.name


def test_a_migrated_warehouse_carries_the_declared_descriptions(migrated) -> None:
    for fact in facts().values():
        comments = {name: comment for name, _, comment in _columns(migrated, fact.name)}
        assert comments == {c.name: c.description for c in fact.columns}, fact.name
        (table_comment,) = migrated.execute(
            "SELECT comment FROM duckdb_tables() WHERE table_name = ?", [fact.name]
        ).fetchone()
        assert table_comment == fact.description
    assert comment_statements(migrated) == []


def test_a_comment_that_drifted_is_rewritten_by_the_next_migration_run(migrated) -> None:
    migrated.execute("COMMENT ON COLUMN fact_kpi.caption IS 'stale'")
    migrated.execute("COMMENT ON TABLE fact_population IS 'stale'")
    assert len(comment_statements(migrated)) == 2
    apply_migrations(migrated)
    declared = {c.name: c.description for c in facts()["fact_kpi"].columns}
    assert (
        dict((n, c) for n, _, c in _columns(migrated, "fact_kpi"))["caption"]
        == (declared["caption"])
    )
    assert comment_statements(migrated) == []


def test_the_frame_schemas_are_the_declaration_with_pandas_dtypes() -> None:
    assert list(FRAME_SCHEMAS) == list(facts())
    dtypes = {"VARCHAR": "string", "INTEGER": "Int64", "BIGINT": "Int64", "DOUBLE": "Float64"}
    for name, fact in facts().items():
        assert [c for c, _ in FRAME_SCHEMAS[name]] == [c.name for c in fact.columns]
        for (column, dtype), declared in zip(FRAME_SCHEMAS[name], fact.columns, strict=True):
            if declared.type in dtypes:
                assert dtype == dtypes[declared.type], (name, column)


def test_each_description_is_written_once() -> None:
    """Shared columns (provenance, municipality, printed value) are declared once and
    referred to by name, so no description text repeats in the file kept by hand."""
    texts = re.findall(r'description = "((?:[^"\\]|\\.)*)"', FACTS_TOML.read_text("utf-8"))
    repeated = [text for text, n in Counter(texts).items() if n > 1]
    assert not repeated
    assert len(texts) > len(facts())  # the pattern does find the descriptions


def _declaration(columns: list[object]) -> dict[str, object]:
    return {
        "group": {"where": ["table_id"]},
        "column": {"table_id": {"type": "VARCHAR", "description": "Table."}},
        "fact": {"fact_x": {"description": "X.", "columns": columns}},
    }


def test_groups_shared_columns_and_overrides_are_expanded() -> None:
    fact = parse_facts(
        _declaration(
            ["@where", {"name": "value", "type": "BIGINT", "description": "V."}],
        )
    )["fact_x"]
    assert [(c.name, c.type, c.description) for c in fact.columns] == [
        ("table_id", "VARCHAR", "Table."),
        ("value", "BIGINT", "V."),
    ]
    (overridden,) = parse_facts(_declaration([{"name": "table_id", "type": "BIGINT"}]))[
        "fact_x"
    ].columns
    assert (overridden.type, overridden.description) == ("BIGINT", "Table.")


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (["@nowhere"], "unknown group"),
        (["page"], "not a shared column"),
        ([{"name": "n", "type": "TEXT", "description": "N."}], "type 'TEXT'"),
        ([{"name": "n", "type": "VARCHAR"}], "no description"),
        (["table_id", "@where"], "declared twice"),
    ],
)
def test_a_faulty_declaration_is_refused(columns: list[object], message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        parse_facts(_declaration(columns))


def test_a_grain_naming_a_column_the_fact_lacks_is_refused() -> None:
    declaration = _declaration(["@where"])
    declaration["fact"]["fact_x"]["grain"] = ["table_id", "row_index"]
    with pytest.raises(SchemaError, match="fact_x: grain names 'row_index'"):
        parse_facts(declaration)


def test_the_generic_facts_state_their_grain() -> None:
    """Every fact read by position (table, row, column) says so: the loader holds each
    revision to it and the data dictionary shows it."""
    declared = declared_facts()
    assert declared["fact_measure"].grain == ("table_id", "row_index", "col_index")
    assert declared["fact_list_item"].grain == ("table_id", "row_index", "col_index", "seq")


def test_descriptions_take_the_area_from_the_profile() -> None:
    """The file names no area; the described facts name the run's profile's core city and
    section labels."""
    profile = current_profile()
    raw = FACTS_TOML.read_text("utf-8")
    named = [m.name for m in profile.region.municipalities] + [profile.region.prefecture]
    named += [s.title for s in profile.sections.values()] + [profile.table("population").label]
    assert [word for word in named if word in raw] == []
    described = facts()
    assert profile.region.core_city.name in described["dim_project"].description
    printed_in = {c.name: c for c in described["fact_kpi"].columns}["printed_in"]
    assert f"'{profile.section('kpi').label}'" in printed_in.description


def test_an_unknown_label_in_a_description_is_refused() -> None:
    with pytest.raises(SchemaError, match="unknown label"):
        parse_facts(_declaration([{"name": "n", "type": "VARCHAR", "description": "{nowhere}"}]))


def test_a_fact_or_column_declared_since_a_file_was_migrated_is_created_from_the_declaration(
    migrated,
) -> None:
    """A warehouse written by an earlier version lacks the facts and columns declared
    since; the next load creates them from facts.toml alone, typed and described."""
    migrated.execute("DROP TABLE fact_measure")
    migrated.execute("ALTER TABLE fact_kpi DROP COLUMN value_text")
    apply_migrations(migrated)
    for name in ("fact_measure", "fact_kpi"):
        fact = facts()[name]
        assert {(n, k) for n, k, _ in _columns(migrated, name)} == {
            (c.name, c.type) for c in fact.columns
        }
        assert {n: d for n, _, d in _columns(migrated, name)} == {
            c.name: c.description for c in fact.columns
        }


def test_a_column_of_another_type_than_declared_is_refused_not_converted(migrated) -> None:
    migrated.execute("ALTER TABLE fact_kpi ALTER COLUMN page TYPE VARCHAR")
    with pytest.raises(load.WarehouseError, match=r"fact_kpi\.page is VARCHAR .* INTEGER"):
        apply_migrations(migrated)
