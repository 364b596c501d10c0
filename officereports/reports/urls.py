from django.urls import path

from officereports.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/charts/<slug:name>.svg", views.dashboard_chart, name="dashboard_chart"),
]
