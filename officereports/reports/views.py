from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from officereports.reports.models import Office, Report, Role


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
