"""The national list of municipalities and their codes, and which of them a vision names.

The list is the shipped 令和7年国勢調査 人口速報集計 snapshot (`sources/manifest.json`,
source `census2025_preliminary_council`: 1,741 市区町村 of all 47 prefectures with their
5-digit 全国地方公共団体コード, prefecture and kind), so drafting a profile needs no
network and every member it finds traces to that file. 特別区 (Tokyo's wards) are listed
there but are no member kind of a profile (市/町/村) and are left out.

`find_members` reads a document the way a person would look for its area: the names
printed as whole table cells (a row or column label of the per-municipality tables, the
participation columns), as items of the cover's member line (`〇〇市・△△市・…`) and of
§1's text (`〇〇市、△△町、…`). A name counts when the document prints it in two such
places; a name several prefectures share (the same 〇〇町 in two prefectures) is given the
code of the prefecture the other members, the core city or the cover point to.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from sources.japanese_text import compact_key, nfkc_key
from sources.manifest import source_entry
from sources.prefectures import prefecture_code_of

LIST_SOURCE = "census2025_preliminary_council"
MEMBER_KINDS = ("市", "町", "村")
# A name counts as a member when printed in at least this many places (tables, cover, §1).
MIN_EVIDENCE = 2
# Separators of a printed list of names: 、 ・ , spaces, brackets and line breaks.
_ITEM_SPLIT = re.compile(r"[、，,・／/\s()（）「」【】]+")


@dataclass(frozen=True)
class ListedMunicipality:
    """One municipality of the national list."""

    code: str  # 5 digits, no check digit
    name: str
    kind: str  # 市 / 町 / 村
    prefecture: str

    @property
    def prefecture_code(self) -> str:
        return prefecture_code_of(self.code)


@cache
def national_list() -> tuple[ListedMunicipality, ...]:
    """Every 市町村 of Japan in the shipped census snapshot (特別区 left out)."""
    entry = source_entry(LIST_SOURCE)
    data = json.loads(entry.snapshot.read_text(encoding="utf-8"))
    return tuple(
        ListedMunicipality(row["code"], row["name"], row["type"], row["pref"])
        for row in data["municipalities"]
        if row["type"] in MEMBER_KINDS
    )


def _items(text: str) -> list[str]:
    """The items of a printed list: `〇〇市・△△市、□□町` → three names."""
    return [item for item in _ITEM_SPLIT.split(nfkc_key(text)) if item]


# A name listed in prose: after the start or a separator, before a separator or the
# particle that ends the list (…、〇〇町で構成する / 及び / の区域).
_LIST_END = r"(?=[、・，,\s)）]|で|の|と|を|が|は|及び|並びに|$)"


def _listed_in_prose(text: str, names: Iterable[str]) -> set[str]:
    key = nfkc_key(text)  # an ideographic space is already a space here
    found = set()
    for name in names:
        if name in key and re.search(rf"(?:^|[、・，,\s(（「]){re.escape(name)}{_LIST_END}", key):
            found.add(name)
    return found


@dataclass(frozen=True)
class MemberEvidence:
    """Where the document prints one member's name."""

    municipality: ListedMunicipality
    tables: int  # tables with a cell that is the name
    on_cover: bool
    in_outline: bool  # an item of §1's text (the area and its members)

    @property
    def places(self) -> int:
        return self.tables + self.on_cover + self.in_outline

    def says(self) -> str:
        """Where it was found, for the draft's comment."""
        parts = []
        if self.on_cover:
            parts.append("the cover")
        if self.in_outline:
            parts.append("§1")
        if self.tables:
            parts.append(f"{self.tables} table{'s' if self.tables > 1 else ''}")
        return ", ".join(parts)


def find_members(
    cells: Iterable[Sequence[str]], cover_text: str, outline_text: str
) -> list[MemberEvidence]:
    """The members a document names: `cells` one sequence of cell texts per table,
    `cover_text` page 1, `outline_text` §1 (the formation of the area). In code order."""
    by_name: dict[str, list[ListedMunicipality]] = {}
    for m in national_list():
        by_name.setdefault(m.name, []).append(m)
    tables: Counter[str] = Counter()
    for table in cells:
        seen = {compact_key(c).strip("【】") for c in table}
        # A town printed with its 郡 (〇〇郡△△町) is the town.
        seen |= {s.split("郡", 1)[1] for s in seen if "郡" in s[1:-1]}
        tables.update(name for name in seen if name in by_name)
    cover = {i for i in _items(cover_text) if i in by_name} | {
        compact_key(line) for line in cover_text.splitlines() if compact_key(line) in by_name
    }
    outline = _listed_in_prose(outline_text, by_name)
    names = {n for n in by_name if tables[n] + (n in cover) + (n in outline) >= MIN_EVIDENCE}
    # Prefectures the unambiguous names and the cover point to settle shared names.
    weight: Counter[str] = Counter()
    for name in names:
        if len(by_name[name]) == 1:
            weight[by_name[name][0].prefecture] += 1
    cover_key = compact_key(cover_text)
    for prefecture in {m.prefecture for m in national_list()}:
        if prefecture in cover_key:
            weight[prefecture] += len(names)
    found = []
    for name in names:
        candidates = by_name[name]
        best = max(candidates, key=lambda m: weight[m.prefecture])
        if len(candidates) > 1 and weight[best.prefecture] == 0:
            continue  # a shared name and nothing says which: not guessed
        found.append(MemberEvidence(best, tables[name], name in cover, name in outline))
    return sorted(found, key=lambda e: e.municipality.code)


def core_city_of(members: Sequence[MemberEvidence], cover_text: str, body_text: str) -> str | None:
    """The code of the core city (連携中枢都市): the member the cover prints on a line of
    its own (the publisher), else the one the text calls 連携中枢都市, else None."""
    names = {e.municipality.name: e.municipality.code for e in members}
    for line in reversed(cover_text.splitlines()):
        if compact_key(line) in names:
            return names[compact_key(line)]
    for match in re.finditer(r"連携中枢都市(?:である|の|:)?(\S{1,6}?[市])", compact_key(body_text)):
        if match.group(1) in names:
            return names[match.group(1)]
    return None
