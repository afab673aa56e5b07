"""The e-Stat client against a misbehaving server: a bounded HTTP server on 127.0.0.1
serves each fault, and every request ends within its deadline with a typed error and
nothing cached.

Every fault handler stops by itself (a few seconds at most), so a client bug shows up as a
failed assertion, never as a hung test run.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from sources.estat.cache import ResponseCache
from sources.estat.client import EStatClient
from sources.estat.faults import EStatRequestError, EStatResponseError
from sources.estat.transport import RetryPolicy
from tests.fixtures.estat.transport import fixture_json

APP_ID = "TESTAPPID0123456789abcdef"
PAGE = fixture_json("statsData_0003433219_06201.json")
# Longest any fault handler keeps a connection busy.
HANDLER_SECONDS = 5.0


def page_with(next_key: str | None = None, **result: object) -> bytes:
    body = copy.deepcopy(PAGE)
    data = body["GET_STATS_DATA"]
    data["RESULT"].update(result)
    if next_key is not None:
        data["STATISTICAL_DATA"]["RESULT_INF"]["NEXT_KEY"] = next_key
    return json.dumps(body).encode()


def bad_value_shape() -> bytes:
    body = copy.deepcopy(PAGE)
    body["GET_STATS_DATA"]["STATISTICAL_DATA"]["DATA_INF"]["VALUE"] = ["247747", "x"]
    return json.dumps(body).encode()


Fault = Callable[[BaseHTTPRequestHandler, dict[str, str]], None]


def send(handler: BaseHTTPRequestHandler, body: bytes, length: int | None = None) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json;charset=utf-8")
    handler.send_header("Content-Length", str(len(body) if length is None else length))
    handler.end_headers()
    handler.wfile.write(body)


def slow_body(handler, _params) -> None:
    """Headers at once, then one byte every 0.1 s: each socket read succeeds."""
    body = page_with()
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    stop = time.monotonic() + HANDLER_SECONDS
    for byte in body:
        if time.monotonic() > stop:
            return
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.1)


def repeating_next_key(handler, params) -> None:
    send(handler, page_with(next_key="4"))  # the same key on every page


def non_advancing_next_key(handler, params) -> None:
    start = int(params.get("startPosition", "1"))
    send(handler, page_with(next_key=str(max(start - 1, 1) if start > 1 else 5)))


def huge_body(handler, _params) -> None:
    """Claims 64 MB and streams zeros until the client hangs up (or 16 MB are sent)."""
    handler.send_response(200)
    handler.send_header("Content-Length", str(64 * 2**20))
    handler.end_headers()
    chunk = b"0" * 2**16
    for _ in range(256):
        handler.wfile.write(chunk)


def truncated_body(handler, _params) -> None:
    body = page_with()
    send(handler, body[: len(body) // 2], length=len(body))


def bad_status(handler, _params) -> None:
    send(handler, page_with(STATUS="zero"))


def bad_value(handler, _params) -> None:
    send(handler, bad_value_shape())


def good(handler, _params) -> None:
    send(handler, page_with())


class FaultServer:
    """Routes /<fault>/<endpoint> to a fault; counts the requests each fault got."""

    def __init__(self, faults: dict[str, Fault]) -> None:
        self.faults = faults
        self.hits: dict[str, int] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            timeout = HANDLER_SECONDS

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                fault = parts.path.strip("/").split("/")[0]
                outer.hits[fault] = outer.hits.get(fault, 0) + 1
                # The client hanging up is what it should do on most faults.
                with suppress(BrokenPipeError, ConnectionResetError):
                    outer.faults[fault](self, dict(parse_qsl(parts.query)))

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, fault: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{fault}/"


@pytest.fixture
def server() -> Iterator[FaultServer]:
    faults = {
        name: fault
        for name, fault in globals().items()
        if name
        in {
            "slow_body",
            "repeating_next_key",
            "non_advancing_next_key",
            "huge_body",
            "truncated_body",
            "bad_status",
            "bad_value",
            "good",
        }
    }
    running = FaultServer(faults)
    running.thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


def client_for(server: FaultServer, fault: str, cache_dir: Path, **kwargs) -> EStatClient:
    session = requests.Session()
    session.trust_env = False  # never a proxy for 127.0.0.1
    options = {
        "timeout": (1.0, 1.0),
        "attempt_deadline": 1.0,
        "request_deadline": 3.0,
        "retry": RetryPolicy(max_attempts=3, base_delay=0.05),
        "cache": ResponseCache(cache_dir),
    } | kwargs
    return EStatClient(APP_ID, session=session, base_url=server.url(fault), **options)


def cached_files(cache_dir: Path) -> list[Path]:
    return list(cache_dir.glob("*.json")) if cache_dir.exists() else []


@pytest.mark.parametrize(
    ("fault", "error", "message", "seconds"),
    [
        ("slow_body", EStatRequestError, r"body not complete within 1 s", 3.5),
        ("repeating_next_key", EStatResponseError, r"NEXT_KEY 4 repeats", 1.0),
        ("non_advancing_next_key", EStatResponseError, r"NEXT_KEY 4 .*does not advance", 1.0),
        ("huge_body", EStatResponseError, r"larger than 1 MB", 1.0),
        ("truncated_body", EStatRequestError, r"after 3 attempt", 2.0),
        ("bad_status", EStatResponseError, r"STATUS is not a number: 'zero'", 1.0),
        ("bad_value", EStatResponseError, r"unexpected shape", 1.0),
    ],
)
def test_each_fault_ends_in_time_with_a_typed_error_and_nothing_cached(
    server, tmp_path, fault, error, message, seconds
):
    client = client_for(server, fault, tmp_path / "cache", max_body_bytes=2**20)
    started = time.monotonic()
    with pytest.raises(error, match=message):
        client.fetch_stats_data("0003433219", cdArea="06201")
    assert time.monotonic() - started < seconds
    assert cached_files(tmp_path / "cache") == []


def test_a_body_cut_off_mid_transfer_is_retried(server, tmp_path):
    client = client_for(server, "truncated_body", tmp_path / "cache")
    with pytest.raises(EStatRequestError):
        client.fetch_stats_data("0003433219")
    assert server.hits["truncated_body"] == 3  # every attempt of the policy


def test_the_request_deadline_covers_every_attempt(server, tmp_path):
    client = client_for(
        server,
        "slow_body",
        tmp_path / "cache",
        retry=RetryPolicy(max_attempts=10, base_delay=0.05),
        request_deadline=2.5,
    )
    started = time.monotonic()
    with pytest.raises(EStatRequestError, match=r"gave up after 2\.5 s"):
        client.fetch_stats_data("0003433219")
    assert time.monotonic() - started < 4


def test_a_good_answer_is_cached_under_its_base_url(server, tmp_path):
    cache = tmp_path / "cache"
    client_for(server, "good", cache).fetch_stats_data("0003433219", cdArea="06201")
    assert len(cached_files(cache)) == 1
    # The same question to another server is not answered from the first one's cache.
    with pytest.raises(EStatResponseError):
        client_for(server, "bad_status", cache).fetch_stats_data("0003433219", cdArea="06201")
    assert server.hits["bad_status"] == 1
    assert len(cached_files(cache)) == 1


def test_the_defaults_give_up_within_a_minute():
    client = EStatClient(APP_ID)
    worst = client.request_deadline + client.timeout[0]  # the last connect may start late
    assert client.attempt_deadline * client.retry.max_attempts <= 60
    assert worst <= 60
