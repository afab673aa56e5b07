import json
import re
import shutil
from pathlib import Path

import pytest

from sources.manifest import SOURCES_DIR
from sources.municipalities import municipality_by_code
from sources.profile import (
    DEFAULT_PROFILE,
    PROFILE_ENV,
    SHAPES,
    ProfileError,
    current_profile,
    load_profile,
    read_profile,
)

SHIPPED = Path(__file__).resolve().parents[2] / "profiles" / DEFAULT_PROFILE / "profile.toml"
GOVSTATS = SOURCES_DIR / "data" / "govstats"


def _manifest_entry(source_id: str) -> dict:
    manifest = json.loads((SOURCES_DIR / "manifest.json").read_text(encoding="utf-8"))
    return next(s for s in manifest["sources"] if s["id"] == source_id)


def _edited(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text, old
    # The whole folder, so the files profile.toml names (kpi.toml) come along.
    shutil.copytree(SHIPPED.parent, tmp_path / "edited")
    path = tmp_path / "edited" / "profile.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


# --- the shipped profile ----------------------------------------------------------------


def test_default_profile_is_the_shipped_one_and_reads_without_error():
    profile = load_profile()
    assert profile.name == DEFAULT_PROFILE
    assert profile.path.resolve() == SHIPPED
    assert current_profile() is current_profile()


def test_municipalities_are_those_the_census_snapshot_counts_for_the_area():
    """The profile's members, checked against the census snapshots shipped in sources/: each
    code is there under the same name and kind, and together they are the municipalities
    the manifest records the 2025 total of ("14 municipalities: total 501,401")."""
    region = load_profile().region
    final = json.loads((GOVSTATS / "census2025_final_yamagata06.json").read_text("utf-8"))
    council = json.loads((GOVSTATS / "census2025_prelim_council.json").read_text("utf-8"))
    by_code = {m["code"]: m for m in council["municipalities"]}
    for m in region.municipalities:
        assert (by_code[m.code]["name"], by_code[m.code]["type"]) == (m.name, m.kind)
        assert by_code[m.code]["pref"] == region.prefecture
        assert m.code in final["values"]
    note = _manifest_entry("census2025_final_yamagata06")["notes"]
    count, total = re.search(r"(\d+) municipalities: total ([\d,]+)", note).groups()
    assert len(set(region.codes)) == int(count)
    assert sum(final["values"][code][0] for code in region.codes) == int(total.replace(",", ""))


def test_core_city_and_prefecture_prefix():
    region = load_profile().region
    assert [m.code for m in region.municipalities if m.is_core_city] == [region.core_city.code]
    assert all(code.startswith(region.area_prefix) for code in region.codes)
    assert municipality_by_code(region.core_city.code, region) is region.core_city


def test_document_matches_the_manifest_entry_of_the_embedded_pdf():
    document = load_profile().document
    entry = _manifest_entry("vision_2nd_r8")
    assert (document.title, document.publisher, document.official_url) == (
        entry["title"],
        entry["publisher"],
        entry["official_url"],
    )


def test_tables_have_unique_keys_known_shapes_and_compose_their_section_patterns():
    profile = load_profile()
    keys = [t.key for t in profile.tables]
    assert len(keys) == len(set(keys))
    assert {t.shape for t in profile.tables} <= SHAPES
    for spec in profile.tables:
        assert profile.table(spec.key) is spec
        parent = spec.section.parent
        if parent is not None:
            assert spec.section_pattern.startswith(profile.section(parent).pattern + ".*")
    cards = profile.tables_of_shape("project_card")
    assert [c.key for c in cards] == ["project_card"]
    number = 7
    caption = profile.document.cards.caption_for(number)
    assert int(re.search(cards[0].caption, caption).group(1)) == number


def test_unknown_table_key_and_unknown_shape_raise_key_error():
    profile = load_profile()
    with pytest.raises(KeyError, match="no table 'nonesuch'"):
        profile.table("nonesuch")
    with pytest.raises(KeyError, match="unknown table shape"):
        profile.tables_of_shape("pie_chart")


# --- selection ----------------------------------------------------------------------------


def test_env_selects_the_profile_and_an_unknown_name_is_a_one_line_error(monkeypatch):
    monkeypatch.setenv(PROFILE_ENV, "no_such_area")
    with pytest.raises(ProfileError) as err:
        load_profile()
    message = str(err.value)
    assert "no such profile 'no_such_area'" in message and DEFAULT_PROFILE in message
    assert "\n" not in message


def test_a_path_to_a_profile_folder_or_file_is_read(tmp_path):
    path = _edited(tmp_path, 'title = "第2期', 'title = "第3期')
    assert load_profile(str(path.parent)).document.title.startswith("第3期")
    assert load_profile(str(path)).name == "edited"


# --- broken profiles: one line naming the file and the key --------------------------------


def _error(path: Path) -> str:
    with pytest.raises(ProfileError) as err:
        read_profile(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def test_broken_toml(tmp_path):
    message = _error(_edited(tmp_path, "[document]", "[document"))
    assert "not valid TOML" in message


def test_a_profile_or_kpi_file_not_in_utf8_is_a_one_line_error(tmp_path):
    path = _edited(tmp_path / "profile", "[document]", "[document]")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932"))
    assert "not UTF-8 text" in _error(path)
    path = _edited(tmp_path / "kpi", "[document]", "[document]")
    kpi = path.parent / "kpi.toml"
    kpi.write_bytes(kpi.read_text(encoding="utf-8").encode("cp932"))
    with pytest.raises(ProfileError, match=r"kpi\.toml: not UTF-8 text"):
        read_profile(path)


def test_unknown_key(tmp_path):
    message = _error(_edited(tmp_path, 'key = "library"', 'key = "library"\ncolour = "red"'))
    assert "[[tables]] 'library'" in message and "unknown key 'colour'" in message


def test_missing_required_field(tmp_path):
    message = _error(_edited(tmp_path, "caption = '金融機関'\n", ""))
    assert "[[tables]] 'financial_institution'" in message
    assert "missing required key 'caption'" in message


def test_wrong_values_are_named(tmp_path):
    cases = [
        ('shape = "kpi_table"', 'shape = "pie_chart"', "shape: 'pie_chart' is not one of"),
        ('section = "matrix"', 'section = "appendix"', "no section 'appendix'"),
        ('core_city = "06201"', 'core_city = "06999"', "core_city: '06999' is none"),
        ('code = "06341"', 'code = "48341"', "'48341' is not a 5-digit municipality code"),
        ('prefecture_code = "06"', 'prefecture_code = "07"', "'07' is not the core city's"),
        ('prefecture = "山形県"', 'prefecture = "福島県"', "'福島県' is not the name of 06"),
        ("caption = '金融機関'", "caption = '金融(機関'", "caption: not a regular expression"),
        ("min_count = 3", 'min_count = "3"', "min_count: expected int"),
        ('"上山" = "06207"', '"上山" = "06999"', "[region.variants].上山"),
        ('key = "museum"', 'key = "hall"', "key 'hall' is given twice"),
        ('parent = "vision"', 'parent = "transport"', "sections nest in a circle"),
        ('list_kind = "hall"', 'list_knd = "hall"', "options: unknown key 'list_knd'"),
        ('unit = "人/日"', "unit = 5", "options.unit: expected str, got 5"),
        ('layout = "tiers"', 'layout = "tierz"', "options.layout: 'tierz' is not one of tiers,"),
        ('role = "target"', 'role = "targets"', "options.role: 'targets' is not one of target"),
    ]
    for i, (old, new, expected) in enumerate(cases):
        message = _error(_edited(tmp_path / str(i), old, new))
        assert expected in message, message


# --- the tables a subject relation reads --------------------------------------------------


def _subjects_edited(tmp_path: Path, old: str, new: str) -> Path:
    """The shipped profile with `old` replaced by `new` in its subjects file."""
    path = _edited(tmp_path, "[document]", "[document]")
    subjects = path.parent / "subjects.toml"
    text = subjects.read_text(encoding="utf-8")
    assert old in text, old
    subjects.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_misspelt_table_key_in_a_subjects_reads_names_the_subject_and_the_closest_key(
    tmp_path,
):
    """A key no [[tables]] declares would leave the subject empty and its checks noted as
    'not printed': the file, the subject, the key and the declared key it is closest to."""
    path = _subjects_edited(tmp_path, 'reads = ["library"]', 'reads = ["librray"]')
    with pytest.raises(ProfileError) as err:
        read_profile(path)
    message = str(err.value)
    assert message.startswith(f"{path.parent / 'subjects.toml'}: ") and "\n" not in message
    assert f"[subject.fact_library].reads: 'librray' is no [[tables]] key of {path} " in message
    assert "did you mean 'library'?" in message


def test_a_key_far_from_every_declared_one_lists_them(tmp_path):
    path = _subjects_edited(tmp_path, 'reads = ["employment"]', 'reads = ["zzz"]')
    with pytest.raises(ProfileError) as err:
        read_profile(path)
    assert "[subject.fact_employment].reads: 'zzz'" in str(err.value)
    assert "declared: population, commuting," in str(err.value)


def test_a_table_the_document_does_not_print_is_said_so_in_not_printed(tmp_path):
    """A subjects file shared by two documents: the tables one does not print are listed in
    its [subjects] not_printed; one listed there and declared too is a contradiction."""
    path = _edited(
        tmp_path / "a",
        'declarations = "subjects.toml"',
        'declarations = "subjects.toml"\nnot_printed = ["library"]',
    )
    assert "declared in [[tables]]" in _error(path) and "'library'" in _error(path)
    text = path.read_text(encoding="utf-8")
    start = text.index('[[tables]]\nkey = "library"\n')
    end = text.index("[[tables]]", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    profile = read_profile(path)
    assert not profile.declares("library")
    assert any("library" in s.reads for s in profile.subjects)
    path.write_text(text[:start] + text[end:].replace('"library"]', '"libary"]'), "utf-8")
    with pytest.raises(ProfileError, match=r"fact_library\]\.reads: 'library' is no \[\[tables"):
        read_profile(path)
