"""The 2025 census (令和7年国勢調査), published after every baseline of the vision.

Two releases, like 2020: the preliminary count (人口速報集計, population only) and the
final count (人口等基本集計, e-Stat statsDataId 0004065920, with age groups). Both readers
return the census long frame of `sources.govstats` (one value per area × sex × measure)
plus a `year` column, so the warehouse loader needs no special case.

The final table is also read live from e-Stat (`census2025_frame_from_stats_data`): its
class axes are found by their names (男女 / 年齢 / 国籍), not by position or code, because
the 2025 table's codes were not available here to verify — a table without those axes is
refused rather than misread.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from sources.area import DEFAULT_AREA_PREFIX
from sources.estat.shapes import StatsData
from sources.municipalities import members
from sources.profile import AreaPrefix

CENSUS2025_YEAR = 2025
CENSUS2025_FINAL_SOURCE = "census2025_final_yamagata06"
CENSUS2025_PRELIMINARY_SOURCE = "census2025_preliminary_council"
CENSUS2025_FINAL_STATS_DATA_ID = "0004065920"  # 人口等基本集計 男女、年齢（5歳階級）…
CENSUS2025_PRELIMINARY_STATS_DATA_ID = "0004050397"


def hub_area_codes() -> tuple[str, ...]:
    """The codes of the members of the profile this call works under."""
    return tuple(m.code for m in members())


# The final excerpt stores [総人口, 0～14歳, 65歳以上] per area code (原数値, 年齢不詳 not
# distributed), as named in the upstream script.
FINAL_VALUE_MEASURES = ("total", "age_under_15", "age_65_plus")
MEASURE_LABELS = {"total": "総数", "age_under_15": "（再掲）15歳未満", "age_65_plus": "65歳以上"}

# Live table: which age item is which measure, matched on the item's name after removing
# （再掲）. e-Stat names the 15-year groups 15歳未満 / 65歳以上 in the 2020 table 2-7-1.
LIVE_AGE_ITEMS = {"総数": "total", "15歳未満": "age_under_15", "65歳以上": "age_65_plus"}


class Census2025FormatError(ValueError):
    """A 2025 census snapshot or e-Stat table is not in the expected shape."""


def _row(code: str, name: str, measure: str, value: float | None) -> dict[str, object]:
    text = "" if value is None else f"{value:,.0f}"
    return {
        "area_code": code,
        "area_name": name,
        "sex": "total",
        "measure": measure,
        "measure_label": MEASURE_LABELS.get(measure, measure),
        "unit": "人",
        "value": value,
        "value_text": text,
        "marker": None,
        "year": CENSUS2025_YEAR,
    }


def _names() -> dict[str, str]:
    return {m.code: m.name for m in members()}


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Census2025FormatError(f"{path}: not a UTF-8 JSON file ({exc})") from exc


def _count(path: Path, where: str, value: object) -> float:
    """A head count as stored (an int or a float); anything else is refused, never 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Census2025FormatError(f"{path}: {where} is {value!r}, not a number of people")
    return float(value)


def read_final_excerpt(path: Path) -> pd.DataFrame:
    """The final count excerpt: `{"meta": {...}, "values": {code: [total, 0-14, 65+]}}`."""
    doc = _read_json(path)
    doc = doc if isinstance(doc, dict) else {}
    meta, values = doc.get("meta") or {}, doc.get("values")
    meta = meta if isinstance(meta, dict) else {}
    if meta.get("statsDataId") != CENSUS2025_FINAL_STATS_DATA_ID or not isinstance(values, dict):
        raise Census2025FormatError(
            f"{path}: not the 2025 census final excerpt (statsDataId {meta.get('statsDataId')!r})"
        )
    names = _names()
    rows = []
    for code, triple in sorted(values.items()):
        if not isinstance(triple, list) or len(triple) != len(FINAL_VALUE_MEASURES):
            raise Census2025FormatError(f"{path}: values[{code!r}] is not [total, 0-14, 65+]")
        for measure, value in zip(FINAL_VALUE_MEASURES, triple, strict=True):
            count = _count(path, f"values[{code!r}] {measure}", value)
            rows.append(_row(code, names.get(code, code), measure, count))
    return pd.DataFrame(rows)


def read_preliminary_council(
    path: Path, area_prefix: AreaPrefix | None = DEFAULT_AREA_PREFIX
) -> pd.DataFrame:
    """The preliminary count, from the council-seat file built on the 速報 Excel: per
    municipality `code`, `name`, `pop` (the `seats` it also carries are not statistics)."""
    doc = _read_json(path)
    items = doc.get("municipalities") if isinstance(doc, dict) else None
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise Census2025FormatError(f"{path}: no municipality list with code/pop")
    rows = []
    for item in items:
        code, pop = str(item.get("code", "")), item.get("pop")
        if area_prefix and not code.startswith(area_prefix):
            continue
        if pop is None:
            raise Census2025FormatError(f"{path}: municipality {code} has no pop")
        count = _count(path, f"municipality {code} pop", pop)
        rows.append(_row(code, str(item.get("name") or code), "total", count))
    return pd.DataFrame(rows)


def _axis(data: StatsData, word: str) -> str:
    for obj in data.class_objs:
        if word in (obj.name or ""):
            return obj.id
    names = [o.name for o in data.class_objs]
    raise Census2025FormatError(f"e-Stat table has no {word} axis (axes: {names})")


def census2025_frame_from_stats_data(data: StatsData) -> pd.DataFrame:
    """e-Stat getStatsData of 0004065920 → the same long frame as `read_final_excerpt`:
    sex total, nationality total, age 総数 / 15歳未満 / 65歳以上, one row per area."""
    frame = data.frame
    if frame.empty:
        return pd.DataFrame(columns=list(_row("", "", "total", None)))
    sex, age = _axis(data, "男女"), _axis(data, "年齢")
    keep = frame[frame[f"{sex}_name"].isin(["総数", "男女計"])]
    nationality = next((o.id for o in data.class_objs if "国籍" in (o.name or "")), None)
    if nationality:
        keep = keep[keep[f"{nationality}_name"].str.contains("総数", na=False)]
    age_names = keep[f"{age}_name"].str.replace("（再掲）", "", regex=False).str.strip()
    keep = keep.assign(measure=age_names.map(LIVE_AGE_ITEMS)).dropna(subset=["measure"])
    rows = []
    for _, r in keep.iterrows():
        row = _row(r["area_code"], r["area_name"], r["measure"], r["value"])
        row.update(value_text=r["value_text"], marker=r["marker"])
        rows.append(row)
    found = {r["measure"] for r in rows}
    if found != set(LIVE_AGE_ITEMS.values()):
        raise Census2025FormatError(
            f"e-Stat table lacks age items {sorted(set(LIVE_AGE_ITEMS) - set(age_names))}"
        )
    return pd.DataFrame(rows)
