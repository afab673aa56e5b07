"""Counts printed in text (`options.layout = "counts_in_text"` of a per_municipality_measures
table): per municipality, `地方銀行本店 2・支店 24、 信用金庫本店 1・支店 9、農協 1` read as
(institution, office kind, count) rows of fact_financial_institution."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from sources.profile import COUNTS_IN_TEXT_LAYOUT, current_profile
from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    FrameError,
    classify_label,
    column_labels,
    make_frame,
    municipality_columns,
    provenance,
    spec_table,
    squash_cjk_spaces,
    value_columns,
)
from warehouse.printed_values import parse_number

MEASURES_SHAPE = "per_municipality_measures"


@dataclass(frozen=True)
class OfficeCount:
    """One parsed count of the financial-institution text: (地方銀行, 支店, 24)."""

    institution_type: str
    office_kind: str | None
    count_text: str
    entry_text: str


_TOKEN = re.compile(r"(?P<name>[^\d、,，・\s]+?)\s*(?P<count>[0-9０-９][0-9０-９,]*)")
_SEPARATORS = re.compile(r"[、,，・\s]+")
_OFFICE_KINDS = ("本店", "支店", "出張所")


def parse_financial_text(text: str) -> list[OfficeCount]:
    """Parse `地方銀行本店 2・支店 24、 信用金庫本店 1・支店 9、農協 1 郵便局 4`.

    Each `name count` pair is one count; a bare `支店 24` after `・` continues the institution
    before it. Separators (`、`, `・`, spaces) are not required between entries, so a missing
    `、` (`農協 1 郵便局 4`) still parses. Anything left over raises ValueError.
    """
    counts: list[OfficeCount] = []
    institution: str | None = None
    position = 0
    for match in _TOKEN.finditer(text):
        gap = text[position : match.start()]
        if _SEPARATORS.sub("", gap):
            raise ValueError(f"unparsed text {gap!r} in {text!r}")
        position = match.end()
        name = squash_cjk_spaces(match.group("name"))
        office = next((k for k in _OFFICE_KINDS if name.endswith(k)), None)
        base = name[: -len(office)] if office else name
        if base:
            institution = base
        elif institution is None:
            raise ValueError(f"{name!r} without an institution in {text!r}")
        counts.append(OfficeCount(institution, office, match.group("count"), match.group(0)))
    if _SEPARATORS.sub("", text[position:]):
        raise ValueError(f"unparsed text {text[position:]!r} in {text!r}")
    return counts


def build_financial_institution(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_financial_institution: office counts per municipality × institution × office kind."""
    specs = current_profile().tables_laid_out(MEASURES_SHAPE, COUNTS_IN_TEXT_LAYOUT)
    table = spec_table(tables, specs[0].key) if specs else None
    if table is None:
        return make_frame("fact_financial_institution", [])
    labels = column_labels(table)
    records = []
    for index, row in enumerate(table.body, start=table.header_rows):
        ref = classify_label(row[0], table.caption)
        try:
            counts = parse_financial_text(row[1])
        except ValueError as exc:
            raise FrameError(table.caption, str(exc)) from exc
        for count in counts:
            parsed = parse_number(count.count_text)
            record = provenance(table, index, revision_id, row[0].strip(), labels[1])
            record |= municipality_columns(ref)
            record |= {
                "institution_type": count.institution_type,
                "office_kind": count.office_kind,
                "entry_text": count.entry_text,
            }
            record |= value_columns(parsed, "店")
            records.append(record)
    return make_frame("fact_financial_institution", records)
