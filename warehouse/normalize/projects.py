"""Project cards 【n】 and their agreement tables → project, participation, schedule and
budget frames.

A card is found as the profile declares it (caption pattern, section, kind); the
agreement table that precedes it in the same section gives 取組内容, the
core city's role (`<core city>の役割`) and 連携市町の役割, and the section path below the
projects section gives the category (ア/イ/ウ → A/B/C → a…i). Card rows are found by their
printed labels, not positions: some cards print the budget label in the first column and
shift its values one cell left, and the ※ note row moves around.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import chain, pairwise

from sources import profile_patterns as patterns
from sources.japanese_text import nfkc_key
from sources.profile import current_profile
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    TOTAL_LABELS,
    FrameError,
    Record,
    RowRef,
    bullets,
    canonical_code,
    classify_label,
    label_key,
    number,
    provenance,
    spec_tables,
    split_list,
    squash_cjk_spaces,
)
from warehouse.printed_values import PrintedYear, is_same_as_left, try_parse_year

CARD_TABLE = "project_card"  # the profile's key of the project cards


_PROJECT_NAME = re.compile(r"^\s*【\s*(\d+)\s*】\s*(.*)$", re.S)
_MARK = re.compile(r"[（(]\s*(?P<mark>[^()（）\s]?)\s*[）)]\s*(?P<name>[^\s（(]+)")
_PATH_PART = {
    "category": re.compile(r"^([アイウエオ])(?:\s+(.+))?$"),
    "subcategory": re.compile(r"^([A-Z])(?:\s+(.+))?$"),
    "field": re.compile(r"^([a-z])(?:\s+(.+))?$"),
}


# --- category path ----------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryPath:
    """ア/イ/ウ → A/B/C (only under ウ) → a…i, each with its printed title."""

    category_code: str | None = None
    category_title: str | None = None
    subcategory_code: str | None = None
    subcategory_title: str | None = None
    field_code: str | None = None
    field_title: str | None = None


def parse_path(parts: Iterable[str]) -> CategoryPath:
    """Read codes and titles from texts such as `ア 圏域全体…`, `A`, `生活機能…`, `a 医療…`.

    A bare code followed by a separate title text (a project matrix prints them in two
    cells) is joined; a part matching no code is the title of the code before it.
    """
    found: dict[str, list[str | None]] = {}
    last: str | None = None
    for raw in parts:
        text = " ".join(raw.split())
        if not text:
            continue
        # The level the text is a code of, with its match; none for a title.
        codes = ((level, p.match(text)) for level, p in _PATH_PART.items())
        level, match = next(((lv, m) for lv, m in codes if m), (None, None))
        if level is not None and match is not None:
            found[level] = [match.group(1), squash_cjk_spaces(match.group(2) or "") or None]
            last = level
        elif last is not None and found[last][1] is None:
            found[last][1] = squash_cjk_spaces(text)
    return CategoryPath(*chain.from_iterable(found.get(lv, [None, None]) for lv in _PATH_PART))


def section_path(section: str) -> CategoryPath:
    """The category path of a card's section string: the parts below the projects section
    (the shortest leading parts its profile pattern matches)."""
    parts = [p.strip() for p in section.split(">")]
    pattern = current_profile().table(CARD_TABLE).section_pattern
    leading = (" > ".join(parts[:i]) for i in range(1, len(parts) + 1))
    start = next((i for i, p in enumerate(leading, 1) if patterns.search(pattern, nfkc_key(p))), 0)
    return parse_path(parts[start:])


# --- reading a card ---------------------------------------------------------------------


def split_project_name(text: str) -> tuple[int | None, str]:
    """`【8】 圏域全体の…` → (8, 圏域全体の…)."""
    match = _PROJECT_NAME.match(text)
    if not match:
        return None, squash_cjk_spaces(text)
    return int(match.group(1)), squash_cjk_spaces(match.group(2))


def labelled_rows(table: ExtractedTable) -> dict[str, tuple[int, str]]:
    """First-column label key → (row index, content) for the card's text rows."""
    rows: dict[str, tuple[int, str]] = {}
    for index, row in enumerate(table.rows):
        # Its content: the first cell after the label that prints something.
        rows.setdefault(label_key(row[0]), (index, next((c for c in row[1:] if c.strip()), "")))
    return rows


def _find_label(rows: dict[str, tuple[int, str]], word: str) -> tuple[int, str] | None:
    return next((v for k, v in rows.items() if word in k), None)


@dataclass(frozen=True)
class Schedule:
    """Where the schedule block of a card is: year header row, year columns, budget row."""

    header_index: int
    label_col: int
    year_cols: dict[int, PrintedYear]  # the year each column's header prints
    total_col: int | None
    budget_index: int | None
    budget_label_col: int | None


def locate_schedule(table: ExtractedTable) -> Schedule:
    """Find the `年度 | 2025年度 … | 合計` row and the `事業費見込(千円)` row."""
    for index, row in enumerate(table.rows):
        keys = [label_key(c) for c in row]
        if "年度" not in keys:
            continue
        label_col = keys.index("年度")
        years = ((c, try_parse_year(row[c])) for c in range(label_col + 1, len(row)))
        year_cols = {c: year for c, year in years if year}
        total_col = next(
            (c for c in range(label_col + 1, len(row)) if keys[c] in TOTAL_LABELS), None
        )
        budget_index, budget_col = next(
            (
                (later, c)
                for later in range(index + 1, len(table.rows))
                for c, text in enumerate(table.rows[later])
                if label_key(text).startswith("事業費")
            ),
            (None, None),
        )
        if not year_cols:
            break
        return Schedule(index, label_col, year_cols, total_col, budget_index, budget_col)
    raise FrameError(table.caption, "schedule header (年度 | 2025年度 …) not found")


def schedule_records(table: ExtractedTable, revision_id: str, number_: int) -> list[Record]:
    """Activity × fiscal year; `(同左)` resolved to the status on its left, printed text kept."""
    sched = locate_schedule(table)
    end = sched.budget_index if sched.budget_index is not None else len(table.rows)
    header = table.rows[sched.header_index]
    records: list[Record] = []
    seq = 0
    for index, row in enumerate(table.rows[sched.header_index + 1 : end], sched.header_index + 1):
        activity = squash_cjk_spaces(row[sched.label_col])
        if not activity or activity.startswith("※"):
            continue
        seq += 1
        status: str | None = None
        for col, year in sched.year_cols.items():
            printed = row[col].strip() if col < len(row) else ""
            same = is_same_as_left(printed)
            status = status if same else (squash_cjk_spaces(printed) or None)
            record = provenance(table, index, revision_id, activity, squash_cjk_spaces(header[col]))
            record |= {
                "project_no": number_,
                "activity": activity,
                "activity_seq": seq,
                "fiscal_year": year.year,
                "year_text": header[col],
                "status": status,
                "status_printed": printed,
                "is_same_as_left": same,
            }
            records.append(record)
    return records


def _under_the_header(row: list[str], header_cols: list[int]) -> bool:
    """Whether a budget row prints its amounts under the year header's own columns (a
    grid card), rather than right after its label (a card that shifts them left)."""
    return len(row) > max(header_cols) and all(
        any(ch.isdigit() for ch in row[c]) for c in header_cols
    )


def budget_records(table: ExtractedTable, revision_id: str, number_: int) -> list[Record]:
    """事業費見込 per fiscal year (千円); `—`/`*` kept as markers; 合計 only where printed.

    Values are read relative to the label cell, so a row that prints its label in the first
    column (values shifted one cell left) is read the same way as the others.
    """
    sched = locate_schedule(table)
    if sched.budget_index is None or sched.budget_label_col is None:
        raise FrameError(table.caption, "budget row (事業費見込) not found")
    header = table.rows[sched.header_index]
    row = table.rows[sched.budget_index]
    label = row[sched.budget_label_col]
    unit_match = re.search(r"[（(]\s*([^()（）]+?)\s*[）)]", label)
    unit = unit_match.group(1) if unit_match else None
    header_cols = [*sched.year_cols] + ([sched.total_col] if sched.total_col is not None else [])
    # Under the header's own columns, or one after the other right after the label.
    shifted = not _under_the_header(row, header_cols)
    records: list[Record] = []
    for i, header_col in enumerate(header_cols):
        value_col = sched.budget_label_col + 1 + i if shifted else header_col
        text = row[value_col] if value_col < len(row) else ""
        is_total = header_col == sched.total_col
        if is_total and not text.strip():
            continue
        parsed = number(table, text, f"budget {header[header_col]!r}")
        year = sched.year_cols.get(header_col)
        record = provenance(
            table, sched.budget_index, revision_id, squash_cjk_spaces(label), header[header_col]
        )
        record |= {
            "project_no": number_,
            "fiscal_year": year.year if year else None,
            "year_text": header[header_col],
            "is_total": is_total,
            "value": parsed.value,
            "value_text": parsed.printed,
            "marker": parsed.marker,
            "unit": unit,
        }
        records.append(record)
    return records


def parse_marks(text: str) -> list[tuple[str, str]]:
    """`(★) A市 ( ) B町` / `(★)A市` → [('(★)', A市), ('( )', B町)]."""
    return [
        (f"({m.group('mark')})" if m.group("mark") else "( )", m.group("name"))
        for m in _MARK.finditer(text)
    ]


def _member_grid(table: ExtractedTable) -> tuple[int, list[tuple[str, str]]] | None:
    """(row index, [(mark, name)]) of a card that prints the members as a row of names
    with the row of their marks (● / －) below it, under one label; None when it does not."""
    names = {label_key(n) for n in current_profile().region.names}
    for index, (row, below) in enumerate(pairwise(table.rows)):
        cols = [c for c in range(1, len(row)) if label_key(row[c]) in names]
        if len(cols) >= 2 and label_key(below[0]) == label_key(row[0]):
            return index + 1, [(below[c].strip() if c < len(below) else "", row[c]) for c in cols]
    return None


def _card_marks(table: ExtractedTable) -> tuple[int, str, list[tuple[str, str]]]:
    """(row index, row label, [(mark, printed name)]) of the card's participants, from the
    labelled row (`(★)A市 ( )B町`) or from a grid of names over marks."""
    label = current_profile().document.cards.participants_label
    found = _find_label(labelled_rows(table), label_key(label))
    if found is not None:
        index, text = found
        marks = parse_marks(text)
        if not marks:
            raise FrameError(table.caption, f"no (★)/( ) marks in {text!r}")
        return index, label, marks
    grid = _member_grid(table)
    if grid is None:
        raise FrameError(table.caption, f"{label} row (or a row of the members) not found")
    index, marks = grid
    return index, squash_cjk_spaces(table.rows[index][0]), marks


def card_participation(
    table: ExtractedTable, revision_id: str, number_: int, name: str, path: CategoryPath
) -> list[Record]:
    """One record per municipality the card lists, participating when its mark is one the
    profile declares (★)."""
    index, label, marks = _card_marks(table)
    taking_part = current_profile().document.cards.participation_marks
    source = current_profile().table(CARD_TABLE).section.label
    records = []
    for position, (mark, printed) in enumerate(marks):
        ref = classify_label(
            printed, table.caption, expected_code=canonical_code(position, len(marks))
        )
        record = provenance(table, index, revision_id, label, printed)
        record |= participation_columns(source, number_, name, path, ref)
        participates = any(m in mark for m in taking_part)
        records.append(record | {"mark_printed": mark, "participates": participates})
    return records


def participation_columns(
    source: str, number_: int, name: str, path: CategoryPath, ref: RowRef
) -> Record:
    """The project and municipality columns of a participation record."""
    return {
        "source": source,
        "project_no": number_,
        "project_name_printed": name,
        "category_code": path.category_code,
        "subcategory_code": path.subcategory_code,
        "field_code": path.field_code,
        "municipality_code": ref.code,
        "municipality_name_printed": ref.printed,
        "name_resolution": ref.resolution,
    }


# --- agreement tables and the project row -----------------------------------------------


def agreement_for(card: ExtractedTable, tables: list[ExtractedTable]) -> ExtractedTable | None:
    """The agreement table printed before `card` in the same section."""
    candidates = [t for t in tables if t.section == card.section and _is_agreement(t)]
    before = [t for t in candidates if tables.index(t) < tables.index(card)]
    return before[-1] if before else (candidates[0] if candidates else None)


def _is_agreement(table: ExtractedTable) -> bool:
    label = label_key(current_profile().document.cards.agreement_label)
    return table.kind == "agreement" or (
        bool(table.rows) and label_key(table.rows[0][0]).startswith(label)
    )


def project_record(
    card: ExtractedTable, agreement: ExtractedTable | None, revision_id: str, number_: int
) -> Record:
    """The dim_project row of one card."""
    rows = labelled_rows(card)
    # The name row's label is the document's (the profile's card name_label pattern).
    name_label = current_profile().document.cards.name_label
    printed_name = next((v for k, (_, v) in rows.items() if patterns.search(name_label, k)), "")
    _, name = split_project_name(printed_name)
    agreed = labelled_rows(agreement) if agreement else {}

    def text(source: dict[str, tuple[int, str]], word: str) -> str | None:
        hit = _find_label(source, word)
        return hit[1] if hit and hit[1].strip() else None

    note = next(
        (c.strip() for r in card.rows for c in r if c.strip().startswith("※") and "金額" in c), None
    )
    return {
        "revision_id": revision_id,
        "table_id": card.id,
        "caption": card.caption,
        "page": card.pages[0],
        "project_no": number_,
        "project_name": name,
        "project_name_printed": printed_name,
        **asdict(section_path(card.section)),
        "agreement_table_id": agreement.id if agreement else None,
        "agreement_content": text(agreed, "取組内容"),
        "role_core_city": text(agreed, f"{current_profile().region.core_city.name}の役割"),
        "role_partners": text(agreed, "連携市町の役割"),
        "description": text(rows, "事業内容"),
        "expected_effect": text(rows, "期待される効果"),
        "subsidies_text": (subsidies := text(rows, "補助制度")),
        "subsidies": split_list(subsidies or "", split_spaces=True),
        "role_sharing_text": (role := text(rows, "役割分担")),
        "role_sharing": bullets(role or ""),
        "cost_sharing_text": (cost := text(rows, "費用負担")),
        "cost_sharing": bullets(cost or ""),
        "budget_note": note,
    }


def card_records(tables: list[ExtractedTable], revision_id: str) -> tuple[list[Record], ...]:
    """(project, participation, schedule, budget) records of every card."""
    project, participation, schedule, budget = [], [], [], []
    seen: set[int] = set()
    pattern = current_profile().table(CARD_TABLE).caption
    for card in spec_tables(tables, CARD_TABLE):
        # A card is found by its caption pattern (spec_tables), whose first group is 【n】.
        number_ = int(patterns.search(pattern, nfkc_key(card.caption)).group(1))
        if number_ in seen:
            raise FrameError(card.caption, f"project 【{number_}】 printed twice")
        seen.add(number_)
        record = project_record(card, agreement_for(card, tables), revision_id, number_)
        project.append(record)
        path = section_path(card.section)
        participation += card_participation(
            card, revision_id, number_, record["project_name"], path
        )
        schedule += schedule_records(card, revision_id, number_)
        budget += budget_records(card, revision_id, number_)
    return project, participation, schedule, budget
