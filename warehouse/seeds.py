"""Seed data: the declared KPI rules of `warehouse/seeds/kpi.toml`, written into their
tables on every load.

Why seeds and not INSERTs in a migration: a migration runs once per warehouse file, so a
changed threshold or mapping would need a new migration and would never reach a file that
already applied the old one. The seed is the one place these rules live; loading replaces
the tables' rows with it, in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from sources.profile import current_profile
from warehouse.paths import WAREHOUSE_DIR

KPI_SEED = WAREHOUSE_DIR / "seeds" / "kpi.toml"

_ACTUAL_SOURCE_COLUMNS = (
    "indicator_key",
    "dataset_id",
    "priority",
    "measure_definition",
    "computation",
    "numerator_measure",
    "denominator_measure",
    "sex",
    "reference_years",
    "scale",
    "unit",
    "comparability_note",
    "source_label",
)
_RULE_COLUMNS = ("indicator_key", "direction", "first_year", "note")
_GRADE_COLUMNS = ("grade", "min_achievement", "label", "applies_to")
_RELATED_COLUMNS = (
    "indicator_key",
    "dataset_id",
    "measure",
    "role",
    "series_label",
    "definition",
    "difference_note",
)


class SeedError(ValueError):
    """The seed file is not valid (missing field, unknown key)."""


# The seed's sections that name one profile's KPIs (the grades apply to any).
PROFILE_SECTIONS = ("rule", "actual_source", "related")


@cache
def _read_seed(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SeedError(f"{path}: {exc}") from exc


def kpi_seed(path: Path = KPI_SEED) -> dict[str, Any]:
    """The seed as it applies to the run's profile: its KPI sections only when the seed
    declares that profile (or none), else the grades alone."""
    seed = _read_seed(path)
    if seed.get("profile") in (None, current_profile().name):
        return seed
    return {key: value for key, value in seed.items() if key not in PROFILE_SECTIONS}


def _rows(items: list[dict[str, Any]], columns: tuple[str, ...], what: str) -> list[tuple]:
    rows = []
    for item in items:
        unknown = set(item) - set(columns)
        if unknown:
            raise SeedError(f"{KPI_SEED}: [[{what}]] has unknown fields {sorted(unknown)}")
        rows.append(tuple(item.get(c) for c in columns))
    return rows


def related_rows(seed: dict[str, Any]) -> list[tuple]:
    """[[related]] entries, one row per listed dataset."""
    expanded = [
        {k: v for k, v in item.items() if k != "datasets"} | {"dataset_id": dataset}
        for item in seed.get("related", [])
        for dataset in item["datasets"]
    ]
    return _rows(expanded, _RELATED_COLUMNS, "related")


def write_seeds(con: duckdb.DuckDBPyConnection, seed: dict[str, Any] | None = None) -> None:
    """Replace the rows of the seed tables with the seed's (inside the caller's transaction)."""
    seed = seed if seed is not None else kpi_seed()
    tables = {
        "kpi_actual_source": (
            _ACTUAL_SOURCE_COLUMNS,
            _rows(seed.get("actual_source", []), _ACTUAL_SOURCE_COLUMNS, "actual_source"),
        ),
        "kpi_rule": (_RULE_COLUMNS, _rows(seed.get("rule", []), _RULE_COLUMNS, "rule")),
        "kpi_grade": (_GRADE_COLUMNS, _rows(seed.get("grade", []), _GRADE_COLUMNS, "grade")),
        "kpi_related_series": (_RELATED_COLUMNS, related_rows(seed)),
    }
    for table, (columns, rows) in tables.items():
        con.execute(f'DELETE FROM "{table}"')
        insert_rows(con, table, columns, rows)


def sql_literal(value: object) -> str:
    """A Python value as a DuckDB SQL literal (strings quoted with '' doubled, the only
    escape DuckDB's standard strings know)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise SeedError(f"cannot store {value!r}")
        return repr(value)
    if isinstance(value, dt.datetime):
        return f"TIMESTAMPTZ '{value.isoformat()}'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(sql_literal(v) for v in value) + "]"
    # A NUL ends DuckDB's SQL text, so one inside a value (a CSV may carry it) is spliced in.
    quoted = ["'" + part.replace("'", "''") + "'" for part in str(value).split("\x00")]
    return quoted[0] if len(quoted) == 1 else "(" + " || chr(0) || ".join(quoted) + ")"


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], rows: list[tuple]
) -> None:
    """One multi-row INSERT with literal values: binding parameters makes DuckDB import
    pandas, which would cost `vision actuals import` most of its one-second budget."""
    if not rows:
        return
    values = ", ".join("(" + ", ".join(sql_literal(v) for v in row) + ")" for row in rows)
    con.execute(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES {values}')
