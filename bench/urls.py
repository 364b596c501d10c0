from django.shortcuts import render
from django.urls import include, path


def minimal(request):
    """The yardstick: a Django view rendering a small template, no database."""
    ctx = {"title": "Tổng quan", "items": ["một", "hai", "ba"]}
    return render(request, "bench/minimal.html", ctx)


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("officereports.urls")),
]
