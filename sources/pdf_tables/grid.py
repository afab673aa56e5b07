"""Grid from cells.

The cell boxes' left/right edges, clustered within `EDGE_TOLERANCE`, are the column
boundaries; top/bottom edges the row boundaries. A cell covering several boundaries is a
merged cell (`CellSpan`). Because the grid is built from edges, two fragments of one table
(e.g. the two pages of a stitched table) can be laid on the *union* of their column
boundaries (`layout_grid(..., x_edges=...)`), so a continuation page that merges some
columns still lines up.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sources.tables import CellSpan

# Cell edges closer than this (pt) are the same grid boundary.
EDGE_TOLERANCE = 1.5


@dataclass(frozen=True)
class TableCell:
    """One ruled cell: its box (x0, top, x1, bottom) and its text."""

    bbox: tuple[float, float, float, float]
    text: str


@dataclass(frozen=True)
class PageTable:
    """A ruled table as found on one page."""

    page_number: int
    bbox: tuple[float, float, float, float]
    cells: tuple[TableCell, ...]
    # How the table was found: "grid" (ruled cells), "frame" (an outer frame, columns
    # from the text), "rules" (horizontal rules and/or fills), "unruled" (text only).
    layout: str = "grid"

    def grid(self) -> Grid:
        return layout_grid(self.cells)


@dataclass
class Grid:
    """Cells laid on row/column boundaries: text repeated over merged positions + spans."""

    rows: list[list[str]]
    spans: list[CellSpan] = field(default_factory=list)
    x_edges: list[float] = field(default_factory=list)
    y_edges: list[float] = field(default_factory=list)


def cluster_edges(values: Iterable[float], tolerance: float = EDGE_TOLERANCE) -> list[float]:
    """Sorted boundary positions: values within `tolerance` of their neighbour form one
    boundary, placed at the cluster mean."""
    ordered = sorted(values)
    clusters: list[list[float]] = []
    for v in ordered:
        if clusters and v - clusters[-1][-1] <= tolerance:
            clusters[-1].append(v)
        else:
            clusters.append([v])
    return [sum(c) / len(c) for c in clusters]


def nearest_edge(edges: Sequence[float], value: float) -> int:
    """Index of the boundary in sorted `edges` closest to `value`."""
    i = bisect.bisect_left(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1


def merge_edges(*edge_lists: Sequence[float], tolerance: float = EDGE_TOLERANCE) -> list[float]:
    """Union of several boundary sets (e.g. the column boundaries of a table's pages)."""
    return cluster_edges([e for edges in edge_lists for e in edges], tolerance)


def layout_grid(
    cells: Sequence[TableCell],
    x_edges: Sequence[float] | None = None,
    y_edges: Sequence[float] | None = None,
) -> Grid:
    """Lay ruled cells on a grid.

    Column boundaries are the clustered cell x-edges (or the given `x_edges`, e.g. the
    union over the pages of a stitched table); each cell covers the columns between its
    nearest boundaries. A cell covering more than one row or column is a merged cell: its
    text is repeated in every position it covers and its `CellSpan` is recorded. Positions
    no cell covers are empty strings.
    """
    xs = (
        list(x_edges)
        if x_edges is not None
        else cluster_edges([c.bbox[0] for c in cells] + [c.bbox[2] for c in cells])
    )
    ys = (
        list(y_edges)
        if y_edges is not None
        else cluster_edges([c.bbox[1] for c in cells] + [c.bbox[3] for c in cells])
    )
    n_rows, n_cols = max(len(ys) - 1, 0), max(len(xs) - 1, 0)
    rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    spans: list[CellSpan] = []
    for cell in cells:
        x0, top, x1, bottom = cell.bbox
        c0, c1 = nearest_edge(xs, x0), nearest_edge(xs, x1)
        r0, r1 = nearest_edge(ys, top), nearest_edge(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue  # degenerate sliver between two boundaries
        for r in range(r0, r1):
            for c in range(c0, c1):
                rows[r][c] = cell.text
        if r1 - r0 > 1 or c1 - c0 > 1:
            spans.append(CellSpan(row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0))
    spans.sort(key=lambda s: (s.row, s.col))
    return Grid(rows=rows, spans=spans, x_edges=xs, y_edges=ys)
