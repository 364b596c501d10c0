"""Login throttling: five failures for one username from one address stop the password
checks for fifteen minutes, on the staff login and the admin login alike (the per-address
limit and the database count: tests/test_login_limits.py)."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.utils import timezone

from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
THROTTLED = (
    "Bạn đã nhập sai mật khẩu 5 lần. Để bảo vệ tài khoản, đăng nhập bằng tên này từ máy của "
    "bạn tạm dừng; vui lòng thử lại sau 15 phút."
)
WRONG = "Tên đăng nhập và mật khẩu chính xác"  # Django's own "wrong password" message


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password, url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def _logged_in(client):
    return "_auth_user_id" in client.session


def _fail(client, username, times, **extra):
    return [_login(client, username, "wrong-password", **extra) for _ in range(times)][-1]


def test_the_fifth_failure_says_to_wait(client, staff):
    fourth = _fail(client, "staff", 4)
    assert WRONG in fourth.text
    fifth = _fail(client, "staff", 1)
    assert fifth.status_code == 200
    assert THROTTLED in fifth.text


def test_a_throttled_login_checks_no_password_even_a_right_one(client, staff):
    _fail(client, "staff", 5)
    with mock.patch("django.contrib.auth.forms.authenticate", wraps=authenticate) as check:
        response = _login(client, "staff", PASSWORD)
    assert check.call_count == 0
    assert THROTTLED in response.text
    assert not _logged_in(client)


def test_the_login_works_again_when_the_window_has_passed(client, staff):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail(client, "staff", 5)
        clock.shift(timedelta(minutes=14, seconds=59))
        assert THROTTLED in _login(client, "staff", PASSWORD).text
        clock.shift(timedelta(seconds=2))
        response = _login(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_later_failures_do_not_extend_the_window(client, staff):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail(client, "staff", 4)
        clock.shift(timedelta(minutes=10))
        _fail(client, "staff", 3)  # the fifth locks; the others are refused unchecked
        clock.shift(timedelta(minutes=5, seconds=1))
        assert _login(client, "staff", PASSWORD).status_code == 302


def test_a_successful_login_forgets_the_failures(client, staff):
    _fail(client, "staff", 4)
    assert _login(client, "staff", PASSWORD).status_code == 302
    client.logout()
    assert WRONG in _fail(client, "staff", 4).text
    assert _login(client, "staff", PASSWORD).status_code == 302


def test_other_users_and_other_addresses_are_not_throttled(client, staff, chief):
    _fail(client, "staff", 5)
    assert _login(client, "chief", PASSWORD).status_code == 302
    client.logout()
    response = _login(client, "staff", PASSWORD, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302


def test_the_username_is_counted_whatever_its_case(client, staff):
    _fail(client, "STAFF", 3)
    _fail(client, "Staff", 2)
    assert THROTTLED in _login(client, "staff", PASSWORD).text


def test_the_admin_login_shares_the_count(client, admin_user):
    _fail(client, "admin", 3)
    response = _fail(client, "admin", 2, url=ADMIN_LOGIN)
    assert THROTTLED in response.text
    response = _login(client, "admin", PASSWORD, url=ADMIN_LOGIN)
    assert THROTTLED in response.text
    assert not _logged_in(client)


def test_a_non_staff_user_at_the_admin_login_is_not_counted_as_a_failure(client, staff):
    for _ in range(6):
        response = _login(client, "staff", PASSWORD, url=ADMIN_LOGIN)
        assert THROTTLED not in response.text
    assert _login(client, "staff", PASSWORD).status_code == 302


def test_the_count_lives_in_the_database(client, staff):
    """No state on the app server, nor in its cache: another worker or server (here:
    another client, with the cache emptied) sees the count."""
    from django.test import Client

    _fail(client, "staff", 5)
    cache.clear()
    assert THROTTLED in _login(Client(), "staff", PASSWORD).text


def test_behind_a_proxy_the_address_the_proxy_added_counts(client, staff, settings):
    settings.LOGIN_THROTTLE_TRUST_FORWARDED_FOR = True
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    # A client cannot escape by forging earlier X-Forwarded-For entries.
    for forged in range(5):
        forwarded = {"HTTP_X_FORWARDED_FOR": f"1.2.3.{forged}, 203.0.113.7"}
        _login(client, "staff", "wrong-password", **proxy, **forwarded)
    blocked = _login(client, "staff", PASSWORD, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert THROTTLED in blocked.text
    other = _login(client, "staff", PASSWORD, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 302


def test_the_message_is_shown_above_the_form(client, staff):
    response = _fail(client, "staff", 5)
    alert = response.text.split('<div class="error" role="alert">')[1].split("</div>")[0]
    assert THROTTLED in alert
