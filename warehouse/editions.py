"""Loaded editions of the vision as people name them: 令和8年2月20日 改訂 (c861fc555b2e)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

# First day of each era, newest first (令和 began on 1 May 2019).
_ERAS = [
    ("令和", dt.date(2019, 5, 1)),
    ("平成", dt.date(1989, 1, 8)),
    ("昭和", dt.date(1926, 12, 25)),
]
SHA_PREFIX = 12


def wareki_date(day: dt.date | None) -> str | None:
    """2026-02-20 → 令和8年2月20日 (元年 for an era's first year); None stays None."""
    if day is None:
        return None
    for era, start in _ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class LoadedEdition:
    """One row of source_document, with the cover's dates."""

    revision_id: str
    title: str | None
    label: str | None  # the cover's line of its newest date, e.g. 令和8年2月20日 改訂
    published: dt.date | None
    adopted_on: dt.date | None
    revised_on: dt.date | None
    revision_number: int | None
    loaded_at: dt.datetime | None

    @property
    def short_id(self) -> str:
        return self.revision_id[:SHA_PREFIX]

    @property
    def revision_number_text(self) -> str | None:
        return None if self.revision_number is None else f"第{self.revision_number}回"

    @property
    def name(self) -> str:
        """What a reader calls it: the cover's label, or the file's hash when undated."""
        return self.label or f"日付のない版 {self.short_id}"

    @property
    def full_name(self) -> str:
        return f"{self.label} ({self.short_id})" if self.label else self.name


def edition(con: duckdb.DuckDBPyConnection, revision_id: str) -> LoadedEdition:
    row = con.execute(
        "SELECT revision_id, title, revision_label, published, adopted_on, revised_on, "
        "revision_number, loaded_at FROM source_document WHERE revision_id = ?",
        [revision_id],
    ).fetchone()
    if row is None:
        raise LookupError(f"revision {revision_id[:SHA_PREFIX]} is not loaded")
    return LoadedEdition(*row)
