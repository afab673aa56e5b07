"""A small e-Stat API v3 (JSON) client: find tables, read their metadata, fetch their values.

Why our own client: the maintained PyPI clients were evaluated (see the README section on
government statistics) and none gives what the pipeline needs together — `requests`
transport we can inject in tests, an on-disk response cache that never holds the app id,
e-Stat's special values (`-`, `***`, `X`, `…`) kept as markers instead of silently becoming
missing numbers, and the error bodies e-Stat sends on HTTP 200 and 403 turned into typed
errors. This module is deliberately plain: `requests` + `pandas`, no other dependency.

Facts about the API this code relies on (from real response bodies, see
`tests/fixtures/estat/README.md`):

- every body is `{ROOT: {RESULT: {STATUS, ERROR_MSG, DATE}, ...}}`; STATUS 0 = data,
  1 = success but no data, 2 = success (bulk API), ≥ 100 = error — all sent with HTTP 200,
  except that the WAF in front of the API may answer HTTP 403 with the same error body;
- paging: `RESULT_INF.NEXT_KEY` is present only when more rows exist and is passed back as
  `startPosition`;
- `CLASS_OBJ[i].CLASS` is an object when the class has one item and a list otherwise;
- `VALUE[i]["$"]` is always a string; symbols such as `-` and `***` stand for 当該数値がないもの.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import requests
import urllib3

from sources.http_body import BodyTimedOut, BodyTooLarge, read_body

log = logging.getLogger(__name__)

BASE_URL = "https://api.e-stat.go.jp/rest/3.0/app/json/"
APP_ID_ENV = "ESTAT_APP_ID"

#: Symbols e-Stat prints instead of a number. Any other non-numeric `$` is kept as a marker
#: too (tables declare their own in DATA_INF.NOTE); this set only documents the usual ones.
KNOWN_MARKERS = frozenset({"-", "***", "X", "x", "…", "...", "―", "*"})

#: Defaults that give up within a minute: (connect, per-read) socket timeouts, a deadline
#: for one attempt (connect + the whole body, so a server trickling bytes cannot hold a
#: request), and a budget for all attempts of one request including the backoff.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 10.0)
DEFAULT_ATTEMPT_DEADLINE = 15.0
DEFAULT_REQUEST_DEADLINE = 55.0
#: A getStatsData page holds at most 100,000 values (about 10 MB of JSON); a body far
#: beyond that is not an e-Stat answer, and is refused before it fills the memory.
DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
#: Pages followed for one table before paging is treated as a loop.
DEFAULT_MAX_PAGES = 1000
#: What an unexpected body shape raises while it is decoded.
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)

_SUCCESS_STATUSES = frozenset({0, 1, 2})
_NO_DATA_STATUS = 1
_RETRY_HTTP_STATUSES = frozenset({429, 500, 502, 503, 504})
_APP_ID_IN_URL = re.compile(r"(appId=)[^&\s'\"]+", re.IGNORECASE)


# --------------------------------------------------------------------------- errors


class EStatError(Exception):
    """Base class: anything that went wrong talking to e-Stat."""


class EStatUnavailable(EStatError):
    """No application id is configured, so the live API cannot be used at all.

    A refresh catches this (and only this, for "no credentials") to fall back to the
    shipped snapshots.
    """


class EStatApiError(EStatError):
    """e-Stat answered with `RESULT.STATUS` ≥ 100 (or another non-success STATUS).

    Carries the API's own `ERROR_MSG` so the user sees e.g. 「認証に失敗しました。…」.
    """

    def __init__(
        self, endpoint: str, status: int, message: str, http_status: int | None = None
    ) -> None:
        self.endpoint = endpoint
        self.status = status
        self.api_message = message
        self.http_status = http_status
        http = f", HTTP {http_status}" if http_status is not None else ""
        super().__init__(f"e-Stat {endpoint} failed with STATUS {status}{http}: {message}")


class EStatRequestError(EStatError):
    """The request itself failed: HTTP error, timeout or connection error (after retries)."""

    def __init__(
        self, endpoint: str, detail: str, http_status: int | None = None, attempts: int = 1
    ) -> None:
        self.endpoint = endpoint
        self.http_status = http_status
        self.attempts = attempts
        super().__init__(f"e-Stat {endpoint}: {detail} (after {attempts} attempt(s))")


class EStatResponseError(EStatError):
    """The body is not JSON, or not the JSON shape e-Stat documents."""

    def __init__(self, endpoint: str, detail: str) -> None:
        self.endpoint = endpoint
        super().__init__(f"e-Stat {endpoint} returned an unusable body: {detail}")


def redact(text: str, app_id: str | None = None) -> str:
    """Remove the application id from `text` (URLs, exception messages).

    Both the `appId=` query parameter and any literal occurrence of the id are replaced,
    because `requests` exceptions embed the full URL in their message.
    """
    text = _APP_ID_IN_URL.sub(r"\1***", text)
    if app_id:
        text = text.replace(app_id, "***")
    return text


class RedactAppIdFilter(logging.Filter):
    """Logging filter that strips `appId=…` from records.

    urllib3 logs every request line (with the full query string) at DEBUG level; this
    filter is installed on its logger so turning on debug logging cannot leak the app id.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def _install_log_redaction() -> None:
    target = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, RedactAppIdFilter) for f in target.filters):
        target.addFilter(RedactAppIdFilter())


# --------------------------------------------------------------------------- retry + cache


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff for transient failures (5xx, 429, timeouts, connection errors).

    Delay before retry n (1-based) is `min(base_delay * factor**(n-1), max_delay)`.
    """

    max_attempts: int = 4
    base_delay: float = 0.5
    factor: float = 2.0
    max_delay: float = 30.0

    def delay(self, retry_number: int) -> float:
        return min(self.base_delay * self.factor ** (retry_number - 1), self.max_delay)


def cache_key(endpoint: str, params: Mapping[str, Any]) -> str:
    """Stable key for a request: endpoint (the client passes its full URL, so another
    base URL is another key) + sorted params, with `appId` dropped.

    Dropping the app id means the cache is shared between users/keys and the id never
    reaches the disk.
    """
    clean = {k: str(v) for k, v in params.items() if k.lower() != "appid"}
    canonical = endpoint + "?" + "&".join(f"{k}={clean[k]}" for k in sorted(clean))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class ResponseCache:
    """A directory of successful response bodies, one JSON file per request key.

    Files hold the endpoint URL (base URL included: two servers never share an entry), the
    params (without appId), the time fetched and the body, so a cached file is also a
    readable record of what was asked. Only bodies that decoded are stored.
    """

    directory: Path
    max_age_seconds: float | None = None
    clock: Callable[[], float] = time.time

    def _path(self, key: str) -> Path:
        return Path(self.directory) / f"{key}.json"

    def get(self, endpoint: str, params: Mapping[str, Any]) -> dict[str, Any] | None:
        path = self._path(cache_key(endpoint, params))
        if not path.exists():
            return None
        # A damaged entry (cut short, hand-edited, another program's file) is a miss: the
        # answer is fetched again and the entry overwritten.
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            fetched_at = float(record.get("fetched_at", 0))
            body = record["body"]
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            return None
        if not isinstance(body, dict):
            return None
        age = self.clock() - fetched_at
        if self.max_age_seconds is not None and age > self.max_age_seconds:
            return None
        return body

    def discard(self, endpoint: str, params: Mapping[str, Any]) -> None:
        self._path(cache_key(endpoint, params)).unlink(missing_ok=True)

    def put(self, endpoint: str, params: Mapping[str, Any], body: dict[str, Any]) -> None:
        Path(self.directory).mkdir(parents=True, exist_ok=True)
        record = {
            "endpoint": endpoint,
            "params": {k: str(v) for k, v in sorted(params.items()) if k.lower() != "appid"},
            "fetched_at": self.clock(),
            "body": body,
        }
        path = self._path(cache_key(endpoint, params))
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)


# --------------------------------------------------------------------------- decoded shapes


@dataclass(frozen=True)
class ClassObj:
    """One classification axis (`tab`, `cat01`…, `area`, `time`) and its items."""

    id: str
    name: str
    items: tuple[dict[str, str], ...]

    def frame(self) -> pd.DataFrame:
        """Items as a frame: code, name, level, unit, parent_code."""
        rows = [
            {
                "code": it.get("@code"),
                "name": it.get("@name"),
                "level": it.get("@level"),
                "unit": it.get("@unit"),
                "parent_code": it.get("@parentCode"),
            }
            for it in self.items
        ]
        return pd.DataFrame(rows, columns=["code", "name", "level", "unit", "parent_code"])


@dataclass(frozen=True)
class TableInfo:
    """The parts of TABLE_INF a release check needs, plus the raw dict."""

    stats_data_id: str
    stat_name: str | None
    title: str | None
    survey_date: str | None
    open_date: str | None
    updated_date: str | None
    total_number: int | None
    raw: dict[str, Any] = field(repr=False, default_factory=dict)


@dataclass(frozen=True)
class MetaInfo:
    """Result of getMetaInfo: the table and its classification axes."""

    table: TableInfo
    class_objs: tuple[ClassObj, ...]

    def classes(self, class_id: str) -> pd.DataFrame:
        for obj in self.class_objs:
            if obj.id == class_id:
                return obj.frame()
        raise KeyError(f"table {self.table.stats_data_id} has no class {class_id!r}")


@dataclass(frozen=True)
class StatsData:
    """Result of getStatsData after paging: table info, axes and the tidy value frame."""

    table: TableInfo | None
    class_objs: tuple[ClassObj, ...]
    frame: pd.DataFrame
    status: int = 0
    notes: dict[str, str] = field(default_factory=dict)


def as_list(node: Any) -> list[Any]:
    """e-Stat sends a single item as an object and several as a list; always give a list."""
    if node is None:
        return []
    if isinstance(node, list):
        return node
    return [node]


def _text(node: Any) -> str | None:
    """`{"@code": .., "$": "国勢調査"}` → "国勢調査"; plain strings/ints pass through."""
    if node is None:
        return None
    if isinstance(node, dict):
        value = node.get("$")
        return None if value is None else str(value)
    return str(node)


def parse_table_inf(table_inf: Mapping[str, Any], total_number: int | None = None) -> TableInfo:
    title = table_inf.get("TITLE")
    total = total_number if total_number is not None else table_inf.get("OVERALL_TOTAL_NUMBER")
    return TableInfo(
        stats_data_id=str(table_inf.get("@id", "")),
        stat_name=_text(table_inf.get("STAT_NAME")),
        title=_text(title),
        survey_date=_text(table_inf.get("SURVEY_DATE")),
        open_date=_text(table_inf.get("OPEN_DATE")),
        updated_date=_text(table_inf.get("UPDATED_DATE")),
        total_number=int(total) if total not in (None, "") else None,
        raw=dict(table_inf),
    )


def parse_class_inf(class_inf: Mapping[str, Any] | None) -> tuple[ClassObj, ...]:
    if not class_inf:
        return ()
    return tuple(
        ClassObj(
            id=str(obj["@id"]),
            name=str(obj.get("@name", "")),
            items=tuple(as_list(obj.get("CLASS"))),
        )
        for obj in as_list(class_inf.get("CLASS_OBJ"))
    )


def parse_value_text(text: str | None) -> tuple[float, str | None]:
    """`"247747"` → (247747.0, None); `"-"` → (nan, "-"). Never turns a marker into 0."""
    if text is None:
        return float("nan"), None
    stripped = text.strip()
    try:
        return float(stripped.replace(",", "")), None
    except ValueError:
        return float("nan"), stripped


def decode_values(
    values: Iterable[Mapping[str, Any]], class_objs: tuple[ClassObj, ...]
) -> pd.DataFrame:
    """VALUE items + CLASS_INF → one row per value.

    Columns: for each class id `X` in CLASS_INF order `X_code`, `X_name` (and `area_level`
    for the area axis), then `unit`, `value` (float, NaN for markers), `value_text` (the
    printed string) and `marker` (the special symbol or None). Class ids that appear on
    values but not in CLASS_INF still get a `X_code` column.
    """
    lookup = {obj.id: {it.get("@code"): it for it in obj.items} for obj in class_objs}
    tab_units = {
        code: it.get("@unit") for code, it in lookup.get("tab", {}).items() if it.get("@unit")
    }
    rows = [_decode_value(item, lookup, tab_units) for item in values]
    columns = _value_columns(class_objs, rows)
    frame = pd.DataFrame(rows, columns=columns)
    frame["value"] = frame["value"].astype("float64")
    return frame


def _decode_value(
    item: Mapping[str, Any],
    lookup: Mapping[str, Mapping[str, Mapping[str, str]]],
    tab_units: Mapping[str, str],
) -> dict[str, Any]:
    """One VALUE item → one row: class codes + names, unit, value, value_text, marker."""
    row: dict[str, Any] = {}
    for key, raw in item.items():
        if not key.startswith("@") or key in ("@unit", "@annotation"):
            continue
        class_id = key[1:]
        entry = lookup.get(class_id, {}).get(raw)
        row[f"{class_id}_code"] = raw
        row[f"{class_id}_name"] = entry.get("@name") if entry else None
        if class_id == "area":
            row["area_level"] = entry.get("@level") if entry else None
    row["unit"] = item.get("@unit") or tab_units.get(item.get("@tab", ""))
    text = item.get("$")
    row["value_text"] = None if text is None else str(text)
    row["value"], row["marker"] = parse_value_text(row["value_text"])
    return row


def _value_columns(class_objs: tuple[ClassObj, ...], rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for obj in class_objs:
        columns += [f"{obj.id}_code", f"{obj.id}_name"]
        if obj.id == "area":
            columns.append("area_level")
    for row in rows:
        columns += [c for c in row if c not in columns and c.endswith(("_code", "_name"))]
    return [*columns, "unit", "value", "value_text", "marker"]


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
                "stat_name": _text(it.get("STAT_NAME")),
                "gov_org": _text(it.get("GOV_ORG")),
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
        "stat_name": _text(stat),
        "gov_org": _text(it.get("GOV_ORG")),
        "statistics_name": _text(it.get("STATISTICS_NAME")),
        "title_no": title.get("@no") if isinstance(title, dict) else None,
        "title": _text(title),
        "cycle": _text(it.get("CYCLE")),
        # SURVEY_DATE is an int (202010) or a string ("202001-202012") depending on the table.
        "survey_date": _text(it.get("SURVEY_DATE")),
        "open_date": _text(it.get("OPEN_DATE")),
        "updated_date": _text(it.get("UPDATED_DATE")),
        "collect_area": _text(it.get("COLLECT_AREA")),
        "overall_total_number": it.get("OVERALL_TOTAL_NUMBER"),
    }


# --------------------------------------------------------------------------- the client


def _join_codes(value: Any) -> str:
    """Allow `cdArea=["06201", "06206"]` as well as `cdArea="06201,06206"`."""
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value)
    return str(value)


class EStatClient:
    """e-Stat API v3 JSON client.

    `session` is any `requests.Session` (tests mount a fake adapter on one); `sleep` is
    injected so backoff can be tested without waiting; `cache` is optional and off by
    default because release detection needs fresh answers.

    Every request ends: one attempt may take `attempt_deadline` seconds from connecting to
    the last byte of the body, all attempts with their backoff `request_deadline`; a body
    over `max_body_bytes` is refused while it streams; paging stops with an error when
    NEXT_KEY repeats or does not advance, or after `max_pages` pages.
    """

    def __init__(
        self,
        app_id: str,
        *,
        session: requests.Session | None = None,
        base_url: str = BASE_URL,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        cache: ResponseCache | None = None,
        lang: str = "J",
        attempt_deadline: float = DEFAULT_ATTEMPT_DEADLINE,
        request_deadline: float = DEFAULT_REQUEST_DEADLINE,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        max_pages: int = DEFAULT_MAX_PAGES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not app_id:
            raise EStatUnavailable(f"no e-Stat application id (set {APP_ID_ENV})")
        self._app_id = app_id
        _install_log_redaction()
        self.session = session or requests.Session()
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.cache = cache
        self.lang = lang
        self.attempt_deadline = attempt_deadline
        self.request_deadline = request_deadline
        self.max_body_bytes = max_body_bytes
        self.max_pages = max_pages
        self.clock = clock
        self.requests_made = 0

    def __repr__(self) -> str:  # never show the app id
        return f"EStatClient(base_url={self.base_url!r}, app_id=***)"

    @classmethod
    def from_env(cls, **kwargs: Any) -> EStatClient:
        """Build a client from `ESTAT_APP_ID`; raise `EStatUnavailable` when it is unset."""
        app_id = os.environ.get(APP_ID_ENV, "").strip()
        if not app_id:
            raise EStatUnavailable(f"{APP_ID_ENV} is not set")
        return cls(app_id, **kwargs)

    # ---- public endpoints

    def get_stats_list(
        self,
        *,
        search_word: str | None = None,
        stats_code: str | None = None,
        survey_years: str | int | None = None,
        open_years: str | int | None = None,
        updated_date: str | None = None,
        stats_name_list: bool = False,
        all_pages: bool = True,
        **params: Any,
    ) -> pd.DataFrame:
        """Find tables (getStatsList). OPEN_DATE/UPDATED_DATE come back per table.

        With `stats_name_list=True` the API lists statistics (not tables) instead.
        """
        query = {
            "searchWord": search_word,
            "statsCode": stats_code,
            "surveyYears": survey_years,
            "openYears": open_years,
            "updatedDate": updated_date,
            "statsNameList": "Y" if stats_name_list else None,
            **params,
        }
        query = {k: v for k, v in query.items() if v is not None}
        frames = [
            frame for _, frame in self._pages("getStatsList", query, all_pages, stats_list_frame)
        ]
        frame = pd.concat(frames, ignore_index=True) if frames else stats_list_frame({})
        if "stats_data_id" in frame.columns:
            frame = frame.drop_duplicates("stats_data_id", ignore_index=True)
        return frame

    def get_meta_info(self, stats_data_id: str) -> MetaInfo:
        """Table info (OPEN_DATE/UPDATED_DATE) and classification axes of one table."""
        _, meta = self.fetch("getMetaInfo", {"statsDataId": stats_data_id}, decode_meta_info)
        return meta

    def fetch_stats_data(self, stats_data_id: str, **filters: Any) -> StatsData:
        """getStatsData following NEXT_KEY until every VALUE is read.

        `filters` are e-Stat parameter names (`cdArea`, `cdCat01`, `lvArea`, `limit`, …);
        lists are comma-joined. Returns an empty frame when e-Stat says STATUS 1 (no data).
        """
        query = {"statsDataId": stats_data_id, **{k: _join_codes(v) for k, v in filters.items()}}
        first: StatsData | None = None
        frames: list[pd.DataFrame] = []

        def decode(body: Mapping[str, Any]) -> StatsData:
            return decode_stats_data(body, first.class_objs if first else None)

        for _, page in self._pages("getStatsData", query, True, decode):
            first = first or page
            frames.append(page.frame)
        assert first is not None  # _pages always yields at least one body
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        return StatsData(first.table, first.class_objs, frame, first.status, first.notes)

    def get_stats_data(self, stats_data_id: str, **filters: Any) -> pd.DataFrame:
        """Tidy frame of all values of a table (see `decode_values` for the columns)."""
        return self.fetch_stats_data(stats_data_id, **filters).frame

    # ---- paging

    def _pages(
        self,
        endpoint: str,
        query: dict[str, Any],
        all_pages: bool,
        decode: Callable[[Mapping[str, Any]], Any],
    ) -> Iterator[tuple[dict[str, Any], Any]]:
        """(body, decoded page) for each page, following NEXT_KEY. A key that was seen
        before or does not move past the previous start is a loop: an error, not a hang.
        Pages are cached only once the last one has arrived, so a broken paging leaves
        nothing behind."""
        params = dict(query)
        start: int | None = None
        seen: set[str] = set()
        fetched: list[tuple[Mapping[str, Any], dict[str, Any]]] = []
        for page_number in range(1, self.max_pages + 1):
            body, page = self.fetch(endpoint, params, decode, store=False)
            fetched.append((params, body))
            yield body, page
            position = _next_key(endpoint, body)
            if position is None or not all_pages:
                for page_params, page_body in fetched:
                    self.store(endpoint, page_params, page_body)
                return
            key = str(position)
            number = _as_int(position)
            if key in seen or (number is not None and start is not None and number <= start):
                raise EStatResponseError(
                    endpoint,
                    f"NEXT_KEY {key} repeats or does not advance (page {page_number}, "
                    f"startPosition {start or 1}); paging stopped",
                )
            seen.add(key)
            start = number if number is not None else start
            params = {**query, "startPosition": position}
            if endpoint == "getStatsData":
                # Later pages only need values; the axes came with the first page.
                params.setdefault("metaGetFlg", "N")
        raise EStatResponseError(
            endpoint, f"still a NEXT_KEY after {self.max_pages} pages; paging stopped"
        )

    # ---- one request

    def request(self, endpoint: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """GET one endpoint: cache → HTTP with retries → JSON → RESULT.STATUS check."""
        body, _ = self.fetch(endpoint, params, _decoder_for(endpoint))
        return body

    def fetch(
        self,
        endpoint: str,
        params: Mapping[str, Any],
        decode: Callable[[Mapping[str, Any]], Any],
        *,
        store: bool = True,
    ) -> tuple[dict[str, Any], Any]:
        """(body, decode(body)) of one GET. Only a body that decodes is cached (when
        `store`): a malformed one raises EStatResponseError and is asked for again."""
        params = {"lang": self.lang, **params}
        url = self.base_url + endpoint
        if self.cache is not None:
            cached = self.cache.get(url, params)
            if cached is not None:
                log.debug("e-Stat %s served from cache", endpoint)
                try:
                    return cached, _decoded(endpoint, cached, decode)
                except EStatResponseError:
                    self.cache.discard(url, params)
                    raise
        status_code, content = self._send_with_retries(endpoint, params)
        body = self._parse_body(endpoint, status_code, content)
        check_result(endpoint, body, status_code)
        if status_code >= 400:
            raise EStatRequestError(endpoint, f"HTTP {status_code}", status_code)
        decoded = _decoded(endpoint, body, decode)
        if store:
            self.store(endpoint, params, body)
        return body, decoded

    def store(self, endpoint: str, params: Mapping[str, Any], body: dict[str, Any]) -> None:
        """Keep a decoded body in the cache (when there is one)."""
        if self.cache is not None:
            self.cache.put(self.base_url + endpoint, {"lang": self.lang, **params}, body)

    def _send_with_retries(self, endpoint: str, params: Mapping[str, Any]) -> tuple[int, bytes]:
        """(HTTP status, body bytes), retrying transient failures — 5xx/429, timeouts,
        connection errors, bodies cut off mid-transfer — within `request_deadline`."""
        url = self.base_url + endpoint
        full = {**params, "appId": self._app_id}
        give_up_at = self.clock() + self.request_deadline
        attempt = 0
        while True:
            attempt += 1
            attempt_end = min(self.clock() + self.attempt_deadline, give_up_at)
            try:
                self.requests_made += 1
                status_code, content = self._send_once(endpoint, url, full, attempt_end)
                if status_code not in _RETRY_HTTP_STATUSES:
                    return status_code, content
                problem = f"HTTP {status_code}"
                http_status: int | None = status_code
            except (
                requests.Timeout,
                requests.ConnectionError,
                requests.exceptions.ChunkedEncodingError,
                urllib3.exceptions.HTTPError,
                TimeoutError,
                ConnectionError,
            ) as exc:
                # The message of a requests exception contains the URL with the app id.
                problem = redact(f"{type(exc).__name__}: {exc}", self._app_id)
                http_status = None
            delay = self.retry.delay(attempt)
            out_of_time = self.clock() + delay >= give_up_at
            if attempt >= self.retry.max_attempts or out_of_time:
                if out_of_time and attempt < self.retry.max_attempts:
                    problem += f"; gave up after {self.request_deadline:g} s"
                raise EStatRequestError(endpoint, problem, http_status, attempt) from None
            log.warning("e-Stat %s: %s; retry %d in %.1fs", endpoint, problem, attempt, delay)
            self.sleep(delay)

    def _send_once(
        self, endpoint: str, url: str, params: Mapping[str, Any], end: float
    ) -> tuple[int, bytes]:
        """One GET whose body is read by the client, chunk by chunk, against the clock
        and the size cap (a socket timeout alone only bounds each single read)."""
        connect, read = self.timeout if isinstance(self.timeout, tuple) else (self.timeout,) * 2
        remaining = max(end - self.clock(), 0.001)
        response = self.session.get(
            url,
            params=params,
            timeout=(min(connect, remaining), min(read, remaining)),
            stream=True,
        )
        with response:
            return response.status_code, self._read_body(endpoint, response, end)

    def _read_body(self, endpoint: str, response: requests.Response, end: float) -> bytes:
        try:
            return read_body(
                response,
                end=end,
                max_bytes=self.max_body_bytes,
                read_timeout=_read_timeout(self.timeout),
                clock=self.clock,
            )
        except BodyTooLarge:
            raise EStatResponseError(
                endpoint,
                f"body larger than {self.max_body_bytes / 2**20:g} MB; refused "
                "(an e-Stat page is far smaller)",
            ) from None
        except BodyTimedOut as exc:
            raise requests.Timeout(
                f"body not complete within {self.attempt_deadline:g} s "
                f"({exc.received} bytes received)"
            ) from None

    @staticmethod
    def _parse_body(endpoint: str, status_code: int, content: bytes) -> dict[str, Any]:
        try:
            body = json.loads(content)
        except ValueError:
            if status_code >= 400:
                raise EStatRequestError(endpoint, f"HTTP {status_code}", status_code) from None
            snippet = content[:80].decode("utf-8", "replace").replace("\n", " ")
            raise EStatResponseError(endpoint, f"malformed JSON (starts {snippet!r})") from None
        if not isinstance(body, dict):
            raise EStatResponseError(endpoint, f"expected a JSON object, got {type(body).__name__}")
        return body


def _read_timeout(timeout: float | tuple[float, float]) -> float:
    return timeout[1] if isinstance(timeout, tuple) else timeout


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _decoded(
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


def _decoder_for(endpoint: str) -> Callable[[Mapping[str, Any]], Any]:
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
    status = _as_int(raw_status)
    if status is None:
        raise EStatResponseError(endpoint, f"RESULT.STATUS is not a number: {raw_status!r}")
    if status not in _SUCCESS_STATUSES:
        message = str(result.get("ERROR_MSG", ""))
        raise EStatApiError(endpoint, status, message, http_status if http_status != 200 else None)
    return status


def _next_key(endpoint: str, body: Mapping[str, Any]) -> Any:
    """NEXT_KEY of a page, or None on the last page (or a no-data answer)."""
    if endpoint == "getStatsData":
        data = body.get("GET_STATS_DATA", {}).get("STATISTICAL_DATA") or {}
        return (data.get("RESULT_INF") or {}).get("NEXT_KEY")
    if endpoint == "getStatsList":
        datalist = body.get("GET_STATS_LIST", {}).get("DATALIST_INF") or {}
        return (datalist.get("RESULT_INF") or {}).get("NEXT_KEY")
    return None
