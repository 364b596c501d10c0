"""A report's numbers as plain values: the one shape every reader and every check uses.

A saved report (`Report.numbers`), the entry page as typed, an upload or an import before it
is written, and the dashboard's per-report totals each build a `ReportValues`. What follows
from the numbers is computed here and nowhere else: which counts are exact, the rates (only
from exact counts, a stated percentage kept as stated) and the checks' findings.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from officereports.reports import checks, rates


@dataclass
class ReportValues:
    values: dict = field(default_factory=dict)  # code -> count, every reported count
    qualifiers: dict = field(default_factory=dict)  # code -> qualifier of non-exact counts
    stated: dict = field(default_factory=dict)  # code -> stated percentage
    explained: set = field(default_factory=set)  # codes carrying a written explanation
    # rate code -> (numerator, denominator) summed by the database from exact counts
    # (`ReportTotal`); None: computed from `exact`.
    terms: dict | None = field(default=None, compare=False)
    _rates: tuple | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, figures: Iterable) -> "ReportValues":
        """From `(code, value, qualifier, stated percent, explanation)` per figure."""
        numbers = cls()
        for code, value, qualifier, stated, explanation in figures:
            numbers.put(code, value, qualifier, stated, bool((explanation or "").strip()))
        return numbers

    @classmethod
    def of_figures(cls, figures: Iterable) -> "ReportValues":
        """From `Figure` instances (their `indicator` loaded)."""
        return cls.of(
            (f.indicator.code, f.value, f.qualifier, f.stated_percent, f.explanation)
            for f in figures
        )

    def put(self, code, value, qualifier=rates.EXACT, stated=None, explained=False):
        """Record one figure (a blank value or stated percentage records nothing)."""
        if value is not None:
            self.values[code] = value
            if not rates.is_exact(qualifier):
                self.qualifiers[code] = qualifier
        if stated is not None:
            self.stated[code] = stated
        if explained:
            self.explained.add(code)

    @cached_property
    def exact(self) -> dict:
        """The counts rates may be computed from: "hơn 52.900" over "hơn 52.900" is not 100%."""
        if not self.qualifiers:  # most reports: every count is exact
            return self.values
        return {c: v for c, v in self.values.items() if c not in self.qualifiers}

    def is_exact(self, code) -> bool:
        return code in self.values and code not in self.qualifiers

    def rate(self, catalog, code) -> rates.RateResult:
        """The RateResult of one rate of `catalog`.

        Kept for the catalogue it was computed with: the dashboard's table, comparison and
        attention list all ask for the same report's rates, each only for those it shows."""
        if self._rates is None or self._rates[0] is not catalog:
            self._rates = (catalog, {})
        results = self._rates[1]
        if code not in results:
            definition = catalog.rates[code]
            stated = self.stated.get(definition.stated_on.code)
            spec = definition.spec
            if self.terms is None or not catalog.is_active(spec):
                results[code] = rates.result(spec, self.exact, stated)
            else:
                results[code] = rates.result_of(spec, self.terms.get(code), stated)
        return results[code]

    def rate_results(self, catalog) -> dict:
        """code -> RateResult of every rate of the catalogue."""
        return {code: self.rate(catalog, code) for code in catalog.rates}

    def findings(self, catalog, previous=None) -> list[checks.Finding]:
        """The checks of the catalogue on these numbers (`previous`: last year's
        ReportValues, for the year-on-year warning), then stated shares above 100%."""
        return checks.evaluate(
            catalog.checks,
            self.values,
            catalog.names,
            previous=previous.values if previous else None,
            approximate=self.qualifiers,
        ) + checks.stated_shares(catalog.rates.values(), self.stated)
