"""The report's account of editions, as data for its templates
(`pipeline/templates/report_edition.*.j2`, `report_changes.*.j2`): which edition it
describes, when it was generated, and what changed since the edition published before it
(`warehouse.diff`), grouped by section."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from zoneinfo import ZoneInfo

from warehouse.diff import RevisionDiff
from warehouse.editions import LoadedEdition

REPORT_TIMEZONE = ZoneInfo("Asia/Tokyo")


def by_section(changes: list[dict[str, object]]) -> list[tuple[str, list]]:
    """Consecutive changes of one section together, with the section's name."""
    return [(str(s), list(rows)) for s, rows in groupby(changes, key=lambda c: c["section"])]


def change_records(diff: RevisionDiff | None) -> list[dict[str, object]]:
    return diff.records() if diff is not None else []


def edition_name(edition: LoadedEdition) -> str:
    """令和8年2月20日 改訂（b919f03748c4）: the cover's words, then the file."""
    return f"{edition.name}（{edition.short_id}）" if edition.label else edition.name


def generated_at(now: dt.datetime | None = None) -> str:
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(REPORT_TIMEZONE)
    return f"{moment:%Y-%m-%d %H:%M}（日本時間）"
