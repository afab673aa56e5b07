"""An e-Stat table downloaded elsewhere is read as a live fetch reads it (the recorded
bodies of tests/fixtures/estat stand in for the downloads), or refused naming the file."""

import json
import os
from pathlib import Path

import pytest

from sources.govstats.downloads import DownloadError, keep_download, read_download, read_import
from sources.govstats.fetch import fetch_or_snapshot
from sources.govstats.import_store import imports, imports_fingerprint, latest_import

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "estat"
FINAL_2020 = [FIXTURES / "statsData_0003445078_p1.json", FIXTURES / "statsData_0003445078_p2.json"]
PRELIMINARY = [FIXTURES / f"statsData_0003433219_yamagata_p{n}.json" for n in (1, 2, 3)]
CENSUS_2025 = FIXTURES / "statsData_0004065920_hub14.json"


@pytest.fixture(autouse=True)
def _own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("VISION_STATISTICS_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)


def test_every_page_of_a_paged_answer_makes_the_table_in_any_order():
    download = read_download("census2020_preliminary", list(reversed(PRELIMINARY)))
    assert len(download.frame) == 111  # 全国 + 山形県 + its 35 municipalities × 3 sexes
    assert download.stats_data_id == "0003433219"
    by_area = download.frame[download.frame.sex == "total"].set_index("area_code").value
    assert by_area["06201"] == 247_747  # 山形市, the preliminary count
    assert set(download.frame.source_id) == {download.source_id}
    assert download.source_id.startswith("file:")


def test_the_final_census_keeps_its_release_date_and_title():
    download = read_download("census2020_final", FINAL_2020, area_prefix=None)
    assert (download.release_date, len(download.frame)) == ("2021-11-30", 42)
    assert "男女別人口" in (download.table_title or "")


@pytest.mark.parametrize(
    ("dataset", "files", "refusal"),
    [
        ("census2020_final", FINAL_2020[:1], "no file holds the page from value 26"),
        ("census2020_final", FINAL_2020[1:], "no file holds the first page"),
        ("census2020_final", PRELIMINARY, "holds table 0003433219, this dataset reads 0003445078"),
        ("census2020_final", [FIXTURES / "status_100_auth.json"], "STATUS 100"),
        ("ipss2023_projections", [CENSUS_2025], "has no e-Stat table to import"),
        ("census2025_final", [FIXTURES / "list_census.json"], "not a getStatsData answer"),
        ("no_such_dataset", [CENSUS_2025], "unknown dataset"),
    ],
)
def test_a_file_that_is_not_the_datasets_table_is_refused_by_name(dataset, files, refusal):
    with pytest.raises(DownloadError, match=refusal) as caught:
        read_download(dataset, files)
    if dataset != "no_such_dataset":
        assert files[0].name in str(caught.value)


def test_a_table_of_another_prefecture_is_refused(tmp_path):
    """The recorded 0003445078 answer covers 14 areas, none of 山形県 (prefix 06)."""
    with pytest.raises(DownloadError, match="no area of prefecture 06"):
        read_download("census2020_final", FINAL_2020)


def test_a_truncated_download_is_refused(tmp_path):
    cut = tmp_path / "cut.json"
    cut.write_bytes(CENSUS_2025.read_bytes()[:500])
    with pytest.raises(DownloadError, match="malformed JSON"):
        read_download("census2025_final", [cut])


@pytest.mark.parametrize(
    "answer",
    [
        {"GET_STATS_DATA": []},
        {"GET_STATS_DATA": {"STATISTICAL_DATA": "x"}},
        {"GET_STATS_DATA": {"STATISTICAL_DATA": {"TABLE_INF": "a@id"}}},
        {"GET_STATS_DATA": {"STATISTICAL_DATA": {"RESULT_INF": [1]}}},
    ],
)
def test_a_getstatsdata_answer_of_another_shape_is_refused_by_name(tmp_path, answer):
    # Parts that are no JSON objects where e-Stat writes objects: one line naming the file.
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps(answer), encoding="utf-8")
    with pytest.raises(DownloadError, match=f"^{odd}: "):
        read_download("census2020_final", [odd])


def test_a_pipe_given_as_a_download_is_refused_not_waited_on(tmp_path):
    pipe = tmp_path / "answer.json"
    os.mkfifo(pipe)
    with pytest.raises(DownloadError, match="not a regular file"):
        read_download("census2020_final", [pipe])


def test_a_kept_import_is_what_a_refresh_reads_before_the_snapshot(tmp_path):
    """Planted: 山形市's 2025 total one higher than the recorded body. Without an e-Stat
    key the dataset comes from the newest import, with the file's provenance."""
    body = json.loads(CENSUS_2025.read_text(encoding="utf-8"))
    values = body["GET_STATS_DATA"]["STATISTICAL_DATA"]["DATA_INF"]["VALUE"]
    [total] = [v for v in values if v["@area"] == "06201" and v["@cat02"] == "00"]
    total["$"] = str(int(total["$"]) + 1)
    planted = tmp_path / "0004065920_downloaded.json"
    planted.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")

    _, before = fetch_or_snapshot("census2025_final")
    assert before.mode == "snapshot"
    assert imports_fingerprint() == {}
    folder = keep_download(read_download("census2025_final", [planted]))
    assert imports("census2025_final") == [folder] == [latest_import("census2025_final")]
    assert imports_fingerprint() == {"census2025_final": f"file:{folder.name}"}
    frame, outcome = fetch_or_snapshot("census2025_final")
    assert outcome.mode == "file"
    assert (outcome.reason or "").startswith(f"imported {planted.name}")
    assert "no ESTAT_APP_ID" in (outcome.reason or "")
    assert outcome.release_date == "2026-09-29" and outcome.stats_data_id == "0004065920"
    assert outcome.content_hash != before.content_hash
    totals = frame[(frame.measure == "total") & (frame.sex == "total")].set_index("area_code")
    assert totals.value["06201"] == int(total["$"])
    assert len(read_import(folder, "census2025_final").frame) == len(frame)


def test_the_census_database_csv_is_read_for_the_2020_final_census():
    """e-Stat's database CSV download (shared/govstats, 表2-7-1) — the format the shipped
    snapshot was cut from — becomes the final census, totals by sex."""
    csv = Path("/work/shared/govstats/census2020/population_census_2020_yamagata06.csv")
    if not csv.is_file():
        pytest.skip("shared/govstats not present")
    download = read_download("census2020_final", [csv])
    totals = download.frame[download.frame.sex == "total"].set_index("area_code").value
    assert totals["06201"] == 247_590  # 山形市, final (README)
    assert set(download.frame.measure) == {"total"}
