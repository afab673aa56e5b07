"""Which table of a document each declaration of a profile matches, and why one does not.

A profile declares tables by caption pattern, kind and section (`sources.profile.TableSpec`);
the extractor reads every table with the caption, kind and section path it sees
(`sources.vision_tables_pdf`). `match_profile` sets the two side by side: each table with
the declarations that match it, and each declaration matching fewer tables than its
`min_count` with the nearest table (by caption similarity, `difflib`) and what differs —
the caption pattern, the kind or the section. Plain data: `vision profile explain` words it
(pipeline/messages.py), and the extractor's and normalizers' errors name the declaration
with `declaration_place`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sources import profile_patterns as patterns
from sources.japanese_text import compact_key, nfkc_key
from sources.profile import Profile, TableSpec
from sources.tables import ExtractedTable

# Set in the `attrs` of a fact frame: the declarations (`declaration_place`) its rows are
# read from, so a rule that finds no rows can name the tables to look at.
DECLARED_TABLES = "declared_tables"

# The reasons a declaration does not match a table, in the order they are reported.
REASONS = ("caption", "kind", "section")


@dataclass(frozen=True)
class Declaration:
    """Where one table is declared: the profile file, the `[[tables]]` key, and the line
    its `key = "…"` is written on (None when the file cannot be read)."""

    spec: TableSpec
    file: Path
    line: int | None

    @property
    def place(self) -> str:
        """`profile.toml:212 [[tables]] key = "population"` — where to edit."""
        at = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f'{at} [[tables]] key = "{self.spec.key}"'


def declarations(profile: Profile) -> tuple[Declaration, ...]:
    """Every table the profile declares, with the line it is declared on."""
    try:
        lines = profile.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []

    def line_of(key: str) -> int | None:
        written = re.compile(rf"""^\s*key\s*=\s*["']{re.escape(key)}["']\s*(#.*)?$""")
        return next((i for i, text in enumerate(lines, start=1) if written.match(text)), None)

    return tuple(Declaration(spec, profile.path, line_of(spec.key)) for spec in profile.tables)


def declaration_place(profile: Profile, key: str) -> str:
    """Where table `key` of the profile is declared (see `Declaration.place`)."""
    found = next((d for d in declarations(profile) if d.spec.key == key), None)
    return found.place if found else f'{profile.path} [[tables]] key = "{key}"'


def mismatches(spec: TableSpec, table: ExtractedTable) -> tuple[str, ...]:
    """What keeps `spec` from matching `table`: "caption", "kind", "section" (empty when
    it matches) — the tests of `TableExpectation.matches`, one by one (profile patterns
    searched with their time limit, `sources.profile_patterns`)."""
    out = []
    if patterns.search(spec.caption, nfkc_key(table.caption)) is None:
        out.append("caption")
    if table.kind != spec.kind:
        out.append("kind")
    if patterns.search(spec.section_pattern, nfkc_key(table.section)) is None:
        out.append("section")
    return tuple(out)


def caption_similarity(spec: TableSpec, table: ExtractedTable) -> float:
    """0..1: how alike the declared caption (its printed name, or its title without the
    outline number) and the table's caption read."""
    seen = compact_key(table.caption)
    return max(
        difflib.SequenceMatcher(None, compact_key(declared), seen).ratio()
        for declared in (spec.name, spec.title)
    )


@dataclass(frozen=True)
class Candidate:
    """The table nearest to a declaration that matches too few, and what differs."""

    table: ExtractedTable
    similarity: float
    reasons: tuple[str, ...]


def nearest_candidate(
    spec: TableSpec, tables: Sequence[ExtractedTable], exclude: Sequence[str] = ()
) -> Candidate | None:
    """The table most like `spec` that it does not match (ids in `exclude` left out): the
    fewest differences (caption, kind, section), then the most similar caption, then
    document order."""
    best: Candidate | None = None
    for table in tables:
        reasons = mismatches(spec, table)
        if not reasons or table.id in exclude:
            continue
        candidate = Candidate(table, caption_similarity(spec, table), reasons)
        if best is None or (-len(reasons), candidate.similarity) > (
            -len(best.reasons),
            best.similarity,
        ):
            best = candidate
    return best


@dataclass(frozen=True)
class Unmatched:
    """A declaration matching fewer tables than its `min_count`."""

    declaration: Declaration
    found: int
    nearest: Candidate | None


@dataclass(frozen=True)
class ProfileMatch:
    """Each table with the declarations matching it, and the declarations short of tables."""

    tables: tuple[tuple[ExtractedTable, tuple[Declaration, ...]], ...]
    unmatched: tuple[Unmatched, ...]

    @property
    def matched(self) -> int:
        return sum(1 for _, found in self.tables if found)


def match_profile(tables: Sequence[ExtractedTable], profile: Profile) -> ProfileMatch:
    """Every table beside the declarations of `profile` it matches; every declaration
    with fewer matches than its min_count beside its nearest candidate."""
    declared = declarations(profile)
    by_table = tuple(
        (table, tuple(d for d in declared if not mismatches(d.spec, table))) for table in tables
    )
    unmatched = []
    for d in declared:
        hits = [t.id for t, found in by_table if d in found]
        if len(hits) < d.spec.min_count:
            unmatched.append(Unmatched(d, len(hits), nearest_candidate(d.spec, tables, hits)))
    return ProfileMatch(by_table, tuple(unmatched))


def suggested_caption(table: ExtractedTable) -> str:
    """A caption pattern that matches `table`'s caption: its NFKC key without an outline
    or table number, as a literal (TOML single-quoted)."""
    key = nfkc_key(table.caption)
    key = re.sub(r"^(?:[表図]\s*\d+(?:[-‐－]\d+)*|[(]?[0-9ア-ンa-zA-Z]{1,2}[)]?)\s+", "", key)
    return re.escape(key).replace("\\ ", " ")


def _pages(tables: Sequence[ExtractedTable]) -> str:
    first = min(t.pages[0] for t in tables)
    last = max(t.pages[-1] for t in tables)
    return f"p.{first}" if first == last else f"p.{first}-{last}"


def declared_table_text(profile: Profile, spec: TableSpec, tables: Sequence[ExtractedTable]) -> str:
    """A declared table in a message: its printed name, the pages of the tables it matches
    (or that it matches none) and where it is declared — what a person looks at and edits.
    `'<caption>' (p.8; profile.toml:178 [[tables]] key = "<key>")`."""
    hits = [t for t in tables if not mismatches(spec, t)]
    found = _pages(hits) if hits else "no table of the PDF matches it"
    if len(hits) > 1:
        found = f"{len(hits)} tables, {found}"
    return f"'{spec.name}' ({found}; {declaration_place(profile, spec.key)})"


# Where the messages send a person for the whole picture.
EXPLAIN_HINT = "`vision profile explain PDF` shows each table beside its declaration"


def reason_text(spec: TableSpec, candidate: Candidate) -> str:
    """Why `candidate` is not matched by `spec`, and what to change (English, like every
    cause raised below pipeline/)."""
    table = candidate.table
    parts = []
    for reason in candidate.reasons:
        if reason == "caption":
            parts.append(
                f"its caption does not match /{spec.caption}/ (caption = "
                f"'{suggested_caption(table)}' would)"
            )
        elif reason == "kind":
            parts.append(f'it reads as kind {table.kind} (kind = "{table.kind}" would match)')
        else:
            parts.append(
                f"its section {nfkc_key(table.section)!r} does not match "
                f"/{spec.section_pattern}/ (set section to a [sections] key that does)"
            )
    page = _pages([table])
    return f"nearest {page} '{nfkc_key(table.caption)}': " + "; ".join(parts)
