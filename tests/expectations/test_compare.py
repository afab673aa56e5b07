"""The rules' text keys: `sources.japanese_text.compact_key` (nfkc_key without spaces), and
the two built on it that deliberately keep or drop more."""

from expectations.compare import layout_key, numeric_findings, wording_key
from expectations.gx_suites import comparison_frame
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


def test_a_data_error_names_its_page_as_printed_even_beside_an_unknown_page():
    """A page column with one page not known is float: 21 still reads p.21, the other p.?."""
    rows = [
        {
            "table_id": "t",
            "caption": "観光",
            "page": page,
            "row_label": "春",
            "column_label": "構成比",
            "stated": None,
            "stated_text": "",
            "computed": 1.0,
            "tolerance": 0.05,
        }
        for page in (21, None)
    ]
    result = numeric_findings(comparison_frame(rows), "c", "ratios", lambda row, e: "")
    assert result.data_errors == [
        "観光 p.21 春/構成比: a number needed for the comparison is missing",
        "観光 p.? 春/構成比: a number needed for the comparison is missing",
    ]
