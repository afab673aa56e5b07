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

from collections.abc import Callable

import pandas as pd

from sources.profile import NOT_IN_DOCUMENT
from sources.tables import ExtractedTable
from warehouse.normalize.commerce import (
    build_employment,
    build_financial_institution,
    build_wholesale_retail,
    retail_list,
)
from warehouse.normalize.common import FrameError, Record, declared_lookups, make_frame
from warehouse.normalize.culture import build_library, culture_lists
from warehouse.normalize.education import build_university, school_list
from warehouse.normalize.facilities import (
    base_hospital_list,
    build_medical_facility,
    build_welfare_facility,
)
from warehouse.normalize.kpi import build_kpi
from warehouse.normalize.matrix import build_matrix_participation
from warehouse.normalize.population import (
    build_commuting,
    build_population,
)
from warehouse.normalize.projects import (
    card_records,
)
from warehouse.normalize.transport import build_rail_ridership, transport_list
from warehouse.normalize.usage import build_usage_by_residence
from warehouse.schema import declared_facts, frame_schema

__all__ = ["FRAME_SCHEMAS", "FrameError", "build_all_frames"]

Builder = Callable[[list[ExtractedTable], str], pd.DataFrame]
ListBuilder = Callable[[list[ExtractedTable], str], list[Record]]

# Frame name (= fact table name) → ordered (column, pandas dtype), from the one declaration
# of the facts' columns (warehouse/schema/facts.toml).
FRAME_SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    name: frame_schema(name) for name in declared_facts()
}

FACT_BUILDERS: dict[str, Builder] = {
    "fact_population": build_population,
    "fact_commuting": build_commuting,
    "fact_medical_facility": build_medical_facility,
    "fact_welfare_facility": build_welfare_facility,
    "fact_usage_by_residence": build_usage_by_residence,
    "fact_university": build_university,
    "fact_library": build_library,
    "fact_employment": build_employment,
    "fact_wholesale_retail": build_wholesale_retail,
    "fact_financial_institution": build_financial_institution,
    "fact_rail_ridership": build_rail_ridership,
    "fact_kpi": build_kpi,
}

# Named-item lists of several sections, gathered into fact_facility_list.
LIST_BUILDERS: tuple[ListBuilder, ...] = (
    base_hospital_list,
    school_list,
    culture_lists,
    retail_list,
    transport_list,
)


def _marked(frame: pd.DataFrame, looked_up: list[bool]) -> pd.DataFrame:
    """`frame`, marked NOT_IN_DOCUMENT when it is empty because the profile declares none
    of the tables it is read from (the rules then note it instead of a data error)."""
    if frame.empty and not any(looked_up):
        frame.attrs[NOT_IN_DOCUMENT] = True
    return frame


def build_all_frames(tables: list[ExtractedTable], revision_id: str) -> dict[str, pd.DataFrame]:
    """Every frame of the declared facts, keyed by table name, built from one document's tables.

    Raises FrameError (naming the caption) when an expected table is missing or a cell that
    must be a number cannot be parsed.
    """
    frames = {}
    for name, build in FACT_BUILDERS.items():
        with declared_lookups() as looked_up:
            frames[name] = _marked(build(tables, revision_id), looked_up)
    items: list[Record] = []
    with declared_lookups() as looked_up:
        for build_list in LIST_BUILDERS:
            items += build_list(tables, revision_id)
    frames["fact_facility_list"] = _marked(make_frame("fact_facility_list", items), looked_up)
    project, participation, schedule, budget = card_records(tables, revision_id)
    participation += build_matrix_participation(tables, revision_id)
    frames["dim_project"] = make_frame("dim_project", project)
    frames["fact_project_participation"] = make_frame("fact_project_participation", participation)
    frames["fact_project_schedule"] = make_frame("fact_project_schedule", schedule)
    frames["fact_project_budget"] = make_frame("fact_project_budget", budget)
    return {name: frames[name] for name in FRAME_SCHEMAS}
