"""What Django 5.2 does not do for us: a Content-Security-Policy header and login throttling.

Both are deliberately small. The policy is one string in settings; pages satisfy it because
no template holds an inline script, event handler or style attribute (scripts and styles are
files under static/). Throttling counts failed logins per username and client address in
Django's cache, so several app servers sharing Redis share the count.
"""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
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


def client_address(request) -> str:
    """The client's address. Behind a proxy (BEHIND_TLS_PROXY) REMOTE_ADDR is the proxy's,
    so take the last X-Forwarded-For entry: the one our proxy appended, which a client
    cannot forge (earlier entries can be)."""
    if settings.LOGIN_THROTTLE_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _throttle_key(request, username) -> str:
    # Hashed: cache keys must be short and free of spaces and control characters.
    ident = f"{username.casefold()}\n{client_address(request)}"
    return "login-failures:" + hashlib.sha256(ident.encode()).hexdigest()


def login_blocked(request, username) -> bool:
    return cache.get(_throttle_key(request, username), 0) >= settings.LOGIN_THROTTLE_FAILURES


def record_login_failure(request, username) -> int:
    """Count one failure; the window starts at the first failure and is not extended by the
    next ones (incr keeps the entry's expiry, in local memory as in Redis)."""
    key = _throttle_key(request, username)
    cache.add(key, 0, settings.LOGIN_THROTTLE_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        # The entry expired between add and incr: this failure opens a new window.
        cache.set(key, 1, settings.LOGIN_THROTTLE_SECONDS)
        return 1


def forget_login_failures(request, username):
    cache.delete(_throttle_key(request, username))


class ThrottledLoginMixin:
    """After LOGIN_THROTTLE_FAILURES failed logins for one username from one address, refuse
    every attempt (without checking the password) until LOGIN_THROTTLE_SECONDS have passed
    since the first failure."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if login_blocked(self.request, username):
            raise self._throttled_error()
        try:
            cleaned = super().clean()
        except ValidationError:
            # Only a wrong username or password counts. A right password refused afterwards
            # (an account that is not staff, at the admin login) does not.
            if self.user_cache is not None:
                raise
            if record_login_failure(self.request, username) >= settings.LOGIN_THROTTLE_FAILURES:
                raise self._throttled_error() from None
            raise
        forget_login_failures(self.request, username)
        return cleaned

    def _throttled_error(self):
        return ValidationError(
            THROTTLED_MESSAGE,
            code="throttled",
            params={
                "limit": settings.LOGIN_THROTTLE_FAILURES,
                "minutes": settings.LOGIN_THROTTLE_SECONDS // 60,
            },
        )


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
