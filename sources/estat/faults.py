"""What can go wrong talking to e-Stat, as typed errors, and keeping the app id out of
every message and log line."""

from __future__ import annotations

import logging
import re

_APP_ID_IN_URL = re.compile(r"(appId=)[^&\s'\"]+", re.IGNORECASE)


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


def install_log_redaction() -> None:
    target = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, RedactAppIdFilter) for f in target.filters):
        target.addFilter(RedactAppIdFilter())
