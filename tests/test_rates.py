"""Rate computation without a database (DOMAIN.md §5)."""

from decimal import Decimal

import pytest

from officereports.reports.catalog import RATES
from officereports.reports.rates import (
    RateSpec,
    change_disagrees,
    compute,
    disagrees,
    percent,
    result,
    rollup,
    round_half_up,
)

SPECS = {
    code: RateSpec(code, tuple(num), tuple(den), dec) for code, _, _, num, den, dec, _, _ in RATES
}

HUE_2022 = {
    "advisory.program_planned": 206,
    "advisory.program_passed": 159,
    "advisory.legal_planned": 38,
    "advisory.legal_issued": 22,
    "petitions.received": 754,
    "petitions.eligible": 728,
    "petitions.ineligible": 26,
    "dossiers.received": 83408,
    "dossiers.resolved": 81948,
}


@pytest.mark.parametrize(
    "code, expected",
    [
        ("rate.program_completion", Decimal("77.18")),
        ("rate.legal_completion", Decimal("57.89")),
        ("rate.petitions_eligible", Decimal("96.55")),
        # 98,2496…% rounded once to 1 decimal; rounding to 98,25 first would give 98,3.
        ("rate.dossiers_resolved", Decimal("98.2")),
    ],
)
def test_it_reproduces_the_hue_2022_rates(code, expected):
    value = compute(SPECS[code], HUE_2022)
    assert value == expected
    assert str(value) == str(expected)


def test_it_gives_100_percent_with_zero_decimals():
    spec = SPECS["rate.key_tasks_monitored"]
    assert compute(spec, {"advisory.key_tasks": 48, "advisory.key_tasks_monitored": 48}) == Decimal(
        "100"
    )
    assert (
        str(compute(spec, {"advisory.key_tasks": 48, "advisory.key_tasks_monitored": 48})) == "100"
    )


def test_it_sums_numerator_codes():
    spec = SPECS["rate.dossiers_on_time"]
    values = {
        "dossiers.resolved": 600,
        "dossiers.resolved_early": 450,
        "dossiers.resolved_on_time": 150,
    }
    assert compute(spec, values) == Decimal("100.0")


@pytest.mark.parametrize(
    "numerator, denominator, decimals, expected",
    [
        (1, 8, 2, Decimal("12.50")),  # exact, no rounding
        (1, 16, 1, Decimal("6.3")),  # 6,25 exactly: half-up, not banker's 6,2
        (1, 16, 0, Decimal("6")),
        (5, 16, 1, Decimal("31.3")),  # 31,25 → 31,3
        (2, 3, 2, Decimal("66.67")),
        (1, 3, 1, Decimal("33.3")),
        (1, 200, 0, Decimal("1")),  # 0,5 → 1
        # 0,004% would read 0: the fewest more decimals that make it non-zero.
        (8, 200000, 2, Decimal("0.004")),
        (100, 500000, 1, Decimal("0.02")),
        (48, 500000, 1, Decimal("0.01")),  # 0,0096 → 0,01, not "0,010"
        (0, 500000, 1, Decimal("0.0")),  # a true zero stays zero
        (3, 2, 1, Decimal("150.0")),  # above 100% is possible (passed > planned)
    ],
)
def test_it_rounds_once_half_up(numerator, denominator, decimals, expected):
    assert percent(numerator, denominator, decimals) == expected


def test_round_half_up_rounds_five_away_from_zero():
    assert round_half_up(Decimal("2.345"), 2) == Decimal("2.35")
    assert round_half_up(Decimal("2.5"), 0) == Decimal("3")


def test_it_is_absent_when_the_denominator_is_zero():
    assert percent(5, 0, 1) is None
    assert (
        compute(SPECS["rate.dossiers_resolved"], {"dossiers.received": 0, "dossiers.resolved": 0})
        is None
    )


def test_it_is_absent_when_a_term_is_missing():
    spec = SPECS["rate.dossiers_on_time"]
    # resolved_early missing: never read as 0, which would give a wrong 25%.
    values = {"dossiers.resolved": 600, "dossiers.resolved_on_time": 150}
    assert compute(spec, values) is None
    assert compute(spec, {**values, "dossiers.resolved_early": None}) is None


def test_a_rollup_sums_counts_instead_of_averaging_rates():
    spec = SPECS["rate.dossiers_resolved"]
    office_a = {"dossiers.received": 1000, "dossiers.resolved": 990}  # 99,0%
    office_b = {"dossiers.received": 100, "dossiers.resolved": 50}  # 50,0%
    total = rollup(spec, [office_a, office_b])
    # 1040 / 1100 = 94,5454…% → 94,5%; the average of percentages would be 74,5%.
    assert total.value == Decimal("94.5")
    assert (total.numerator, total.denominator) == (1040, 1100)
    assert (total.reported, total.missing) == (2, 0)


def test_a_rollup_says_which_offices_lack_a_figure():
    spec = SPECS["rate.dossiers_resolved"]
    total = rollup(spec, [HUE_2022, {"dossiers.received": 600}, {}])
    assert total.value == Decimal("98.2")
    assert (total.numerator, total.denominator) == (81948, 83408)
    assert (total.reported, total.missing) == (1, 2)


def test_a_rollup_with_no_complete_office_is_absent():
    total = rollup(SPECS["rate.dossiers_resolved"], [{}, {"dossiers.received": 10}])
    assert total.value is None
    assert (total.reported, total.missing) == (0, 2)


@pytest.mark.parametrize(
    "stated, expected",
    [
        (Decimal("98.2"), False),  # as printed in the article
        (Decimal("98.20"), False),  # how the database stores it
        (Decimal("98"), False),  # the author wrote fewer decimals
        (Decimal("98.25"), False),
        (Decimal("98.3"), True),  # the double-rounding mistake
        (Decimal("99.0"), True),
        (None, False),
    ],
)
def test_it_flags_a_stated_percentage_the_counts_do_not_reproduce(stated, expected):
    assert disagrees(stated, 81948, 83408) is expected


def test_a_result_keeps_the_stated_value_beside_the_computed_one():
    spec = SPECS["rate.dossiers_resolved"]
    r = result(spec, HUE_2022, stated=Decimal("98.3"))
    assert r.computed == Decimal("98.2")
    assert r.stated == Decimal("98.3")
    assert r.shown == Decimal("98.2")
    assert r.disagrees is True


def test_a_result_shows_the_stated_value_when_counts_are_missing():
    r = result(SPECS["rate.dossiers_on_time"], {"dossiers.received": 600}, stated=Decimal("100"))
    assert r.computed is None
    assert r.shown == Decimal("100")
    assert r.disagrees is False


def test_a_rate_is_100_percent_only_when_the_part_is_the_whole():
    # 230.232 of 230.318 returned on time, beside 49 late ones: 99,96%, never "100%".
    assert percent(230_232, 230_318, 1) == Decimal("99.96")
    assert percent(230_318, 230_318, 1) == Decimal("100.0")
    # Above the whole too: 100.001 of 100.000 passed against a plan is not exactly the plan.
    assert percent(100_001, 100_000, 2) == Decimal("100.001")


@pytest.mark.parametrize(
    "stated, kind, current, previous, expected",
    [
        (Decimal("27"), "percent", 127, 100, False),
        (Decimal("27.00"), "percent", 127, 100, False),  # stored 27.00, written "27"
        (Decimal("15"), "percent", 1147, 1000, False),  # 14,7% at the author's 0 decimals
        (Decimal("14.8"), "percent", 1147, 1000, True),
        (Decimal("-4.1"), "percent", 959, 1000, False),
        (Decimal("4.1"), "percent", 959, 1000, True),  # the sign matters
        (Decimal("-4"), "percent", 959, 1000, False),
        (Decimal("0"), "percent", 1003, 1000, False),  # 0,3% reads "không đổi"
        (Decimal("0"), "percent", 1006, 1000, True),
        (Decimal("2.76"), "times", 276, 100, False),
        (Decimal("2.8"), "times", 276, 100, False),
        (Decimal("3"), "times", 276, 100, False),
        (Decimal("2"), "times", 276, 100, True),
        (Decimal("2.75"), "times", 276, 100, True),
        (Decimal("5"), "percent", 10, 0, False),  # no base: nothing to compare with
    ],
)
def test_a_stated_change_is_compared_at_the_precision_its_author_wrote(
    stated, kind, current, previous, expected
):
    assert change_disagrees(stated, kind, current, previous) is expected
