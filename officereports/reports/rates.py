"""Rate computation: Decimal, rounded once, absent rather than wrong.

No Django here: the same functions serve the summary page, the dashboard, the
workbook and the JSON export, and are tested without a database.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)

# The qualifier of a count written as it is ("52.937"), as against "hơn 52.900", "gần 600"…
# (models.Qualifier). A blank qualifier writes no word either: it is exact too.
EXACT = "exact"
EXACT_QUALIFIERS = frozenset({EXACT, ""})

# Counts derived from their parts when the office gave the parts but not the count (DOMAIN.md
# §4a): the documents headline total, and the dossiers returned early or on time, which the
# on-time rate divides. A stated count is kept as stated (a check compares it with its parts).
DERIVED = {
    "documents.total": ("documents.incoming", "documents.outgoing"),
    "dossiers.resolved_on_time_or_early": ("dossiers.resolved_early", "dossiers.resolved_on_time"),
}


def is_exact(qualifier: str | None) -> bool:
    """Whether a count with this qualifier is exact: only exact counts enter a rate, an
    identity check or a year-on-year change; the others are written with their word."""
    return qualifier is None or qualifier in EXACT_QUALIFIERS


def round_half_up(value: Decimal, places: int) -> Decimal:
    """The single rounding helper of the project (half-up, as Vietnamese reports round)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def round_nonzero(value: Decimal, places: int) -> Decimal:
    """`round_half_up`, except that a value that is not zero but would round to zero gets
    the fewest more places that make it non-zero: 100 of 500.000 is 0,02%, not 0%, because
    "0%" reads as nothing done when something was. (The first non-zero rounding has one
    significant digit, at most 5: never a trailing zero.)"""
    rounded = round_half_up(value, places)
    while not rounded and value:
        places += 1
        rounded = round_half_up(value, places)
    return rounded


@dataclass(frozen=True)
class RateSpec:
    """A rate's formula: sum(numerator codes) / sum(denominator codes) × 100."""

    code: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    decimals: int


@dataclass(frozen=True)
class Rollup:
    """A rate over several reports, from summed numerators and denominators."""

    value: Decimal | None
    numerator: int | None
    denominator: int | None
    # How many of the reports had every term; the rest are left out, not counted as 0.
    reported: int
    missing: int


def percent(numerator: int, denominator: int, decimals: int) -> Decimal | None:
    """numerator / denominator × 100 from the exact fraction, rounded once (to more
    decimals than `decimals` only when it would otherwise read 0, `round_nonzero`, or 100
    with a part smaller or larger than the whole)."""
    if not denominator:
        return None
    value = Decimal(numerator) * HUNDRED / Decimal(denominator)
    rounded = round_nonzero(value, decimals)
    # Likewise a rate is 100% only when the part is the whole: 230.232 of 230.318 returned
    # on time is 99,96%, not 100% beside 49 late ones ("100%" reads as every one).
    while rounded == HUNDRED and numerator != denominator:
        decimals += 1
        rounded = round_half_up(value, decimals)
    return rounded


def value_of(code: str, values: Mapping[str, int | None]) -> int | None:
    """The count of `code`, or the sum of its parts when only they were given
    (DERIVED: documents in and out, dossiers returned early and on time)."""
    value = values.get(code)
    if value is None and code in DERIVED:
        parts = [values.get(part) for part in DERIVED[code]]
        if None not in parts:
            return sum(parts)
    return value


def _sum(codes: Iterable[str], values: Mapping[str, int | None]) -> int | None:
    total = 0
    for code in codes:
        value = value_of(code, values)
        if value is None:
            return None
        total += value
    return total


def terms(spec: RateSpec, values: Mapping[str, int | None]) -> tuple[int, int] | None:
    """(numerator, denominator) when every term is present, else None."""
    numerator = _sum(spec.numerator, values)
    denominator = _sum(spec.denominator, values)
    if numerator is None or denominator is None:
        return None
    return numerator, denominator


def compute(spec: RateSpec, values: Mapping[str, int | None]) -> Decimal | None:
    """The rate, or None when a term is missing or the denominator is 0.

    `values` maps indicator codes to counts; a code that is absent or None is missing,
    never zero.
    """
    pair = terms(spec, values)
    if pair is None:
        return None
    return percent(pair[0], pair[1], spec.decimals)


def shown(
    spec: RateSpec, values: Mapping[str, int | None], stated: Decimal | None
) -> Decimal | None:
    """`RateResult.shown` without the rest of the result, for tables of many reports: the
    computed rate, the stated one only when the counts are missing."""
    computed = compute(spec, values)
    return stated if computed is None else computed


def rollup(spec: RateSpec, value_sets: Iterable[Mapping[str, int | None]]) -> Rollup:
    """Sum numerators and denominators over reports, then divide. Never average rates."""
    numerator = denominator = reported = missing = 0
    for values in value_sets:
        pair = terms(spec, values)
        if pair is None:
            missing += 1
            continue
        numerator += pair[0]
        denominator += pair[1]
        reported += 1
    if not reported:
        return Rollup(None, None, None, 0, missing)
    return Rollup(
        percent(numerator, denominator, spec.decimals), numerator, denominator, reported, missing
    )


def disagrees(stated: Decimal | None, numerator: int, denominator: int) -> bool:
    """True when a stated percentage is not the exact rate rounded to the stated precision.

    A stated "98,2" agrees with 81.948/83.408 (98,2496…); a stated "98" agrees too. The
    comparison rounds the exact fraction once, at as many decimals as the author wrote
    (trailing zeros do not count: the database stores 98,2 as 98.20).
    """
    if stated is None or not denominator:
        return False
    stated = stated.normalize()
    places = max(0, -stated.as_tuple().exponent)
    return percent(numerator, denominator, places) != stated


# How an office stated a change (models.ChangeKind): a signed percentage, or a multiple.
PERCENT = "percent"
TIMES = "times"


def places_of(stated: Decimal) -> int:
    """The decimals the author wrote (trailing zeros do not count: 98,2 is stored 98.20)."""
    return max(0, -stated.normalize().as_tuple().exponent)


def change_disagrees(stated: Decimal, kind: str, current: int, previous: int) -> bool:
    """True when a stated change is not the change of the two counts rounded to the stated
    precision, like `disagrees` for a percentage.

    `kind` PERCENT: `stated` is signed (-4,1 for "giảm 4,1%"), compared with
    (current - previous) / previous × 100; TIMES: `stated` is the multiple ("gấp 2,76 lần"),
    compared with current / previous. The comparison rounds the exact fraction once, half-up,
    at the decimals the author wrote: "tăng gần 15%" agrees with 14,7%. A change against no
    previous count (0 or less) cannot be checked and never disagrees.
    """
    if stated is None or previous is None or current is None or previous <= 0:
        return False
    places = places_of(stated)
    current, previous = Decimal(current), Decimal(previous)
    if kind == TIMES:
        exact = current / previous
    else:
        exact = (current - previous) * HUNDRED / previous
    return round_half_up(exact, places) != stated.normalize()


@dataclass(frozen=True)
class RateResult:
    """A rate for one report: computed when the counts allow, and the stated one beside it."""

    code: str
    computed: Decimal | None
    numerator: int | None
    denominator: int | None
    stated: Decimal | None = None

    @property
    def shown(self) -> Decimal | None:
        """What readers see: the computed value; the stated one only when counts are missing."""
        return self.computed if self.computed is not None else self.stated

    @property
    def disagrees(self) -> bool:
        if self.computed is None:
            return False
        return disagrees(self.stated, self.numerator, self.denominator)


def result(
    spec: RateSpec, values: Mapping[str, int | None], stated: Decimal | None = None
) -> RateResult:
    return result_of(spec, terms(spec, values), stated)


def result_of(
    spec: RateSpec, pair: tuple[int, int] | None, stated: Decimal | None = None
) -> RateResult:
    """`result` from the rate's terms already summed (None: a term missing or not exact)."""
    if pair is None or not pair[1]:
        return RateResult(spec.code, None, *(pair or (None, None)), stated=stated)
    return RateResult(spec.code, percent(pair[0], pair[1], spec.decimals), pair[0], pair[1], stated)
