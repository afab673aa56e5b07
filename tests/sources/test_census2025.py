"""The 2025 census snapshots (final excerpt, preliminary council file) and the live path of
the final table 0004065920 against a body in the e-Stat API's shape. Expected values are
computed here from the snapshot bytes, not copied from the readers' output."""

from __future__ import annotations

import json

import pytest

from sources.census2025 import (
    CENSUS2025_FINAL_SOURCE,
    CENSUS2025_PRELIMINARY_SOURCE,
    Census2025FormatError,
    read_final_excerpt,
    read_preliminary_council,
)
from sources.estat.client import EStatClient
from sources.govstats.fetch import fetch_or_snapshot
from sources.govstats.provenance import snapshot_file
from sources.municipalities import MUNICIPALITIES
from tests.fixtures.estat.transport import fixture_bytes, replay_session

CODES = [m.code for m in MUNICIPALITIES]


def raw_final() -> dict[str, list[int]]:
    return json.loads(snapshot_file(CENSUS2025_FINAL_SOURCE).read_text(encoding="utf-8"))["values"]


def hub_sum(frame, measure: str) -> float:
    rows = frame[(frame.measure == measure) & frame.area_code.isin(CODES)]
    assert len(rows) == 14
    return rows.value.sum()


def test_final_snapshot_gives_the_youth_share_of_the_14_municipalities() -> None:
    raw = raw_final()
    total = sum(raw[c][0] for c in CODES)
    under_15 = sum(raw[c][1] for c in CODES)
    frame, outcome = fetch_or_snapshot("census2025_final")
    assert outcome.mode == "snapshot" and outcome.release == "final"
    assert outcome.release_date == "2026-09-29" and outcome.stats_data_id == "0004065920"
    assert hub_sum(frame, "total") == total and hub_sum(frame, "age_under_15") == under_15
    assert f"{100 * under_15 / total:.2f}" == "10.50"
    assert set(frame.year) == {2025} and set(frame.table_id) == {"0004065920"}


def test_preliminary_snapshot_is_its_own_release() -> None:
    doc = json.loads(snapshot_file(CENSUS2025_PRELIMINARY_SOURCE).read_text(encoding="utf-8"))
    expected = sum(m["pop"] for m in doc["municipalities"] if m["code"] in CODES)
    frame, outcome = fetch_or_snapshot("census2025_preliminary")
    assert outcome.release == "preliminary" and "no live source" in outcome.reason
    assert hub_sum(frame, "total") == expected
    assert set(frame.measure) == {"total"}  # the preliminary file has no age groups


def test_a_foreign_json_is_refused(tmp_path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"meta": {"statsDataId": "0003445078"}, "values": {}}', encoding="utf-8")
    with pytest.raises(Census2025FormatError, match="0003445078"):
        read_final_excerpt(path)


def test_live_final_table_is_asked_for_the_14_codes_and_read_by_axis_names() -> None:
    body = json.loads(fixture_bytes("statsData_0004065920_hub14.json"))
    raw = {
        v["@area"]: v
        for v in body["GET_STATS_DATA"]["STATISTICAL_DATA"]["DATA_INF"]["VALUE"]
        if v["@cat02"] == "R1"
    }
    session, adapter = replay_session(lambda _e, _p: (200, json.dumps(body).encode()))
    client = EStatClient("TESTAPPID", session=session, sleep=lambda _s: None)
    frame, outcome = fetch_or_snapshot("census2025_final", client)
    assert outcome.mode == "live" and outcome.stats_data_id == "0004065920"
    assert outcome.release_date == "2026-09-29"
    endpoint, params = adapter.calls[0]
    assert endpoint == "getStatsData" and params["cdArea"].split(",") == CODES
    assert hub_sum(frame, "age_under_15") == sum(float(raw[c]["$"]) for c in CODES)
    snapshot, _outcome = fetch_or_snapshot("census2025_final")
    # the same numbers by either route: same measures, same totals
    for measure in ("total", "age_under_15", "age_65_plus"):
        assert hub_sum(frame, measure) == hub_sum(snapshot, measure)


def test_a_live_table_without_an_age_axis_falls_back_to_the_snapshot() -> None:
    body = json.loads(fixture_bytes("statsData_0004065920_hub14.json"))
    classes = body["GET_STATS_DATA"]["STATISTICAL_DATA"]["CLASS_INF"]["CLASS_OBJ"]
    next(c for c in classes if c["@id"] == "cat02")["@name"] = "配偶関係"
    session, _ = replay_session(lambda _e, _p: (200, json.dumps(body).encode()))
    client = EStatClient("TESTAPPID", session=session, sleep=lambda _s: None)
    _frame, outcome = fetch_or_snapshot("census2025_final", client)
    assert outcome.mode == "snapshot" and "年齢" in outcome.reason


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not a UTF-8 JSON"),
        ("[1, 2]", "not the 2025 census final excerpt"),
        ('{"meta": {"statsDataId": "0004065920"}, "values": {"06201": [1, "-", 3]}}', "'-'"),
        ('{"meta": {"statsDataId": "0004065920"}, "values": {"06201": [1, null, 3]}}', "None"),
    ],
)
def test_a_damaged_final_excerpt_is_refused_with_a_message(tmp_path, content, words) -> None:
    path = tmp_path / "final.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(Census2025FormatError, match=words):
        read_final_excerpt(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xff\xfe{", "not a UTF-8 JSON"),
        (b'{"municipalities": ["06201"]}', "no municipality list"),
        (b'{"municipalities": [{"code": "06201", "pop": "243,000"}]}', "'243,000'"),
    ],
)
def test_a_damaged_preliminary_file_is_refused_with_a_message(tmp_path, content, words) -> None:
    path = tmp_path / "prelim.json"
    path.write_bytes(content)
    with pytest.raises(Census2025FormatError, match=words):
        read_preliminary_council(path)
