"""Official statistics (census, IPSS projections) shaped for `statistic_release` and
`fact_official_statistic`, on the same municipality codes as the document's facts."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass

import pandas as pd

from sources.govstats.datasets import DATASETS
from sources.govstats.fetch import FetchOutcome
from sources.govstats.hashing import content_hash
from sources.municipalities import members_by_code

# One name per concept (issue 22): each publisher's name of an age group becomes the
# warehouse's, age_<first>_<last> (age_65_plus open-ended), whoever published it.
_CENSUS_MEASURES = {"total": "population", "age_under_15": "age_0_14"}
_IPSS_MEASURES = {
    "population": "population",
    "under15": "age_0_14",
    "working_age": "age_15_64",
    "elderly": "age_65_plus",
}
# What an area of a statistic is, so that SUM(value) can be kept to one kind of area
# (the name fact_wholesale_retail.area_kind uses for the same concept).
AREA_KINDS = ("country", "prefecture", "member", "non_member", "former")
_COUNTRY_CODE = "00000"
_PREFECTURE_CODE = re.compile(r"\d{2}000")
# The census prints a former municipality (merged since) as （旧：鶴岡市）, some with a code
# that is not a number (0620B).
_FORMER_NAME = re.compile(r"\(旧")
_CENSUS2020_YEAR = 2020


@dataclass(frozen=True)
class OfficialRelease:
    dataset_id: str
    release: pd.DataFrame  # one row for statistic_release
    facts: pd.DataFrame  # rows for fact_official_statistic


def release_id(dataset_id: str, values_hash: str) -> str:
    return f"{dataset_id}-{values_hash[:12]}"


def _census_facts(frame: pd.DataFrame) -> pd.DataFrame:
    """Census-shaped frames (2020, 2025, SSDSE-A): the reference year is a column where the
    reader knows it per value; the 2020 census readers predate that and mean 2020."""
    return pd.DataFrame(
        {
            "area_code": frame["area_code"],
            "area_name": frame["area_name"],
            "measure": frame["measure"].map(lambda m: _CENSUS_MEASURES.get(m, m)),
            "sex": frame["sex"] if "sex" in frame.columns else None,
            "year": frame["year"] if "year" in frame.columns else _CENSUS2020_YEAR,
            "value": frame["value"],
            "value_text": frame["value_text"],
            "marker": frame["marker"] if "marker" in frame.columns else None,
            "unit": frame["unit"],
        }
    )


def _ipss_facts(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": frame["area_code"],
            "area_name": frame["area_name"],
            "measure": frame["metric"].map(lambda m: _IPSS_MEASURES.get(m, m)),
            "sex": "total",
            "year": frame["year"],
            "value": frame["value"],
            "value_text": frame["value"].map(lambda v: f"{v:,.0f}" if pd.notna(v) else ""),
            "marker": None,
            "unit": "人",
        }
    )


def area_kind(code: str, name: str | None, members: Container[str]) -> str:
    """country, prefecture, member (one of the area's municipalities), non_member (another
    municipality of the prefecture) or former (a municipality merged since)."""
    if code == _COUNTRY_CODE:
        return "country"
    if _PREFECTURE_CODE.fullmatch(code):
        return "prefecture"
    if code in members:
        return "member"
    if not code.isdigit() or _FORMER_NAME.search(unicodedata.normalize("NFKC", name or "")):
        return "former"
    return "non_member"


def official_release(
    dataset_id: str, frame: pd.DataFrame, outcome: FetchOutcome
) -> OfficialRelease:
    """Shape one fetched or snapshot dataset as a release and its facts."""
    values_hash = outcome.content_hash or content_hash(frame)
    rid = release_id(dataset_id, values_hash)
    facts = _ipss_facts(frame) if "metric" in frame.columns else _census_facts(frame)
    facts.insert(0, "dataset_id", dataset_id)
    facts.insert(0, "release_id", rid)
    by_code = members_by_code()
    facts["municipality_code"] = facts["area_code"].where(facts["area_code"].isin(by_code))
    facts["area_kind"] = [
        area_kind(code, name, by_code)
        for code, name in zip(facts["area_code"], facts["area_name"], strict=True)
    ]
    first = frame.iloc[0] if len(frame) else {}
    release = pd.DataFrame(
        [
            {
                "release_id": rid,
                "dataset_id": dataset_id,
                "source_id": outcome.source_id,
                "title": outcome.table_title or DATASETS[dataset_id].title,
                "publisher": _get(first, "publisher"),
                "table_id": _get(first, "table_id"),
                "release": str(outcome.release),
                "release_date": outcome.release_date,
                "fetched_mode": outcome.mode,
                "fetch_note": outcome.summary,
                "content_hash": values_hash,
                "loaded_at": dt.datetime.now(dt.UTC),
            }
        ]
    )
    return OfficialRelease(dataset_id, release, facts)


def _get(row: object, key: str) -> str | None:
    try:
        value = row[key]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    return None if pd.isna(value) else str(value)


def official_frames(releases: list[OfficialRelease]) -> dict[str, pd.DataFrame]:
    """The releases as extra inputs for the cross-source checks, keyed `official_<dataset>`."""
    return {f"official_{r.dataset_id}": r.facts for r in releases}
