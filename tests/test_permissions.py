"""Who may do what: every URL of the app × every persona × GET and POST.

The matrix is built from `officereports.reports.urls.urlpatterns`: a URL with no row here
fails `test_every_url_of_the_app_is_in_the_matrix`. Adding a URL is one row in MATRIX.
"""

import pytest
from django.test import Client
from django.urls import reverse

from officereports.reports import urls
from officereports.reports.models import AuditEntry, Report

PERSONAS = ("anonymous", "staff", "outsider", "chief", "leader", "admin_user")
LOGIN = "login"  # anonymous users are sent to the login page
HUE = ("thua-thien-hue", 2022)
REASON = {"reason": "Thiếu số liệu hồ sơ trực tuyến"}

# (url name, its args, the status the Huế 2022 report is in first, POST data,
#  expected "GET/POST" status for staff A, staff B (outsider), chief A, leader, admin).
# Anonymous users are always redirected to the login page.
MATRIX = [
    ("index", (), "approved", {}, "200/405 200/405 200/405 200/405 200/405"),
    ("completeness", (), "approved", {}, "200/405 200/405 200/405 200/405 200/405"),
    ("edit", HUE, "draft", {}, "200/200 404/404 200/200 403/403 200/200"),
    # An approved report is read-only for everyone, administrators included, until reopened.
    ("edit", HUE, "approved", {}, "200/403 404/404 200/403 403/403 200/403"),
    ("create", ("thua-thien-hue", 2023), None, {}, "405/302 405/404 405/302 405/403 405/302"),
    # Any period from the report list: only for offices one enters figures for; others are
    # refused on the list with a message (nothing written, tested in test_periods_pages).
    (
        "create_any",
        (),
        None,
        {"office": "thua-thien-hue", "period": "quarter-1", "year": "2023"},
        "405/302 405/200 405/302 405/200 405/200",
    ),
    ("submit", HUE, "draft", {}, "405/302 405/404 405/302 405/403 405/302"),
    ("return", HUE, "submitted", REASON, "405/403 405/404 405/302 405/403 405/302"),
    ("approve", HUE, "submitted", {}, "405/403 405/404 405/302 405/403 405/302"),
    ("reopen", HUE, "approved", REASON, "405/403 405/404 405/403 405/403 405/302"),
    ("withdraw", HUE, "submitted", {}, "405/302 405/404 405/302 405/403 405/302"),
    ("history", HUE, "approved", {}, "200/405 404/405 200/405 200/405 200/405"),
    ("summary", HUE, "draft", {}, "200/405 404/405 200/405 200/405 200/405"),
    ("rollup", (2022,), "approved", {}, "200/405 200/405 200/405 200/405 200/405"),
    ("workbook", HUE, "approved", {}, "200/405 404/405 200/405 200/405 200/405"),
    ("document", HUE, "draft", {}, "200/405 404/405 200/405 200/405 200/405"),
    ("template", HUE, "draft", {}, "200/405 404/405 200/405 200/405 200/405"),
    ("offices_workbook", (), "approved", {}, "200/405 200/405 200/405 200/405 200/405"),
    (
        "years_workbook",
        ("thua-thien-hue",),
        "approved",
        {},
        "200/405 404/405 200/405 200/405 200/405",
    ),
    # An empty POST re-shows the form with "choose a file"; readers get 403, and an approved
    # report answers 403 with a message saying why.
    ("upload", HUE, "draft", {}, "200/200 404/404 200/200 403/403 200/200"),
    ("upload", HUE, "approved", {}, "403/403 404/404 403/403 403/403 403/403"),
    # Without a previewed file there is nothing to confirm: back to the upload page.
    ("upload_confirm", HUE, "draft", {}, "405/302 405/404 405/302 405/403 405/302"),
    # Cancelling only forgets the user's own pending file.
    ("upload_cancel", HUE, "draft", {}, "405/302 405/404 405/302 405/302 405/302"),
    ("dashboard", (), "approved", {}, "200/405 200/405 200/405 200/405 200/405"),
    ("dashboard_chart", ("documents",), "approved", {}, "200/405 200/405 200/405 200/405 200/405"),
]


def _cases():
    for name, args, state, data, expected in MATRIX:
        codes = ["302/302", *expected.split()]
        for persona, pair in zip(PERSONAS, codes, strict=True):
            for method, code in zip(("GET", "POST"), pair.split("/"), strict=True):
                case_id = f"{name}-{state}-{persona}-{method}"
                yield pytest.param(name, args, state, data, persona, method, int(code), id=case_id)


def _snapshot():
    return (
        list(Report.objects.order_by("pk").values_list("pk", "status", "version")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("name,args,state,data,persona,method,expected", list(_cases()))
def test_the_permission_matrix(
    request, client, seed_reports, name, args, state, data, persona, method, expected
):
    hue_report = seed_reports[1]
    if state:
        hue_report.status = state
        hue_report.save()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    before = _snapshot()
    url = reverse(f"reports:{name}", args=args)
    response = client.get(url) if method == "GET" else client.post(url, data)

    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    if expected in (403, 404, 405) or persona == "anonymous":
        assert _snapshot() == before


def test_every_url_of_the_app_is_in_the_matrix():
    assert {p.name for p in urls.urlpatterns} == {row[0] for row in MATRIX}


def test_the_matrix_size():
    # 25 rows × 6 personas × 2 methods.
    assert len(list(_cases())) == 300


@pytest.mark.parametrize("name,args,state,data", [row[:4] for row in MATRIX])
def test_every_post_needs_the_csrf_token(seed_reports, admin_user, name, args, state, data):
    hue_report = seed_reports[1]
    if state:
        hue_report.status = state
        hue_report.save()
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    before = _snapshot()
    response = client.post(reverse(f"reports:{name}", args=args), data)
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert _snapshot() == before


def test_another_offices_report_answers_404_even_for_its_history(client, outsider, hue_report):
    client.force_login(outsider)
    response = client.get(reverse("reports:history", args=HUE) + "?code=dossiers.resolved")
    assert response.status_code == 404
