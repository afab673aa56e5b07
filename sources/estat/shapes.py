"""The decoded shapes of e-Stat bodies (table info, classification axes, values) and the
small readers of TABLE_INF and CLASS_INF that build them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class ClassObj:
    """One classification axis (`tab`, `cat01`…, `area`, `time`) and its items."""

    id: str
    name: str
    items: tuple[dict[str, str], ...]

    def frame(self) -> pd.DataFrame:
        """Items as a frame: code, name, level, unit, parent_code."""
        rows = [
            {
                "code": it.get("@code"),
                "name": it.get("@name"),
                "level": it.get("@level"),
                "unit": it.get("@unit"),
                "parent_code": it.get("@parentCode"),
            }
            for it in self.items
        ]
        return pd.DataFrame(rows, columns=["code", "name", "level", "unit", "parent_code"])


@dataclass(frozen=True)
class TableInfo:
    """The parts of TABLE_INF a release check needs, plus the raw dict."""

    stats_data_id: str
    stat_name: str | None
    title: str | None
    survey_date: str | None
    open_date: str | None
    updated_date: str | None
    total_number: int | None
    raw: dict[str, Any] = field(repr=False, default_factory=dict)


@dataclass(frozen=True)
class MetaInfo:
    """Result of getMetaInfo: the table and its classification axes."""

    table: TableInfo
    class_objs: tuple[ClassObj, ...]

    def classes(self, class_id: str) -> pd.DataFrame:
        for obj in self.class_objs:
            if obj.id == class_id:
                return obj.frame()
        raise KeyError(f"table {self.table.stats_data_id} has no class {class_id!r}")


@dataclass(frozen=True)
class StatsData:
    """Result of getStatsData after paging: table info, axes and the tidy value frame."""

    table: TableInfo | None
    class_objs: tuple[ClassObj, ...]
    frame: pd.DataFrame
    status: int = 0
    notes: dict[str, str] = field(default_factory=dict)


def as_list(node: Any) -> list[Any]:
    """e-Stat sends a single item as an object and several as a list; always give a list."""
    if node is None:
        return []
    if isinstance(node, list):
        return node
    return [node]


def node_text(node: Any) -> str | None:
    """`{"@code": .., "$": "国勢調査"}` → "国勢調査"; plain strings/ints pass through."""
    if node is None:
        return None
    if isinstance(node, dict):
        value = node.get("$")
        return None if value is None else str(value)
    return str(node)


def parse_table_inf(table_inf: Mapping[str, Any], total_number: int | None = None) -> TableInfo:
    title = table_inf.get("TITLE")
    total = total_number if total_number is not None else table_inf.get("OVERALL_TOTAL_NUMBER")
    return TableInfo(
        stats_data_id=str(table_inf.get("@id", "")),
        stat_name=node_text(table_inf.get("STAT_NAME")),
        title=node_text(title),
        survey_date=node_text(table_inf.get("SURVEY_DATE")),
        open_date=node_text(table_inf.get("OPEN_DATE")),
        updated_date=node_text(table_inf.get("UPDATED_DATE")),
        total_number=int(total) if total not in (None, "") else None,
        raw=dict(table_inf),
    )


def parse_class_inf(class_inf: Mapping[str, Any] | None) -> tuple[ClassObj, ...]:
    if not class_inf:
        return ()
    return tuple(
        ClassObj(
            id=str(obj["@id"]),
            name=str(obj.get("@name", "")),
            items=tuple(as_list(obj.get("CLASS"))),
        )
        for obj in as_list(class_inf.get("CLASS_OBJ"))
    )
