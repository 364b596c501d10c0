"""The several-app-servers shape: Redis (REDIS_URL) as the shared cache, sessions in the
shared database read through it (cached_db), against the Redis server on 127.0.0.1:6379
(.ci/run starts it if it is down)."""

import uuid

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD, entry_url, form_data

REDIS = {
    "default": {
        "BACKEND": "officereports.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        # Keys of this test run only: other runs and other programs may share the server.
        "KEY_PREFIX": f"officereports-test-{uuid.uuid4().hex}",
    }
}


@pytest.fixture
def redis_shape(settings):
    settings.CACHES = REDIS
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache.set("reachable", "yes")
    assert cache.get("reachable") == "yes", "Redis on 127.0.0.1:6379 is not answering"
    yield
    cache.clear()


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_the_dashboard_comes_from_redis_and_a_saved_figure_is_on_the_next_load(
    redis_shape, client, staff, draft_hue
):
    log_in(client, staff)
    # The report is a draft: on the dashboard with the switch only, marked as not approved.
    dashboard = reverse("reports:dashboard") + "?year=2022&include=all"
    assert "81.948<span" in client.get(dashboard).text
    with CaptureQueriesContext(connection) as queries:
        assert "81.948" in client.get(dashboard).text
    # The figures came from Redis: no query read them.
    assert not [q for q in queries.captured_queries if '"reports_figure"' in q["sql"]]

    data = form_data(client.get(entry_url(draft_hue)).text)
    data["dossiers.resolved-value"] = "81.950"
    assert client.post(entry_url(draft_hue), data).status_code == 302
    summary = reverse("reports:summary", args=["thua-thien-hue", 2022])
    text = client.get(summary).text
    assert "81.950" in text and "81.948" not in text
    assert "81.950<span" in client.get(dashboard).text


def test_a_redis_restart_logs_nobody_out(redis_shape, client, staff, hue_report):
    log_in(client, staff)
    assert Session.objects.count() == 1  # in the database
    cache.clear()  # what a restarted Redis holds
    summary = reverse("reports:summary", args=["thua-thien-hue", 2022])
    assert client.get(summary).status_code == 200


def test_logging_out_ends_the_session_on_every_app_server(redis_shape, client, staff, hue_report):
    log_in(client, staff)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    other = type(client)()  # another app server's view of the same browser
    other.cookies["sessionid"] = cookie
    summary = reverse("reports:summary", args=["thua-thien-hue", 2022])
    assert other.get(summary).status_code == 302
