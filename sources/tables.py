"""The shape every table of the vision leaves `sources/` in.

It is deliberately the shape of `shared/vision/ground_truth_tables.json` (and of
`vision extract --format json`): a grid of cell texts in which a merged cell's text is
repeated in every position it covers, plus the spans that say which positions were merged.
Everything downstream (normalization into facts, checks, diffs) reads this shape only, so
it never needs to know how the PDF was laid out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class CellSpan:
    """A merged cell: its top-left grid position and how many rows/columns it covers."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class ExtractedTable:
    """One table of the document, in document order.

    `id` is stable within one rendering (`t001`, `t002`, … in reading order); `caption` and
    `section` are what identify a table across renderings and revisions.
    `pages` are 1-based page numbers the table spans (more than one when stitched).
    `header_rows` counts the leading rows of `rows` that are column headers.
    """

    id: str
    caption: str
    section: str
    kind: str
    pages: list[int]
    header_rows: int
    rows: list[list[str]]
    spans: list[CellSpan] = field(default_factory=list)
    # Page of each row (same length as `rows`): lets a finding name the page it is on
    # when a table is stitched across pages. Empty when unknown.
    row_pages: list[int] = field(default_factory=list)
    # Printed with the table, never part of its caption or grid: the unit note's unit
    # (`（単位：人、％）` → `人、％`; "" when none is printed), the source it cites (the
    # `資料：`/`出典：` text) and every note line printed under it (資料, 注, ※), as printed.
    unit: str = ""
    source: str = ""
    notes: list[str] = field(default_factory=list)
    # The column whose header reads 単位 (each row prints its own unit), else None.
    unit_column: int | None = None

    @property
    def header(self) -> list[list[str]]:
        return self.rows[: self.header_rows]

    @property
    def body(self) -> list[list[str]]:
        return self.rows[self.header_rows :]

    def page_of_row(self, row_index: int) -> int:
        """Page on which row `row_index` (index into `rows`) is printed."""
        if self.row_pages:
            return self.row_pages[row_index]
        return self.pages[0]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["spans"] = [asdict(s) for s in self.spans]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExtractedTable:
        spans = [CellSpan(**s) for s in data.get("spans", [])]
        return cls(
            id=data["id"],
            caption=data["caption"],
            section=data["section"],
            kind=data.get("kind", "data"),
            pages=list(data["pages"]),
            header_rows=int(data["header_rows"]),
            rows=[list(r) for r in data["rows"]],
            spans=spans,
            row_pages=list(data.get("row_pages", [])),
            unit=data.get("unit") or "",
            source=data.get("source") or "",
            notes=list(data.get("notes") or []),
            unit_column=data.get("unit_column"),
        )
