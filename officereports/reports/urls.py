from django.urls import path

from officereports.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    # Before the summary: "year" would otherwise be read as an office slug.
    path("reports/year/<int:year>/", views.rollup, name="rollup"),
    path("reports/<slug:slug>/<int:year>/", views.summary, name="summary"),
]
