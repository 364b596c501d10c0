"""What the benchmark adds to the application server (bench/settings.py): two reference
views, and a header telling the client how many database queries each request ran."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.shortcuts import render
from django.urls import include, path

from officereports.reports.models import access_of

QUERIES_HEADER = "X-Bench-Queries"


def minimal(request):
    """The yardstick: a Django view rendering a small template, no database."""
    ctx = {"title": "Tổng quan", "items": ["một", "hai", "ba"]}
    return render(request, "bench/minimal.html", ctx)


@login_required
def minimal_login(request):
    """The floor of a page: the same behind stock Django login, with the user's memberships
    read as every page reads them (the session, the user, the memberships)."""
    access_of(request.user)
    ctx = {"title": "Tổng quan", "items": ["một", "hai", "ba"]}
    return render(request, "bench/minimal.html", ctx)


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/minimal-login/", minimal_login),
    path("", include("officereports.urls")),
]


def count_queries(get_response):
    """Middleware (first in the chain): counts the queries of the request it wraps, in the
    server process, so that a slow page need not be requested again to be counted."""

    def middleware(request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response[QUERIES_HEADER] = str(count)
        return response

    return middleware
