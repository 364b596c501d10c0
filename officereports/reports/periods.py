"""Reporting periods: the year and its parts (months, quarters, the first 6 and 9 months).

Decree 09/2019/NĐ-CP fixes the cut-offs: a period ends on the 14th of its last month and
starts on the 15th of the month before its first (the year: 15/12 of the previous year to
14/12). Provinces may use other dates; these are the defaults. Pure: no database.
"""

from datetime import date

YEAR = "year"
FIRST_9_MONTHS = "first-9-months"
FIRST_6_MONTHS = "first-6-months"
QUARTERS = [f"quarter-{n}" for n in range(1, 5)]
MONTHS = [f"month-{n}" for n in range(1, 13)]
# In the order people choose them: the year first, then the longer parts.
KINDS = [YEAR, FIRST_9_MONTHS, FIRST_6_MONTHS, *QUARTERS, *MONTHS]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# How far a period's dates may lie from its report year's: a province's own cut-offs move
# them by weeks, never by a year.
EARLIEST_MONTHS_BEFORE = 3  # the start may lie up to 3 months before 1 January
LATEST_MONTHS_AFTER = 3  # the end up to 3 months after 31 December


def months_of(kind: str) -> tuple[int, int]:
    """(first month, last month) of the report year a period covers."""
    if kind == YEAR:
        return 1, 12
    if kind == FIRST_9_MONTHS:
        return 1, 9
    if kind == FIRST_6_MONTHS:
        return 1, 6
    number = int(kind.rsplit("-", 1)[1])
    if kind in QUARTERS:
        return 3 * number - 2, 3 * number
    if kind in MONTHS:
        return number, number
    raise ValueError(kind)


def default_dates(kind: str, year: int) -> tuple[date, date]:
    """The regime's cut-offs: from the 15th of the month before the first month to the 14th
    of the last month."""
    first, last = months_of(kind)
    start = date(year - 1, 12, 15) if first == 1 else date(year, first - 1, 15)
    return start, date(year, last, 14)


def window(year: int) -> tuple[date, date]:
    """The earliest start and latest end a period of `year` may have."""
    return date(year - 1, 12 - EARLIEST_MONTHS_BEFORE + 1, 1), date(
        year + 1, LATEST_MONTHS_AFTER, 31
    )


def date_errors(year: int, start, end) -> dict:
    """field -> Vietnamese message for dates a period of `year` cannot have (empty: fine).
    Blank dates are fine: they take the regime's defaults."""
    errors = {}
    earliest, latest = window(year)
    if start and not earliest <= start <= latest:
        errors["period_start"] = (
            f"Ngày bắt đầu kỳ báo cáo phải trong khoảng {earliest:%d/%m/%Y} – "
            f"{latest:%d/%m/%Y} (quanh năm {year})."
        )
    if end and not earliest <= end <= latest:
        errors["period_end"] = (
            f"Ngày kết thúc kỳ báo cáo phải trong khoảng {earliest:%d/%m/%Y} – "
            f"{latest:%d/%m/%Y} (quanh năm {year})."
        )
    if start and end and start >= end and "period_end" not in errors:
        errors["period_end"] = "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."
    return errors


def label(kind: str, year: int) -> str:
    """How the press names the period: "năm 2024", "9 tháng đầu năm 2024", "quý I năm 2024",
    "tháng 9/2024"."""
    if kind == YEAR:
        return f"năm {year}"
    if kind == FIRST_9_MONTHS:
        return f"9 tháng đầu năm {year}"
    if kind == FIRST_6_MONTHS:
        return f"6 tháng đầu năm {year}"
    first, last = months_of(kind)
    if kind in QUARTERS:
        return f"quý {ROMAN[last // 3]} năm {year}"
    return f"tháng {first}/{year}"


def kind_label(kind: str) -> str:
    """The period without its year, for a choice list: "Năm", "Quý I", "Tháng 9"."""
    if kind == YEAR:
        return "Năm"
    if kind == FIRST_9_MONTHS:
        return "9 tháng đầu năm"
    if kind == FIRST_6_MONTHS:
        return "6 tháng đầu năm"
    first, last = months_of(kind)
    if kind in QUARTERS:
        return f"Quý {ROMAN[last // 3]}"
    return f"Tháng {first}"


def review_word(kind: str) -> str:
    """The year-end review is a "tổng kết"; a review of part of the year a "sơ kết"."""
    return "tổng kết" if kind == YEAR else "sơ kết"


def parts_of_year() -> list[list[str]]:
    """The ways the year is made of parts, the finer first: twelve months, four quarters."""
    return [MONTHS, QUARTERS]


def previous_part(kind: str, year: int) -> tuple[str, int] | None:
    """The period just before a month or a quarter, as (kind, year): quarter-1 of 2024 for
    quarter-2, month-12 of 2023 for month-1 of 2024. None for the year and the first 6 or 9
    months (the same period of last year is their comparison)."""
    for kinds in parts_of_year():
        if kind in kinds:
            position = kinds.index(kind)
            return (kinds[position - 1], year) if position else (kinds[-1], year - 1)
    return None
