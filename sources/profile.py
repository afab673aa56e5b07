"""The profile of a document family: its area, the document, its sections and tables, its
KPI declarations and the report's wording.

A profile is declared in `profiles/<name>/profile.toml` (see the shipped
`profiles/yamagata_2nd/profile.toml` for every key) and read into frozen dataclasses here,
so code knows table *shapes* and the national template's outline, never one area's captions,
section titles or municipality names. The KPI declarations are in a file of the same folder
that `[kpi]` names (read by sources/profile_kpi.py into `Profile.kpi`).

`load_profile(name)` reads one by name (or by path to a `profile.toml` or the folder holding
it); without a name it reads `$VISION_PROFILE`, else the shipped default. `current_profile()`
is the cached profile of the run, for code that takes no profile argument. Anything wrong
with a profile raises `ProfileError` with one line naming the file and the key.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sources.areas import scoped_area
from sources.japanese_text import compact_key
from sources.prefectures import prefecture_code_of, prefecture_names
from sources.profile_kpi import KpiDeclarations, read_kpi
from sources.profile_reader import ProfileError, read_toml
from sources.profile_reader import Reader as _Reader
from sources.profile_subjects import SubjectDeclaration, read_subjects

PROFILE_ENV = "VISION_PROFILE"
# Set (True) in the `attrs` of a fact frame left empty because the profile declares none of
# the tables it is read from: the document does not print them, which is no data error.
NOT_IN_DOCUMENT = "not_in_document"
DEFAULT_PROFILE = "yamagata_2nd"
PROFILE_FILE = "profile.toml"

# How a table's rows are read (warehouse/normalize knows each shape).
SHAPES = frozenset(
    {
        "per_municipality_measures",  # a row per municipality, a column per measure
        "population_projection",  # a row per municipality, a column per (projected) year
        "lists_per_municipality",  # a row per municipality, named items in a cell
        "usage_by_residence",  # one facility's users by the municipality they live in
        "station_ridership",  # one line's stations in columns, passengers in rows
        "kpi_table",  # KPI | baseline | target | source, two rows per KPI
        "agreement",  # the agreement's provisions before a group of project cards
        "project_card",  # one project: name, contents, roles, participants, budget
        "project_matrix",  # projects × municipalities (★), with the pillar's KPIs
        "named_list",  # a list of named items without a municipality column
        "measures",  # any other table of numbers: read as fact_measure alone (labels, area)
    }
)
# What the extractor reads a table as (sources.vision_tables_pdf.infer_kind).
TABLE_KINDS = frozenset({"data", "list", "school", "agreement", "card", "matrix"})
# Shape-specific table settings (`options`) and what reads each: a misspelt key would
# otherwise be ignored and quietly change how the table is read.
TABLE_OPTIONS = {
    "orientation": "usage_by_residence: municipalities in columns (`columns`)",
    "service": "usage_by_residence: what the users use",
    "list_kind": "lists_per_municipality: the kind of item listed: a subject's SELECT reads it "
    "with `table_option(table_key, 'list_kind')` (fact_list_item reads every list whatever it is)",
    "unit": "the unit of the numbers when the heading above the table states it (passengers "
    "per day): a subject's SELECT reads it with `table_option(table_key, 'unit')`",
    "role": "population_projection: `target` for the population targets (人口の目標)",
    "layout": "how the cells print their content, beyond the shape's plain grid: "
    "lists_per_municipality `tiers` (a tier cell over rows of municipality | names), "
    "`places_in_text` (one cell per category of `市町名：…` groups: fact_list_item gives each "
    "group to its town); per_municipality_measures `counts_in_text` (`本店 2・支店 24` per "
    "municipality, read as names by fact_list_item); the profile's subject relations read the rest",
}
# The layouts (`options.layout`) a profile may declare; fact_list_item reads
# `places_in_text`, the profile's subject relations (its SQL) the others.
TIERS_LAYOUT = "tiers"
PLACES_IN_TEXT_LAYOUT = "places_in_text"
COUNTS_IN_TEXT_LAYOUT = "counts_in_text"
# The template's two printings of the population: the area's population and its projection
# (no role), and the population targets (`options.role = "target"`).
POPULATION_SHAPE = "population_projection"
TARGET_ROLE = "target"
# The values `options.layout` and `options.role` may take.
_OPTION_VALUES = {
    "layout": (TIERS_LAYOUT, PLACES_IN_TEXT_LAYOUT, COUNTS_IN_TEXT_LAYOUT),
    "role": (TARGET_ROLE,),
}
MUNICIPALITY_KINDS = ("市", "町", "村")
_CODE = re.compile(r"^\d{5}$")
_PREFECTURE_CODE = re.compile(r"^\d{2}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]*$")
# A heading's outline number before its text: ①, ○, ア , (3) , 4 …
OUTLINE_NUMBER = re.compile(
    r"^(?:[①-⑳○●◎■□◆◇]|[(（][0-9０-９ア-ン]{1,2}[)）]|[ア-ンA-Za-z0-9]{1,2}\s)\s*"
)


# --------------------------------------------------------------------------------------
# The declaration
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Municipality:
    code: str  # 全国地方公共団体コード, 5 digits without check digit
    name: str
    kind: str  # 市, 町 or 村
    county: str | None  # 郡 for towns and villages; None for cities
    is_core_city: bool  # the 連携中枢都市
    name_en: str

    @property
    def prefecture_code(self) -> str:
        """The member's own prefecture (an area may cross a prefecture border)."""
        return prefecture_code_of(self.code)

    @property
    def prefecture(self) -> str:
        return prefecture_names()[self.prefecture_code]


#: The prefixes of municipality codes the area's statistics are read for (one per prefecture).
AreaPrefix = tuple[str, ...]


@dataclass(frozen=True)
class Region:
    name: str
    prefecture: str  # the home prefecture: the core city's
    prefecture_code: str  # the home prefecture's code
    municipalities: tuple[Municipality, ...]
    variants: Mapping[str, str]  # printed form → code (beyond the derived ones)

    @property
    def core_city(self) -> Municipality:
        return next(m for m in self.municipalities if m.is_core_city)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.municipalities)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.municipalities)

    @property
    def members_text(self) -> str:
        """The members counted as the document counts them: 14市町, 5市町村."""
        kinds = {m.kind for m in self.municipalities}
        return f"{len(self.municipalities)}{''.join(k for k in MUNICIPALITY_KINDS if k in kinds)}"

    @property
    def prefecture_codes(self) -> tuple[str, ...]:
        """Every member's prefecture, the home prefecture first."""
        others = sorted({m.prefecture_code for m in self.municipalities} - {self.prefecture_code})
        return (self.prefecture_code, *others)

    @property
    def prefectures(self) -> tuple[str, ...]:
        """The names of `prefecture_codes`, in the same order."""
        return tuple(prefecture_names()[code] for code in self.prefecture_codes)

    @property
    def area_prefix(self) -> AreaPrefix:
        """The code prefixes of the members' prefectures (government-statistics filter):
        statistics are read for each member in its own prefecture."""
        return self.prefecture_codes


@dataclass(frozen=True)
class CardLabels:
    name_label: str  # pattern of a project card's first cell
    caption: str  # a card's caption, with {number}
    agreement_label: str  # first cell of an agreement table starts with this
    # The label of the row listing the members with their marks (`(★)A市 ( )B町`), and the
    # marks that mean taking part (a card may instead print the members in a row of names
    # with a row of marks below: ● / －).
    participants_label: str = "関連する市町"
    participation_marks: str = "★"

    def caption_for(self, number: int | str) -> str:
        return self.caption.format(number=number)


RATIO_KINDS = ("share", "change")


@dataclass(frozen=True)
class RatioDeclaration:
    """A ratio the document prints, by its columns' header words: a share (`value` =
    sibling `numerator` ÷ column `denominator` × scale) or a change (`value` = (sibling
    `end` − sibling `start`) ÷ `start` × scale)."""

    kind: str
    value: str
    numerator: str = ""
    denominator: str = ""
    start: str = ""
    end: str = ""
    scale: float = 100.0


# The three KPIs of a quotient, in the order a KPI is tried against them (the quotient's
# words contain its numerator's: 一人当生産額 is tried before 生産額).
QUOTIENT_TERMS = ("value", "numerator", "denominator")
# A quotient term's unit that takes any money unit the rules know (converted to yen).
MONEY_UNIT = "money"


@dataclass(frozen=True)
class QuotientTerm:
    """One KPI of a quotient, recognised by the words its indicator contains (all of them,
    NFKC) and its unit, as printed or `money`; a KPI is tried as value, numerator and
    denominator in turn, and two KPIs of a section alike are not guessed between."""

    words: tuple[str, ...]
    unit: str


@dataclass(frozen=True)
class KpiQuotient:
    """A KPI the document derives from two others it prints (`value` = `numerator` ÷
    `denominator`, e.g. 一人当生産額 = 総生産額 ÷ 従業者数), checked as the rule `id`
    (its findings worded by `description`) for the baseline and the target of each section
    printing all three."""

    check_id: str
    description: str  # what staff read next to its findings
    value: QuotientTerm
    numerator: QuotientTerm
    denominator: QuotientTerm


@dataclass(frozen=True)
class Document:
    title: str
    publisher: str
    official_url: str
    cards: CardLabels
    # Row or column labels of the totals of the members' rows or columns (圏域計), checked
    # in any table whose rows or columns are the members; none declared: not checked.
    total_labels: tuple[str, ...] = ()
    # The ratios its tables print, checked wherever the header words occur.
    ratios: tuple[RatioDeclaration, ...] = ()
    # The KPIs it derives from two others, each checked as its own rule.
    kpi_quotients: tuple[KpiQuotient, ...] = ()

    @property
    def total_keys(self) -> frozenset[str]:
        """`total_labels` as the keys a printed label is matched by (NFKC, no whitespace):
        the one test of "this label is a total" for the warehouse and the rules."""
        return frozenset(compact_key(t) for t in self.total_labels)


@dataclass(frozen=True)
class Section:
    key: str
    label: str  # how the document cites the section: its outline numbers
    title: str  # the heading as printed, without its number
    pattern: str  # searched in a table's section path (NFKC key), parents included
    parent: str | None = None


@dataclass(frozen=True)
class TableSpec:
    key: str
    name: str  # the caption as printed: what messages call the table
    caption: str  # pattern searched in the caption's NFKC key
    kind: str
    section: Section
    shape: str
    min_count: int = 1
    label: str | None = None  # the section reference rules cite the table by
    short_name: str | None = None  # what rule descriptions call it, when not its title
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def section_pattern(self) -> str:
        return self.section.pattern

    @property
    def title(self) -> str:
        """The printed caption without its outline number (`③…` → `…`, `(3) …` → `…`)."""
        return OUTLINE_NUMBER.sub("", self.name)

    @property
    def short(self) -> str:
        """The table's name in a sentence: its short name, else its title."""
        return self.short_name or self.title


@dataclass(frozen=True)
class Report:
    title: str
    # How the report's running text calls the document (第2期ビジョンの成果指標…).
    document_name: str = "ビジョン"


@dataclass(frozen=True)
class Profile:
    name: str
    path: Path
    region: Region
    document: Document
    sections: Mapping[str, Section]
    tables: tuple[TableSpec, ...]
    report: Report
    kpi: KpiDeclarations  # KPI rules, statistics, grades (sources/profile_kpi.py)
    # The file declaring the document's subject relations (`[subjects] declarations`) and
    # what it declares (sources/profile_subjects.py).
    subjects_path: Path | None = None
    subjects: tuple[SubjectDeclaration, ...] = ()

    @property
    def files(self) -> tuple[Path, ...]:
        """The files the profile was read from: profile.toml and those it names."""
        named = (self.kpi.path, self.subjects_path)
        return (self.path, *(p for p in named if p is not None))

    def declares(self, key: str) -> bool:
        """Whether the document prints a table declared under `key` (a document on the
        national template need not print every table another one does)."""
        return any(spec.key == key for spec in self.tables)

    def table(self, key: str) -> TableSpec:
        for spec in self.tables:
            if spec.key == key:
                return spec
        raise KeyError(f"profile {self.name}: no table {key!r}")

    def tables_of_shape(self, shape: str) -> tuple[TableSpec, ...]:
        if shape not in SHAPES:
            raise KeyError(f"unknown table shape {shape!r}")
        return tuple(spec for spec in self.tables if spec.shape == shape)

    def tables_laid_out(self, shape: str, layout: str | None) -> tuple[TableSpec, ...]:
        """The tables of `shape` whose `options.layout` is `layout` (None: the plain grid)."""
        return tuple(s for s in self.tables_of_shape(shape) if s.options.get("layout") == layout)

    def population_table(self, *, target: bool = False) -> TableSpec | None:
        """The table printing the area's population and its projection, or (`target`) the
        population targets; None when the document prints no such table."""
        return next(
            (
                spec
                for spec in self.tables_of_shape(POPULATION_SHAPE)
                if (spec.options.get("role") == TARGET_ROLE) == target
            ),
            None,
        )

    def section(self, key: str) -> Section:
        try:
            return self.sections[key]
        except KeyError:
            raise KeyError(f"profile {self.name}: no section {key!r}") from None


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def _municipality(r: _Reader, core_city: str) -> Municipality:
    r.only("code", "name", "kind", "county", "name_en")
    code = r.text("code")
    if not _CODE.match(code) or prefecture_code_of(code) not in prefecture_names():
        r.fail(f"{r.where}.code: {code!r} is not a 5-digit municipality code (JIS X 0402)")
    kind = r.text("kind")
    if kind not in MUNICIPALITY_KINDS:
        r.fail(f"{r.where}.kind: {kind!r} is not one of {', '.join(MUNICIPALITY_KINDS)}")
    name = r.text("name")
    if not name.endswith(kind):
        r.fail(f"{r.where}.name: {name!r} does not end in its kind {kind}")
    county = r.text("county", None)
    if (county is None) != (kind == "市"):
        r.fail(f"{r.where}.county: a 郡 is given for towns and villages, and only for them")
    return Municipality(code, name, kind, county, code == core_city, r.text("name_en"))


def _region(r: _Reader) -> Region:
    r.only("name", "prefecture", "prefecture_code", "core_city", "municipalities", "variants")
    core_city = r.text("core_city")
    rows = r.child("municipalities", list)
    municipalities = tuple(
        _municipality(_Reader(r.path, f"[[region.municipalities]] #{i}", row), core_city)
        for i, row in enumerate(rows, start=1)
    )
    codes = [m.code for m in municipalities]
    names = [m.name for m in municipalities]
    if not municipalities:
        r.fail(f"{r.where}.municipalities: at least one municipality is required")
    for seen, what in ((codes, "code"), (names, "name")):
        dupes = sorted({x for x in seen if seen.count(x) > 1})
        if dupes:
            r.fail(f"{r.where}.municipalities: {what} {dupes[0]!r} is given twice")
    if core_city not in codes:
        r.fail(f"{r.where}.core_city: {core_city!r} is none of the municipalities' codes")
    # The home prefecture is the core city's; declaring it is optional, and checked.
    home = prefecture_code_of(core_city)
    prefecture_code = r.text("prefecture_code", home)
    if not _PREFECTURE_CODE.match(prefecture_code) or prefecture_code != home:
        r.fail(f"{r.where}.prefecture_code: {prefecture_code!r} is not the core city's prefecture")
    prefecture = r.text("prefecture", prefecture_names()[prefecture_code])
    if prefecture != prefecture_names()[prefecture_code]:
        r.fail(f"{r.where}.prefecture: {prefecture!r} is not the name of {prefecture_code}")
    variants = _Reader(r.path, "[region.variants]", r.child("variants", dict, {}))
    for printed, code in variants.data.items():
        if code not in codes:
            variants.fail(f"[region.variants].{printed}: {code!r} is none of the codes")
    return Region(
        name=r.text("name"),
        prefecture=prefecture,
        prefecture_code=prefecture_code,
        municipalities=municipalities,
        variants=MappingProxyType(dict(variants.data)),
    )


def _document(r: _Reader) -> Document:
    r.only("title", "publisher", "official_url", "cards", "total_labels", "ratios", "kpi_quotients")
    ratios = tuple(
        _ratio(_Reader(r.path, f"[[document.ratios]] #{i}", row))
        for i, row in enumerate(r.get("ratios", list, []), start=1)
    )
    quotients = tuple(
        _kpi_quotient(_Reader(r.path, f"[[document.kpi_quotients]] #{i}", row))
        for i, row in enumerate(r.get("kpi_quotients", list, []), start=1)
    )
    ids = [q.check_id for q in quotients]
    if len(set(ids)) < len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        r.fail(f"[[document.kpi_quotients]]: id {twice!r} is declared twice")
    total_labels = r.get("total_labels", list, [])
    if not all(isinstance(t, str) and t.strip() for t in total_labels):
        r.fail(f"{r.where}.total_labels: expected a list of non-empty texts")
    cards = _Reader(r.path, "[document.cards]", r.child("cards"))
    cards.only(
        "name_label", "caption", "agreement_label", "participants_label", "participation_marks"
    )
    caption = cards.text("caption")
    if "{number}" not in caption:
        cards.fail("[document.cards].caption: must contain {number}")
    labels = CardLabels(cards.pattern("name_label"), caption, cards.text("agreement_label"))
    return Document(
        title=r.text("title"),
        publisher=r.text("publisher"),
        official_url=r.text("official_url"),
        cards=replace(
            labels,
            participants_label=cards.text("participants_label", labels.participants_label),
            participation_marks=cards.text("participation_marks", labels.participation_marks),
        ),
        total_labels=tuple(total_labels),
        ratios=ratios,
        kpi_quotients=quotients,
    )


def _ratio(r: _Reader) -> RatioDeclaration:
    r.only("kind", "value", "numerator", "denominator", "start", "end", "scale")
    kind = r.text("kind")
    if kind not in RATIO_KINDS:
        r.fail(f"{r.where}.kind: {kind!r} is not one of {', '.join(RATIO_KINDS)}")
    operands = ("numerator", "denominator") if kind == "share" else ("start", "end")
    scale = r.data.get("scale", 100)
    if isinstance(scale, bool) or not isinstance(scale, int | float) or scale <= 0:
        r.fail(f"{r.where}.scale: expected a positive number, got {scale!r}")
    return RatioDeclaration(
        kind,
        r.text("value"),
        scale=float(scale),
        **{name: r.text(name) for name in operands},
    )


def _kpi_quotient(r: _Reader) -> KpiQuotient:
    r.only("id", "description", "value", "numerator", "denominator")
    check_id = r.text("id")
    if not _NAME.match(check_id):
        r.fail(f"{r.where}.id: {check_id!r} is not a lower-case identifier")
    tables = (r.child("value"), r.child("numerator"), r.child("denominator"))
    terms = (
        _quotient_term(_Reader(r.path, f"{r.where}.{name}", table))
        for name, table in zip(QUOTIENT_TERMS, tables, strict=True)
    )
    return KpiQuotient(check_id, r.text("description"), *terms)


def _quotient_term(r: _Reader) -> QuotientTerm:
    r.only("words", "unit")
    words = r.get("words", list)
    if not words or not all(isinstance(w, str) and w.strip() for w in words):
        r.fail(f"{r.where}.words: expected a list of non-empty texts")
    return QuotientTerm(tuple(words), r.text("unit"))


def _sections(r: _Reader) -> dict[str, Section]:
    raw: dict[str, _Reader] = {}
    for key, value in r.data.items():
        raw[key] = _Reader(r.path, f"[sections.{key}]", value)
        raw[key].only("label", "title", "pattern", "parent")
    out: dict[str, Section] = {}

    def build(key: str, trail: tuple[str, ...]) -> Section:
        if key in out:
            return out[key]
        s = raw[key]
        parent = s.text("parent", None)
        pattern = s.pattern("pattern")
        if parent is not None:
            if parent not in raw:
                s.fail(f"[sections.{key}].parent: no section {parent!r}")
            if parent in (*trail, key):
                s.fail(f"[sections.{key}].parent: sections nest in a circle")
            pattern = build(parent, (*trail, key)).pattern + ".*" + pattern
        out[key] = Section(key, s.text("label"), s.text("title"), pattern, parent)
        return out[key]

    for key in raw:
        build(key, ())
    return out


def _table(r: _Reader, sections: Mapping[str, Section]) -> TableSpec:
    key = r.text("key")
    if not _NAME.match(key):
        r.fail(f"{r.where}.key: {key!r} is not a lower-case identifier")
    r.where = f"[[tables]] {key!r}"
    r.only(
        "key",
        "name",
        "short_name",
        "caption",
        "kind",
        "section",
        "min_count",
        "shape",
        "label",
        "options",
    )
    kind = r.text("kind")
    if kind not in TABLE_KINDS:
        r.fail(f"{r.where}.kind: {kind!r} is not one of {', '.join(sorted(TABLE_KINDS))}")
    shape = r.text("shape")
    if shape not in SHAPES:
        r.fail(f"{r.where}.shape: {shape!r} is not one of {', '.join(sorted(SHAPES))}")
    section = r.text("section")
    if section not in sections:
        r.fail(f"{r.where}.section: no section {section!r} in [sections]")
    min_count = r.get("min_count", int, 1)
    if min_count < 1:
        r.fail(f"{r.where}.min_count: must be at least 1")
    return TableSpec(
        key=key,
        name=r.text("name"),
        caption=r.pattern("caption"),
        kind=kind,
        section=sections[section],
        shape=shape,
        min_count=min_count,
        label=r.text("label", None),
        short_name=r.text("short_name", None),
        options=MappingProxyType(_options(r)),
    )


def _options(table: _Reader) -> dict[str, str]:
    r = _Reader(table.path, f"{table.where}.options", table.child("options", dict, {}))
    r.only(*TABLE_OPTIONS)
    options = {key: r.text(key) for key in r.data}
    # A misspelt value would leave the table read as the plain grid, silently.
    for key, allowed in _OPTION_VALUES.items():
        if key in options and options[key] not in allowed:
            r.fail(f"{r.where}.{key}: {options[key]!r} is not one of {', '.join(allowed)}")
    return options


def read_profile(path: Path, name: str | None = None) -> Profile:
    """The profile declared in the TOML file at `path`."""
    data = read_toml(path)
    top = _Reader(path, "the file", data)
    top.only("region", "document", "sections", "tables", "report", "kpi", "subjects")
    sections = _sections(_Reader(path, "[sections]", top.child("sections")))
    tables = tuple(
        _table(_Reader(path, f"[[tables]] #{i}", row), sections)
        for i, row in enumerate(top.child("tables", list), start=1)
    )
    keys = [t.key for t in tables]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        top.fail(f"[[tables]]: key {dupes[0]!r} is given twice")
    report = _Reader(path, "[report]", top.child("report"))
    report.only("title", "document_name")
    profile = Profile(
        name=name or path.parent.name,
        path=path,
        region=_region(_Reader(path, "[region]", top.child("region"))),
        document=_document(_Reader(path, "[document]", top.child("document"))),
        sections=MappingProxyType(sections),
        tables=tables,
        report=Report(report.text("title"), report.text("document_name", Report.document_name)),
        kpi=read_kpi(path.parent, _kpi_table(top)),
    )
    # Read last: a subject's reads are checked against the tables declared above.
    subjects_path, not_printed = _subjects_declared(top)
    subjects = read_subjects(subjects_path) if subjects_path is not None else ()
    _check_reads(subjects_path, subjects, keys, not_printed, path)
    return replace(profile, subjects_path=subjects_path, subjects=subjects)


def _subjects_declared(top: _Reader) -> tuple[Path | None, tuple[str, ...]]:
    """The file `[subjects] declarations` names, relative to the profile's folder, and the
    table keys its subjects read that the document does not print (`not_printed`)."""
    if "subjects" not in top.data:
        return None, ()
    declared = _Reader(top.path, "[subjects]", top.child("subjects"))
    declared.only("declarations", "not_printed")
    not_printed = declared.child("not_printed", list, [])
    if not all(isinstance(key, str) for key in not_printed):
        declared.fail("[subjects].not_printed: a list of table keys")
    return declared.declared_file("declarations", top.path.parent), tuple(not_printed)


def _check_reads(
    subjects_path: Path | None,
    subjects: tuple[SubjectDeclaration, ...],
    keys: list[str],
    not_printed: tuple[str, ...],
    path: Path,
) -> None:
    """Each table a subject reads is declared in `[[tables]]` or said not printed: a
    misspelt key would leave the subject empty and its checks noted as not printed, silently.
    A table both declared and said not printed is a contradiction."""
    printed_too = sorted(set(not_printed) & set(keys))
    if printed_too:
        raise ProfileError(
            f"{path}: [subjects].not_printed: {printed_too[0]!r} is declared in [[tables]]; "
            "drop it from not_printed"
        )
    for subject in subjects:
        for key in subject.reads:
            if key in keys or key in not_printed:
                continue
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"declared: {', '.join(keys)}"
            raise ProfileError(
                f"{subjects_path}: [subject.{subject.name}].reads: {key!r} is no [[tables]] "
                f"key of {path} ({hint} A table the document does not print goes in "
                "[subjects] not_printed.)"
            )


def _kpi_table(top: _Reader) -> _Reader | None:
    if "kpi" not in top.data:
        return None
    return _Reader(top.path, "[kpi]", top.child("kpi"))


def shipped_profiles() -> tuple[str, ...]:
    """Names of the profiles installed with the package."""
    root = resources.files("profiles")
    return tuple(
        sorted(p.name for p in root.iterdir() if p.is_dir() and (p / PROFILE_FILE).is_file())
    )


def profile_path(name: str) -> Path:
    """The `profile.toml` a name means: a shipped profile's, or a path given as the name."""
    if os.sep in name or "/" in name or name.endswith(".toml"):
        path = Path(name)
        return path / PROFILE_FILE if path.is_dir() else path
    if not _NAME.match(name):
        raise ProfileError(f"profile {name!r}: not a profile name (lower-case letters, digits, _)")
    path = Path(str(resources.files("profiles") / name / PROFILE_FILE))
    if not path.is_file():
        known = ", ".join(shipped_profiles()) or "none"
        raise ProfileError(f"{path}: no such profile {name!r} (shipped: {known})")
    return path


def selected_profile_name() -> str:
    """The profile of this run: the area's when working under one (sources.areas), else
    `$VISION_PROFILE`, else the shipped default."""
    area = scoped_area()
    if area is not None:
        return area.profile
    return os.environ.get(PROFILE_ENV, "").strip() or DEFAULT_PROFILE


def load_profile(name: str | None = None) -> Profile:
    """The profile called `name` (a shipped name or a path); `selected_profile_name()`
    when None. Raises ProfileError naming the file and the key of anything wrong."""
    name = name or selected_profile_name()
    path = profile_path(name)
    return read_profile(path, path.parent.name if path.name == PROFILE_FILE else path.stem)


@functools.cache
def _cached(name: str) -> Profile:
    return load_profile(name)


def current_profile() -> Profile:
    """The run's profile (`selected_profile_name()`), read once per name."""
    return _cached(selected_profile_name())
