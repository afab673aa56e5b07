"""Family 8 (text) — names the product knows officially, whatever the document's majority.

`term_variants` trusts the document: a form is right when it is printed most. A name the
product knows from an official source is right however rarely it is printed — the
national programme's name, the area's and its members' names and the document's own title
and publisher (the profile), the publishers and titles of the statistics it ships
(`sources/manifest.json`). Every printed form of such a name that differs from it by

* a ・ added or dropped (国立社会保障人口問題研究所) — spaces are not compared: in a
  PDF's text a space inside a name cannot be told from layout (`compact`),
* one character swapped, with `SWAP_CONTEXT` unchanged characters on each side
  (連携中核都市圏; a change at the edge is most often another word: 連携中枢都市宣言),
* a kana form: the name in the other kana, or one or two of its kanji written in kana
  (連けい中枢都市圏),
* for a member municipality, another 市/町/村 suffix on its stem (〇〇町 for 〇〇市),

is reported with both forms, their counts and pages, and where the official form comes
from. The texts are the document's paragraphs, headings, notes and table cells, compared
after NFKC as the other text rules do. Nothing is judged from a list of known typos: the
names are the reference data's, the variants are derived from them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from expectations.compare import nfkc
from expectations.document_text import FAMILY, Printed, form_finding, page_list
from expectations.findings import CheckOutcome, Finding
from expectations.names import NAME_COLUMN
from expectations.text_terms import MIDDLE_DOT, texts
from sources.manifest import load_manifest
from sources.profile import Profile, current_profile

# The national programme every vision belongs to: 総務省「連携中枢都市圏構想推進要綱」.
PROGRAMME_NAME = "連携中枢都市圏"
PROGRAMME_SOURCE = "国の制度の名称（総務省「連携中枢都市圏構想推進要綱」）"
# Shortest name whose variants are looked for, and the shortest for a swapped character
# (a 3-character name differs from many words by one character: 〇〇市 / 〇〇県).
MIN_NAME = 4
SWAP_MIN_NAME = 5
SWAP_CONTEXT = 2
# A kana form: at most this many kanji of the name written as 1 to KANA_MAX_RUN kana.
KANA_MAX_KANJI = 2
KANA_MAX_RUN = 4
KANA_CONTEXT = 1  # 連けい中枢都市圏: the kanji most often written in kana are hard ones
# Manifest title pieces: split at these, a leading era year (令和2年) dropped.
TITLE_SPLIT = re.compile(r"[\s()（）「」『』\[\]【】,，、;；:：—－]+")
ERA_YEAR = re.compile(r"^(?:明治|大正|昭和|平成|令和)\d+年")
NAME_CHARS = re.compile(r"^[\u3041-\u309f\u30a1-\u30fa\u30fb\u30fc\u4e00-\u9fff々〆ヶ]+$")
MUNICIPAL_SUFFIXES = "市町村"
# A kanji before a stem makes it part of another name (東＋a member's stem), except these.
NAME_PREFIXES = "県郡"
SEPARATOR = "\x00"
# Pages a finding lists before saying how many more.
PAGES_LISTED = 6


@dataclass(frozen=True)
class OfficialName:
    text: str  # NFKC
    source: str  # where it is official, as the finding says it
    municipality: bool = False

    @property
    def key(self) -> str:
        """The name as compared: without spaces, as the document's text is."""
        return compact(self.text)


def compact(text: str) -> str:
    """Text without whitespace: a space inside a name, in a PDF's text, cannot be told from
    layout (justified lines, a cover's line, a cell's spacing; sources.municipalities reads
    printed names the same way), so spaces are neither a variant nor a difference."""
    return "".join(text.split())


def _title_names(title: str) -> Iterator[str]:
    """The names in a statistic's title: its pieces of kana and kanji (国勢調査,
    人口等基本集計, 日本の地域別将来推計人口), not its descriptions after a dash."""
    for piece in TITLE_SPLIT.split(_title_head(title)):
        piece = ERA_YEAR.sub("", piece)
        long_enough = len(piece.replace(MIDDLE_DOT, "")) >= MIN_NAME
        # A name ends in a noun: 市区町村含む is a description, not a name.
        if NAME_CHARS.match(piece) and long_enough and _kind_of(piece[-1]) != "hiragana":
            yield piece


def _title_head(title: str) -> str:
    """A manifest title without the description of the extract after its dash."""
    return nfkc(title).split("—")[0].strip()


def official_names(profile: Profile | None = None) -> list[OfficialName]:
    """Every name the product knows officially, each once (the first source named)."""
    profile = profile or current_profile()
    names: list[OfficialName] = [
        OfficialName(PROGRAMME_NAME, PROGRAMME_SOURCE),
        OfficialName(nfkc(profile.region.name), "プロファイルに定めた圏域の名称"),
        OfficialName(nfkc(profile.document.title), "プロファイルに定めた文書の表題"),
    ]
    members = f"圏域の構成市町（プロファイルの{profile.region.members_text}）の名称"
    for m in profile.region.municipalities:
        names.append(OfficialName(nfkc(m.name), members, municipality=True))
    # After the members: a city publishing its own vision is checked as a member.
    names.append(OfficialName(nfkc(profile.document.publisher), "プロファイルに定めた文書の発行者"))
    for entry in load_manifest():
        if entry.kind == "vision_pdf":
            continue  # the shipped document itself: the profile names the one checked
        cited = f"公的統計「{_title_head(entry.title)}」の{{}}"
        names.append(OfficialName(nfkc(entry.publisher), cited.format("発行者")))
        names += [OfficialName(n, cited.format("統計名")) for n in _title_names(entry.title)]
    unique: dict[str, OfficialName] = {}
    for name in names:
        if name.text.strip():
            unique.setdefault(name.text, name)
    return list(unique.values())


# --------------------------------------------------------------------------------------
# Which printed form is a variant of a name
# --------------------------------------------------------------------------------------


def _kind_of(ch: str) -> str:
    if "\u3041" <= ch <= "\u309f":
        return "hiragana"
    if "\u30a1" <= ch <= "\u30fa" or ch == "ー":
        return "katakana"
    if "\u4e00" <= ch <= "\u9fff" or ch in "々〆ヶ":
        return "kanji"
    return "other"


def _katakana(text: str) -> str:
    """Hiragana as katakana (one block apart in Unicode): やまがた → ヤマガタ."""
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def variant_kind(name: str, printed: str) -> str | None:
    """How `printed` differs from the official `name` ("dot", "swap", "kana"), or None
    when it is the name itself or not one of its variants (spaces ignored)."""
    name, printed = compact(name), compact(printed)
    if printed == name or not printed:
        return None
    if _katakana(printed) == _katakana(name):
        return "kana"  # the other kana: やまがた / ヤマガタ
    if printed[0] != name[0] or printed[-1] != name[-1]:
        return None
    if printed.replace(MIDDLE_DOT, "") == name.replace(MIDDLE_DOT, ""):
        return "dot"
    if len(printed) == len(name):
        diff = [i for i, (a, b) in enumerate(zip(name, printed, strict=True)) if a != b]
        if len(diff) == 1 and _swap_allowed(name, printed, diff[0]):
            return "kana" if _kind_of(printed[diff[0]]) in ("hiragana", "katakana") else "swap"
    return "kana" if _kanji_in_kana(name, printed) else None


def _swap_allowed(name: str, printed: str, i: int) -> bool:
    interior = SWAP_CONTEXT <= i <= len(name) - 1 - SWAP_CONTEXT
    # A digit, a letter or a separator changed is another edition or another item.
    kinds = {_kind_of(name[i]), _kind_of(printed[i])}
    return len(name) >= SWAP_MIN_NAME and interior and "other" not in kinds


def _kanji_in_kana(name: str, printed: str) -> bool:
    """One to KANA_MAX_KANJI kanji inside the name printed as kana (連けい中枢都市圏)."""
    head = 0
    while head < min(len(name), len(printed)) and name[head] == printed[head]:
        head += 1
    tail = 0
    while tail < min(len(name), len(printed)) - head and name[-1 - tail] == printed[-1 - tail]:
        tail += 1
    gone, written = name[head : len(name) - tail], printed[head : len(printed) - tail]
    return (
        head >= KANA_CONTEXT
        and tail >= KANA_CONTEXT
        and 1 <= len(gone) <= KANA_MAX_KANJI
        and 1 <= len(written) <= KANA_MAX_RUN
        and all(_kind_of(c) == "kanji" for c in gone)
        and all(_kind_of(c) in ("hiragana", "katakana") for c in written)
    )


# --------------------------------------------------------------------------------------
# Finding the printed forms in the document
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """The document's texts as one string (`compact`, separated by SEPARATOR), where each
    starts, and the offsets where a space was taken out (a word ends there)."""

    text: str
    starts: list[int]
    places: list[tuple[int, str, str]]
    gaps: frozenset[int]

    def place(self, offset: int) -> tuple[int, str, str]:
        return self.places[bisect.bisect_right(self.starts, offset) - 1]


def corpus(frames: dict[str, pd.DataFrame]) -> Corpus:
    keys, starts, places, gaps, offset = [], [], [], set(), 0
    for text, page, caption, table_id in texts(frames):
        # A line break only wraps a line; other whitespace may end a word (gaps).
        words = nfkc(text).replace("\n", "").replace(SEPARATOR, "").split()
        starts.append(offset)
        for word in words:
            offset += len(word)
            gaps.add(offset)
        keys.append("".join(words))
        places.append((page, caption, table_id))
        offset += 1  # the separator
    return Corpus(SEPARATOR.join(keys), starts, places, frozenset(gaps))


def _occurrences(haystack: str, needle: str) -> Iterator[int]:
    """Where `needle` starts in `haystack`, overlapping occurrences included."""
    return (m.start() for m in re.finditer(f"(?={re.escape(needle)})", haystack))


def _candidates(name: str, text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every stretch of `text` that may be a variant of `name`: one half
    of the name printed unchanged and the other within a few characters of it."""
    half = len(name) // 2
    head, tail = name[:half], name[half:]
    slack = range(-KANA_MAX_KANJI, KANA_MAX_RUN + 1)
    for start in _occurrences(text, head):
        for extra in slack:
            yield start, start + len(name) + extra
    for start in _occurrences(text, tail):
        end = start + len(tail)
        for extra in slack:
            yield end - len(name) - extra, end


def _is_bounded(document: Corpus, start: int, end: int) -> bool:
    """The stretch does not begin or end inside a longer word of kanji: a member's stem
    inside a district's name, or a place name followed by a stem (an IC named after two
    places is not a 〇〇村)."""
    text = document.text
    before = text[start - 1] if start > 0 and start not in document.gaps else SEPARATOR
    after = text[end] if end < len(text) and end not in document.gaps else SEPARATOR
    starts = _kind_of(before) != "kanji" or before in NAME_PREFIXES
    return starts and _kind_of(after) not in ("kanji", "katakana")


def _suffix_variants(name: OfficialName, document: Corpus) -> Iterator[tuple[int, int]]:
    """A member's stem with another 市/町/村 (〇〇町 for 〇〇市)."""
    stem = name.key[:-1]
    if len(stem) < 2 or name.key[-1] not in MUNICIPAL_SUFFIXES:
        return
    for start in _occurrences(document.text, stem):
        end = start + len(name.key)
        suffix = document.text[end - 1 : end]
        if (
            suffix in MUNICIPAL_SUFFIXES
            and suffix != name.key[-1]
            and _is_bounded(document, start, end)
        ):
            yield start, end


@dataclass
class Variant:
    name: OfficialName
    printed: Printed
    kind: str
    official: Printed


def find_variants(
    names: Iterable[OfficialName], document: Corpus, accepted: Iterable[str] = ()
) -> list[Variant]:
    """The printed variants of `names`; `accepted`: written forms that are no slips (the
    profile's declared variants: a city's kana form it calls itself by)."""
    names = list(names)
    known = {n.key for n in names} | {compact(nfkc(a)) for a in accepted}
    text = document.text
    spans: dict[tuple[int, int], tuple[OfficialName, str]] = {}
    for name in names:
        found = set(_candidates(name.key, text)) if len(name.key) >= MIN_NAME else set()
        if name.municipality:
            for span in _suffix_variants(name, document):
                spans.setdefault(span, (name, "suffix"))
        for start, end in found:
            printed = text[max(start, 0) : end]
            if start < 0 or SEPARATOR in printed or printed in known:
                continue
            kind = variant_kind(name.key, printed)
            if kind is not None:
                spans.setdefault((start, end), (name, kind))
    # A stretch inside a longer one is the same slip seen through a shorter name.
    chosen = [
        (s, e)
        for s, e in spans
        if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)
    ]
    by_form: dict[tuple[str, str], Variant] = {}
    for start, end in sorted(chosen):
        name, kind = spans[(start, end)]
        key = (name.text, text[start:end])
        if key not in by_form:
            official = Printed(name.text)
            for at in _occurrences(text, name.key):
                official.add(document.place(at))
            by_form[key] = Variant(name, Printed(key[1]), kind, official)
        by_form[key].printed.add(document.place(start))
    return list(by_form.values())


DESCRIPTION = {
    "dot": "「・」の有無だけが違う",
    "swap": "1文字だけが違う",
    "kana": "かな・漢字の書き方だけが違う",
    "suffix": "市・町・村の別だけが違う",
}


def _official_count(official: Printed) -> str:
    if official.count == 0:
        return "文書中に正しい表記はない"
    return f"文書中の正しい表記は{official.count}回（{page_list(official.pages, PAGES_LISTED)}）"


def variant_finding(check_id: str, v: Variant) -> Finding:
    return form_finding(
        check_id,
        v.printed,
        v.official,
        f"{v.name.source}「{v.name.text}」と{DESCRIPTION[v.kind]}。{_official_count(v.official)}。"
        "正式な名称の誤記と思われる",
        PAGES_LISTED,
    )


def check_official_names(frames: dict[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    profile = current_profile()
    names = official_names(profile)
    document = corpus(frames)
    # Misprinted member names the names family reads from the tables are its findings.
    read_as_names = {
        compact(nfkc(str(v)))
        for frame in frames.values()
        if NAME_COLUMN in frame.columns
        for v in frame[NAME_COLUMN].dropna()
    }
    found = [
        v
        for v in find_variants(names, document, profile.region.variants)
        if not (v.name.municipality and v.printed.text in read_as_names)
    ]
    findings = [
        variant_finding(check_id, v)
        for v in sorted(found, key=lambda v: (v.printed.pages[0], v.printed.text))
    ]
    return CheckOutcome(check_id, FAMILY, len(names), findings)
