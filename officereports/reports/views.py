from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, render

from officereports.reports import catalog as catalog_module
from officereports.reports import narrative
from officereports.reports.models import Figure, Office, Report, Role
from officereports.reports.tables import (
    RollupFiguresTable,
    RollupRatesTable,
    SummaryFiguresTable,
    rollup_rows,
    summary_rows,
)


def _get_office_for_user(user, slug):
    """The office if `user` may read it; 404 otherwise, so other offices stay invisible."""
    return get_object_or_404(Office.objects.visible_to(user).select_related("unit"), slug=slug)


def _get_report_for_user(user, slug, year, write=False):
    """The report if `user` may read it (404 otherwise); with write=True, also check that
    the user may edit it now (PermissionDenied otherwise).

    Staff and chiefs of the office edit drafts and returned reports; an approved report is
    locked for everyone but an administrator.
    """
    office = _get_office_for_user(user, slug)
    report = get_object_or_404(office.reports.select_related("office__unit"), year=year)
    if write:
        if user.is_superuser:
            return report
        if office.role_of(user) not in (Role.STAFF, Role.CHIEF):
            raise PermissionDenied
        if report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
            raise PermissionDenied
    return report


@login_required
def index(request):
    q = Report.objects.visible_to(request.user)
    q = q.select_related("office__unit").prefetch_related("office__unit__former_names")
    q = q.order_by("-year", "office__unit__name")
    ctx = {"reports": q}
    return render(request, "reports/index.html", ctx)


def _may_see_flags(user, office) -> bool:
    """Staff and chiefs of the office (and administrators) see where a stated percentage
    disagrees with the computed one; other readers see only the computed value."""
    return user.is_superuser or office.role_of(user) in (Role.STAFF, Role.CHIEF)


@login_required
def summary(request, slug, year):
    report = _get_report_for_user(request.user, slug, year)
    catalog = catalog_module.load()
    previous = report.previous()
    figures = Prefetch("figures", queryset=Figure.objects.select_related("indicator"))
    # Both years' figures in one query; the rest of the article's rows for this report only.
    prefetch_related_objects([r for r in (report, previous) if r], figures)
    prefetch_related_objects(
        [report],
        "conference",
        "section_units",
        "attendees",
        "directives",
        "awards",
        "office__unit__former_names",
    )
    facts = narrative.Facts.from_report(report, catalog, previous)
    show_flags = _may_see_flags(request.user, report.office)
    article = narrative.build(facts)
    table = SummaryFiguresTable(summary_rows(facts, catalog), report.year, show_flags=show_flags)
    ctx = {
        "report": report,
        "article": article,
        "table": table,
        "disagreements": article.disagreements if show_flags else [],
    }
    return render(request, "reports/summary.html", ctx)


@login_required
def rollup(request, year):
    offices = Office.objects.visible_to(request.user)
    q = Report.objects.filter(office__in=offices)
    q = q.for_year(year)
    q = q.select_related("office__unit")
    q = q.prefetch_related(
        Prefetch("figures", queryset=Figure.objects.select_related("indicator")),
        "office__unit__former_names",
    )
    q = q.order_by("office__unit__name")
    reports = list(q)
    catalog = catalog_module.load()
    figure_rows, rate_rows = rollup_rows(reports, catalog)
    ctx = {
        "year": year,
        "reports": reports,
        "expected": offices.expected_in(year).count(),
        "figures_table": RollupFiguresTable(figure_rows),
        "rates_table": RollupRatesTable(rate_rows),
    }
    return render(request, "reports/rollup.html", ctx)
