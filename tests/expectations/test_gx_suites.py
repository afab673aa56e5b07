"""How the suites are run: Great Expectations imported without the modules only its
KL-divergence expectation uses (scipy.stats, altair), which are there, imported for real,
the moment anything reads them; and handed the columns a suite reads, every row."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    from expectations.gx_suites import comparison_frame, prepare, validate

    prepare()
    rows = [
        {"page": 1, "stated": 10.0, "stated_text": "10", "computed": 10.0, "tolerance": 0.5},
        {"page": 1, "stated": 12.0, "stated_text": "12", "computed": 10.0, "tolerance": 0.5},
    ]
    result = validate(comparison_frame(rows), "recomputed_values")
    print(result.rows_failing("expect_stated_to_be_within_tolerance_of_computed"))
    print(sorted(n for n in ("scipy.stats._stats_py", "altair.vegalite") if n in sys.modules))
    from scipy import stats
    import altair
    print(round(float(stats.entropy([0.5, 0.5], [0.25, 0.75])), 4), altair.Chart.__name__)
    """
)


def test_gx_validates_without_executing_the_deferred_modules_until_read() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    failing, executed, used = done.stdout.splitlines()
    assert failing == "[1]"  # GX still decides: 12 printed for 10 is beyond rounding
    assert executed == "[]"  # neither scipy.stats nor altair ran during import or validation
    # Read afterwards, they are the real modules: KL(½,½ ‖ ¼,¾) = ½·ln(2) + ½·ln(⅔) ≈ 0.1438
    assert used == "0.1438 Chart"


def test_a_suite_is_given_the_columns_it_reads_and_decides_the_same() -> None:
    from expectations.gx_suites import comparison_frame, suite_columns, validate

    rows = [
        {"page": 3, "caption": "表", "stated": 10.0, "computed": 10.0, "tolerance": 0.5},
        {"page": 4, "caption": "表", "stated": 12.0, "computed": 10.0, "tolerance": 0.5},
        {"page": 5, "caption": "表", "stated": None, "computed": 10.0, "tolerance": 0.5},
    ]
    frame = comparison_frame(rows)
    frame["pages"] = [[3], [4, 5], []]  # lists: what a rule may carry beside the numbers
    assert suite_columns("recomputed_values") == {"stated", "computed", "tolerance"}
    result = validate(frame, "recomputed_values")
    assert result.rows_failing("expect_stated_to_be_within_tolerance_of_computed") == [1]
    assert result.rows_failing("expect_column_values_to_not_be_null", "stated") == [2]
