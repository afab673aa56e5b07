"""Wrapped vs broken lines: the text of one ruled cell.

A cell line that ends while the next line's first unbreakable unit would still have fitted
in the cell was ended on purpose (a paragraph or list break, kept as ``"\\n"``). Otherwise
the line was wrapped by the renderer: if the unit would have fitted *but for a space*, the
wrap consumed a space (``" "``); otherwise the wrap fell inside a run of text and nothing
is inserted between Japanese characters (a space only between two Latin/digit
characters, where renderers do not break words).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from sources.pdf_tables.lines import Glyph, line_text, most_common, visible_glyphs
from sources.pdf_tables.settings import DEFAULT_SETTINGS, LayoutSettings

# Width of a space when the font prints none, as a fraction of the font size.
DEFAULT_SPACE_EM = 0.25
# Slack (fraction of the font size) when asking "would the next unit have fitted?".
FIT_TOLERANCE_EM = 0.12
# "Would have fitted but for a space" needs this much room beyond the unit (em): the
# estimate of a cell's inner width is good to about a tenth of an em.
SPACE_FIT_MARGIN_EM = 0.12

# Characters a line may not start with (Japanese kinsoku: closing brackets, small kana,
# prolonged sound mark, iteration marks, sentence punctuation).
_NO_LINE_START = set(
    "、。，．・：；？！゛゜ヽヾゝゞ々ー）］｝」』】〕〉》’”)]}:;,.!?%％ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
# Characters a line may not end with (opening brackets).
_NO_LINE_END = set("（［｛「『【〔〈《‘“([{")


def is_wide(ch: str) -> bool:
    """Whether `ch` is a full-width (Japanese) character, between which no space is implied."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def leading_unit_width(glyphs: Sequence[Glyph]) -> float:
    """Width of the first unbreakable unit of a line: a Latin word/number up to the next
    wide character or up to and including the next space, or one wide character together
    with the characters that may not start a line after it (and the character after an
    opening bracket)."""
    if not glyphs:
        return 0.0
    first = glyphs[0]
    end = 1
    if not is_wide(first.text[:1] or " ") and first.text not in _NO_LINE_END:
        while (
            end < len(glyphs)
            and not glyphs[end].text.isspace()
            and not is_wide(glyphs[end].text[:1])
        ):
            end += 1
        if end < len(glyphs) and glyphs[end].text.isspace():
            end += 1  # renderers keep a word with the space after it (reportlab's CJK wrap)
    else:
        if first.text in _NO_LINE_END and end < len(glyphs):
            end += 1
        while end < len(glyphs) and glyphs[end].text in _NO_LINE_START:
            end += 1
    return glyphs[end - 1].x1 - first.x0


def char_class(ch: str) -> str:
    """Spacing class of a character: wide (Japanese/full-width, incl. ambiguous-width
    symbols such as ①), digit, alpha, open/close (half-width brackets), or other."""
    if not ch:
        return "other"
    if unicodedata.east_asian_width(ch) in ("W", "F", "A") and ord(ch) > 0x7F:
        return "wide"
    if ch.isdigit():
        return "digit"
    if ch.isalpha():
        return "alpha"
    if ch in "([{":
        return "open"
    if ch in ")]}":
        return "close"
    return "other"


def spacing_evidence(texts: Iterable[str], left: str, right: str) -> int:
    """How the text itself spaces a `left`-class character followed by a `right`-class one:
    (+1 per spaced occurrence, -1 per adjacent occurrence). Used where geometry cannot tell
    whether a line wrap swallowed a space (a mixed Japanese/Latin boundary)."""
    score = 0
    for text in texts:
        for i in range(len(text) - 1):
            a = char_class(text[i])
            if a != left:
                continue
            if text[i + 1] == " " and i + 2 < len(text) and char_class(text[i + 2]) == right:
                score += 1
            elif char_class(text[i + 1]) == right:
                score -= 1
    return score


def wrap_separator(prev_text: str, next_text: str, cell_texts: Sequence[str]) -> str:
    """Separator for a wrap that fell inside a run of text (the next unit did not fit).

    Between two Japanese characters nothing; between two Latin/digit characters a space
    (renderers wrap Latin text at spaces). At a mixed boundary the cell's own spacing of
    the same character classes decides; without evidence a space goes before a half-width
    opening bracket (``2025年度 (令和7年度)``) and nowhere else.
    """
    a, b = char_class(prev_text[-1]), char_class(next_text[0])
    if a == "wide" and b == "wide":
        return ""
    if a != "wide" and b != "wide":
        return " "
    score = spacing_evidence(cell_texts, a, b)
    if score > 0:
        return " "
    if score < 0:
        return ""
    return " " if b == "open" else ""


def vertical_text(
    lines: Sequence[Sequence[Glyph]], s: LayoutSettings = DEFAULT_SETTINGS
) -> str | None:
    """The text of a cell set vertically (縦書き), or None when it is not.

    Geometric idea: vertical writing puts one full-width character per line, every line
    starting at the same x; `vertical_min_chars` or more such lines are one text read top
    to bottom (an ideographic space keeps its own line and stays in the text).
    """
    if len(lines) < s.vertical_min_chars or any(len(line) != 1 for line in lines):
        return None
    glyphs = [line[0] for line in lines]
    if any(not is_wide(g.text[:1] or " ") for g in glyphs):
        return None
    if max(g.x0 for g in glyphs) - min(g.x0 for g in glyphs) > s.vertical_align_tolerance:
        return None
    return "".join(g.text for g in glyphs).strip()


def join_cell_lines(
    lines: Sequence[Sequence[Glyph]], inner_width: float, space_width_em: float = DEFAULT_SPACE_EM
) -> str:
    """Join the lines of one cell (the geometric idea is this module's docstring).

    `inner_width` is the width available to text in the cell (cell width minus padding).
    A cell set vertically is read top to bottom (`vertical_text`).
    """
    vertical = vertical_text(lines)
    if vertical is not None:
        return vertical
    kept = [line for line in lines if visible_glyphs(line)]
    visible = [visible_glyphs(line) for line in kept]
    texts = [line_text(v) for v in visible]
    out: list[str] = []
    for i, line in enumerate(visible):
        if i == 0:
            out.append(texts[0])
            continue
        prev = visible[i - 1]
        size = max(prev[-1].size, line[0].size, 1.0)
        space = space_width_em * size
        available = inner_width - (prev[-1].x1 - prev[0].x0)
        unit = leading_unit_width(line)
        if available >= unit + space + FIT_TOLERANCE_EM * size:
            sep = "\n"  # the next unit would have fitted: the line was ended on purpose
        elif available >= unit + SPACE_FIT_MARGIN_EM * size:
            sep = " "  # it would have fitted but for a space: the wrap consumed a space
        elif kept[i - 1][-1].text.isspace() or kept[i][0].text.isspace():
            sep = " "  # the renderer printed the space it wrapped at
        else:
            sep = wrap_separator(texts[i - 1], texts[i], texts)
        out.append(sep + texts[i])
    return "".join(out)


def space_em(glyphs: Iterable[Glyph]) -> float:
    """Width of the printed space as a fraction of the font size (the most common one)."""
    widths = [(g.x1 - g.x0) / g.size for g in glyphs if g.text == " " and g.x1 > g.x0 and g.size]
    return most_common(round(w, 3) for w in widths) if widths else DEFAULT_SPACE_EM
