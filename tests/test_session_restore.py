"""What a save posted without a live session may keep: only a browser whose session expired
(it shows the login marker set at login) keeps its typed values, within limits, for a
report that exists, and gets them back only as the user it typed them as. Anyone else's
POST is sent to log in with nothing written to the database."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.db.models import Sum
from django.db.models.functions import Length
from django.test import RequestFactory

from officereports.security import login_marker
from tests.conftest import PASSWORD, entry_url, form_data

KEPT = (
    "Phiên đăng nhập đã hết hạn nên số liệu bạn vừa nhập chưa được lưu. Số liệu đó vẫn được "
    "giữ lại: đăng nhập lại để tiếp tục, rồi bấm “Lưu nháp”."
)
NOT_LOGGED_IN = (
    "Bạn cần đăng nhập để lưu số liệu. Số liệu vừa gửi chưa được lưu: đăng nhập rồi nhập lại."
)
TOO_MUCH = (
    "Phiên đăng nhập đã hết hạn nên số liệu bạn vừa nhập chưa được lưu, và quá nhiều để giữ "
    "lại. Đăng nhập lại rồi nhập lại số liệu."
)
RESTORED = (
    "Đây là số liệu bạn đã nhập trước khi phiên đăng nhập hết hạn; chưa có gì được lưu. "
    "Kiểm tra lại rồi bấm “Lưu nháp”."
)


def big_form(fields=999):
    return {f"field-{n}": "x" * 2000 for n in range(fields)}


def login_message(client, response):
    return client.get(response.url).text


@pytest.fixture
def expired(client, entry, draft_hue):
    """Staff read the entry page (their browser got the marker), typed, then their
    session ended before the save."""
    data = entry()
    data["dossiers.received-value"] = "83.500"
    Session.objects.all().delete()
    return data


def test_twenty_anonymous_posts_of_a_thousand_fields_store_no_session(client, draft_hue):
    for n in range(20):
        response = client.post(f"/reports/bat-ky-{n}/2099/edit/", big_form())
        assert response.status_code == 302
        assert response.url == f"/accounts/login/?next=/reports/bat-ky-{n}/2099/edit/"
    # Not even for a report that exists.
    response = type(client)().post(entry_url(draft_hue), big_form())
    assert response.url == f"/accounts/login/?next={entry_url(draft_hue)}"
    assert Session.objects.count() == 0
    assert NOT_LOGGED_IN in login_message(client, response)


def test_a_forged_marker_keeps_nothing(client, draft_hue, staff):
    client.cookies["login_marker"] = str(staff.pk)
    response = client.post(entry_url(draft_hue), {"dossiers.received-value": "1"})
    assert response.url == f"/accounts/login/?next={entry_url(draft_hue)}"
    assert Session.objects.count() == 0


def test_logging_in_gives_the_browser_a_marker_and_logging_out_takes_it_back(client, staff):
    response = client.post("/accounts/login/", {"username": "staff", "password": PASSWORD})
    marker = response.cookies["login_marker"]
    request = RequestFactory().get("/", HTTP_COOKIE=f"login_marker={marker.coded_value}")
    assert login_marker(request) == str(staff.pk)
    assert marker["httponly"] is True
    assert marker["max-age"] == 2 * 14 * 24 * 3600
    response = client.post("/accounts/logout/")
    assert response.cookies["login_marker"].value == ""
    assert response.cookies["login_marker"]["max-age"] == 0


def test_after_logging_out_a_post_keeps_nothing(client, staff, draft_hue):
    client.post("/accounts/login/", {"username": "staff", "password": PASSWORD})
    data = form_data(client.get(entry_url(draft_hue)).text)
    client.post("/accounts/logout/")
    before = Session.objects.count()
    response = client.post(entry_url(draft_hue), data)
    assert response.url == f"/accounts/login/?next={entry_url(draft_hue)}"
    assert Session.objects.count() == before


def test_an_expired_session_keeps_its_values_only_for_a_report_that_exists(client, expired):
    response = client.post("/reports/khong-co/2022/edit/", expired)
    assert response.url == "/accounts/login/?next=/reports/khong-co/2022/edit/"
    response = client.post("/reports/thua-thien-hue/2099/edit/", expired)
    assert response.url == "/accounts/login/?next=/reports/thua-thien-hue/2099/edit/"
    assert Session.objects.count() == 0


def test_an_expired_session_keeps_no_more_than_the_limit_of_fields(client, expired, draft_hue):
    # 2.001 fields besides the CSRF token, which is never kept.
    data = expired | {f"extra-{n}": "" for n in range(2002 - len(expired))}
    response = client.post(entry_url(draft_hue), data)
    assert response.url == f"/accounts/login/?next={entry_url(draft_hue)}"
    assert TOO_MUCH in login_message(client, response)
    assert Session.objects.count() == 0


def test_an_expired_session_keeps_2000_fields(client, expired, draft_hue):
    data = expired | {f"extra-{n}": "" for n in range(2001 - len(expired))}
    response = client.post(entry_url(draft_hue), data)
    assert KEPT in login_message(client, response)
    assert len(Session.objects.get().get_decoded()["entry_restore"]["data"]) == 2000


def test_an_expired_session_keeps_no_more_than_200_kb(client, expired, draft_hue):
    data = expired | {"dossiers.received-comment": "x" * (200 * 1024)}
    response = client.post(entry_url(draft_hue), data)
    assert response.url == f"/accounts/login/?next={entry_url(draft_hue)}"
    assert TOO_MUCH in login_message(client, response)
    assert Session.objects.count() == 0


def test_an_expired_session_of_the_usual_size_is_kept(client, expired, draft_hue):
    response = client.post(entry_url(draft_hue), expired)
    assert list(parse_qs(urlsplit(parse_qs(urlsplit(response.url).query)["next"][0]).query)) == [
        "restore"
    ]
    assert KEPT in login_message(client, response)
    assert Session.objects.count() == 1


def test_someone_else_logging_in_on_the_same_browser_does_not_get_the_kept_values(
    client, chief, expired, draft_hue
):
    """cv.hue's session expired with typed values; chanh.hue logs in on the same browser
    and follows the link: the page shows the stored figures, and the values are gone."""
    next_url = parse_qs(urlsplit(client.post(entry_url(draft_hue), expired).url).query)["next"][0]
    response = client.post(
        "/accounts/login/", {"username": chief.username, "password": PASSWORD, "next": next_url}
    )
    assert response.url == next_url
    html = client.get(next_url).text
    assert RESTORED not in html
    assert form_data(html)["dossiers.received-value"] == "83.408"
    assert "entry_restore" not in client.session
    assert RESTORED not in client.get(next_url).text


def test_the_session_table_after_twenty_anonymous_posts(client, draft_hue):
    """The measure asked for: rows and bytes of the session table after 20 anonymous posts
    of 999 fields of 2.000 characters."""
    for n in range(20):
        client.post(f"/reports/bat-ky-{n}/2099/edit/", big_form())
    size = Session.objects.aggregate(size=Sum(Length("session_data")))["size"]
    assert (Session.objects.count(), size) == (0, None)
