"""`vision_pdf_sensor`: notice a new edition of the vision PDF and run its assets once.

Why a sensor and not a schedule: the city publishes on its own calendar (a revision each
February so far); a cheap conditional GET every few hours finds it within the day, and the
content-derived run key (`vision-<sha256>`) guarantees that one publication is processed
once, however many ticks, restarts or lost cursors see it.

The sensor is STOPPED by default so `dagster dev` never reaches the network unasked;
start it in the UI or with `dagster sensor start vision_pdf_sensor`. It needs
`VISION_PDF_URL` (the PDF file's URL; the city's page is `official_url` in the manifest).

Failure policy: a network problem, an HTML error page or a full disk is logged and the tick
is skipped with the reason; the cursor is kept, so the next tick simply tries again. The
sensor never raises.

Several areas in one deployment (`$VISION_AREAS`): one sensor per area,
`vision_pdf_sensor_<area>`, watching the `pdf_url` the areas file gives it, with a cursor
of its own; a new revision is recorded as an edition of that area and runs its
`<area>|<revision>` partition (run key `vision-<area>-<sha256>`).
"""

from __future__ import annotations

import json

import dagster as dg
import requests

from pipeline.defs.statistics.assets import LOADED_DATASETS
from pipeline.partitions import AREAS, VISION_REVISIONS, file_edition_tags, partition_key
from sources.areas import Area, areas_file
from sources.revision_store import RevisionStore, StoredRevision
from sources.vision_download import (
    PDF_URL_ENV,
    DownloadError,
    NewRevision,
    NotModified,
    Unchanged,
    Validators,
    check_revision,
    configured_pdf_url,
)

#: Assets rebuilt for a new revision: the PDF, its tables, text, facts and findings, and the
#: warehouse.
# Every asset is partitioned by revision: a new revision needs its own statistics partition
# too, since the warehouse load and the cross-source checks read them.
VISION_REVISION_ASSETS = [
    dg.AssetKey(["vision", "pdf"]),
    dg.AssetKey(["vision", "tables"]),
    dg.AssetKey(["vision", "facts"]),
    dg.AssetKey(["vision", "text"]),
    dg.AssetKey(["vision", "findings"]),
    *(dg.AssetKey(["statistics", dataset]) for dataset in LOADED_DATASETS),
    dg.AssetKey(["warehouse", "vision"]),
]
CHECK_INTERVAL_SECONDS = 6 * 60 * 60


def new_session() -> requests.Session:
    """HTTP session for one tick (a seam: tests replace it with a recorded transport)."""
    return requests.Session()


def read_cursor(cursor: str | None, log: dg.DagsterLogManager | None = None) -> Validators:
    """Cursor JSON → Validators; an unreadable cursor counts as empty (worst case one
    extra download, whose run key is still deduplicated) instead of failing every tick."""
    if not cursor:
        return Validators()
    try:
        data = json.loads(cursor)
        if not isinstance(data, dict):
            raise ValueError("cursor is not a JSON object")
        return Validators.from_dict(data)
    except (ValueError, TypeError) as exc:
        if log is not None:
            log.warning(f"ignoring unreadable cursor {cursor!r}: {exc}")
        return Validators()


def write_cursor(validators: Validators) -> str:
    return json.dumps(validators.to_dict(), sort_keys=True)


def run_key(sha256: str, area: Area | None = None) -> str:
    """Run key of a revision (of an area): derived from the content only, so it never
    repeats."""
    return f"vision-{sha256}" if area is None else f"vision-{area.key}-{sha256}"


def revision_run_request(
    revision: StoredRevision, outcome: NewRevision, area: Area | None = None
) -> dg.RunRequest:
    """One run for the new revision's partition (of `area`), limited to the vision
    assets."""
    tags = file_edition_tags(revision.path) | {
        "vision/sha256": revision.sha256,
        "vision/source_url": outcome.url[:255],
    }
    if outcome.etag:
        tags["vision/etag"] = outcome.etag[:255]
    if outcome.last_modified:
        tags["vision/last_modified"] = outcome.last_modified
    return dg.RunRequest(
        run_key=run_key(revision.sha256, area),
        partition_key=partition_key(area, revision.key),
        asset_selection=VISION_REVISION_ASSETS,
        tags=tags,
    )


def evaluate_vision_pdf(
    context: dg.SensorEvaluationContext,
    url: str | None,
    session: requests.Session,
    store: RevisionStore,
    area: Area | None = None,
) -> dg.SensorResult | dg.SkipReason:
    """The sensor's logic, with its inputs explicit: check `url` (where `area` publishes,
    when the deployment has several), store and request."""
    if not url and area is not None:
        return dg.SkipReason(
            f"area {area.key}: no pdf_url in {areas_file()} (the URL of the area's PDF file)"
        )
    if not url:
        return dg.SkipReason(
            f"no vision PDF URL configured: set {PDF_URL_ENV} to the PDF file's URL "
            "(listed on the city's page, see official_url in sources/manifest.json)"
        )
    previous = read_cursor(context.cursor, context.log)
    try:
        outcome = check_revision(url, previous, session=session)
    except DownloadError as exc:
        context.log.warning(f"vision PDF check failed, will retry next tick: {exc}")
        return dg.SkipReason(f"vision PDF check failed (cursor kept, retry next tick): {exc}")
    if isinstance(outcome, NotModified):
        return dg.SkipReason(f"{url}: not modified (HTTP 304)")
    if isinstance(outcome, Unchanged):
        return _unchanged(outcome)
    return _new_revision(context, outcome, store, previous, area)


def _unchanged(outcome: Unchanged) -> dg.SensorResult:
    """Same bytes: no run, but remember the server's current validators so the next tick
    can get a 304 again."""
    cursor = Validators(outcome.url, outcome.etag, outcome.last_modified, outcome.sha256)
    return dg.SensorResult(
        skip_reason=f"{outcome.url}: downloaded, same content as revision "
        f"{outcome.sha256[:12]} (sha256 unchanged)",
        cursor=write_cursor(cursor),
    )


def _new_revision(
    context: dg.SensorEvaluationContext,
    outcome: NewRevision,
    store: RevisionStore,
    previous: Validators,
    area: Area | None = None,
) -> dg.SensorResult | dg.SkipReason:
    """Store the bytes first (the run reads them by partition key), as an edition of
    `area` when given, then request the run, add the partition and advance the cursor in
    one result."""
    try:
        revision = store.add(outcome.content)
        if area is not None:
            store.pair(revision.key, area.key)
    except OSError as exc:
        context.log.error(f"could not store revision {outcome.sha256[:12]} in {store}: {exc}")
        return dg.SkipReason(f"new revision {outcome.sha256[:12]} not stored ({exc}); retry")
    context.log.info(
        f"new vision revision {revision.key} (sha256 {revision.sha256}, previous "
        f"{(previous.sha256 or 'none')[:12]}) stored at {revision.path}"
    )
    partitions = []
    if not _partition_exists(context, revision.key):
        partitions.append(VISION_REVISIONS.build_add_request([revision.key]))
    cursor = Validators(outcome.url, outcome.etag, outcome.last_modified, revision.sha256)
    return dg.SensorResult(
        run_requests=[revision_run_request(revision, outcome, area)],
        dynamic_partitions_requests=partitions,
        cursor=write_cursor(cursor),
    )


def _partition_exists(context: dg.SensorEvaluationContext, key: str) -> bool:
    """Whether the revision is already a partition (a lost cursor re-detects it)."""
    assert VISION_REVISIONS.name is not None
    try:
        return context.instance.has_dynamic_partition(VISION_REVISIONS.name, key)
    except dg.DagsterInvariantViolationError:  # no instance in a bare test context
        return False


def vision_pdf_sensor_of(area: Area | None) -> dg.SensorDefinition:
    """The PDF sensor of `area` (its `pdf_url`), or of the one area (VISION_PDF_URL)."""
    name = "vision_pdf_sensor" if area is None else f"vision_pdf_sensor_{area.key}"
    where = "VISION_PDF_URL" if area is None else f"the pdf_url of area {area.key}"

    @dg.sensor(
        name=name,
        description=f"Conditional GET of {where}; a new sha256 adds a vision_revision "
        "partition and runs the vision and warehouse assets for it.",
        minimum_interval_seconds=CHECK_INTERVAL_SECONDS,
        default_status=dg.DefaultSensorStatus.STOPPED,
        asset_selection=VISION_REVISION_ASSETS,
    )
    def _sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        """Check the configured PDF URL once; see the module docstring for the policy."""
        url = configured_pdf_url() if area is None else area.pdf_url
        with new_session() as session:
            return evaluate_vision_pdf(context, url, session, RevisionStore(), area)

    return _sensor


vision_pdf_sensor = vision_pdf_sensor_of(None)

defs = dg.Definitions(
    sensors=[vision_pdf_sensor] if AREAS is None else [vision_pdf_sensor_of(a) for a in AREAS]
)
