"""estat_release_sensor against the recorded e-Stat bodies (tests/fixtures/estat/), replayed
by the fixture transport, with Dagster's sensor test context.

Tables: 0003445078 (census final; real getMetaInfo body + the two re-cut getStatsData pages)
and 0003433219 (census preliminary; its getMetaInfo body is re-cut here from the recorded
getStatsData page 1: same TABLE_INF and CLASS_INF, GET_META_INFO envelope). A "new
release" is made by editing one VALUE of a recorded body; a "catalogue touch" by editing
UPDATED_DATE only.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import dagster as dg
import pytest
import requests

from pipeline.defs.statistics import sensors
from pipeline.defs.statistics.sensors import (
    WAREHOUSE_ASSET,
    estat_release_sensor,
    release_run_key,
)
from pipeline.partitions import VISION_REVISIONS
from sources.estat.client import APP_ID_ENV
from sources.govstats.datasets import MIGRATION_STATS_DATA_ID_ENV
from tests.fixtures.estat.transport import Answer, ReplayAdapter, fixture_json

FINAL = "0003445078"
PRELIMINARY = "0003433219"
CENSUS2025 = "0004065920"
APP_ID = "test-app-id-not-real"
TOUCHED_DATE = "2027-03-31"


def meta_from_stats_page(page: dict[str, Any]) -> dict[str, Any]:
    """getMetaInfo body for a table we only have getStatsData recordings of."""
    data = page["GET_STATS_DATA"]["STATISTICAL_DATA"]
    return {
        "GET_META_INFO": {
            "RESULT": page["GET_STATS_DATA"]["RESULT"],
            "METADATA_INF": {"TABLE_INF": data["TABLE_INF"], "CLASS_INF": data["CLASS_INF"]},
        }
    }


class FakeEStat:
    """Recorded bodies per table, editable per test, served through the replay adapter."""

    def __init__(self) -> None:
        self.meta = {
            FINAL: fixture_json("meta_census.json"),
            PRELIMINARY: meta_from_stats_page(
                fixture_json("statsData_0003433219_yamagata_p1.json")
            ),
            CENSUS2025: meta_from_stats_page(fixture_json("statsData_0004065920_hub14.json")),
        }
        self.pages = {
            FINAL: [fixture_json(f"statsData_0003445078_p{n}.json") for n in (1, 2)],
            PRELIMINARY: [
                fixture_json(f"statsData_0003433219_yamagata_p{n}.json") for n in (1, 2, 3)
            ],
            CENSUS2025: [fixture_json("statsData_0004065920_hub14.json")],
        }
        self.override: Answer | None = None
        self.adapter = ReplayAdapter(self.handler)  # one adapter: calls add up across ticks

    def handler(self, endpoint: str, params: dict[str, str]) -> Answer:
        if self.override is not None:
            return self.override
        table = params["statsDataId"]
        if endpoint == "getMetaInfo":
            return 200, json.dumps(self.meta[table], ensure_ascii=False).encode()
        start = int(params.get("startPosition", "1"))
        for page in self.pages[table]:
            if page["GET_STATS_DATA"]["STATISTICAL_DATA"]["RESULT_INF"]["FROM_NUMBER"] == start:
                return 200, json.dumps(page, ensure_ascii=False).encode()
        raise AssertionError(f"no recorded page starting at {start}")

    def session(self) -> requests.Session:
        session = requests.Session()
        session.mount("https://", self.adapter)
        return session

    def touch_updated_date(self, table: str, date: str = TOUCHED_DATE) -> None:
        """Catalogue maintenance: UPDATED_DATE moves, nothing else."""
        self.meta[table]["GET_META_INFO"]["METADATA_INF"]["TABLE_INF"]["UPDATED_DATE"] = date

    def revise_national_total(self, table: str) -> None:
        """A revision of the numbers: 全国 総数 (kept by the area filter) + 1."""
        self.pages[table] = copy.deepcopy(self.pages[table])
        value = self.pages[table][0]["GET_STATS_DATA"]["STATISTICAL_DATA"]["DATA_INF"]["VALUE"][0]
        assert value["@area"] == "00000"
        value["$"] = str(int(value["$"]) + 1)

    def calls(self, endpoint: str) -> list[dict[str, str]]:
        return [params for name, params in self.adapter.calls if name == endpoint]


@pytest.fixture
def estat(monkeypatch: pytest.MonkeyPatch) -> FakeEStat:
    fake = FakeEStat()
    monkeypatch.setenv(APP_ID_ENV, APP_ID)
    monkeypatch.delenv(MIGRATION_STATS_DATA_ID_ENV, raising=False)
    monkeypatch.setattr(sensors, "new_session", fake.session)
    return fake


REVISION = "c861fc555b2e"


@pytest.fixture
def instance() -> dg.DagsterInstance:
    """An instance where one vision revision has been loaded (a new release is loaded
    beside it, for the newest revision)."""
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(VISION_REVISIONS.name, [REVISION])
    return instance


Tick = Callable[[str | None], dg.SensorResult | dg.SkipReason]


@pytest.fixture
def tick(instance: dg.DagsterInstance) -> Tick:
    def run(cursor: str | None) -> dg.SensorResult | dg.SkipReason:
        context = dg.build_sensor_context(
            cursor=cursor, instance=instance, sensor_name="estat_release_sensor"
        )
        return estat_release_sensor(context)

    return run


def skip_text(result: dg.SensorResult | dg.SkipReason) -> str:
    if isinstance(result, dg.SkipReason):
        return result.skip_message or ""
    assert not result.run_requests
    assert isinstance(result.skip_reason, dg.SkipReason)
    return result.skip_reason.skip_message or ""


def cursor_of(result: dg.SensorResult | dg.SkipReason) -> dict[str, Any]:
    assert isinstance(result, dg.SensorResult)
    return json.loads(result.cursor or "")


@pytest.fixture
def baseline(estat: FakeEStat, tick: Tick) -> str:
    """The cursor after a first tick has seen both recorded tables."""
    result = tick(None)
    assert isinstance(result, dg.SensorResult)
    assert len(result.run_requests or []) == 3
    return result.cursor or ""


def test_first_tick_requests_each_table_once_with_content_keys(
    estat: FakeEStat, tick: Tick
) -> None:
    result = tick(None)
    assert isinstance(result, dg.SensorResult)
    state = cursor_of(result)
    assert set(state) == {"census2020_final", "census2020_preliminary", "census2025_final"}
    assert state["census2025_final"]["stats_data_id"] == CENSUS2025
    assert state["census2020_final"]["updated_date"] == "2026-09-29"
    assert state["census2020_preliminary"]["updated_date"] == "2024-09-30"
    by_asset = {r.asset_selection[0].to_user_string(): r for r in result.run_requests or []}
    for request in result.run_requests or []:
        assert request.partition_key == REVISION
        assert request.asset_selection[1:] == [WAREHOUSE_ASSET]
    final = by_asset["statistics/census2020_final"]
    assert final.run_key == release_run_key(FINAL, state["census2020_final"]["content_hash"])
    assert final.run_key.startswith(f"estat-{FINAL}-") and len(final.run_key) == 6 + 10 + 1 + 16
    assert final.tags["estat/updated_date"] == "2026-09-29"
    assert "statistics/census2020_preliminary" in by_asset
    # the 2025 final census (0004065920) is tracked: its request is asked for the 14 codes
    census2025 = by_asset["statistics/census2025_final"]
    assert census2025.run_key.startswith(f"estat-{CENSUS2025}-")
    asked = [c for c in estat.calls("getStatsData") if c["statsDataId"] == CENSUS2025]
    assert asked and asked[0]["cdArea"].split(",")[0] == "06201"
    assert len(asked[0]["cdArea"].split(",")) == 14
    assert APP_ID not in json.dumps(state)


def test_unchanged_updated_date_requests_nothing_and_fetches_no_values(
    estat: FakeEStat, tick: Tick, baseline: str
) -> None:
    result = tick(baseline)
    assert "UPDATED_DATE 2026-09-29 unchanged" in skip_text(result)
    assert cursor_of(result) == json.loads(baseline)
    assert [c["statsDataId"] for c in estat.calls("getMetaInfo")][-3:] == [
        FINAL,
        PRELIMINARY,
        CENSUS2025,
    ]
    assert len(estat.calls("getStatsData")) == 6  # only the baseline tick's 2 + 3 + 1 pages


def test_touched_metadata_with_same_numbers_updates_the_cursor_only(
    estat: FakeEStat, tick: Tick, baseline: str, caplog: pytest.LogCaptureFixture
) -> None:
    estat.touch_updated_date(FINAL)
    result = tick(baseline)
    text = skip_text(result)
    assert "metadata touched, numbers unchanged" in text
    state = cursor_of(result)
    before = json.loads(baseline)
    assert state["census2020_final"]["updated_date"] == TOUCHED_DATE
    assert state["census2020_final"]["content_hash"] == before["census2020_final"]["content_hash"]
    assert state["census2020_preliminary"] == before["census2020_preliminary"]


def test_touched_metadata_with_new_numbers_requests_one_run(
    estat: FakeEStat, tick: Tick, baseline: str
) -> None:
    estat.touch_updated_date(FINAL)
    estat.revise_national_total(FINAL)
    result = tick(baseline)
    assert isinstance(result, dg.SensorResult)
    [request] = result.run_requests or []
    new_hash = cursor_of(result)["census2020_final"]["content_hash"]
    assert new_hash != json.loads(baseline)["census2020_final"]["content_hash"]
    assert request.run_key == f"estat-{FINAL}-{new_hash[:16]}"
    assert request.asset_selection == [
        dg.AssetKey(["statistics", "census2020_final"]),
        WAREHOUSE_ASSET,
    ]
    assert request.partition_key == REVISION
    # The same release seen again on the next tick: nothing new.
    assert "unchanged" in skip_text(tick(result.cursor))


def test_a_new_release_waits_until_a_vision_revision_is_loaded(estat: FakeEStat) -> None:
    empty = dg.DagsterInstance.ephemeral()
    context = dg.build_sensor_context(cursor=None, instance=empty)
    result = estat_release_sensor(context)
    assert "no vision revision loaded yet" in skip_text(result)
    assert cursor_of(result) == {}


def test_api_error_status_100_skips_and_keeps_the_cursor(
    estat: FakeEStat, tick: Tick, baseline: str
) -> None:
    estat.override = (200, json.dumps(fixture_json("status_100_auth.json")).encode())
    result = tick(baseline)
    text = skip_text(result)
    assert "STATUS 100" in text and "認証に失敗しました" in text
    assert cursor_of(result) == json.loads(baseline)


def test_timeout_skips_without_retrying_and_keeps_the_cursor(
    estat: FakeEStat, tick: Tick, baseline: str
) -> None:
    estat.override = requests.ReadTimeout("Read timed out. (read timeout=30)")
    metas_before = len(estat.calls("getMetaInfo"))
    result = tick(baseline)  # must not raise
    assert "ReadTimeout" in skip_text(result)
    assert cursor_of(result) == json.loads(baseline)
    assert len(estat.calls("getMetaInfo")) == metas_before + 3  # one attempt per table
    assert APP_ID not in skip_text(result)


def test_a_table_already_materialized_with_the_same_hash_is_not_rerun(
    estat: FakeEStat, tick: Tick, instance: dg.DagsterInstance, baseline: str
) -> None:
    """First tick of a fresh cursor after the statistics assets were loaded by hand."""
    for dataset_id, state in json.loads(baseline).items():
        instance.report_runless_asset_event(
            dg.AssetMaterialization(
                asset_key=["statistics", dataset_id],
                tags={"dagster/data_version": state["content_hash"]},
            )
        )
    result = tick(None)
    assert "numbers unchanged" in skip_text(result)


def test_no_app_id_skips_with_how_to(
    estat: FakeEStat, tick: Tick, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(APP_ID_ENV)
    result = tick(None)
    assert isinstance(result, dg.SkipReason)
    assert APP_ID_ENV in (result.skip_message or "")
