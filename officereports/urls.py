from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("officereports.reports.urls")),
]

# A database that cannot be reached answers 503 rather than 500 (see the view).
handler500 = "officereports.reports.views.server_error"
