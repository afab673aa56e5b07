"""How a change's pages and values read (pipeline/diff_output.py)."""

from pipeline.diff_output import BLANK, NOTHING, pages, shown


def test_pages_name_the_edition_that_has_the_value_and_never_none():
    assert pages({"old_page": 8, "new_page": 8}) == "p.8"
    assert pages({"old_page": 51, "new_page": 52}) == "p.51 → p.52"
    assert pages({"old_page": None, "new_page": 65}) == "p.65"
    assert pages({"old_page": 3, "new_page": None}) == "p.3"
    assert pages({"old_page": None, "new_page": None}) == "p.—"


def test_a_missing_or_empty_value_is_said_in_words():
    assert (shown(None), shown(""), shown(" "), shown("24,311")) == (
        NOTHING,
        BLANK,
        BLANK,
        "24,311",
    )
