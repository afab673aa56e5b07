"""What a table's shape will read from one table, said before the normalizers run.

`vision profile explain` shows it beside each matched table, so a person correcting a
profile sees which rows are read as municipalities and totals, which columns as years,
measures or KPI roles, before a refresh fails on them. Each `Reading` is a role and the
printed labels it applies to; the normalizers' own helpers find them (the same code that
later reads the table), so what is shown is what will be read. A part the shape needs
and cannot find is a `problem` reading with the normalizer's own message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sources.profile import TableSpec
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    FrameError,
    column_labels,
    label_key,
    squash_cjk_spaces,
    try_classify_label,
)
from warehouse.normalize.kpi import _columns as kpi_columns
from warehouse.normalize.kpi import matrix_kpi_header
from warehouse.normalize.matrix import municipality_columns_of, project_column
from warehouse.normalize.measures import measure_records
from warehouse.normalize.projects import labelled_rows, locate_schedule
from warehouse.printed_values import try_parse_year

# At most this many labels are listed per role (then `…`).
LISTED_LABELS = 8


@dataclass(frozen=True)
class Reading:
    """One role the shape gives part of the table: `role` (a key of ROLES) and the
    printed labels it applies to (or a problem's message)."""

    role: str
    labels: tuple[str, ...]


# Every role a reading can have, in the order they are shown.
ROLES = (
    "municipality_rows",
    "total_rows",
    "other_rows",
    "unread_rows",
    "municipality_columns",
    "year_columns",
    "measure_columns",
    "kpi_columns",
    "card_rows",
    "schedule_years",
    "budget_row",
    "project_column",
    "items",
    "problem",
)


def _row_kinds(table: ExtractedTable) -> dict[str, list[str]]:
    """Body rows by what their first-column label names: municipality / total / other;
    labels naming none of them under `unread`."""
    out: dict[str, list[str]] = {"municipality": [], "total": [], "other": [], "unread": []}
    for row in table.body:
        label = squash_cjk_spaces(row[0]) if row else ""
        if not label:
            continue
        ref = try_classify_label(label, table.caption)
        out[ref.row_kind if ref else "unread"].append(label)
    return out


def _municipality_header(table: ExtractedTable) -> list[str]:
    refs = ((text, try_classify_label(text, table.caption)) for text in (table.header or [[]])[-1])
    return [squash_cjk_spaces(text) for text, ref in refs if ref and ref.row_kind == "municipality"]


def _rows_and_columns(table: ExtractedTable) -> list[Reading]:
    """Rows by municipality/total, header columns by year or measure."""
    kinds = _row_kinds(table)
    labels = column_labels(table)[1:]
    years = [label for label in labels if try_parse_year(label.split("/")[-1])]
    measures = [label for label in labels if label and label not in years]
    return [
        Reading("municipality_rows", tuple(kinds["municipality"])),
        Reading("total_rows", tuple(kinds["total"])),
        Reading("other_rows", tuple(kinds["other"])),
        # Read by the table's own builder when it has one (a list of universities), an
        # error of the refresh otherwise: shown, not judged here.
        Reading("unread_rows", tuple(kinds["unread"])),
        Reading("year_columns", tuple(years)),
        Reading("measure_columns", tuple(measures)),
    ]


def _usage(table: ExtractedTable, spec: TableSpec) -> list[Reading]:
    if spec.options.get("orientation") == "columns":
        columns = _municipality_header(table)
        out = [Reading("municipality_columns", tuple(columns))]
        out.append(Reading("measure_columns", tuple(label_key(r[0]) for r in table.body if r)))
        if not columns:
            out.append(Reading("problem", ("no header column names a member municipality",)))
        return out
    return _rows_and_columns(table)


def _kpi(table: ExtractedTable, header_index: int = 0) -> list[Reading]:
    header = table.rows[header_index] if len(table.rows) > header_index else []
    try:
        roles = kpi_columns(table, header)
    except FrameError as exc:
        return [Reading("problem", (exc.detail,))]
    return [Reading("kpi_columns", tuple(f"{role}={header[col]}" for role, col in roles.items()))]


def _card(table: ExtractedTable) -> list[Reading]:
    out = [Reading("card_rows", tuple(label for label in labelled_rows(table) if label))]
    try:
        schedule = locate_schedule(table)
    except FrameError as exc:
        return [*out, Reading("problem", (exc.detail,))]
    header = table.rows[schedule.header_index]
    out.append(Reading("schedule_years", tuple(header[c] for c in schedule.year_cols)))
    if schedule.budget_index is None:
        out.append(Reading("problem", ("budget row (事業費…) not found below the schedule",)))
    else:
        budget = table.rows[schedule.budget_index][schedule.budget_label_col or 0]
        out.append(Reading("budget_row", (squash_cjk_spaces(budget),)))
    return out


def _matrix(table: ExtractedTable) -> list[Reading]:
    out: list[Reading] = []
    try:
        columns = municipality_columns_of(table)
        out.append(Reading("municipality_columns", tuple(ref.printed for _, ref in columns)))
        kpi_at = matrix_kpi_header(table)
        column = project_column(table, kpi_at if kpi_at is not None else len(table.rows))
        out.append(Reading("project_column", (column_labels(table)[column] or f"#{column + 1}",)))
    except FrameError as exc:
        out.append(Reading("problem", (exc.detail,)))
    kpi_at = matrix_kpi_header(table)
    if kpi_at is not None:
        out += _kpi(table, kpi_at)
    return out


def _stations(table: ExtractedTable) -> list[Reading]:
    labels = [label for label in column_labels(table) if label]
    out = [Reading("measure_columns", tuple(labels))]
    if not labels or not all(label.endswith("駅") for label in labels):
        out.append(Reading("problem", ("header cells are not all station names (…駅)",)))
    return out


def _items(table: ExtractedTable) -> list[Reading]:
    first = [squash_cjk_spaces(r[0]) for r in table.body if r and r[0].strip()]
    return [Reading("items", tuple(dict.fromkeys(first)))]


def _lists(table: ExtractedTable) -> list[Reading]:
    kinds = _row_kinds(table)
    if kinds["municipality"]:
        return [
            Reading("municipality_rows", tuple(dict.fromkeys(kinds["municipality"]))),
            Reading("measure_columns", tuple(label for label in column_labels(table)[1:] if label)),
        ]
    return _items(table)


def _measures(table: ExtractedTable) -> list[Reading]:
    """What fact_measure reads from the table: the members on its rows or columns, its
    totals, periods and measures (the labels a number is found under)."""
    records = measure_records(table, "")

    def distinct(field: str, **where: object) -> tuple[str, ...]:
        values = (
            r[field]
            for r in records
            if r[field] is not None and all(r[k] == v for k, v in where.items())
        )
        return tuple(dict.fromkeys(str(v) for v in values))

    member = "municipality_name_printed"
    return [
        Reading("municipality_rows", distinct(member, area_axis="row", row_kind="municipality")),
        Reading(
            "municipality_columns", distinct(member, area_axis="column", row_kind="municipality")
        ),
        Reading("total_rows", distinct("row_label", area_axis="row", row_kind="total")),
        Reading("total_columns", distinct("column_label", area_axis="column", row_kind="total")),
        Reading("periods", distinct("period_text")),
        Reading("measures", distinct("measure")),
    ]


_BY_SHAPE: dict[str, Callable[[ExtractedTable, TableSpec], list[Reading]]] = {
    "per_municipality_measures": lambda t, s: _rows_and_columns(t),
    "population_projection": lambda t, s: _rows_and_columns(t),
    "lists_per_municipality": lambda t, s: _lists(t),
    "usage_by_residence": _usage,
    "station_ridership": lambda t, s: _stations(t),
    "kpi_table": lambda t, s: _kpi(t),
    "agreement": lambda t, s: _items(t),
    "project_card": lambda t, s: _card(t),
    "project_matrix": lambda t, s: _matrix(t),
    "named_list": lambda t, s: _items(t),
    "measures": lambda t, s: _measures(t),
}


def shape_reading(table: ExtractedTable, spec: TableSpec) -> list[Reading]:
    """What `spec`'s shape will read from `table`: its roles with their labels (roles that
    apply to nothing left out), and any part the shape needs and does not find."""
    readings = _BY_SHAPE.get(spec.shape, lambda t, s: _items(t))(table, spec)
    return [r for r in readings if r.labels]
