"""`estat_release_sensor`: notice a new release of a tracked e-Stat table and refresh only
that table's asset.

Why two signals: getMetaInfo is cheap and carries `UPDATED_DATE`, but e-Stat moves that date
with catalogue maintenance without touching the numbers (0003433219: 2024-09-30 in one
listing, 2026-09-29 in another, same values). So a changed `UPDATED_DATE` only triggers a
fetch of the values; the run is requested only when `content_hash` of the fetched frame
differs from the last one seen. The run key `estat-<statsDataId>-<hash[:16]>` is derived
from the numbers, so a release is materialized once however often it is seen.

The hash is computed exactly as `sources.govstats.fetch_or_snapshot` computes
`FetchOutcome.content_hash` for the live route (same `spec.live` reader, same area filter),
so it can be compared with the data version the statistics assets record.

Cursor (JSON): `{dataset_id: {"stats_data_id", "updated_date", "content_hash"}}`. A table
whose check fails keeps its entry, so the next tick retries it. Without `ESTAT_APP_ID` the
sensor skips and says so. STOPPED by default: it calls the e-Stat API.

Several areas in one deployment (`$VISION_AREAS`): a release is one for all, but each area
reads its own members' rows of it and keeps it in its own warehouse. So the sensor checks
every tracked table for every area — the values filtered to the area's prefectures, hashed,
and compared with that area's last (cursor entry `<dataset_id>@<area>`) — and a new release
requests one run per area whose numbers changed, for that area's newest revision
(run key `estat-<statsDataId>-<hash[:16]>-<area>`), so every area's warehouse is
re-checked against it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import dagster as dg
import requests

from pipeline.partitions import AREAS, newest_revision, partition_key
from sources.areas import Area, area_scope
from sources.estat.client import APP_ID_ENV, EStatClient
from sources.estat.faults import EStatError, EStatUnavailable
from sources.estat.transport import RetryPolicy
from sources.govstats.datasets import DATASETS, DatasetSpec
from sources.govstats.hashing import content_hash
from sources.govstats.provenance import SnapshotFormatError
from sources.profile import current_profile

CHECK_INTERVAL_SECONDS = 12 * 60 * 60
#: One attempt per tick: the next tick is the retry (a sensor tick must stay short).
SENSOR_RETRY = RetryPolicy(max_attempts=1)
SENSOR_TIMEOUT: tuple[float, float] = (10.0, 30.0)
DATA_VERSION_TAG = "dagster/data_version"


def statistics_asset_key(dataset_id: str) -> dg.AssetKey:
    """`statistics/<dataset_id>`, e.g. statistics/census2020_final."""
    return dg.AssetKey(["statistics", dataset_id])


def tracked_datasets() -> list[DatasetSpec]:
    """Datasets with a live e-Stat table right now (the migration report only when its
    statsDataId is configured)."""
    return [s for s in DATASETS.values() if s.live is not None and s.live_stats_data_id()]


def new_session() -> requests.Session:
    """HTTP session for one tick (a seam: tests replace it with the replay transport)."""
    return requests.Session()


def release_run_key(stats_data_id: str, digest: str, area: Area | None = None) -> str:
    key = f"estat-{stats_data_id}-{digest[:16]}"
    return key if area is None else f"{key}-{area.key}"


@dataclass
class TickReport:
    """What one tick found, table by table, for the cursor, the run requests and the log."""

    cursor: dict[str, dict[str, Any]]
    run_requests: list[dg.RunRequest] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def result(self) -> dg.SensorResult:
        """Runs if any; otherwise a skip that lists what was seen and what failed."""
        cursor = json.dumps(self.cursor, sort_keys=True, ensure_ascii=False)
        if self.run_requests:
            return dg.SensorResult(run_requests=self.run_requests, cursor=cursor)
        reason = "; ".join(self.errors + self.notes) or "no tracked e-Stat table"
        return dg.SensorResult(skip_reason=f"no new release: {reason}", cursor=cursor)


def read_cursor(cursor: str | None, log: dg.DagsterLogManager) -> dict[str, dict[str, Any]]:
    """Cursor JSON → per-dataset state; unreadable → empty (re-fetches, runs deduplicated)."""
    if not cursor:
        return {}
    try:
        data = json.loads(cursor)
    except ValueError as exc:
        log.warning(f"ignoring unreadable cursor: {exc}")
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


WAREHOUSE_ASSET = dg.AssetKey(["warehouse", "vision"])


def materialized_hash(
    instance: dg.DagsterInstance | None, key: dg.AssetKey, partition: str | None = None
) -> str | None:
    """Data version of the asset's latest materialization (of `partition` when given: an
    area's), used as the baseline when the cursor has no entry (first tick): a table
    already loaded is not reloaded."""
    if instance is None:
        return None
    if partition is None:
        event = instance.get_latest_materialization_event(key)
        materialization = event.asset_materialization if event else None
    else:
        records = instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=key, asset_partitions=[partition]), limit=1
        ).records
        materialization = records[0].asset_materialization if records else None
    if materialization is None:
        return None
    return materialization.tags.get(DATA_VERSION_TAG) if materialization.tags else None


def check_dataset(
    context: dg.SensorEvaluationContext,
    client: EStatClient,
    spec: DatasetSpec,
    report: TickReport,
    area: Area | None = None,
) -> None:
    """UPDATED_DATE first; values and hash only when it moved; a run only for new numbers.
    Of `area`'s members, into its warehouse, when the deployment has several."""
    with area_scope(area):
        _check_dataset(context, client, spec, report, area)


def _check_dataset(
    context: dg.SensorEvaluationContext,
    client: EStatClient,
    spec: DatasetSpec,
    report: TickReport,
    area: Area | None,
) -> None:
    stats_data_id = spec.live_stats_data_id()
    assert stats_data_id is not None and spec.live is not None
    entry = spec.id if area is None else f"{spec.id}@{area.key}"
    previous = report.cursor.get(entry, {})
    if previous.get("stats_data_id") != stats_data_id:
        previous = {}  # the configured table changed: the old state says nothing
    meta = client.get_meta_info(stats_data_id)
    updated = meta.table.updated_date
    if previous and previous.get("updated_date") == updated:
        report.notes.append(f"{entry}: UPDATED_DATE {updated} unchanged")
        return
    frame, _ = spec.live(client, spec, current_profile().region.area_prefix)
    digest = content_hash(frame)
    instance = _instance(context)
    revision = newest_revision(instance, area=area) if instance is not None else None
    loaded_in = partition_key(area, revision) if area is not None and revision else None
    known = previous.get("content_hash") or materialized_hash(
        instance, statistics_asset_key(spec.id), loaded_in
    )
    report.cursor[entry] = {
        "stats_data_id": stats_data_id,
        "updated_date": updated,
        "content_hash": digest,
    }
    if digest == known:
        message = f"{entry}: UPDATED_DATE {updated}: metadata touched, numbers unchanged"
        context.log.info(message)
        report.notes.append(message)
        return
    if instance is not None and revision is None:
        # Nothing to load the release beside yet; keep the old cursor so it is seen again.
        if previous:
            report.cursor[entry] = previous
        else:
            report.cursor.pop(entry, None)
        report.notes.append(f"{entry}: new release, but no vision revision loaded yet")
        return
    context.log.info(f"{entry}: new release in {stats_data_id} (UPDATED_DATE {updated})")
    report.run_requests.append(
        _release_request(spec, stats_data_id, digest, updated, len(frame), revision, area)
    )


def _release_request(
    spec: DatasetSpec,
    stats_data_id: str,
    digest: str,
    updated: str | None,
    rows: int,
    revision: str | None,
    area: Area | None = None,
) -> dg.RunRequest:
    """Reload the statistic and rebuild the warehouse for the newest vision revision (of
    `area`), so the new release lands beside the old ones and the cross-source checks
    re-run."""
    return dg.RunRequest(
        run_key=release_run_key(stats_data_id, digest, area),
        partition_key=partition_key(area, revision) if revision else None,
        asset_selection=[statistics_asset_key(spec.id), WAREHOUSE_ASSET],
        tags={
            "estat/stats_data_id": stats_data_id,
            "estat/updated_date": updated or "",
            "estat/content_hash": digest,
            "estat/rows": str(rows),
        },
    )


def _instance(context: dg.SensorEvaluationContext) -> dg.DagsterInstance | None:
    try:
        return context.instance
    except dg.DagsterInvariantViolationError:  # bare test context without an instance
        return None


def evaluate_estat_releases(
    context: dg.SensorEvaluationContext,
    client: EStatClient,
    areas: tuple[Area, ...] | None = AREAS,
) -> dg.SensorResult:
    """Check every tracked table (for every area of the deployment); a failing table is
    logged and kept for the next tick."""
    report = TickReport(cursor=read_cursor(context.cursor, context.log))
    for area in areas or (None,):
        for spec in tracked_datasets():
            where = spec.id if area is None else f"{spec.id}@{area.key}"
            try:
                check_dataset(context, client, spec, report, area)
            except (EStatError, SnapshotFormatError) as exc:
                context.log.warning(f"{where}: e-Stat check failed, will retry next tick: {exc}")
                report.errors.append(f"{where}: {exc}")
    return report.result()


@dg.sensor(
    name="estat_release_sensor",
    description="getMetaInfo UPDATED_DATE per tracked e-Stat table, confirmed by a content "
    "hash of the values; a new release runs statistics/<dataset_id>.",
    minimum_interval_seconds=CHECK_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    asset_selection=dg.AssetSelection.key_prefixes(["statistics"])
    | dg.AssetSelection.assets(WAREHOUSE_ASSET),
)
def estat_release_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    """Build a one-attempt client from ESTAT_APP_ID and check the tracked tables."""
    with new_session() as session:
        try:
            client = EStatClient.from_env(
                session=session, retry=SENSOR_RETRY, timeout=SENSOR_TIMEOUT
            )
        except EStatUnavailable:
            return dg.SkipReason(
                f"{APP_ID_ENV} is not set: the e-Stat API cannot be checked "
                "(register at https://www.e-stat.go.jp/api/ and export the application id)"
            )
        return evaluate_estat_releases(context, client)


defs = dg.Definitions(sensors=[estat_release_sensor])
