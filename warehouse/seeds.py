"""Seed data: the run's profile's KPI declarations (`profiles/<name>/kpi.toml`, read by
sources/profile_kpi.py) and the grade scale in force, written into their tables on every
load.

Why seeds and not INSERTs in a migration: a migration runs once per warehouse file, so a
changed threshold or mapping would need a new migration and would never reach a file that
already applied the old one. The profile is the one place these rules live (the grades'
default scale, `seeds/kpi_grades.toml`, for a profile that declares none); loading replaces
the tables' rows with them, in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache
from pathlib import Path

import duckdb

from sources.profile import Profile, current_profile
from sources.profile_kpi import Grade, read_grades
from warehouse.paths import WAREHOUSE_DIR

DEFAULT_GRADES = WAREHOUSE_DIR / "seeds" / "kpi_grades.toml"

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
    """A value the warehouse cannot store as a literal."""


@cache
def default_grades(path: Path = DEFAULT_GRADES) -> tuple[Grade, ...]:
    """The grade scale of a profile that declares none (raises ProfileError when invalid)."""
    return read_grades(path)


def kpi_grades(profile: Profile | None = None) -> tuple[Grade, ...]:
    """The grade scale in force: the profile's own, else the default."""
    return (profile or current_profile()).kpi.grades or default_grades()


def _rows(items: tuple, columns: tuple[str, ...]) -> list[tuple]:
    return [tuple(getattr(item, c) for c in columns) for item in items]


def related_rows(profile: Profile) -> list[tuple]:
    """The profile's related series, one row per listed dataset."""
    return [
        (
            r.indicator_key,
            dataset,
            r.measure,
            r.role,
            r.series_label,
            r.definition,
            r.difference_note,
        )
        for r in profile.kpi.related
        for dataset in r.datasets
    ]


def write_seeds(con: duckdb.DuckDBPyConnection, profile: Profile | None = None) -> None:
    """Replace the rows of the seed tables with the profile's declarations (the run's
    profile when None), inside the caller's transaction."""
    profile = profile or current_profile()
    kpi = profile.kpi
    tables = {
        "kpi_actual_source": (
            _ACTUAL_SOURCE_COLUMNS,
            _rows(kpi.actual_sources, _ACTUAL_SOURCE_COLUMNS),
        ),
        "kpi_rule": (_RULE_COLUMNS, _rows(kpi.rules, _RULE_COLUMNS)),
        "kpi_grade": (_GRADE_COLUMNS, _rows(kpi_grades(profile), _GRADE_COLUMNS)),
        "kpi_related_series": (_RELATED_COLUMNS, related_rows(profile)),
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
