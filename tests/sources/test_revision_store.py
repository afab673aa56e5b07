"""The content-addressed revision store: idempotent, atomic, addressable by partition key."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from sources.manifest import default_vision_pdf
from sources.revision_store import (
    DEFAULT_ROOT,
    STORE_ENV,
    RevisionStore,
    RevisionStoreError,
    default_root,
    revision_key,
)

PDF = b"%PDF-1.7\n% test revision\n%%EOF\n"


def test_add_names_the_file_by_sha256_and_keys_by_its_prefix(tmp_path: Path) -> None:
    store = RevisionStore(tmp_path)
    revision = store.add(PDF)
    sha = hashlib.sha256(PDF).hexdigest()
    assert revision.sha256 == sha
    assert revision.key == sha[:12] == revision_key(sha)
    assert revision.path == tmp_path / f"{sha}.pdf"
    assert revision.path.read_bytes() == PDF


def test_add_is_idempotent_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = RevisionStore(tmp_path)
    first = store.add(PDF)
    mtime = first.path.stat().st_mtime_ns
    second = store.add(PDF)
    assert second == first
    assert first.path.stat().st_mtime_ns == mtime  # not rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.path.name]


def test_add_accepts_a_path_and_get_finds_it_by_key_or_sha(tmp_path: Path) -> None:
    store = RevisionStore(tmp_path / "store")
    shipped = default_vision_pdf()
    revision = store.add(shipped)
    assert revision.path.read_bytes() == shipped.read_bytes()
    assert store.get(revision.key) == revision
    assert store.get(revision.sha256, verify=True) == revision
    assert store.keys() == [revision.key]
    assert revision.key in store and "0" * 12 not in store and "" not in store


def test_a_damaged_copy_is_repaired_on_add_and_refused_on_verified_get(tmp_path: Path) -> None:
    store = RevisionStore(tmp_path)
    revision = store.add(PDF)
    revision.path.write_bytes(b"%PDF-garbage")
    with pytest.raises(RevisionStoreError, match="damaged"):
        store.get(revision.key, verify=True)
    store.add(PDF)
    assert store.get(revision.key, verify=True).path.read_bytes() == PDF


def test_unknown_and_malformed_keys_are_clear_errors(tmp_path: Path) -> None:
    store = RevisionStore(tmp_path)
    with pytest.raises(RevisionStoreError, match="no revision"):
        store.get("0123456789ab")
    with pytest.raises(RevisionStoreError, match="not a revision key"):
        store.get("../etc")
    assert store.keys() == []


def test_a_key_collision_is_refused_not_mixed(tmp_path: Path) -> None:
    store = RevisionStore(tmp_path)
    sha = hashlib.sha256(PDF).hexdigest()
    impostor = sha[:12] + "f" * 52
    (tmp_path / f"{impostor}.pdf").write_bytes(b"%PDF-other")
    with pytest.raises(RevisionStoreError, match="already names"):
        store.add(PDF)


def test_a_failed_write_leaves_nothing_under_the_final_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        RevisionStore(tmp_path).add(PDF)
    assert list(tmp_path.iterdir()) == []


def test_root_defaults_to_dagster_dir_and_env_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert default_root() == DEFAULT_ROOT
    assert DEFAULT_ROOT.parts[-2:] == (".dagster", "revisions")
    monkeypatch.setenv(STORE_ENV, str(tmp_path))
    assert RevisionStore().root == tmp_path


def test_a_revision_is_recorded_as_an_edition_of_its_areas_once(tmp_path: Path) -> None:
    store = RevisionStore(tmp_path)
    key = store.add(b"%PDF-1.4 one edition").key
    other = store.add(b"%PDF-1.4 another").key
    assert store.areas_of(key) == frozenset()
    store.pair(key, "east")
    store.pair(key, "east")  # idempotent
    assert store.areas_of(key) == {"east"} and store.areas_of(other) == frozenset()
    assert store.keys() == sorted([key, other])  # the records are no revisions
    with pytest.raises(RevisionStoreError):
        store.pair("0" * 12, "east")  # only a stored revision is an edition
