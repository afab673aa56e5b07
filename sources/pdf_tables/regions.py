"""Where a table without a full grid lies on a page.

* `ruled_regions`: horizontal rules and fill bands of one horizontal extent, stacked with
  no running text between them, enclose a table (booktabs rules, a shaded header, zebra
  rows). A region beginning or ending on a fill (zebra rows, a shaded header over an
  unruled body) runs on over the aligned lines right above or below it.
* `unruled_regions`: runs of consecutive lines that each fall apart into several cell
  texts at wide gaps (a table pasted without any rule).
* `is_chart`: a region holding fills that are neither rules nor parts of a row shaded
  across the region's width (bars, areas of a map), or curves, is a chart or a figure,
  not a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sources.pdf_tables.aligned import Segment, is_prose
from sources.pdf_tables.rules import Band, Rule
from sources.pdf_tables.settings import DEFAULT_SETTINGS, LayoutSettings

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Region:
    """A table's area and the heights of the rules and fill edges inside it."""

    bbox: Box
    separators: tuple[float, ...]


def contains(outer: Box, box: Box, tol: float = 0.0) -> bool:
    """Whether `box` lies within `outer` (give or take `tol`)."""
    return (
        box[0] >= outer[0] - tol
        and box[1] >= outer[1] - tol
        and box[2] <= outer[2] + tol
        and box[3] <= outer[3] + tol
    )


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def centre_in(box: Box, outer: Box) -> bool:
    xm, ym = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= xm <= outer[2] and outer[1] <= ym <= outer[3]


def crosses(region: Box, box: Box) -> bool:
    """Whether `box` overlaps the region without containing it (reaches over its edge)."""
    return overlaps(region, box) and not contains(box, region)


def _line_box(line: Sequence[Segment]) -> Box:
    return (line[0].x0, min(s.top for s in line), line[-1].x1, max(s.bottom for s in line))


def ruled_regions(
    rules: Sequence[Rule],
    bands: Sequence[Band],
    lines: Sequence[Sequence[Segment]],
    body_size: float,
    s: LayoutSettings = DEFAULT_SETTINGS,
) -> list[Region]:
    """Table regions enclosed by rules and fills (module docstring). `lines` are the page's
    lines outside other tables, as cell texts, top to bottom."""
    # (box, fill colour or None for a rule)
    items: list[tuple[Box, tuple[float, ...] | None]] = [
        ((r.start, r.pos, r.end, r.pos), None) for r in rules if r.orientation == "h"
    ] + [((b.x0, b.top, b.x1, b.bottom), b.color) for b in bands]
    items.sort(key=lambda it: (it[0][1], it[0][0]))
    groups: list[list[tuple[Box, tuple[float, ...] | None]]] = []
    for item in items:
        box = item[0]
        for group in groups:
            last = group[-1][0]
            if (
                abs(box[0] - last[0]) <= s.extent_tolerance
                and abs(box[2] - last[2]) <= s.extent_tolerance
                and box[1] - last[3] <= s.rule_max_gap_em * body_size
                and not _prose_between(lines, last, box, s)
            ):
                group.append(item)
                break
        else:
            groups.append([item])
    regions: list[Region] = []
    for group in groups:
        x0, x1 = group[0][0][0], group[0][0][2]
        top, bottom = group[0][0][1], max(it[0][3] for it in group)
        seps = _separators(group, s)
        box = _run_on(lines, (x0, top, x1, bottom), s, group[-1][1] is not None or len(group) == 1)
        regions.append(Region(box, tuple(seps)))
    # A rule under a group head lies inside its table's region: not a table of its own.
    return [
        r
        for r in regions
        if not any(
            o is not r and contains(o.bbox, r.bbox, 1.0) and o.bbox != r.bbox for o in regions
        )
    ]


def _separators(
    group: Sequence[tuple[Box, tuple[float, ...] | None]], s: LayoutSettings
) -> tuple[float, ...]:
    """Heights that part rows: every rule, and the edges of fills — except where two fills
    of one colour touch (a header of two rows shaded alike is one shaded block)."""
    fills = [(box, color) for box, color in group if color is not None]
    out = {box[1] for box, color in group if color is None}
    for box, color in fills:
        for y, other_edge in ((box[1], 3), (box[3], 1)):
            joint = any(
                o is not box and c == color and abs(o[other_edge] - y) <= s.fill_join_tolerance
                for o, c in fills
            )
            if not joint:
                out.add(y)
    return tuple(sorted(out))


def _prose_between(lines: Sequence[Sequence[Segment]], a: Box, b: Box, s: LayoutSettings) -> bool:
    width = a[2] - a[0]
    for line in lines:
        box = _line_box(line)
        if a[3] <= (box[1] + box[3]) / 2 <= b[1] and is_prose(line, width, s):
            return True
    return False


def _continues(line: Sequence[Segment], x0: float, x1: float, s: LayoutSettings) -> bool:
    """Whether a line outside a region reads as one more row of it: within its extent, of
    several cell texts, not prose."""
    lb = _line_box(line)
    return (
        lb[0] >= x0 - s.extent_tolerance
        and lb[2] <= x1 + s.extent_tolerance
        and len(line) >= 2
        and not is_prose(line, x1 - x0, s)
    )


def _run_on(lines: Sequence[Sequence[Segment]], box: Box, s: LayoutSettings, down: bool) -> Box:
    """The region extended over the aligned lines closely above it (a header or first row
    set above the first rule or fill) and, when `down`, below it (a region ending on a
    fill: the last, unshaded zebra row; a shaded header over an unruled body)."""
    x0, top, x1, bottom = box
    inside = [
        _line_box(ln) for ln in lines if top <= _line_box(ln)[1] and _line_box(ln)[3] <= bottom
    ]
    if not inside:
        return box
    reach = max(b[3] - b[1] for b in inside) * s.run_on_line_heights
    for line in lines if down else ():
        lb = _line_box(line)
        if lb[1] < bottom - 1.0:
            continue
        if lb[1] - bottom <= reach and _continues(line, x0, x1, s):
            bottom = lb[3]
        else:
            break
    for line in reversed(lines):
        lb = _line_box(line)
        if lb[3] > top + 1.0:
            continue
        if top - lb[3] <= reach and _continues(line, x0, x1, s):
            top = lb[1]
        else:
            break
    return (x0, top, x1, bottom)


def unruled_regions(
    lines: Sequence[Sequence[Segment]], page_width: float, s: LayoutSettings = DEFAULT_SETTINGS
) -> list[Region]:
    """Runs of close lines with `unruled_min_lines` or more of several cell texts each; a
    short line of one text inside a run (a group row) belongs to it, not at its ends."""
    runs: list[list[Sequence[Segment]]] = []
    for line in lines:
        prose = is_prose(line, page_width / 2, s)
        multi = len(line) >= s.min_columns and not prose
        if prose or not (multi or len(line) == 1):
            runs.append([])
            continue
        box = _line_box(line)
        if runs and runs[-1]:
            prev = _line_box(runs[-1][-1])
            height = max(prev[3] - prev[1], box[3] - box[1])
            if box[1] - prev[3] <= s.unruled_line_gap * height:
                runs[-1].append(line)
                continue
        runs.append([line] if multi else [])
    out = []
    for run in runs:
        while run and len(run[-1]) < s.min_columns:
            run.pop()
        if sum(len(ln) >= s.min_columns for ln in run) < s.unruled_min_lines:
            continue
        boxes = [_line_box(ln) for ln in run]
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        out.append(Region(bbox, ()))
    return out


def is_chart(
    region: Box,
    bands: Sequence[Band],
    curves: Sequence[dict[str, Any]],
    s: LayoutSettings = DEFAULT_SETTINGS,
) -> bool:
    """Whether the region is a chart or figure (module docstring)."""
    x0, top, x1, bottom = region
    width = x1 - x0
    pad = (x0 - 2, top - 2, x1 + 2, bottom + 2)
    near = [b for b in bands if overlaps((b.x0, b.top, b.x1, b.bottom), pad)]
    odd = [b for b in near if _row_cover(b, near, x0, x1) < s.row_cover_ratio * width]
    drawn = [
        c
        for c in curves
        if overlaps((c["x0"], c["top"], c["x1"], c["bottom"]), pad)
        and max(c["width"], c["height"]) > s.dot_max_size  # dots of a dotted rule are no figure
    ]
    return len(odd) > s.chart_max_fills or len(drawn) > s.chart_max_fills


def _row_cover(band: Band, bands: Sequence[Band], x0: float, x1: float) -> float:
    """How much of [x0, x1] the fills at the band's mid-height cover together (a header
    shaded cell by cell covers the table's width; the bars of a chart do not)."""
    y = (band.top + band.bottom) / 2
    spans = sorted((max(b.x0, x0), min(b.x1, x1)) for b in bands if b.top <= y <= b.bottom)
    covered, end = 0.0, x0
    for a, b in spans:
        if b > end:
            covered += b - max(a, end)
            end = b
    return covered
