"""The application's URLs plus the benchmark's two reference views."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path


def minimal(request):
    """The yardstick: a Django view rendering a small template, no database."""
    ctx = {"title": "Tổng quan", "items": ["một", "hai", "ba"]}
    return render(request, "bench/minimal.html", ctx)


@login_required
def minimal_login(request):
    """The same behind login, for context: what the session and the user cost alone."""
    ctx = {"title": "Tổng quan", "items": ["một", "hai", "ba"]}
    return render(request, "bench/minimal.html", ctx)


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/minimal-login/", minimal_login),
    path("", include("officereports.urls")),
]
