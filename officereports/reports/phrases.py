"""Year-on-year phrases of the pages, in the reader's language.

The product's wording is Vietnamese (`vietnamese.py`: "tăng 1,9% so với năm 2022"); the
article and the workbooks, which are Vietnamese documents, call it directly. A page read in
English writes the same change in English, with English number format ("up 1.9% on 2022"),
rounded the same way, once, from the exact quotient.
"""

from decimal import Decimal

from django.utils import translation

from officereports.reports import vietnamese
from officereports.reports.rates import round_half_up

HUNDRED = Decimal(100)


def _english(value: Decimal) -> str:
    """A rounded Decimal in English format without a zero fraction: "1,234.5", "100"."""
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return format(value, ",f")


def _in_english() -> bool:
    return translation.get_language() == "en"


def _english_than(previous_year, same_period) -> str:
    year = "the previous year" if previous_year is None else str(previous_year)
    return f"the same period of {year}" if same_period else year


def english_change(current, previous, previous_year=None, same_period=False) -> str | None:
    """ "up 1.9% on 2022", "down 3.2% on the previous year", "2.76 times the 2019 figure",
    "unchanged from 2022", "up 1.9% on the same period of 2022": `vietnamese.change` in
    English."""
    if current is None or previous is None or previous <= 0:
        return None
    year = _english_than(previous_year, same_period)
    current, previous = Decimal(current), Decimal(previous)
    if current == previous:
        return f"unchanged from {year}"
    if current >= 2 * previous:
        ratio = _english(round_half_up(current / previous, 2).normalize())
        figure = (
            f"the figure of {year}"
            if same_period
            else ("the previous year's figure" if previous_year is None else f"the {year} figure")
        )
        return f"{ratio} times {figure}"
    verb = "up" if current > previous else "down"
    rate = round_half_up(abs(current - previous) / previous * HUNDRED, 1)
    return f"{verb} {_english(rate)}% on {year}"


def english_points(delta: Decimal, previous_year=None, same_period=False) -> str:
    """ "up 1.5 percentage points on 2021": `vietnamese.points` in English."""
    year = _english_than(previous_year, same_period)
    if delta == 0:
        return f"unchanged from {year}"
    verb = "up" if delta > 0 else "down"
    unit = "percentage point" if abs(delta) == 1 else "percentage points"
    return f"{verb} {_english(abs(delta))} {unit} on {year}"


def change(current, previous, previous_year=None, same_period=False) -> str | None:
    """The change of a count between two years (or the same part of two years,
    `same_period`), as the page's language writes it."""
    if _in_english():
        return english_change(current, previous, previous_year, same_period)
    return vietnamese.change(current, previous, previous_year, same_period)


def points(delta: Decimal, previous_year=None, same_period=False) -> str:
    """The change of a rate in percentage points, as the page's language writes it."""
    if _in_english():
        return english_points(delta, previous_year, same_period)
    return vietnamese.points(delta, previous_year, same_period)
