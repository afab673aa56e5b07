"""The rule list as staff see it: each rule's description is shown in Dagster next to its
findings, in Japanese like the findings themselves."""

from __future__ import annotations

import re

import pytest

from expectations.registry import RULES

HIRAGANA = re.compile(r"[\u3041-\u309f]")
ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.check_id)
def test_each_description_is_written_in_japanese(rule) -> None:
    assert HIRAGANA.search(rule.description), rule.description
    assert not ENGLISH_WORDS.search(rule.description), rule.description
