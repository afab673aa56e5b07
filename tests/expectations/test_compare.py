"""The rules' text keys: `sources.japanese_text.compact_key` (nfkc_key without spaces), and
the two built on it that deliberately keep or drop more."""

from expectations.compare import layout_key, wording_key
from sources.japanese_text import compact_key, nfkc_key


def test_the_key_drops_layout_width_and_lookalikes_but_keeps_punctuation():
    printed = "⻑井\u3000市\n（人）"  # a radical for 長, an ideographic space, a line break
    assert compact_key(printed) == compact_key("長井市(人)") == "長井市(人)"
    assert compact_key(printed) == nfkc_key(printed).replace(" ", "")
    assert layout_key(None) == wording_key(None) == ""


def test_layout_ignores_whitespace_and_wording_also_punctuation():
    assert layout_key("成果 指標（人）") == layout_key("成果指標(人)")
    assert layout_key("成果・指標") != layout_key("成果指標")
    assert wording_key("成果・指標（人）") == wording_key("成果指標 人") == "成果指標人"
