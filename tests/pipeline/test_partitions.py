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


def test_a_run_of_a_revision_names_its_edition_beside_the_hash(vision_pdf, tmp_path):
    """Issue 22: partitions showed only c861fc555b2e. The cover's newest line is the
    edition: the shipped one prints 令和8年2月20日 改訂; the same file with that line taken
    off (tests/fixtures/editions.py) is the 令和7年2月17日 策定 edition."""
    from pipeline.partitions import EDITION_TAG, PUBLISHED_TAG, edition_tags, file_edition_tags
    from sources.vision_pdf import open_vision_document
    from tests.fixtures.editions import REVISION_LINE, write_editions

    shipped = edition_tags(open_vision_document(vision_pdf))
    assert shipped[EDITION_TAG] == REVISION_LINE
    assert shipped[PUBLISHED_TAG] == "2026-02-20"  # 令和8年 = 2026
    earlier, _ = write_editions(vision_pdf, tmp_path)
    first = file_edition_tags(earlier)
    assert (first[EDITION_TAG], first[PUBLISHED_TAG]) == ("令和7年2月17日 策定", "2025-02-17")
    assert first["vision/sha256"] != shipped["vision/sha256"]
    not_a_pdf = tmp_path / "not.pdf"
    not_a_pdf.write_bytes(b"%PDF-1.4 broken")
    assert file_edition_tags(not_a_pdf) == {}


def test_the_weekly_run_names_the_edition_of_its_partition(vision_pdf, tmp_path, monkeypatch):
    from pipeline.defs.ops.schedules import weekly_refresh
    from pipeline.partitions import EDITION_TAG
    from sources.revision_store import RevisionStore
    from tests.fixtures.editions import REVISION_LINE

    monkeypatch.setenv("VISION_REVISION_STORE", str(tmp_path / "store"))
    key = RevisionStore().add(vision_pdf).key

    @dg.asset(
        key=["vision", "pdf"], partitions_def=dg.DynamicPartitionsDefinition(name="vision_revision")
    )
    def stand_in() -> None: ...

    from pipeline.defs.ops.schedules import refresh_all

    defs = dg.Definitions(assets=[stand_in], jobs=[refresh_all], schedules=[weekly_refresh])
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("vision_revision", [key])
        # As a context manager: the context enters an instance of its own from the
        # instance's ref, and leaves Dagster's current defs-state storage set otherwise.
        with dg.build_schedule_context(
            instance=instance, repository_def=defs.get_repository_def()
        ) as context:
            request = weekly_refresh(context)
    assert isinstance(request, dg.RunRequest) and request.partition_key == key
    assert request.tags[EDITION_TAG] == REVISION_LINE
    assert request.tags["vision/trigger"] == "weekly_refresh"
