"""Shipped government-statistics snapshots, their provenance, and the snapshot-or-live switch."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from sources.estat.client import EStatClient
from sources.estat.transport import RetryPolicy
from sources.govstats import datasets, provenance
from sources.govstats.census2020 import read_census_2020, read_census_2020_preliminary
from sources.govstats.fetch import fetch_or_snapshot
from sources.govstats.hashing import content_hash
from sources.govstats.ipss import read_ipss_2023
from sources.govstats.provenance import PROVENANCE_COLUMNS, Release, SnapshotIntegrityError
from sources.manifest import load_manifest
from sources.vision_pdf import file_sha256
from tests.fixtures.estat.transport import fixture_bytes, paged, replay_session

# The 14 municipalities of the 山形連携中枢都市圏, as listed in shared/govstats/README.md.
HUB14 = {
    "06201": "山形市",
    "06206": "寒河江市",
    "06207": "上山市",
    "06208": "村山市",
    "06210": "天童市",
    "06211": "東根市",
    "06212": "尾花沢市",
    "06301": "山辺町",
    "06302": "中山町",
    "06321": "河北町",
    "06322": "西川町",
    "06323": "朝日町",
    "06324": "大江町",
    "06341": "大石田町",
}
# Area totals stated in shared/govstats/README.md (hub14_population_2020_2050.csv).
README_HUB14_TOTALS = {
    2020: 531_855,
    2025: 509_061,
    2030: 485_814,
    2035: 462_645,
    2040: 439_053,
    2045: 414_790,
    2050: 390_148,
}
GOVSTATS_SOURCES = (
    "census2020_final_yamagata06",
    "census2020_preliminary_0003433219",
    "ipss2023_projections_yamagata06",
)


@pytest.fixture(scope="module")
def census() -> pd.DataFrame:
    return read_census_2020()


@pytest.fixture(scope="module")
def preliminary() -> pd.DataFrame:
    return read_census_2020_preliminary()


@pytest.fixture(scope="module")
def ipss() -> pd.DataFrame:
    return read_ipss_2023()


def totals(frame: pd.DataFrame) -> pd.Series:
    """Total population (both sexes, all ages) by area code."""
    rows = frame[(frame.sex == "total") & (frame.measure == "total")]
    return rows.set_index("area_code").value


# --------------------------------------------------------------------------- manifest


@pytest.mark.parametrize("source_id", GOVSTATS_SOURCES)
def test_manifest_sha256_matches_shipped_file(source_id):
    entry = next(e for e in load_manifest() if e.id == source_id)
    assert entry.snapshot.is_file()
    assert file_sha256(entry.snapshot) == entry.sha256
    assert Release(entry.extra["release"])
    assert entry.extra["table_id"] and entry.extra["upstream"]["commit"]
    assert entry.extra["attribution"].startswith("出典")


def test_shipped_snapshots_stay_small():
    size = sum(e.snapshot.stat().st_size for e in load_manifest() if e.id in GOVSTATS_SOURCES)
    assert size < 3_000_000


def test_a_tampered_snapshot_is_refused(monkeypatch):
    entry = provenance.source_entry("census2020_final_yamagata06")
    bad = dataclasses.replace(entry, sha256="0" * 64)
    monkeypatch.setattr(provenance, "source_entry", lambda _id: bad)
    with pytest.raises(SnapshotIntegrityError):
        read_census_2020()


# --------------------------------------------------------------------------- census


def test_census_has_the_14_municipalities_with_their_names(census):
    names = census.drop_duplicates("area_code").set_index("area_code").area_name
    assert {code: names[code] for code in HUB14} == HUB14


def test_hub14_total_2020_matches_readme(census):
    assert totals(census)[list(HUB14)].sum() == README_HUB14_TOTALS[2020]


def test_census_parses_thousands_separators_and_markers(census):
    yamagata = census[(census.area_code == "06201") & (census.sex == "total")]
    total = yamagata[yamagata.measure == "total"].iloc[0]
    assert (total.value, total.value_text) == (247590.0, "247,590")
    assert pd.isna(total.marker)
    by_measure = yamagata.set_index("measure").value
    assert by_measure["age_under_15"] == 29120 and by_measure["age_unknown"] == 5333

    marked = census[census.marker.notna()]
    assert set(marked.marker) == {"-"}
    assert marked.value.isna().all()  # a marker is never 0
    assert "（旧：藤島町）" in set(marked.area_name)  # e.g. 年齢「不詳」 of a former municipality
    hub_totals = census[census.area_code.isin(list(HUB14)) & (census.measure == "total")]
    assert hub_totals.marker.isna().all()


def test_census_sexes_add_up(census):
    tot = census[census.measure == "total"].pivot(index="area_code", columns="sex", values="value")
    assert (tot.male + tot.female == tot.total).all()


def test_preliminary_and_final_are_both_loadable_and_distinguishable(census, preliminary):
    final_yamagata = totals(census)["06201"]
    prelim_yamagata = totals(preliminary)["06201"]
    assert (prelim_yamagata, final_yamagata) == (247_747, 247_590)
    assert set(census.release) == {"final"}
    assert set(preliminary.release) == {"preliminary"}
    assert set(preliminary.release_date) == {"2021-06-25"}
    assert set(census.release_date) == {"2021-11-30"}
    assert set(HUB14) <= set(preliminary.area_code)
    assert list(census.columns) == list(preliminary.columns)


@pytest.mark.parametrize("reader", [read_census_2020, read_census_2020_preliminary, read_ipss_2023])
def test_every_frame_carries_provenance(reader):
    frame = reader()
    for column in PROVENANCE_COLUMNS:
        assert frame[column].notna().all() and (frame[column] != "").all(), column
    assert frame.source_id.nunique() == 1


# --------------------------------------------------------------------------- IPSS


def test_ipss_hub14_totals_match_readme(ipss):
    pop = ipss[(ipss.metric == "population") & ipss.area_code.isin(list(HUB14))]
    by_year = pop.groupby("year").value.sum().astype(int).to_dict()
    assert by_year == README_HUB14_TOTALS


def test_ipss_shape_and_basis(ipss):
    assert set(ipss.metric) == {"population", "under15", "working_age", "elderly"}
    assert set(ipss.area_code) >= set(HUB14)
    assert ipss.area_code.nunique() == 36
    assert set(ipss[ipss.year == 2020].basis) == {"census"}
    assert set(ipss[ipss.year > 2020].basis) == {"projection"}
    assert set(ipss.release) == {"projection"}
    wide = ipss[ipss.year > 2020].pivot_table(
        index=["area_code", "year"], columns="metric", values="value"
    )
    assert (wide.under15 + wide.working_age + wide.elderly == wide.population).all()


def test_ipss_2020_equals_census_final(census, ipss):
    ipss2020 = ipss[(ipss.year == 2020) & (ipss.metric == "population")].set_index("area_code")
    census_totals = totals(census)
    assert all(census_totals[c] == v for c, v in ipss2020.value.items())


# --------------------------------------------------------------------------- fetch_or_snapshot


def client_for(handler) -> EStatClient:
    session, _ = replay_session(handler)
    return EStatClient("TESTAPPID", session=session, sleep=lambda _s: None)


def test_no_app_id_falls_back_to_snapshot(monkeypatch, census):
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    frame, outcome = fetch_or_snapshot("census2020_final")

    assert outcome.mode == "snapshot" and outcome.reason == "no ESTAT_APP_ID"
    assert outcome.summary == "snapshot (reason: no ESTAT_APP_ID)"
    assert outcome.source_id == "census2020_final_yamagata06"
    assert outcome.release == "final" and outcome.release_date == "2021-11-30"
    assert set(frame.measure) == {"total"}
    assert totals(frame)["06201"] == 247_590
    assert outcome.content_hash == content_hash(frame)


def test_network_error_falls_back_and_says_so():
    client = client_for(lambda e, p: __import__("requests").ConnectionError("refused"))
    client.retry = RetryPolicy(max_attempts=2)
    frame, outcome = fetch_or_snapshot("census2020_final", client)
    assert outcome.mode == "snapshot"
    assert outcome.reason.startswith("network error:") and "TESTAPPID" not in outcome.reason
    assert len(frame) > 0


def test_api_error_falls_back():
    client = client_for(lambda e, p: (200, fixture_bytes("status_100_auth.json")))
    _, outcome = fetch_or_snapshot("census2020_preliminary", client)
    assert outcome.mode == "snapshot" and "STATUS 100" in outcome.reason


def test_live_preliminary_equals_snapshot_content(preliminary):
    client = client_for(paged("statsData_0003433219_yamagata", 3))
    frame, outcome = fetch_or_snapshot("census2020_preliminary", client)

    assert outcome.mode == "live" and outcome.reason is None
    assert outcome.summary == "live (e-Stat 0003433219, 111 rows)"
    assert (outcome.release, outcome.release_date) == ("preliminary", "2021-06-25")
    assert set(frame.source_id) == {"estat-api:0003433219"}
    assert totals(frame)["06201"] == 247_747
    # same numbers by another route → same content hash (no new release)
    assert outcome.content_hash == content_hash(preliminary)


def test_live_final_census_uses_0003445078():
    session, adapter = replay_session(paged("statsData_0003445078", 2))
    client = EStatClient("TESTAPPID", session=session)
    frame, outcome = fetch_or_snapshot("census2020_final", client, area_prefix=None)

    assert adapter.calls[0][1]["statsDataId"] == "0003445078"
    assert outcome.mode == "live" and outcome.stats_data_id == "0003445078"
    assert (outcome.release, outcome.release_date) == ("final", "2021-11-30")
    assert outcome.updated_date == "2026-09-29"
    assert len(frame) == 42 and totals(frame)["00000"] == 126_146_099
    assert set(frame.release) == {"final"}


def test_ipss_has_no_live_route():
    calls = []
    client = client_for(lambda e, p: calls.append(e) or (500, b""))
    frame, outcome = fetch_or_snapshot("ipss2023_projections", client)
    assert outcome.mode == "snapshot" and "no live source" in outcome.reason
    assert calls == [] and len(frame) == 36 * 7 * 4


def test_migration_report_without_configuration_is_unavailable(monkeypatch):
    monkeypatch.delenv(datasets.MIGRATION_STATS_DATA_ID_ENV, raising=False)
    frame, outcome = fetch_or_snapshot("migration_report")
    assert outcome.mode == "unavailable" and frame.empty
    assert datasets.MIGRATION_STATS_DATA_ID_ENV in outcome.reason


def test_migration_report_refuses_a_table_of_another_statistic(monkeypatch):
    # A configured id that answers with a census table must not become migration data.
    monkeypatch.setenv(datasets.MIGRATION_STATS_DATA_ID_ENV, "0003433219")
    client = client_for(paged("statsData_0003433219_yamagata", 3))
    frame, outcome = fetch_or_snapshot("migration_report", client)
    assert outcome.mode == "unavailable" and frame.empty
    assert "00200521" in outcome.reason and "00200523" in outcome.reason


# --------------------------------------------------------------------------- content_hash


def test_content_hash_ignores_order_and_provenance_but_not_values(preliminary):
    base = content_hash(preliminary)
    shuffled = preliminary.sample(frac=1, random_state=1)
    assert content_hash(shuffled) == base
    relabelled = preliminary.assign(source_id="elsewhere", release_date="2099-01-01")
    assert content_hash(relabelled) == base

    changed = preliminary.copy()
    changed.loc[changed.index[0], "value"] += 1
    assert content_hash(changed) != base
    with_nan = preliminary.copy()
    with_nan.loc[with_nan.index[0], "value"] = math.nan
    assert content_hash(with_nan) != base
