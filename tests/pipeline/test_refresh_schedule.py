"""weekly_refresh: Monday 06:00 Asia/Tokyo, STOPPED by default, and a partition key for the
newest revision once the vision assets are partitioned."""

from __future__ import annotations

import dagster as dg

from pipeline.defs.ops.schedules import refresh_all, weekly_refresh
from pipeline.partitions import VISION_REVISIONS


def evaluate(defs: dg.Definitions, instance: dg.DagsterInstance) -> dg.RunRequest | dg.SkipReason:
    with dg.build_schedule_context(
        instance=instance, repository_def=defs.get_repository_def()
    ) as context:
        result = weekly_refresh(context)
    assert isinstance(result, dg.RunRequest | dg.SkipReason)
    return result


def definitions(partitioned: bool) -> dg.Definitions:
    """Stand-in materializable assets: a vision asset (optionally partitioned by
    vision_revision, as planned) and an unpartitioned statistics asset."""
    partitions = VISION_REVISIONS if partitioned else None

    @dg.asset(key=["vision", "pdf"], partitions_def=partitions)
    def vision_pdf() -> None: ...

    @dg.asset(key=["statistics", "census2020_final"])
    def census() -> None: ...

    return dg.Definitions(
        assets=[vision_pdf, census], jobs=[refresh_all], schedules=[weekly_refresh]
    )


def test_schedule_is_a_stopped_weekly_tokyo_fallback() -> None:
    assert weekly_refresh.cron_schedule == "0 6 * * 1"
    assert weekly_refresh.execution_timezone == "Asia/Tokyo"
    assert weekly_refresh.default_status == dg.DefaultScheduleStatus.STOPPED
    assert weekly_refresh.job_name == "refresh_all"


def test_unpartitioned_assets_get_a_plain_run() -> None:
    result = evaluate(definitions(partitioned=False), dg.DagsterInstance.ephemeral())
    assert isinstance(result, dg.RunRequest) and result.partition_key is None


def test_partitioned_vision_runs_the_newest_revision() -> None:
    # A schedule context reaches the instance through its ref: use a test instance.
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("vision_revision", ["aaaaaaaaaaaa", "c861fc555b2e"])
        result = evaluate(definitions(partitioned=True), instance)
    assert isinstance(result, dg.RunRequest) and result.partition_key == "c861fc555b2e"


def test_partitioned_vision_without_revisions_skips_and_says_why() -> None:
    with dg.instance_for_test() as instance:
        result = evaluate(definitions(partitioned=True), instance)
    assert isinstance(result, dg.SkipReason)
    assert "vision_pdf_sensor" in (result.skip_message or "")
