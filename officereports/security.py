"""What Django 5.2 does not do for us: a Content-Security-Policy header and login throttling.

Both are deliberately small. The policy is one string in settings; pages satisfy it because
no template holds an inline script, event handler or style attribute (scripts and styles are
files under static/). Throttling counts failed logins per username and client address, and
per address, in the database, so that every worker of every app server sees the same count.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_out
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------------------
# Content-Security-Policy


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY with every response that has none.

    The dashboard's charts are matplotlib SVG, which styles its shapes with style attributes
    and a <style> element; opened on their own they get CONTENT_SECURITY_POLICY_SVG, which
    allows those styles and nothing else (no script, no fetch, no embedding elsewhere). Inside
    a page they are <img> elements, where an SVG can never run a script anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        # Django's technical 404/500 pages (DEBUG only) are styled and scripted inline.
        if settings.DEBUG and response.status_code >= 400:
            return response
        if response.get("Content-Type", "").startswith("image/svg+xml"):
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY_SVG
        else:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response


# ---------------------------------------------------------------------------
# Login throttling

THROTTLED_MESSAGE = _(
    "Bạn đã nhập sai mật khẩu %(limit)s lần. Để bảo vệ tài khoản, đăng nhập bằng tên này từ "
    "máy của bạn tạm dừng; vui lòng thử lại sau %(minutes)s phút."
)
ADDRESS_THROTTLED_MESSAGE = _(
    "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng của bạn (%(limit)s lần trong %(minutes)s "
    "phút). Để bảo vệ các tài khoản, đăng nhập từ địa chỉ này tạm dừng; vui lòng thử lại sau "
    "%(minutes)s phút."
)


def client_address(request) -> str:
    """The client's address. Behind a proxy (BEHIND_TLS_PROXY) REMOTE_ADDR is the proxy's,
    so take the last X-Forwarded-For entry: the one our proxy appended, which a client
    cannot forge (earlier entries can be)."""
    if settings.LOGIN_THROTTLE_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _who(request, username):
    return {"username": username.casefold()[:150], "address": client_address(request)}


def _recent():
    from officereports.reports.models import LoginFailure

    since = timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_SECONDS)
    return LoginFailure.objects.filter(at__gt=since)


def login_blocked(request, username) -> str | None:
    """ "username" when this username has failed too often from this address, "address"
    when this address has failed too often whatever the usernames (password spraying),
    None when a password may be checked. Both count the failures of the last
    LOGIN_THROTTLE_SECONDS, in the database that every app server shares."""
    who = _who(request, username)
    recent = _recent()
    if recent.filter(**who).count() >= settings.LOGIN_THROTTLE_FAILURES:
        return "username"
    by_address = recent.filter(address=who["address"])
    if by_address.count() >= settings.LOGIN_THROTTLE_ADDRESS_FAILURES:
        return "address"
    return None


def record_login_failure(request, username) -> str | None:
    """Record one failure; what `login_blocked` answers now. Failures older than the window
    are deleted here, so the table holds only the last minutes."""
    from officereports.reports.models import LoginFailure

    now = timezone.now()
    LoginFailure.objects.filter(
        at__lte=now - timedelta(seconds=settings.LOGIN_THROTTLE_SECONDS)
    ).delete()
    LoginFailure.objects.create(at=now, **_who(request, username))
    return login_blocked(request, username)


def forget_login_failures(request, username):
    from officereports.reports.models import LoginFailure

    LoginFailure.objects.filter(**_who(request, username)).delete()


class ThrottledLoginMixin:
    """After LOGIN_THROTTLE_FAILURES failed logins for one username from one address, or
    LOGIN_THROTTLE_ADDRESS_FAILURES from one address whatever the usernames, refuse every
    attempt (without checking the password) until fewer failures than that remain within
    the last LOGIN_THROTTLE_SECONDS. Refused attempts are not counted, so they do not extend
    the wait."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        blocked = login_blocked(self.request, username)
        if blocked:
            raise self._throttled_error(blocked)
        try:
            cleaned = super().clean()
        except ValidationError:
            # Only a wrong username or password counts. A right password refused afterwards
            # (an account that is not staff, at the admin login) does not.
            if self.user_cache is not None:
                raise
            blocked = record_login_failure(self.request, username)
            if blocked:
                raise self._throttled_error(blocked) from None
            raise
        forget_login_failures(self.request, username)
        return cleaned

    def _throttled_error(self, blocked):
        by_address = blocked == "address"
        return ValidationError(
            ADDRESS_THROTTLED_MESSAGE if by_address else THROTTLED_MESSAGE,
            code="throttled",
            params={
                "limit": settings.LOGIN_THROTTLE_ADDRESS_FAILURES
                if by_address
                else settings.LOGIN_THROTTLE_FAILURES,
                "minutes": settings.LOGIN_THROTTLE_SECONDS // 60,
            },
        )


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


# ---------------------------------------------------------------------------
# The browser's login marker

LOGIN_MARKER_SALT = "officereports.login-marker"


def _marker_age():
    return 2 * settings.SESSION_COOKIE_AGE


def login_marker(request, max_age=None):
    """The id of the user who last logged in on this browser (as a string), from a cookie
    signed with the secret key; None without one, or once it is older than twice a
    session's life. A request with a marker and no logged-in user comes from a browser
    whose session has expired (or was ended elsewhere): that one may keep what it posted
    (views._login_keeping_typed_values); an anonymous client has no marker to show."""
    return request.get_signed_cookie(
        settings.LOGIN_MARKER_COOKIE,
        default=None,
        salt=LOGIN_MARKER_SALT,
        max_age=_marker_age() if max_age is None else max_age,
    )


def _forget_marker(sender, request, user, **kwargs):
    if request is not None:
        request._forget_login_marker = True


user_logged_out.connect(_forget_marker, dispatch_uid="officereports.security.forget_marker")


class LoginMarkerMiddleware:
    """Give the browser of a logged-in user the login marker, and take it back at logout.

    It is set again when missing, for another user, or older than a session's life: so at
    any moment a session can still be alive, its browser's marker is younger than twice
    that, and still valid when the session expires."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _watch_user(request)
        response = self.get_response(request)
        name = settings.LOGIN_MARKER_COOKIE
        if getattr(request, "_forget_login_marker", False):
            response.delete_cookie(name, samesite="Lax")
            return response
        user = _resolved_user(request)
        if user is not None and user.is_authenticated:
            if login_marker(request, max_age=settings.SESSION_COOKIE_AGE) != str(user.pk):
                response.set_signed_cookie(
                    name,
                    str(user.pk),
                    salt=LOGIN_MARKER_SALT,
                    max_age=_marker_age(),
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        return response


def _watch_user(request):
    """Wrap Django's lazy request.user in one that notes when it is looked up: Django's says
    so only through a private attribute. LoginMarkerMiddleware and PrivateNoStoreMiddleware
    call it on the way in."""
    user = request.__dict__.get("user")
    if "_unresolved_user" in request.__dict__ or not isinstance(user, SimpleLazyObject):
        return

    def look_up():
        request._unresolved_user = None
        return user

    request.user = request._unresolved_user = SimpleLazyObject(look_up)


def _resolved_user(request):
    """request.user if the request has already looked it up, else None: asking here would
    read the session and the user of responses that do not need them (an error page while
    the database is down)."""
    user = request.__dict__.get("user")
    if user is not None and user is request.__dict__.get("_unresolved_user"):
        return None
    return user


# ---------------------------------------------------------------------------
# Nothing of a logged-in user's is kept by the browser

PRIVATE_NO_STORE = "private, no-store"
# Workbooks (reports.xlsx.XLSX_CONTENT_TYPE), whoever asks for them.
OFFICE_DOCUMENT = "application/vnd.openxmlformats-officedocument."


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response to a logged-in user and on every
    workbook: office computers are shared, and what one person read must not be found in
    the browser's cache (or its back button) by the next. A response that already says
    no-store (Django's never_cache) keeps its header; so does one a view marked public (a
    static asset; static files are served before this middleware, by whitenoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _watch_user(request)
        response = self.get_response(request)
        present = response.get("Cache-Control", "")
        if "no-store" in present or "public" in present:
            return response
        user = _resolved_user(request)
        workbook = response.get("Content-Type", "").startswith(OFFICE_DOCUMENT)
        if workbook or (user is not None and user.is_authenticated):
            response["Cache-Control"] = PRIVATE_NO_STORE
        return response
