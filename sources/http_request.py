"""One HTTP GET that ends by a deadline whatever the server does, and that follows
redirects only within the origin it was sent to.

`requests` timeouts bound each socket read, not the request: a server that sends its
status line one byte a second never times out (each read succeeds), and one whose body
trickles holds the reader the same way (`sources.http_body` bounds the body, not what
comes before it). So while a request runs, a watchdog timer holds its sockets and shuts
them down at the deadline: any read blocked on them returns at once, and the request
fails as `RequestDeadlinePassed` (a `requests.Timeout`). The sockets are known because
the session's adapter makes its connections report them (`DeadlineAdapter`).

Redirects are followed here, not by `requests`: a redirect loop, or one to another host,
scheme or to `file://`, is a typed `RedirectRefused` instead of `TooManyRedirects` or
`InvalidSchema` escaping the caller's error handling.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

#: Redirects one request may follow (all within its origin) before it is a loop.
MAX_REDIRECTS = 5
#: The watchdog fires this long after the deadline: a body being read stops at the
#: deadline itself (`sources.http_body`, with its own message); the watchdog is for what
#: nothing else bounds — connecting, TLS, the status line and the headers.
WATCHDOG_GRACE_SECONDS = 0.1


class RequestDeadlinePassed(requests.Timeout):
    """The request (connect, status line, headers, body) did not end by its deadline."""


class RedirectRefused(requests.RequestException):
    """A redirect out of the request's origin, or more redirects than MAX_REDIRECTS."""


class _Watchdog:
    """Shuts down the sockets it holds when `seconds` have passed (a timer thread that is
    cancelled and joined when the request ends, so no thread outlives it)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()
        self._timer.join()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                _shut(sock)
            else:
                self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the request itself
        sock.shutdown(socket.SHUT_RDWR)


# The watchdog of the request running in this thread (or task), if any.
_watchdog: ContextVar[_Watchdog | None] = ContextVar("http_request_watchdog", default=None)


def _watch(sock: socket.socket | None) -> None:
    watchdog = _watchdog.get()
    if watchdog is not None and sock is not None:
        watchdog.watch(sock)


class _Watched:
    """Connection mixin: a new socket, and a kept-alive one on reuse, go to the watchdog."""

    sock: socket.socket | None

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        _watch(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> Any:
        _watch(self.sock)
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose connections report their sockets to the running request's
    watchdog (directly or through a proxy)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = dict(_POOLS)
        return manager


def equip(session: requests.Session) -> requests.Session:
    """Mount `DeadlineAdapter` for http and https, where the session has requests' own
    adapter (an adapter a test mounted to replay answers is left alone)."""
    for prefix in ("http://", "https://"):
        if type(session.get_adapter(prefix)) is HTTPAdapter:
            session.mount(prefix, DeadlineAdapter())
    return session


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


def _redirect_target(url: str, response: requests.Response, followed: int) -> str:
    """Where a redirect may lead: the same scheme, host and port, at most MAX_REDIRECTS."""
    location = response.headers.get("Location", "")
    target = urljoin(url, location)
    if followed >= MAX_REDIRECTS:
        raise RedirectRefused(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)")
    if _origin(target) != _origin(url):
        scheme, host, port = _origin(url)
        origin = f"{scheme}://{host}" + (f":{port}" if port else "")
        raise RedirectRefused(
            f"HTTP {response.status_code} redirect to {target[:120]!r} leaves {origin}; "
            "only redirects within the same origin are followed"
        )
    return target


@contextlib.contextmanager
def get_by(
    session: requests.Session,
    url: str,
    *,
    end: float,
    timeout: float | tuple[float, float],
    clock: Callable[[], float] = time.monotonic,
    **kwargs: Any,
) -> Iterator[requests.Response]:
    """A streamed GET of `url` (redirects within its origin followed) whose status,
    headers and body are all read by `end` on `clock`; read the body inside the block.
    Raises RequestDeadlinePassed, RedirectRefused or `requests`' own errors."""
    seconds = end - clock()
    if seconds <= 0:
        raise RequestDeadlinePassed("no time left for the request")
    with _Watchdog(seconds + WATCHDOG_GRACE_SECONDS) as watchdog:
        token = _watchdog.set(watchdog)
        answered = False  # the status line and headers are in: the body is being read
        try:
            response = _follow(session, url, end, timeout, clock, kwargs)
            if watchdog.expired:  # what was read before the shutdown can pass for an answer
                response.close()
                raise RequestDeadlinePassed(
                    f"no complete answer within the {round(seconds, 1):g} s allowed"
                )
            answered = True
            with response:
                yield response
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            if _cut_by_deadline(exc, watchdog, answered, clock() >= end - 0.01):
                raise RequestDeadlinePassed(
                    f"no complete answer within the {round(seconds, 1):g} s allowed"
                ) from exc
            raise
        except http.client.HTTPException as exc:  # a line too long, a bad status line
            raise requests.ConnectionError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            _watchdog.reset(token)


def _cut_by_deadline(
    exc: BaseException, watchdog: _Watchdog, answered: bool, past_end: bool
) -> bool:
    """Whether `exc` is the deadline at work: the watchdog's shutdown, or (before the
    answer) a socket read given only the time that was left. A body reader's own timeout
    already says so, with what it received (`sources.http_body`)."""
    if isinstance(exc, RedirectRefused) or (answered and isinstance(exc, requests.Timeout)):
        return False
    return watchdog.expired or (past_end and not answered)


def _follow(
    session: requests.Session,
    url: str,
    end: float,
    timeout: float | tuple[float, float],
    clock: Callable[[], float],
    kwargs: dict[str, Any],
) -> requests.Response:
    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    current = url
    for followed in range(MAX_REDIRECTS + 1):
        remaining = max(end - clock(), 0.001)
        response = session.get(
            current,
            timeout=(min(connect, remaining), min(read, remaining)),
            stream=True,
            allow_redirects=False,
            **kwargs,
        )
        if not response.is_redirect:
            return response
        response.close()
        current = _redirect_target(current, response, followed)
        kwargs = {k: v for k, v in kwargs.items() if k != "params"}  # in the Location now
    raise AssertionError("unreachable: _redirect_target refuses the redirect after the last")
