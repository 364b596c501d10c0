from django.urls import path

from officereports.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    # Before the summary: "year" would otherwise be read as an office slug.
    path("reports/year/<int:year>/", views.rollup, name="rollup"),
    path("reports/<slug:slug>/<int:year>/", views.summary, name="summary"),
]

# Excel: the conference workbook, the leadership workbooks and the template round trip.
urlpatterns += [
    path("reports/<slug:slug>/<int:year>/report.xlsx", views.workbook, name="workbook"),
    path("reports/<slug:slug>/<int:year>/template.xlsx", views.template_workbook, name="template"),
    path("reports/<slug:slug>/<int:year>/upload/", views.upload_template, name="upload"),
    path(
        "reports/<slug:slug>/<int:year>/upload/confirm/",
        views.confirm_upload,
        name="upload_confirm",
    ),
    path(
        "reports/<slug:slug>/<int:year>/upload/cancel/", views.cancel_upload, name="upload_cancel"
    ),
    path("reports/<slug:slug>/years.xlsx", views.office_years_workbook, name="years_workbook"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/charts/<slug:name>.svg", views.dashboard_chart, name="dashboard_chart"),
    path("dashboard/offices.xlsx", views.offices_workbook, name="offices_workbook"),
    path("completeness/", views.completeness, name="completeness"),
    path("reports/<slug:slug>/<int:year>/edit/", views.edit, name="edit"),
    path("reports/<slug:slug>/<int:year>/create/", views.create, name="create"),
    path("reports/<slug:slug>/<int:year>/submit/", views.submit, name="submit"),
    path("reports/<slug:slug>/<int:year>/return/", views.return_report, name="return"),
    path("reports/<slug:slug>/<int:year>/approve/", views.approve, name="approve"),
    path("reports/<slug:slug>/<int:year>/reopen/", views.reopen, name="reopen"),
    path("reports/<slug:slug>/<int:year>/withdraw/", views.withdraw, name="withdraw"),
    path("reports/<slug:slug>/<int:year>/history/", views.history, name="history"),
]
