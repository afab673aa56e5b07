"""SSDSE-A excerpts: the related statistics, each value with its own reference year,
checked against sums computed here from the CP932 bytes."""

from __future__ import annotations

import csv
import io

import pytest

from sources.govstats import SSDSE_EDITIONS, fetch_or_snapshot, snapshot_file, ssdse_source_id
from sources.municipalities import MUNICIPALITIES
from sources.ssdse_a import SsdseFormatError, read_ssdse_a

CODES = {m.code for m in MUNICIPALITIES}


def column_sum(edition: int, item: str) -> tuple[int, int]:
    rows = list(
        csv.reader(
            io.StringIO(snapshot_file(ssdse_source_id(edition)).read_bytes().decode("cp932"))
        )
    )
    at = rows[0].index(item)
    total = sum(int(r[at]) for r in rows[3:] if r and r[0][1:] in CODES)
    return total, int(rows[1][at])


@pytest.mark.parametrize("edition", SSDSE_EDITIONS)
def test_each_edition_keeps_the_reference_year_of_each_column(edition: int) -> None:
    frame, outcome = fetch_or_snapshot(f"ssdse_a_{edition}")
    assert outcome.mode == "snapshot"
    for item, measure in (("C2208", "employees_private"), ("A5101", "in_migrants")):
        total, year = column_sum(edition, item)
        rows = frame[(frame.measure == measure) & frame.area_code.isin(CODES)]
        assert len(rows) == 14 and set(rows.year) == {year}
        assert rows.value.sum() == total


def test_the_2021_employees_differ_from_the_vision_baseline() -> None:
    total, year = column_sum(2026, "C2208")
    assert (total, year) == (232983, 2021)  # README of shared/govstats: 232,983 vs 231,390


def test_a_file_that_is_not_ssdse_is_refused(tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("a,b\n1,2\n".encode("cp932"))
    with pytest.raises(SsdseFormatError):
        read_ssdse_a(path)
