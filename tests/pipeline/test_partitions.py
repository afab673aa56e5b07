"""The newest revision partition is the newest edition, not the one registered last."""

import dagster as dg

from pipeline.partitions import newest_revision
from sources.revision_store import revision_key
from tests.fixtures.loading import load_editions


def test_the_newest_partition_follows_the_covers_not_the_registration_order(
    planted_editions, tmp_path
):
    warehouse = tmp_path / "vision.duckdb"
    later, earlier = load_editions(warehouse, reversed(planted_editions))
    with dg.instance_for_test() as instance:
        # Registered in load order: the older edition last.
        instance.add_dynamic_partitions(
            "vision_revision", [revision_key(later), revision_key(earlier)]
        )
        assert newest_revision(instance, warehouse) == revision_key(later)
        assert newest_revision(instance, tmp_path / "absent.duckdb") == revision_key(earlier)
