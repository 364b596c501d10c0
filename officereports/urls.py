from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from officereports.reports.urls import canonical_year
from officereports.security import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm

# Both login forms count failures (officereports.security), or one would bypass the other.
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    # Django's account pages but the password reset: this application sends no email, so a
    # reset link could never arrive (an administrator sets a forgotten password instead).
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("officereports.reports.urls")),
    # A year written with leading zeros, which no page of the app takes: its one address.
    re_path(
        r"^reports/(?P<slug>[-\w]+)/0+(?P<year>[1-9][0-9]{3})/(?P<rest>.*)$",
        canonical_year,
    ),
]

# A database that cannot be reached answers 503 rather than 500 (see the view).
handler500 = "officereports.reports.views.server_error"
