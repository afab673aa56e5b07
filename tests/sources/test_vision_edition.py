"""The edition is read from the cover's dated lines, whatever their width, era or number."""

import datetime as dt

import pytest

from sources.vision_edition import NO_EDITION, parse_cover_line, read_edition


def test_the_shipped_cover_names_its_adoption_and_its_revision(vision_pdf):
    from sources.vision_pdf import open_vision_document

    edition = read_edition(open_vision_document(vision_pdf).cover_text)
    assert edition.adopted_on == dt.date(2025, 2, 17)
    assert edition.revised_on == dt.date(2026, 2, 20)
    assert edition.published_on == dt.date(2026, 2, 20)
    assert edition.label == "令和8年2月20日 改訂"


def test_a_cover_with_only_an_adoption_date():
    edition = read_edition("第2期 山形連携中枢都市圏ビジョン\n令和7年2月17日 策定\n山形市\n- 1 -")
    assert (edition.adopted_on, edition.revised_on) == (dt.date(2025, 2, 17), None)
    assert edition.published_on == dt.date(2025, 2, 17)
    assert edition.revision_number is None
    assert edition.label == "令和7年2月17日 策定"


def test_numbered_revisions_in_full_width_digits_keep_their_number():
    edition = read_edition(
        "令和７年２月１７日　策定\n令和８年２月２０日　第１回改訂\n令和９年２月１９日　第２回改訂"
    )
    assert edition.revised_on == dt.date(2027, 2, 19)
    assert edition.revision_number == 2
    assert edition.published_on == dt.date(2027, 2, 19)


def test_several_unnumbered_revisions_are_counted():
    edition = read_edition("令和7年2月17日策定\n令和8年2月20日改訂\n令和9年3月1日改定")
    assert (edition.revised_on, edition.revision_number) == (dt.date(2027, 3, 1), 2)


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("2025年2月17日 策定", dt.date(2025, 2, 17)),
        ("（令和元年5月1日 策定）", dt.date(2019, 5, 1)),
        ("平成31年3月 改訂", dt.date(2019, 3, 1)),
        ("令和8年2\u2e9d20\u2f47 改訂", dt.date(2026, 2, 20)),  # radicals ⺝ ⽇ for 月 日
    ],
)
def test_western_years_eras_and_brackets(line, date):
    entry = parse_cover_line(line)
    assert entry is not None and entry.date == date


@pytest.mark.parametrize(
    "text",
    ["本ビジョンは令和7年2月17日に策定した。", "令和7年2月30日 策定", "策定の趣旨", ""],
)
def test_body_text_and_impossible_dates_do_not_date_an_edition(text):
    assert read_edition(text) == NO_EDITION


def test_a_cover_with_month_dates_and_western_years_beside_the_era():
    """The first edition's line is a date alone (the date of issue), the revision names
    itself; both print the western year in brackets and no day."""
    edition = read_edition(
        "〇〇圏域連携中枢都市圏ビジョン（第3次）\n令和6年（2024年）3月\n"
        "令和7年（2025年）3月 一部改訂\n〇〇市"
    )
    assert (edition.adopted_on, edition.revised_on) == (dt.date(2024, 3, 1), dt.date(2025, 3, 1))
    assert edition.label == "令和7年（2025年）3月 一部改訂"
    assert parse_cover_line("令和6年（2024年）3月").action == "発行"


@pytest.mark.parametrize(
    "text", ["令和6年（2024年）3月に策定した", "令和6年（2024年）3月31日現在の人口"]
)
def test_a_date_inside_a_sentence_is_still_not_an_edition(text):
    assert read_edition(text) == NO_EDITION


@pytest.mark.parametrize(
    ("line", "first_year"),
    [("令和0年2月17日 策定", "令和元年2月17日 策定"), ("令和００年2月 策定", "令和元年2月 策定")],
)
def test_an_era_year_zero_is_no_date(line, first_year):
    # An era's first year is 元年 (1); a 0 is a slip, never the year before the era.
    assert parse_cover_line(line) is None
    assert parse_cover_line(first_year).date.year == 2019
