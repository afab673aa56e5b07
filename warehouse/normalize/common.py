"""Shared helpers for the normalizers: finding tables, labels, row kinds, provenance, frames.

Every builder finds its tables by caption / section / kind (never by id or page, which
change with the rendering), flattens multi-level headers into `a/b` labels, classifies row
labels into municipality / total / other, and emits records that carry their provenance.
`make_frame` turns the records into a DataFrame with the exact columns and dtypes that
`warehouse/schema/facts.toml` declares, so the loader never has to guess a type.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import groupby, zip_longest
from typing import Any

import pandas as pd

from sources import profile_patterns as patterns
from sources.japanese_text import nfkc_key
from sources.municipalities import Resolution, resolve_municipality
from sources.profile import MUNICIPALITY_KINDS, TableSpec, current_profile
from sources.tables import ExtractedTable
from warehouse.printed_values import PrintedNumber, marker_of, parse_number
from warehouse.schema import frame_schema

Record = dict[str, Any]


class FrameError(ValueError):
    """A table the warehouse needs is missing, or a cell that must be a number is not.

    Always names the caption, so the message points at the place in the document.
    """

    def __init__(self, caption: str, detail: str) -> None:
        super().__init__(f"{caption}: {detail}")
        self.caption = caption
        self.detail = detail


# --- tables the profile declares ----------------------------------------------------------


def is_table_of(spec: TableSpec, table: ExtractedTable) -> bool:
    """Whether `table` is one the profile's `spec` declares: its kind, and its caption and
    section path matching the spec's patterns (searched in their NFKC keys, as the extractor
    checks them)."""
    return (
        table.kind == spec.kind
        and patterns.search(spec.section_pattern, nfkc_key(table.section)) is not None
        and patterns.search(spec.caption, nfkc_key(table.caption)) is not None
    )


def declaration_of(table: ExtractedTable) -> TableSpec | None:
    """The profile's declaration `table` matches, None when it matches none."""
    return next((spec for spec in current_profile().tables if is_table_of(spec, table)), None)


# The declaration of each table a builder asked for, None when undeclared, while a frame is
# built (warehouse.normalize's `_naming_declarations`).
LOOKUPS: ContextVar[list[TableSpec | None] | None] = ContextVar("declared_lookups", default=None)


def spec_tables(
    tables: Iterable[ExtractedTable],
    key: str,
    *,
    where: Callable[[ExtractedTable], bool] | None = None,
) -> list[ExtractedTable]:
    """The tables the run's profile declares under `key` (and `where` accepts), in document
    order; FrameError naming the table as printed when fewer than its min_count are found.
    Empty when the profile declares no such table (this document family has none): the
    fact it feeds stays empty. The declaration, or None, is recorded in LOOKUPS."""
    spec = next((spec for spec in current_profile().tables if spec.key == key), None)
    if (log := LOOKUPS.get()) is not None:
        log.append(spec)
    if spec is None:
        return []
    found = [t for t in tables if is_table_of(spec, t) and (where is None or where(t))]
    if len(found) < spec.min_count:
        raise FrameError(
            spec.name, f"expected table not found (need {spec.min_count}, found {len(found)})"
        )
    return found


def shape_tables(
    tables: Sequence[ExtractedTable],
    shape: str,
    *,
    where: Callable[[ExtractedTable], bool] | None = None,
) -> list[tuple[TableSpec, ExtractedTable]]:
    """(spec, table) for the tables of every spec of `shape` in the run's profile, in
    document order (each spec's min_count checked as in spec_tables)."""
    found = {
        id(t): spec
        for spec in current_profile().tables_of_shape(shape)
        for t in spec_tables(tables, spec.key, where=where)
    }
    return [(found[id(t)], t) for t in tables if id(t) in found]


# --- text and labels --------------------------------------------------------------------


_SPACE_RUN = re.compile(r"\s+")
# Whitespace between two characters of Japanese text (from U+2E80 on, not ASCII): a line break.
_WIDE_GAP = re.compile(r"(?<=[^\x00-\u2e7f])\s+(?=[^\x00-\u2e7f])")


def squash_cjk_spaces(text: str) -> str:
    """Drop whitespace between two Japanese characters and collapse other runs to one space.

    Multi-line cells come out as `子育て支援 センター`; the reader sees one word. Spaces next
    to ASCII (`JR 新幹線`, `P R`) are left alone because they may be real.
    """
    return _SPACE_RUN.sub(" ", _WIDE_GAP.sub("", text.replace("\u3000", " ").strip()))


def label_key(text: str) -> str:
    """A comparison key for labels: NFKC, no whitespace, no `・`."""
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("・", "")


def column_labels(table: ExtractedTable) -> list[str]:
    """One label per column: the distinct header texts top-down joined by `/`.

    A merged header repeats its text in every covered position, so `入院` over `患者数`
    becomes `入院/患者数`, and a header cell spanning both rows (`医師数`) stays `医師数`.
    """
    columns = zip_longest(*table.header, fillvalue="")
    return ["/".join(distinct_runs(map(squash_cjk_spaces, texts))) for texts in columns]


def distinct_runs(texts: Iterable[str]) -> list[str]:
    """The texts that print something, a text repeated by a merge (or across an empty
    cell) kept once."""
    return [text for text, _ in groupby(t for t in texts if t.strip())]


_BRACKETS = {"(": ")", "（": "）", "「": "」", "『": "』", "【": "】", "〔": "〕", "[": "]"}


def split_list(text: str, *, split_spaces: bool = False) -> list[str]:
    """Split a printed list on `、` / `，` / newlines that are outside brackets.

    `大森山公園(市民体育館、テニスコート)` stays one item. With `split_spaces`, a space
    between two Japanese characters (a line break between items, as in a subsidy list) also
    separates items.
    """
    items: list[str] = []
    closers: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _BRACKETS:
            closers.append(_BRACKETS[ch])
        elif closers and ch == closers[-1]:
            closers.pop()
        elif not closers and (
            ch in "、，\n" or (split_spaces and ch.isspace() and _space_sep(text, i))
        ):
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return [squash_cjk_spaces(item) for item in items if item.strip()]


def _space_sep(text: str, i: int) -> bool:
    """A space separates list items unless it touches ASCII letters/digits (`P R`, `JR 線`)."""
    return all(
        ch and not ch.isspace() and not (ch.isascii() and ch.isalnum())
        for ch in (text[i - 1 : i], text[i + 1 : i + 2])
    )


def printed_items(text: str, *, split_spaces: bool = False) -> list[tuple[str | None, str | None]]:
    """(name, marker) of each item a list cell prints: its names (`split_list`), or its
    marker (`-`) as one item with no name, or nothing for an empty cell."""
    marker = marker_of(text)
    if marker is not None:
        return [] if marker == "" else [(None, marker)]
    return [(name, None) for name in split_list(text, split_spaces=split_spaces)]


def bullets(text: str) -> list[str]:
    """A bullet list cell (役割分担 / 費用負担): one item per printed line, `・` dropped."""
    lines = [squash_cjk_spaces(line).lstrip("・･").strip() for line in text.split("\n")]
    return [line for line in lines if line]


# --- municipalities and row kinds -------------------------------------------------------

TOTAL_LABELS = frozenset({"合計", "計", "総計", "圏域計", "県計", "全県"})
OTHER_LABELS = frozenset({"その他", "圏域外", "その他県内", "県外"})
_QUALIFIER = re.compile(r"^(?P<name>.+?)\s*[（(](?P<qual>[^()（）]+)[）)]$")


@dataclass(frozen=True)
class RowRef:
    """What a row label refers to: a municipality (with how its name resolved), or a total/other."""

    row_kind: str  # municipality | total | other
    code: str | None
    printed: str
    resolution: str | None


def classify_label(label: str, caption: str, *, expected_code: str | None = None) -> RowRef:
    """Classify a printed row label; FrameError when it names none of the region's
    municipalities nor a total.

    `expected_code` (the municipality at this position in the canonical order) corrects a
    misprint that the fuzzy resolver would send to the wrong town (a city's name printed
    with 町 may be closer to another town's name): a misprint is only trusted when it agrees
    with the position.
    """
    printed = label.strip()
    key = label_key(printed)
    for row_kind, labels in (("total", TOTAL_LABELS), ("other", OTHER_LABELS)):
        if key in labels:
            return RowRef(row_kind, None, printed, None)
    resolved = resolve_municipality(printed)
    if resolved is None:
        # A name with a qualifier after it (〇〇市（県立）): the name resolves, printed keeps both.
        match = _QUALIFIER.match(unicodedata.normalize("NFKC", printed))
        if match:
            resolved = resolve_municipality(match.group("name"))
    if resolved is not None and (
        expected_code is None
        or resolved.resolution != Resolution.MISPRINT
        or resolved.code == expected_code
    ):
        return RowRef("municipality", resolved.code, printed, str(resolved.resolution))
    if expected_code is not None and key and key[-1] in MUNICIPALITY_KINDS:
        return RowRef("municipality", expected_code, printed, str(Resolution.MISPRINT))
    raise FrameError(caption, f"row label {printed!r} is not a municipality, total or other")


def try_classify_label(label: str, caption: str, expected_code: str | None = None) -> RowRef | None:
    """`classify_label`, None for a label that names no member, total or other (a shape
    reader asks of every label; a builder wants the FrameError)."""
    try:
        return classify_label(label, caption, expected_code=expected_code)
    except FrameError:
        return None


def named_member(text: str, caption: str) -> RowRef | None:
    """The member `text` names as printed (its official name or a known variant); None for
    anything else, a guessed misprint included. For a cell that is no row label (a 所在地,
    a block's 【title】): a text such as `<city>・各市町` there is no place."""
    ref = try_classify_label(text, caption)
    if ref is None or ref.row_kind != "municipality" or ref.resolution == Resolution.MISPRINT:
        return None
    return ref


def canonical_code(position: int, count: int) -> str | None:
    """The municipality expected at `position` when a list prints all of the region's
    municipalities in canonical order."""
    municipalities = current_profile().region.municipalities
    if count == len(municipalities) and 0 <= position < count:
        return municipalities[position].code
    return None


def municipality_columns(ref: RowRef | None) -> Record:
    """The municipality columns of a fact row; all NULL for a row that names no area."""
    if ref is None:
        return dict.fromkeys(municipality_columns(RowRef("", None, "", None)))
    return {
        "municipality_code": ref.code,
        "municipality_name_printed": ref.printed,
        "name_resolution": ref.resolution,
        "row_kind": ref.row_kind,
    }


# --- provenance and values --------------------------------------------------------------


def provenance(
    table: ExtractedTable,
    row_index: int,
    revision_id: str,
    row_label: str | None,
    column_label: str | None,
) -> Record:
    """The provenance columns every fact row carries (row_index indexes `table.rows`)."""
    return {
        "revision_id": revision_id,
        "table_id": table.id,
        "caption": table.caption,
        "page": table.page_of_row(row_index),
        "row_label": row_label,
        "column_label": column_label,
    }


def number(table: ExtractedTable, text: str, where: str) -> PrintedNumber:
    """parse_number, turning a garbled cell into a FrameError that names the caption."""
    try:
        return parse_number(text)
    except ValueError as exc:
        raise FrameError(table.caption, f"{where}: {exc}") from exc


# --- frames -----------------------------------------------------------------------------


def make_frame(table: str, records: list[Record]) -> pd.DataFrame:
    """A DataFrame of the fact `table` with exactly its declared columns, in order, with
    nullable dtypes (warehouse/schema/facts.toml).

    A record with a missing or extra key is a programming error, caught here rather than as a
    NULL column in the warehouse.
    """
    schema = frame_schema(table)
    names = [name for name, _ in schema]
    for record in records:
        if set(record) != set(names):
            missing = sorted(set(names) - set(record))
            extra = sorted(set(record) - set(names))
            raise KeyError(f"record columns differ: missing {missing}, extra {extra}")
    frame = pd.DataFrame.from_records(records, columns=names)
    try:
        return frame.astype(dict(schema))
    except (TypeError, ValueError):  # e.g. 1234.5 in an integer column (a 百万円 budget)
        raise _misfit(table, schema, records) from None


def _misfit(table: str, schema: tuple[tuple[str, str], ...], records: list[Record]) -> FrameError:
    """The first value that does not fit its column's type, as a FrameError naming the
    caption, page and printed text of its row (pandas names neither value nor column)."""
    for name, dtype in schema:
        for record in records:
            try:
                pd.Series([record[name]], dtype=object).astype(dtype)
            except (TypeError, ValueError):
                # A number is named as printed (`1,234.5`), other columns by their value.
                printed = (name == "value" and record.get("value_text")) or record[name]
                kind = "a whole number" if dtype == "Int64" else f"of type {dtype}"
                return FrameError(
                    str(record.get("caption") or table),
                    f"p.{record.get('page')}: {printed!r} is not {kind} ({table}.{name})",
                )
    return FrameError(table, "a value does not fit its column's type")
