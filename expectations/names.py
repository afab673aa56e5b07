"""Family 6 — names and lists.

* Municipality names: every printed municipality name in every frame that carries one is
  resolved again with `sources.municipalities.resolve_municipality`; a name that is not
  one of the members' official names nor a known variant (the profile's, or the name
  without its 市/町) but close to one is a misprint, reported once per table where it is
  printed, with the closest official name as expected (warning: the reader still knows
  which municipality is meant).
* Duplicated entries (`check_unique_entries`, the check kind `unique_entries` a profile
  declares on its subject relations): an entry printed twice in the same list, e.g. a
  name twice in one cell, an institution type and office kind counted twice for one
  municipality; validated with the `unique_list_entries` suite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from expectations import families
from expectations.compare import (
    finding,
    is_missing,
    nfkc,
    page_label,
    text_comparison_frame,
    text_differences,
    text_or_empty,
)
from expectations.document_text import page_list
from expectations.findings import LOCATION_FIELDS, CheckOutcome, Finding, Severity
from expectations.gx_suites import validate
from sources.japanese_text import compact_key
from sources.municipalities import Resolution, resolve_municipality
from sources.profile import current_profile

FAMILY = families.NAMES
LIST_SUITE = "unique_list_entries"
NAME_COLUMN = "municipality_name_printed"
# Facts that hold every number of every data table and every item of every list by shape
# (warehouse/normalize/measures.py, list_items.py): they repeat the names the subject facts
# read from the same tables.
BY_SHAPE = ("fact_measure", "fact_list_item")
AREA_COLUMN = "municipality_code"
# A document whose read tables print no municipality name (or no list) has nothing for
# these rules to compare: noted, never a data error that would block its warehouse.
NO_NAMES_NOTE = "この文書の読み取った表には市町名が掲載されていないため照合していない"
NO_LISTS_NOTE = "この文書の読み取った表には一覧が掲載されていないため照合していない"


def _printed_names(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per (frame, table, printed name) with where it is printed; the facts read by
    shape (BY_SHAPE) only for the tables no subject fact with municipalities reads, so a
    name is compared once, where its table is read."""
    subjects = [name for name in frames if name not in BY_SHAPE]
    read = {
        t
        for name in subjects
        if {AREA_COLUMN, "table_id"} <= set(frames[name].columns)
        for t in frames[name]["table_id"].dropna()
    }
    parts = [
        _names_of(name, frames[name], read if name in BY_SHAPE else set())
        for name in subjects + [name for name in BY_SHAPE if name in frames]
        if NAME_COLUMN in frames[name].columns and not frames[name].empty
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _names_of(name: str, frame: pd.DataFrame, tables_read: set[str]) -> pd.DataFrame:
    """The printed names of `frame` outside `tables_read`, with where they are printed."""
    cols = [*LOCATION_FIELDS, NAME_COLUMN]
    part = frame[[c for c in cols if c in frame.columns]].assign(frame=name)
    if tables_read:
        part = part[~part["table_id"].isin(tables_read)]
    return part[part[NAME_COLUMN].notna()]


def _contains(label: object, name: object) -> bool:
    return compact_key(text_or_empty(name)) in nfkc(text_or_empty(label))


def _printed_groups(names: pd.DataFrame) -> dict[tuple[object, ...], list[dict]]:
    """The rows of each (frame, table, printed name), in reading order, the groups in the
    order first met (rows with no table are no group). Plain rows, not sub-frames: a
    document prints about a thousand such groups, and pandas' per-group sorting and row
    extraction cost most of a second of every refresh."""
    keys = ["frame", "table_id", NAME_COLUMN]
    groups: dict[tuple[object, ...], list[dict]] = {}
    for row in names.to_dict("records"):
        key = tuple(row[k] for k in keys)
        if not any(is_missing(k) for k in key):
            groups.setdefault(key, []).append(row)
    return groups


def _first_printed(group: list[dict]) -> dict:
    """The row on the lowest page (the first of those in reading order; no page: last)."""
    paged = [r for r in group if not is_missing(r["page"])]
    return min(paged, key=lambda r: r["page"]) if paged else group[0]


def check_municipality_names(frames: Mapping[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    names = _printed_names(frames)
    if names.empty:
        return CheckOutcome(check_id, FAMILY, 0, [], [], notes=[NO_NAMES_NOTE])
    rows = []
    for (_, table_id, printed), group in _printed_groups(names).items():
        resolved = resolve_municipality(str(printed))
        if resolved is None:
            continue  # 合計, その他, 生徒数 …: not a municipality name
        first = _first_printed(group)
        # Where the name is printed: a row heading, a column heading or inside a cell.
        in_rows = [_contains(r["row_label"], printed) for r in group]
        in_columns = [_contains(r["column_label"], printed) for r in group]
        row_labels = {r["row_label"] for r in group if not is_missing(r["row_label"])}
        row_label = (
            text_or_empty(first["row_label"])
            if all(in_rows) or len(row_labels) == 1
            else "（列見出し）"
        )
        column_label = text_or_empty(first["column_label"]) if any(in_columns) else "（市町名）"
        official = resolved.municipality.name
        rows.append(
            {
                "table_id": table_id,
                "caption": first["caption"],
                "page": first["page"],
                "row_label": row_label,
                "column_label": column_label,
                "stated": str(printed),
                # A known variant (a short form) is not a misprint: it is its own expected.
                "expected": official
                if resolved.resolution is Resolution.MISPRINT
                else str(printed),
                "official": official,
                "pages": sorted({r["page"] for r in group if not is_missing(r["page"])}),
            }
        )
    texts = text_comparison_frame(rows)
    members = current_profile().region.members_text  # 14市町: the profile of this run
    findings = [
        _warning(
            check_id,
            row,
            f"「{row['caption']}」（{page_list(row['pages'])}）に市町名「{row['stated']}」とあるが、"
            f"圏域の{members}にこの名称はない。「{row['official']}」の誤記と思われる",
        )
        for row in (texts.loc[i] for i in text_differences(texts))
    ]
    return CheckOutcome(check_id, FAMILY, len(texts), findings)


def _warning(check_id: str, row: pd.Series, message: str, **texts: str) -> Finding:
    """A names warning located at `row` (its stated and expected texts unless `texts`)."""
    return finding(check_id, FAMILY, Severity.WARNING, row.to_dict(), message, **texts)


def _joined(frame: pd.DataFrame, columns: Sequence[str], separator: str) -> list[str]:
    """Each row's `columns` as one text (a column the frame lacks reads empty)."""
    cells = frame.reindex(columns=list(columns)).itertuples(index=False)
    return [separator.join(text_or_empty(value) for value in row) for row in cells]


def _list_entries(frame: pd.DataFrame, scope: Sequence[str], entry: Sequence[str]) -> pd.DataFrame:
    """One row per printed entry (its `entry` columns joined, e.g. type and office kind),
    with the list it belongs to (`scope`) and its comparison key."""
    entries = frame[frame[list(entry)].notna().any(axis=1)].copy()
    entries["entry"] = _joined(entries, entry, "")
    entries["scope"] = _joined(entries, scope, "|")
    entries["entry_key"] = entries["entry"].map(compact_key)
    return entries.reset_index(drop=True)


def check_unique_entries(
    frame: pd.DataFrame, check_id: str, scope: Sequence[str], entry: Sequence[str], what: str
) -> CheckOutcome:
    """No entry printed twice in one list: the rows of `frame` with the same `scope` columns
    are one printed list, `entry` what it lists, `what` what staff call an entry (名称)."""
    entries = _list_entries(frame, scope, entry)
    if entries.empty:
        return CheckOutcome(check_id, FAMILY, 0, [], [], notes=[NO_LISTS_NOTE])
    result = validate(entries[["scope", "entry_key"]], LIST_SUITE)
    flagged = sorted(set(result.rows_failing("expect_compound_columns_to_be_unique")))
    findings: list[Finding] = []
    for _, group in entries.loc[flagged].groupby(["scope", "entry_key"], sort=False):
        first, later = group.iloc[0], group.iloc[1:]
        for _, row in later.iterrows():
            findings.append(
                _warning(
                    check_id,
                    row,
                    f"「{row['caption']}」（{page_label(row['page'])}）の"
                    f"{text_or_empty(row['row_label'])}の一覧に、{what}「{row['entry']}」が"
                    f"{len(group)}回記載されている（重複）",
                    stated=f"{row['entry']}（{len(group)}回）",
                    expected=f"{first['entry']}（1回）",
                )
            )
    return CheckOutcome(check_id, FAMILY, len(entries), findings)
