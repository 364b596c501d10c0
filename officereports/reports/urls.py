from django.urls import path

from officereports.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("completeness/", views.completeness, name="completeness"),
    path("reports/<slug:slug>/<int:year>/edit/", views.edit, name="edit"),
    path("reports/<slug:slug>/<int:year>/create/", views.create, name="create"),
    path("reports/<slug:slug>/<int:year>/submit/", views.submit, name="submit"),
    path("reports/<slug:slug>/<int:year>/return/", views.return_report, name="return"),
    path("reports/<slug:slug>/<int:year>/approve/", views.approve, name="approve"),
    path("reports/<slug:slug>/<int:year>/reopen/", views.reopen, name="reopen"),
    path("reports/<slug:slug>/<int:year>/history/", views.history, name="history"),
]
