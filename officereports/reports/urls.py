from django.http import HttpResponsePermanentRedirect
from django.urls import path, register_converter

from officereports.reports import periods, views


class YearConverter:
    """A report year, 1990 to 2100, written without leading zeros: any other number is no
    address (404), never a query with an absurd year. "0002022" is redirected (below)."""

    regex = "[0-9]{1,4}"

    def to_python(self, value):
        year = int(value)
        if value.startswith("0") or not 1990 <= year <= 2100:
            raise ValueError(value)
        return year

    def to_url(self, value):
        return str(int(value))


register_converter(YearConverter, "year")


def canonical_year(request, slug, year, rest):
    """/reports/hue/0002022/… → /reports/hue/2022/… (301), the query string kept: one page,
    one address (and one cache entry). Routed in the project's urls.py, after the app's."""
    prefix = request.path.removesuffix(request.path_info)  # where the site is mounted
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(
        f"{prefix}/reports/{slug}/{year}/{rest}" + (f"?{query}" if query else "")
    )


class PeriodConverter:
    """A part of the year (periods.py): "first-9-months", "quarter-1", "month-9"… The year
    itself has no segment: its report lives at /reports/<office>/<year>/."""

    regex = "|".join(kind for kind in periods.KINDS if kind != periods.YEAR)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PeriodConverter, "period")


app_name = "reports"

# A report's own pages: "" is its summary. The yearly report's live under
# /reports/<office>/<year>/, a part of the year's one level down, under the same names.
REPORT_PAGES = [
    ("", views.summary, "summary"),
    ("report.xlsx", views.workbook, "workbook"),
    ("report.docx", views.report_document, "document"),
    ("template.xlsx", views.template_workbook, "template"),
    ("upload/", views.upload_template, "upload"),
    ("upload/confirm/", views.confirm_upload, "upload_confirm"),
    ("upload/cancel/", views.cancel_upload, "upload_cancel"),
    ("edit/", views.edit, "edit"),
    ("create/", views.create, "create"),
    ("submit/", views.submit, "submit"),
    ("return/", views.return_report, "return"),
    ("approve/", views.approve, "approve"),
    ("reopen/", views.reopen, "reopen"),
    ("withdraw/", views.withdraw, "withdraw"),
    ("history/", views.history, "history"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("reports/create/", views.create_any, name="create_any"),
    # Before the summary: "year" would otherwise be read as an office slug.
    path("reports/year/<year:year>/", views.rollup, name="rollup"),
    path("reports/<slug:slug>/years.xlsx", views.office_years_workbook, name="years_workbook"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/charts/<slug:name>.svg", views.dashboard_chart, name="dashboard_chart"),
    path("dashboard/offices.xlsx", views.offices_workbook, name="offices_workbook"),
    path("completeness/", views.completeness, name="completeness"),
]
for base in (
    "reports/<slug:slug>/<year:year>/",
    "reports/<slug:slug>/<year:year>/<period:period>/",
):
    urlpatterns += [path(base + rest, view, name=name) for rest, view, name in REPORT_PAGES]
