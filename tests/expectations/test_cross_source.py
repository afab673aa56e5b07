"""Family 7: population figures vs the 2020 census (final) and IPSS 2023."""

from expectations import cross_source as xs
from tests.expectations.helpers import set_printed


def test_vision_population_matches_the_official_statistics(all_frames):
    census = xs.check_census_2020(all_frames, "census2020_population")
    ipss = xs.check_ipss_2023(all_frames, "ipss2023_projection")
    assert census.passed and census.compared == 31
    assert ipss.passed and ipss.compared == 141


def test_a_changed_figure_is_reported_with_both_values(all_frames):
    population = set_printed(
        all_frames["fact_population"],
        {"printed_in": "2(1)ア", "row_label": "山形市", "year": 2020},
        "247,747",  # the preliminary (速報) count
    )
    [finding] = xs.check_census_2020({**all_frames, "fact_population": population}, "c").findings
    assert (finding.stated, finding.expected, finding.page) == ("247,747", "247,590", 8)
    assert "確定値" in finding.message and "速報値と一致" in finding.message
    projection = set_printed(
        all_frames["fact_population"],
        {"printed_in": "2(3)", "row_label": "西川町", "year": 2045},
        "2,375",
    )
    [finding] = xs.check_ipss_2023({**all_frames, "fact_population": projection}, "i").findings
    assert (finding.row_label, finding.stated, finding.expected) == ("西川町", "2,375", "2,374")


def test_without_official_statistics_the_rule_is_skipped_with_a_note(frames):
    for check in (xs.check_census_2020, xs.check_ipss_2023):
        outcome = check(frames, "x")
        assert outcome.passed and outcome.compared == 0 and outcome.skipped == 1
        assert outcome.notes
