"""Public transport: rail ridership per station and line; the infrastructure list."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from sources.profile import current_profile
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    ListCell,
    Record,
    classify_label,
    column_labels,
    declared_spec,
    list_records,
    make_frame,
    spec_table,
    spec_tables,
    squash_cjk_spaces,
)
from warehouse.normalize.measures import measure_records
from warehouse.printed_values import marker_of

# The ridership heading above the per-line tables states their unit; the extractor does not
# return it with them, so the profile declares it (options.unit of the ridership tables).


def _is_station_table(table: ExtractedTable) -> bool:
    """A ridership table: its header is station names (`…駅`), its caption the line."""
    return bool(table.header) and all(
        squash_cjk_spaces(c).endswith("駅") for c in table.header[-1] if c.strip()
    )


def build_rail_ridership(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_rail_ridership: daily average passengers per station, line from the caption —
    the station tables' numbers as fact_measure reads them (measure_records), the station
    from the column label, the line from the caption, the unit from the profile."""
    found = spec_tables(tables, "rail_ridership", where=_is_station_table)
    spec = declared_spec("rail_ridership")
    unit = spec.options.get("unit") if spec else None
    records = []
    for table in found:
        line = squash_cjk_spaces(table.caption)
        for measure in measure_records(table, revision_id):
            station = squash_cjk_spaces(measure["column_label"])
            record = {key: measure[key] for key in ("revision_id", "table_id", "caption", "page")}
            record |= {"row_label": line, "column_label": station, "line": line, "station": station}
            record |= {key: measure[key] for key in ("value", "value_text", "marker")}
            records.append(record | {"unit": unit})
    return make_frame("fact_rail_ridership", records)


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
