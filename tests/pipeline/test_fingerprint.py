"""The refresh fingerprint changes with the profile the document is read with."""

import shutil
from pathlib import Path

from pipeline.fingerprint import refresh_fingerprint
from sources.manifest import default_vision_pdf
from sources.profile import DEFAULT_PROFILE, PROFILE_ENV

SHIPPED = Path(__file__).resolve().parents[2] / "profiles" / DEFAULT_PROFILE / "profile.toml"


def _copy(tmp_path: Path, name: str, text: str, file: str = "profile.toml") -> Path:
    """The shipped profile's folder (with the files profile.toml names), `file` as `text`."""
    folder = tmp_path / name
    shutil.copytree(SHIPPED.parent, folder)
    (folder / file).write_text(text, encoding="utf-8")
    return folder


def test_another_or_an_edited_profile_is_another_fingerprint(tmp_path, monkeypatch):
    pdf = default_vision_pdf()
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    shipped = refresh_fingerprint(pdf)
    text = SHIPPED.read_text(encoding="utf-8")
    monkeypatch.setenv(PROFILE_ENV, str(_copy(tmp_path, "same", text)))
    same_bytes = refresh_fingerprint(pdf)
    assert same_bytes["profile"]["sha256"] == shipped["profile"]["sha256"]
    assert same_bytes != shipped  # another profile by name
    edited = text.replace("min_count = 3", "min_count = 2", 1)
    monkeypatch.setenv(PROFILE_ENV, str(_copy(tmp_path, "edited", edited)))
    assert refresh_fingerprint(pdf)["profile"]["sha256"] != shipped["profile"]["sha256"]
    monkeypatch.delenv(PROFILE_ENV)
    assert refresh_fingerprint(pdf) == shipped


def test_an_edited_kpi_declaration_is_another_fingerprint(tmp_path, monkeypatch):
    """The KPI declarations (profiles/<name>/kpi.toml) fill the seed tables: editing them
    must re-run a refresh, as editing profile.toml does."""
    pdf = default_vision_pdf()
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    shipped = refresh_fingerprint(pdf)["profile"]["sha256"]
    kpi = (SHIPPED.parent / "kpi.toml").read_text(encoding="utf-8")
    assert "first_year = 2025" in kpi
    edited = kpi.replace("first_year = 2025", "first_year = 2026", 1)
    monkeypatch.setenv(PROFILE_ENV, str(_copy(tmp_path, "kpi", edited, "kpi.toml")))
    assert refresh_fingerprint(pdf)["profile"]["sha256"] != shipped
