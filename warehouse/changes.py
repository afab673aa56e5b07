"""Comparing the items of two editions (`warehouse.revision_items`).

Items of both editions are joined on the key: one row per value that differs. Items
present in one edition only are reported once for the largest thing that is missing on the
other side — a whole project, KPI, table or table row — and item by item otherwise.
"""

from __future__ import annotations

import pandas as pd

CHANGE_COLUMNS = ["section", "kind", "what", "old", "new", "old_page", "new_page"]
# What happened to a value: kind → how the report says it.
KINDS = {"changed": "変更", "renamed": "名称変更", "added": "追加", "removed": "削除"}


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)  # type: ignore[arg-type]


def _change(
    section: str,
    kind: str,
    what: str,
    old: object,
    new: object,
    old_page: object,
    new_page: object,
) -> dict[str, object]:
    return {
        "section": section,
        "kind": kind,
        "what": what,
        "old": _text(old),
        "new": _text(new),
        "old_page": None if old_page is None or pd.isna(old_page) else int(old_page),
        "new_page": None if new_page is None or pd.isna(new_page) else int(new_page),
    }


def _one_sided(items: pd.DataFrame, other: pd.DataFrame, kind: str) -> list[dict[str, object]]:
    """Items of one revision whose key the other lacks: one row per missing entity (a
    project, a KPI, a table), else per missing part (a table row, a schedule row), else
    per item."""
    rows = []
    entities, parts = set(other["entity"]), set(other["part"].dropna())
    added = kind == "added"
    done: set[str] = set()
    for item in items.sort_values("page", kind="stable").itertuples():  # a group's first page
        if item.entity not in entities:
            group, what, value = item.entity, item.entity_what, item.entity_value
        elif _text(item.part) is not None and item.part not in parts:
            group, what, value = item.part, item.part_what, item.part_value
        else:
            group, what, value = item.key, item.what, item.value
        if group in done:
            continue
        done.add(group)
        page = item.page
        rows.append(
            _change(
                item.section,
                kind,
                what,
                None if added else value,
                value if added else None,
                None if added else page,
                page if added else None,
            )
        )
    return rows


def _renamed_in_place(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """`new` with each entity that replaces an old one at the same slot (a KPI renamed
    where it stood) filed under the old entity's key, so it compares field by field."""
    gone = set(old["entity"]) - set(new["entity"])
    came = set(new["entity"]) - set(old["entity"])

    def by_slot(items: pd.DataFrame, entities: set[str]) -> dict[str, str]:
        pairs = items.loc[items["entity"].isin(entities), ["slot", "entity"]].dropna()
        pairs = pairs.drop_duplicates()
        unique = pairs.groupby("slot")["entity"].nunique() == 1
        return dict(pairs[pairs["slot"].isin(unique[unique].index)].values)

    old_slots, new_slots = by_slot(old, gone), by_slot(new, came)
    renamed = {new_slots[s]: old_slots[s] for s in new_slots.keys() & old_slots.keys()}
    if not renamed:
        return new
    new = new.copy()
    for came_as, was in renamed.items():
        mine = new["entity"] == came_as
        new.loc[mine, "key"] = [was + k[len(came_as) :] for k in new.loc[mine, "key"]]
        new.loc[mine, "entity"] = was
    return new


def compare_items(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One row per change between two revisions' items (CHANGE_COLUMNS), in the order of
    the newer edition's pages (the older's for what was removed)."""
    new = _renamed_in_place(old, new)
    both = old.merge(new, on="key", suffixes=("_old", "_new"))
    rows = [
        _change(
            r.section_new,
            "renamed" if r.renames_new else "changed",
            r.what_new,
            r.value_old,
            r.value_new,
            r.page_old,
            r.page_new,
        )
        for r in both.itertuples()
        if _text(r.value_old) != _text(r.value_new)
    ]
    rows += _one_sided(new[~new["key"].isin(old["key"])], old, "added")
    rows += _one_sided(old[~old["key"].isin(new["key"])], new, "removed")
    changes = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    page = changes["new_page"].fillna(changes["old_page"]).fillna(0)
    return (
        changes.assign(_page=page)
        .sort_values(["_page", "what"], kind="stable")
        .drop(columns="_page")
        .astype({"old_page": "Int64", "new_page": "Int64"})
        .reset_index(drop=True)
    )
