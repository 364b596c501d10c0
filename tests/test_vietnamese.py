from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officereports.reports.rates import round_half_up
from officereports.reports.vietnamese import (
    PARTS_OF_DAY,
    QUALIFIERS,
    change,
    dateline,
    decimal,
    formal_date,
    join,
    number,
    percent,
    qualified,
    quarter,
    rounded,
    short_date,
    stated_change,
)

D = Decimal


# number


@pytest.mark.parametrize(
    "n, expected",
    [
        (52900, "52.900"),
        (1236393, "1.236.393"),
        (83408, "83.408"),
        (600, "600"),
        (999, "999"),
        (1000, "1.000"),
        (0, "0"),
        (-1234, "-1.234"),
        (-5, "-5"),
        (1_000_000_000, "1.000.000.000"),
    ],
)
def test_it_groups_thousands_with_dots(n, expected):
    assert number(n) == expected


# decimal


@pytest.mark.parametrize(
    "value, places, expected",
    [
        (D("4947.105"), 2, "4.947,11"),
        (D("2.5"), 0, "3"),
        (D("3.5"), 0, "4"),
        (D("1.005"), 2, "1,01"),
        (D("1.004"), 2, "1,00"),
        (D("98.2496"), 1, "98,2"),
        (D("98.25"), 1, "98,3"),
        (D("0.05"), 1, "0,1"),
        (D("1234567.891"), 2, "1.234.567,89"),
        (7, 2, "7,00"),
        (52900, 0, "52.900"),
        (D("-1.005"), 2, "-1,01"),
        (D("-2.5"), 0, "-3"),
    ],
)
def test_it_rounds_half_up_with_a_decimal_comma(value, places, expected):
    assert decimal(value, places) == expected


def test_it_does_not_write_a_minus_sign_on_a_value_rounded_to_zero():
    assert decimal(D("-0.004"), 2) == "0,00"


# percent


@pytest.mark.parametrize(
    "value, expected",
    [
        (D("77.18"), "77,18%"),
        (D("98.2"), "98,2%"),
        (D("100.00"), "100%"),
        (D("100.0"), "100%"),
        (D("100"), "100%"),
        (D("57.89"), "57,89%"),
        (D("96.55"), "96,55%"),
        (D("77.10"), "77,10%"),
        (D("1234.5"), "1.234,5%"),
        (D("0.00"), "0%"),
        (D("0.5"), "0,5%"),
        (D("1E+2"), "100%"),
    ],
)
def test_it_writes_a_rounded_percentage_as_is_without_an_all_zero_fraction(value, expected):
    assert percent(value) == expected


def test_it_puts_the_percent_sign_right_after_the_number():
    assert " " not in percent(D("98.2"))


# qualified


def test_the_qualifiers_are_keyed_by_their_stored_values():
    assert QUALIFIERS == {
        "exact": "",
        "hon": "hơn",
        "tren": "trên",
        "gan": "gần",
        "khoang": "khoảng",
    }


@pytest.mark.parametrize(
    "n, qualifier, expected",
    [
        (52900, "hon", "hơn 52.900"),
        (52900, "exact", "52.900"),
        (40000, "gan", "gần 40.000"),
        (600, "tren", "trên 600"),
        (1000, "khoang", "khoảng 1.000"),
        (600, "", "600"),
    ],
)
def test_it_puts_the_qualifier_before_the_number_with_a_single_space(n, qualifier, expected):
    assert qualified(n, qualifier) == expected


def test_an_unqualified_number_is_exact():
    assert qualified(52900) == "52.900"


@pytest.mark.parametrize(
    "n, qualifier, expected",
    [
        (215_000, "hon", "hơn 215 nghìn"),
        (18_000, "gan", "gần 18.000"),  # below 100.000 the digits stay
        (52_900, "hon", "hơn 52.900"),
        (215_400, "hon", "hơn 215.400"),  # "215 nghìn" would drop the author's 400
        (1_200_000, "tren", "trên 1,2 triệu"),
        (3_000_000, "khoang", "khoảng 3 triệu"),
        (1_250_000, "hon", "hơn 1.250 nghìn"),
        (215_000, "exact", "215.000"),  # an exact count is written in full
    ],
)
def test_an_approximate_large_count_is_written_in_thousands_or_millions(n, qualifier, expected):
    assert qualified(n, qualifier) == expected


def test_it_refuses_an_unknown_qualifier():
    with pytest.raises(ValueError):
        qualified(100, "about")


# rounded


@pytest.mark.parametrize(
    "n, expected",
    [
        (52937, "hơn 52.900"),
        (605, "hơn 600"),
        (20345, "hơn 20.300"),
        (341250, "hơn 341 nghìn"),
        (1236393, "hơn 1,2 triệu"),
        (101, "hơn 100"),
        (1001, "hơn 1.000"),
        (100_001, "hơn 100 nghìn"),
    ],
)
def test_it_floors_to_the_unit_with_hon(n, expected):
    assert rounded(n) == expected


@pytest.mark.parametrize(
    "n, expected",
    [
        (39950, "gần 40.000"),
        (998, "gần 1.000"),
        (995, "gần 1.000"),
        (4980, "gần 5.000"),
        (99_960, "gần 100.000"),  # under 100.000: not yet written in nghìn
        (396_500, "gần 400 nghìn"),
        (1_995_000, "gần 2 triệu"),
    ],
)
def test_it_rounds_up_with_gan_within_one_percent_below_a_round_figure(n, expected):
    assert rounded(n) == expected


@pytest.mark.parametrize(
    "n, expected",
    [
        (52990, "hơn 52.900"),  # 53.000 is close, but not a round figure
        (609, "hơn 600"),
        (341_999, "hơn 341 nghìn"),
        (1450, "hơn 1.400"),  # 2.000 is far
        (485, "hơn 480"),  # 500 is 3% away
        (9_899, "hơn 9.800"),  # 10.000 is just over 1% away
    ],
)
def test_it_keeps_hon_when_the_count_is_not_close_below_a_round_figure(n, expected):
    assert rounded(n) == expected


def test_gan_is_used_exactly_at_one_percent_below_even_for_a_whole_multiple_of_the_unit():
    assert rounded(495) == "gần 500"  # 495 = 500 x 0,99
    assert rounded(9_900) == "gần 10.000"
    assert rounded(990) == "gần 1.000"


@pytest.mark.parametrize(
    "n, expected",
    [
        (99, "99"),
        (0, "0"),
        (57, "57"),
        (100, "100"),
        (600, "600"),
        (1000, "1.000"),
        (52900, "52.900"),
        (100_000, "100.000"),
        (341000, "341.000"),
        (-250, "-250"),
    ],
)
def test_it_writes_small_counts_and_whole_multiples_of_the_unit_exactly(n, expected):
    assert rounded(n) == expected


# dates


@pytest.mark.parametrize(
    "d, expected",
    [
        (date(2020, 12, 29), "29/12/2020"),
        (date(2020, 1, 5), "05/01/2020"),
        (date(2023, 10, 1), "01/10/2023"),
    ],
)
def test_it_writes_short_dates_with_zero_padded_day_and_month(d, expected):
    assert short_date(d) == expected


def test_the_parts_of_day_are_keyed_by_their_stored_values():
    assert PARTS_OF_DAY == {"sang": "Sáng", "chieu": "Chiều", "toi": "Tối"}


@pytest.mark.parametrize(
    "d, part_of_day, expected",
    [
        (date(2020, 12, 29), "chieu", "Chiều 29-12"),
        (date(2020, 1, 5), "sang", "Sáng 5-1"),
        (date(2021, 1, 6), "chieu", "Chiều 6-1"),
        (date(2020, 1, 5), "toi", "Tối 5-1"),
        (date(2020, 12, 29), "", "Ngày 29-12"),
    ],
)
def test_it_writes_a_news_dateline(d, part_of_day, expected):
    assert dateline(d, part_of_day) == expected


def test_a_dateline_without_a_part_of_day_starts_with_ngay():
    assert dateline(date(2020, 12, 29)) == "Ngày 29-12"


def test_it_refuses_an_unknown_part_of_day():
    with pytest.raises(ValueError):
        dateline(date(2020, 12, 29), "trua")


@pytest.mark.parametrize(
    "d, expected",
    [
        (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (date(2020, 12, 29), "ngày 29 tháng 12 năm 2020"),
        (date(2022, 3, 14), "ngày 14 tháng 3 năm 2022"),
        (date(2022, 2, 28), "ngày 28 tháng 02 năm 2022"),
        (date(2022, 9, 9), "ngày 09 tháng 9 năm 2022"),
        (date(2022, 10, 10), "ngày 10 tháng 10 năm 2022"),
    ],
)
def test_it_pads_days_under_ten_and_months_one_and_two_in_formal_dates(d, expected):
    assert formal_date(d) == expected


@pytest.mark.parametrize(
    "q, expected",
    [(1, "quý I/2023"), (2, "quý II/2023"), (3, "quý III/2023"), (4, "quý IV/2023")],
)
def test_it_writes_quarters_in_roman_numerals(q, expected):
    assert quarter(q, 2023) == expected


@pytest.mark.parametrize("q", [0, 5, -1])
def test_it_refuses_a_quarter_outside_one_to_four(q):
    with pytest.raises(ValueError):
        quarter(q, 2023)


# change


@pytest.mark.parametrize(
    "current, previous, expected",
    [
        (1185, 1000, "tăng 18,5% so với năm 2019"),
        (1180, 1000, "tăng 18% so với năm 2019"),
        (968, 1000, "giảm 3,2% so với năm 2019"),
        (276, 100, "gấp 2,76 lần so với năm 2019"),
        (200, 100, "gấp 2 lần so với năm 2019"),
        (2100, 1000, "gấp 2,1 lần so với năm 2019"),  # no trailing zero in a multiple
        (370, 100, "gấp 3,7 lần so với năm 2019"),
        (100, 100, "bằng năm 2019"),
    ],
)
def test_it_words_the_change_against_a_named_year(current, previous, expected):
    assert change(current, previous, 2019) == expected


@pytest.mark.parametrize(
    "current, previous, expected",
    [
        (968, 1000, "giảm 3,2% so với năm trước"),
        (1185, 1000, "tăng 18,5% so với năm trước"),
        (276, 100, "gấp 2,76 lần so với năm trước"),
        (100, 100, "bằng năm trước"),
    ],
)
def test_it_words_the_change_against_the_previous_year_when_no_year_is_given(
    current, previous, expected
):
    assert change(current, previous) == expected


@pytest.mark.parametrize(
    "current, previous, expected",
    [
        (2001, 2000, "tăng 0,1% so với năm trước"),  # 0,05% exactly: rounds up
        # 0,005% would round to nothing at one decimal: two decimals, half-up.
        (20001, 20000, "tăng 0,01% so với năm trước"),
        (1999, 2000, "giảm 0,1% so với năm trước"),
        (D("1.1"), D("1.0"), "tăng 10% so với năm trước"),
        (199, 100, "tăng 99% so với năm trước"),
        (19996, 10000, "tăng 100% so với năm trước"),
        (0, 754, "giảm 100% so với năm trước"),
        (D("2.765"), 1, "gấp 2,77 lần so với năm trước"),  # 2,765 exactly: rounds up
        (1000, 1, "gấp 1.000 lần so với năm trước"),
    ],
)
def test_it_rounds_the_change_once_half_up(current, previous, expected):
    assert change(current, previous) == expected


def test_it_rounds_from_the_exact_fraction_not_from_a_rounded_percentage():
    # A 1,8496% fall: rounding to 1,85 first would turn it into 1,9.
    assert change(981_504, 1_000_000) == "giảm 1,8% so với năm trước"
    # 1.019.496 / 1.000.000: 1,9496%, which a 2-place first rounding (1,95) would turn to 2,0.
    assert change(1_019_496, 1_000_000) == "tăng 1,9% so với năm trước"


@pytest.mark.parametrize(
    "current, previous",
    [(100, None), (None, 100), (None, None), (100, 0), (100, D("0")), (100, -5)],
)
def test_it_has_no_change_without_a_usable_previous_value(current, previous):
    assert change(current, previous, 2019) is None


# join


@pytest.mark.parametrize(
    "items, expected",
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A và B"),
        (["A", "B", "C"], "A, B và C"),
        (["A", "", None, "B"], "A và B"),
        (["", None], ""),
        (["A", "  "], "A"),
    ],
)
def test_it_joins_a_list_the_vietnamese_way(items, expected):
    assert join(items) == expected


def test_it_joins_any_iterable():
    assert join(name for name in ("Lê Hữu Hoàng", "Nguyễn Anh Tuấn")) == (
        "Lê Hữu Hoàng và Nguyễn Anh Tuấn"
    )


# properties


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_number_reads_back_as_the_same_integer(n):
    text = number(n)
    assert int(text.replace(".", "")) == n
    assert all(len(group) == 3 for group in text.lstrip("-").split(".")[1:])


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=6),
    st.integers(min_value=0, max_value=4),
)
def test_decimal_reads_back_as_the_half_up_rounded_value(value, places):
    text = decimal(value, places)
    assert D(text.replace(".", "").replace(",", ".")) == round_half_up(value, places)


def _unit(n):
    return 10 if n < 1_000 else 100 if n < 100_000 else 1_000 if n < 1_000_000 else 100_000


def _read_back(text):
    """("hơn", 341000) from "hơn 341 nghìn", ("hơn", 1200000) from "hơn 1,2 triệu"; ("",
    52900) from "52.900"."""
    words = text.removesuffix(" nghìn").removesuffix(" triệu").split(" ")
    qualifier = words[0] if len(words) == 2 else ""
    value = D(words[-1].replace(".", "").replace(",", "."))
    scale = 1_000 if text.endswith(" nghìn") else 1_000_000 if text.endswith(" triệu") else 1
    return qualifier, int(value * scale)


@given(st.integers(min_value=0, max_value=10**10))
def test_rounded_wording_is_always_true_and_close(n):
    qualifier, value = _read_back(rounded(n))
    if qualifier == "":
        assert value == n
    elif qualifier == "hơn":
        assert value < n < value + _unit(n)
    else:
        assert qualifier == "gần"
        assert n < value
        assert n * 100 >= value * 99
        assert len(str(value).rstrip("0")) == 1  # one significant digit: a round figure


@given(st.integers(min_value=2, max_value=10**9), st.data())
def test_an_increase_is_the_exact_fraction_rounded_once(previous, data):
    current = data.draw(st.integers(min_value=previous + 1, max_value=2 * previous - 1))
    exact = Fraction(current - previous, previous) * 100
    # Half-up from the exact fraction, without going through Decimal division.
    tenths = int(exact * 10 + Fraction(1, 2))
    expected = D(tenths).scaleb(-1)
    text = change(current, previous)
    assert text.startswith("tăng ") and text.endswith("% so với năm trước")
    written = D(text.removeprefix("tăng ").split("%")[0].replace(".", "").replace(",", "."))
    if tenths:
        assert written == expected
    else:
        # Under 0,05%: rounded at its first significant digit, never "tăng 0%".
        places = -written.as_tuple().exponent
        assert written == D(int(exact * 10**places + Fraction(1, 2))).scaleb(-places) != 0
        assert len(written.as_tuple().digits) == 1


@pytest.mark.parametrize(
    "value, kind, qualifier, expected",
    [
        (D("15"), "percent", "gan", "tăng gần 15%"),
        (D("-4.1"), "percent", "exact", "giảm 4,1%"),
        (D("-4.10"), "percent", "", "giảm 4,1%"),
        (D("27.00"), "percent", "hon", "tăng hơn 27%"),
        (D("1234.5"), "percent", "tren", "tăng trên 1.234,5%"),
        (D("2.76"), "times", "exact", "gấp 2,76 lần"),
        (D("2.00"), "times", "khoang", "gấp khoảng 2 lần"),
        (D("0"), "percent", "exact", "không đổi"),
        (D("0.00"), "percent", "gan", "không đổi"),
    ],
)
def test_a_stated_change_is_written_with_the_digits_its_author_wrote(
    value, kind, qualifier, expected
):
    assert stated_change(value, kind, qualifier) == expected


def test_a_stated_change_refuses_an_unknown_kind_or_qualifier():
    with pytest.raises(ValueError):
        stated_change(D("1"), "ratio", "exact")
    with pytest.raises(ValueError):
        stated_change(D("1"), "percent", "about")
