"""The normalizers read a second area's document from its profile alone
(tests/profiles/hachinohe_2nd, tables made by tests/fixtures/second_area.py from the ground
truth): its section-2 tables under other captions and section titles become the same facts,
keyed by its own municipalities' codes; the facts of tables it does not declare are empty.

Expected values come from the shipped document: the second area's members are the shipped
document's first five renamed, so each of their facts equals the shipped member's."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from sources.profile import PROFILE_ENV, load_profile
from sources.tables import ExtractedTable
from tests.fixtures.second_area import PROFILE_DIR, RENAMED_MEMBERS, second_area_tables
from warehouse.normalize import build_all_frames

from .conftest import SHA

# Facts of the section-2 tables the second profile declares, and the columns that identify
# a row besides the municipality.
DECLARED = {
    "fact_population": ["year", "measure"],
    "fact_commuting": ["measure_code"],
    "fact_medical_facility": ["item", "measure"],
    "fact_library": ["operator", "measure"],
    "fact_employment": ["sector", "measure"],
}


@pytest.fixture(scope="module")
def second_profile():
    return load_profile(str(PROFILE_DIR))


@pytest.fixture(scope="module")
def second_frames(gt_json: list[dict[str, Any]]) -> dict[str, Any]:
    tables = [ExtractedTable.from_json(t) for t in second_area_tables(gt_json)]
    with pytest.MonkeyPatch.context() as env:
        env.setenv(PROFILE_ENV, str(PROFILE_DIR))
        return build_all_frames(tables, SHA)


def _by_member(frame: pd.DataFrame, keys: list[str], codes: dict[str, str]) -> dict:
    rows = frame[frame.municipality_code.isin(list(codes))]
    return {
        (codes[r.municipality_code], *(getattr(r, k) for k in keys)): r.value_text
        for r in rows.itertuples()
    }


@pytest.mark.parametrize("fact", sorted(DECLARED))
def test_a_declared_table_gives_the_same_facts_keyed_by_the_areas_codes(
    fact: str, second_frames, frames, second_profile
) -> None:
    shipped = load_profile()
    shipped_codes = {
        m.code: RENAMED_MEMBERS[m.name]
        for m in shipped.region.municipalities
        if m.name in RENAMED_MEMBERS
    }
    second_codes = {m.code: m.name for m in second_profile.region.municipalities}
    got, shipped_frame = second_frames[fact], frames[fact]
    if fact == "fact_population":  # the second document prints only the first population table
        shipped_frame = shipped_frame[shipped_frame.printed_in == shipped.table("population").label]
    assert set(got.municipality_code.dropna()) <= set(second_codes)
    expected = _by_member(shipped_frame, DECLARED[fact], shipped_codes)
    assert expected, fact
    assert _by_member(got, DECLARED[fact], second_codes) == expected


def test_the_tables_it_does_not_declare_give_empty_facts(second_frames) -> None:
    for fact in (
        "fact_welfare_facility",
        "fact_usage_by_residence",
        "fact_university",
        "fact_wholesale_retail",
        "fact_financial_institution",
        "fact_facility_list",
        "fact_rail_ridership",
    ):
        assert second_frames[fact].empty, fact


def test_kpis_are_cited_by_the_second_documents_section_labels(
    second_frames, frames, second_profile
) -> None:
    kpi = second_frames["fact_kpi"]
    labels = {second_profile.section("kpi").label, second_profile.section("matrix").label}
    assert set(kpi.printed_in) == labels
    assert len(kpi) == len(frames["fact_kpi"])
    population = second_frames["fact_population"]
    assert set(population.printed_in) == {second_profile.table("population").label}


def test_its_kpi_quotient_is_found_by_the_words_its_profile_declares(
    second_frames, second_profile
) -> None:
    """The second document prints 一人当たり生産額 where the shipped one prints 一人当生産額:
    its profile's words find the three KPIs, baseline and target, in both sections."""
    from expectations.registry import rules

    [rule] = [r for r in rules(second_profile) if r.check_id == "kpi_production_per_worker"]
    outcome = rule.run({"fact_kpi": second_frames["fact_kpi"]})
    assert (outcome.compared, outcome.data_errors, outcome.notes) == (4, [], [])
    assert "一人当たり生産額" in rule.description
