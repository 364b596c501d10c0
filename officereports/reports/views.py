import dataclasses
import functools
import secrets
import sys
from collections import Counter
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotModified,
    HttpResponseServerError,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_POST, require_safe
from django_tables2 import RequestConfig

from officereports.reports import (
    audit,
    charts,
    checks,
    docx_report,
    excel,
    exports,
    narrative,
    periods,
    text,
    totals,
    upload,
    vietnamese,
    workflow,
)
from officereports.reports import catalog as catalog_module
from officereports.reports import dashboard as board
from officereports.reports import prefill as prefill_module
from officereports.reports.entry import EntryForm
from officereports.reports.filters import (
    SCOPE_OFFICE,
    SCOPE_REGION,
    DashboardForm,
    DashboardOfficeFilter,
)
from officereports.reports.forms import ConfirmForm, ReasonForm, StartReportForm
from officereports.reports.models import (
    EDIT_ROLES,
    REPORT_PARTS,
    WORKFLOW,
    Figure,
    Office,
    Report,
    Role,
    access_of,
    period_display,
    period_kind_choices,
    period_kind_display,
)
from officereports.reports.periods import YEAR
from officereports.reports.tables import (
    DashboardTable,
    RollupFiguresTable,
    RollupRatesTable,
    SummaryFiguresTable,
    rollup_rows,
    summary_rows,
)
from officereports.reports.values import ReportValues
from officereports.reports.xlsx import XLSX_CONTENT_TYPE
from officereports.security import login_marker


def _get_office_for_user(user, slug, write=False):
    """The office if `user` may read it; 404 otherwise, so other offices stay invisible.
    With write=True, also check that the user may create its reports (PermissionDenied)."""
    office = get_object_or_404(Office.objects.visible_to(user).select_related("unit"), slug=slug)
    if write and not user.is_superuser and office.role_of(user) not in EDIT_ROLES:
        raise PermissionDenied
    return office


def _where(slug, year, period=YEAR) -> dict:
    """A report's address: the yearly report at /reports/<office>/<year>/, a part of the year
    one level down (/reports/<office>/<year>/<period>/)."""
    where = {"slug": slug, "year": year}
    if period != YEAR:
        where["period"] = period
    return where


def _get_report_for_user(user, slug, year, write=False, action=None, period=YEAR):
    """The report if `user` may read it (404 otherwise); with write=True, also check that
    the user may edit it now (PermissionDenied otherwise).

    Staff and chiefs of the office edit drafts and returned reports, administrators any
    report that is not approved; an approved report is locked for everyone until it is
    reopened. With `action` ("edit" or a key of WORKFLOW), check only that the user's role
    may take that action; whether the report's status allows it is the workflow's answer
    (workflow.transition), given as a message. Writers check the status again on the locked
    row (`Report.may_edit`), since it may change between this read and their write.
    """
    office = _get_office_for_user(user, slug)
    report = get_object_or_404(
        office.reports.select_related("office__unit"), year=year, period=period
    )
    if (write or action) and not user.is_superuser:
        role = office.role_of(user)
        roles = EDIT_ROLES if write or action == "edit" else WORKFLOW[action].roles
        if role not in roles:
            raise PermissionDenied
    if write and not report.may_edit(office.role_of(user), user.is_superuser):
        raise PermissionDenied
    return report


def _period_of(query, default=YEAR) -> str:
    """The period kind asked for by `?period=` (`default` when blank or not a kind)."""
    period = query.get("period", "")
    return period if period in periods.KINDS else default


@login_required
@require_safe
def index(request):
    return _report_list(request)


def _report_list(request, start_form=None):
    """The reports the user reads, with the offers to start one."""
    q = Report.objects.visible_to(request.user)
    q = q.select_related("office__unit").prefetch_related("office__unit__former_names")
    q = q.order_by("-year", "office__unit__sort_key", "period")
    reports = list(q)
    offices, yearly = _offices_to_start(request.user, reports)
    # Every period by default; the buttons to start a report look at all of them.
    period = _period_of(request.GET, default="")
    shown = [r for r in reports if r.period == period] if period else reports
    ctx = {
        "reports": shown,
        "starts": _years_to_start(offices, yearly),
        "period": period,
        "period_choices": period_kind_choices(),
        # Any period of any year, for the offices above (plain form, posted to create_any).
        "start_form": start_form or (StartReportForm(offices) if offices else None),
    }
    return render(request, "reports/index.html", ctx)


def _offices_to_start(user, reports):
    """The offices where `user` enters figures (staff or chief), by name, and the years of
    their yearly reports. `reports` are those the user reads, which include every report of
    these offices; an office without any is read (one query, only then)."""
    access = access_of(user)
    ids = {o for o, _slug, role in access.memberships if o is not None and role in EDIT_ROLES}
    offices, years = {}, {}
    for report in reports:
        if report.office_id in ids:
            offices[report.office_id] = report.office
            if report.is_yearly:
                years.setdefault(report.office_id, set()).add(report.year)
    if ids - set(offices):
        q = Office.objects.filter(id__in=ids - set(offices)).select_related("unit")
        offices |= {office.pk: office for office in q}
    return sorted(offices.values(), key=lambda o: o.unit.name), years


def _years_to_start(offices, yearly):
    """(office, [years]) offered as "Tạo báo cáo năm N": the year after the office's latest
    yearly report, and this year while it has none (`_offices_to_start`). The buttons post to
    `create`, which checks the role again."""
    this_year = timezone.localdate().year
    starts = []
    for office in offices:
        done = yearly.get(office.pk, set())
        offer = {max(done) + 1 if done else this_year}
        if this_year not in done:
            offer.add(this_year)
        offer = [y for y in sorted(offer) if 1990 <= y <= 2100 and office.is_expected_in(y)]
        if offer:
            starts.append((office, offer))
    return starts


def _with_previous_year(report, *extra):
    """Prefetch what a page reads of `report` and return last year's report (or None).

    Both years' figures come in one query, so a page runs the same number of queries
    whether or not last year's report exists.
    """
    previous = report.previous()
    figures = Prefetch("figures", queryset=Figure.objects.select_related("indicator"))
    prefetch_related_objects([r for r in (report, previous) if r], figures)
    prefetch_related_objects([report], *REPORT_PARTS, *extra)
    return previous


def _may_see_flags(user, slug) -> bool:
    """Staff and chiefs of the office (and administrators) see where a stated percentage
    disagrees with the computed one; other readers see only the computed value."""
    return user.is_superuser or access_of(user).role(slug=slug) in (Role.STAFF, Role.CHIEF)


@login_required
@require_safe
def summary(request, slug, year, period=YEAR):
    report = _get_report_for_user(request.user, slug, year, period=period)
    show_flags = _may_see_flags(request.user, slug)
    catalog = catalog_module.load()
    previous = _with_previous_year(report, "conference")
    facts = narrative.Facts.from_report(report, catalog, previous)
    article = narrative.build(facts)
    rows = summary_rows(facts, catalog)
    table = SummaryFiguresTable(rows, report.year, show_flags=show_flags, period=report.period)
    # Stated changes the counts of both years do not reproduce (`rates.change_disagrees`).
    change_disagreements = [
        (row["indicator"], row["change_flag"], row["change"]) for row in rows if row["change_flag"]
    ]
    # The article names rates in Vietnamese; the notes beside it use the reader's language.
    disagreements = [
        dataclasses.replace(d, name=catalog.rates[d.code].display_name)
        for d in article.disagreements
    ]
    ctx = {
        "report": report,
        "article": article,
        "table": table,
        "disagreements": disagreements if show_flags else [],
        "change_disagreements": change_disagreements if show_flags else [],
        # The office's own staff and chiefs (the same people who see flags) may open the entry page.
        "may_edit": show_flags,
        "previous_is_demo": previous is not None and previous.is_demo,
    }
    role = None if request.user.is_superuser else report.office.role_of(request.user)
    if show_flags and report.actions_for(role, request.user.is_superuser):
        # The chief approves or returns from here too, having read the warnings (and staff
        # submit or withdraw); with no step to take, nothing is shown and nothing read.
        ctx |= _workflow(request.user, report, catalog, lambda: _previous_figures(report))
    return render(request, "reports/summary.html", ctx)


@login_required
@require_safe
def rollup(request, year):
    offices = Office.objects.visible_to(request.user)
    # Reports of one period kind only (`?period=`, the year by default): a quarter is never
    # added to a year.
    period = _period_of(request.GET)
    in_year = Report.objects.filter(period=period, office__in=offices).for_year(year)
    q = in_year.select_related("office__unit").prefetch_related("office__unit__former_names")
    reports = list(q.order_by("office__unit__sort_key"))
    # In the order of the names the reader sees, those of the year ("Thừa Thiên Huế" in 2022).
    reports.sort(key=lambda r: vietnamese.sort_key(r.office.unit.name_in(year)[0]))
    # Approved reports only, unless the reader asks for the others too (and then each total
    # they are part of is marked); every report is listed with its status either way.
    include = request.GET.get("include", "")
    approved_only = include != board.INCLUDE_ALL
    counted = [r for r in reports if not approved_only or r.status == Report.Status.APPROVED]
    catalog = catalog_module.load()
    # One GROUP BY over the counted reports' totals (kept with every write), no figures.
    sums = totals.sums(in_year.approved() if approved_only else in_year)
    figure_rows, rate_rows = rollup_rows(sums, catalog, len(counted))
    ctx = {
        "year": year,
        "period": period,
        "period_label": period_display(period, year),
        "period_choices": period_kind_choices(),
        "reports": reports,
        "counted": counted,
        "approved_only": approved_only,
        "unapproved_legend": board.UNAPPROVED_LEGEND,
        "demo_counted": any(r.is_demo for r in counted),
        "expected": offices.expected_in(year, period).count(),
        "figures_table": RollupFiguresTable(figure_rows),
        "rates_table": RollupRatesTable(rate_rows),
    }
    return render(request, "reports/rollup.html", ctx)


# ---------------------------------------------------------------------------
# Excel: workbooks and the template round trip


def _in_vietnamese(view):
    """The workbooks are Vietnamese documents in the official layout whatever the reader's
    language (like the summary's article): labels they borrow from the models (statuses,
    sections, qualifiers) and their filter lines are read in Vietnamese."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override("vi"):
            return view(request, *args, **kwargs)

    return wrapper


def _xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _prefetch_report(report):
    """Everything a workbook reads from one report, in one query per relation."""
    prefetch_related_objects([report], "figures__indicator", *REPORT_PARTS)
    return report


@login_required
@require_safe
@_in_vietnamese
def workbook(request, slug, year, period=YEAR):
    report = _get_report_for_user(request.user, slug, year, period=period)
    previous = _with_previous_year(report)
    content = excel.conference_workbook(report, previous, catalog_module.load(), request.user)
    part = "" if report.is_yearly else f"-{period}"  # two periods, two file names
    return _xlsx_response(content, f"bao-cao-{slug}-{year}{part}.xlsx")


@login_required
@require_safe
@_in_vietnamese
def report_document(request, slug, year, period=YEAR):
    report = _get_report_for_user(request.user, slug, year, period=period)
    # What the summary page reads: the document says what the page says.
    previous = _with_previous_year(report, "conference")
    content = docx_report.report_document(report, previous, catalog_module.load())
    part = "" if report.is_yearly else f"-{period}"
    response = HttpResponse(content, content_type=docx_report.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{slug}-{year}{part}.docx"'
    return response


@login_required
@require_safe
@_in_vietnamese
def template_workbook(request, slug, year, period=YEAR):
    report = _prefetch_report(_get_report_for_user(request.user, slug, year, period=period))
    content = excel.template_workbook(report, catalog_module.load(), request.user)
    part = "" if report.is_yearly else f"-{period}"
    return _xlsx_response(content, f"mau-nhap-{slug}-{year}{part}.xlsx")


def _bad_period(request):
    """A 400 in words when `?period=` is not a period kind (blank is the year), else None."""
    if request.GET.get("period", "").strip() in ("", *periods.KINDS):
        return None
    return HttpResponseBadRequest(gettext("Kỳ báo cáo không hợp lệ: chọn một kỳ trong danh sách."))


@login_required
@require_safe
def offices_workbook(request):
    """Offices × figures and rates for `?year=` (default: the latest year with a report),
    optionally one `?region=`, plus every year (`?from=&to=`) for pivoting. Large ones are
    built by a worker (exports.py): this page then says how far it has got and reloads."""
    if (refused := _bad_period(request)) is not None:
        return refused
    try:
        params = exports.params_of(request.user, request.GET)
    except ValueError:
        return HttpResponseBadRequest(gettext("Năm không hợp lệ: nhập một năm từ 1990 đến 2100."))
    found = exports.start(request.user, params)
    if isinstance(found, bytes):
        return _xlsx_response(found, params.filename)
    if found.content is not None:
        return _xlsx_response(bytes(found.content), params.filename)
    failed = exports.failed(found)
    if failed:
        found.delete()  # the next request starts again
    context = {"export": found, "params": params, "failed": failed}
    return render(request, "reports/export_wait.html", context, status=200 if failed else 202)


@login_required
@require_safe
@_in_vietnamese
def office_years_workbook(request, slug):
    """One office's indicators × years (`?from=&to=` narrow the years)."""
    office = _get_office_for_user(request.user, slug)
    if (refused := _bad_period(request)) is not None:
        return refused
    try:
        first, last = (
            exports.year_of(request.GET.get("from")),
            exports.year_of(request.GET.get("to")),
        )
    except ValueError:
        return HttpResponseBadRequest(gettext("Năm không hợp lệ: nhập một năm từ 1990 đến 2100."))
    prefetch_related_objects([office], "unit__former_names")
    period = _period_of(request.GET)  # one period kind over the years
    q = office.reports.filter(period=period).prefetch_related("figures__indicator")
    if first:
        q = q.filter(year__gte=first)
    if last:
        q = q.filter(year__lte=last)
    q = q.order_by("year")
    approved_only = request.GET.get("include", "") != board.INCLUDE_ALL
    filters = {
        "years": exports.years_label(first, last),
        "approved_only": approved_only,
        "period": period,
    }
    content = excel.office_years_workbook(office, q, catalog_module.load(), filters, request.user)
    return _xlsx_response(content, f"so-lieu-{slug}-cac-nam.xlsx")


UPLOAD_SESSION_KEY = "excel_upload"


def _report_for_upload(request, slug, year, period=YEAR):
    """(report, None) when the user may upload now; (report, message) when the report is
    approved or awaiting approval, so the page can say so in words instead of a bare 403."""
    report = _get_report_for_user(request.user, slug, year, period=period)
    # Approved is locked for everyone, administrators included.
    if report.status == Report.Status.APPROVED:
        return report, gettext(
            "Báo cáo năm %(year)s của %(office)s đã được duyệt nên số liệu đã khóa, không "
            "tải lên được. Nếu cần sửa, đề nghị quản trị viên mở lại báo cáo."
        ) % {"year": report.year, "office": report.office_name()}
    if not request.user.is_superuser:
        if report.status == Report.Status.SUBMITTED:
            return report, gettext(
                "Báo cáo năm %(year)s của %(office)s đang chờ duyệt, không tải lên được. Nếu "
                "cần sửa, đề nghị Chánh Văn phòng trả lại báo cáo."
            ) % {"year": report.year, "office": report.office_name()}
    # Readers (leaders, colleagues without a writing role) get a 403 here.
    return _get_report_for_user(request.user, slug, year, period=period, write=True), None


def _may_open_entry(user, report):
    """Whether the upload page links to the entry page: its readers' roles (staff, chiefs,
    administrators; for others it is a 403)."""
    return user.is_superuser or report.office.role_of(user) in EDIT_ROLES


def _pending_upload(request, report):
    pending = request.session.get(UPLOAD_SESSION_KEY)
    if pending and pending.get("report") == report.pk:
        return pending
    return None


def _locked_response(request, report, message):
    ctx = {"report": report, "message": message, "may_edit": _may_open_entry(request.user, report)}
    return render(request, "reports/upload_locked.html", ctx, status=403)


@login_required
def upload_template(request, slug, year, period=YEAR):
    """Upload a filled template; the page then previews every change until confirmed."""
    report, locked = _report_for_upload(request, slug, year, period)
    if locked:
        return _locked_response(request, report, locked)
    prefetch_related_objects([report], "office__unit__former_names", "figures__indicator")
    catalog = catalog_module.load()
    problems = []
    if request.method == "POST":
        request.session.pop(UPLOAD_SESSION_KEY, None)
        form = upload.TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                parsed = upload.read_template(form.cleaned_data["file"].read(), report, catalog)
                found = upload.findings(report, report.previous(), catalog, parsed)
                upload.refuse_on_errors(found, parsed)
            except upload.UploadRefused as e:
                problems = e.problems
            else:
                # Kept server-side (the session lives in the database), never sent back to
                # the browser: the confirmation cannot carry values of its own.
                request.session[UPLOAD_SESSION_KEY] = {
                    "report": report.pk,
                    "version": report.version,
                    "token": secrets.token_hex(16),
                    "filename": form.cleaned_data["file"].name[:200],
                    "figures": parsed,
                }
                return redirect("reports:upload", **_where(slug, year, period))
    else:
        form = upload.TemplateUploadForm()
    pending = _pending_upload(request, report)
    ctx = {
        "report": report,
        "form": form,
        "problems": problems,
        "pending": pending,
        "may_edit": _may_open_entry(request.user, report),
    }
    if pending:
        found = upload.findings(report, report.previous(), catalog, pending["figures"])
        ctx["changes"] = upload.changes(report, catalog, pending["figures"])
        ctx["errors"] = checks.errors(found)
        ctx["warnings"] = checks.warnings(found)
        ctx["stale"] = pending["version"] != report.version
    return render(request, "reports/upload.html", ctx)


@login_required
@require_POST
def confirm_upload(request, slug, year, period=YEAR):
    report, locked = _report_for_upload(request, slug, year, period)
    if locked:
        return _locked_response(request, report, locked)
    pending = _pending_upload(request, report)
    if not pending or request.POST.get("token") != pending["token"]:
        messages.error(request, gettext("Không còn tệp chờ xác nhận. Hãy tải tệp lên lại."))
        return redirect("reports:upload", **_where(slug, year, period))
    prefetch_related_objects([report], "office__unit__former_names", "figures__indicator")
    catalog = catalog_module.load()
    try:
        # The figures may have changed since the preview: check again before writing.
        found = upload.findings(report, report.previous(), catalog, pending["figures"])
        upload.refuse_on_errors(found, pending["figures"])
        changed = upload.apply(
            report, catalog, pending["figures"], pending["version"], request.user
        )
    except upload.Locked as e:
        # The report was approved (or submitted) after the checks above: nothing written.
        request.session.pop(UPLOAD_SESSION_KEY, None)
        messages.error(request, str(e))
        return redirect("reports:upload", **_where(slug, year, period))
    except (upload.UploadRefused, upload.Stale):
        request.session.pop(UPLOAD_SESSION_KEY, None)
        messages.error(
            request,
            gettext(
                "Số liệu của báo cáo đã thay đổi sau khi bạn tải tệp lên; chưa có gì được ghi. "
                "Hãy tải mẫu mới về hoặc tải tệp lên lại để xem lại các thay đổi."
            ),
        )
        return redirect("reports:upload", **_where(slug, year, period))
    request.session.pop(UPLOAD_SESSION_KEY, None)
    messages.success(
        request,
        ngettext(
            "Đã cập nhật %(count)s chỉ tiêu từ tệp Excel.",
            "Đã cập nhật %(count)s chỉ tiêu từ tệp Excel.",
            changed,
        )
        % {"count": changed},
    )
    return redirect("reports:upload", **_where(slug, year, period))


@login_required
@require_POST
def cancel_upload(request, slug, year, period=YEAR):
    _get_report_for_user(request.user, slug, year, period=period)
    request.session.pop(UPLOAD_SESSION_KEY, None)
    messages.info(request, gettext("Đã hủy tệp tải lên; không có số liệu nào thay đổi."))
    return redirect("reports:upload", **_where(slug, year, period))


# ---------------------------------------------------------------------------
# Leadership dashboard
#
# Its numbers and charts are cached under what they are read from (dashboard.data_key: the
# scope's reports and the catalogue), so a saved figure is on the next page load and a save
# in one office recomputes only the scopes that hold it.


def _dashboard_office_ids(user):
    """Ids of the offices `user` may read, None for all: part of every cache key."""
    return Office.objects.visible_ids(user)


def _dashboard_offices(ids):
    """The offices themselves, with their units."""
    q = Office.objects.all() if ids is None else Office.objects.filter(id__in=ids)
    q = q.select_related("unit")
    return list(q)


def _dashboard_params(request):
    return sorted(request.GET.lists())


def _dashboard_form(request, offices, catalog):
    data = request.GET.copy()
    # The comparison's rate select shows the rate the chart uses when none was chosen.
    data.setdefault("rate", board.DEFAULT_COMPARISON_RATE)
    return DashboardForm(data, offices=offices, catalog=catalog)


def _approved_only(form) -> bool:
    """Only approved reports are counted unless the reader asked for every report (a bad
    value of the switch counts only approved ones, and the form says why)."""
    form.is_valid()
    return form.cleaned_data.get("include") != board.INCLUDE_ALL


def _dashboard_scope(request):
    """(catalogue, form, offices in scope, data key, office ids, every office?) for the page
    and its charts."""
    office_ids = _dashboard_office_ids(request.user)
    offices = _dashboard_offices(office_ids)
    catalog = catalog_module.load()
    form = _dashboard_form(request, offices, catalog)
    scope = form.scope_offices()
    # Every office there is: the queries need no list of them.
    every_office = office_ids is None and len(scope) == len(offices)
    data = board.data_key(scope, catalog, every_office, period=form.period_kind())
    return catalog, form, scope, data, office_ids, every_office


@login_required
@require_safe
def dashboard(request):
    catalog, form, scope, data, office_ids, every_office = _dashboard_scope(request)
    approved_only = _approved_only(form)
    period = form.period_kind()
    snapshot = board.load(
        scope, catalog, data, form.cleaned_data.get("year"), every_office, approved_only, period
    )
    year = form.cleaned_data.get("year") or snapshot.default_year()
    rate = form.cleaned_data.get("rate") or board.DEFAULT_COMPARISON_RATE
    include = "" if approved_only else board.INCLUDE_ALL
    ctx = {
        "form": form,
        "period": period,
        "is_yearly": period == YEAR,
        "period_kind": period_kind_display(period),
        # "năm 2024" / "quý I năm 2024": in the page's title and headings.
        "period_label": period_display(period, year) if year else "",
        "year": year,
        "years": snapshot.years,
        "offices_in_scope": len(scope),
        "approved_only": approved_only,
        "include": include,
        "unapproved_mark": board.UNAPPROVED_MARK,
        "unapproved_legend": board.UNAPPROVED_LEGEND,
        "demo_counted": snapshot.demo,
    }
    if year is None or rate not in catalog.rates:
        return render(request, "reports/dashboard.html", ctx)

    expected = {o.id for o in scope if o.is_expected_in(year, period)}
    reported = {o.id for o in scope if (o.id, year) in snapshot.entries}
    # Filtered over every office, then kept to those in scope (no list of ids in the query).
    filterset = DashboardOfficeFilter(
        request.GET, queryset=Office.objects.all(), year=year, period=period
    )
    shown = set(filterset.qs.values_list("id", flat=True)) & (expected | reported)
    table = DashboardTable(board.table_rows(snapshot, year, shown))
    RequestConfig(request, paginate={"per_page": 20}).configure(table)

    # The year as asked (blank: the latest), so that a chart finds the data the page has just
    # gathered under the same key.
    # The switch and the period kind too: the charts count what the page counts.
    chart_query = urlencode(
        {
            "year": form.cleaned_data.get("year") or "",
            "scope": form.cleaned_data.get("scope", ""),
            "rate": rate,
        }
        | ({"include": include} if include else {})
        | ({"period": period} if period != YEAR else {})
    )
    trends = [board.trend(snapshot, name) for name in board.TRENDS]
    comparison = board.comparison(snapshot, year, rate)
    # The browser asks for the charts right after the page: leave each its numbers under the
    # key of its request, so that the first one draws without reading the data again.
    chart_params = sorted(QueryDict(chart_query).lists())
    drawn = {trend.name: trend for trend in trends} | {board.COMPARISON: comparison}
    cache.set_many(
        {
            board.cache_key("chartdata", data, office_ids, name, chart_params): numbers
            for name, numbers in drawn.items()
        },
        board.CACHE_SECONDS,
    )
    trends = [(trend, board.trend_rows(trend)) for trend in trends]
    scope_name = form.cleaned_data.get("scope", "")
    ctx |= {"exports": _dashboard_exports(scope_name, year, include, period)}
    ctx |= {
        "previous_year": year - 1,
        # The same period of the year before ("quý I năm 2023").
        "previous_label": period_display(period, year - 1),
        "kpis": board.kpis(snapshot, year),
        "completeness": board.completeness(snapshot, year, expected),
        "attention": board.attention(snapshot, year),
        "attention_shown": board.ATTENTION_SHOWN,
        "trends": trends,
        "comparison": comparison,
        "comparison_omitted": board.omitted_text(comparison) if comparison.omitted else "",
        "chart_query": chart_query,
        "filter": filterset,
        "table": table,
    }
    return render(request, "reports/dashboard.html", ctx)


def _dashboard_exports(scope, year, include="", period=YEAR):
    """Workbook links for what the page shows, carrying the same year, scope, switch and
    period kind."""
    kept = ({"include": include} if include else {}) | (
        {"period": period} if period != YEAR else {}
    )
    switch = f"?{urlencode(kept)}" if kept else ""
    if scope.startswith(SCOPE_OFFICE):
        slug = scope.removeprefix(SCOPE_OFFICE)
        return [
            (
                gettext("Tải Excel: các năm của văn phòng"),
                reverse("reports:years_workbook", args=[slug]) + switch,
            )
        ]
    query = {"year": year}
    if scope.startswith(SCOPE_REGION):
        query["region"] = scope.removeprefix(SCOPE_REGION)
    url = reverse("reports:offices_workbook") + "?" + urlencode(query | kept)
    return [(gettext("Tải Excel: các văn phòng"), url)]


@login_required
@require_safe
def dashboard_chart(request, name):
    """One dashboard chart as SVG, with the same selectors as the page."""
    if name not in board.TRENDS and name != board.COMPARISON:
        raise Http404
    catalog, form, scope, data, office_ids, every_office = _dashboard_scope(request)
    params = _dashboard_params(request)
    key = board.cache_key("chart", data, office_ids, name, params)
    # The browser keeps no copy (no-store: shared office computers, see
    # security.PrivateNoStoreMiddleware); a client that asks with the ETag anyway gets a 304
    # while the data is unchanged.
    etag = f'"{board.digest(key)}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag, "Cache-Control": "private, no-store"})
    svg = cache.get(key)
    if svg is None:
        numbers = cache.get(board.cache_key("chartdata", data, office_ids, name, params))
        if numbers is None:  # not just computed by the page
            numbers = _chart_numbers(name, catalog, form, scope, data, every_office)
        svg = _draw_chart(name, numbers)
        cache.set(key, svg, board.CACHE_SECONDS)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    response["ETag"] = etag
    return response


def _chart_numbers(name, catalog, form, scope, data, every_office):
    if not form.is_valid():
        raise Http404
    snapshot = board.load(
        scope,
        catalog,
        data,
        form.cleaned_data["year"],
        every_office,
        _approved_only(form),
        form.period_kind(),
    )
    if name != board.COMPARISON:
        return board.trend(snapshot, name)
    year = form.cleaned_data["year"] or snapshot.default_year()
    rate = form.cleaned_data["rate"] or board.DEFAULT_COMPARISON_RATE
    if year is None or rate not in catalog.rates:
        raise Http404
    return board.comparison(snapshot, year, rate)


def _draw_chart(name, data):
    """The SVG of a trend (dashboard.Trend) or of the comparison (dashboard.Comparison)."""
    if name == board.COMPARISON:
        return charts.comparison_svg(data, board.describe_comparison(data))
    return charts.trend_svg(data, board.describe(data))


# ---------------------------------------------------------------------------
# Data entry and workflow


def _previous_figures(report):
    """code -> Figure of the same office's report for the year before (one query, whether
    or not that report exists), as `Report.figure_map` gives them."""
    q = Figure.objects.filter(
        report__office_id=report.office_id,
        report__year=report.year - 1,
        report__period=report.period,
    )
    q = q.select_related("indicator", "report")  # the report: is it demo data?
    return {f.indicator.code: f for f in q if f.value is not None or f.stated_percent is not None}


def _comparison_figures(report):
    """(last year's figures, the previous part's figures or None), each code -> Figure, for
    the entry page: one query for both, the previous part being quarter-1 beside quarter-2,
    month-8 beside month-9 (periods.previous_part)."""
    before = periods.previous_part(report.period, report.year)
    if before is None:
        return _previous_figures(report), None
    last_year = Q(report__year=report.year - 1, report__period=report.period)
    q = Figure.objects.filter(
        last_year | Q(report__year=before[1], report__period=before[0]),
        report__office_id=report.office_id,
    )
    q = q.select_related("indicator", "report")
    by_period = {(report.year - 1, report.period): {}, (before[1], before[0]): {}}
    for f in q:
        if f.value is not None or f.stated_percent is not None:
            by_period[f.report.year, f.report.period][f.indicator.code] = f
    return by_period[report.year - 1, report.period], by_period[before[1], before[0]]


PREFILL_PARAM = "prefill"


def _parts_of(report):
    """The months and quarters of a yearly report's office and year (a query)."""
    kinds = [*periods.MONTHS, *periods.QUARTERS]
    return Report.objects.filter(office_id=report.office_id, year=report.year, period__in=kinds)


def _prefill(report, catalog):
    """The yearly report's counts from its months or quarters (prefill.year_from_parts), or
    None when the office has no part of that year."""
    parts = list(_parts_of(report).prefetch_related("figures__indicator"))
    approved = [r.period for r in parts if r.status == Report.Status.APPROVED]
    aggregation = {code: i.aggregation for code, i in catalog.indicators.items()}
    numbers = {r.period: r.numbers() for r in parts}
    return prefill_module.year_from_parts(numbers, aggregation, approved)


def _prefill_message(found):
    """What the page says above a prefilled draft."""
    text = _(
        "Số liệu dưới đây được điền từ %(parts)s nhưng chưa được lưu. Kiểm tra lại rồi bấm "
        "“Lưu nháp”."
    ) % {"parts": found.whole()}
    if found.absent:
        text += " " + _("Chưa có báo cáo %(parts)s.") % {
            "parts": prefill_module.part_names(found.absent)
        }
    if found.unapproved:
        text += " " + _("Chưa được duyệt: %(parts)s.") % {
            "parts": prefill_module.part_names(found.unapproved)
        }
    return text


RESTORE_SESSION_KEY = "entry_restore"
RESTORE_PARAM = "restore"


def _login_keeping_typed_values(view):
    """`login_required` that does not drop a form: a save posted by a browser whose session
    has expired is kept in the new (anonymous) session under a random token, the login page
    says so, and after logging in the page opens with the typed values again, not yet saved.

    Only a browser that shows the login marker (security.login_marker: a signed cookie set
    at login, so an anonymous client has none) gets anything kept, only for a report that
    exists, within ENTRY_RESTORE_MAX_FIELDS and ENTRY_RESTORE_MAX_BYTES, and only for the
    user named by the marker (`_restored_entry`). Any other POST is sent to log in with
    nothing written to the database."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method != "POST":
            return redirect_to_login(request.get_full_path())
        owner = login_marker(request)
        data = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
        where = (kwargs["slug"], kwargs["year"], kwargs.get("period", YEAR))
        if owner is None or not _entry_exists(*where):
            messages.warning(
                request,
                _(
                    "Bạn cần đăng nhập để lưu số liệu. Số liệu vừa gửi chưa được lưu: đăng "
                    "nhập rồi nhập lại."
                ),
            )
            return redirect_to_login(request.path)
        if not _small_enough_to_keep(data):
            messages.warning(
                request,
                _(
                    "Phiên đăng nhập đã hết hạn nên số liệu bạn vừa nhập chưa được lưu, và "
                    "quá nhiều để giữ lại. Đăng nhập lại rồi nhập lại số liệu."
                ),
            )
            return redirect_to_login(request.path)
        token = secrets.token_urlsafe(16)
        request.session[RESTORE_SESSION_KEY] = {
            "token": token,
            "path": request.path,
            "user": owner,
            "data": data,
        }
        messages.warning(
            request,
            _(
                "Phiên đăng nhập đã hết hạn nên số liệu bạn vừa nhập chưa được lưu. Số liệu "
                "đó vẫn được giữ lại: đăng nhập lại để tiếp tục, rồi bấm “Lưu nháp”."
            ),
        )
        return redirect_to_login(f"{request.path}?{urlencode({RESTORE_PARAM: token})}")

    return wrapper


def _entry_exists(slug, year, period=YEAR):
    reports = Report.objects.filter(office__slug=slug, year=year, period=period)
    return 1990 <= year <= 2100 and reports.exists()


def _small_enough_to_keep(data):
    fields = sum(len(values) for values in data.values())
    size = sum(len(k.encode()) + sum(len(v.encode()) for v in vs) for k, vs in data.items())
    return fields <= settings.ENTRY_RESTORE_MAX_FIELDS and size <= settings.ENTRY_RESTORE_MAX_BYTES


def _restored_entry(request):
    """The values kept by `_login_keeping_typed_values` for this page, as POST data; None
    when the link's token does not match what this session keeps. Values kept for another
    user (someone else logged in on the same browser) are dropped, never shown."""
    kept = request.session.get(RESTORE_SESSION_KEY)
    if kept and kept.get("user") != str(request.user.pk):
        del request.session[RESTORE_SESSION_KEY]
        return None
    token = request.GET.get(RESTORE_PARAM)
    if not token or not kept or kept["token"] != token or kept["path"] != request.path:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    return data


@_login_keeping_typed_values
def edit(request, slug, year, period=YEAR):
    if request.method == "POST":
        report = _get_report_for_user(request.user, slug, year, period=period, write=True)
    else:
        report = _get_report_for_user(request.user, slug, year, period=period, action="edit")
    restored = _restored_entry(request) if request.method == "GET" else None
    data = request.POST if request.method == "POST" else restored
    role = None if request.user.is_superuser else report.office.role_of(request.user)
    is_admin = request.user.is_superuser
    editable = report.may_edit(role, is_admin)
    catalog = catalog_module.load()
    found = None
    if data is None and editable and report.is_yearly and PREFILL_PARAM in request.GET:
        found = _prefill(report, catalog)
        if found is None:
            messages.info(request, _("Chưa có báo cáo tháng hoặc quý nào của năm này."))
        else:
            messages.warning(request, _prefill_message(found))
    entry = _entry_form(report, data, catalog, found)
    if restored is not None:
        # Shown like a refused save: the values as typed, with their messages, unsaved.
        entry.is_valid()
        messages.warning(
            request,
            _(
                "Đây là số liệu bạn đã nhập trước khi phiên đăng nhập hết hạn; chưa có gì "
                "được lưu. Kiểm tra lại rồi bấm “Lưu nháp”."
            ),
        )
    if request.method == "POST" and entry.save(request.user):
        request.session.pop(RESTORE_SESSION_KEY, None)
        if entry.removed_characters():
            messages.info(request, text.removed_note(entry.removed_characters()))
        if entry.saved_changes:
            messages.success(
                request,
                ngettext(
                    "Đã lưu %(count)s thay đổi.", "Đã lưu %(count)s thay đổi.", entry.saved_changes
                )
                % {"count": entry.saved_changes},
            )
        else:
            messages.info(request, _("Không có thay đổi nào để lưu."))
        return redirect("reports:edit", **_where(slug, year, period))
    if entry.locked:
        # The status changed after the check above (approved meanwhile): nothing was written.
        # The page shows the report as it is now, read-only, with what was typed.
        messages.error(request, entry.locked)
        report.refresh_from_db()
        editable = report.may_edit(role, is_admin)
    previous_part = periods.previous_part(report.period, report.year)
    ctx = {
        "report": report,
        "entry": entry,
        "sections": entry.sections(),
        "problems": entry.problems(),
        # Also whether "Nhập từ tệp Excel" is offered: the upload view's own check
        # (`_get_report_for_user(write=True)` is `may_edit` of the same role).
        "editable": editable,
        # "Điền từ các tháng/quý": on an editable yearly report with parts (one query).
        "may_prefill": editable and report.is_yearly and _parts_of(report).exists(),
        "prefilled": found is not None,
        "previous_part_label": previous_part and period_display(*previous_part),
        **_workflow(request.user, report, entry.catalog, lambda: entry.previous_figures),
        "status_history": _status_history(report),
        "restored": restored is not None,
        "previous_is_demo": any(f.report.is_demo for f in entry.previous_figures.values()),
    }
    return render(request, "reports/entry.html", ctx)


def _workflow(user, report, catalog, previous_figures):
    """What `reports/_workflow.html` shows besides the status history (entry page only):
    the steps `user` may take now and, on a submitted report, the chief's review
    (`previous_figures()` gives last year's figures, read only then)."""
    role = None if user.is_superuser else report.office.role_of(user)
    review = None
    if report.status == Report.Status.SUBMITTED:
        review = _review(report, catalog, previous_figures())
    return {"actions": report.actions_for(role, user.is_superuser), "review": review}


def _status_history(report):
    """The report's last five status changes, newest first, in words."""
    q = report.audit_entries.filter(field="status")
    q = q.select_related("user")
    return [(item, *audit.describe(item, {})) for item in q[:5]]


def _entry_form(report, data=None, catalog=None, prefill=None):
    prefetch_related_objects(
        [report],
        "figures__indicator",
        "section_units",
        "office__unit__former_names",
    )
    last_year, previous_part = _comparison_figures(report)
    return EntryForm(
        report,
        catalog or catalog_module.load(),
        last_year,
        data=data,
        previous_part=previous_part,
        prefill=prefill,
    )


# Steps taken only with the box "Tôi đã kiểm tra…" ticked (ConfirmForm).
CONFIRMED_STEPS = {
    "submit": _l("Đánh dấu ô “Tôi đã kiểm tra số liệu…” để xác nhận trước khi gửi duyệt."),
    "approve": _l("Đánh dấu ô “Tôi đã kiểm tra số liệu…” để xác nhận trước khi duyệt."),
}


def _missing_required(request, report, catalog, action):
    """Refuse a step on a report without every required figure, with a message naming each
    missing one. True when refused."""
    missing = report.missing_required(catalog)
    if not missing:
        return False
    names = "; ".join(indicator.display_name for indicator in missing)
    if action == "submit":
        message = _(
            "Chưa gửi duyệt được: thiếu số liệu bắt buộc: %(names)s. Nhập số liệu, hoặc đánh "
            "dấu “Không phát sinh” và ghi lý do, rồi lưu nháp trước khi gửi."
        )
    else:
        message = _(
            "Chưa duyệt được: thiếu số liệu bắt buộc: %(names)s. Trả lại báo cáo để chuyên "
            "viên bổ sung."
        )
    messages.error(request, message % {"names": names})
    return True


def _review(report, catalog, previous_figures):
    """What the chief reads before approving, beside the approve button (entry and summary
    pages): each open warning with the staff's explanation, and each figure marked "không
    phát sinh" with its reason. `previous_figures` as `_previous_figures` gives them."""
    previous = ReportValues.of_figures(previous_figures.values())
    figures = {f.indicator.code: f for f in report.figures.all()}
    warnings = [
        {
            "code": finding.field,
            "name": catalog.indicators[finding.field].display_name,
            "message": finding.message,
            "explanation": figures[finding.field].explanation.strip()
            if finding.field in figures
            else "",
        }
        for finding in checks.warnings(report.findings(catalog, previous))
        if finding.field in catalog.indicators
    ]
    not_applicable = [
        {
            "code": code,
            "name": catalog.indicators[code].display_name,
            "reason": f.explanation.strip(),
        }
        for code, f in figures.items()
        if f.not_applicable and code in catalog.indicators
    ]
    return {"warnings": warnings, "not_applicable": not_applicable}


def _transition(request, slug, year, action, period=YEAR):
    report = _get_report_for_user(request.user, slug, year, period=period, action=action)
    # Back to the page the step was taken from: the summary's forms say so, else the entry page.
    back = "reports:summary" if request.POST.get("back") == "summary" else "reports:edit"
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if not form.is_valid() and request.POST.get("reason", "").strip():
        # A reason was typed but refused (too long): say why, and take no step.
        for error in form.errors["reason"]:
            messages.error(request, error)
        return redirect(back, **_where(slug, year, period))
    with transaction.atomic():
        report = report.office.reports.select_for_update().get(pk=report.pk)
        in_step = report.status in WORKFLOW[action].sources
        if in_step and action in CONFIRMED_STEPS and not ConfirmForm(request.POST).is_valid():
            messages.error(request, str(CONFIRMED_STEPS[action]))
            return redirect(back, **_where(slug, year, period))
        if in_step and action in ("submit", "approve"):
            prefetch_related_objects([report], "figures__indicator")
            catalog = catalog_module.load()
            if _missing_required(request, report, catalog, action):
                return redirect(back, **_where(slug, year, period))
        if in_step and action == "submit":
            previous = ReportValues.of_figures(_previous_figures(report).values())
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
                return redirect(back, **_where(slug, year, period))
        try:
            workflow.transition(report, action, request.user, reason)
        except ValueError as e:
            messages.error(request, str(e))
            return redirect(back, **_where(slug, year, period))
    done = {
        "submit": _("Đã gửi báo cáo để Chánh Văn phòng duyệt."),
        "return": _("Đã trả lại báo cáo để chuyên viên sửa."),
        "approve": _("Đã duyệt báo cáo. Số liệu đã được khóa."),
        "reopen": _("Đã mở lại báo cáo để sửa."),
        "withdraw": _("Đã rút lại báo cáo; báo cáo trở về trạng thái đang soạn."),
    }
    messages.success(request, done[action])
    return redirect(back, **_where(slug, year, period))


@login_required
@require_POST
def submit(request, slug, year, period=YEAR):
    return _transition(request, slug, year, "submit", period)


@login_required
@require_POST
def return_report(request, slug, year, period=YEAR):
    return _transition(request, slug, year, "return", period)


@login_required
@require_POST
def approve(request, slug, year, period=YEAR):
    return _transition(request, slug, year, "approve", period)


@login_required
@require_POST
def reopen(request, slug, year, period=YEAR):
    return _transition(request, slug, year, "reopen", period)


@login_required
@require_POST
def withdraw(request, slug, year, period=YEAR):
    return _transition(request, slug, year, "withdraw", period)


@login_required
@require_POST
def create(request, slug, year, period=YEAR):
    office = _get_office_for_user(request.user, slug, write=True)
    if not 1990 <= year <= 2100:
        raise Http404
    return _create(request, office, year, period)


@login_required
@require_POST
def create_any(request):
    """The report list's form: a report for any period of any year of an office the user
    enters figures for. A bad choice is refused on the list, with the message beside it."""
    offices, _yearly = _offices_to_start(request.user, Report.objects.none())
    form = StartReportForm(offices, request.POST)
    if not form.is_valid():
        return _report_list(request, start_form=form)
    office = _get_office_for_user(request.user, form.cleaned_data["office"], write=True)
    return _create(request, office, form.cleaned_data["year"], form.cleaned_data["period"])


def _create(request, office, year, period):
    """Create the office's report for `period` of `year` (or find it) and open its entry page."""
    slug = office.slug
    label = period_display(period, year)
    if office.reports.filter(year=year, period=period).exists():
        messages.info(request, _("Báo cáo %(period)s đã có.") % {"period": label})
        return redirect("reports:edit", **_where(slug, year, period))
    try:
        with transaction.atomic():
            workflow.start(office, year, request.user, period)
    except IntegrityError:
        # Someone created it a moment ago: theirs is the report to continue.
        pass
    messages.success(request, _("Đã tạo báo cáo %(period)s.") % {"period": label})
    return redirect("reports:edit", **_where(slug, year, period))


@login_required
@require_GET
def history(request, slug, year, period=YEAR):
    report = _get_report_for_user(request.user, slug, year, period=period)
    prefetch_related_objects([report], "office__unit__former_names")
    catalog = catalog_module.load(include_inactive=True)
    code = request.GET.get("code", "")
    q = report.audit_entries.select_related("user")
    if code:
        if code not in catalog.indicators:
            raise Http404
        q = q.filter(audit.figure_filter(code))
    names = {c: i.display_name for c, i in catalog.indicators.items()}
    ctx = {
        "report": report,
        "indicator": catalog.indicators.get(code),
        "entries": [(entry, *audit.describe(entry, names)) for entry in q],
    }
    return render(request, "reports/history.html", ctx)


def _completeness_year(raw):
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 1990 <= year <= 2100 else timezone.localdate().year


@login_required
@require_GET
def completeness(request):
    year = _completeness_year(request.GET.get("year"))
    # The offices expected for that period kind (`?period=`, the year by default), and their
    # report of that kind.
    period = _period_of(request.GET)
    offices = Office.objects.expected_in(year, period).visible_to(request.user)
    q = Report.objects.filter(period=period).for_year(year).filter(office__in=offices)
    q = q.select_related("updated_by")
    reports = {r.office_id: r for r in q}
    q = offices.select_related("unit")
    q = q.prefetch_related("unit__former_names")
    q = q.order_by("unit__sort_key")
    access = access_of(request.user)
    rows = []
    for office in q:
        report = reports.get(office.pk)
        if report is not None:
            report.office = office  # its links (`Report.url`) read the office's slug
        writer = request.user.is_superuser or access.role(office_id=office.pk) in EDIT_ROLES
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
    # In the order of the names shown, those of the year ("Thừa Thiên Huế" in 2022).
    rows.sort(key=lambda row: vietnamese.sort_key(row["office"].unit.name_in(year)[0]))
    counts = Counter(row["status"] for row in rows)
    statuses = [("not_started", _("Chưa bắt đầu"))] + list(Report.Status.choices)
    ctx = {
        "year": year,
        "period": period,
        "period_label": period_display(period, year),
        "period_choices": period_kind_choices(),
        "rows": rows,
        "counts": [(label, counts[value]) for value, label in statuses],
    }
    return render(request, "reports/completeness.html", ctx)


# ---------------------------------------------------------------------------
# Error pages (templates/4xx.html, 500.html, 503.html: no user, session or database)


def server_error(request):
    """500, or 503 with Retry-After when the database cannot be reached (PostgreSQL
    restarting, a network cut): that error passes by itself, and the page says to wait and
    check. Called while the exception is being handled, hence sys.exc_info()."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
