"""A content-addressed store of vision PDF revisions: one file per distinct PDF, named by
its sha256.

Why: each revision of the vision is a Dagster dynamic partition, and a run for partition
`<key>` must be able to read exactly the bytes that were detected, even after the city has
replaced the file at its URL. Naming files by their hash makes storing idempotent (the same
bytes are stored once, whatever their URL or filename) and makes tampering detectable.

Layout: `<root>/<sha256>.pdf`; in a deployment of several areas (sources/areas.py), an
empty `<root>/areas/<area>/<sha256>` records that the revision is an edition of that
area. The partition key of a revision is the first 12 hex digits of its sha256 (48 bits:
a collision between two editions of one document is not a practical concern, but `add`
refuses one rather than silently mixing two files).

Where: `<repo>/.dagster/revisions` by default (beside the Dagster instance storage, git-
ignored); set the environment variable `VISION_REVISION_STORE` to a directory to keep the
revisions elsewhere (e.g. a shared volume when the daemon and the run workers are separate
containers — both must see the same directory).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sources.atomic_write import replace_file
from sources.vision_pdf import file_sha256

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = REPO_ROOT / ".dagster" / "revisions"
STORE_ENV = "VISION_REVISION_STORE"
KEY_LENGTH = 12
# Which area each revision is an edition of, when a deployment serves several (`pair`).
AREAS_DIR = "areas"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_KEY = re.compile(r"^[0-9a-f]{12,64}$")


class RevisionStoreError(Exception):
    """The store cannot answer: unknown key, ambiguous key, or a file that fails its hash."""


def revision_key(sha256: str) -> str:
    """Partition key of a revision: the first 12 hex digits of its sha256."""
    if not _SHA256.match(sha256):
        raise ValueError(f"not a sha256 hex digest: {sha256!r}")
    return sha256[:KEY_LENGTH]


def default_root() -> Path:
    """`$VISION_REVISION_STORE` if set, else `<repo>/.dagster/revisions`."""
    configured = os.environ.get(STORE_ENV, "").strip()
    return Path(configured) if configured else DEFAULT_ROOT


@dataclass(frozen=True)
class StoredRevision:
    """One stored PDF: its partition key, full sha256 and the path of its bytes."""

    key: str
    sha256: str
    path: Path


class RevisionStore:
    """Content-addressed directory of PDF revisions (see the module docstring)."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()

    def __repr__(self) -> str:
        return f"RevisionStore({str(self.root)!r})"

    def add(self, pdf: bytes | Path | str) -> StoredRevision:
        """Store `pdf` (bytes, or the path of a file) and return its revision.

        Idempotent: storing the same bytes again returns the same revision and does not
        rewrite the file (unless the stored copy was damaged). The write goes to a
        temporary file in the same directory and is renamed into place, so a reader never
        sees a half-written PDF and a crash leaves no file under the final name.
        """
        data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        key = revision_key(sha256)
        self._refuse_key_collision(key, sha256)
        target = self._path(sha256)
        if not (target.exists() and file_sha256(target) == sha256):
            target.parent.mkdir(parents=True, exist_ok=True)
            replace_file(target, data)
        return StoredRevision(key=key, sha256=sha256, path=target)

    def get(self, key: str, *, verify: bool = False) -> StoredRevision:
        """The revision whose sha256 starts with `key` (a partition key or a full sha256).

        `verify=True` re-hashes the file, for callers about to trust its content.
        """
        key = key.strip().lower()
        if not _KEY.match(key):
            raise RevisionStoreError(f"{key!r} is not a revision key (12–64 hex digits)")
        matches = [p for p in self._files() if p.stem.startswith(key)]
        if not matches:
            raise RevisionStoreError(f"no revision {key} in {self.root}")
        if len(matches) > 1:
            raise RevisionStoreError(f"revision key {key} is ambiguous in {self.root}")
        path = matches[0]
        if verify and file_sha256(path) != path.stem:
            raise RevisionStoreError(f"{path} does not hash to its name; the file is damaged")
        return StoredRevision(key=revision_key(path.stem), sha256=path.stem, path=path)

    def pair(self, key: str, area: str) -> None:
        """Record that revision `key` is an edition of `area` (a deployment of several
        areas, sources.areas): its runs for any other area are refused. A marker file
        `<root>/areas/<area>/<sha256>`: idempotent, and two sensors pairing at once never
        lose each other's record."""
        revision = self.get(key)
        marker = self.root / AREAS_DIR / area / revision.sha256
        if not marker.exists():
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()

    def areas_of(self, key: str) -> frozenset[str]:
        """The areas revision `key` was recorded as an edition of (`pair`)."""
        sha256 = self.get(key).sha256
        folder = self.root / AREAS_DIR
        if not folder.is_dir():
            return frozenset()
        return frozenset(p.name for p in folder.iterdir() if (p / sha256).exists())

    def keys(self) -> list[str]:
        """Partition keys of every stored revision, sorted."""
        return sorted(revision_key(p.stem) for p in self._files())

    def __contains__(self, key: object) -> bool:
        if not (isinstance(key, str) and _KEY.match(key)):
            return False
        return any(p.stem.startswith(key) for p in self._files())

    def _path(self, sha256: str) -> Path:
        return self.root / f"{sha256}.pdf"

    def _files(self) -> Iterator[Path]:
        """Stored PDFs; temp files and anything not named `<sha256>.pdf` are ignored."""
        if not self.root.is_dir():
            return iter(())
        return (p for p in self.root.glob("*.pdf") if _SHA256.match(p.stem))

    def _refuse_key_collision(self, key: str, sha256: str) -> None:
        """Two different PDFs must never share a partition key."""
        for path in self._files():
            if path.stem.startswith(key) and path.stem != sha256:
                raise RevisionStoreError(
                    f"revision key {key} already names {path.name}; refusing to store "
                    f"{sha256} under the same key"
                )
