"""e-Stat client against recorded bodies of the real JSON shape (no network, no real sleep)."""

from __future__ import annotations

import json
import logging
import math
import traceback
from pathlib import Path

import pytest
import requests

from sources.estat.bodies import decode_stats_data
from sources.estat.cache import ResponseCache, cache_key
from sources.estat.client import EStatClient
from sources.estat.faults import (
    EStatApiError,
    EStatRequestError,
    EStatResponseError,
    EStatUnavailable,
    RedactAppIdFilter,
    redact,
)
from sources.estat.transport import RetryPolicy
from sources.govstats.provenance import snapshot_file
from tests.fixtures.estat.transport import (
    fixture_bytes,
    paged,
    replay_session,
    sequence,
)

APP_ID = "TESTAPPID0123456789abcdef"


def make_client(handler, **kwargs) -> tuple[EStatClient, object, list[float]]:
    session, adapter = replay_session(handler)
    sleeps: list[float] = []
    client = EStatClient(APP_ID, session=session, sleep=sleeps.append, **kwargs)
    return client, adapter, sleeps


# --------------------------------------------------------------------------- paging


def test_stats_data_pages_follow_next_key_and_accumulate_all_values():
    client, adapter, _ = make_client(paged("statsData_0003433219_yamagata", 3))
    frame = client.get_stats_data("0003433219", cdArea="00000,06000")

    assert len(frame) == 111  # 37 areas × 3 sexes, over pages of 40/40/31
    starts = [params.get("startPosition") for _, params in adapter.calls]
    assert starts == [None, "41", "81"]
    assert [p.get("metaGetFlg") for _, p in adapter.calls] == [None, "N", "N"]
    yamagata = frame[(frame.area_code == "06201") & (frame.cat01_code == "0")]
    assert yamagata.value.tolist() == [247747.0]
    # rows from pages 2 and 3 (no CLASS_INF there) are decoded with page 1's axes
    assert frame.area_name.notna().all() and frame.cat01_name.notna().all()
    assert (frame.iloc[-1].area_code, frame.iloc[-1].area_name) == ("06461", "遊佐町")


def test_final_census_pages_decode_all_class_columns():
    client, adapter, _ = make_client(paged("statsData_0003445078", 2))
    data = client.fetch_stats_data("0003445078", cdArea=["00000", "01000"])

    assert len(adapter.calls) == 2
    assert adapter.calls[0][1]["cdArea"] == "00000,01000"
    frame = data.frame
    assert len(frame) == 42
    assert list(frame.columns[:9]) == [
        "tab_code",
        "tab_name",
        "cat01_code",
        "cat01_name",
        "area_code",
        "area_name",
        "area_kind",
        "time_code",
        "time_name",
    ]
    assert list(frame.columns[-4:]) == ["unit", "value", "value_text", "marker"]
    japan = frame[(frame.area_code == "00000") & (frame.cat01_name == "総数")].iloc[0]
    assert japan.value == 126146099 and japan.value_text == "126146099"
    assert japan.unit == "人" and japan.time_code == "2020000000"
    assert data.table.open_date == "2021-11-30"


def test_stats_list_pages_and_dedupes_tables_listed_per_collect_area():
    client, adapter, _ = make_client(paged("getStatsList_census", 2))
    tables = client.get_stats_list(search_word="男女別人口", stats_code="00200521")

    assert [p.get("startPosition") for _, p in adapter.calls] == [None, "21"]
    assert tables.stats_data_id.is_unique
    row = tables.set_index("stats_data_id").loc["0003445078"]
    assert row.open_date == "2021-11-30"
    # SURVEY_DATE is an int for some tables and a range string for others
    assert set(tables.survey_date) >= {"202010", "202001-202012"}


def test_stats_list_single_page_and_stats_name_list():
    client, adapter, _ = make_client(lambda e, p: (200, fixture_bytes("list_census.json")))
    first = client.get_stats_list(search_word="男女別人口", all_pages=False)
    assert len(adapter.calls) == 1 and len(first) > 0  # NEXT_KEY 41 not followed

    client, _, _ = make_client(lambda e, p: (200, fixture_bytes("names_census.json")))
    names = client.get_stats_list(search_word="国勢調査", stats_name_list=True)
    assert names.set_index("stat_code").loc["00200521", "stat_name"] == "国勢調査"


def test_meta_info_decodes_single_object_and_list_classes():
    client, adapter, _ = make_client(lambda e, p: (200, fixture_bytes("meta_census.json")))
    meta = client.get_meta_info("0003445078")

    assert adapter.calls[0][0] == "getMetaInfo"
    assert meta.table.stats_data_id == "0003445078"
    assert (meta.table.open_date, meta.table.updated_date) == ("2021-11-30", "2026-09-29")
    assert meta.classes("tab").to_dict("records")[0]["unit"] == "人"  # CLASS is an object
    assert len(meta.classes("area")) == 14  # CLASS is a list
    with pytest.raises(KeyError):
        meta.classes("cat02")


# --------------------------------------------------------------------------- decoding


def test_decode_single_object_area_class():
    client, _, _ = make_client(lambda e, p: (200, fixture_bytes("statsData_0003433219_06201.json")))
    frame = client.get_stats_data("0003433219", cdArea="06201")

    assert frame.area_name.tolist() == ["山形市"] * 3
    assert frame.set_index("cat01_name").value.to_dict() == {
        "総数": 247747.0,
        "男": 119022.0,
        "女": 128725.0,
    }
    assert frame.tab_name.unique().tolist() == ["人口"]


def test_special_values_are_markers_never_zero():
    body = json.loads(snapshot_file("census2020_preliminary_0003433219").read_text("utf-8"))
    data = decode_stats_data(body)

    assert len(data.frame) == 5895
    futaba = data.frame[data.frame.area_code == "07546"]  # 双葉町: no residents in 2020
    assert futaba.area_name.unique().tolist() == ["双葉町"]
    assert futaba.marker.tolist() == ["-", "-", "-"]
    assert futaba.value_text.tolist() == ["-", "-", "-"]
    assert all(math.isnan(v) for v in futaba.value)
    assert data.frame.marker.notna().sum() == 3
    assert data.notes == {"***": "当該数値がないもの", "-": "当該数値がないもの"}


# --------------------------------------------------------------------------- errors


def test_status_100_raises_typed_error_with_api_message_without_retry():
    client, adapter, sleeps = make_client(lambda e, p: (200, fixture_bytes("status_100_auth.json")))
    with pytest.raises(EStatApiError) as err:
        client.get_stats_data("0003433219")

    assert err.value.status == 100
    assert "認証に失敗しました" in err.value.api_message
    assert err.value.http_status is None
    assert len(adapter.calls) == 1 and sleeps == []


def test_http_403_error_body_is_read():
    client, _, _ = make_client(lambda e, p: (403, fixture_bytes("status_100_auth.json")))
    with pytest.raises(EStatApiError) as err:
        client.get_meta_info("0003433219")
    assert (err.value.status, err.value.http_status) == (100, 403)
    assert "アプリケーションID" in str(err.value)


def test_http_403_without_json_body_is_a_request_error():
    client, _, sleeps = make_client(lambda e, p: (403, b"<html>Forbidden</html>"))
    with pytest.raises(EStatRequestError) as err:
        client.get_meta_info("0003433219")
    assert err.value.http_status == 403 and sleeps == []


def test_status_1_no_data_is_an_empty_frame():
    client, _, _ = make_client(lambda e, p: (200, fixture_bytes("status_1_nodata.json")))
    data = client.fetch_stats_data("0003433219", cdArea="99999")

    assert data.status == 1
    assert data.frame.empty
    assert {"value", "value_text", "marker", "unit"} <= set(data.frame.columns)


def test_500_then_success_retries_with_backoff():
    page = fixture_bytes("statsData_0003433219_06201.json")
    client, adapter, sleeps = make_client(sequence((500, b"oops"), (503, b""), (200, page)))
    frame = client.get_stats_data("0003433219", cdArea="06201")

    assert len(frame) == 3
    assert len(adapter.calls) == 3
    assert sleeps == [0.5, 1.0]


def test_500_forever_gives_up_after_max_attempts():
    client, adapter, sleeps = make_client(
        lambda e, p: (500, b""), retry=RetryPolicy(max_attempts=3, base_delay=1.0)
    )
    with pytest.raises(EStatRequestError) as err:
        client.get_stats_data("0003433219")
    assert err.value.http_status == 500 and err.value.attempts == 3
    assert sleeps == [1.0, 2.0]
    assert len(adapter.calls) == 3


def test_timeout_then_success():
    page = fixture_bytes("statsData_0003433219_06201.json")
    client, _, sleeps = make_client(sequence(requests.ReadTimeout("read timed out"), (200, page)))
    assert len(client.get_stats_data("0003433219", cdArea="06201")) == 3
    assert sleeps == [0.5]


def test_timeout_every_time_is_a_clear_error():
    client, adapter, sleeps = make_client(lambda e, p: requests.ReadTimeout("read timed out"))
    with pytest.raises(EStatRequestError) as err:
        client.get_stats_data("0003433219")

    message = str(err.value)
    assert "getStatsData" in message and "ReadTimeout" in message and "4 attempt" in message
    assert err.value.http_status is None
    assert sleeps == [0.5, 1.0, 2.0]
    assert len(adapter.calls) == 4


def test_app_id_is_redacted_from_connection_errors_and_tracebacks():
    def refuse(endpoint, params):
        url = f"https://api.e-stat.go.jp/rest/3.0/app/json/{endpoint}?appId={APP_ID}&lang=J"
        return requests.ConnectionError(f"Max retries exceeded with url: {url}")

    client, adapter, _ = make_client(refuse, retry=RetryPolicy(max_attempts=2))
    with pytest.raises(EStatRequestError) as err:
        client.get_meta_info("0003433219")

    assert APP_ID in adapter.urls[0]  # it was sent …
    assert APP_ID not in str(err.value)  # … but never shown
    assert APP_ID not in "".join(traceback.format_exception(err.value))
    assert APP_ID not in repr(client)
    assert redact(f"x?appId={APP_ID}&a=1") == "x?appId=***&a=1"


def test_urllib3_debug_log_lines_are_redacted():
    make_client(lambda e, p: (200, b"{}"))
    logger = logging.getLogger("urllib3.connectionpool")
    assert any(isinstance(f, RedactAppIdFilter) for f in logger.filters)
    record = logging.LogRecord(
        "urllib3.connectionpool",
        logging.DEBUG,
        __file__,
        1,
        '%s://%s:%s "%s %s %s" %s %s',
        (
            "https",
            "api.e-stat.go.jp",
            443,
            "GET",
            f"/rest/3.0/app/json/getStatsData?appId={APP_ID}&lang=J",
            "HTTP/1.1",
            200,
            10,
        ),
        None,
    )
    for log_filter in logger.filters:
        log_filter.filter(record)
    assert APP_ID not in record.getMessage() and "appId=***" in record.getMessage()


def test_malformed_json_names_the_endpoint():
    truncated = fixture_bytes("statsData_0003433219_06201.json")[:300]
    client, adapter, sleeps = make_client(lambda e, p: (200, truncated))
    with pytest.raises(EStatResponseError) as err:
        client.get_stats_data("0003433219")
    assert "getStatsData" in str(err.value) and "malformed JSON" in str(err.value)
    assert len(adapter.calls) == 1 and sleeps == []


def test_body_without_result_is_a_response_error():
    client, _, _ = make_client(lambda e, p: (200, b'{"GET_STATS_DATA": {}}'))
    with pytest.raises(EStatResponseError, match="no RESULT"):
        client.get_stats_data("0003433219")


# --------------------------------------------------------------------------- app id + cache


def test_missing_app_id_is_unavailable(monkeypatch):
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    with pytest.raises(EStatUnavailable):
        EStatClient.from_env()
    with pytest.raises(EStatUnavailable):
        EStatClient("")
    monkeypatch.setenv("ESTAT_APP_ID", APP_ID)
    assert isinstance(EStatClient.from_env(), EStatClient)


def test_cache_is_honoured_and_never_holds_the_app_id(tmp_path: Path):
    cache = ResponseCache(tmp_path / "estat")
    page = fixture_bytes("statsData_0003433219_06201.json")
    client, adapter, _ = make_client(lambda e, p: (200, page), cache=cache)

    first = client.get_stats_data("0003433219", cdArea="06201")
    second = client.get_stats_data("0003433219", cdArea="06201")
    assert len(adapter.calls) == 1
    assert first.equals(second)

    # another key, same question: same cache entry, no request
    other = EStatClient(
        "ANOTHERKEY", session=replay_session(lambda e, p: (500, b""))[0], cache=cache
    )
    assert len(other.get_stats_data("0003433219", cdArea="06201")) == 3

    files = list((tmp_path / "estat").iterdir())
    assert len(files) == 1
    assert all(APP_ID not in f.read_text("utf-8") and APP_ID not in f.name for f in files)
    assert cache_key("getStatsData", {"a": 1, "appId": "X"}) == cache_key("getStatsData", {"a": 1})
    assert cache_key("getStatsData", {"a": 1}) != cache_key("getMetaInfo", {"a": 1})


def test_cache_does_not_store_errors_and_expires(tmp_path: Path):
    now = [1000.0]
    cache = ResponseCache(tmp_path, max_age_seconds=60, clock=lambda: now[0])
    page = fixture_bytes("statsData_0003433219_06201.json")
    client, adapter, _ = make_client(
        sequence((200, fixture_bytes("status_100_auth.json")), (200, page)), cache=cache
    )
    with pytest.raises(EStatApiError):
        client.get_stats_data("0003433219")
    client.get_stats_data("0003433219")
    client.get_stats_data("0003433219")
    assert len(adapter.calls) == 2
    now[0] += 61
    client.get_stats_data("0003433219")
    assert len(adapter.calls) == 3


@pytest.mark.parametrize(
    "damage",
    ["{cut short", "[1, 2]", '{"fetched_at": "yesterday", "body": {}}', '{"fetched_at": 1}'],
)
def test_a_damaged_cache_entry_is_a_miss_and_is_fetched_again(tmp_path: Path, damage: str):
    cache = ResponseCache(tmp_path)
    page = fixture_bytes("statsData_0003433219_06201.json")
    client, adapter, _ = make_client(lambda e, p: (200, page), cache=cache)
    client.get_stats_data("0003433219")
    (entry,) = tmp_path.iterdir()
    entry.write_text(damage, encoding="utf-8")
    assert len(client.get_stats_data("0003433219")) == 3
    assert len(adapter.calls) == 2
    client.get_stats_data("0003433219")  # the entry was written again
    assert len(adapter.calls) == 2
