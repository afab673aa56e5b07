"""Whole e-Stat bodies: the RESULT check, the decoders of each endpoint's answer and the
paging key."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from sources.estat.faults import EStatApiError, EStatError, EStatRequestError, EStatResponseError
from sources.estat.shapes import (
    ClassObj,
    MetaInfo,
    StatsData,
    as_list,
    node_text,
    parse_class_inf,
    parse_table_inf,
)
from sources.estat.values import decode_values

#: What an unexpected body shape raises while it is decoded.
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)

_SUCCESS_STATUSES = frozenset({0, 1, 2})


def find_result(body: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """Return (root key, RESULT) of an e-Stat body, e.g. ("GET_STATS_DATA", {...})."""
    for root, content in body.items():
        if isinstance(content, dict) and isinstance(content.get("RESULT"), dict):
            return root, content["RESULT"]
    raise KeyError("RESULT")


def decode_stats_data(
    body: Mapping[str, Any], class_objs: tuple[ClassObj, ...] | None = None
) -> StatsData:
    """Decode one getStatsData body (a page, or a whole response) into `StatsData`.

    `class_objs` lets later pages (fetched with metaGetFlg=N) reuse the first page's axes.
    """
    root = body.get("GET_STATS_DATA", {})
    status = int(str(root.get("RESULT", {}).get("STATUS", 0)))
    data = root.get("STATISTICAL_DATA") or {}
    result_inf = data.get("RESULT_INF") or {}
    total = result_inf.get("TOTAL_NUMBER")
    table = parse_table_inf(data["TABLE_INF"], total) if data.get("TABLE_INF") else None
    objs = parse_class_inf(data.get("CLASS_INF")) or (class_objs or ())
    data_inf = data.get("DATA_INF") or {}
    notes = {n.get("@char", ""): n.get("$", "") for n in as_list(data_inf.get("NOTE"))}
    frame = decode_values(as_list(data_inf.get("VALUE")), objs)
    return StatsData(table=table, class_objs=objs, frame=frame, status=status, notes=notes)


def stats_list_frame(body: Mapping[str, Any]) -> pd.DataFrame:
    """getStatsList TABLE_INF (or LIST_INF for statsNameList=Y) → one row per table.

    A table is listed once per COLLECT_AREA; rows are deduplicated by id.
    """
    datalist = body.get("GET_STATS_LIST", {}).get("DATALIST_INF") or {}
    if "LIST_INF" in datalist:
        rows = [
            {
                "stat_code": it.get("@id"),
                "stat_name": node_text(it.get("STAT_NAME")),
                "gov_org": node_text(it.get("GOV_ORG")),
            }
            for it in as_list(datalist["LIST_INF"])
        ]
        return pd.DataFrame(rows, columns=["stat_code", "stat_name", "gov_org"])
    rows = [_table_row(it) for it in as_list(datalist.get("TABLE_INF"))]
    frame = pd.DataFrame(rows, columns=_TABLE_COLUMNS)
    return frame.drop_duplicates("stats_data_id", ignore_index=True)


_TABLE_COLUMNS = [
    "stats_data_id",
    "stat_code",
    "stat_name",
    "gov_org",
    "statistics_name",
    "title_no",
    "title",
    "cycle",
    "survey_date",
    "open_date",
    "updated_date",
    "collect_area",
    "overall_total_number",
]


def _table_row(it: Mapping[str, Any]) -> dict[str, Any]:
    title = it.get("TITLE")
    stat = it.get("STAT_NAME")
    return {
        "stats_data_id": it.get("@id"),
        "stat_code": stat.get("@code") if isinstance(stat, dict) else None,
        "stat_name": node_text(stat),
        "gov_org": node_text(it.get("GOV_ORG")),
        "statistics_name": node_text(it.get("STATISTICS_NAME")),
        "title_no": title.get("@no") if isinstance(title, dict) else None,
        "title": node_text(title),
        "cycle": node_text(it.get("CYCLE")),
        # SURVEY_DATE is an int (202010) or a string ("202001-202012") depending on the table.
        "survey_date": node_text(it.get("SURVEY_DATE")),
        "open_date": node_text(it.get("OPEN_DATE")),
        "updated_date": node_text(it.get("UPDATED_DATE")),
        "collect_area": node_text(it.get("COLLECT_AREA")),
        "overall_total_number": it.get("OVERALL_TOTAL_NUMBER"),
    }


def as_int(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def decode_checked(
    endpoint: str, body: Mapping[str, Any], decode: Callable[[Mapping[str, Any]], Any]
) -> Any:
    try:
        return decode(body)
    except EStatError:
        raise
    except _SHAPE_ERRORS as exc:
        raise EStatResponseError(
            endpoint, f"unexpected shape ({type(exc).__name__}: {exc})"
        ) from None


def decode_meta_info(body: Mapping[str, Any]) -> MetaInfo:
    meta = body.get("GET_META_INFO", {}).get("METADATA_INF") or {}
    if "TABLE_INF" not in meta:
        raise EStatResponseError("getMetaInfo", "METADATA_INF.TABLE_INF is missing")
    return MetaInfo(
        table=parse_table_inf(meta["TABLE_INF"]),
        class_objs=parse_class_inf(meta.get("CLASS_INF")),
    )


def decoder_for(endpoint: str) -> Callable[[Mapping[str, Any]], Any]:
    """How `request` checks a body of `endpoint` before caching it."""
    return {
        "getStatsData": decode_stats_data,
        "getStatsList": stats_list_frame,
        "getMetaInfo": decode_meta_info,
    }.get(endpoint, lambda body: body)


def check_result(endpoint: str, body: Mapping[str, Any], http_status: int = 200) -> int:
    """Raise `EStatApiError` unless RESULT.STATUS is a success code; return the status."""
    try:
        _, result = find_result(body)
    except KeyError:
        if http_status >= 400:
            raise EStatRequestError(endpoint, f"HTTP {http_status}", http_status) from None
        raise EStatResponseError(endpoint, "no RESULT object in the body") from None
    raw_status = result.get("STATUS", -1)
    status = as_int(raw_status)
    if status is None:
        raise EStatResponseError(endpoint, f"RESULT.STATUS is not a number: {raw_status!r}")
    if status not in _SUCCESS_STATUSES:
        message = str(result.get("ERROR_MSG", ""))
        raise EStatApiError(endpoint, status, message, http_status if http_status != 200 else None)
    return status


def next_key(endpoint: str, body: Mapping[str, Any]) -> Any:
    """NEXT_KEY of a page, or None on the last page (or a no-data answer)."""
    if endpoint == "getStatsData":
        data = body.get("GET_STATS_DATA", {}).get("STATISTICAL_DATA") or {}
        return (data.get("RESULT_INF") or {}).get("NEXT_KEY")
    if endpoint == "getStatsList":
        datalist = body.get("GET_STATS_LIST", {}).get("DATALIST_INF") or {}
        return (datalist.get("RESULT_INF") or {}).get("NEXT_KEY")
    return None
