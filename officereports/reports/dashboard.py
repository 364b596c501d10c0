"""The leadership dashboard's numbers.

`load()` reads every report and figure of the offices in view in a constant number of
queries and keeps that snapshot in the cache under what it was read from (`data_key`);
everything else
here is plain Python over the snapshot: KPIs with year-on-year changes, yearly series for the
charts, the table rows, completeness and the attention list. Counts over several offices are
summed; rates over several offices come from `rates.rollup` over exact counts (summed
numerators and denominators), never from averaged percentages.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    Max,
    Min,
    Prefetch,
    Q,
    Sum,
    When,
    prefetch_related_objects,
)
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from officereports.reports import periods, phrases, rates, vietnamese
from officereports.reports import totals as report_totals
from officereports.reports.figures import combine_qualifiers
from officereports.reports.models import (
    Qualifier,
    Report,
    ReportTotal,
    UnitName,
    period_display,
    period_kind_display,
)
from officereports.reports.values import ReportValues

# The headline figures and rates, in card and column order, with the direction of change a
# leader reads as good: 1 up, -1 down, 0 neither (more documents is more work, not better).
KPIS = [
    ("documents.incoming", 0),
    ("documents.outgoing", 0),
    ("rate.program_completion", 1),
    ("rate.legal_completion", 1),
    ("petitions.received", 0),
    ("rate.petitions_eligible", 0),
    ("dossiers.resolved", 1),
    ("rate.dossiers_on_time", 1),
]

# Trend charts: counts drawn per year, and an optional rate on a second axis.
TRENDS = {
    "documents": {
        "title": gettext_lazy("Văn bản đến và văn bản đi"),
        "counts": ["documents.incoming", "documents.outgoing"],
        "rate": None,
        "kind": "line",
    },
    "dossiers": {
        "title": gettext_lazy("Hồ sơ thủ tục hành chính"),
        "counts": ["dossiers.received", "dossiers.resolved"],
        "rate": "rate.dossiers_on_time",
        "kind": "bar",
    },
    "petitions": {
        "title": gettext_lazy("Đơn thư"),
        "counts": ["petitions.received", "petitions.eligible"],
        "rate": "rate.petitions_eligible",
        "kind": "bar",
    },
}
COMPARISON = "comparison"
DEFAULT_COMPARISON_RATE = "rate.dossiers_on_time"

# Bump when the look of the charts or the page changes, so no cache holds the old one.
CACHE_FORMAT = 3
CACHE_SECONDS = 24 * 3600

# How many items of each kind the attention list shows before "và … nữa".
ATTENTION_SHOWN = 5

# Leaders read approved reports by default. The switch `?include=all` adds the figures of
# reports not approved yet (drafts, submitted, returned), and every number they are part of
# carries this mark, explained by UNAPPROVED_LEGEND wherever it is shown.
INCLUDE_ALL = "all"
UNAPPROVED_MARK = "†"
UNAPPROVED_LEGEND = gettext_lazy(
    "† gồm số liệu chưa duyệt (báo cáo đang soạn, chờ duyệt hoặc bị trả lại)."
)


def marked(text, unapproved) -> str:
    """`text` with the mark of unapproved figures when `unapproved`."""
    return f"{text}{UNAPPROVED_MARK}" if unapproved else str(text)


# ---------------------------------------------------------------------------
# Cache keys


def digest(value) -> str:
    """A short fingerprint of `value` (its repr), to keep cache keys short."""
    return hashlib.sha1(repr(value).encode()).hexdigest()[:16]


def stamp(offices, every_office=False, period=periods.YEAR) -> dict:
    """How many reports of the `period` kind `offices` have (`n`), the sum of their versions
    and their latest change: one aggregate query."""
    q = Report.objects.filter(period=period)
    q = q if every_office else q.filter(office__in=offices)
    return q.aggregate(n=Count("id"), versions=Sum("version"), last=Max("updated_at"))


def data_key(offices, catalog, every_office=False, stamped=None, period=periods.YEAR) -> str:
    """What the dashboard's numbers for `offices` and the `period` kind are made from, as a
    cache key part: the period, its reports' `stamp` (`stamped` when already read) and the
    catalogue in use.

    Every write to a report's figures or status bumps its `version` (entry form, upload,
    import, admin, workflow), a new or deleted report changes the count: a save in one office
    changes the key of the scopes that hold it and of no other."""
    stamped = stamp(offices, every_office, period) if stamped is None else stamped
    # Every field of every definition (what an administrator edits in the catalogue).
    rows = [*catalog.indicators.values(), *catalog.rates.values(), *catalog.checks]
    definitions = [sorted((k, v) for k, v in vars(row).items() if k != "_state") for row in rows]
    return digest((CACHE_FORMAT, period, sorted(stamped.items()), definitions))


def cache_key(kind: str, data: str, office_ids, *parts) -> str:
    """The key of a dashboard data set or chart: its kind, `data_key`, the offices in view
    (None: every office) and the language (the charts' labels are in it)."""
    offices = "all" if office_ids is None else sorted(office_ids)
    return f"dashboard:{kind}:{data}:{get_language()}:{digest((offices, parts))}"


# ---------------------------------------------------------------------------
# The snapshot


@dataclass
class Entry(ReportValues):
    """One office's report for one year: its numbers (`values.ReportValues`, the rates'
    exact terms summed by the database) and where it belongs."""

    report_id: int = 0
    office_id: int = 0
    year: int = 0
    status: str = ""

    @property
    def approved(self) -> bool:
        return self.status == Report.Status.APPROVED


@dataclass
class Snapshot:
    catalog: object  # catalog.Catalog
    offices: dict  # id -> Office (unit and former names loaded), in the unit-name order
    entries: dict  # (office_id, year) -> Entry
    # The years whose reports are in `entries`; None: all years (see `gather`).
    detail_years: tuple | None = None
    # (first, last) year with a report, when `entries` holds only the detail years.
    span: tuple | None = None
    # (code, year) -> Total over every office in view of the trend charts' counts and rates,
    # summed by the database (`yearly_totals`); None: computed from `entries`.
    yearly: dict | None = None
    # (office_id, year) -> status of every report read, counted or not (`entries` holds only
    # the counted ones: approved, or every status with the switch); None: those of `entries`.
    statuses: dict | None = None
    # The year shown when none is asked for: the latest with an approved report.
    default: int | None = None
    approved_only: bool = True
    # Whether a counted report, of any year read, is demo data (`Report.is_demo`).
    demo: bool = False
    # The period kind of every report read (periods.KINDS): the years are years of it.
    period: str = periods.YEAR
    # (office_id, year, short) -> name: names are read for every office of a year.
    _names: dict = field(default_factory=dict, repr=False, compare=False)
    # year -> the entries of every office in view, in office order; ("pairs", year) -> `pairs`.
    _in_year: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def years(self) -> list[int]:
        """Every year from the first to the last with a report (gaps included)."""
        if self.span is not None:
            first, last = self.span
        else:
            present = {year for _, year in self.entries}
            first, last = min(present, default=None), max(present, default=None)
        if first is None:
            return []
        return list(range(first, last + 1))

    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None

    def status_of(self, office_id, year) -> str | None:
        """The status of the office's report for `year`, counted or not (None: no report)."""
        if self.statuses is not None:
            return self.statuses.get((office_id, year))
        entry = self.entries.get((office_id, year))
        return entry.status if entry else None

    def default_year(self) -> int | None:
        """The latest year with an approved report (without one, the latest with a report)."""
        if self.default is not None:
            return self.default
        if self.statuses is not None:
            approved = [y for (_o, y), s in self.statuses.items() if s == Report.Status.APPROVED]
            if approved:
                return max(approved)
        return self.latest_year()

    def entries_in(self, year, office_ids=None):
        if office_ids is None:
            if year not in self._in_year:
                self._in_year[year] = self.entries_in(year, self.offices)
            return self._in_year[year]
        ids = office_ids
        return [self.entries[(i, year)] for i in ids if (i, year) in self.entries]

    def pairs(self, year, office_ids=None):
        """(this year's entry, last year's) of the offices with both."""
        if office_ids is None:
            if ("pairs", year) not in self._in_year:
                self._in_year[("pairs", year)] = self.pairs(year, self.offices)
            return self._in_year[("pairs", year)]
        entries = self.entries
        return [
            (entries[(i, year)], entries[(i, year - 1)])
            for i in office_ids
            if (i, year) in entries and (i, year - 1) in entries
        ]

    def label(self, code: str) -> str:
        """The catalogue's name of an indicator or a rate."""
        if code in self.catalog.rates:
            return self.catalog.rates[code].display_name
        return self.catalog.indicators[code].display_name

    def short_name(self, office_id, year) -> str:
        """ "Thừa Thiên Huế" in 2022, "Huế" in 2025: for chart labels."""
        key = (office_id, year, True)
        if key not in self._names:
            self._names[key] = self.offices[office_id].unit.name_in(year)[0]
        return self._names[key]

    def office_name(self, office_id, year) -> str:
        key = (office_id, year, False)
        if key not in self._names:
            self._names[key] = self.offices[office_id].name(year)
        return self._names[key]


def _read_former_names(offices):
    """The units' former names, as the list `AdministrativeUnit.name_on` reads (one query)."""
    by_date = UnitName.objects.order_by("valid_to")
    prefetch_related_objects(
        offices, Prefetch("unit__former_names", by_date, to_attr="former_names_by_date")
    )


def gather(
    offices,
    catalog,
    year=None,
    every_figure=True,
    every_office=False,
    approved_only=True,
    period=periods.YEAR,
) -> Snapshot:
    """Every report of the `period` kind (the year, a quarter…) of `offices` (a list of
    Office with `unit`) and their figures: former unit names, reports, figures (three
    queries). Only reports of one kind are read, so that every sum, change and trend
    compares like with like (a quarter with the same quarter of other years).

    `approved_only`: only approved reports are counted (their figures are read, they have
    entries, they make the years); the others are known by their status only. Off, every
    report is counted and each entry says whether it is approved.

    With `every_figure` off, only the reports of `year` (None: the latest with a report)
    and of the year before are read, with every figure, and the trend charts' yearly
    totals are summed by the database (`yearly_totals`): that is all the page and its
    charts read, and at thousands of offices × years a fraction of the rows. Six queries
    then: the first and last years with a report, the two of the totals, and the three
    above.

    `every_office`: `offices` are all there are, so the queries need no list of them.
    """
    _read_former_names(offices)
    ids = [o.id for o in offices]
    reports = Report.objects.filter(period=period)
    reports = reports.filter(Q() if every_office else Q(office_id__in=ids))
    totals = ReportTotal.objects.filter(report__period=period)
    totals = totals.filter(Q() if every_office else Q(report__office_id__in=ids))
    approved = Report.Status.APPROVED
    counted = reports.filter(status=approved) if approved_only else reports
    if approved_only:
        totals = totals.filter(report__status=approved)
    span = detail = yearly = default = None
    demo = False
    if not every_figure:
        found = counted.aggregate(
            first=Min("year"),
            last=Max("year"),
            approved=Max("year", filter=Q(status=approved)),
            demo=Count("id", filter=Q(is_demo=True)),
        )
        span = (found["first"], found["last"])
        demo = bool(found["demo"])
        default = found["approved"] or found["last"]
        year = year or default or 0
        detail = (year - 1, year)
        yearly = yearly_totals(catalog, counted)
        reports = reports.filter(year__in=detail)
        totals = totals.filter(report__year__in=detail)
    else:
        # Every report's counts (the offices workbook): its rates are computed from them as
        # each row is written, so their terms are not read.
        totals = totals.filter(denominator__isnull=True)
    indicators, rate_codes = catalog.indicators, catalog.rates
    entries = {}
    by_report = {}
    statuses = {}
    q = reports.order_by().values_list("id", "office_id", "year", "status", "is_demo")
    for report_id, office_id, report_year, status, is_demo in q:
        statuses[(office_id, report_year)] = status
        if approved_only and status != approved:
            continue  # known by its status: completeness and the table's status column
        demo = demo or is_demo
        entry = Entry(
            report_id=report_id,
            office_id=office_id,
            year=report_year,
            status=status,
            terms=None if every_figure else {},
        )
        entries[(office_id, report_year)] = by_report[report_id] = entry
    # Each report's totals (kept with every write, `totals.refresh`), not its figures: the
    # rates' exact terms come summed.
    q = totals.order_by().values_list(
        "report_id", "code", "value", "qualifier", "stated", "explained", "numerator", "denominator"
    )
    for report_id, code, value, qualifier, stated, explained, numerator, denominator in q:
        entry = by_report[report_id]
        if code in rate_codes:
            entry.terms[code] = (numerator, denominator)
            continue
        if code not in indicators:  # an inactive indicator
            continue
        # `ReportValues.put`, written out: the offices workbook reads a million rows here.
        if value is not None:
            entry.values[code] = value
            if not rates.is_exact(qualifier):
                entry.qualifiers[code] = qualifier
        if stated is not None:
            entry.stated[code] = stated
        if explained:
            entry.explained.add(code)
    return Snapshot(
        catalog,
        {o.id: o for o in offices},
        entries,
        detail,
        span,
        yearly,
        statuses,
        default,
        approved_only,
        demo,
        period,
    )


def yearly_totals(catalog, reports) -> dict:
    """What the trend charts draw (`trend_data`) from `trend_groups`: one query."""
    return trend_data(catalog, trend_groups(catalog, reports))


def load(
    offices, catalog, data, year=None, every_office=False, approved_only=True, period=periods.YEAR
) -> Snapshot:
    """The snapshot the page and the charts for `year` (None: the latest) and the `period`
    kind read, from the cache while `data` (`data_key` of that period) is unchanged.

    The cache keeps the reports and totals only: the offices and the catalogue are in the
    caller's hands already, and thousands of model instances are slow to store and read
    back."""
    key = cache_key("data", data, [o.id for o in offices], year, approved_only, period)
    kept = cache.get(key)
    if kept is None:
        snapshot = gather(
            offices,
            catalog,
            year,
            False,
            every_office=every_office,
            approved_only=approved_only,
            period=period,
        )
        kept = (
            snapshot.entries,
            snapshot.detail_years,
            snapshot.span,
            snapshot.yearly,
            snapshot.statuses,
            snapshot.default,
            approved_only,
            snapshot.demo,
            period,
        )
        cache.set(key, kept, CACHE_SECONDS)
        return snapshot
    _read_former_names(offices)
    return Snapshot(catalog, {o.id: o for o in offices}, *kept)


# ---------------------------------------------------------------------------
# Totals and year-on-year changes


@dataclass
class Total:
    """A count or a rate over the offices in view for one year.

    Duck-types a Figure (`value`, `qualifier`, `round_in_text`) so the `vn_figure` filter
    writes counts. `reported` offices had the value; the others are left out, not zero.
    """

    code: str
    is_rate: bool
    value: int | Decimal | None
    qualifier: str = Qualifier.EXACT
    numerator: int | None = None
    denominator: int | None = None
    reported: int = 0
    # A percentage the office stated without the counts to compute it (one office only).
    stated: Decimal | None = None
    # Of the `reported` offices, those whose report is not approved yet (with the switch).
    unapproved: int = 0
    round_in_text = False


def total(snapshot, code, year, office_ids=None) -> Total:
    entries = snapshot.entries_in(year, office_ids)
    if code in snapshot.catalog.rates:
        definition = snapshot.catalog.rates[code]
        rollup = rates.rollup(definition.spec, [e.exact for e in entries])
        # A stated percentage speaks for its own office only: shown for a one-office scope.
        stated = None
        if rollup.value is None and len(entries) == 1 and len(snapshot.offices) == 1:
            stated = entries[0].stated.get(definition.stated_on.code)
        pending = [e.exact for e in entries if not e.approved]
        return Total(
            code,
            True,
            rollup.value,
            numerator=rollup.numerator,
            denominator=rollup.denominator,
            reported=rollup.reported,
            stated=stated,
            unapproved=rates.rollup(definition.spec, pending).reported if pending else 0,
        )
    having = [e for e in entries if code in e.values]
    if not having:
        return Total(code, False, None)
    return Total(
        code,
        False,
        sum(e.values[code] for e in having),
        qualifier=combine_qualifiers(e.qualifiers.get(code) for e in having),
        reported=len(having),
        unapproved=sum(1 for e in having if not e.approved),
    )


@dataclass
class Change:
    """This year against the previous one, over the offices with exact counts in both."""

    previous_year: int
    current: int | Decimal
    previous: int | Decimal
    delta: int | Decimal
    offices: int
    text: str  # "tăng 5,2% so với năm 2021", "giảm 1,5 điểm phần trăm so với năm 2021"
    delta_text: str  # "+1.234", "-1,5 điểm %"
    direction: str  # "up", "down", "same"
    tone: str  # "good", "bad", "neutral"
    percent: Decimal | None = None  # relative change of a count, rounded to 1 place
    unapproved: bool = False  # either year's numbers include a report not approved yet


def _change_numbers(snapshot, code, year, office_ids=None):
    """(current, previous, offices) over the offices with exact counts in both years, or
    None: the numbers of `change`, without its words."""
    pairs = snapshot.pairs(year, office_ids)
    if code in snapshot.catalog.rates:
        catalog = snapshot.catalog
        # Each report's rate, computed once (`Entry.rate`); summed numerators and
        # denominators over the pairs, as `rates.rollup` sums them.
        pairs = [
            (c.rate(catalog, code), p.rate(catalog, code), c.approved and p.approved)
            for c, p in pairs
        ]
        pairs = [t for t in pairs if t[0].computed is not None and t[1].computed is not None]
        if not pairs:
            return None
        unapproved = not all(approved for _c, _p, approved in pairs)
        pairs = [(c, p) for c, p, _approved in pairs]
        decimals = catalog.rates[code].spec.decimals
        current = rates.percent(
            sum(c.numerator for c, _p in pairs), sum(c.denominator for c, _p in pairs), decimals
        )
        previous = rates.percent(
            sum(p.numerator for _c, p in pairs), sum(p.denominator for _c, p in pairs), decimals
        )
    else:
        pairs = [(c, p) for c, p in pairs if code in c.exact and code in p.exact]
        if not pairs:
            return None
        unapproved = not all(c.approved and p.approved for c, p in pairs)
        current = sum(c.values[code] for c, _p in pairs)
        previous = sum(p.values[code] for _c, p in pairs)
    return current, previous, len(pairs), unapproved


def change(snapshot, code, year, good=0, office_ids=None) -> Change | None:
    """None when no office has the figure (exact) in both years."""
    numbers = _change_numbers(snapshot, code, year, office_ids)
    if numbers is None:
        return None
    current, previous, offices, unapproved = numbers
    delta = current - previous
    # The same period of the previous year: "năm 2023", or "quý I năm 2023" by its name.
    than = (
        year - 1 if snapshot.period == periods.YEAR else period_display(snapshot.period, year - 1)
    )
    if code in snapshot.catalog.rates:
        text = phrases.points(delta, than)
        sign = "+" if delta > 0 else ""
        delta_text = sign + vietnamese.percent(delta).removesuffix("%") + " " + _("điểm phần trăm")
        percent = None
    else:
        text = phrases.change(current, previous, than) or ""
        delta_text = vietnamese.signed(delta)
        percent = rates.percent(delta, previous, 1)
    direction = "up" if delta > 0 else "down" if delta < 0 else "same"
    if direction == "same" or not good:
        tone = "neutral"
    else:
        tone = "good" if (delta > 0) == (good > 0) else "bad"
    return Change(
        year - 1,
        current,
        previous,
        delta,
        offices,
        text,
        delta_text,
        direction,
        tone,
        percent,
        unapproved,
    )


@dataclass
class Kpi:
    code: str
    label: str
    unit: str  # "văn bản", or for a rate what it divides by
    total: Total
    change: Change | None

    @property
    def unapproved(self) -> bool:
        """The card's numbers include figures not approved yet (shown with the switch)."""
        return bool(self.total.unapproved or (self.change and self.change.unapproved))


def kpis(snapshot, year) -> list[Kpi]:
    out = []
    for code, good in KPIS:
        if code in snapshot.catalog.rates:
            unit = snapshot.catalog.rates[code].display_basis
        elif code in snapshot.catalog.indicators:
            unit = snapshot.catalog.indicators[code].unit
        else:  # taken out of the catalogue by an administrator
            continue
        out.append(
            Kpi(
                code,
                snapshot.label(code),
                unit,
                total(snapshot, code, year),
                change(snapshot, code, year, good),
            )
        )
    return out


# ---------------------------------------------------------------------------
# Chart series (the same numbers feed the SVG and its text alternative)
#
# A line over the years joins the same offices: a sum over a set of offices that changes
# from year to year (Khánh Hòa in 2020, Huế in 2022) is never drawn. Up to
# TREND_OFFICE_LINES offices with a figure of the charts, each office is a series of its own;
# above that, a chart sums only the offices that reported the figure in every year shown,
# and says how many they are.

TREND_OFFICE_LINES = 3


def _trend_codes(catalog) -> list[str]:
    """The counts and rates the trend charts draw (a rate over a retired indicator has no
    terms in use: not drawn)."""
    counts = [c for spec in TRENDS.values() for c in spec["counts"] if c in catalog.indicators]
    drawn = [spec["rate"] for spec in TRENDS.values() if spec["rate"] in catalog.rates]
    return counts + [code for code in drawn if catalog.is_active(catalog.rates[code].spec)]


@dataclass(frozen=True)
class TrendGroup:
    """Reports' totals of one trend code, summed: in one year over the offices that have the
    code in every year shown (`complete`); or in one year for one office (`office_id`,
    while at most TREND_OFFICE_LINES offices have any trend code); or, without a year, how
    many offices have the code at all (`offices`)."""

    year: int | None
    code: str
    qualifier: str
    office_id: int | None
    complete: bool
    value: int | None
    numerator: int | None
    denominator: int | None
    reports: int
    unapproved: int
    offices: int


# Three kinds of groups, each hashed by the database (no sort of every row):
# - the sums over the offices that have the code in every year shown ("complete"),
# - per code, how many offices have it in some year (in `first`),
# - while the offices are few, each office's own sums.
_TREND_SQL = """
WITH t AS ({rows}),
per AS (SELECT "o", "code", COUNT(*) AS "n" FROM t GROUP BY "o", "code"),
span AS (SELECT MAX(s."year") - MIN(s."year") + 1 AS "years" FROM ({reports}) s)
SELECT "y", "code", "qualifier", CAST(NULL AS BIGINT), 1, SUM("value"), SUM("numerator"), SUM("denominator"),
       COUNT(*), SUM("pending"), 0
FROM t
WHERE ("o", "code") IN (SELECT "o", "code" FROM per, span WHERE per."n" = span."years")
GROUP BY "y", "code", "qualifier"
UNION ALL
SELECT CAST(NULL AS INTEGER), "code", '', CAST(NULL AS BIGINT), 0, NULL, NULL, NULL, 0, 0, COUNT(*)
FROM per GROUP BY "code"
UNION ALL
SELECT "y", "code", "qualifier", "o", 0, SUM("value"), SUM("numerator"), SUM("denominator"),
       COUNT(*), SUM("pending"), 0
FROM t
WHERE (SELECT COUNT(DISTINCT "o") FROM per) <= %s
GROUP BY "y", "code", "qualifier", "o"
"""


def trend_groups(catalog, reports) -> list[TrendGroup]:
    """The trend codes' totals of `reports` (a Report queryset), in groups (`TrendGroup`):
    one query, its size fixed by years × codes whatever the number of offices. "Every year
    shown" is every year from the first to the last with a report, as `Snapshot.years`."""
    q = ReportTotal.objects.filter(report__in=reports, code__in=_trend_codes(catalog))
    q = q.filter(Q(value__isnull=False) | Q(denominator__isnull=False))
    q = q.annotate(
        o=F("report__office_id"),
        y=F("report__year"),
        pending=Case(When(report__status=Report.Status.APPROVED, then=0), default=1),
    )
    rows, row_params = q.values_list(
        "o", "y", "code", "qualifier", "value", "numerator", "denominator", "pending"
    ).query.sql_with_params()
    years, year_params = reports.order_by().values("year").query.sql_with_params()
    sql = _TREND_SQL.format(rows=rows, reports=years)
    # In the order of the text: the rows', the span's, the limit of offices drawn apart.
    params = (*row_params, *year_params, TREND_OFFICE_LINES)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    # PostgreSQL sums bigint columns as numeric: back to int.
    return [
        TrendGroup(
            year,
            code,
            qualifier,
            office,
            bool(complete),
            None if value is None else int(value),
            None if numerator is None else int(numerator),
            None if denominator is None else int(denominator),
            n,
            int(pending or 0),
            int(offices),
        )
        for year, code, qualifier, office, complete, value, numerator, denominator, n, pending, offices in found
    ]


def _groups_from_entries(snapshot) -> list[TrendGroup]:
    """`trend_groups` of a snapshot that holds every report (`gather` with every figure)."""
    catalog, years = snapshot.catalog, snapshot.years
    rows = []  # (office, year, code, qualifier, value, numerator, denominator, unapproved)
    for (office_id, year), entry in snapshot.entries.items():
        for code in _trend_codes(catalog):
            if code in catalog.rates:
                found = entry.rate(catalog, code)
                if found.denominator is not None:
                    pair = (found.numerator, found.denominator)
                    rows.append((office_id, year, code, "", None, *pair, not entry.approved))
            elif code in entry.values:
                qualifier = entry.qualifiers.get(code, Qualifier.EXACT)
                value = entry.values[code]
                rows.append(
                    (office_id, year, code, qualifier, value, None, None, not entry.approved)
                )
    offices = {row[0] for row in rows}
    apart = len(offices) <= TREND_OFFICE_LINES
    years_of = {}
    for office_id, year, code, *_rest in rows:
        years_of.setdefault((office_id, code), []).append(year)
    groups = {}
    for office_id, year, code, qualifier, value, numerator, denominator, pending in rows:
        keys = (
            [(year, code, qualifier, None, True)]
            if len(years_of[(office_id, code)]) == len(years)
            else []
        )
        keys += [(year, code, qualifier, office_id, False)] if apart else []
        for key in keys:
            group = groups.setdefault(key, [None, None, None, 0, 0, 0])
            for i, term in enumerate((value, numerator, denominator)):
                if term is not None:
                    group[i] = (group[i] or 0) + term
            group[3] += 1
            group[4] += pending
    out = [TrendGroup(*key, *group) for key, group in groups.items()]
    for code in {code for _office, code in years_of}:
        having = sum(1 for _office, c in years_of if c == code)
        out.append(TrendGroup(None, code, "", None, False, None, None, None, 0, 0, having))
    return out


def trend_data(catalog, groups) -> dict:
    """The trend charts' numbers from `groups`:
    (code, year) -> Total over the offices with the code in every year shown ("complete");
    (code, year, office_id) -> one office's Total, while there are few offices (each is a
    line then); (code, None) -> Total without a value, `reported` the offices that have the
    code in some year. Counts are summed with their words (`combine_qualifiers`), rates
    divided from the summed terms (never averaged)."""
    sums, offices = {}, {}
    for g in groups:
        if g.year is None:
            offices[g.code] = g.offices
            continue
        key = (g.code, g.year) if g.complete else (g.code, g.year, g.office_id)
        found = sums.setdefault(key, report_totals.Sum_())
        found.reports += g.reports
        found.unapproved += g.unapproved
        if g.value is not None:
            found.value = (found.value or 0) + g.value
            found._qualifiers.append(g.qualifier)
        if g.denominator is not None:
            found.numerator = (found.numerator or 0) + g.numerator
            found.denominator = (found.denominator or 0) + g.denominator
    out = {}
    for key, found in sums.items():
        code = key[0]
        if code in catalog.rates:
            decimals = catalog.rates[code].spec.decimals
            value = rates.percent(found.numerator, found.denominator, decimals)
            total = Total(
                code, True, value, numerator=found.numerator, denominator=found.denominator
            )
        else:
            qualifier = combine_qualifiers(found._qualifiers)
            total = Total(code, False, found.value, qualifier=qualifier)
        total.reported, total.unapproved = found.reports, found.unapproved
        out[key] = total
    for code, n in offices.items():
        out[(code, None)] = Total(code, code in catalog.rates, None, reported=n)
    return out


@dataclass
class Series:
    code: str
    label: str
    values: list  # one per year, None where no office reported
    qualifiers: list  # one per year: "exact", or "hon"… when the total includes such counts
    # One per year: True when the total includes a report not approved yet (the switch).
    unapproved: list = field(default_factory=list)
    office: str = ""  # the one office the series is, when the chart draws offices apart
    slug: str = ""  # that office's slug (for the chart's element ids)
    offices: int | None = None  # how many offices a sum covers (every year the same ones)

    def is_unapproved(self, index) -> bool:
        return bool(self.unapproved) and self.unapproved[index]

    @property
    def approximate(self) -> list:
        return [not rates.is_exact(q) for q in self.qualifiers]

    @property
    def heading(self) -> str:
        """ "Văn bản đến (tiếp nhận) – Khánh Hòa": the label, and the office when apart."""
        return f"{self.label} – {self.office}" if self.office else self.label


@dataclass
class Trend:
    name: str
    title: str
    kind: str  # "line" or "bar"
    years: list
    counts: list  # Series of counts (several per count when offices are drawn apart)
    rate: Series | None  # a rate per year, or None
    rate_basis: str = ""
    rates: list = field(default_factory=list)  # one rate Series per office, drawn apart
    # Which offices the series are, in words: "34 văn phòng có số liệu cả 5 năm".
    note: str = ""

    @property
    def series(self) -> list:
        """Every series drawn, the rates last."""
        return [*self.counts, *([self.rate] if self.rate else []), *self.rates]

    @property
    def rate_label(self) -> str:
        """The name of the rate drawn ("" without one)."""
        drawn = [self.rate] if self.rate else self.rates
        return drawn[0].label if drawn else ""

    @property
    def apart(self) -> bool:
        """Each office is its own series."""
        return any(s.office for s in self.series)


# The rate codes the trend charts draw: their series are written as percentages.
RATE_SERIES = {spec["rate"] for spec in TRENDS.values() if spec["rate"]}


def _series_text(series, index):
    value = series.values[index]
    if value is None:
        return None
    if series.code in RATE_SERIES:
        text = vietnamese.percent(value)
    else:
        text = vietnamese.qualified(value, series.qualifiers[index])
    return marked(text, series.is_unapproved(index))


def trend_rows(trend) -> list:
    """The chart's numbers as table rows: (year, [text or None per series]), rates last."""
    return [
        (year, [_series_text(s, i) for s in trend.series]) for i, year in enumerate(trend.years)
    ]


def _trend_numbers(snapshot) -> dict:
    """`trend_data` of the snapshot: summed by the database when it was read (`gather`),
    else computed from its entries, which then hold every report."""
    if snapshot.yearly is not None:
        return snapshot.yearly
    return trend_data(snapshot.catalog, _groups_from_entries(snapshot))


def _series(snapshot, numbers, code, office_id=None, office="", slug="") -> Series:
    """`code` per year over the offices with it in every year shown, or one office's own."""
    keys = [(code, y) if office_id is None else (code, y, office_id) for y in snapshot.years]
    none = Total(code, code in snapshot.catalog.rates, None)
    totals = [numbers.get(key) or none for key in keys]
    return Series(
        code,
        snapshot.label(code),
        [t.value for t in totals],
        [t.qualifier for t in totals],
        [t.unapproved > 0 for t in totals],
        office=office,
        slug=slug,
        offices=None if office_id is not None else max((t.reported for t in totals), default=0),
    )


def _note(snapshot, numbers, trend) -> str:
    """Which offices the chart's series are, in words ("34 văn phòng có số liệu cả 5 năm")."""
    years = snapshot.years
    if len(years) == 1:
        every = _("có số liệu năm %(year)s") % {"year": years[0]}
    else:
        every = _("có số liệu cả %(n)s năm") % {"n": len(years)}
    parts = []
    for series in trend.series:
        having = numbers.get((series.code, None))
        if having is None:
            continue  # no office has it: the chart says "chưa có số liệu"
        left_out = (having.reported if having else 0) - series.offices
        if series.offices:
            text = _("%(n)s văn phòng %(every)s") % {
                "n": vietnamese.number(series.offices),
                "every": every,
            }
        else:
            text = _("không văn phòng nào %(every)s") % {"every": every}
        if left_out > 0:
            text += _(" (không tính %(n)s văn phòng thiếu số liệu ở một số năm)") % {
                "n": vietnamese.number(left_out)
            }
        parts.append((series.label, text))
    if not parts:
        return ""
    if len({text for _label, text in parts}) == 1:
        text = parts[0][1]
        return text[:1].upper() + text[1:] + "."
    return "; ".join(f"{label}: {text}" for label, text in parts) + "."


def trend(snapshot, name) -> Trend:
    spec = TRENDS[name]
    catalog, years = snapshot.catalog, snapshot.years
    title = str(spec["title"])
    if snapshot.period != periods.YEAR:  # the years of a part of the year: say which part
        title = f"{title} – {period_kind_display(snapshot.period)}"
    counts = [code for code in spec["counts"] if code in catalog.indicators]
    rate = spec["rate"] if spec["rate"] in _trend_codes(catalog) else None
    codes = counts + ([rate] if rate else [])
    basis = catalog.rates[rate].display_basis if rate else ""
    numbers = _trend_numbers(snapshot)
    # Offices with their own numbers (there are few) that have a figure of this chart.
    having = {key[2] for key in numbers if len(key) == 3 and key[0] in codes}
    apart = [office_id for office_id in snapshot.offices if office_id in having]
    if len(apart) > 1:
        # Each office its own line per count and per rate, named as in the last year shown.
        names = {i: (snapshot.short_name(i, years[-1]), snapshot.offices[i].slug) for i in apart}
        lines = [_series(snapshot, numbers, c, i, *names[i]) for i in apart for c in counts]
        rate_lines = [_series(snapshot, numbers, rate, i, *names[i]) for i in apart if rate]
        # An office without a figure at all has no line for it.
        lines = [s for s in lines if any(v is not None for v in s.values)]
        rate_lines = [s for s in rate_lines if any(v is not None for v in s.values)]
        note = _("Mỗi văn phòng một đường; năm không có số liệu để trống.")
        return Trend(name, title, "line", years, lines, None, basis, rate_lines, note)
    if len(apart) == 1:
        # One office's own numbers, its missing years as gaps.
        office = apart[0]
        bars = [_series(snapshot, numbers, c, office) for c in counts]
        line = _series(snapshot, numbers, rate, office) if rate else None
        note = ""
        if len(snapshot.offices) > 1:
            note = _("Chỉ %(office)s có số liệu.") % {
                "office": snapshot.short_name(office, years[-1])
            }
        return Trend(name, title, spec["kind"], years, bars, line, basis, note=note)
    bars = [_series(snapshot, numbers, c) for c in counts]
    line = _series(snapshot, numbers, rate) if rate else None
    out = Trend(name, title, spec["kind"], years, bars, line, basis)
    out.note = _note(snapshot, numbers, out) if years else ""
    return out


# Above this many offices the comparison shows the best and the lowest half of it each,
# and says how many are left out between them; offices without the counts are named up to
# this many too.
COMPARISON_SHOWN = 40


@dataclass
class Comparison:
    code: str
    title: str
    basis: str
    decimals: int
    year: int
    rows: list  # (office short name, rate, numerator, denominator), best first
    missing: list  # office short names without the counts for the rate (the first few)
    omitted: int = 0  # offices ranked but left out between the best and the lowest rows
    more_missing: int = 0  # offices without the counts beyond those named in `missing`
    # Names (as in `rows`) of the offices whose report is not approved yet (the switch).
    unapproved: frozenset = frozenset()
    period: str = periods.YEAR  # the period kind of `year` compared

    @property
    def ranked(self) -> int:
        return len(self.rows) + self.omitted

    @property
    def missing_count(self) -> int:
        return len(self.missing) + self.more_missing


def ranking(snapshot, year, code):
    """(rows, missing, unapproved) of every office in view: the rate's rows best first, the
    names of the offices that reported without the counts for it, and the names of those
    ranked whose report is not approved yet."""
    rows, missing, unapproved = [], [], set()
    for entry in snapshot.entries_in(year):
        result = entry.rate(snapshot.catalog, code)
        name = snapshot.short_name(entry.office_id, year)
        if result.computed is None:
            missing.append(name)
            continue
        rows.append((name, result.computed, result.numerator, result.denominator))
        if not entry.approved:
            unapproved.add(name)
    # Best first; equal rates by the larger denominator, then by name.
    rows.sort(key=lambda r: (-r[1], -r[3], r[0]))
    return rows, missing, frozenset(unapproved)


def comparison(snapshot, year, code) -> Comparison:
    definition = snapshot.catalog.rates[code]
    rows, missing, unapproved = ranking(snapshot, year, code)
    omitted = 0
    if len(rows) > COMPARISON_SHOWN:
        half = COMPARISON_SHOWN // 2
        omitted = len(rows) - 2 * half
        rows = rows[:half] + rows[-half:]
    return Comparison(
        code,
        definition.display_name,
        definition.display_basis,
        definition.decimals,
        year,
        rows,
        missing[:COMPARISON_SHOWN],
        omitted,
        max(0, len(missing) - COMPARISON_SHOWN),
        unapproved & {row[0] for row in rows},
        snapshot.period,
    )


# ---------------------------------------------------------------------------
# The offices table, completeness and the attention list


def _where(slug, year, period) -> dict:
    """The kwargs of a report's address (as `Report.url`): a part of the year one level down."""
    where = {"slug": slug, "year": year}
    if period != periods.YEAR:
        where["period"] = period
    return where


def _report_path(slug, year, period=periods.YEAR) -> str:
    return reverse("reports:summary", kwargs=_where(slug, year, period))


def _history_path(slug, year, code, period=periods.YEAR) -> str:
    url = reverse("reports:history", kwargs=_where(slug, year, period))
    return url + "?" + urlencode({"code": code})


# Resolved when shown: the offices table makes nine per office, over thousands of offices,
# and shows twenty rows (reverse() takes about 20 µs).
report_url = lazy(_report_path, str)
history_url = lazy(_history_path, str)


@dataclass
class Cell:
    """One number of the offices table, with what its links and tooltip need."""

    code: str
    value: int | Decimal | None
    qualifier: str = Qualifier.EXACT
    is_rate: bool = False
    stated: bool = False  # a rate the office stated, no counts to compute it
    numerator: int | None = None
    denominator: int | None = None
    url: str = ""
    history_url: str = ""
    unapproved: bool = False  # from a report not approved yet (the switch)
    pending: bool = False  # no number: the report is not approved yet, and not counted

    @property
    def sort(self):
        # Missing values compare as the smallest here; `tables.DashboardRows` then moves them
        # after every number whichever way the column is sorted.
        return (self.value is not None, self.value or 0)


STATUS_NONE = "none"


def table_rows(snapshot, year, office_ids) -> list[dict]:
    """One row per office in `office_ids` (kept in the snapshot's order)."""
    rows = []
    for office_id in snapshot.offices:
        if office_id not in office_ids:
            continue
        office = snapshot.offices[office_id]
        entry = snapshot.entries.get((office_id, year))
        status = snapshot.status_of(office_id, year)
        url = report_url(office.slug, year, snapshot.period) if status else ""
        unapproved = entry is not None and not entry.approved
        pending = entry is None and status is not None
        row = {
            "position": len(rows),
            "office": snapshot.office_name(office_id, year),
            "slug": office.slug,
            "url": url,
            "status": status or STATUS_NONE,
        }
        for code, _good in KPIS:
            key = code.replace(".", "_")
            if code in snapshot.catalog.rates:
                result = entry.rate(snapshot.catalog, code) if entry else None
                stated_on = snapshot.catalog.rates[code].stated_on.code
                shown = result.shown if result else None
                row[key] = Cell(
                    code,
                    shown,
                    is_rate=True,
                    stated=shown is not None and result.computed is None,
                    numerator=result.numerator if result else None,
                    denominator=result.denominator if result else None,
                    url=url,
                    history_url=history_url(office.slug, year, stated_on, snapshot.period)
                    if entry
                    else "",
                    unapproved=unapproved and shown is not None,
                    pending=pending,
                )
            else:
                value = entry.values.get(code) if entry else None
                row[key] = Cell(
                    code,
                    value,
                    qualifier=entry.qualifiers.get(code, Qualifier.EXACT) if entry else "exact",
                    url=url,
                    history_url=history_url(office.slug, year, code, snapshot.period)
                    if entry
                    else "",
                    unapproved=unapproved and value is not None,
                    pending=pending,
                )
        rows.append(row)
    return rows


@dataclass
class Completeness:
    year: int
    expected: int
    started: int
    submitted: int  # sent for approval or approved
    approved: int
    behind: list  # (office name, status label, report url or ""), not yet submitted
    behind_count: int = 0  # all of them: `behind` names the first BEHIND_SHOWN

    @property
    def behind_more(self) -> int:
        return self.behind_count - len(self.behind)


# How many offices the completeness card names; the rest are counted.
BEHIND_SHOWN = 100


def completeness(snapshot, year, expected_ids) -> Completeness:
    started = submitted = approved = 0
    behind = []
    for office_id in snapshot.offices:
        if office_id not in expected_ids:
            continue
        # About statuses: every report counts here, approved or not.
        status = snapshot.status_of(office_id, year)
        name = snapshot.office_name(office_id, year)
        if status is None:
            behind.append((name, _("chưa có báo cáo"), ""))
            continue
        started += 1
        if status in (Report.Status.SUBMITTED, Report.Status.APPROVED):
            submitted += 1
        else:
            url = report_url(snapshot.offices[office_id].slug, year, snapshot.period)
            behind.append((name, Report.Status(status).label, url))
        if status == Report.Status.APPROVED:
            approved += 1
    shown = behind[:BEHIND_SHOWN]
    return Completeness(year, len(expected_ids), started, submitted, approved, shown, len(behind))


@dataclass
class Attention:
    lowest_on_time: list = field(default_factory=list)  # sentences, lowest first
    count_drops: list = field(default_factory=list)  # largest relative fall first (a few)
    rate_drops: list = field(default_factory=list)  # largest fall in points first (a few)
    # Figures with warnings or stated rates the counts contradict, by kind: (label, how
    # many, the first ATTENTION_SHOWN as sentences, how many more); `flagged` is those
    # sentences.
    flagged_kinds: list = field(default_factory=list)

    @property
    def flagged(self) -> list:
        return [s for _label, _n, sentences, _more in self.flagged_kinds for s in sentences]

    def __bool__(self):
        return bool(self.lowest_on_time or self.count_drops or self.rate_drops or self.flagged)


def _format(value, is_rate, qualifier=Qualifier.EXACT):
    if is_rate:
        return vietnamese.percent(value)
    return vietnamese.qualified(value, qualifier)


# The kinds of flagged figures, in the order the page lists them.
FLAG_CHECK, FLAG_YEAR_ON_YEAR, FLAG_STATED = "check", "year_on_year", "stated"
FLAG_KINDS = {
    FLAG_CHECK: gettext_lazy("Số liệu không khớp nhau"),
    FLAG_YEAR_ON_YEAR: gettext_lazy("Số liệu chênh lệch nhiều so với năm trước"),
    FLAG_STATED: gettext_lazy("Tỷ lệ nêu không khớp số liệu"),
}


def _flags(snapshot, entry, year) -> list:
    """(kind, sentence) for one report's figures with warnings and stated rates the counts
    contradict."""
    catalog = snapshot.catalog
    previous = snapshot.entries.get((entry.office_id, year - 1))
    findings = entry.findings(catalog, previous)
    out = []
    # Named only when something is found: most reports have nothing.
    office = ""
    if findings or entry.stated:
        office = marked(snapshot.office_name(entry.office_id, year), not entry.approved)
    for finding in findings:
        explained = finding.field in entry.explained
        note = _(" Đã có giải trình.") if explained else ""
        kind = FLAG_YEAR_ON_YEAR if finding.check == "year_on_year" else FLAG_CHECK
        out.append((kind, f"{office}: {finding.message}{note}"))
    for code, definition in catalog.rates.items():
        if definition.stated_on.code not in entry.stated:
            continue  # nothing stated to disagree with
        result = entry.rate(catalog, code)
        if result.disagrees:
            sentence = _(
                "%(office)s nêu %(rate)s là %(stated)s, nhưng số liệu cho %(computed)s "
                "(%(num)s/%(den)s)."
            ) % {
                "office": office,
                "rate": catalog.rates[code].display_name.lower(),
                "stated": vietnamese.percent(result.stated.normalize()),
                "computed": vietnamese.percent(result.computed),
                "num": vietnamese.number(result.numerator),
                "den": vietnamese.number(result.denominator),
            }
            out.append((FLAG_STATED, sentence))
    return out


def _drops(snapshot, year):
    """{is_rate: [(size, office_id, code)]} of every office's year-on-year falls, largest
    first: rates by points, counts by their relative fall (each kind on its own scale).
    From each report's rates, computed once (`Entry.rate_results`)."""
    catalog = snapshot.catalog
    drops = {False: [], True: []}
    for entry in snapshot.entries_in(year):
        before = snapshot.entries.get((entry.office_id, year - 1))
        if before is None:
            continue
        for code, _good in KPIS:
            if code in catalog.rates:
                current = entry.rate(catalog, code).computed
                previous = before.rate(catalog, code).computed
                if current is None or previous is None or current >= previous:
                    continue
                drops[True].append((previous - current, entry.office_id, code))
            elif code in catalog.indicators:
                current, previous = entry.exact.get(code), before.exact.get(code)
                if current is None or previous is None or current >= previous:
                    continue
                fall = -rates.percent(current - previous, previous, 1)
                drops[False].append((fall, entry.office_id, code))
    for found in drops.values():
        found.sort(key=lambda d: -d[0])
    return drops


def attention(snapshot, year) -> Attention:
    """What a leader should look at, as sentences: the lowest on-time rates, the largest
    year-on-year drops, and figures with warnings or stated rates the counts contradict.

    Everything is ranked or counted over every office in view; only what the page shows
    is written out (thousands of sentences would be read by nobody)."""
    out = Attention()
    catalog = snapshot.catalog

    on_time = "rate.dossiers_on_time"
    ranked, _missing, unapproved = (
        ranking(snapshot, year, on_time) if on_time in catalog.rates else ([], [], frozenset())
    )
    # The lowest three, but never the best office of the scope ("lowest of two" is one).
    lowest = ranked[len(ranked) - min(3, len(ranked) - 1) :] if len(ranked) > 1 else []
    for position, (name, value, numerator, denominator) in enumerate(reversed(lowest)):
        rank = len(ranked) - position
        out.lowest_on_time.append(
            _(
                "%(office)s: tỷ lệ hồ sơ trả đúng hạn %(rate)s (%(num)s/%(den)s hồ sơ đã "
                "giải quyết), đứng thứ %(rank)s/%(of)s."
            )
            % {
                "office": marked(name, name in unapproved),
                "rate": vietnamese.percent(value),
                "num": vietnamese.number(numerator),
                "den": vietnamese.number(denominator),
                "rank": rank,
                "of": len(ranked),
            }
        )

    for is_rate, found in _drops(snapshot, year).items():
        sentences = []
        for _size, office_id, code in found[:ATTENTION_SHOWN]:
            fall = change(snapshot, code, year, office_ids=[office_id])
            sentences.append(
                _("%(what)s của %(office)s %(change)s (từ %(before)s xuống %(now)s).")
                % {
                    "what": snapshot.label(code),
                    "office": marked(snapshot.office_name(office_id, year), fall.unapproved),
                    "change": fall.text,
                    "before": _format(fall.previous, is_rate),
                    "now": _format(fall.current, is_rate),
                }
            )
        if is_rate:
            out.rate_drops = sentences
        else:
            out.count_drops = sentences

    by_kind = {kind: [0, []] for kind in FLAG_KINDS}
    for entry in snapshot.entries_in(year):
        for kind, sentence in _flags(snapshot, entry, year):
            counted = by_kind[kind]
            counted[0] += 1
            if len(counted[1]) < ATTENTION_SHOWN:
                counted[1].append(sentence)
    out.flagged_kinds = [
        (str(FLAG_KINDS[kind]), n, sentences, n - len(sentences))
        for kind, (n, sentences) in by_kind.items()
        if n
    ]
    return out


def describe(trend) -> str:
    """The chart's numbers in words, for its SVG description."""
    parts = []
    for series in trend.series:
        values = []
        for i, year in enumerate(trend.years):
            text = _series_text(series, i) or _("chưa có số liệu")
            values.append(f"{year}: {text}")
        parts.append(f"{series.heading} – " + "; ".join(values))
    text = ". ".join(parts) + "." if parts else _("Chưa có số liệu.")
    if trend.note:
        text += " " + trend.note
    if any(any(s.unapproved) for s in trend.series):
        text += " " + str(UNAPPROVED_LEGEND)
    return text


def describe_comparison(comparison) -> str:
    rows = [
        f"{marked(name, name in comparison.unapproved)}: {vietnamese.percent(value)}"
        for name, value, _n, _d in comparison.rows
    ]
    text = "; ".join(rows) if rows else _("Chưa có số liệu.")
    if comparison.omitted:
        text += ". " + omitted_text(comparison)
    if comparison.missing:
        names = ", ".join(comparison.missing)
        if comparison.more_missing:
            names += " " + _("cùng %(n)s văn phòng khác") % {
                "n": vietnamese.number(comparison.more_missing)
            }
        text += ". " + _("Chưa có số liệu: %(names)s.") % {"names": names}
    if comparison.unapproved:
        text += ". " + str(UNAPPROVED_LEGEND)
    return text


def omitted_text(comparison) -> str:
    """What the comparison leaves out when it shows only its two ends."""
    half = len(comparison.rows) // 2
    return _(
        "Chỉ nêu %(half)s văn phòng cao nhất và %(half)s văn phòng thấp nhất trong "
        "%(ranked)s văn phòng; %(omitted)s văn phòng ở giữa không nêu."
    ) % {
        "half": half,
        "ranked": vietnamese.number(comparison.ranked),
        "omitted": vietnamese.number(comparison.omitted),
    }
