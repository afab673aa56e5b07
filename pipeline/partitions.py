"""Partitions shared by the pipeline's assets and sensors.

Each revision (edition) of the vision is one dynamic partition, so several editions live
side by side in the warehouse and a diff can compare any two. The partition key is the
first 12 hex digits of the PDF's sha256 (`sources.revision_store.revision_key`); the bytes
of a revision are in the `RevisionStore` under that key. Partitions are added by
`vision_pdf_sensor` when it detects a new publication (and may be added by the CLI for a
local PDF), never enumerated by hand.
"""

from __future__ import annotations

import dagster as dg

from sources.revision_store import revision_key

VISION_REVISIONS = dg.DynamicPartitionsDefinition(name="vision_revision")


def newest_revision(instance: dg.DagsterInstance) -> str | None:
    """The most recently added vision_revision partition (partitions keep insertion order)."""
    assert VISION_REVISIONS.name is not None
    keys = instance.get_dynamic_partitions(VISION_REVISIONS.name)
    return keys[-1] if keys else None


__all__ = ["VISION_REVISIONS", "newest_revision", "revision_key"]
