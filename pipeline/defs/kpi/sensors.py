"""`kpi_actuals_sensor`: a run of `kpi/actuals` when a workbook in the actuals folder is
added or changed, and none otherwise.

The cursor maps file name → sha256 of the bytes (a saved-again file with the same content is
not a change; a touched mtime alone never starts a run). The run key is derived from the
folder's contents, so the same state is imported once however many ticks see it. Removing
a workbook starts no run: its imported values stay (history), as with the command.

Several areas in one deployment (`$VISION_AREAS`): one sensor per area,
`kpi_actuals_sensor_<area>`, watching the area's actuals folder (`actuals` in the areas
file, else `actuals/<area>`) and importing into its warehouse, for its newest revision.
"""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from pipeline.defs.kpi.assets import actuals_dir, actuals_workbooks
from pipeline.partitions import AREAS, newest_revision, partition_key
from sources.areas import Area, area_scope
from sources.vision_pdf import file_sha256

CHECK_INTERVAL_SECONDS = 60
ACTUALS_ASSET = dg.AssetKey(["kpi", "actuals"])


def _read_cursor(cursor: str | None) -> dict[str, str]:
    try:
        data = json.loads(cursor) if cursor else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def folder_state() -> dict[str, str]:
    return {path.name: file_sha256(path) for path in actuals_workbooks()}


def _instance(context: dg.SensorEvaluationContext) -> dg.DagsterInstance | None:
    try:
        return context.instance
    except dg.DagsterInvariantViolationError:  # bare test context without an instance
        return None


def evaluate_actuals_folder(
    context: dg.SensorEvaluationContext, area: Area | None = None
) -> dg.SensorResult | dg.SkipReason:
    """A run of kpi/actuals (of `area`, into its warehouse) when the folder changed."""
    with area_scope(area):
        return _evaluate(context, area)


def _evaluate(
    context: dg.SensorEvaluationContext, area: Area | None
) -> dg.SensorResult | dg.SkipReason:
    seen = _read_cursor(context.cursor)
    state = folder_state()
    changed = sorted(name for name, sha in state.items() if seen.get(name) != sha)
    cursor = json.dumps(state, sort_keys=True)
    if not changed:
        return dg.SensorResult(
            skip_reason=f"no new or changed workbook in {actuals_dir()} ({len(state)} seen)",
            cursor=cursor,
        )
    instance = _instance(context)
    revision = newest_revision(instance, area=area) if instance is not None else None
    if instance is not None and revision is None:
        return dg.SkipReason("a workbook changed, but no vision revision is loaded yet")
    digest = hashlib.sha256(cursor.encode()).hexdigest()[:16]
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=f"actuals-{digest}" if area is None else f"actuals-{area.key}-{digest}",
                partition_key=partition_key(area, revision) if revision else None,
                asset_selection=[ACTUALS_ASSET],
                tags={"kpi/changed_workbooks": ", ".join(changed)[:200]},
            )
        ],
        cursor=cursor,
    )


def kpi_actuals_sensor_of(area: Area | None) -> dg.SensorDefinition:
    """The actuals sensor of `area` (its folder and warehouse), or of the one area."""
    folder = "VISION_ACTUALS_DIR (default actuals/)" if area is None else f"area {area.key}'s"

    @dg.sensor(
        name="kpi_actuals_sensor" if area is None else f"kpi_actuals_sensor_{area.key}",
        description=f"Runs kpi/actuals when a workbook in {folder} actuals folder is added or "
        "changed (sha256 of its bytes).",
        minimum_interval_seconds=CHECK_INTERVAL_SECONDS,
        default_status=dg.DefaultSensorStatus.STOPPED,
        asset_selection=dg.AssetSelection.assets(ACTUALS_ASSET),
    )
    def _sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        return evaluate_actuals_folder(context, area)

    return _sensor


kpi_actuals_sensor = kpi_actuals_sensor_of(None)

defs = dg.Definitions(
    sensors=[kpi_actuals_sensor] if AREAS is None else [kpi_actuals_sensor_of(a) for a in AREAS]
)
