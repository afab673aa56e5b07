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

from sources.revision_store import revision_key
from warehouse.paths import resolve_warehouse
from warehouse.reader import open_reader

VISION_REVISIONS = dg.DynamicPartitionsDefinition(name="vision_revision")


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


def _latest_in_warehouse(warehouse: Path) -> str | None:
    if not warehouse.is_file():
        return None
    try:
        with open_reader(warehouse) as con:
            row = con.execute("SELECT revision_id FROM latest_revision").fetchone()
    except duckdb.Error:
        return None
    return revision_key(row[0]) if row else None


__all__ = ["VISION_REVISIONS", "newest_revision", "revision_key"]
