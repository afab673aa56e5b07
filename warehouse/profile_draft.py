"""A first profile drafted from a vision PDF alone: what `vision profile draft` writes.

Everything a profile declares is guessed from the document and the code's own knowledge of
the national template, and every guess says what it was guessed from (the writer puts that
in a TOML comment beside it):

* the area: members found in the national list of municipalities
  (`sources.municipality_list`), the core city (the publisher on the cover), the title,
  publisher and edition dates (`sources.vision_edition`);
* the sections tables are found in, from the section paths the extractor reads off the
  headings (`sources.headings`): `kpi`, `projects` and `matrix` (the keys rules cite) where
  the KPI tables, the project cards and the participation matrix are;
* every table with its caption pattern, kind (what the extractor infers), shape (from its
  content: header words, years, member rows, station names, 基準値/目標値, ★/●), the key of
  how the template's table of that caption is read where the caption says which
  (`BUILDER_KEYS`: key, shape and options).

The draft is plain data (`Draft`); `render_profile` writes it as TOML.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sources.japanese_text import nfkc_key
from sources.municipality_list import MemberEvidence, core_city_of, find_members
from sources.profile import MUNICIPALITY_KINDS, TARGET_ROLE
from sources.tables import ExtractedTable
from sources.vision_edition import Edition, read_edition
from sources.vision_tables_pdf import PARTICIPATION_MARKS, PROJECT_NUMBER, SECTION_SEPARATOR
from sources.vision_text_pdf import TextBlock
from warehouse.normalize.common import FrameError, column_labels
from warehouse.normalize.kpi import _columns as kpi_columns
from warehouse.normalize.measures import period_of
from warehouse.printed_values import try_parse_number, try_parse_year

# The template's 都市機能 tables: a key to draft them under, the caption words that name
# them (searched in the caption's NFKC key without spaces), the shape and the options
# (layout, list_kind) they are read with — reference data in a seed file, since the words
# are the subjects' names. First match wins; a key is used once.
BUILDER_CAPTIONS = Path(__file__).resolve().parent / "seeds" / "builder_captions.csv"


def _builder_keys() -> tuple[tuple[str, str, str, dict[str, str]], ...]:
    with BUILDER_CAPTIONS.open(encoding="utf-8", newline="") as f:
        return tuple(
            (r["key"], r["caption_words"], r["shape"], _options(r["options"]))
            for r in csv.DictReader(f)
        )


def _options(text: str) -> dict[str, str]:
    """`layout=tiers;list_kind=base_hospital` → the options the table is read with."""
    return dict(pair.split("=", 1) for pair in text.split(";") if pair)


BUILDER_KEYS = _builder_keys()
MARKS = frozenset("".join(PARTICIPATION_MARKS))
# A total label naming the area (圏域計, 圏域全体): the members' sum, which rules check
# (a bare 合計 or 計 may total something else: not declared).
AREA_TOTAL = re.compile(r"^圏域(計|合計|総計|全体)$")
# Header words of a table of users by the municipality they live in.
USAGE_WORDS = ("居住地", "利用者", "患者数")
# A first-column label that totals the member rows.
TOTAL_LABEL = re.compile(r"(合計|^計$|小計|総数|圏域計|圏域全体|全県|県計)")
# At least this many year columns make a table of years.
MIN_YEAR_COLUMNS = 3
# A table of users by residence printed with residences in columns has few rows.
USAGE_COLUMNS_MAX_ROWS = 3
# An outline number before a caption's title: 表2-3, 図2-1, ① (NFKC 1), (3), ア, (ア), a.
CAPTION_NUMBER = re.compile(
    r"^(?:[○●◎■□◆◇]|[表図]\s*\d+(?:[-‐－の]\d+)*|\(\d{1,2}\)|\d{1,2}(?=\D)|[ア-ン](?=\s)|\([ア-ン]\)|"
    r"[A-Za-z](?=\s))\s*"
)
SECTION_NUMBER = re.compile(r"^(第\d+章|\d{1,2}|\(\d{1,2}\)|[ア-ン]|\([ア-ン]\)|[A-Za-z])\s+")


# What a draft could not settle, as its file says it (the command says it in
# pipeline/messages.py, `draft.note.<key>`).
NOTES = {
    "no_members": "no member municipality found: write [[region.municipalities]] by hand",
    "no_core_city": "no core city found on the cover: set [region].core_city",
    "prefectures": "the members are in several prefectures: check prefecture and codes",
}


@dataclass(frozen=True)
class SectionGuess:
    key: str
    label: str
    title: str
    pattern: str
    why: str


@dataclass
class TableGuess:
    key: str
    name: str
    caption: str
    kind: str
    section: str
    shape: str
    tables: list[ExtractedTable]
    why: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    label: str = ""
    role: str = ""  # the section it is cited by, when not what its shape says

    @property
    def pages(self) -> str:
        first = min(t.pages[0] for t in self.tables)
        last = max(t.pages[-1] for t in self.tables)
        return f"p.{first}" if first == last else f"p.{first}-{last}"


@dataclass(frozen=True)
class Cards:
    name_label: str
    caption: str
    agreement_label: str
    why: str
    marks: str  # the participation mark the cards print ("" when none)


@dataclass(frozen=True)
class Draft:
    title: str
    title_from: str
    region_name: str
    members: tuple[MemberEvidence, ...]
    core_city: str | None
    edition: Edition
    sections: tuple[SectionGuess, ...]
    tables: tuple[TableGuess, ...]
    cards: Cards
    notes: tuple[str, ...]  # keys of NOTES: what the draft could not settle
    total_labels: tuple[str, ...] = ()
    ratios: tuple[tuple[str, ...], ...] = ()  # (kind, value, operand, operand)

    @property
    def prefectures(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.municipality.prefecture for e in self.members))


# --------------------------------------------------------------------------------------
# Reading the document
# --------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return "".join(nfkc_key(text).split())


def outline_text(blocks: Sequence[TextBlock]) -> str:
    """§1's text (the area's name, members and formation): blocks under the first
    outline heading (`1 …` or `第1章 …`)."""
    first = re.compile(r"^(第1章|1)\s")
    return "\n".join(
        b.text
        for b in blocks
        if b.section and first.match(nfkc_key(b.section.split(SECTION_SEPARATOR)[0]))
    )


def title_of(pdf_title: str, cover_text: str) -> tuple[str, str]:
    """(title, where it was read): the PDF's title when it names a ビジョン, else the cover's
    longest line that does, else the PDF's title as it is."""
    if "ビジョン" in pdf_title:
        return " ".join(pdf_title.split()), "the PDF's title"
    # The longest: a running title printed on the cover too lacks the period (第n期).
    lines = [" ".join(line.split()) for line in cover_text.splitlines() if "ビジョン" in line]
    if lines:
        return max(lines, key=len), "the cover"
    return " ".join(pdf_title.split()), "the PDF's title (no line of the cover names a ビジョン)"


def region_name_of(title: str) -> str:
    """The area's name from the title: `第2期 〇〇連携中枢都市圏ビジョン` → `〇〇連携中枢都市圏`."""
    name = re.sub(r"[(（][^)）]*[)）]", "", nfkc_key(title))
    name = re.sub(r"第\s*\d+\s*[期次]", "", name)
    name = re.sub(r"ビジョン.*$", "", name)
    return "".join(name.split()) or title


@dataclass(frozen=True)
class _Rows:
    members: list[str]
    totals: list[str]
    others: list[str]


def _row_labels(table: ExtractedTable, names: set[str]) -> _Rows:
    out = _Rows([], [], [])
    for row in table.body:
        label = _clean(row[0]) if row else ""
        if not label:
            continue
        if label in names or label.split("郡", 1)[-1] in names:
            out.members.append(label)
        elif TOTAL_LABEL.search(label):
            out.totals.append(label)
        else:
            out.others.append(label)
    return out


def _is_number(text: str) -> bool:
    t = _clean(text).replace(",", "").replace("%", "").lstrip("△▲-−")
    return bool(re.fullmatch(r"\d+(\.\d+)?", t)) or t in ("-", "－", "―", "—", "*", "…")


# A table whose body cells (after the label column) are at least this share numbers is a
# table of numbers, else of text.
NUMERIC_TABLE_SHARE = 0.5


def _numeric_share(table: ExtractedTable) -> float:
    cells = [c for row in table.body for c in row[1:] if c.strip()]
    return sum(_is_number(c) for c in cells) / len(cells) if cells else 0.0


def guess_shape(table: ExtractedTable, names: set[str]) -> tuple[str, dict[str, str], str]:
    """(shape, options, what it was guessed from) for one table."""
    if table.kind == "card":
        return "project_card", {}, "a project card (its name cell prints 【n】)"
    if table.kind == "agreement":
        return "agreement", {}, "the agreement's provisions before the cards"
    if table.kind == "matrix":
        return "project_matrix", {}, "participation marks in several columns"
    if table.kind == "school":
        return "lists_per_municipality", {}, "a 【municipality】 title row over its schools"
    labels = column_labels(table)
    header = [_clean(c) for c in (table.header[-1] if table.header else [])]
    if labels and all(_clean(x).endswith("駅") for x in labels if x) and any(labels):
        return "station_ridership", {}, "every header cell is a station (…駅)"
    try:
        roles = kpi_columns(table, table.rows[0] if table.rows else [])
        return (
            "kpi_table",
            {},
            "KPI header " + ", ".join(f"{r}={table.rows[0][c]}" for r, c in roles.items()),
        )
    except FrameError:
        if {"基準値", "目標値"} <= {w for c in header for w in ("基準値", "目標値") if w in c}:
            return (
                "kpi_table",
                {},
                "header prints 基準値 and 目標値 (no 出典 column: check the KPI columns)",
            )
    rows = _row_labels(table, names)
    years = [x for x in labels[1:] if try_parse_year(x.split("/")[-1])]
    column_members = [c for c in header if c in names]
    # Measures in rows (a repeated header row in the body is no measure).
    measures = {_clean(r[0]) for r in table.body if r and _clean(r[0]) not in header[:1]}
    if len(column_members) >= 2 and not rows.members and len(measures) <= USAGE_COLUMNS_MAX_ROWS:
        return (
            "usage_by_residence",
            {"orientation": "columns", "service": _service(table, header)},
            f"{len(column_members)} member names head the columns over the rows "
            f"{'/'.join(sorted(measures))}",
        )
    if rows.members and any(w in c for c in header for w in USAGE_WORDS):
        return "usage_by_residence", {}, "member rows under a header of users (居住地/利用者…)"
    # Years of people (人口) by municipality: a projection; years of anything else (事業費)
    # are no shape of their own.
    if len(years) >= MIN_YEAR_COLUMNS and (rows.members or "人口" in _clean(table.caption)):
        unread = _unread_years(table, names)
        if not unread:
            # The template's 人口の目標 prints the targets in the same shape.
            target = {"role": TARGET_ROLE} if "目標" in _clean(table.caption) else {}
            return "population_projection", target, f"{len(years)} year columns ({years[0]}…)"
        what = f"{len(years)} year columns, but the population reader cannot read {unread[0]!r}"
        return "measures", {}, what
    if table.kind == "list" or (rows.members and _numeric_share(table) < NUMERIC_TABLE_SHARE):
        what = "member rows" if rows.members else "rows"
        return "lists_per_municipality", {}, f"{what} of named items (cells mostly text)"
    if rows.members:
        return (
            "per_municipality_measures",
            {},
            f"{len(rows.members)} member rows, {len(rows.totals)} total rows, numbers in columns",
        )
    if _numeric_share(table) >= NUMERIC_TABLE_SHARE:
        across = f"{len(column_members)} member names head the columns" if column_members else ""
        return (
            "measures",
            {},
            "numbers under row and column labels, no member rows"
            + (f" ({across})" if across else "")
            + ": read as measures",
        )
    return "named_list", {}, "no member rows, no years, mostly text: read as a list of named items"


def _service(table: ExtractedTable, header: Sequence[str]) -> str:
    """What the users of a table with residences in columns use: its first count row
    without 数 (生徒数 → 生徒), else the caption."""
    for row in table.body:
        label = _clean(row[0]) if row else ""
        if label.endswith("数") and label not in header[:1]:
            return label[:-1]
    return caption_title(table.caption)


def caption_title(caption: str) -> str:
    """The NFKC key of a caption without its outline or table number."""
    return CAPTION_NUMBER.sub("", nfkc_key(caption)).strip()


def _literal(text: str) -> str:
    return re.escape(text).replace("\\ ", " ")


def _section_parts(table: ExtractedTable) -> list[str]:
    return [nfkc_key(p) for p in table.section.split(SECTION_SEPARATOR) if p.strip()]


def _common(paths: Sequence[list[str]]) -> list[str]:
    out: list[str] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1:
            break
        out.append(parts[0])
    return out


def _label(parts: Sequence[str]) -> str:
    numbers = []
    for p in parts:
        m = SECTION_NUMBER.match(p)
        if m:
            numbers.append(m.group(1))
    return "".join(numbers) or (parts[-1] if parts else "")


def _section_for(key: str, parts: list[str], why: str) -> SectionGuess:
    last = parts[-1] if parts else ""
    return SectionGuess(
        key=key,
        label=_label(parts) or key,
        title=SECTION_NUMBER.sub("", last),
        pattern=_literal(last),
        why=why,
    )


# --------------------------------------------------------------------------------------
# Drafting
# --------------------------------------------------------------------------------------


def _role(g: TableGuess) -> str:
    """The section key rules cite a table's part by (kpi / projects / matrix), or ""."""
    if g.role:
        return g.role
    roles = {"kpi_table": "kpi", "project_card": "projects", "agreement": "projects"}
    return roles.get(g.shape, "matrix" if g.shape == "project_matrix" else "")


def _group_key(table: ExtractedTable, shape: str) -> tuple[str, ...]:
    if shape in ("project_card", "agreement", "project_matrix", "kpi_table"):
        return (shape, table.kind) + (() if shape in ("project_card", "agreement") else (table.id,))
    if shape == "station_ridership":
        return (shape, table.section)
    return ("caption", caption_title(table.caption), table.kind, shape, table.section)


def _caption_pattern(group: list[ExtractedTable], others: Sequence[ExtractedTable]) -> str:
    """A pattern matching every caption of the group and no other table of its kind."""
    titles = sorted({caption_title(t.caption) for t in group})
    if len(titles) > 1:  # one line per table (…線): their common end
        suffix = titles[0]
        for t in titles[1:]:
            while suffix and not t.endswith(suffix):
                suffix = suffix[1:]
        pattern = _literal(suffix) + "$" if suffix else "|".join(map(_literal, titles))
    else:
        pattern = _literal(titles[0])
    same = [t for t in others if t.kind == group[0].kind and t not in group]
    if any(re.search(pattern, nfkc_key(t.caption)) for t in same):
        pattern = r"^\S{0,6}\s?" + pattern + ("" if pattern.endswith("$") else "$")
    return pattern


def _unread_years(table: ExtractedTable, names: set[str]) -> list[str]:
    """What the population reader stops on: a header label of a column of populations that
    prints no year (a column of rates, ▲16.8%, is skipped as it skips it), a row label
    naming no member or total (年少人口)."""
    labels = column_labels(table)
    unread = [
        label
        for column, label in enumerate(labels[1:], start=1)
        if label and period_of(label, None, "") is None and not _rates(table, column)
    ]
    return unread + _row_labels(table, names).others


def _rates(table: ExtractedTable, column: int) -> bool:
    """A column whose body prints percentages only."""
    printed = [r[column] for r in table.body if column < len(r) and r[column].strip()]
    parsed = [try_parse_number(text) for text in printed]
    return bool(parsed) and all(p is not None and p.is_percent for p in parsed)


def _key_of(group: TableGuess, used: set[str], index: int, names: set[str]) -> str:
    title = _clean(caption_title(group.tables[0].caption))
    for key, words, shape, options in BUILDER_KEYS:
        if key not in used and group.kind in ("data", "list") and re.search(words, title):
            group.why.append(f"key: the caption reads {words!r}, the template's table {key!r}")
            if (shape, options) != (group.shape, group.options):
                laid = ", ".join(f"{k} = {v}" for k, v in options.items())
                group.why.append(f"shape: {shape}{f' ({laid})' if laid else ''}, how it is read")
                group.shape, group.options = shape, dict(options)
            return key
    if group.kind == "school" and "school" not in used:
        return "school"
    if group.shape == "project_card":
        return "project_card"
    if group.shape == "agreement":
        return "agreement"
    if group.shape == "station_ridership":
        return "rail_ridership" if "rail_ridership" not in used else f"stations_{index}"
    if group.shape in ("kpi_table", "project_matrix"):
        prefix = "kpi" if group.shape == "kpi_table" else "matrix"
        return f"{prefix}_{sum(1 for k in used if k.startswith(prefix + '_')) + 1}"
    numbered = re.match(r"^[表図]\s*(\d+(?:[-‐－の]\d+)*)", nfkc_key(group.tables[0].caption))
    if numbered:
        kind = "figure" if nfkc_key(group.tables[0].caption).startswith("図") else "table"
        key = f"{kind}_" + re.sub(r"\D+", "_", numbered.group(1))
        return key if key not in used else f"{key}_{index}"
    return f"table_{index}"


def draft_tables(
    tables: Sequence[ExtractedTable], names: set[str]
) -> tuple[list[TableGuess], list[SectionGuess]]:
    """The table declarations and the sections they are found in."""
    groups: dict[tuple[str, ...], TableGuess] = {}
    for t in tables:
        shape, options, why = guess_shape(t, names)
        gk = _group_key(t, shape)
        if gk in groups:
            groups[gk].tables.append(t)
            continue
        groups[gk] = TableGuess(
            "", " ".join(t.caption.split()), "", t.kind, "", shape, [t], [f"shape: {why}"], options
        )
    guesses = list(groups.values())
    # The KPIs are declared in the outline part of the project cards (3 連携協約に基づき…,
    # its (1)); a KPI table elsewhere (§1's results of the previous vision, §4's summary
    # list) is not the vision's KPIs or repeats them.
    cards = [t for t in tables if t.kind == "card" and t.section]
    card_part = _section_parts(cards[0])[:1] if cards else []
    for g in guesses:
        if g.shape != "kpi_table" or not cards or _section_parts(g.tables[0])[:1] == card_part:
            continue
        if g.tables[0].pages[0] > cards[-1].pages[-1]:
            # After the cards: the summary list beside the participation matrix (§4),
            # whose KPIs the rules compare with §3's.
            g.role = "matrix"
            g.why.append("section: after the project cards, the KPI list of the summary (§4)")
        else:
            g.shape = "named_list"
            g.why.append(
                "shape: named_list, as it comes before the project cards' part (e.g. the "
                "previous vision's results); declare it kpi_table to read its KPIs"
            )
    # Sections: kpi / projects / matrix where those tables are, else each table's first
    # outline level (chapter or numbered heading).
    sections: dict[str, SectionGuess] = {}
    for role in ("kpi", "projects", "matrix"):
        members = [t for g in guesses if _role(g) == role for t in g.tables]
        if members:
            parts = _common([_section_parts(t) for t in members])
            sections[role] = _section_for(
                role, parts, f"the common heading of the {len(members)} {role} tables"
            )
    used: set[str] = set()
    for index, g in enumerate(guesses, start=1):
        role = _role(g)
        if not role:
            parts = _section_parts(g.tables[0])[:1]
            key = "section_" + (
                re.sub(r"\D", "", _label(parts))
                or re.sub(r"\D", "", parts[0] if parts else "")
                or "0"
            )
            if key not in sections:
                sections[key] = _section_for(key, parts, "the outermost heading above its tables")
            role = key
        g.section = role
        g.key = _key_of(g, used, index, names)
        used.add(g.key)
        if g.shape == "project_card":
            prefix = card_caption_prefix(g.tables)
            g.caption = rf"^{re.escape(prefix)}【(\d+)】$"
            g.name = f"{prefix}【n】"
            g.why.append(f"caption: the extractor names a card {prefix}【n】 by its number")
        elif g.shape == "agreement":
            g.caption = ""
            g.name = (
                caption_title(g.tables[0].caption)
                or (g.tables[0].section or "").split(SECTION_SEPARATOR)[-1]
            )
            g.why.append("caption: every agreement table of the section")
        else:
            g.caption = _caption_pattern(g.tables, tables)
        if g.kind in ("data", "list"):
            # The outline numbers of the heading it is printed under: how rules cite it.
            g.label = _label(_section_parts(g.tables[0]))
        if g.shape == "lists_per_municipality" and g.key.startswith("table_"):
            g.options["list_kind"] = caption_title(g.tables[0].caption)
            g.why.append("options.list_kind: the caption (what the cells list)")
        for t in g.tables:
            if t.kind != g.kind:
                g.why.append(f"kind: {t.id} reads as {t.kind}")
    return guesses, list(sections.values())


def card_caption_prefix(tables: Sequence[ExtractedTable]) -> str:
    """What the document prints before a card's 【n】 (the most common among its cards)."""
    prefixes = Counter(
        nfkc_key(t.caption).split("【", 1)[0].strip()
        for t in tables
        if t.kind == "card" and "【" in t.caption
    )
    return prefixes.most_common(1)[0][0] if prefixes else ""


def _cards(tables: Sequence[ExtractedTable]) -> Cards:
    cards = [t for t in tables if t.kind == "card"]
    agreements = [t for t in tables if t.kind == "agreement"]
    first = _clean(cards[0].rows[0][0]) if cards and cards[0].rows else ""
    name_label = f"^{_literal(first)}$" if first else r"^(連携)?事業名?$"
    agreement = _clean(agreements[0].rows[0][0])[:4] if agreements else "連携協約"
    why = (
        f"the first cell of {len(cards)} cards reads {first!r}"
        if first
        else "no project card found: the national template's label"
    )
    counts = Counter(ch for t in cards for row in t.rows for c in row for ch in c if ch in MARKS)
    marks = counts.most_common(1)[0][0] if counts else ""
    return Cards(name_label, card_caption_prefix(cards) + "【{number}】", agreement, why, marks)


# Header words of a printed ratio: a share of a total (構成比) or a change (増減率).
SHARE_WORD = "構成比"
CHANGE_WORD = "増減率"


def table_ratios(table: ExtractedTable) -> list[tuple[str, ...]]:
    """The ratios a table's header prints, as (kind, value, operand, operand): a share
    `構成比` beside a count column of the same group over the total column before the
    groups (総人口 / 就業者数); a change `増減率` beside year columns of its group."""
    labels = column_labels(table)
    out: list[tuple[str, ...]] = []
    first_group = next((i for i, x in enumerate(labels) if "/" in x), len(labels))
    plain = [x for x in labels[1:first_group] if x]  # the totals before the groups
    for label in labels:
        group, _, last = label.rpartition("/")
        if not group:
            continue
        siblings = [x.rpartition("/")[2] for x in labels if x.rpartition("/")[0] == group]
        if last == SHARE_WORD and plain:
            counts = [x for x in siblings if x != SHARE_WORD]
            if counts:
                out.append(("share", SHARE_WORD, counts[0], plain[-1]))
        elif last == CHANGE_WORD:
            years = [x for x in siblings if try_parse_year(x)]
            if len(years) >= 2:
                out.append(("change", CHANGE_WORD, years[0], years[-1]))
    return list(dict.fromkeys(out))


def _total_labels(table: ExtractedTable, names: set[str]) -> list[str]:
    """The labels of a table's total rows and total header columns."""
    header = [_clean(c) for c in (table.header[-1] if table.header else [])]
    return _row_labels(table, names).totals + [c for c in header if TOTAL_LABEL.search(c)]


def draft_profile(
    title: str, cover_text: str, blocks: Sequence[TextBlock], tables: Sequence[ExtractedTable]
) -> Draft:
    """The draft of one document: its title, cover, text blocks and extracted tables."""
    cells = [[c for row in t.rows for c in row] for t in tables]
    members = tuple(find_members(cells, cover_text, outline_text(blocks)))
    body = "\n".join(b.text for b in blocks)
    core = core_city_of(members, cover_text, body)
    names = {e.municipality.name for e in members} | {e.municipality.name[:-1] for e in members}
    guesses, sections = draft_tables(tables, names)
    for g in guesses:
        if g.shape == "station_ridership":
            _station_unit(g, blocks)
    notes = []
    if not members:
        notes.append("no_members")
    if core is None:
        notes.append("no_core_city")
    if len({e.municipality.prefecture_code for e in members}) > 1:
        notes.append("prefectures")
    title, title_from = title_of(title, cover_text)
    totals = Counter(
        label
        for t in tables
        if t.kind in ("data", "list")
        for label in _total_labels(t, names)
        if AREA_TOTAL.search(label)
    )
    return Draft(
        title=title,
        title_from=title_from,
        region_name=region_name_of(title),
        members=members,
        core_city=core,
        edition=read_edition(cover_text),
        sections=tuple(sections),
        tables=tuple(guesses),
        cards=_cards(tables),
        notes=tuple(notes),
        total_labels=tuple(label for label, _ in totals.most_common()),
        ratios=tuple(dict.fromkeys(r for t in tables if t.kind == "data" for r in table_ratios(t))),
    )


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _q(text: str) -> str:
    """A TOML string: literal ('…') when it can be, else basic with escapes."""
    if "'" not in text and "\n" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _table_participation(g: TableGuess) -> str | None:
    marks = {
        c.strip()
        for t in g.tables
        for row in t.body
        for c in row
        if c.strip() in PARTICIPATION_MARKS
    }
    return "".join(sorted(marks)) or None


def render_profile(draft: Draft, source: str) -> str:
    """profile.toml of the draft, every guess with a comment saying what it came from."""
    core = next((e for e in draft.members if e.municipality.code == draft.core_city), None)
    prefecture = (
        core.municipality if core else (draft.members[0].municipality if draft.members else None)
    )
    ed = draft.edition
    lines = [
        f"# Drafted by `vision profile draft` from {source}: every value below is a guess from",
        "# the document, with what it was guessed from. Check it with",
        "# `vision profile explain --profile <this folder> PDF`, edit, then `vision --profile",
        "# <this folder> refresh --pdf PDF`. Keys are documented in docs/profile.md.",
        "",
        "[region]",
        f"# from the title {draft.title!r} without its period and ビジョン",
        f"name = {_q(draft.region_name)}",
        f"# the core city's prefecture (national list: {', '.join(draft.prefectures) or 'none'})",
        f"prefecture = {_q(prefecture.prefecture if prefecture else '')}",
        f"prefecture_code = {_q(prefecture.prefecture_code if prefecture else '')}",
        "# the member printed alone on the cover (the publisher)",
        f"core_city = {_q(draft.core_city or '')}",
        "",
        "# Members: names of the national list (令和7年国勢調査 人口速報集計,",
        "# sources/manifest.json census2025_preliminary_council) printed as table cells,",
        "# on the cover or in §1.",
    ]
    for e in draft.members:
        m = e.municipality
        lines += [
            "",
            "[[region.municipalities]]",
            f"# found on {e.says()}",
            f"code = {_q(m.code)}",
            f"name = {_q(m.name)}",
            f"kind = {_q(m.kind)}",
        ]
        if m.kind != MUNICIPALITY_KINDS[0]:
            lines.append(
                "# TO EDIT: the national list has no 郡: write the town's or village's county"
            )
            lines.append(f"county = {_q('郡')}")
        lines.append("# TO EDIT: no romanization in the national list: write the English name")
        lines.append(f"name_en = {_q(m.name)}")
    dates = ", ".join(
        f"{what} {d.isoformat()}"
        for what, d in (("adopted", ed.adopted_on), ("revised", ed.revised_on))
        if d
    )
    lines += [
        "",
        "[region.variants]",
        "# printed forms that are not misprints (beyond the name without 市/町/村): none guessed",
        "",
        "[document]",
        f"# {draft.title_from}",
        f"title = {_q(draft.title)}",
        "# total rows or columns naming the area (their members' sum is checked)"
        if draft.total_labels
        else "# no total row or column naming the area (圏域計) found: totals are not checked",
        f"total_labels = [{', '.join(_q(x) for x in draft.total_labels)}]",
        "# the core city, printed on the cover",
        f"publisher = {_q(core.municipality.name if core else '')}",
        "# TO EDIT: not in the PDF: the publisher's page that lists it",
        f"official_url = {_q('https://')}",
        f"# edition on the cover: {dates or 'no dated 策定/改訂 line found'}"
        + (f" ({ed.label})" if ed.label else ""),
        "",
        *_ratio_lines(draft.ratios),
        "[document.cards]",
        f"# {draft.cards.why}",
        f"name_label = {_q(draft.cards.name_label)}",
        "# the extractor's caption of a card: the 【n】 its name cell prints",
        f"caption = {_q(draft.cards.caption)}",
        "# first cell of an agreement table",
        f"agreement_label = {_q(draft.cards.agreement_label)}",
    ]
    if draft.cards.marks:
        lines += [
            "# the mark the cards print most (their participation)",
            f"participation_marks = {_q(draft.cards.marks)}",
        ]
    for s in draft.sections:
        lines += [
            "",
            f"[sections.{s.key}]",
            f"# {s.why}",
            f"label = {_q(s.label)}",
            f"title = {_q(s.title)}",
            f"pattern = {_q(s.pattern)}",
        ]
    for g in draft.tables:
        ids = ", ".join(t.id for t in g.tables)
        lines += [
            "",
            "[[tables]]",
            f"# {g.pages} ({ids}), {len(g.tables)} table{'s' if len(g.tables) > 1 else ''}",
        ]
        lines += [f"# {w}" for w in g.why]
        marks = _table_participation(g)
        if marks and g.shape in ("project_card", "project_matrix"):
            lines.append(f"# participation marks printed: {marks}")
        if g.shape == "project_card":
            budget = _budget_layout(g.tables[0])
            if budget:
                lines.append(f"# budget: {budget}")
        if g.shape == "station_ridership" and "unit" not in g.options:
            lines.append(
                '# TO EDIT: options = { unit = "…" }, the unit the heading above the lines '
                "states (人/日 for 一日平均)"
            )
        if g.shape == "kpi_table" and g.tables[0].rows:
            lines.append(
                "# KPI columns: " + " | ".join(" ".join(c.split()) for c in g.tables[0].rows[0])
            )
        lines += [
            f"key = {_q(g.key)}",
            f"name = {_q(g.name)}",
            f"caption = {_q(g.caption)}",
            f"kind = {_q(g.kind)}",
            f"section = {_q(g.section)}",
            f"shape = {_q(g.shape)}",
        ]
        if len(g.tables) > 1 and g.kind in ("data", "list") and g.shape != "station_ridership":
            lines.append("# the document prints this caption over this many tables")
            lines.append(f"min_count = {len(g.tables)}")
        if g.label:
            lines.append("# the outline numbers of the headings it is printed under")
            lines.append(f"label = {_q(g.label)}")
        if g.options:
            opts = ", ".join(f"{k} = {_q(v)}" for k, v in g.options.items())
            lines.append(f"options = {{ {opts} }}")
    lines += [
        "",
        "[kpi]",
        "# the KPI statistics and rules the print cannot say: none guessed (see kpi.toml)",
        'declarations = "kpi.toml"',
        "",
        "[report]",
        f"title = {_q(draft.title + ' 整合性チェック結果')}",
        "# how the report's text calls the document",
        f"document_name = {_q('ビジョン')}",
        "",
    ]
    for note in draft.notes:
        lines.insert(5, f"# TO EDIT: {NOTES[note]}")
    return "\n".join(lines)


# Ridership printed per day: the heading above the per-line tables says 一日平均.
PER_DAY = re.compile(r"[一1]日平均")


def _station_unit(group: TableGuess, blocks: Sequence[TextBlock]) -> None:
    """The unit of a line's passengers, from a heading on the page of its first table
    (the extractor does not return it with the tables)."""
    page = group.tables[0].pages[0]
    for b in blocks:
        if b.page == page and b.kind == "heading" and PER_DAY.search(nfkc_key(b.text)):
            group.options["unit"] = "人/日"
            group.name = " ".join(b.text.split())  # what the lines are printed under
            group.why.append(f"options.unit: the heading {' '.join(b.text.split())!r}")
            return


def _ratio_lines(ratios: Sequence[tuple[str, ...]]) -> list[str]:
    lines = []
    for kind, value, first, second in ratios:
        names = ("numerator", "denominator") if kind == "share" else ("start", "end")
        lines += [
            "[[document.ratios]]",
            f"# a header prints {value!r} beside {first!r} (its group) and {second!r}",
            f"kind = {_q(kind)}",
            f"value = {_q(value)}",
            f"{names[0]} = {_q(first)}",
            f"{names[1]} = {_q(second)}",
            "",
        ]
    return lines


def _budget_layout(card: ExtractedTable) -> str | None:
    for i, row in enumerate(card.rows):
        label = _clean(row[0]) if row else ""
        if "事業費" in label:
            years = [
                c for c in dict.fromkeys(card.rows[i - 1] if i else []) if try_parse_year(_clean(c))
            ]
            return f"row {label!r}" + (f" under years {', '.join(years)}" if years else "")
    return None


KPI_FILE = """# KPI declarations drafted by `vision profile draft`: nothing the print cannot say was
# guessed. Add [[rule]] (direction, first_year), [[actual_source]] and [[related]] entries
# as profiles/yamagata_2nd/kpi.toml does; the KPIs are named by their indicator_key
# (`vision query "SELECT indicator_key FROM kpi_targets"` after a refresh).
"""

__all__ = [
    "BUILDER_KEYS",
    "KPI_FILE",
    "PROJECT_NUMBER",
    "Draft",
    "draft_profile",
    "render_profile",
]
