"""Outside profiles/ and tests/, no Python or SQL file (nor the views' descriptions, the
SQL's text) names what the profile declares: a municipality (or a known variant of its
name), the area, a table's printed caption, a section's title or label, the document's
title or its project cards' caption. The words are read from the shipped profile, so the
test follows it; a hit is listed as file:line."""

import re
import unicodedata
from pathlib import Path

from sources.profile import load_profile

REPO_ROOT = Path(__file__).resolve().parents[1]
SKIPPED_DIRS = {"profiles", "tests", ".venv", ".git", "build", "node_modules"}

# Files other helpers of issue 15 are moving to the profile in parallel; the lead shrinks
# this list as their branches are merged. Each entry is a path or a folder prefix.
NOT_YET_CLEANED = (
    "warehouse/migrations/",  # history: existing warehouses applied them as they are
)

# Declarations the SQL's text is rendered from, checked like the SQL (the views' COMMENTs).
SQL_TEXT_DECLARATIONS = ("warehouse/views.toml",)

# Section labels shorter than this (2, 4) are digits any file contains.
MIN_LABEL_CHARS = 3


def _literal_runs(pattern: str) -> list[str]:
    """The runs of plain Japanese text in a caption pattern (`^\\d*\\s*図書館$` → 図書館),
    two characters or more (a lone 線 or ア is not a caption)."""
    runs = re.split(r"\\.|[\\^$.*+?()\\[\\]{}|]|[ -~]", pattern)
    return [run for run in runs if len(run) >= 2]


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def profile_words() -> dict[str, str]:
    """Each word the code must not contain → what it is in the profile."""
    profile = load_profile()
    region, document = profile.region, profile.document
    words: dict[str, str] = {region.name: "area", region.prefecture: "prefecture"}
    for m in region.municipalities:
        words[m.name] = "municipality"
    for printed in region.variants:
        words[printed] = "municipality variant"
    for spec in profile.tables:
        words[spec.title] = f"caption of table {spec.key}"
        if spec.short_name:
            words[spec.short_name] = f"short name of table {spec.key}"
        for literal in _literal_runs(spec.caption):
            words[literal] = f"caption pattern of table {spec.key}"
        if spec.label and len(spec.label) >= MIN_LABEL_CHARS:
            words[spec.label] = f"section label of table {spec.key}"
    for section in profile.sections.values():
        words[section.title] = f"title of section {section.key}"
        if len(section.label) >= MIN_LABEL_CHARS:
            words[section.label] = f"label of section {section.key}"
    words[document.title] = "document title"
    for quotient in document.kpi_quotients:
        words[quotient.description] = f"description of KPI quotient {quotient.check_id}"
    words[document.cards.caption.split("{", 1)[0]] = "project card caption"
    return {_key(w): what for w, what in words.items() if w.strip()}


def checked_files() -> list[Path]:
    files = []
    for path in sorted(REPO_ROOT.rglob("*")):
        rel = path.relative_to(REPO_ROOT)
        code = path.suffix in (".py", ".sql") or rel.as_posix() in SQL_TEXT_DECLARATIONS
        if not code or SKIPPED_DIRS & set(rel.parts):
            continue
        if rel.as_posix().startswith(NOT_YET_CLEANED):
            continue
        files.append(path)
    return files


def _shown(path: Path) -> Path:
    return path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path


def hits(path: Path, words: dict[str, str]) -> list[str]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = _key(line)
        for word, what in words.items():
            if word in text:
                out.append(f"{_shown(path)}:{n}: {word} ({what})")
    return out


def test_the_words_come_from_the_profile_and_are_found(tmp_path):
    words = profile_words()
    profile = load_profile()
    assert profile.region.core_city.name in words
    assert any(what.startswith("caption of table") for what in words.values())
    assert any(what.startswith("title of section") for what in words.values())
    # The scan finds a word planted in a file, full-width digits folded.
    sample = next(w for w, what in words.items() if what.startswith("label of section"))
    path = tmp_path / "planted.py"
    wide = sample.translate(str.maketrans("0123456789()", "０１２３４５６７８９（）"))
    path.write_text(f"x = 1\nLABEL = {wide!r}\n", encoding="utf-8")
    assert hits(path, words) == [f"{path}:2: {sample} ({words[sample]})"]


def test_no_code_names_the_profiles_area_captions_or_sections():
    words = profile_words()
    found = [hit for path in checked_files() for hit in hits(path, words)]
    assert found == [], "\n".join(found)
