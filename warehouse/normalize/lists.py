"""Named-item lists (shape `lists_per_municipality`): every name a list table prints, with
the municipality it belongs to, as fact_facility_list records.

How the names are laid out is the profile's `options.layout` (sources.profile), never the
table's key: a plain grid (municipality | names), `tiers` (a tier cell over rows of
municipality | names), `places_in_text` (one cell per category printing `市町名：…` groups),
or the extractor's kind `school` (one table per municipality under a `【<municipality>】`
title row). What the names are (`list_kind`: hall, school, …) is the profile's too.
"""

from __future__ import annotations

import re
from functools import cache

from sources.municipalities import resolve_municipality
from sources.profile import PLACES_IN_TEXT_LAYOUT, TIERS_LAYOUT, TableSpec, current_profile
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    ListCell,
    Record,
    classify_label,
    column_labels,
    list_records,
    spec_tables,
    squash_cjk_spaces,
)
from warehouse.printed_values import marker_of

LIST_SHAPE = "lists_per_municipality"
SCHOOL_KIND = "school"


def named_lists(tables: list[ExtractedTable], revision_id: str) -> list[Record]:
    """The list records of every list table the profile declares with a `list_kind`, read
    by its layout."""
    records: list[Record] = []
    for spec in current_profile().tables_of_shape(LIST_SHAPE):
        kind = spec.options.get("list_kind")
        if kind is None:
            continue
        found = spec_tables(tables, spec.key)
        if not found:
            continue
        records += _read(spec, found, kind, revision_id)
    return records


def _read(
    spec: TableSpec, found: list[ExtractedTable], kind: str, revision_id: str
) -> list[Record]:
    layout = spec.options.get("layout")
    if spec.kind == SCHOOL_KIND:
        return _per_municipality_tables(found, kind, revision_id)
    if layout == TIERS_LAYOUT:
        return _tiered(found[0], kind, revision_id)
    if layout == PLACES_IN_TEXT_LAYOUT:
        return _places_in_text(found[0], kind, revision_id)
    return _plain(found[0], kind, revision_id)


def _plain(table: ExtractedTable, kind: str, revision_id: str) -> list[Record]:
    """Municipality → names, a row each."""
    labels = column_labels(table)
    records: list[Record] = []
    for index, row in enumerate(table.body, start=table.header_rows):
        ref = classify_label(row[0], table.caption)
        label = labels[-1] if labels and labels[-1] else None
        cell = ListCell(table, index, row[0].strip(), label, ref, kind)
        records += list_records(cell, row[-1], revision_id)
    return records


def _tiered(table: ExtractedTable, kind: str, revision_id: str) -> list[Record]:
    """Layout `tiers`: tier × municipality → names (e.g. base hospitals by 救急 tier).

    A row printed without its tier cell (`<municipality> | <names> | ''`, shifted left)
    is read as (municipality, names) under the tier of the row above: a row whose first cell
    is a municipality and whose last is empty.
    """
    labels = column_labels(table)
    records: list[Record] = []
    tier: str | None = None
    for index, row in enumerate(table.body, start=table.header_rows):
        first = squash_cjk_spaces(row[0])
        if resolve_municipality(first) is not None and not row[-1].strip():
            place, names, row_label = row[0], row[1], f"{tier}/{first}"
        else:
            tier = first
            place, names, row_label = row[1], row[2], f"{first}/{squash_cjk_spaces(row[1])}"
        cell = ListCell(
            table,
            index,
            row_label,
            labels[-1],
            classify_label(place, table.caption),
            kind,
            tier,
        )
        records += list_records(cell, names, revision_id)
    return records


def _per_municipality_tables(
    found: list[ExtractedTable], kind: str, revision_id: str
) -> list[Record]:
    """Kind `school`: one table per municipality (a `【<municipality>】` title row), its
    rows the kinds of what it lists (e.g. schools).

    A row is (type, founder, names) or, where founder and names are one merged cell,
    (type, names) with no founder.
    """
    records: list[Record] = []
    for table in found:
        place = re.sub(r"[【】\[\]]", "", table.rows[0][0]).strip()
        ref = classify_label(place, table.caption)
        for index, row in enumerate(table.body, start=table.header_rows):
            school_type = squash_cjk_spaces(row[0])
            merged = len(row) < 3 or row[1] == row[2]
            founder = None if merged else squash_cjk_spaces(row[1])
            names = row[1] if merged else row[2]
            row_label = school_type if founder is None else f"{school_type}/{founder}"
            cell = ListCell(table, index, row_label, None, ref, kind, school_type, founder)
            records += list_records(cell, names, revision_id)
    return records


# A group starts with `市町名：`. Official names are recognised anywhere — the space before
# a group is lost when it falls on a line wrap (`…タクシー<name>市：…`); any other name
# ending in 市/町 (a misprint) only after a space or at the start.
@cache
def _place_prefix(official_names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        r"(?:(?P<official>" + "|".join(map(re.escape, official_names)) + r")|(?:^|(?<=\s))"
        r"(?P<other>[^\s：:、]{2,5}[市町村]))[：:]"
    )


def _by_place(text: str) -> list[tuple[str | None, str]]:
    """Split `A市：a、b B町：c` into [(A市, a、b), (B町, c)] (A市, B町 official names)."""
    matches = list(_place_prefix(current_profile().region.names).finditer(text))
    if not matches:
        return [(None, text)]
    parts = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        place = match.group("official") or match.group("other")
        parts.append((place, text[match.end() : end].strip()))
    return parts


def _places_in_text(table: ExtractedTable, kind: str, revision_id: str) -> list[Record]:
    """Layout `places_in_text`: category (e.g. 鉄道, 国道, …) → names, a cell of which may
    print `市町名：…` groups (a community bus per town); each group is attributed to its
    municipality. Items printed on separate lines (a space between Japanese characters)
    are separate items.
    """
    labels = column_labels(table)
    records: list[Record] = []
    for index, row in enumerate(table.body, start=table.header_rows):
        category = squash_cjk_spaces(row[0])
        for place, text in _by_place(row[-1]):
            ref = classify_label(place, table.caption) if place else None
            cell = ListCell(table, index, category, labels[-1], ref, kind, category)
            if marker_of(text) == "" and place is None:
                continue
            records += list_records(cell, text, revision_id, split_spaces=True)
    return records
