"""The 2020 census: the final counts from the e-Stat CSV, the preliminary ones from the
API body, as one long frame by area, sex and age group."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sources.area import DEFAULT_AREA_PREFIX
from sources.estat.bodies import decode_stats_data
from sources.estat.shapes import StatsData
from sources.estat.values import KNOWN_MARKERS, parse_value_text
from sources.govstats.provenance import (
    CENSUS2020_FINAL_SOURCE,
    CENSUS2020_PRELIMINARY_SOURCE,
    PROVENANCE_COLUMNS,
    SnapshotFormatError,
    keep_areas,
    provenance_of,
    snapshot_file,
    with_provenance,
)
from sources.manifest import source_entry
from sources.profile import AreaPrefix

CENSUS_COLUMNS = (
    "area_code",
    "area_name",
    "sex",
    "measure",
    "measure_label",
    "unit",
    "value",
    "value_text",
    "marker",
    *PROVENANCE_COLUMNS,
)
SEX_BY_CODE = {"0": "total", "1": "male", "2": "female"}

_AGE_RANGE = re.compile(r"^(\d+)～(\d+)歳$")
_AGE_PLUS = re.compile(r"^(\d+)歳以上$")
_AGE_UNDER = re.compile(r"^(\d+)歳未満$")


def measure_name(label: str) -> str:
    """Census age column header → stable ascii measure name.

    総数 → total, 0～4歳 → age_0_4, 100歳以上 → age_100_plus, 年齢「不詳」 → age_unknown,
    （再掲）15歳未満 → age_under_15, （再掲）15～64歳 → age_15_64 (再掲 groups never collide
    with the 5-year groups).
    """
    text = label.replace("（再掲）", "").strip()
    if text == "総数":
        return "total"
    if text == "年齢「不詳」":
        return "age_unknown"
    for pattern, template in (
        (_AGE_RANGE, "age_{}_{}"),
        (_AGE_PLUS, "age_{}_plus"),
        (_AGE_UNDER, "age_under_{}"),
    ):
        match = pattern.match(text)
        if match:
            return template.format(*match.groups())
    raise SnapshotFormatError(f"unknown census age column {label!r}")


@dataclass(frozen=True)
class _EStatCsv:
    """An e-Stat database CSV split into its parts."""

    legend: dict[str, str]  # marker symbol → meaning, from the metadata lines
    header: list[str]
    rows: list[list[str]]


def _read_estat_csv(path: Path) -> _EStatCsv:
    """Split an e-Stat DB CSV into metadata legend, column header and data rows.

    The file starts with metadata lines (統計名：, 表番号：, … and the marker legend such as
    `"***","当該数値がないもの"`), then a line of class codes and the column header line
    that begins with `表章事項 コード`.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    header_at = next(
        (i for i, row in enumerate(lines) if row and row[0] == "表章事項 コード"), None
    )
    if header_at is None:
        raise SnapshotFormatError(f"{path}: no '表章事項 コード' header line")
    legend = {
        row[0]: row[1]
        for row in lines[:header_at]
        if len(row) == 2 and row[0] and not row[0].endswith("：")
    }
    rows = [row for row in lines[header_at + 1 :] if row]
    return _EStatCsv(legend=legend, header=lines[header_at], rows=rows)


def _column(header: list[str], predicate: Callable[[str], bool], what: str) -> int:
    for i, name in enumerate(header):
        if predicate(name):
            return i
    raise SnapshotFormatError(f"census CSV has no {what} column")


def _parse_cell(text: str, legend: dict[str, str]) -> tuple[float, str | None]:
    value, marker = parse_value_text(text)
    if marker is not None and marker not in legend and marker not in KNOWN_MARKERS:
        raise SnapshotFormatError(f"census CSV cell {text!r} is neither a number nor a marker")
    return value, marker


def _census_csv_rows(table: _EStatCsv) -> list[dict[str, Any]]:
    header = table.header
    sex_at = _column(header, lambda h: h == "男女 コード", "男女 コード")
    nat_at = _column(header, lambda h: h == "国籍総数か日本人 コード", "国籍 コード")
    area_at = _column(
        header, lambda h: "市区町村" in h and h.endswith(" コード"), "市区町村 コード"
    )
    unit_at = _column(header, lambda h: h == "表章事項", "表章事項")
    first_measure = _column(header, lambda h: h == "総数", "総数")
    measures = [(i, header[i], measure_name(header[i])) for i in range(first_measure, len(header))]
    out: list[dict[str, Any]] = []
    for row in table.rows:
        if row[nat_at] != "0":  # 国籍総数 only; 日本人 rows are not part of this extract
            continue
        unit_match = re.search(r"【(.+?)】", row[unit_at])
        for i, label, measure in measures:
            value, marker = _parse_cell(row[i], table.legend)
            out.append(
                {
                    "area_code": row[area_at],
                    "area_name": row[area_at + 1],
                    "sex": SEX_BY_CODE[row[sex_at]],
                    "measure": measure,
                    "measure_label": label,
                    "unit": unit_match.group(1) if unit_match else None,
                    "value": value,
                    "value_text": row[i],
                    "marker": marker,
                }
            )
    return out


def read_census_2020(
    path: Path | str | None = None, *, area_prefix: AreaPrefix | None = DEFAULT_AREA_PREFIX
) -> pd.DataFrame:
    """2020 census final (確定) counts by area, sex and age group, long.

    Default: the shipped extract of 表2-7-1 for the area's prefecture (sha256-checked).
    `measure == "total"` is the total population. Former (2000-era) municipalities appear
    with names like （旧：○○町）; they are areas of their own, not part of today's totals —
    filter by code. Markers (`-`, `***`) keep value NaN, never 0. A custom `path` must hold
    the same table (e.g. the all-Japan download): the provenance columns always name the
    manifest entry.
    """
    entry = source_entry(CENSUS2020_FINAL_SOURCE)
    csv_path = Path(path) if path is not None else snapshot_file(entry.id)
    frame = pd.DataFrame(_census_csv_rows(_read_estat_csv(csv_path)), columns=CENSUS_COLUMNS[:9])
    frame["value"] = frame["value"].astype("float64")
    frame = keep_areas(frame, area_prefix)
    return with_provenance(frame, provenance_of(entry), CENSUS_COLUMNS)


# --------------------------------------------------------------------------- census via API


def census_frame_from_stats_data(
    data: StatsData,
    provenance: dict[str, str],
    area_prefix: AreaPrefix | None = DEFAULT_AREA_PREFIX,
) -> pd.DataFrame:
    """Decoded 男女別人口 table (tab × cat01=男女 × area × time) → census long frame.

    Raises SnapshotFormatError if the table's cat01 axis is not 男女, so a wrong statsDataId
    cannot silently become "population".
    """
    axes = {obj.id: obj.name for obj in data.class_objs}
    if data.frame.empty:
        return pd.DataFrame(columns=list(CENSUS_COLUMNS))
    if axes.get("cat01") != "男女" or "area" not in axes:
        raise SnapshotFormatError(f"not a 男女別人口 by area table (axes: {axes})")
    src = keep_areas(data.frame, area_prefix)
    frame = pd.DataFrame(
        {
            "area_code": src["area_code"],
            "area_name": src["area_name"],
            "sex": src["cat01_code"].map(SEX_BY_CODE),
            "measure": "total",
            "measure_label": "総数",
            "unit": src["unit"],
            "value": src["value"].astype("float64"),
            "value_text": src["value_text"],
            "marker": src["marker"],
        }
    )
    return with_provenance(frame, provenance, CENSUS_COLUMNS)


def read_census_2020_preliminary(
    path: Path | str | None = None, *, area_prefix: AreaPrefix | None = DEFAULT_AREA_PREFIX
) -> pd.DataFrame:
    """2020 census preliminary (速報) counts by area and sex, from the shipped API body.

    Same columns as `read_census_2020` (measure is always "total"); release "preliminary".
    """
    entry = source_entry(CENSUS2020_PRELIMINARY_SOURCE)
    body_path = Path(path) if path is not None else snapshot_file(entry.id)
    body = json.loads(body_path.read_text(encoding="utf-8"))
    return census_frame_from_stats_data(decode_stats_data(body), provenance_of(entry), area_prefix)
