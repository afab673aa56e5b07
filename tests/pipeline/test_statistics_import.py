"""`vision statistics import FILE --dataset ID`: an e-Stat table downloaded elsewhere
becomes a release of its own in the warehouse, or is refused in one line with nothing kept."""

import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "estat"
CENSUS_2025 = FIXTURES / "statsData_0004065920_hub14.json"


@pytest.fixture(autouse=True)
def _offline(tmp_path, monkeypatch):
    monkeypatch.setenv("VISION_STATISTICS_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)


def _planted(tmp_path: Path, add: int) -> tuple[Path, int]:
    """The recorded 2025 body with 山形市's total `add` higher (a release the snapshot is not)."""
    body = json.loads(CENSUS_2025.read_text(encoding="utf-8"))
    values = body["GET_STATS_DATA"]["STATISTICAL_DATA"]["DATA_INF"]["VALUE"]
    [total] = [v for v in values if v["@area"] == "06201" and v["@cat02"] == "00"]
    total["$"] = str(int(total["$"]) + add)
    path = tmp_path / "estat_0004065920.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path, int(total["$"])


def test_a_downloaded_census_becomes_a_release_with_its_provenance(warehouse_copy, tmp_path):
    planted, yamagata = _planted(tmp_path, add=7)
    result = CliRunner().invoke(
        main,
        [
            "--lang", "en", "statistics", "import", str(planted),
            "--dataset", "census2025_final", "--warehouse", str(warehouse_copy),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "new release of census2025_final" in result.output
    # the refresh after it says where the statistic came from
    [statistics_line] = [x for x in result.output.splitlines() if "imported download" in x]
    assert f"census2025_final: imported {planted.name}" in statistics_line
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        releases = con.execute(
            "SELECT fetched_mode, source_id, table_id, release_date, fetch_note "
            "FROM statistic_release WHERE dataset_id = 'census2025_final' "
            "ORDER BY loaded_at DESC"
        ).fetchall()
        counted = con.execute(
            "SELECT census_value, census_release_id FROM population_by_municipality "
            "WHERE municipality_code = '06201' AND year = 2025"
        ).fetchone()
        newest = con.execute(
            "SELECT release_id FROM statistic_release WHERE fetched_mode = 'file'"
        ).fetchone()
    mode, source_id, table_id, release_date, note = releases[0]
    assert (mode, table_id, str(release_date)) == ("file", "0004065920", "2026-09-29")
    sha = hashlib.sha256(planted.read_bytes()).hexdigest()
    assert source_id == f"file:{sha[:12]}" and planted.name in note
    assert counted == (yamagata, newest[0])


def test_a_refused_download_keeps_nothing_and_says_so_in_one_line(warehouse_copy, tmp_path):
    first_page_only = FIXTURES / "statsData_0003445078_p1.json"
    before = hashlib.sha256(warehouse_copy.read_bytes()).hexdigest()
    result = CliRunner().invoke(
        main,
        [
            "--lang", "en", "statistics", "import", str(first_page_only),
            "--dataset", "census2020_final", "--warehouse", str(warehouse_copy),
        ],
    )  # fmt: skip
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "nothing kept" in lines[0] and first_page_only.name in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").rglob("*.json"))
    assert hashlib.sha256(warehouse_copy.read_bytes()).hexdigest() == before
