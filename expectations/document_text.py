"""Family 8 — the document's text and structure (表記・構成): what the text rules share.

The text rules read the document's text outside its tables as one frame, under the key
DOCUMENT_TEXT (one row per heading, 目次 entry, paragraph or note; columns `page`,
`folio` — the page number printed on that page —, `kind`, `rank`, `section`, `text`,
`toc_page`), next to the fact frames and `table_cell`. Everything they report is a
presentation slip, so every finding is a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from expectations import families
from expectations.compare import finding, nfkc, page_label, text_or_empty
from expectations.findings import LOCATION_FIELDS, VALUE_FIELDS, Finding, Severity

FAMILY = families.TEXT
DOCUMENT_TEXT = "document_text"
BODY_CAPTION = "本文"
# What a finding names a table by when the table has no caption (a warehouse row may
# hold NULL): never "None" or "nan" in a message.
UNTITLED_TABLE = "表題のない表"

GOJUON = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
)


def circled(ch: str) -> int:
    """The position of a circled number (③ → 3)."""
    return ord(ch) - ord("①") + 1


# Numbering styles of headings and captions: (style, pattern on the NFKC text, value).
# Circled numbers are matched before NFKC (which turns ① into 1).
CIRCLED = re.compile(r"^([①-⑳])")
NUMBERING: tuple[tuple[str, re.Pattern[str], object], ...] = (
    ("(ア)", re.compile(rf"^\(([{GOJUON}])\)"), lambda s: GOJUON.index(s) + 1),
    ("(1)", re.compile(r"^\((\d{1,2})\)"), int),
    ("ア", re.compile(rf"^([{GOJUON}])\s"), lambda s: GOJUON.index(s) + 1),
    ("1", re.compile(r"^(\d{1,2})\s"), int),
    ("A", re.compile(r"^([A-Z])\s"), lambda s: ord(s) - ord("A") + 1),
    ("a", re.compile(r"^([a-z])\s"), lambda s: ord(s) - ord("a") + 1),
)


def numbering(text: object) -> tuple[str, str, int] | None:
    """(style, marker as printed, position in its series) of a numbered heading, or None.

    `(ア)` → ("(ア)", "(ア)", 1); `③○○館` → ("①", "③", 3); `c 福祉の充実` → ("a", "c", 3)."""
    raw = text_or_empty(text).strip()
    if (m := CIRCLED.match(raw)) is not None:
        return ("①", m.group(1), circled(m.group(1)))
    key = nfkc(raw)
    for style, pattern, value in NUMBERING:
        if (m := pattern.match(key)) is not None:
            return (style, m.group(0).strip(), value(m.group(1)))  # type: ignore[operator]
    return None


def marker_for(style: str, value: int) -> str:
    """The marker of position `value` in a numbering style (`marker_for("①", 4)` → ④)."""
    if style == "①":
        return chr(ord("①") + value - 1) if value <= 20 else f"({value})"
    if style in ("(ア)", "ア"):
        kana = GOJUON[value - 1] if value <= len(GOJUON) else "?"
        return f"({kana})" if style == "(ア)" else kana
    if style in ("A", "a"):
        return chr(ord(style) + value - 1) if value <= 26 else "?"
    return f"({value})" if style == "(1)" else str(value)


def title_of(text: object) -> str:
    """A heading's words after its numbering (`(1) 圏域の状況` → `圏域の状況`)."""
    raw = text_or_empty(text).strip()
    found = numbering(raw)
    if found is None:
        return raw
    # The marker as matched: circled numbers on the text as printed, the others after NFKC.
    return (raw if found[0] == "①" else nfkc(raw))[len(found[1]) :].strip()


def caption_of(caption: object) -> str:
    """A table's caption as a reader sees it (`UNTITLED_TABLE` when it has none)."""
    return text_or_empty(caption).strip() or UNTITLED_TABLE


def text_finding(check_id: str, *, message: str, **where: object) -> Finding:
    """A warning located by `where` (a Finding's location fields) with its `stated` and
    `expected` texts."""
    if unknown := set(where) - {*LOCATION_FIELDS, *VALUE_FIELDS}:
        raise TypeError(f"text_finding: {sorted(unknown)} is no field of a Finding")
    return finding(check_id, FAMILY, Severity.WARNING, where, message)


@dataclass
class Printed:
    """One printed form: how often and where (page, caption, table id)."""

    text: str
    count: int = 0
    places: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def pages(self) -> list[int]:
        return sorted({p for p, _, _ in self.places})

    def add(self, place: tuple[int, str, str]) -> None:
        self.count += 1
        self.places.append(place)


def page_list(pages: list[int], listed: int | None = None) -> str:
    """`p.3・p.8・p.17`: the first `listed` pages (all by default) and how many more."""
    shown = "・".join(page_label(p) for p in pages[:listed])
    more = len(pages) - len(pages[:listed])
    return f"{shown}ほか{more}ページ" if more > 0 else shown


def form_finding(
    check_id: str, printed: Printed, expected: Printed, how: str, listed: int | None = None
) -> Finding:
    """A finding on a printed form, located at its first printing: both forms with their
    counts; the message names its pages (`listed` at most) and count, then `how`."""
    page, caption, table_id = printed.places[0]
    return text_finding(
        check_id,
        page=page,
        caption=caption,
        table_id=table_id,
        row_label=printed.text,
        stated=f"{printed.text}（{printed.count}回）",
        expected=f"{expected.text}（{expected.count}回）",
        message=f"「{printed.text}」（{page_list(printed.pages, listed)}、"
        f"{printed.count}回）は、{how}",
    )
