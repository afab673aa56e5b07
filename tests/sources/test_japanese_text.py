"""Lookalike repair, comparison keys, numbers and era years."""

from __future__ import annotations

import unicodedata

import pytest

from sources.japanese_text import (
    nfkc_key,
    normalize_text,
    parse_number,
)


@pytest.mark.parametrize(
    ("printed", "seen"),
    [
        ("⼭形市", "山形市"),  # KANGXI RADICAL MOUNTAIN
        ("市⻑", "市長"),  # CJK RADICAL LONG ONE (NFKC leaves it alone)
        ("⻘森", "青森"),
        ("⻝品", "食品"),
        ("⻄川町", "西川町"),
        ("⻭科", "歯科"),
        ("⺟子", "母子"),
        ("\uf9dc", "隆"),  # CJK COMPATIBILITY IDEOGRAPH-F9DC
        ("山形‧上山", "山形・上山"),
        ("4月〜6月", "4月～6月"),
        ("A―B", "A—B"),
        ("△−5", "△－5"),
        ("\u0336", "—"),  # lone combining stroke: a CID em dash read back
        ("0歳\u02dc14歳", "0歳~14歳"),  # small tilde: a CID ASCII tilde read back
        ("a\u0336", "a\u0336"),  # a real combining mark stays
    ],
)
def test_lookalikes_become_the_ideographs_a_reader_sees(printed: str, seen: str) -> None:
    assert normalize_text(printed) == seen


def test_radicals_supplement_needs_more_than_nfkc() -> None:
    # The reason the mapping exists: NFKC does not repair these.
    assert unicodedata.normalize("NFKC", "⻑⻘⻝") == "⻑⻘⻝"
    assert normalize_text("⻑⻘⻝") == "長青食"
    for cp in range(0x2E81, 0x2EF4):  # every assigned radical of the supplement
        if cp == 0x2E9A:  # unassigned
            continue
        (out,) = normalize_text(chr(cp))
        assert 0x3400 <= ord(out) <= 0x9FFF or ord(out) >= 0x20000, hex(cp)


def test_kangxi_block_fully_repaired() -> None:
    for cp in range(0x2F00, 0x2FD6):
        (out,) = normalize_text(chr(cp))
        assert 0x3400 <= ord(out) <= 0x9FFF or ord(out) >= 0x20000, hex(cp)


def test_printed_full_width_forms_are_kept() -> None:
    text = "圏域全体の従業者数（人）　出典：10,000㎡ ①"
    assert normalize_text(text) == text
    assert nfkc_key(text) == "圏域全体の従業者数(人) 出典:10,000m2 1"


def test_nfkc_key_collapses_whitespace() -> None:
    assert nfkc_key(" 山形市は、\n連携市町は\u3000 ") == "山形市は、 連携市町は"


@pytest.mark.parametrize(
    ("text", "value", "decimals", "percent"),
    [
        ("247,590", 247590, 0, False),
        ("２４７，５９０", 247590, 0, False),
        ("1 234", 1234, 0, False),
        ("67.6%", 67.6, 1, True),
        ("０．２１", 0.21, 2, False),
        ("△1,234", -1234, 0, False),
        ("▲5", -5, 0, False),
        ("-3.5", -3.5, 1, False),
        ("0.0%", 0.0, 1, True),
    ],
)
def test_parse_number(text: str, value: float, decimals: int, percent: bool) -> None:
    parsed = parse_number(text)
    assert parsed.value == value
    assert type(parsed.value) is type(value)
    assert parsed.marker is None
    assert parsed.printed == text
    assert (parsed.decimals, parsed.is_percent) == (decimals, percent)


@pytest.mark.parametrize("text", ["-", "—", "－", "*", "(同左)", "（同左）", "", "  "])
def test_markers_are_never_zero(text: str) -> None:
    parsed = parse_number(text)
    assert parsed.value is None
    assert parsed.marker == text.strip()
    assert not parsed.is_number


@pytest.mark.parametrize("text", ["山形市", "4年", "1,23", "12a"])
def test_non_numbers_raise(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "value", "footnote"),
    [
        ("229.3※2", 229.3, "※2"),
        ("1,234*1", 1234, "*1"),
        ("▲5.0%注1", -5.0, "注1"),
        ("12 ※", 12, "※"),
        ("−2,557", -2557, None),
    ],
)
def test_footnote_mark_is_kept_apart_from_the_value(
    text: str, value: float, footnote: str | None
) -> None:
    parsed = parse_number(text)
    assert (parsed.value, parsed.footnote, parsed.printed) == (value, footnote, text)


@pytest.mark.parametrize(("text", "marker"), [("—※1", "—"), ("x", "x"), ("…", "…")])
def test_marker_with_footnote_stays_a_marker(text: str, marker: str) -> None:
    parsed = parse_number(text)
    assert parsed.value is None and parsed.marker == marker
