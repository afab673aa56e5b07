from expectations.tolerance import decimals_of, rounding_tolerance


def test_decimals_of_printed_numbers():
    assert decimals_of("67.6%") == 1
    assert decimals_of("1,234") == 0
    assert decimals_of("0.21") == 2


def agrees(stated: float, computed: float, decimals: int) -> bool:
    """What the suites' own expectation decides (gx_rounding), for one pair."""
    return abs(stated - computed) <= rounding_tolerance(decimals)


def test_agreement_is_half_a_unit_of_the_last_printed_digit():
    assert agrees(0.21, 0.2149, 2)
    assert not agrees(0.21, 0.2151, 2)
    assert agrees(0.13, 0.125, 2)  # exactly half rounds either way
    assert agrees(90, 90.2, 0)
    assert not agrees(90.0, 90.6, 0)
