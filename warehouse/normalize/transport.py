"""Public transport: the infrastructure list (rail ridership per station and line is a
subject relation of the profile: warehouse.subjects)."""

from __future__ import annotations

import re
from functools import cache

from sources.profile import current_profile
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    ListCell,
    Record,
    classify_label,
    column_labels,
    list_records,
    spec_table,
    squash_cjk_spaces,
)
from warehouse.printed_values import marker_of


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


def transport_list(tables: list[ExtractedTable], revision_id: str) -> list[Record]:
    """List records of the transport infrastructure: category (鉄道, 国道, …) → routes.

    The community-bus cell prints `市町名：…` groups; each group is attributed to its
    municipality. Items printed on separate lines (a space between Japanese characters)
    are separate items.
    """
    table = spec_table(tables, "transport_infra")
    if table is None:
        return []
    labels = column_labels(table)
    records: list[Record] = []
    for index, row in enumerate(table.body, start=table.header_rows):
        category = squash_cjk_spaces(row[0])
        for place, text in _by_place(row[-1]):
            ref = classify_label(place, table.caption) if place else None
            cell = ListCell(table, index, category, labels[-1], ref, "transport", category)
            if marker_of(text) == "" and place is None:
                continue
            records += list_records(cell, text, revision_id, split_spaces=True)
    return records
