"""The e-Stat API v3 JSON client: find tables, read their metadata, fetch their values.

Why our own client: the maintained PyPI clients were evaluated (see the README section on
government statistics) and none gives what the pipeline needs together — `requests`
transport we can inject in tests, an on-disk response cache that never holds the app id,
e-Stat's special values kept as markers, and the error bodies e-Stat sends on HTTP 200 and
403 turned into typed errors. Plain `requests` + `pandas`, no other dependency.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pandas as pd
import requests

from sources.estat.bodies import (
    as_int,
    check_result,
    decode_checked,
    decode_meta_info,
    decode_stats_data,
    decoder_for,
    next_key,
    stats_list_frame,
)
from sources.estat.cache import ResponseCache
from sources.estat.faults import (
    EStatRequestError,
    EStatResponseError,
    EStatUnavailable,
    install_log_redaction,
)
from sources.estat.shapes import MetaInfo, StatsData
from sources.estat.transport import (
    DEFAULT_ATTEMPT_DEADLINE,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_REQUEST_DEADLINE,
    DEFAULT_TIMEOUT,
    EStatTransport,
    RetryPolicy,
)
from sources.http_request import equip

log = logging.getLogger("sources.estat")

BASE_URL = "https://api.e-stat.go.jp/rest/3.0/app/json/"
APP_ID_ENV = "ESTAT_APP_ID"
#: Pages followed for one table before paging is treated as a loop.
DEFAULT_MAX_PAGES = 1000


def _join_codes(value: Any) -> str:
    """Allow `cdArea=["06201", "06206"]` as well as `cdArea="06201,06206"`."""
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value)
    return str(value)


class EStatClient(EStatTransport):
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
        install_log_redaction()
        # every request ends by its deadline (sources/http_request.py)
        self.session = equip(session or requests.Session())
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
            position = next_key(endpoint, body)
            if position is None or not all_pages:
                for page_params, page_body in fetched:
                    self.store(endpoint, page_params, page_body)
                return
            key = str(position)
            number = as_int(position)
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
        body, _ = self.fetch(endpoint, params, decoder_for(endpoint))
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
                    return cached, decode_checked(endpoint, cached, decode)
                except EStatResponseError:
                    self.cache.discard(url, params)
                    raise
        status_code, content = self._send_with_retries(endpoint, params)
        body = self._parse_body(endpoint, status_code, content)
        check_result(endpoint, body, status_code)
        if status_code >= 400:
            raise EStatRequestError(endpoint, f"HTTP {status_code}", status_code)
        decoded = decode_checked(endpoint, body, decode)
        if store:
            self.store(endpoint, params, body)
        return body, decoded

    def store(self, endpoint: str, params: Mapping[str, Any], body: dict[str, Any]) -> None:
        """Keep a decoded body in the cache (when there is one)."""
        if self.cache is not None:
            self.cache.put(self.base_url + endpoint, {"lang": self.lang, **params}, body)
