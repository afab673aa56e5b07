"""The rule list as staff see it: each rule's description is shown in Dagster next to its
findings, in Japanese like the findings themselves."""

from __future__ import annotations

import re

import pytest

from expectations.families import FAMILIES, ROW_SUMS, TEXT, in_family_order
from expectations.registry import RULES

HIRAGANA = re.compile(r"[\u3041-\u309f]")
ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.check_id)
def test_each_description_is_written_in_japanese(rule) -> None:
    assert HIRAGANA.search(rule.description), rule.description
    assert not ENGLISH_WORDS.search(rule.description), rule.description


def test_every_rule_is_in_a_listed_family_and_every_family_has_a_rule() -> None:
    assert {rule.family for rule in RULES} == set(FAMILIES)
    assert list(dict.fromkeys(rule.family for rule in RULES)) == list(FAMILIES)


def test_families_come_in_their_listed_order_and_unknown_ones_last() -> None:
    assert in_family_order(["zz_new", TEXT, ROW_SUMS, "aa_new", TEXT]) == [
        ROW_SUMS,
        TEXT,
        "aa_new",
        "zz_new",
    ]


def test_descriptions_are_in_the_words_of_the_profile_in_use_not_of_the_import(
    monkeypatch,
) -> None:
    from sources.profile import PROFILE_ENV, load_profile
    from tests.fixtures.second_area import PROFILE_DIR

    [wholesale] = [r for r in RULES if r.check_id == "wholesale_share"]
    [medical] = [r for r in RULES if r.check_id == "medical_total_row"]
    second = load_profile(str(PROFILE_DIR))
    shipped = load_profile()
    assert second.region.core_city.name != shipped.region.core_city.name
    assert shipped.region.core_city.name in wholesale.description
    monkeypatch.setenv(PROFILE_ENV, str(PROFILE_DIR))
    assert second.region.core_city.name in wholesale.description
    assert shipped.region.core_city.name not in wholesale.description
    assert medical.description.startswith(second.table("medical_facility").short)
