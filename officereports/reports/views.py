from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django_tables2 import RequestConfig

from officereports.reports import catalog as catalog_module
from officereports.reports import charts
from officereports.reports import dashboard as board
from officereports.reports.filters import DashboardForm, DashboardOfficeFilter
from officereports.reports.models import Office, Report, Role
from officereports.reports.tables import DashboardTable


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


# ---------------------------------------------------------------------------
# Leadership dashboard
#
# The page body and every chart are cached under a key made of the data version (one query,
# see `dashboard.data_version`), the offices the user may read and the query string: a saved
# figure, a new status or an edited rate changes the version, so the next request recomputes.


def _dashboard_office_ids(user):
    """Ids of the offices `user` may read (one or two queries): part of every cache key."""
    q = Office.objects.visible_to(user)
    q = q.order_by()
    return list(q.values_list("id", flat=True))


def _dashboard_offices(ids):
    """The offices themselves, with their units, when something has to be computed."""
    q = Office.objects.filter(id__in=ids)
    q = q.select_related("unit")
    return list(q)


def _dashboard_params(request):
    return sorted(request.GET.lists())


def _dashboard_form(request, offices, catalog):
    data = request.GET.copy()
    # The comparison's rate select shows the rate the chart uses when none was chosen.
    data.setdefault("rate", board.DEFAULT_COMPARISON_RATE)
    return DashboardForm(data, offices=offices, catalog=catalog)


@login_required
def dashboard(request):
    office_ids = _dashboard_office_ids(request.user)
    version = board.data_version()
    key = board.cache_key("page", version, office_ids, _dashboard_params(request))
    body = cache.get(key)
    if body is None:
        body = _dashboard_body(request, _dashboard_offices(office_ids), version)
        cache.set(key, body, board.CACHE_SECONDS)
    ctx = {"body": body}
    return render(request, "reports/dashboard.html", ctx)


def _dashboard_body(request, offices, version):
    """The dashboard's content for the offices in scope (nothing in it depends on the user
    beyond the offices they may read, so it can be shared through the cache)."""
    catalog = catalog_module.load()
    form = _dashboard_form(request, offices, catalog)
    scope = form.scope_offices()
    snapshot = board.load(scope, catalog, version)
    year = form.cleaned_data.get("year") or snapshot.latest_year()
    rate = form.cleaned_data.get("rate") or board.DEFAULT_COMPARISON_RATE
    ctx = {"form": form, "year": year, "years": snapshot.years, "offices_in_scope": len(scope)}
    if year is None or rate not in catalog.rates:
        return render_to_string("reports/dashboard_body.html", ctx, request=request)

    ids = [o.id for o in scope]
    q = Office.objects.filter(id__in=ids)
    q = q.expected_in(year)
    expected = set(q.values_list("id", flat=True))
    reported = {office_id for office_id, y in snapshot.entries if y == year}
    filterset = DashboardOfficeFilter(
        request.GET, queryset=Office.objects.filter(id__in=ids), year=year
    )
    shown = set(filterset.qs.values_list("id", flat=True)) & (expected | reported)
    table = DashboardTable(board.table_rows(snapshot, year, shown))
    RequestConfig(request, paginate={"per_page": 20}).configure(table)

    chart_query = urlencode(
        {"year": year, "scope": form.cleaned_data.get("scope", ""), "rate": rate}
    )
    trends = [board.trend(snapshot, name) for name in board.TRENDS]
    trends = [(trend, board.trend_rows(trend)) for trend in trends]
    ctx |= {
        "previous_year": year - 1,
        "kpis": board.kpis(snapshot, year),
        "completeness": board.completeness(snapshot, year, expected),
        "attention": board.attention(snapshot, year),
        "attention_shown": board.ATTENTION_SHOWN,
        "trends": trends,
        "comparison": board.comparison(snapshot, year, rate),
        "chart_query": chart_query,
        "filter": filterset,
        "table": table,
    }
    return render_to_string("reports/dashboard_body.html", ctx, request=request)


@login_required
def dashboard_chart(request, name):
    """One dashboard chart as SVG, with the same selectors as the page."""
    if name not in board.TRENDS and name != board.COMPARISON:
        raise Http404
    office_ids = _dashboard_office_ids(request.user)
    version = board.data_version()
    key = board.cache_key("chart", version, office_ids, name, _dashboard_params(request))
    # The browser asks again every time (no-cache) and gets a 304 while the data is unchanged.
    etag = f'"{board.digest(key)}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    svg = cache.get(key)
    if svg is None:
        svg = _dashboard_chart_svg(request, _dashboard_offices(office_ids), version, name)
        cache.set(key, svg, board.CACHE_SECONDS)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"
    response["ETag"] = etag
    return response


def _dashboard_chart_svg(request, offices, version, name):
    catalog = catalog_module.load()
    form = _dashboard_form(request, offices, catalog)
    if not form.is_valid():
        raise Http404
    snapshot = board.load(form.scope_offices(), catalog, version)
    if name != board.COMPARISON:
        trend = board.trend(snapshot, name)
        return charts.trend_svg(trend, board.describe(trend))
    year = form.cleaned_data["year"] or snapshot.latest_year()
    rate = form.cleaned_data["rate"] or board.DEFAULT_COMPARISON_RATE
    if year is None or rate not in catalog.rates:
        raise Http404
    comparison = board.comparison(snapshot, year, rate)
    return charts.comparison_svg(comparison, board.describe_comparison(comparison))
