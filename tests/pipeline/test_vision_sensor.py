"""vision_pdf_sensor against recorded HTTP answers, with Dagster's sensor test context."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import pytest
import requests

from pipeline.defs.vision import sensors
from pipeline.defs.vision.sensors import VISION_REVISION_ASSETS, vision_pdf_sensor
from pipeline.partitions import VISION_REVISIONS
from sources.revision_store import STORE_ENV, RevisionStore
from sources.vision_download import PDF_URL_ENV
from tests.fixtures.sensors import skip_text
from tests.sources.test_vision_download import (
    EDITION_1,
    EDITION_2,
    ETAG_1,
    ETAG_2,
    HTML_200,
    LAST_MODIFIED_1,
    LAST_MODIFIED_2,
    NOT_MODIFIED,
    SERVER_ERROR,
    URL,
    PdfServer,
    Reply,
    pdf_reply,
)

SHA_1 = "c861fc555b2e20d5dc208565a4ad87c1875728392494f15c58ec0e773874847a"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RevisionStore:
    monkeypatch.setenv(PDF_URL_ENV, URL)
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "revisions"))
    return RevisionStore(tmp_path / "revisions")


@pytest.fixture
def instance() -> dg.DagsterInstance:
    return dg.DagsterInstance.ephemeral()


def serve(monkeypatch: pytest.MonkeyPatch, *answers: Reply | Exception) -> PdfServer:
    server = PdfServer(*answers)
    monkeypatch.setattr(sensors, "new_session", server.session)
    return server


def tick(
    instance: dg.DagsterInstance, cursor: str | None = None
) -> dg.SensorResult | dg.SkipReason:
    context = dg.build_sensor_context(
        cursor=cursor, instance=instance, sensor_name="vision_pdf_sensor"
    )
    result = vision_pdf_sensor(context)
    assert isinstance(result, dg.SensorResult | dg.SkipReason)
    return result


def cursor_1() -> str:
    return json.dumps(
        {"url": URL, "etag": ETAG_1, "last_modified": LAST_MODIFIED_1, "sha256": SHA_1}
    )


def test_new_etag_yields_one_run_a_partition_and_a_new_cursor(
    monkeypatch: pytest.MonkeyPatch, store: RevisionStore, instance: dg.DagsterInstance
) -> None:
    serve(monkeypatch, pdf_reply(EDITION_2, ETAG_2, LAST_MODIFIED_2))
    result = tick(instance, cursor_1())
    assert isinstance(result, dg.SensorResult)
    [request] = result.run_requests or []
    revision = store.get(store.keys()[0], verify=True)
    assert revision.path.read_bytes() == EDITION_2
    assert request.run_key == f"vision-{revision.sha256}"
    assert request.partition_key == revision.key == revision.sha256[:12]
    assert request.asset_selection == VISION_REVISION_ASSETS
    assert request.tags["vision/etag"] == ETAG_2
    [add] = result.dynamic_partitions_requests or []
    assert add == VISION_REVISIONS.build_add_request([revision.key])
    assert json.loads(result.cursor or "") == {
        "url": URL,
        "etag": ETAG_2,
        "last_modified": LAST_MODIFIED_2,
        "sha256": revision.sha256,
    }


def test_304_skips_and_sends_the_cursor_validators(
    monkeypatch: pytest.MonkeyPatch, store: RevisionStore, instance: dg.DagsterInstance
) -> None:
    server = serve(monkeypatch, NOT_MODIFIED)
    result = tick(instance, cursor_1())
    assert isinstance(result, dg.SkipReason)
    assert "304" in skip_text(result)
    assert server.last_headers["If-None-Match"] == ETAG_1
    assert store.keys() == []


def test_200_with_the_same_bytes_skips_and_refreshes_the_validators(
    monkeypatch: pytest.MonkeyPatch, store: RevisionStore, instance: dg.DagsterInstance
) -> None:
    serve(monkeypatch, pdf_reply(EDITION_1, ETAG_2, LAST_MODIFIED_2))
    result = tick(instance, cursor_1())
    assert isinstance(result, dg.SensorResult)
    assert "same content" in skip_text(result)
    assert json.loads(result.cursor or "")["etag"] == ETAG_2
    assert json.loads(result.cursor or "")["sha256"] == SHA_1


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            requests.ReadTimeout("HTTPSConnectionPool: Read timed out. (read timeout=40)"),
            "timed out",
        ),
        (requests.ConnectionError("Max retries exceeded"), "request failed"),
        (SERVER_ERROR, "HTTP 500"),
        (HTML_200, "not a PDF (Content-Type 'text/html; charset=UTF-8'"),
    ],
)
def test_failures_skip_with_the_reason_and_keep_the_cursor(
    monkeypatch: pytest.MonkeyPatch,
    store: RevisionStore,
    instance: dg.DagsterInstance,
    answer: Reply | Exception,
    expected: str,
) -> None:
    serve(monkeypatch, answer)
    result = tick(instance, cursor_1())  # must not raise
    assert isinstance(result, dg.SkipReason)  # a bare SkipReason never moves the cursor
    assert expected in skip_text(result)
    assert URL in skip_text(result) and "retry next tick" in skip_text(result)
    assert store.keys() == []


def test_no_url_configured_explains_how_to_set_it(
    monkeypatch: pytest.MonkeyPatch, store: RevisionStore, instance: dg.DagsterInstance
) -> None:
    monkeypatch.delenv(PDF_URL_ENV)
    server = serve(monkeypatch, pdf_reply())
    assert PDF_URL_ENV in skip_text(tick(instance))
    assert server.requests == []


def test_one_publication_never_yields_two_run_keys(
    monkeypatch: pytest.MonkeyPatch, store: RevisionStore, instance: dg.DagsterInstance
) -> None:
    # The server ignores our conditional headers and answers 200 with the same file.
    serve(monkeypatch, pdf_reply())
    first = tick(instance)
    assert isinstance(first, dg.SensorResult)
    [request] = first.run_requests or []
    assert request.run_key == f"vision-{SHA_1}"
    instance.add_dynamic_partitions("vision_revision", [SHA_1[:12]])  # as the daemon does

    second = tick(instance, first.cursor)
    assert "same content" in skip_text(second)

    # A lost cursor re-detects it: the same run key (deduplicated by Dagster), and the
    # partition that already exists is not added again.
    again = tick(instance, None)
    assert isinstance(again, dg.SensorResult)
    assert [r.run_key for r in again.run_requests or []] == [request.run_key]
    assert not again.dynamic_partitions_requests
    assert store.keys() == [SHA_1[:12]]


def test_an_unreadable_cursor_counts_as_empty(
    monkeypatch: pytest.MonkeyPatch, store: RevisionStore, instance: dg.DagsterInstance
) -> None:
    server = serve(monkeypatch, pdf_reply())
    result = tick(instance, "{not json")
    assert isinstance(result, dg.SensorResult) and len(result.run_requests or []) == 1
    assert "If-None-Match" not in server.last_headers


def test_run_requests_resolve_against_partitioned_vision_assets(
    monkeypatch: pytest.MonkeyPatch, store: RevisionStore
) -> None:
    """Through `evaluate_tick` with stand-in assets of the planned shape (partitioned by
    vision_revision), so Dagster itself validates the run request against the target and
    the partition added in the same result (this needs an instance with a ref)."""
    stand_ins = [
        dg.AssetSpec(key, partitions_def=VISION_REVISIONS) for key in VISION_REVISION_ASSETS
    ]
    defs = dg.Definitions(assets=stand_ins, sensors=[vision_pdf_sensor])
    serve(monkeypatch, pdf_reply())
    # The context as a context manager: it enters an instance of its own from the ref.
    with (
        dg.instance_for_test() as instance,
        dg.build_sensor_context(
            instance_ref=instance.get_ref(),
            repository_def=defs.get_repository_def(),
            sensor_name="vision_pdf_sensor",
        ) as context,
    ):
        data = vision_pdf_sensor.evaluate_tick(context)
    assert [r.partition_key for r in data.run_requests or []] == [SHA_1[:12]]
    assert data.cursor is not None and SHA_1 in data.cursor
