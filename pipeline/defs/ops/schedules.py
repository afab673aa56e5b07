"""`weekly_refresh`: the fallback when sensors are off or miss something — materialize
every asset once a week (Monday 06:00 Asia/Tokyo, before the city's office hours).

Why a fallback at all: the sensors are STOPPED by default and depend on VISION_PDF_URL and
ESTAT_APP_ID; a weekly full refresh keeps the warehouse from silently ageing when they are
not configured. Assets whose inputs did not change are cheap to rerun (data versions), and
the warehouse swap is atomic, so the schedule is safe to leave on.

`refresh_all` selects every asset. Once the vision assets are partitioned by
`vision_revision`, such a job is partitioned too and a run needs a partition key: the
schedule then targets the newest registered revision (the last one the sensor added). With
no revision registered yet it skips and says how to register one.

Several areas in one deployment (`$VISION_AREAS`): one run per area, each for its own
newest revision (`<area>|<revision>`); an area without a revision yet is left out.

STOPPED by default; start with `dagster schedule start weekly_refresh` (needs the daemon).
"""

from __future__ import annotations

import dagster as dg

from pipeline.partitions import AREAS, newest_revision, partition_key, stored_edition_tags
from sources.areas import Area

REFRESH_CRON = "0 6 * * 1"
REFRESH_TIMEZONE = "Asia/Tokyo"

refresh_all = dg.define_asset_job(
    "refresh_all",
    selection=dg.AssetSelection.all(),
    description="Every asset: the vision (newest revision when partitioned), the official "
    "statistics and the warehouse.",
)


def job_is_partitioned(context: dg.ScheduleEvaluationContext) -> bool:
    """Whether `refresh_all` resolved to a partitioned job in this code location (it is
    once any selected asset is partitioned). Without a repository (a bare test context)
    the intended design — partitioned vision assets — is assumed."""
    repository = context.repository_def
    if repository is None:
        return True
    return repository.get_job(refresh_all.name).partitions_def is not None


@dg.schedule(
    name="weekly_refresh",
    job=refresh_all,
    cron_schedule=REFRESH_CRON,
    execution_timezone=REFRESH_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Fallback: materialize all assets every Monday 06:00 Asia/Tokyo.",
)
def weekly_refresh(
    context: dg.ScheduleEvaluationContext,
) -> dg.RunRequest | list[dg.RunRequest] | dg.SkipReason:
    """One run of refresh_all, for the newest revision when the job is partitioned (one
    per area, each its own newest, in a deployment of several)."""
    tags = {"vision/trigger": "weekly_refresh"}
    if not job_is_partitioned(context):
        return dg.RunRequest(tags=tags)
    if AREAS is not None:
        return area_refreshes(context.instance, AREAS, tags)
    revision = newest_revision(context.instance)
    if revision is None:
        return dg.SkipReason(
            "no vision_revision partition registered yet: start vision_pdf_sensor "
            "(with VISION_PDF_URL set) or add a partition for a local PDF"
        )
    return dg.RunRequest(partition_key=revision, tags=stored_edition_tags(revision) | tags)


def area_refreshes(
    instance: dg.DagsterInstance, areas: tuple[Area, ...], tags: dict[str, str]
) -> list[dg.RunRequest] | dg.SkipReason:
    """A run per area for its newest revision; a skip naming them when none has one."""
    requests = []
    for area in areas:
        revision = newest_revision(instance, area=area)
        if revision is not None:
            requests.append(
                dg.RunRequest(
                    partition_key=partition_key(area, revision),
                    tags=stored_edition_tags(revision) | tags,
                )
            )
    if requests:
        return requests
    return dg.SkipReason(
        f"no revision registered for any area ({', '.join(a.key for a in areas)}) yet: start "
        "the areas' vision_pdf_sensor_<area> or run vision --profile … refresh --pdf"
    )


defs = dg.Definitions(jobs=[refresh_all], schedules=[weekly_refresh])
