"""Every table the extractor delivers lands in its fact table: the refreshed warehouse
holds, per fact table and subject relation, as many rows as normalizing the ground-truth
tables gives."""

import pytest

from sources.tables import ExtractedTable
from warehouse.normalize import build_all_frames


@pytest.fixture(scope="module")
def ground_truth_counts(ground_truth) -> dict[str, int]:
    tables = [ExtractedTable.from_json(t) for t in ground_truth]
    return {name: len(frame) for name, frame in build_all_frames(tables, "0" * 64).items()}


def test_each_fact_table_has_the_ground_truth_row_count(wh, ground_truth_counts):
    latest = "(SELECT revision_id FROM latest_revision)"
    counts = {
        name: wh.execute(f'SELECT count(*) FROM "{name}" WHERE revision_id = {latest}').fetchone()[
            0
        ]
        for name in ground_truth_counts
    }
    assert counts == ground_truth_counts
    assert all(n > 0 for n in counts.values())


def test_numbers_are_stored_as_numbers_and_years_as_integers(wh):
    types = dict(
        wh.execute(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
        ).fetchall()
    )
    assert types["fact_population.value"] in {"BIGINT", "DOUBLE"}
    assert types["fact_population.year"] == "INTEGER"
    assert types["fact_project_budget.fiscal_year"] == "INTEGER"
    assert types["fact_kpi.value"] == "DOUBLE"
