"""One request over HTTP: bounded in time and size, retried when the failure is transient."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
import urllib3

from sources.estat.faults import EStatRequestError, EStatResponseError, redact
from sources.http_body import BodyTimedOut, BodyTooLarge, read_body
from sources.http_request import RedirectRefused, get_by

log = logging.getLogger("sources.estat")

#: Defaults that give up within a minute: (connect, per-read) socket timeouts, a deadline
#: for one attempt (connect + the whole body, so a server trickling bytes cannot hold a
#: request), and a budget for all attempts of one request including the backoff.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 10.0)
DEFAULT_ATTEMPT_DEADLINE = 15.0
DEFAULT_REQUEST_DEADLINE = 55.0
#: A getStatsData page holds at most 100,000 values (about 10 MB of JSON); a body far
#: beyond that is not an e-Stat answer, and is refused before it fills the memory.
DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
_RETRY_HTTP_STATUSES = frozenset({429, 500, 502, 503, 504})
_NOT_RETRIED = (
    RedirectRefused,
    requests.exceptions.InvalidURL,
    requests.exceptions.InvalidSchema,
    requests.exceptions.MissingSchema,
)


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


class EStatTransport:
    """The HTTP half of `EStatClient`: send one GET with retries and deadlines, read its
    body against the size cap, parse it as JSON. Uses the attributes the client sets."""

    _app_id: str
    session: requests.Session
    base_url: str
    timeout: float | tuple[float, float]
    retry: RetryPolicy
    sleep: Callable[[float], None]
    attempt_deadline: float
    request_deadline: float
    max_body_bytes: int
    clock: Callable[[], float]
    requests_made: int

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
            except _NOT_RETRIED as exc:
                # A redirect out of e-Stat or a URL that cannot be asked: the same next time.
                problem = redact(f"{type(exc).__name__}: {exc}", self._app_id)
                raise EStatRequestError(endpoint, problem, None, attempt) from None
            except (
                requests.RequestException,
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
        """One GET, from connecting to the last byte of the body, by `end` (the socket
        timeouts alone only bound each single read)."""
        with get_by(
            self.session, url, end=end, timeout=self.timeout, clock=self.clock, params=params
        ) as response:
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
