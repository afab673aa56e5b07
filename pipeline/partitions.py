"""Partitions shared by the pipeline's assets and sensors.

Each revision (edition) of the vision is one dynamic partition, so several editions live
side by side in the warehouse and a diff can compare any two. The partition key is the
first 12 hex digits of the PDF's sha256 (`sources.revision_store.revision_key`); the bytes
of a revision are in the `RevisionStore` under that key. Partitions are added by
`vision_pdf_sensor` when it detects a new publication (and may be added by the CLI for a
local PDF), never enumerated by hand.

Several areas in one deployment (`$VISION_AREAS`, sources/areas.py): the partitions are
then two-dimensional, `area` (a static partition per area of the file) × `revision` (the
same dynamic revisions), keyed `<area>|<revision>` as Dagster writes a multi-partition key.
One area — no areas file — keeps plain revision partitions: decided once, here, so a
single-area deployment's instance, its materialization history, its runs' partition keys
and `vision refresh` stay exactly as they were; the area dimension only appears where
there is a choice to make. A cell of the cross product whose revision is not an edition of
its area (`RevisionStore.pair`, recorded when the sensor or `vision refresh` registers
it) is refused by every step with one line naming both (`area_step`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import dagster as dg
import duckdb

from pipeline.dagster_home import REVISION_PARTITIONS
from sources.areas import Area, area_scope, configured_areas, find_area
from sources.revision_store import RevisionStore, RevisionStoreError, revision_key
from sources.vision_edition import read_edition
from sources.vision_pdf import VisionDocument, VisionPdfError, open_vision_document
from warehouse.paths import resolve_warehouse
from warehouse.reader import open_reader

# Dagster shows a dynamic partition by its key only (12 hex digits); runs carry these tags
# so the runs list and each run say which edition the key is.
EDITION_TAG = "vision/edition"
PUBLISHED_TAG = "vision/published"
TITLE_TAG = "vision/title"
PARTITION_TAG_MAX = 255

VISION_REVISIONS = dg.DynamicPartitionsDefinition(name=REVISION_PARTITIONS)
AREA_DIMENSION = "area"
REVISION_DIMENSION = "revision"

#: The deployment's areas ($VISION_AREAS), read when the code location loads; None: one area.
AREAS: tuple[Area, ...] | None = configured_areas()


def vision_partitions(areas: tuple[Area, ...] | None) -> dg.PartitionsDefinition:
    """The partitions of the pipeline's assets: revisions alone for one area, area ×
    revision for the areas of a deployment."""
    if areas is None:
        return VISION_REVISIONS
    return dg.MultiPartitionsDefinition(
        {
            AREA_DIMENSION: dg.StaticPartitionsDefinition([a.key for a in areas]),
            REVISION_DIMENSION: VISION_REVISIONS,
        }
    )


#: What every partitioned asset, check and job of the code location is partitioned by.
VISION_PARTITIONS = vision_partitions(AREAS)


def partition_key(area: Area | None, revision: str) -> str:
    """The partition of `revision` of `area`: the revision key alone without areas."""
    if area is None:
        return revision
    return dg.MultiPartitionKey({AREA_DIMENSION: area.key, REVISION_DIMENSION: revision})


def split_partition_key(key: str, areas: tuple[Area, ...] | None = None) -> tuple[Area | None, str]:
    """(area, revision) of a partition key of `areas`' deployment (the configured one when
    not given): no area for a plain revision key."""
    areas = AREAS if areas is None else areas
    if isinstance(key, dg.MultiPartitionKey):
        dimensions = key.keys_by_dimension
    elif areas is not None and "|" in key:
        dimensions = vision_partitions(areas).get_partition_key_from_str(key).keys_by_dimension
    else:
        return None, key
    return find_area(areas or (), dimensions[AREA_DIMENSION]), dimensions[REVISION_DIMENSION]


def refuse_unpaired(area: Area, revision: str, store: RevisionStore | None = None) -> None:
    """A Failure (one line naming both, not retried) unless `revision` was registered as
    an edition of `area`."""
    store = store or RevisionStore()
    try:
        paired = store.areas_of(revision)
    except RevisionStoreError as exc:
        raise dg.Failure(description=str(exc), allow_retries=False) from None
    if area.key in paired:
        return
    if paired:
        why = f"(it is an edition of {', '.join(sorted(paired))}); nothing to do for this cell"
    else:
        # Added by hand (the UI's "add partition"): say how to register it for an area.
        why = (
            "(registered for no area); register it with the area's vision_pdf_sensor_"
            f"{area.key} or `vision --profile {area.profile} refresh --pdf PDF`"
        )
    raise dg.Failure(
        description=f"revision {revision} is not an edition of area {area.key} {why}",
        allow_retries=False,
    )


@contextmanager
def step_scope(context: dg.AssetExecutionContext) -> Iterator[tuple[Area | None, str]]:
    """Work under the area of the step's partition (its profile, its warehouse), after
    refusing a revision that is not one of its editions; yields (area, revision)."""
    area, revision = split_partition_key(context.partition_key)
    if area is not None:
        refuse_unpaired(area, revision)
    with area_scope(area):
        yield area, revision


_Step = TypeVar("_Step", bound=Callable[..., Any])


def area_step(step: _Step) -> _Step:
    """Run a partitioned asset's body in `step_scope`: the one place every step of a
    deployment of several areas learns its area (put it under `@dg.asset`). A body that
    yields (outputs and check results) runs in the scope until its last yield."""
    if inspect.isgeneratorfunction(step):

        @functools.wraps(step)
        def run_yielding(context: dg.AssetExecutionContext, *args: Any, **kwargs: Any) -> Any:
            with step_scope(context):
                yield from step(context, *args, **kwargs)

        return run_yielding  # type: ignore[return-value]

    @functools.wraps(step)
    def run(context: dg.AssetExecutionContext, *args: Any, **kwargs: Any) -> Any:
        with step_scope(context):
            return step(context, *args, **kwargs)

    return run  # type: ignore[return-value]


def revision_of(context: dg.AssetExecutionContext) -> str:
    """The revision key of the step's partition."""
    return split_partition_key(context.partition_key)[1]


def area_revisions(instance: dg.DagsterInstance, area: Area | None) -> list[str]:
    """The registered revisions, in the order they were added; of `area`'s editions only
    when given."""
    assert VISION_REVISIONS.name is not None
    keys = list(instance.get_dynamic_partitions(VISION_REVISIONS.name))
    if area is None:
        return keys
    store = RevisionStore()
    return [k for k in keys if k in store and area.key in store.areas_of(k)]


def newest_revision(
    instance: dg.DagsterInstance, warehouse: Path | None = None, area: Area | None = None
) -> str | None:
    """The partition of the newest edition: the warehouse's `latest_revision` (by the
    dates on the covers) when it is a registered partition, else the partition added last
    (a warehouse not built yet, or busy with a writer). Of `area` (its warehouse, its
    editions) when given."""
    keys = area_revisions(instance, area)
    with area_scope(area):
        latest = _latest_in_warehouse(resolve_warehouse(warehouse))
    if latest is not None and latest in keys:
        return latest
    return keys[-1] if keys else None


def edition_tags(document: VisionDocument) -> dict[str, str]:
    """Run tags naming the edition of a revision: the cover's newest line (e.g. 令和8年2月20日
    改訂) and its date, and the title. A cover that prints no date gives no edition tag."""
    edition = read_edition(document.cover_text)
    tags = {"vision/sha256": document.sha256}
    if document.title:
        tags[TITLE_TAG] = document.title[:PARTITION_TAG_MAX]
    if edition.label:
        tags[EDITION_TAG] = edition.label[:PARTITION_TAG_MAX]
    if edition.published_on:
        tags[PUBLISHED_TAG] = edition.published_on.isoformat()
    return tags


def stored_edition_tags(key: str) -> dict[str, str]:
    """`edition_tags` of a revision in the store; none when it cannot be read (the run
    will say why: a tag is not worth failing a schedule tick for)."""
    try:
        return file_edition_tags(RevisionStore().get(key).path)
    except RevisionStoreError:
        return {}


def file_edition_tags(path: Path) -> dict[str, str]:
    """`edition_tags` of a PDF file; none when it cannot be read."""
    try:
        return edition_tags(open_vision_document(path))
    except (VisionPdfError, OSError):
        return {}


def _latest_in_warehouse(warehouse: Path) -> str | None:
    if not warehouse.is_file():
        return None
    try:
        with open_reader(warehouse) as con:
            row = con.execute("SELECT revision_id FROM latest_revision").fetchone()
    except duckdb.Error:
        return None
    return revision_key(row[0]) if row else None


__all__ = [
    "AREAS",
    "EDITION_TAG",
    "VISION_PARTITIONS",
    "VISION_REVISIONS",
    "area_step",
    "edition_tags",
    "file_edition_tags",
    "newest_revision",
    "partition_key",
    "refuse_unpaired",
    "revision_key",
    "revision_of",
    "stored_edition_tags",
]
