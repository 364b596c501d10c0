from django.http import HttpResponsePermanentRedirect
from django.urls import path, register_converter

from officereports.reports import views


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


app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    # Before the summary: "year" would otherwise be read as an office slug.
    path("reports/year/<year:year>/", views.rollup, name="rollup"),
    path("reports/<slug:slug>/<year:year>/", views.summary, name="summary"),
]

# Excel: the conference workbook, the leadership workbooks and the template round trip.
urlpatterns += [
    path("reports/<slug:slug>/<year:year>/report.xlsx", views.workbook, name="workbook"),
    path("reports/<slug:slug>/<year:year>/template.xlsx", views.template_workbook, name="template"),
    path("reports/<slug:slug>/<year:year>/upload/", views.upload_template, name="upload"),
    path(
        "reports/<slug:slug>/<year:year>/upload/confirm/",
        views.confirm_upload,
        name="upload_confirm",
    ),
    path(
        "reports/<slug:slug>/<year:year>/upload/cancel/", views.cancel_upload, name="upload_cancel"
    ),
    path("reports/<slug:slug>/years.xlsx", views.office_years_workbook, name="years_workbook"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/charts/<slug:name>.svg", views.dashboard_chart, name="dashboard_chart"),
    path("dashboard/offices.xlsx", views.offices_workbook, name="offices_workbook"),
    path("completeness/", views.completeness, name="completeness"),
    path("reports/<slug:slug>/<year:year>/edit/", views.edit, name="edit"),
    path("reports/<slug:slug>/<year:year>/create/", views.create, name="create"),
    path("reports/<slug:slug>/<year:year>/submit/", views.submit, name="submit"),
    path("reports/<slug:slug>/<year:year>/return/", views.return_report, name="return"),
    path("reports/<slug:slug>/<year:year>/approve/", views.approve, name="approve"),
    path("reports/<slug:slug>/<year:year>/reopen/", views.reopen, name="reopen"),
    path("reports/<slug:slug>/<year:year>/withdraw/", views.withdraw, name="withdraw"),
    path("reports/<slug:slug>/<year:year>/history/", views.history, name="history"),
]
