"""Redis away (REDIS_URL pointing at a closed port): every cache operation is a miss, logged
as a warning, and the pages, the login and a save answer as without a cache."""

import logging
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from officereports.reports.models import Figure
from tests.conftest import PASSWORD, entry_url, form_data

CLOSED = {
    "default": {
        "BACKEND": "officereports.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = CLOSED
    yield


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"


def test_every_cache_operation_is_a_miss(redis_down, caplog, monkeypatch):
    # Each operation asks Redis (no pause after a failure) and gets its miss.
    monkeypatch.setattr("officereports.cache.RETRY_SECONDS", 0)
    caplog.set_level(logging.WARNING, logger="officereports.cache")
    assert cache.get("page", "missing") == "missing"
    assert cache.set("page", "html") is None
    assert cache.add("page", "html") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.has_key("a") is False
    assert cache.delete("a") is False
    assert cache.get_or_set("a", lambda: "computed") == "computed"
    with pytest.raises(ValueError):
        cache.incr("a")
    # get_or_set is a get, an add and a get again.
    assert [r.levelname for r in caplog.records] == ["WARNING"] * 11
    assert caplog.records[0].getMessage().startswith("Redis cache unavailable (ConnectionError: ")


def test_redis_is_left_alone_for_a_few_seconds_after_a_failure(redis_down):
    cache.get("page")
    with mock.patch("django.core.cache.backends.redis.RedisCache.get") as asked:
        assert cache.get("page", "missing") == "missing"
    assert asked.call_count == 0


def test_the_pages_login_and_a_save_work_without_redis(
    redis_down, client, staff, draft_hue, caplog
):
    log_in(client, staff)
    summary = reverse("reports:summary", args=["thua-thien-hue", 2022])
    response = client.get(summary)
    assert response.status_code == 200
    assert "81.948" in response.text
    dashboard = client.get(reverse("reports:dashboard") + "?year=2022")
    assert dashboard.status_code == 200
    assert "<title>Tổng quan số liệu" in dashboard.text
    chart = client.get(reverse("reports:dashboard_chart", args=["dossiers"]) + "?year=2022")
    assert (chart.status_code, chart["Content-Type"]) == (200, "image/svg+xml")

    page = client.get(entry_url(draft_hue))
    assert page.status_code == 200
    data = form_data(page.text)
    data["dossiers.resolved-value"] = "81.950"
    saved = client.post(entry_url(draft_hue), data)
    assert (saved.status_code, saved.url) == (302, entry_url(draft_hue))
    assert "Đã lưu 1 thay đổi." in client.get(saved.url).text
    figure = Figure.objects.get(report=draft_hue, indicator__code="dossiers.resolved")
    assert figure.value == 81_950
    assert "81.950" in client.get(summary).text
    assert client.get(entry_url(draft_hue, "history")).status_code == 200
    assert all(r.name == "officereports.cache" for r in caplog.records if r.levelno >= 30)
