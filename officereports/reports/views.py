from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from officereports.reports import catalog as catalog_module
from officereports.reports.forms import EntryForm, ReasonForm
from officereports.reports.models import (
    EDIT_ROLES,
    WORKFLOW,
    Office,
    Report,
)


def _get_office_for_user(user, slug, write=False):
    """The office if `user` may read it; 404 otherwise, so other offices stay invisible.
    With write=True, also check that the user may create its reports (PermissionDenied)."""
    office = get_object_or_404(Office.objects.visible_to(user).select_related("unit"), slug=slug)
    if write and not user.is_superuser and office.role_of(user) not in EDIT_ROLES:
        raise PermissionDenied
    return office


def _get_report_for_user(user, slug, year, write=False, action=None):
    """The report if `user` may read it (404 otherwise); with write=True, also check that
    the user may edit it now (PermissionDenied otherwise).

    Staff and chiefs of the office edit drafts and returned reports; an approved report is
    locked for everyone but an administrator. With `action` ("edit" or a key of WORKFLOW),
    check only that the user's role may take that action; whether the report's status
    allows it is the workflow's answer (Report.transition), given as a message.
    """
    office = _get_office_for_user(user, slug)
    report = get_object_or_404(office.reports.select_related("office__unit"), year=year)
    if (write or action) and not user.is_superuser:
        role = office.role_of(user)
        roles = EDIT_ROLES if write or action == "edit" else WORKFLOW[action].roles
        if role not in roles:
            raise PermissionDenied
        if write and not report.may_edit(role):
            raise PermissionDenied
    return report


@login_required
def index(request):
    q = Report.objects.visible_to(request.user)
    q = q.select_related("office__unit").prefetch_related("office__unit__former_names")
    q = q.order_by("-year", "office__unit__name")
    ctx = {"reports": q}
    return render(request, "reports/index.html", ctx)


# ---------------------------------------------------------------------------
# Data entry and workflow


def _previous_figures(report):
    """code -> Figure of the same office's report for the year before (two queries)."""
    previous = report.previous()
    if previous is None:
        return {}
    prefetch_related_objects([previous], "figures__indicator")
    return previous.figure_map()


@login_required
def edit(request, slug, year):
    if request.method == "POST":
        report = _get_report_for_user(request.user, slug, year, write=True)
    else:
        report = _get_report_for_user(request.user, slug, year, action="edit")
    prefetch_related_objects(
        [report],
        "figures__indicator",
        "section_units",
        "office__unit__former_names",
    )
    catalog = catalog_module.load()
    data = request.POST if request.method == "POST" else None
    entry = EntryForm(report, catalog, _previous_figures(report), data=data)
    if data is not None and entry.save(request.user):
        if entry.saved_changes:
            messages.success(
                request, _("Đã lưu %(count)s thay đổi.") % {"count": entry.saved_changes}
            )
        else:
            messages.info(request, _("Không có thay đổi nào để lưu."))
        return redirect("reports:edit", slug=slug, year=year)

    role = None if request.user.is_superuser else report.office.role_of(request.user)
    is_admin = request.user.is_superuser
    q = report.audit_entries.filter(field="status")
    q = q.select_related("user")
    status_history = [(item, *item.describe({})) for item in q[:5]]
    ctx = {
        "report": report,
        "entry": entry,
        "sections": entry.sections(),
        "problems": entry.problems(),
        "editable": report.may_edit(role, is_admin),
        "actions": report.actions_for(role, is_admin),
        "status_history": status_history,
        "reason_form": ReasonForm(),
    }
    return render(request, "reports/entry.html", ctx)


def _transition(request, slug, year, action):
    report = _get_report_for_user(request.user, slug, year, action=action)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with transaction.atomic():
        report = report.office.reports.select_for_update().get(pk=report.pk)
        if action == "submit":
            prefetch_related_objects([report], "figures__indicator")
            catalog = catalog_module.load()
            previous = {c: f.value for c, f in _previous_figures(report).items()}
            problems = report.unexplained(catalog, previous)
            if problems:
                messages.error(
                    request,
                    _(
                        "Chưa gửi được: sửa các lỗi và ghi giải trình cho từng số liệu có "
                        "cảnh báo, rồi lưu nháp trước khi gửi."
                    ),
                )
                for finding in problems:
                    messages.error(request, finding.message)
                return redirect("reports:edit", slug=slug, year=year)
        try:
            report.transition(action, request.user, reason)
        except ValueError as e:
            messages.error(request, str(e))
            return redirect("reports:edit", slug=slug, year=year)
    done = {
        "submit": _("Đã gửi báo cáo để Chánh Văn phòng duyệt."),
        "return": _("Đã trả lại báo cáo để chuyên viên sửa."),
        "approve": _("Đã duyệt báo cáo. Số liệu đã được khóa."),
        "reopen": _("Đã mở lại báo cáo để sửa."),
    }
    messages.success(request, done[action])
    return redirect("reports:edit", slug=slug, year=year)


@login_required
@require_POST
def submit(request, slug, year):
    return _transition(request, slug, year, "submit")


@login_required
@require_POST
def return_report(request, slug, year):
    return _transition(request, slug, year, "return")


@login_required
@require_POST
def approve(request, slug, year):
    return _transition(request, slug, year, "approve")


@login_required
@require_POST
def reopen(request, slug, year):
    return _transition(request, slug, year, "reopen")


@login_required
@require_POST
def create(request, slug, year):
    office = _get_office_for_user(request.user, slug, write=True)
    if not 1990 <= year <= 2100:
        raise Http404
    if office.reports.filter(year=year).exists():
        messages.info(request, _("Báo cáo năm %(year)s đã có.") % {"year": year})
        return redirect("reports:edit", slug=slug, year=year)
    try:
        with transaction.atomic():
            Report.start(office, year, request.user)
    except IntegrityError:
        # Someone created it a moment ago: theirs is the report to continue.
        pass
    messages.success(request, _("Đã tạo báo cáo năm %(year)s.") % {"year": year})
    return redirect("reports:edit", slug=slug, year=year)


@login_required
@require_GET
def history(request, slug, year):
    report = _get_report_for_user(request.user, slug, year)
    prefetch_related_objects([report], "office__unit__former_names")
    catalog = catalog_module.load(include_inactive=True)
    code = request.GET.get("code", "")
    q = report.audit_entries.select_related("user")
    if code:
        if code not in catalog.indicators:
            raise Http404
        q = q.filter(Q(field=code) | Q(field__startswith=f"{code}:"))
    names = {c: i.name for c, i in catalog.indicators.items()}
    ctx = {
        "report": report,
        "indicator": catalog.indicators.get(code),
        "entries": [(entry, *entry.describe(names)) for entry in q],
    }
    return render(request, "reports/history.html", ctx)


def _year_param(raw):
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 1990 <= year <= 2100 else timezone.localdate().year


@login_required
@require_GET
def completeness(request):
    year = _year_param(request.GET.get("year"))
    offices = Office.objects.expected_in(year).visible_to(request.user)
    q = Report.objects.for_year(year).filter(office__in=offices)
    q = q.select_related("updated_by")
    reports = {r.office_id: r for r in q}
    q = offices.select_related("unit")
    q = q.prefetch_related("unit__former_names")
    q = q.order_by("unit__name")
    roles = dict(request.user.memberships.values_list("office_id", "role"))
    rows = []
    for office in q:
        report = reports.get(office.pk)
        writer = request.user.is_superuser or roles.get(office.pk) in EDIT_ROLES
        rows.append(
            {
                "office": office,
                "name": office.name(year),
                "report": report,
                "status": report.status if report else "not_started",
                "status_label": report.get_status_display() if report else _("Chưa bắt đầu"),
                "may_create": writer and report is None,
                "may_open": writer and report is not None,
            }
        )
    counts = Counter(row["status"] for row in rows)
    statuses = [("not_started", _("Chưa bắt đầu"))] + list(Report.Status.choices)
    ctx = {
        "year": year,
        "rows": rows,
        "counts": [(label, counts[value]) for value, label in statuses],
    }
    return render(request, "reports/completeness.html", ctx)
