"""Family 4: population figures printed in 2(1)ア and 2(3), and 2(3)'s two totals."""

from expectations.cross_table import check_population_tables
from tests.expectations.helpers import set_printed, summary


def test_population_tables_agree(frames):
    outcome = check_population_tables(frames["fact_population"], "population_cross_table")
    assert outcome.passed
    assert outcome.compared == 67  # 15 rows × 4 years + the 7-year total line


def test_a_changed_projection_in_2_3_is_reported_against_2_1(frames):
    population = set_printed(
        frames["fact_population"],
        {"printed_in": "2(3)", "row_label": "東根市", "year": 2030},
        "46,205",
    )
    [finding] = check_population_tables(population, "c").findings
    assert (finding.row_label, finding.column_label) == ("東根市", "2030年")
    assert (finding.stated, finding.expected, finding.page) == ("46,205", "46,250", 17)
    assert "2(1)ア" in finding.message


def test_the_total_line_is_compared_with_the_total_row(frames):
    population = set_printed(
        frames["fact_population"],
        {"row_label": "推計人口の合計", "year": 2045},
        "414,970",
    )
    assert summary(check_population_tables(population, "c")) == {
        ("推計人口の合計", "2045", "414,970", "414,790")
    }
