"""Login failures are counted in the database, where every gunicorn worker and every app
server sees them, and an address that fails too often whatever the usernames (password
spraying) is stopped too, at a limit an office behind one NAT does not reach by mistyping.
There is no password reset by email (the application sends none)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from officereports.reports.models import LoginFailure
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
THROTTLED = (
    "Bạn đã nhập sai mật khẩu 5 lần. Để bảo vệ tài khoản, đăng nhập bằng tên này từ máy của "
    "bạn tạm dừng; vui lòng thử lại sau 15 phút."
)
ADDRESS_THROTTLED = (
    "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng của bạn (50 lần trong 15 phút). Để bảo vệ "
    "các tài khoản, đăng nhập từ địa chỉ này tạm dừng; vui lòng thử lại sau 15 phút."
)
WRONG = "Tên đăng nhập và mật khẩu chính xác"


def _login(username, password, url=LOGIN, **extra):
    """Each attempt from a new client with the cache emptied: as if each were served by
    another gunicorn worker, with a local-memory cache of its own."""
    cache.clear()
    return Client().post(url, {"username": username, "password": password}, **extra)


def _spray(count, start=0, **extra):
    for n in range(start, start + count):
        response = _login(f"user{n}", "wrong-password", **extra)
    return response


def test_each_failure_is_a_row_in_the_database(db):
    _login("Staff", "wrong-password", REMOTE_ADDR="203.0.113.5")
    row = LoginFailure.objects.get()
    assert (row.username, row.address) == ("staff", "203.0.113.5")


def test_failures_served_by_different_workers_add_up(client, staff):
    for _ in range(4):
        assert WRONG in _login("staff", "wrong-password").text
    assert THROTTLED in _login("staff", "wrong-password").text
    # Even the right password is refused, by yet another "worker".
    response = _login("staff", PASSWORD)
    assert THROTTLED in response.text
    assert LoginFailure.objects.filter(username="staff").count() == 5


def test_an_address_spraying_many_usernames_is_stopped_at_the_fiftieth_failure(staff):
    assert WRONG in _spray(49).text
    # An office behind one NAT: 49 mistakes of its people do not stop anyone.
    assert _login("staff", PASSWORD).status_code == 302
    assert ADDRESS_THROTTLED in _spray(1, start=49).text
    refused = _login("staff", PASSWORD)
    assert refused.status_code == 200
    assert ADDRESS_THROTTLED in refused.text
    assert LoginFailure.objects.count() == 50
    # Another address is not concerned.
    assert _login("staff", PASSWORD, REMOTE_ADDR="10.9.8.7").status_code == 302


def test_the_admin_login_counts_toward_the_same_address_limit(admin_user):
    _spray(30)
    assert ADDRESS_THROTTLED in _spray(20, start=30, url=ADMIN_LOGIN).text
    assert ADDRESS_THROTTLED in _login("admin", PASSWORD, url=ADMIN_LOGIN).text


def test_the_address_limit_is_a_setting(settings, staff):
    settings.LOGIN_THROTTLE_ADDRESS_FAILURES = 3
    _spray(3)
    response = _login("staff", PASSWORD)
    assert "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng của bạn (3 lần trong 15 phút)" in (
        response.text
    )


def test_the_address_may_log_in_again_when_its_failures_are_older_than_the_window(staff):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _spray(50)
        clock.shift(timedelta(minutes=14, seconds=59))
        assert ADDRESS_THROTTLED in _login("staff", PASSWORD).text
        clock.shift(timedelta(seconds=2))
        assert _login("staff", PASSWORD).status_code == 302


def test_failures_older_than_the_window_are_deleted(db):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _spray(3)
        clock.shift(timedelta(minutes=15, seconds=1))
        _spray(1, start=3)
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["user3"]


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/set-password/",
        "/accounts/reset/done/",
    ],
)
def test_there_is_no_password_reset_by_email(db, url):
    assert Client().get(url).status_code == 404
    assert Client().post(url, {"email": "staff@example.vn"}).status_code == 404


def test_the_password_change_page_stays(client, staff):
    client.force_login(staff)
    assert client.get("/accounts/password_change/").status_code == 200
    assert client.get("/accounts/password_change/done/").status_code == 200
