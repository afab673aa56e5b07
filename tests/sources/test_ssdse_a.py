"""SSDSE-A excerpts: the related statistics, each value with its own reference year,
checked against sums computed here from the CP932 bytes."""

from __future__ import annotations

import csv
import io

import pytest

from sources.govstats.datasets import SSDSE_EDITIONS, ssdse_source_id
from sources.govstats.fetch import fetch_or_snapshot
from sources.govstats.provenance import snapshot_file
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


def edited_excerpt(tmp_path, edit) -> object:
    """The shipped 2026 excerpt with `edit(rows)` applied, written back as CP932."""
    text = snapshot_file(ssdse_source_id(2026)).read_bytes().decode("cp932")
    rows = list(csv.reader(io.StringIO(text)))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "edited.csv"
    path.write_bytes(out.getvalue().encode("cp932"))
    return path


def test_a_marker_is_kept_as_printed_and_never_read_as_a_number(tmp_path) -> None:
    at = {}

    def plant(rows):
        at["col"] = rows[0].index("C2208")
        at["row"] = next(i for i, r in enumerate(rows) if r and r[0][1:] in CODES)
        rows[at["row"]][at["col"]] = "X"

    frame = read_ssdse_a(edited_excerpt(tmp_path, plant))
    planted = frame[frame.value_text == "X"]
    assert len(planted) == 1 and planted.value.isna().all()
    assert planted.measure.iloc[0] == "employees_private"


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda rows: rows[4].__setitem__(rows[0].index("A5101"), "多数"), "not a number"),
        (lambda rows: rows[1].__setitem__(rows[0].index("A5101"), "令和"), "year row"),
        (lambda rows: rows.__setitem__(4, rows[4][:5]), "cells"),
    ],
)
def test_a_damaged_excerpt_is_refused_with_a_message(tmp_path, edit, words) -> None:
    with pytest.raises(SsdseFormatError, match=words):
        read_ssdse_a(edited_excerpt(tmp_path, edit), area_prefix=None)


@pytest.mark.parametrize(
    ("content", "words"), [(b"", "not an SSDSE-A file"), (b"SSDSE-A-2026,\x81\xff\n", "CP932")]
)
def test_an_empty_or_non_cp932_file_is_refused(tmp_path, content, words) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(SsdseFormatError, match=words):
        read_ssdse_a(path)
