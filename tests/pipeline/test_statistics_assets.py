"""The statistics assets: snapshots offline (and say so), but a run started for a new
e-Stat release must not quietly load the old snapshot."""

import dagster as dg
import pytest

from pipeline.defs.statistics.assets import RELEASE_TAG, statistic_assets
from pipeline.partitions import VISION_REVISIONS

REVISION = "c861fc555b2e"


@pytest.fixture
def instance(monkeypatch):
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(VISION_REVISIONS.name, [REVISION])
    return instance


def census_final() -> dg.AssetsDefinition:
    [asset] = [a for a in statistic_assets if a.key.path[-1] == "census2020_final"]
    return asset


def test_offline_the_snapshot_is_loaded_and_the_metadata_says_why(instance):
    result = dg.materialize([census_final()], instance=instance, partition_key=REVISION)
    assert result.success
    [materialization] = result.asset_materializations_for_node(census_final().op.name)
    assert materialization.metadata["fetched"].value == "snapshot (reason: no ESTAT_APP_ID)"


def test_a_release_run_without_a_live_fetch_fails_instead_of_loading_the_snapshot(instance):
    result = dg.materialize(
        [census_final()],
        instance=instance,
        partition_key=REVISION,
        tags={RELEASE_TAG: "0003445078"},
        raise_on_error=False,
    )
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert "live fetch failed" in failure.step_failure_data.error.message
