"""The source manifest: one entry per outside source the pipeline ships a snapshot of.

`sources/manifest.json` is the single place that says where each snapshot came from
(publisher, official URL, publication date) and what it must hash to, so a refresh can
prove it loaded exactly the bytes the manifest names.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

SOURCES_DIR = Path(__file__).resolve().parent
MANIFEST_PATH = SOURCES_DIR / "manifest.json"


@dataclass(frozen=True)
class SourceEntry:
    id: str
    kind: str
    title: str
    publisher: str
    official_url: str
    snapshot_path: str
    sha256: str
    published: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def snapshot(self) -> Path:
        return SOURCES_DIR / self.snapshot_path


_FIELDS = (
    "id",
    "kind",
    "title",
    "publisher",
    "official_url",
    "snapshot_path",
    "sha256",
    "published",
)


@cache
def load_manifest(path: Path = MANIFEST_PATH) -> tuple[SourceEntry, ...]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    entries = []
    for item in raw["sources"]:
        missing = [f for f in _FIELDS if f not in item]
        if missing:
            raise ValueError(f"{path}: source {item.get('id', '?')!r} lacks {', '.join(missing)}")
        extra = {k: v for k, v in item.items() if k not in _FIELDS}
        entries.append(SourceEntry(**{f: item[f] for f in _FIELDS}, extra=extra))
    return tuple(entries)


def source_entry(source_id: str) -> SourceEntry:
    for entry in load_manifest():
        if entry.id == source_id:
            return entry
    raise KeyError(f"no source {source_id!r} in {MANIFEST_PATH}")


def default_vision_entry() -> SourceEntry:
    return next(e for e in load_manifest() if e.kind == "vision_pdf")


def default_vision_pdf() -> Path:
    return default_vision_entry().snapshot


def resolve_vision_pdf(path: Path | str | None = None) -> Path:
    """The PDF a command reads: the one given, else VISION_PDF, else the embedded one.

    Inside Dagster runs the PDF of a revision comes from the revision store instead."""
    return Path(path or os.environ.get("VISION_PDF") or default_vision_pdf())
