"""The year from its parts: the yearly report's counts from the months (or quarters) entered.

Each indicator adds up as the catalogue says (Indicator.aggregation, DOMAIN.md §2a): flows
are summed, a stock at the cut-off is the last part's, the dossiers carried over the first
part's. A count missing in a part it needs stays empty and is reported as incomplete, never
as a smaller total. Rates are not filled: they are computed from the counts as always.
Pure: no database; the entry page reads the parts and shows the result as a draft.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from officereports.reports import periods
from officereports.reports.catalog import FIRST, LAST
from officereports.reports.figures import combine_qualifiers
from officereports.reports.rates import EXACT, is_exact
from officereports.reports.values import ReportValues


def choose(available) -> list[str] | None:
    """The parts the year is made of, in order: the twelve months when all are there, else
    the four quarters when all are there, else the finer set of which any part is there
    (its missing parts flagged); None when there is no part."""
    available = set(available)
    sets = periods.parts_of_year()  # the finer first
    for kinds in sets:
        if available.issuperset(kinds):
            return kinds
    for kinds in sets:
        if available.intersection(kinds):
            return kinds
    return None


def combine(
    parts: Sequence[ReportValues | None], aggregation: Mapping[str, str]
) -> tuple[ReportValues, dict[str, list[int]]]:
    """The year's values from its parts in order (None: a part with no report), for the
    codes of `aggregation` (code -> catalog.SUM, LAST or FIRST), and code -> the positions of the
    parts whose count it lacks (those codes stay empty)."""
    year = ReportValues()
    missing = {}
    present = [p for p in parts if p is not None]
    for code, how in aggregation.items():
        if not any(code in p.values for p in present):
            continue  # reported in no part: nothing to fill, nothing to flag
        if how == LAST:
            used = [len(parts) - 1]
        elif how == FIRST:
            used = [0]
        else:
            used = list(range(len(parts)))
        lacking = [i for i in used if parts[i] is None or code not in parts[i].values]
        if lacking:
            missing[code] = lacking
            continue
        total = sum(parts[i].values[code] for i in used)
        qualifier = combine_qualifiers(parts[i].qualifiers.get(code) for i in used)
        year.put(code, total, EXACT if is_exact(qualifier) else qualifier)
    return year, missing


@dataclass
class YearFromParts:
    """The yearly report's counts prefilled from `kinds` (the months or the quarters)."""

    kinds: list  # the parts used, in order
    values: ReportValues
    missing: dict = field(default_factory=dict)  # code -> [kinds lacking it]
    absent: list = field(default_factory=list)  # kinds with no report
    unapproved: list = field(default_factory=list)  # kinds whose report is not approved

    @property
    def by_months(self) -> bool:
        return self.kinds == periods.MONTHS

    def whole(self) -> str:
        """The parts used, as a whole: "12 tháng", "4 quý"."""
        return _("12 tháng") if self.by_months else _("4 quý")

    def source(self) -> str:
        """What the prefilled fields are marked with: "Điền từ 12 tháng"."""
        return _("Điền từ 12 tháng") if self.by_months else _("Điền từ 4 quý")

    def lacking(self, code) -> str:
        """Beside a figure left empty: "Thiếu tháng 4, 7"."""
        return _("Thiếu %(parts)s") % {"parts": part_names(self.missing[code])}


def part_names(kinds) -> str:
    """ "tháng 4, 7", "quý II, IV" (months or quarters of one year)."""
    if all(kind in periods.MONTHS for kind in kinds):
        numbers = ", ".join(str(periods.months_of(kind)[0]) for kind in kinds)
        return _("tháng %(numbers)s") % {"numbers": numbers}
    numbers = ", ".join(periods.ROMAN[periods.months_of(kind)[1] // 3] for kind in kinds)
    return _("quý %(numbers)s") % {"numbers": numbers}


def year_from_parts(
    parts: Mapping[str, ReportValues],
    aggregation: Mapping[str, str],
    approved: Sequence[str] = (),
) -> YearFromParts | None:
    """The year from the parts at hand (kind -> ReportValues; `approved`: the kinds whose
    report is approved); None when there is none."""
    kinds = choose(parts)
    if kinds is None:
        return None
    values, missing = combine([parts.get(kind) for kind in kinds], aggregation)
    return YearFromParts(
        kinds=kinds,
        values=values,
        missing={code: [kinds[i] for i in where] for code, where in missing.items()},
        absent=[kind for kind in kinds if kind not in parts],
        unapproved=[kind for kind in kinds if kind in parts and kind not in approved],
    )
