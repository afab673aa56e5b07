"""Partitions shared by the pipeline's assets and sensors.

Each revision (edition) of the vision is one dynamic partition, so several editions live
side by side in the warehouse and a diff can compare any two. The partition key is the
first 12 hex digits of the PDF's sha256 (`sources.revision_store.revision_key`); the bytes
of a revision are in the `RevisionStore` under that key. Partitions are added by
`vision_pdf_sensor` when it detects a new publication (and may be added by the CLI for a
local PDF), never enumerated by hand.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from pipeline.dagster_home import REVISION_PARTITIONS
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


def newest_revision(instance: dg.DagsterInstance, warehouse: Path | None = None) -> str | None:
    """The partition of the newest edition: the warehouse's `latest_revision` (by the
    dates on the covers) when it is a registered partition, else the partition added last
    (a warehouse not built yet, or busy with a writer)."""
    assert VISION_REVISIONS.name is not None
    keys = instance.get_dynamic_partitions(VISION_REVISIONS.name)
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
    "EDITION_TAG",
    "VISION_REVISIONS",
    "edition_tags",
    "file_edition_tags",
    "newest_revision",
    "revision_key",
    "stored_edition_tags",
]
