"""A second area's profile (tests/profiles/hachinohe_2nd): the region resolves its own
names, and the extractor finds that document's tables from its profile alone."""

import json

import pytest

from sources.manifest import SOURCES_DIR
from sources.municipalities import Resolution, resolve_municipality
from sources.profile import PROFILE_ENV, load_profile
from sources.vision_tables_pdf import check_expectations, extract_tables, profile_expectations
from tests.fixtures.second_area import PROFILE_DIR, RENAMED_MEMBERS, second_area_tables

pytest.importorskip("reportlab")

from tests.fixtures.render_vision import render_variant


@pytest.fixture(scope="module")
def profile():
    return load_profile(str(PROFILE_DIR))


def test_its_members_are_real_municipalities_of_its_prefecture(profile):
    council = json.loads(
        (SOURCES_DIR / "data" / "govstats" / "census2025_prelim_council.json").read_text("utf-8")
    )
    by_code = {m["code"]: m for m in council["municipalities"]}
    region = profile.region
    for m in region.municipalities:
        assert (by_code[m.code]["name"], by_code[m.code]["type"]) == (m.name, m.kind)
        assert by_code[m.code]["pref"] == region.prefecture
    assert set(region.names) == set(RENAMED_MEMBERS.values())


def test_names_resolve_against_the_given_region_only(profile):
    region = profile.region
    village = next(m for m in region.municipalities if m.kind == "村")
    assert resolve_municipality(village.name, region).resolution is Resolution.OFFICIAL
    short = resolve_municipality(village.name[:-1], region)
    assert (short.code, short.resolution) == (village.code, Resolution.VARIANT)
    # 村 printed for 町: a misprint of the town with that stem.
    town = next(m for m in region.municipalities if m.kind == "町")
    misprint = resolve_municipality(town.name[:-1] + "村", region)
    assert (misprint.code, misprint.resolution) == (town.code, Resolution.MISPRINT)
    shipped = load_profile().region
    assert resolve_municipality(shipped.core_city.name, region) is None
    assert resolve_municipality(region.core_city.name, shipped) is None


@pytest.fixture(scope="module")
def extraction(ground_truth, profile, tmp_path_factory):
    tables = second_area_tables(ground_truth)
    path = tmp_path_factory.mktemp("second_area") / "vision.pdf"
    render_variant(tables, path, "a4_mincho_gothic")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(PROFILE_ENV, str(PROFILE_DIR))
        return tables, extract_tables(path, expectations=profile_expectations(profile))


def test_every_table_the_profile_declares_is_found_and_nothing_else(extraction, profile):
    tables, extracted = extraction
    assert extracted.warnings == []
    assert [t.caption for t in extracted.tables] == [t["caption"] for t in tables]
    assert [t.kind for t in extracted.tables] == [t["kind"] for t in tables]
    cards = [t for t in extracted.tables if t.kind == "card"]
    assert cards[0].caption == profile.document.cards.caption_for(1)


def test_the_shipped_profile_would_miss_that_documents_tables(extraction):
    _, extracted = extraction
    missing, _ = check_expectations(extracted.tables, profile_expectations(load_profile()))
    assert missing  # its captions and sections are not the other document's
