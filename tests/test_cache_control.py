"""Office computers are shared: no page of a logged-in user and no workbook is kept by the
browser (Cache-Control: private, no-store), 304 answers included."""

import pytest
from django.test import Client

from tests.conftest import entry_url

NO_STORE = "private, no-store"
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.fixture
def logged_in(client, staff, draft_hue):
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/reports/thua-thien-hue/2022/",
        "/reports/thua-thien-hue/2022/edit/",
        "/reports/thua-thien-hue/2022/history/",
        "/reports/thua-thien-hue/2022/report.xlsx",
        "/reports/thua-thien-hue/2022/report.docx",
        "/reports/thua-thien-hue/2022/template.xlsx",
        "/reports/thua-thien-hue/years.xlsx",
        "/reports/year/2022/",
        "/dashboard/",
        "/dashboard/?year=2022",
        "/dashboard/charts/documents.svg",
        "/dashboard/offices.xlsx",
        "/completeness/?year=2022",
    ],
)
def test_every_page_and_workbook_of_a_logged_in_user_is_not_stored(logged_in, url):
    response = logged_in.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_a_page_from_the_cache_is_not_stored_either(logged_in):
    logged_in.get("/reports/thua-thien-hue/2022/")
    assert logged_in.get("/reports/thua-thien-hue/2022/")["Cache-Control"] == NO_STORE


def test_an_unchanged_chart_answered_304_says_no_store(logged_in):
    first = logged_in.get("/dashboard/charts/documents.svg")
    again = logged_in.get("/dashboard/charts/documents.svg", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == NO_STORE


def test_a_save_and_its_redirect_say_no_store(logged_in, entry, draft_hue):
    data = entry()
    data["dossiers.resolved-value"] = "81.950"
    response = logged_in.post(entry_url(draft_hue), data)
    assert response.status_code == 302
    assert response["Cache-Control"] == NO_STORE


def test_the_login_page_keeps_djangos_never_cache(db):
    assert Client().get("/accounts/login/")["Cache-Control"] == NEVER_CACHE


def test_the_admin_keeps_djangos_never_cache(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/")["Cache-Control"] == NEVER_CACHE


def test_an_anonymous_redirect_to_log_in_sets_nothing(db):
    assert "Cache-Control" not in Client().get("/reports/thua-thien-hue/2022/")
