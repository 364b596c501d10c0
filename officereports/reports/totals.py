"""Per-report totals (`models.ReportTotal`): kept with every write, summed by the database.

`rows_of` is pure: a report's figures in, its totals out. `refresh` rewrites one report's
rows (called by `record_write`, in the writer's transaction); `rebuild` rewrites
those of many reports (the data migration, `manage.py rebuild_totals`, data loaded in
bulk). `sums` is what the dashboard, the year roll-up and the workbooks read instead of
every figure: one GROUP BY over the reports in view.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum

from officereports.reports import models as m
from officereports.reports import rates
from officereports.reports.figures import combine_qualifiers
from officereports.reports.rates import EXACT, is_exact


@dataclass(frozen=True)
class Row:
    """One total of one report (the fields of `ReportTotal` besides the report)."""

    code: str
    value: int | None = None
    qualifier: str = ""
    stated: Decimal | None = None
    explained: bool = False
    numerator: int | None = None
    denominator: int | None = None


def rows_of(figures, specs) -> list[Row]:
    """A report's totals from its figures, `(code, value, qualifier, stated percent,
    explanation)`, and the rates' `rates.RateSpec`s: one row per indicator with a count, a
    stated percentage or an explanation, and one per rate whose terms are all there and
    exact (`rates.terms`, as `Report.rate_results` computes it)."""
    out, exact = [], {}
    for code, value, qualifier, stated, explanation in figures:
        qualifier = qualifier or EXACT
        explained = bool((explanation or "").strip())
        if value is None and stated is None and not explained:
            continue
        if value is not None and is_exact(qualifier):
            exact[code] = value
        out.append(Row(code, value, qualifier if value is not None else "", stated, explained))
    for spec in specs:
        pair = rates.terms(spec, exact)
        if pair is not None:
            out.append(Row(spec.code, numerator=pair[0], denominator=pair[1]))
    return out


def _specs(RateDefinition):
    return [
        rates.RateSpec(d.code, tuple(d.numerator), tuple(d.denominator), d.decimals)
        for d in RateDefinition.objects.all()
    ]


def _write(ReportTotal, rows_by_report):
    ReportTotal.objects.bulk_create(
        [
            ReportTotal(report_id=report_id, **vars(row))
            for report_id, rows in rows_by_report.items()
            for row in rows
        ],
        batch_size=5_000,
    )


def record_write(report, user, *fields, created=False):
    """The one way every write path (entry form, upload, import, admin, workflow) ends its
    transaction: bump the report's `version` (pages and uploads read before it are stale,
    the dashboard's cache key changes), say who wrote, save `fields` of the report too, and
    refresh its totals from its figures. `created`: the report was created in this
    transaction (an import): it stays at its first version."""
    if not created:
        report.version = F("version") + 1
        if user is not None:
            report.updated_by = user
        report.save(update_fields=["version", "updated_by", "updated_at", *fields])
        report.refresh_from_db(fields=["version"])
    refresh(report)


def refresh(report, specs=None):
    """Rewrite the totals of `report` from its stored figures (three queries)."""
    Figure, RateDefinition, ReportTotal = m.Figure, m.RateDefinition, m.ReportTotal
    specs = _specs(RateDefinition) if specs is None else specs
    q = Figure.objects.filter(report=report).values_list(
        "indicator__code", "value", "qualifier", "stated_percent", "explanation"
    )
    with transaction.atomic():
        ReportTotal.objects.filter(report=report).delete()
        _write(ReportTotal, {report.pk: rows_of(q, specs)})


def rebuild(reports=None, models=None):
    """Rewrite the totals of `reports` (a queryset; None: every report). `models`:
    (Report, Figure, RateDefinition, ReportTotal), for a migration's historical ones."""
    if models is None:
        models = (m.Report, m.Figure, m.RateDefinition, m.ReportTotal)
    Report, Figure, RateDefinition, ReportTotal = models
    reports = Report.objects.all() if reports is None else reports
    specs = _specs(RateDefinition)
    with transaction.atomic():
        ReportTotal.objects.filter(report__in=reports).delete()
        q = Figure.objects.filter(report__in=reports).order_by("report_id")
        q = q.values_list(
            "report_id", "indicator__code", "value", "qualifier", "stated_percent", "explanation"
        )
        batch, current, figures = {}, None, []
        for report_id, *figure in q.iterator(chunk_size=20_000):
            if report_id != current:
                if current is not None:
                    batch[current] = rows_of(figures, specs)
                current, figures = report_id, []
                if len(batch) >= 2_000:
                    _write(ReportTotal, batch)
                    batch = {}
            figures.append(figure)
        if current is not None:
            batch[current] = rows_of(figures, specs)
        _write(ReportTotal, batch)


def rebuild_rate(spec):
    """Rewrite one rate's rows of every report from the exact counts the totals hold (two
    queries and the inserts; the figures are not read): what an edited formula needs."""
    ReportTotal = m.ReportTotal
    q = ReportTotal.objects.filter(code__in={*spec.numerator, *spec.denominator})
    q = q.filter(value__isnull=False, qualifier__in=rates.EXACT_QUALIFIERS)
    exact = {}
    for report_id, code, value in q.values_list("report_id", "code", "value"):
        exact.setdefault(report_id, {})[code] = value
    rows = {}
    for report_id, values in exact.items():
        pair = rates.terms(spec, values)
        if pair is not None:
            rows[report_id] = [Row(spec.code, numerator=pair[0], denominator=pair[1])]
    with transaction.atomic():
        ReportTotal.objects.filter(code=spec.code).delete()
        _write(ReportTotal, rows)


# ---------------------------------------------------------------------------
# Reading: sums over many reports


@dataclass
class Sum_:
    """A count or a rate's terms summed over reports (one group of `sums`)."""

    value: int | None = None  # counts: the sum over the reports with the count
    qualifier: str = EXACT  # counts: `combine_qualifiers` of the summed ones
    exact: int | None = None  # counts: the sum of the exact ones only
    exact_reports: int = 0
    numerator: int | None = None  # rates: over the reports with every term exact
    denominator: int | None = None
    reports: int = 0  # how many reports the total covers
    unapproved: int = 0  # of those, how many are not approved yet
    _qualifiers: list = field(default_factory=list, repr=False)


def sums(reports, codes=None, by=()) -> dict:
    """(*by values, code) -> Sum_ over the totals of `reports` (a Report queryset), one
    GROUP BY in the database: counts summed per qualifier (then worded with
    `combine_qualifiers`), rates' exact numerators and denominators summed (the caller
    divides with `rates.percent`: never an average of rates), and how many of the reports
    are not approved. `by`: report fields to group by as well, e.g. ("year",)."""
    Report, ReportTotal = m.Report, m.ReportTotal
    q = ReportTotal.objects.filter(report__in=reports)
    if codes is not None:
        q = q.filter(code__in=list(codes))
    keys = [f"report__{name}" for name in by]
    counted = Q(value__isnull=False) | Q(denominator__isnull=False)
    q = q.filter(counted).values_list(*keys, "code", "qualifier")
    q = q.annotate(
        total_value=Sum("value"),
        total_numerator=Sum("numerator"),
        total_denominator=Sum("denominator"),
        reports=Count("id"),
        unapproved=Count("id", filter=~Q(report__status=Report.Status.APPROVED)),
    ).order_by()
    out = {}
    # PostgreSQL sums bigint columns as numeric: back to int.
    for *group, code, qualifier, value, numerator, denominator, n, unapproved in q:
        found = out.setdefault((*group, code), Sum_())
        found.reports += n
        found.unapproved += unapproved
        if value is not None:
            found.value = (found.value or 0) + int(value)
            found._qualifiers.append(qualifier)
            found.qualifier = combine_qualifiers(found._qualifiers)
            if is_exact(qualifier):
                found.exact = (found.exact or 0) + int(value)
                found.exact_reports += n
        if denominator is not None:
            found.numerator = (found.numerator or 0) + int(numerator)
            found.denominator = (found.denominator or 0) + int(denominator)
    return out
