"""Rules and fills from pdfplumber's graphic objects.

* **Dotted rules.** Chromium/Skia prints a dotted border as a row of tiny filled squares
  (about 0.7 pt, as many gaps as dots); pdfplumber sees no edge there. Squares no larger
  than `dot_max_size`, on one line (centres within `dot_align_tolerance`) and at most
  `dot_max_gap` apart, chained `dot_min_count` or more, are one rule.
* **Horizontal rules**: flat lines, thin rects and sides of stroked rects (not the sides
  of fills), joined where collinear pieces touch (renderers draw a table's rule cell by cell).
* **Fill bands**: filled rects that are not white paper and not thin enough to be rules,
  joined where rects of one colour and one height touch (a header row shaded cell by
  cell is one band).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sources.pdf_tables.settings import DEFAULT_SETTINGS, LayoutSettings


@dataclass(frozen=True)
class Rule:
    """A straight rule: `pos` across it (y of a horizontal rule, x of a vertical one),
    from `start` to `end` along it."""

    orientation: str  # "h" or "v"
    pos: float
    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Band:
    """A filled (shaded) area: a header row, a zebra row, a bar of a chart."""

    x0: float
    top: float
    x1: float
    bottom: float
    color: tuple[float, ...]


def _is_dot(rect: dict[str, Any], s: LayoutSettings) -> bool:
    return (
        bool(rect.get("fill"))
        and rect["width"] <= s.dot_max_size
        and (rect["height"] <= s.dot_max_size)
    )


def _chain(
    dots: Sequence[tuple[float, float, float]], s: LayoutSettings
) -> list[tuple[float, float, float]]:
    """Runs of (pos, start, end) dots on one line, sorted along it, where each dot starts
    at most `dot_max_gap` after the previous one ends: (pos, start, end) of each run of
    `dot_min_count` or more."""
    runs: list[list[tuple[float, float, float]]] = []
    for dot in sorted(dots, key=lambda d: d[1]):
        if runs and dot[1] - runs[-1][-1][2] <= s.dot_max_gap:
            runs[-1].append(dot)
        else:
            runs.append([dot])
    return [
        (sum(d[0] for d in run) / len(run), run[0][1], run[-1][2])
        for run in runs
        if len(run) >= s.dot_min_count
    ]


def dotted_rules(
    rects: Iterable[dict[str, Any]], s: LayoutSettings = DEFAULT_SETTINGS
) -> list[Rule]:
    """Rules drawn as rows or columns of tiny filled squares (the module docstring)."""
    rows: dict[int, list[tuple[float, float, float]]] = defaultdict(list)
    cols: dict[int, list[tuple[float, float, float]]] = defaultdict(list)
    for r in rects:
        if not _is_dot(r, s):
            continue
        xc, yc = (r["x0"] + r["x1"]) / 2, (r["top"] + r["bottom"]) / 2
        # Bucketed by centre; a dot also goes to its neighbour bucket so that a line whose
        # centre sits on a bucket border is still found whole (duplicates removed below).
        rows[round(yc / s.dot_align_tolerance)].append((yc, r["x0"], r["x1"]))
        cols[round(xc / s.dot_align_tolerance)].append((xc, r["top"], r["bottom"]))
    out: list[Rule] = []
    for orientation, buckets in (("h", rows), ("v", cols)):
        for key in sorted(buckets):
            dots = buckets[key] + buckets.get(key + 1, [])
            for pos, start, end in _chain(dots, s):
                out.append(Rule(orientation, pos, start, end))
    return _dedupe(out, s)


def _dedupe(rules: Sequence[Rule], s: LayoutSettings) -> list[Rule]:
    """Rules found twice (from two neighbouring buckets): the longer one is kept."""
    kept: list[Rule] = []
    for r in sorted(rules, key=lambda r: (r.orientation, -r.length)):
        if any(
            k.orientation == r.orientation
            and abs(k.pos - r.pos) <= s.dot_align_tolerance * 2
            and k.start <= r.start + s.dot_max_gap
            and r.end <= k.end + s.dot_max_gap
            for k in kept
        ):
            continue
        kept.append(r)
    return kept


def rule_edge(rule: Rule) -> dict[str, Any]:
    """A rule as a pdfplumber edge (for `explicit_*_lines` of the table finder)."""
    if rule.orientation == "h":
        x0, x1, top, bottom = rule.start, rule.end, rule.pos, rule.pos
    else:
        x0, x1, top, bottom = rule.pos, rule.pos, rule.start, rule.end
    return {
        "object_type": "line_edge",
        "orientation": rule.orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


def drawn_horizontal_pieces(
    lines: Iterable[dict[str, Any]], rects: Iterable[dict[str, Any]], s: LayoutSettings
) -> list[tuple[float, float, float]]:
    """(y, x0, x1) of what is drawn as a horizontal rule: flat lines, thin filled rects,
    the top and bottom of stroked rects — not the sides of a fill (a shaded row is
    evidence of its own, `fill_bands`)."""
    out = [
        ((ln["top"] + ln["bottom"]) / 2, ln["x0"], ln["x1"])
        for ln in lines
        if ln["bottom"] - ln["top"] <= s.rule_max_thickness
    ]
    for r in rects:
        if r.get("fill") and r["height"] <= s.rule_max_thickness:
            out.append(((r["top"] + r["bottom"]) / 2, r["x0"], r["x1"]))
        elif r.get("stroke"):
            out += [(r["top"], r["x0"], r["x1"]), (r["bottom"], r["x0"], r["x1"])]
    return out


def horizontal_rules(
    pieces: Iterable[tuple[float, float, float]], s: LayoutSettings = DEFAULT_SETTINGS
) -> list[Rule]:
    """Horizontal rule pieces (y, x0, x1) joined where collinear pieces touch; rules
    shorter than `rule_min_length` dropped."""
    pieces = sorted((float(y), float(a), float(b)) for y, a, b in pieces)
    rows: list[list[tuple[float, float, float]]] = []
    for p in pieces:
        if rows and p[0] - rows[-1][0][0] <= s.rule_max_thickness:
            rows[-1].append(p)
        else:
            rows.append([p])
    out: list[Rule] = []
    for row in rows:
        pos = sum(p[0] for p in row) / len(row)
        spans: list[list[float]] = []
        for _, x0, x1 in sorted(row, key=lambda p: p[1]):
            if spans and x0 <= spans[-1][1] + s.fill_join_tolerance:
                spans[-1][1] = max(spans[-1][1], x1)
            else:
                spans.append([x0, x1])
        out += [Rule("h", pos, a, b) for a, b in spans if b - a >= s.rule_min_length]
    return out


def _color(rect: dict[str, Any]) -> tuple[float, ...]:
    c = rect.get("non_stroking_color")
    if isinstance(c, (int, float)):
        return (float(c),)
    if isinstance(c, (list, tuple)) and all(isinstance(v, (int, float)) for v in c):
        return tuple(float(v) for v in c)
    return ()


def _is_white(color: tuple[float, ...], s: LayoutSettings) -> bool:
    if len(color) == 4:  # CMYK: no ink is white
        return all(v <= 1 - s.white_level for v in color)
    return bool(color) and all(v >= s.white_level for v in color)


def fill_bands(rects: Iterable[dict[str, Any]], s: LayoutSettings = DEFAULT_SETTINGS) -> list[Band]:
    """Shaded areas (the module docstring): filled, not white, thicker than a rule both
    ways; touching rects of one colour and one top/bottom joined."""
    found = sorted(
        (
            (round(float(r["top"]), 1), round(float(r["bottom"]), 1), _color(r)),
            float(r["x0"]),
            float(r["x1"]),
        )
        for r in rects
        if r.get("fill")
        and r["height"] > s.rule_max_thickness
        and r["width"] > s.rule_max_thickness
        and not _is_white(_color(r), s)
    )
    out: list[Band] = []
    for (top, bottom, color), x0, x1 in found:
        last = out[-1] if out else None
        if (
            last is not None
            and (last.top, last.bottom, last.color) == (top, bottom, color)
            and x0 <= last.x1 + s.fill_join_tolerance
        ):
            out[-1] = Band(last.x0, top, max(last.x1, x1), bottom, color)
        else:
            out.append(Band(x0, top, x1, bottom, color))
    return out
