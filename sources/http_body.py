"""Reading an HTTP response body against a clock and a size cap.

`requests` timeouts bound each socket read, not the whole body: a server that sends one
byte a second never times out, and `iter_content` asks for a whole chunk before it checks
anything. So the body is read with `read1` (whatever one read returns) and the clock and
the size are checked after every read; the socket may wait no longer than the time left.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import requests
import urllib3

READ_CHUNK = 1 << 16


class BodyTooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(f"body larger than {limit / 2**20:g} MB")


class BodyTimedOut(Exception):
    def __init__(self, received: int) -> None:
        self.received = received
        super().__init__(f"body not complete in time ({received} bytes received)")


def read_body(
    response: requests.Response,
    *,
    end: float,
    max_bytes: int,
    read_timeout: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> bytes:
    """The body of a `stream=True` response, decoded, by `end` (on `clock`) and at most
    `max_bytes`; BodyTimedOut / BodyTooLarge otherwise. Transport errors (a connection
    cut mid-body) propagate as urllib3/requests exceptions."""
    raw = response.raw
    if not isinstance(raw, urllib3.response.BaseHTTPResponse):
        # A transport adapter that already holds the body (tests replay bodies this way).
        content = response.content
        if len(content) > max_bytes:
            raise BodyTooLarge(len(content), max_bytes)
        return content
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = end - clock()
        if remaining <= 0:
            raise BodyTimedOut(size)
        _limit_socket_wait(raw, remaining if read_timeout is None else min(remaining, read_timeout))
        chunk = raw.read1(READ_CHUNK, decode_content=True)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLarge(size, max_bytes)
        chunks.append(chunk)


def _limit_socket_wait(raw: urllib3.response.BaseHTTPResponse, seconds: float) -> None:
    """Let the next read wait no longer than `seconds` (urllib3 keeps the socket on
    `raw.connection.sock`; without it the per-read timeout still applies)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.001))
