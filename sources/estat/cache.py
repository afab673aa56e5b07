"""The on-disk response cache: one JSON file per request, never holding the app id."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sources.atomic_write import replace_file


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
        replace_file(path, json.dumps(record, ensure_ascii=False))
