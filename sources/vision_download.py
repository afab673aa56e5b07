"""Check the city's vision PDF URL for a new revision: one conditional GET, then sha256.

Why this shape: the city republishes the vision every year (策定 令和7年2月, 改訂 令和8年2月)
and sometimes re-uploads identical bytes, or changes ETag/Last-Modified without changing
the file. So the cheap HTTP validators (If-None-Match / If-Modified-Since → 304) only save
the download; the sha256 of the body decides whether the publication is new.

The URL of the PDF itself (not the city's page, which is `official_url` in the manifest)
changes with each revision, so it is configuration: `VISION_PDF_URL`, falling back to the
manifest's `pdf_url` when that is filled in.

No retries here: the caller is a sensor whose next tick is the retry, and a sensor tick
must stay short. Every failure is a typed `DownloadError` naming the URL.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from typing import Any

import requests
import urllib3

from sources.http_body import BodyTimedOut, BodyTooLarge, read_body
from sources.http_request import RequestDeadlinePassed, equip, get_by
from sources.manifest import default_vision_entry
from sources.revision_store import revision_key

PDF_URL_ENV = "VISION_PDF_URL"
#: (connect, read) seconds: well inside Dagster's 60 s sensor evaluation limit.
DEFAULT_TIMEOUT: tuple[float, float] = (10.0, 40.0)
#: The whole check, from connecting to the last byte: a server trickling bytes must not
#: hold a sensor tick (each socket read is bounded by DEFAULT_TIMEOUT, the body is not).
DEFAULT_DEADLINE = 50.0
#: The shipped edition is < 1 MB; anything near this limit is not the vision.
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
USER_AGENT = "vision-pipeline (revision check; conditional GET)"
PDF_MAGIC = b"%PDF-"


class DownloadError(Exception):
    """The PDF could not be checked: timeout, connection error, HTTP error or bad body."""

    def __init__(self, url: str, detail: str, http_status: int | None = None) -> None:
        self.url = url
        self.detail = detail
        self.http_status = http_status
        super().__init__(f"{url}: {detail}")


class NotAPdfError(DownloadError):
    """HTTP 200, but the body is not a PDF (typically an HTML error or login page)."""

    def __init__(self, url: str, content_type: str | None, head: bytes) -> None:
        self.content_type = content_type
        snippet = head[:60].decode("utf-8", "replace").replace("\n", " ").strip()
        super().__init__(
            url,
            f"HTTP 200 but not a PDF (Content-Type {content_type or 'missing'!r}, "
            f"body starts {snippet!r})",
            200,
        )


@dataclass(frozen=True)
class Validators:
    """What the previous check saw: HTTP validators for the conditional GET, and the
    sha256 of the last body. Also the sensor's cursor (see `to_dict`/`from_dict`)."""

    url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None

    def request_headers(self, url: str) -> dict[str, str]:
        """Conditional headers, only when they were issued for this same URL: an ETag of
        last year's file URL says nothing about this year's."""
        if self.url not in (None, url):
            return {}
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def to_dict(self) -> dict[str, str | None]:
        return {
            "url": self.url,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "sha256": self.sha256,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Validators:
        """Tolerant of missing keys so older cursors still load."""
        return cls(
            **{k: _str_or_none(data.get(k)) for k in ("url", "etag", "last_modified", "sha256")}
        )


@dataclass(frozen=True)
class NotModified:
    """HTTP 304: the server says the file has not changed since our validators."""

    url: str


@dataclass(frozen=True)
class Unchanged:
    """HTTP 200, but the bytes hash to the sha256 we already have (a re-upload)."""

    url: str
    sha256: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class NewRevision:
    """HTTP 200 with a PDF we have not seen: a new publication (or the first check)."""

    url: str
    content: bytes = field(repr=False)
    sha256: str
    etag: str | None
    last_modified: str | None

    @property
    def key(self) -> str:
        return revision_key(self.sha256)


CheckOutcome = NotModified | Unchanged | NewRevision


def configured_pdf_url() -> str | None:
    """`VISION_PDF_URL`, else the manifest's `pdf_url` for the vision, else None."""
    url = os.environ.get(PDF_URL_ENV, "").strip()
    if url:
        return url
    manifest_url = default_vision_entry().extra.get("pdf_url")
    return _str_or_none(str(manifest_url).strip()) if manifest_url else None


def check_revision(
    url: str,
    previous: Validators | None = None,
    *,
    session: requests.Session | None = None,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    deadline: float = DEFAULT_DEADLINE,
) -> CheckOutcome:
    """One conditional GET of `url`, classified as NotModified / Unchanged / NewRevision,
    finished within `deadline` seconds.

    Raises `DownloadError` (or its subclass `NotAPdfError`) for everything else.
    """
    if session is None:
        with requests.Session() as own:
            return check_revision(
                url,
                previous,
                session=own,
                timeout=timeout,
                max_bytes=max_bytes,
                deadline=deadline,
            )
    end = time.monotonic() + deadline
    previous = previous or Validators()
    headers = {"User-Agent": USER_AGENT, "Accept": "application/pdf,*/*;q=0.5"}
    headers |= previous.request_headers(url)
    try:
        with get_by(equip(session), url, end=end, timeout=timeout, headers=headers) as response:
            if response.status_code == 304:
                return NotModified(url)
            if response.status_code != 200:
                raise DownloadError(url, f"HTTP {response.status_code}", response.status_code)
            content = _read_body(response, url, max_bytes, end)
    except RequestDeadlinePassed as exc:
        raise DownloadError(url, f"timed out: {exc}") from exc
    except requests.Timeout as exc:
        raise DownloadError(url, f"timed out ({type(exc).__name__}: {exc})") from exc
    except requests.RequestException as exc:
        raise DownloadError(url, f"request failed ({type(exc).__name__}: {exc})") from exc
    if not content.startswith(PDF_MAGIC):
        raise NotAPdfError(url, response.headers.get("Content-Type"), content)
    sha256 = hashlib.sha256(content).hexdigest()
    etag = response.headers.get("ETag")
    last_modified = response.headers.get("Last-Modified")
    if sha256 == previous.sha256:
        return Unchanged(url, sha256, etag, last_modified)
    return NewRevision(url, content, sha256, etag, last_modified)


def _read_body(response: requests.Response, url: str, max_bytes: int, end: float) -> bytes:
    """Read the streamed body by `end` (monotonic clock), refusing more than `max_bytes`
    (a wrong URL can point at anything); every failure is a DownloadError."""
    try:
        return read_body(response, end=end, max_bytes=max_bytes)
    except BodyTooLarge:
        raise DownloadError(
            url, f"body larger than {max_bytes} bytes; not the vision PDF"
        ) from None
    except BodyTimedOut as exc:
        raise DownloadError(url, f"timed out: {exc}") from None
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise DownloadError(url, f"reading the body failed ({type(exc).__name__}: {exc})") from exc


def _str_or_none(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
