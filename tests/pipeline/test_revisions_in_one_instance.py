"""Every revision registered in one Dagster instance keeps refreshing: each run's assets
and checks read their own partition, never the other revisions materialized before."""

from pathlib import Path

import duckdb
import pytest

from pipeline.refresh import run_refresh
from sources.manifest import default_vision_pdf
from tests.fixtures.pdf_edit import replace_text

# 2(1)ア on page 8: the 2050 合計 (390,148) and 2020 合計 (531,855), both printed once.
EDITS = {"total_2050": ("390,148", "390,147"), "total_2020": ("531,855", "531,856")}


@pytest.fixture
def dagster_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    return home


def test_three_revisions_in_one_instance_each_refresh_then_the_first_again(dagster_home, tmp_path):
    embedded = default_vision_pdf()
    editions = [embedded]
    for name, (old, new) in EDITS.items():
        edited = tmp_path / f"{name}.pdf"
        edited.write_bytes(replace_text(embedded.read_bytes(), 8, old, new))
        editions.append(edited)
    warehouse = tmp_path / "vision.duckdb"

    for pdf in [*editions, embedded]:
        summary = run_refresh(pdf, warehouse)
        assert summary.success, (pdf.name, summary.errors)
        [total_row] = [c for c in summary.checks if c.name == "population_total_row"]
        # Each run checks its own revision: only the edited ones have a wrong 合計.
        assert total_row.passed == (pdf == embedded), (pdf.name, total_row)

    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM source_document").fetchone()[0] == 3
        per_revision = con.execute(
            "SELECT revision_id, count(*) FROM finding WHERE check_id = 'population_total_row' "
            "GROUP BY 1"
        ).fetchall()
    assert sorted(n for _, n in per_revision) == [1, 1]

    # Each run names its edition beside the partition key (issue 22): the shipped cover's
    # newest line, also for the edited renderings of it (their covers are the same).
    import dagster as dg

    from pipeline.partitions import EDITION_TAG

    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs()
    assert len(runs) == 4
    assert {run.tags.get(EDITION_TAG) for run in runs} == {"令和8年2月20日 改訂"}
    assert {run.tags["dagster/partition"] for run in runs} == {
        r.tags["vision/sha256"][:12] for r in runs
    }
