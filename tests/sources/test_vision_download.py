"""Conditional GET of the vision PDF: 304, same bytes, new bytes, and every failure typed.

The responses are replayed by `PdfServer`, a `requests` adapter mounted on a real Session
(the same approach as tests/fixtures/estat/transport.py, which cannot be reused as is: it
ignores request headers and always answers JSON). The PDF bodies are the shipped edition
and a derived second edition (the same bytes plus a trailing PDF comment); the validator
headers are in the form Apache sends them for static files. No network is used.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from sources.manifest import default_vision_pdf
from sources.vision_download import (
    PDF_URL_ENV,
    DownloadError,
    NewRevision,
    NotAPdfError,
    NotModified,
    Unchanged,
    Validators,
    check_revision,
    configured_pdf_url,
)
from tests.fixtures.http import FakeServer

URL = "https://www.city.yamagata-yamagata.lg.jp/material/files/group/2/vision2_r8.pdf"
EDITION_1 = default_vision_pdf().read_bytes()
EDITION_2 = EDITION_1 + b"\n% second edition (test)\n"
ETAG_1 = '"d6f3c-64b1e0a3c2f40"'
ETAG_2 = '"d6f55-65a2b7c1d0e11"'
LAST_MODIFIED_1 = "Fri, 20 Feb 2026 01:12:09 GMT"
LAST_MODIFIED_2 = "Mon, 15 Feb 2027 00:30:00 GMT"
HTML_ERROR = (
    '<!DOCTYPE html>\n<html lang="ja"><head><title>ページが見つかりません｜山形市</title>'
    "</head><body><h1>お探しのページは見つかりませんでした</h1></body></html>"
).encode()


@dataclass
class Reply:
    """A recorded HTTP answer."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def pdf_reply(
    body: bytes = EDITION_1, etag: str = ETAG_1, modified: str = LAST_MODIFIED_1
) -> Reply:
    return Reply(
        200,
        body,
        {
            "Content-Type": "application/pdf",
            "Content-Length": str(len(body)),
            "ETag": etag,
            "Last-Modified": modified,
            "Accept-Ranges": "bytes",
        },
    )


NOT_MODIFIED = Reply(304, b"", {"ETag": ETAG_1})
SERVER_ERROR = Reply(
    500, b"<html><body>Internal Server Error</body></html>", {"Content-Type": "text/html"}
)
HTML_200 = Reply(200, HTML_ERROR, {"Content-Type": "text/html; charset=UTF-8"})


class PdfServer(FakeServer):
    """Answers requests from a queue of replies (the last one repeats) and records the
    request headers, so tests can see the conditional GET."""

    SCHEMES = ("https://", "http://")

    def __init__(self, *answers: Reply | Exception) -> None:
        super().__init__()
        self.answers = list(answers)
        self.requests: list[tuple[str, dict[str, str]]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.requests.append((str(request.url), dict(request.headers)))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        response = requests.Response()
        response.status_code = answer.status
        response.headers = CaseInsensitiveDict(answer.headers)
        response.raw = io.BytesIO(answer.body)
        response.url = str(request.url)
        response.request = request
        return response

    @property
    def last_headers(self) -> dict[str, str]:
        return self.requests[-1][1]


def test_first_check_downloads_a_new_revision_with_its_validators() -> None:
    server = PdfServer(pdf_reply())
    outcome = check_revision(URL, None, session=server.session())
    assert isinstance(outcome, NewRevision)
    assert outcome.content == EDITION_1
    assert outcome.sha256 == "c861fc555b2e20d5dc208565a4ad87c1875728392494f15c58ec0e773874847a"
    assert outcome.key == "c861fc555b2e"
    assert (outcome.etag, outcome.last_modified) == (ETAG_1, LAST_MODIFIED_1)
    assert "If-None-Match" not in server.last_headers


def test_known_validators_are_sent_and_304_is_not_modified() -> None:
    server = PdfServer(NOT_MODIFIED)
    previous = Validators(URL, ETAG_1, LAST_MODIFIED_1, "c861fc555b2e" + "0" * 52)
    assert check_revision(URL, previous, session=server.session()) == NotModified(URL)
    assert server.last_headers["If-None-Match"] == ETAG_1
    assert server.last_headers["If-Modified-Since"] == LAST_MODIFIED_1


def test_validators_of_another_url_are_not_sent() -> None:
    server = PdfServer(pdf_reply())
    previous = Validators("https://example.invalid/old.pdf", ETAG_2, LAST_MODIFIED_2, None)
    check_revision(URL, previous, session=server.session())
    assert "If-None-Match" not in server.last_headers
    assert "If-Modified-Since" not in server.last_headers


def test_200_with_the_same_bytes_is_unchanged() -> None:
    first = check_revision(URL, None, session=PdfServer(pdf_reply()).session())
    assert isinstance(first, NewRevision)
    reupload = pdf_reply(etag=ETAG_2, modified=LAST_MODIFIED_2)
    previous = Validators(URL, ETAG_1, LAST_MODIFIED_1, first.sha256)
    outcome = check_revision(URL, previous, session=PdfServer(reupload).session())
    assert outcome == Unchanged(URL, first.sha256, ETAG_2, LAST_MODIFIED_2)


def test_200_with_new_bytes_is_a_new_revision() -> None:
    previous = Validators(
        URL,
        ETAG_1,
        LAST_MODIFIED_1,
        "c861fc555b2e20d5dc208565a4ad87c1875728392494f15c58ec0e773874847a",
    )
    server = PdfServer(pdf_reply(EDITION_2, ETAG_2, LAST_MODIFIED_2))
    outcome = check_revision(URL, previous, session=server.session())
    assert isinstance(outcome, NewRevision)
    assert outcome.sha256 != previous.sha256
    assert outcome.etag == ETAG_2


def test_html_page_with_200_is_a_typed_error_naming_url_and_content_type() -> None:
    with pytest.raises(NotAPdfError) as caught:
        check_revision(URL, None, session=PdfServer(HTML_200).session())
    assert caught.value.url == URL
    assert caught.value.content_type == "text/html; charset=UTF-8"
    assert URL in str(caught.value) and "text/html" in str(caught.value)
    assert "<!DOCTYPE html>" in str(caught.value)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (requests.ReadTimeout("read timed out"), "timed out"),
        (requests.ConnectTimeout("connect timed out"), "timed out"),
        (requests.ConnectionError("Name or service not known"), "request failed"),
        (SERVER_ERROR, "HTTP 500"),
        (Reply(404, b"not found", {"Content-Type": "text/html"}), "HTTP 404"),
    ],
)
def test_transport_failures_are_download_errors_with_the_url(
    answer: Reply | Exception, expected: str
) -> None:
    server = PdfServer(answer)
    with pytest.raises(DownloadError, match=expected) as caught:
        check_revision(URL, None, session=server.session())
    assert caught.value.url == URL
    assert str(caught.value).startswith(URL)
    assert len(server.requests) == 1  # no retries: the next sensor tick is the retry


def test_an_oversized_body_is_refused() -> None:
    with pytest.raises(DownloadError, match="larger than"):
        check_revision(URL, None, session=PdfServer(pdf_reply()).session(), max_bytes=1000)


def test_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PDF_URL_ENV, raising=False)
    assert configured_pdf_url() is None  # manifest pdf_url is null until known
    monkeypatch.setenv(PDF_URL_ENV, f"  {URL} ")
    assert configured_pdf_url() == URL


def test_validators_round_trip_and_tolerate_old_cursors() -> None:
    validators = Validators(URL, ETAG_1, LAST_MODIFIED_1, "ab" * 32)
    assert Validators.from_dict(validators.to_dict()) == validators
    assert Validators.from_dict({"etag": ETAG_1}) == Validators(etag=ETAG_1)


def test_a_server_trickling_the_pdf_is_given_up_on_at_the_deadline():
    import time

    from tests.sources.test_estat_faults import HANDLER_SECONDS, FaultServer

    def trickle(handler, _params) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(EDITION_1)))
        handler.end_headers()
        stop = time.monotonic() + HANDLER_SECONDS
        for byte in EDITION_1[:200]:
            if time.monotonic() > stop:
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.05)  # each read gets a byte long before its socket timeout

    server = FaultServer({"trickle": trickle})
    server.thread.start()
    try:
        session = requests.Session()
        session.trust_env = False
        started = time.monotonic()
        with pytest.raises(DownloadError, match="timed out: body not complete in time"):
            check_revision(
                server.url("trickle") + "vision.pdf", session=session, timeout=(1, 1), deadline=1
            )
        assert time.monotonic() - started < 3
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
