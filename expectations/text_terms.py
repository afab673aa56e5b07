"""Family 8 (text) — terms and names: a rare variant of a frequent form.

The vocabulary is the document's own: every run of kanji, katakana (with ・ and ー) and
Latin letters in its text and table cells, counted after NFKC (so full-/half-width-only
differences never count, as in the other families). A run printed rarely that differs
from a frequent run by one character is reported with both forms, their counts and pages:

* a ・ added or dropped inside a term (集積・強化 / 集積強化);
* one character swapped, with at least `SWAP_CONTEXT` unchanged characters on each side
  (連携中枢都市圏 / 連携中核都市圏) — a change near the edge of a run is most often another
  word of the same family (中小企業 / 中堅企業, 本店 / 支店), not a slip;
* one character added or dropped, with `EDIT_CONTEXT` unchanged characters on each side.

Nothing is judged from a list of words: frequent and rare come from the document checked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from expectations.compare import nfkc, text_or_empty
from expectations.document_text import (
    BODY_CAPTION,
    DOCUMENT_TEXT,
    FAMILY,
    Printed,
    caption_of,
    form_finding,
    page_list,
)
from expectations.findings import CheckOutcome, Finding

# A term: kanji (and 々〆ヶ), katakana with ・ and ー, Latin letters.
TERM = re.compile(r"[\u4e00-\u9fff々〆ヶ\u30a1-\u30fa\u30fb\u30fcA-Za-z]+")
MIDDLE_DOT = "・"
# A form is frequent when printed at least this often, and at least RATIO times as often
# as the variant; a variant is printed at most MAX_RARE times.
MIN_FREQUENT = 3
RATIO = 3
MAX_RARE = 2
# Shortest terms compared, and unchanged characters needed on each side of the change.
MIN_TERM = 4
SWAP_MIN_TERM = 5
SWAP_CONTEXT = 2
EDIT_MIN_TERM = 6
EDIT_CONTEXT = 3


def texts(frames: dict[str, pd.DataFrame]) -> Iterator[tuple[str, int, str, str]]:
    """(text, page, caption, table_id) of every paragraph, heading, note and table cell."""
    text = frames[DOCUMENT_TEXT]
    for row in text.itertuples(index=False):
        section = text_or_empty(row.section).split(" > ")[-1]
        yield text_or_empty(row.text), int(row.page), section or BODY_CAPTION, ""
    cells = frames.get("table_cell")
    if cells is not None and not cells.empty:
        for row in cells[["text", "page", "caption", "table_id"]].itertuples(index=False):
            if not pd.isna(row.page):
                caption, table_id = caption_of(row.caption), text_or_empty(row.table_id)
                yield text_or_empty(row.text), int(row.page), caption, table_id


def vocabulary(frames: dict[str, pd.DataFrame]) -> dict[str, Printed]:
    terms: dict[str, Printed] = {}
    for text, page, caption, table_id in texts(frames):
        # Not compact_key: a space separates two terms, a line break only wraps one.
        key = nfkc(text).replace("\n", "")
        for run in (term.strip(MIDDLE_DOT) for term in TERM.findall(key)):
            if len(run.replace(MIDDLE_DOT, "")) >= MIN_TERM:
                terms.setdefault(run, Printed(run)).add((page, caption, table_id))
    return terms


@dataclass(frozen=True)
class Variant:
    rare: Printed
    frequent: Printed
    kind: str  # "dot" / "swap" / "edit", or "word" (a compound term)
    word: str = ""  # the piece the longer form has and the shorter lacks


def _pieces(word: str, sizes: range, context: int) -> Iterator[tuple[int, int]]:
    """(start, end) of every piece of `sizes` characters inside `word` that leaves
    `context` characters unchanged on each side."""
    for i in range(context, len(word) - context):
        for j in range(i + sizes.start, min(i + sizes.stop - 1, len(word) - context) + 1):
            yield i, j


def _added(
    terms: dict[str, Printed], sizes: range, context: int, min_shorter: int = 0
) -> Iterator[tuple[Printed, Printed, str]]:
    """(rare, frequent, piece): two forms, one the other with a piece inside it added (the
    shorter at least `min_shorter` characters long), where one dominates the other."""
    for longer in terms.values():
        for i, j in _pieces(longer.text, sizes, context):
            shorter = terms.get(longer.text[:i] + longer.text[j:])
            if shorter is None or len(shorter.text) < min_shorter:
                continue
            if (pair := _dominated(longer, shorter)) is not None:
                yield *pair, longer.text[i:j]


def variants(terms: dict[str, Printed]) -> list[Variant]:
    """Per rare form, the most printed frequent form one character away from it (a ・,
    one character added or dropped, one swapped)."""
    one = range(1, 2)
    found = [Variant(r, f, "dot") for r, f, c in _added(terms, one, 1) if c == MIDDLE_DOT]
    edits = _added(terms, one, EDIT_CONTEXT, EDIT_MIN_TERM - 1)
    found += [Variant(r, f, "edit") for r, f, c in edits if c != MIDDLE_DOT]
    # Swaps: forms equal but for one character masked.
    masked: dict[str, list[Printed]] = defaultdict(list)
    for term in terms.values():
        if len(term.text) >= SWAP_MIN_TERM:
            for i, j in _pieces(term.text, one, SWAP_CONTEXT):
                if term.text[i] != MIDDLE_DOT:
                    masked[term.text[:i] + "\0" + term.text[j:]].append(term)
    for group in masked.values():
        pairs = (_dominated(a, b) for a, b in combinations(group, 2))
        found += [Variant(*pair, "swap") for pair in pairs if pair is not None]
    best: dict[str, Variant] = {}
    for v in sorted(found, key=lambda v: -v.frequent.count):  # on a tie, the first found
        best.setdefault(v.rare.text, v)
    return list(best.values())


DESCRIPTION = {
    "dot": "「・」の有無だけが違う",
    "swap": "1文字だけが違う",
    "edit": "1文字の有無だけが違う",
}


def check_term_variants(frames: dict[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    terms = vocabulary(frames)
    findings = [
        _majority_finding(check_id, v.rare, v.frequent, f"と{DESCRIPTION[v.kind]}。")
        for v in sorted(variants(terms), key=lambda v: (v.rare.pages[0], v.rare.text))
    ]
    return CheckOutcome(check_id, FAMILY, len(terms), findings)


def _majority_finding(
    check_id: str,
    rare: Printed,
    frequent: Printed,
    difference: str,
    conclusion: str = "誤記または表記の揺れと思われる",
) -> Finding:
    """A form printed rarely against the document's majority form, both with counts and
    pages; `difference` says how they differ (ending with 。)."""
    return form_finding(
        check_id,
        rare,
        frequent,
        f"文書中で{frequent.count}回使われている「{frequent.text}」"
        f"（{page_list(frequent.pages)}）{difference}{conclusion}",
    )


# --------------------------------------------------------------------------------------
# Compound terms: a long name printed with one word more or less
# --------------------------------------------------------------------------------------

# A long name: the shorter form has at least COMPOUND_MIN_TERM characters; the word added
# or dropped has WORD_MIN to WORD_MAX characters, with COMPOUND_CONTEXT unchanged
# characters on each side (a word at the edge makes another name: 〇〇市立美術館 /
# 〇〇市立美術館分館, スマイル号 / スマイルグリーン号).
COMPOUND_MIN_TERM = 8
WORD_MIN = 2
WORD_MAX = 6
COMPOUND_CONTEXT = 3


def compound_variants(terms: dict[str, Printed]) -> list[Variant]:
    """Pairs of terms, one the other with one word inside it added, where one of the two is
    printed at most MAX_RARE times and the other at least MIN_FREQUENT and RATIO times as
    often. Two different names sharing most of their words (two facilities, two buses)
    are each printed often, or equally often: neither dominates, nothing is reported."""
    words = _added(terms, range(WORD_MIN, WORD_MAX + 1), COMPOUND_CONTEXT, COMPOUND_MIN_TERM)
    return [Variant(rare, frequent, "word", word) for rare, frequent, word in words]


def _dominated(a: Printed, b: Printed) -> tuple[Printed, Printed] | None:
    """(rare, frequent) when one of the two forms dominates the other."""
    for rare, frequent in ((a, b), (b, a)):
        if (
            rare.count <= MAX_RARE
            and frequent.count >= MIN_FREQUENT
            and frequent.count >= RATIO * rare.count
        ):
            return rare, frequent
    return None


def check_compound_terms(frames: dict[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    terms = vocabulary(frames)
    findings = []
    for c in sorted(compound_variants(terms), key=lambda c: (c.rare.pages[0], c.rare.text)):
        added = len(c.rare.text) > len(c.frequent.text)
        how = f"と比べて「{c.word}」の語が{'余分に入っている' if added else '抜けている'}。"
        findings.append(
            _majority_finding(
                check_id, c.rare, c.frequent, how, "同じ名称の誤記または表記の揺れと思われる"
            )
        )
    return CheckOutcome(check_id, FAMILY, len(terms), findings)
