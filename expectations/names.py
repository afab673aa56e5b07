"""Family 6 — names and lists.

* Municipality names: every printed municipality name in every frame that carries one is
  resolved again with `sources.municipalities.resolve_municipality`; a name that is not
  one of the members' official names nor a known variant (the profile's, or the name
  without its 市/町) but close to one is a misprint, reported once per table where it is
  printed, with the closest official name as expected (warning: the reader still knows
  which municipality is meant).
* Duplicated entries: a name listed twice in the same printed list (fact_facility_list:
  same table, cell and municipality) or an institution type/office kind counted twice for
  one municipality (fact_financial_institution); validated with the
  `unique_list_entries` suite.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from expectations import families
from expectations.compare import (
    finding,
    is_missing,
    nfkc,
    page_of,
    text_comparison_frame,
    text_differences,
    text_or_empty,
)
from expectations.findings import LOCATION_FIELDS, CheckOutcome, Finding, Severity
from expectations.gx_suites import validate
from sources.japanese_text import compact_key
from sources.municipalities import Resolution, resolve_municipality
from sources.profile import COUNTS_IN_TEXT_LAYOUT, TableSpec, current_profile

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
    parts = []
    for name, frame in frames.items():
        if NAME_COLUMN not in frame.columns or frame.empty or name in BY_SHAPE:
            continue
        parts.append(_names_of(name, frame))
    read = {
        t
        for name, frame in frames.items()
        if name not in BY_SHAPE and AREA_COLUMN in frame.columns and "table_id" in frame.columns
        for t in frame["table_id"].dropna()
    }
    for name in BY_SHAPE:
        frame = frames.get(name)
        if frame is not None and not frame.empty:
            part = _names_of(name, frame)
            parts.append(part[~part["table_id"].isin(read)])
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts, ignore_index=True)


def _names_of(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    cols = [*LOCATION_FIELDS, NAME_COLUMN]
    part = frame[[c for c in cols if c in frame.columns]].copy()
    part["frame"] = name
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
    findings: list[Finding] = []
    for i in text_differences(texts):
        row = texts.loc[i]
        pages = "・".join(f"p.{int(p)}" for p in row["pages"])
        findings.append(
            finding(
                check_id,
                FAMILY,
                Severity.WARNING,
                row.to_dict(),
                f"「{row['caption']}」（{pages}）に市町名「{row['stated']}」とあるが、"
                f"圏域の{members}にこの名称はない。「{row['official']}」の誤記と思われる",
            )
        )
    return CheckOutcome(check_id, FAMILY, len(texts), findings)


def _scope(row: pd.Series, columns: tuple[str, ...]) -> str:
    return "|".join(text_or_empty(row.get(c)) for c in columns)


LIST_SCOPES: dict[str, tuple[tuple[str, ...], str, Callable[[], str]]] = {
    # frame: (columns that identify one printed list, entry column, what an entry is).
    # What an entry is may come from the profile: asked only when a list has duplicates, so
    # a profile without that table is never asked for it (nor at import, before --profile).
    "fact_facility_list": (
        (
            "table_id",
            "row_label",
            "column_label",
            "municipality_code",
            "list_kind",
            "category",
            "founder",
        ),
        "name",
        lambda: "名称",
    ),
    "fact_financial_institution": (
        ("table_id", "row_label", "municipality_code"),
        "entry",
        lambda: f"{_counted_in_text().short}の種別",
    ),
}


def _counted_in_text() -> TableSpec:
    """The table whose counts are printed in text (fact_financial_institution's)."""
    return current_profile().tables_laid_out("per_municipality_measures", COUNTS_IN_TEXT_LAYOUT)[0]


def _list_entries(frame_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    scope_columns, entry_column, _ = LIST_SCOPES[frame_name]
    if frame_name == "fact_financial_institution":
        frame = frame.assign(
            entry=[
                text_or_empty(r["institution_type"]) + text_or_empty(r["office_kind"])
                for _, r in frame.iterrows()
            ]
        )
    entries = frame[frame[entry_column].notna()].copy()
    entries["scope"] = [_scope(r, scope_columns) for _, r in entries.iterrows()]
    entries["entry_key"] = entries[entry_column].map(lambda v: compact_key(text_or_empty(v)))
    entries["entry"] = entries[entry_column].map(text_or_empty)
    entries["frame"] = frame_name
    return entries.reset_index(drop=True)


def check_duplicate_entries(frames: Mapping[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    findings: list[Finding] = []
    compared = 0
    for frame_name, (_, _, what) in LIST_SCOPES.items():
        frame = frames.get(frame_name)
        if frame is None or frame.empty:
            continue
        entries = _list_entries(frame_name, frame)
        if entries.empty:
            continue
        compared += len(entries)
        result = validate(entries[["scope", "entry_key"]], LIST_SUITE)
        flagged = sorted(set(result.rows_failing("expect_compound_columns_to_be_unique")))
        dupes = entries.loc[flagged]
        for _, group in dupes.groupby(["scope", "entry_key"], sort=False):
            first, later = group.iloc[0], group.iloc[1:]
            for _, row in later.iterrows():
                findings.append(
                    finding(
                        check_id,
                        FAMILY,
                        Severity.WARNING,
                        row.to_dict(),
                        f"「{row['caption']}」（p.{page_of(row['page'])}）の"
                        f"{text_or_empty(row['row_label'])}の一覧に、{what()}「{row['entry']}」が"
                        f"{len(group)}回記載されている（重複）",
                        stated=f"{row['entry']}（{len(group)}回）",
                        expected=f"{first['entry']}（1回）",
                    )
                )
    if compared == 0:
        return CheckOutcome(check_id, FAMILY, 0, [], [], notes=[NO_LISTS_NOTE])
    return CheckOutcome(check_id, FAMILY, compared, findings)
