"""Warehouse-ready frames: every table of the vision as tidy long pandas DataFrames.

Input is the extractor's `list[ExtractedTable]` (the shape of the ground-truth JSON);
output is one DataFrame per fact/dimension table of `warehouse/schema/facts.toml`,
each row carrying its provenance (revision id, table id, caption, page, row and column
label) and the printed text beside every parsed value. Tables are found by caption /
section / kind; a missing table or an unparsable required number raises `FrameError`
naming the caption. The document's own inconsistencies (sums, ratios, KPI tables vs the
list) are left for the checks module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from sources.profile import NOT_IN_DOCUMENT, TableSpec, current_profile
from sources.profile_match import DECLARED_TABLES, EXPLAIN_HINT, declared_table_text
from sources.tables import ExtractedTable
from warehouse.cells import table_cells
from warehouse.normalize.common import (
    LOOKUPS,
    FrameError,
    make_frame,
    spec_tables,
)
from warehouse.normalize.kpi import build_kpi
from warehouse.normalize.list_items import build_list_items
from warehouse.normalize.matrix import build_matrix_participation
from warehouse.normalize.measures import build_measures, number_cells
from warehouse.normalize.population import build_population
from warehouse.normalize.projects import card_records
from warehouse.schema import declared_facts, frame_schema
from warehouse.subjects import CELLS, declared_subjects, subject_frames

__all__ = ["FRAME_SCHEMAS", "FrameError", "build_all_frames"]

# Frame name (= fact table name) → ordered (column, pandas dtype), from the one declaration
# of the facts' columns (warehouse/schema/facts.toml).
FRAME_SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    name: frame_schema(name) for name in declared_facts()
}

# The facts of the template's fixed parts read from the project cards and matrices, in the
# order card_records returns their records.
PROJECT_FACTS = (
    "dim_project",
    "fact_project_participation",
    "fact_project_schedule",
    "fact_project_budget",
)


def _marked(
    frame: pd.DataFrame, looked_up: list[TableSpec | None], tables: list[ExtractedTable]
) -> pd.DataFrame:
    """`frame`, marked NOT_IN_DOCUMENT when it is empty because the profile declares none
    of the tables it is read from (the rules then note it instead of a data error), and
    with the declarations it is read from (DECLARED_TABLES), which a rule finding no rows
    in it names."""
    if frame.empty and not any(looked_up):
        frame.attrs[NOT_IN_DOCUMENT] = True
    frame.attrs[DECLARED_TABLES] = _declared_texts(looked_up, tables)
    return frame


def _declared_texts(looked_up: list[TableSpec | None], tables: list[ExtractedTable]) -> list[str]:
    specs = {spec.key: spec for spec in looked_up if spec is not None}
    return [declared_table_text(current_profile(), spec, tables) for spec in specs.values()]


@contextmanager
def _naming_declarations(tables: list[ExtractedTable]) -> Iterator[list[TableSpec | None]]:
    """Records, while open, the declaration of each table looked up (None when the profile
    declares none): a frame built without reading any declared table is empty because the
    document does not print its tables, not because they lacked rows. A FrameError raised
    while open is raised again naming the table's page and the declarations it was read
    under — the place in the document and the place in the profile to look at."""
    looked_up: list[TableSpec | None] = []
    token = LOOKUPS.set(looked_up)
    try:
        yield looked_up
    except FrameError as exc:
        printed = next((t for t in tables if t.caption == exc.caption), None)
        page = f"p.{printed.pages[0]}; " if printed else ""
        own = [s for s in looked_up if s is not None and s.name == exc.caption]
        named = _declared_texts(own or looked_up, tables)
        where = f"read under {', '.join(named)}" if named else "read under no declaration"
        raise FrameError(exc.caption, f"{exc.detail} ({page}{where}; {EXPLAIN_HINT})") from exc
    finally:
        LOOKUPS.reset(token)


def _read_subject_tables(tables: list[ExtractedTable]) -> None:
    """The tables the profile's subject relations read are found as declared (min_count)
    and print a number or a marker in every cell of their number columns: a FrameError
    naming the table, its page and the declaration otherwise. A subject relation is a view
    over fact_measure, which keeps what it can read; without this a garbled number would be
    missing from it without a word (the builders they replace refused it)."""
    for subject in declared_subjects().values():
        with _naming_declarations(tables):
            for key in subject.reads:
                for table in spec_tables(tables, key):
                    number_cells(table, strict=True)


def build_all_frames(tables: list[ExtractedTable], revision_id: str) -> dict[str, pd.DataFrame]:
    """Every frame of the declared facts, keyed by table name, built from one document's
    tables; the printed cells (`table_cell`, which the subject relations also read); and the
    profile's subject relations.

    Raises FrameError (naming the caption, its page and the profile's declaration) when an
    expected table is missing or a cell that must be a number cannot be parsed.
    """
    frames = {}
    for name, build in (("fact_population", build_population), ("fact_kpi", build_kpi)):
        with _naming_declarations(tables) as looked_up:
            frames[name] = _marked(build(tables, revision_id), looked_up, tables)
    with _naming_declarations(tables) as looked_up:
        project, participation, schedule, budget = card_records(tables, revision_id)
        participation += build_matrix_participation(tables, revision_id)
    cards_only: list[TableSpec | None] = [s for s in looked_up if s and s.shape == "project_card"]
    records = (project, participation, schedule, budget)
    for name, read in zip(PROJECT_FACTS, records, strict=True):
        frames[name] = make_frame(name, read)
        # The budget is read from the cards alone, the others also from the matrices.
        read_from = cards_only if name == "fact_project_budget" else looked_up
        frames[name].attrs[DECLARED_TABLES] = _declared_texts(read_from, tables)
    # Every number of every data table, read by shape whatever the table's subject.
    frames["fact_measure"] = build_measures(tables, revision_id)
    # Every item of every table that prints names, likewise.
    frames["fact_list_item"] = build_list_items(tables, revision_id)
    _read_subject_tables(tables)
    built = {name: frames[name] for name in FRAME_SCHEMAS}
    # What the profile's subject relations hold, as their views will (warehouse.subjects):
    # over the facts and the printed cells, as loaded.
    built[CELLS] = table_cells(tables).assign(revision_id=revision_id)
    return built | subject_frames(built)
