"""Lines from glyphs.

Glyphs whose vertical centres lie within `LINE_TOLERANCE_EM` of a font size belong to one
line; within a line a horizontal gap wider than `WORD_GAP_EM` with no printed space is a
space. Page text outside tables is split further at wide gaps into `TextLine`s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sources.japanese_text import normalize_text
from sources.pdf_tables.settings import DEFAULT_SETTINGS, LayoutSettings

# Glyph centres within this fraction of the font size are on the same text line.
LINE_TOLERANCE_EM = 0.45
# A gap wider than this fraction of the font size between two glyphs is a word space.
WORD_GAP_EM = 0.25
# Within a page line, a horizontal gap this wide (em) starts a separate text segment.
SEGMENT_GAP_EM = 3.0
# Overprinted duplicate glyphs (fake bold) closer than this (pt) are one glyph.
DUPLICATE_TOLERANCE = 0.6
# A glyph is placed by the point this fraction of its width from its left end.
HANG_PROBE = 0.2


@dataclass(frozen=True, slots=True)
class Glyph:
    """One printed character with its box (pdfplumber coordinates: top grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def xp(self) -> float:
        """Where the glyph is placed horizontally: near its left end, so that a closing
        bracket or punctuation mark hung past a cell's right rule (Japanese line-end
        hanging) still counts for the cell it was set in."""
        return self.x0 + HANG_PROBE * (self.x1 - self.x0)

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class TextLine:
    """A run of glyphs on one baseline (outside tables), with its dominant font and size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


def font_family(fontname: str) -> str:
    """Font name without the PDF subset prefix (``BAAAAA+IPAexGothic`` → ``IPAexGothic``)."""
    return fontname.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", fontname) else fontname


def group_lines(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into text lines, top to bottom, each line left to right.

    Geometric idea: glyphs are taken in order of their vertical centre; a glyph whose
    centre lies within `LINE_TOLERANCE_EM` × size of the current line's centre joins it.
    Overprinted duplicates (same text, same place) are dropped.
    """
    lines: list[list[Glyph]] = []
    centres: list[float] = []
    for g in sorted(glyphs, key=lambda g: (g.yc, g.x0)):
        if lines and abs(g.yc - centres[-1]) <= LINE_TOLERANCE_EM * max(g.size, 1.0):
            lines[-1].append(g)
            n = len(lines[-1])
            centres[-1] += (g.yc - centres[-1]) / n
        else:
            lines.append([g])
            centres.append(g.yc)
    out = []
    for line in lines:
        line.sort(key=lambda g: g.x0)
        deduped: list[Glyph] = []
        for g in line:
            if (
                deduped
                and g.text == deduped[-1].text
                and abs(g.x0 - deduped[-1].x0) < DUPLICATE_TOLERANCE
            ):
                continue
            deduped.append(g)
        out.append(deduped)
    return out


def line_text(glyphs: Sequence[Glyph]) -> str:
    """The text of one line; a gap wider than `WORD_GAP_EM` with no printed space is a space."""
    parts: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if (
            prev is not None
            and g.x0 - prev.x1 > WORD_GAP_EM * max(g.size, prev.size)
            and not g.text.isspace()
            and not prev.text.isspace()
        ):
            parts.append(" ")
        parts.append(g.text)
        prev = g
    return "".join(parts)


def visible_glyphs(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """The line without leading/trailing space glyphs."""
    start, end = 0, len(glyphs)
    while start < end and glyphs[start].text.isspace():
        start += 1
    while end > start and glyphs[end - 1].text.isspace():
        end -= 1
    return list(glyphs[start:end])


def glyph_text(ch: dict[str, Any], s: LayoutSettings = DEFAULT_SETTINGS) -> str:
    """The character as printed, lookalikes repaired (`normalize_text`) — except a minus
    sign (U+2212) narrower than a full-width character: that is the minus the document
    printed, not a full-width hyphen-minus (U+FF0D) that a Shift_JIS mapping turned into
    U+2212, which is what `normalize_text` repairs."""
    text = ch["text"]
    size = float(ch.get("size") or 0.0)
    width = float(ch["x1"]) - float(ch["x0"])
    if text == "\u2212" and size and width < s.full_width_min_em * size:
        return text
    return normalize_text(text)


def glyph_from_char(ch: dict[str, Any]) -> Glyph:
    return Glyph(
        text=glyph_text(ch),
        x0=float(ch["x0"]),
        x1=float(ch["x1"]),
        top=float(ch["top"]),
        bottom=float(ch["bottom"]),
        size=float(ch.get("size") or 0.0),
        font=font_family(str(ch.get("fontname", ""))),
    )


def most_common(values: Iterable[Any]) -> Any:
    counts: dict[Any, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts.items(), key=lambda kv: kv[1])[0]


def split_segments(line: Sequence[Glyph]) -> list[list[Glyph]]:
    """Split a page line at horizontal gaps wider than `SEGMENT_GAP_EM` (separate blocks
    that happen to share a baseline, e.g. a heading and a right-aligned unit label)."""
    segments: list[list[Glyph]] = []
    for g in line:
        if segments and g.x0 - segments[-1][-1].x1 > SEGMENT_GAP_EM * max(g.size, 1.0):
            segments.append([g])
        elif segments:
            segments[-1].append(g)
        else:
            segments.append([g])
    return segments


def text_lines(glyphs: Sequence[Glyph]) -> list[TextLine]:
    """Page text (outside tables) as `TextLine`s in reading order (top to bottom)."""
    out: list[TextLine] = []
    for line in group_lines(glyphs):
        for seg in split_segments(line):
            vis = visible_glyphs(seg)
            if not vis:
                continue
            ink = [g for g in vis if not g.text.isspace()]
            out.append(
                TextLine(
                    text=line_text(vis),
                    x0=vis[0].x0,
                    x1=vis[-1].x1,
                    top=min(g.top for g in vis),
                    bottom=max(g.bottom for g in vis),
                    size=round(most_common(g.size for g in ink), 2),
                    font=most_common(g.font for g in ink),
                )
            )
    out.sort(key=lambda t: (round(t.top, 0), t.x0))
    return out
