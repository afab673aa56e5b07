"""fact_list_item: every named item of every table that prints names, not numbers, one row
each, read by shape.

Read are the tables of kind `list`, the tables of kind `school` (one per municipality
under a `【<municipality>】` title row) and the tables of kind `data` that print no number
(warehouse.normalize.measures.number_columns: a table of text, such as names per
municipality or counts printed inside text), whatever their subject. Each cell right of the
first column is split into its items (「、」 outside brackets,
warehouse.normalize.common.split_list), labelled by the row's first cell and the column's
header (`table_cell`'s labels). A marker cell (`-`) is one row with no name; an empty cell
none.

The municipality of an item is the one its row label names (resolved as fact_measure
resolves it), else the member its column's header names (a title `【…】` without its
brackets), else the member another cell of its row names (a 所在地 column) — those two by
a member's name as printed, never a guessed misprint. In a table laid out
`places_in_text` (the profile's `options.layout`), a cell may print `市町名：…` groups: each
group's items belong to its municipality, and items printed on separate lines (a space
between Japanese characters) are separate items. What the items are (halls, schools, office
counts …) is the profile's subject relations (warehouse.subjects).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import pandas as pd

from sources.profile import PLACES_IN_TEXT_LAYOUT, current_profile
from sources.tables import ExtractedTable
from warehouse.cells import column_labels, covered_positions, row_column_labels
from warehouse.normalize.common import (
    Record,
    RowRef,
    declaration_of,
    make_frame,
    municipality_columns,
    named_member,
    printed_items,
    provenance,
    try_classify_label,
)
from warehouse.normalize.measures import DATA_KIND, area_of, number_columns

FACT = "fact_list_item"
LIST_KIND = "list"
SCHOOL_KIND = "school"
# A title printed in brackets (【〇〇町】) names what is inside them.
_TITLE_BRACKETS = re.compile(r"^[【\[](?P<inner>[^】\]]+)[】\]]$")


def prints_names(table: ExtractedTable) -> bool:
    """A table fact_list_item reads: a list, a block per municipality, or a data table that
    prints no number."""
    names = table.kind in (LIST_KIND, SCHOOL_KIND)
    return names or (table.kind == DATA_KIND and not number_columns(table))


def _untitled(label: str) -> str:
    match = _TITLE_BRACKETS.match(label.strip())
    return match.group("inner").strip() if match else label


def _row_area(table: ExtractedTable, r: int, header: Sequence[str], c: int) -> RowRef | None:
    """The area of the items of cell (r, c): its row label's, else the member its header
    names, else the member another cell of the row names. Those two only by a member's name
    as printed (official or a known variant): a text that is no row label is not guessed to
    be a misprinted name (`<city>・各市町` in a schedule is no place)."""
    row = table.rows[r]
    found = area_of(row[0].strip() if row else "", table.caption)
    if found is not None:
        return found
    texts = [_untitled(header[c])] if c < len(header) else []
    texts += [row[i].strip() for i in range(1, len(row)) if i != c and row[i].strip()]
    refs = (named_member(text, table.caption) for text in texts)
    return next((ref for ref in refs if ref is not None), None)


def list_item_records(table: ExtractedTable, revision_id: str) -> list[Record]:
    """The fact_list_item records of one table that prints names, row by row, left to right."""
    spec = declaration_of(table)
    covered = covered_positions(table)
    labels = row_column_labels(table)
    header = column_labels(table)
    in_text = spec is not None and spec.options.get("layout") == PLACES_IN_TEXT_LAYOUT
    records = []
    for r, row in enumerate(table.body, start=table.header_rows):
        row_label = row[0].strip() if row else ""
        for c in range(1, len(row)):
            if (r, c) in covered:
                continue
            area = _row_area(table, r, header, c)
            groups = _by_place(row[c], table.caption) if in_text else [(None, row[c])]
            items = [
                (municipality_columns(place or area), text, item)
                for place, text in groups
                for item in printed_items(text, split_spaces=in_text)
            ]
            where = provenance(table, r, revision_id, row_label or None, labels[r][c])
            where |= {"table_key": spec.key if spec else None, "row_index": r, "col_index": c}
            for seq, (located, text, (name, marker)) in enumerate(items, start=1):
                item = {"seq": seq, "name": name, "item_text": text, "marker": marker}
                records.append(where | located | item)
    return records


# A group starts with `市町名：`. Official names are recognised anywhere — the space before
# a group is lost when it falls on a line wrap (`…タクシー<name>市：…`); any other name
# ending in 市/町/村 (a misprint) only after a space or at the start.
@cache
def _place_prefix(official_names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        r"(?:(?P<official>" + "|".join(map(re.escape, official_names)) + r")|(?:^|(?<=\s))"
        r"(?P<other>[^\s：:、]{2,5}[市町村]))[：:]"
    )


def _by_place(text: str, caption: str) -> list[tuple[RowRef | None, str]]:
    """Split `x A市：a、b B町：c` into [(None, x), (A市, a、b), (B町, c)] (A市, B町 official
    names; the text before the first group, of no place, only when it prints something)."""
    # [before, official, other, text, official, other, text …]: a group's name and its text.
    before, *groups = _place_prefix(current_profile().region.names).split(text)
    if not groups:
        return [(None, text)]
    parts: list[tuple[RowRef | None, str]] = [(None, before.strip())] if before.strip() else []
    for official, other, items in zip(*[iter(groups)] * 3, strict=True):
        parts.append((try_classify_label(official or other, caption), items.strip()))
    return parts


def build_list_items(tables: Sequence[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_list_item: the items of every table of the document that prints names."""
    records = [r for t in tables if prints_names(t) for r in list_item_records(t, revision_id)]
    return make_frame(FACT, records)
