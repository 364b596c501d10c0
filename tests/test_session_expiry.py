"""A session that expires while the entry page is being filled: the save sends the user to
log in, says that nothing was saved yet, and after logging in the page opens again with the
typed values, unsaved, until the user saves them."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session

from officereports.reports.models import AuditEntry, Figure
from tests.conftest import PASSWORD, entry_url, form_data, screenshot

EXPIRED = (
    "Phiên đăng nhập đã hết hạn nên số liệu bạn vừa nhập chưa được lưu. Số liệu đó vẫn được "
    "giữ lại: đăng nhập lại để tiếp tục, rồi bấm “Lưu nháp”."
)
RESTORED = (
    "Đây là số liệu bạn đã nhập trước khi phiên đăng nhập hết hạn; chưa có gì được lưu. "
    "Kiểm tra lại rồi bấm “Lưu nháp”."
)


def received(report):
    return Figure.objects.filter(report=report, indicator__code="dossiers.received").first()


@pytest.fixture
def typed_then_expired(client, entry, draft_hue):
    """The entry page read while logged in, a figure and a comment typed, then the
    session gone (deleted, as when it expires) before the save."""
    data = entry()
    data["dossiers.received-value"] = "83.500"
    data["dossiers.received-comment"] = "Số liệu của Trung tâm"
    Session.objects.all().delete()
    return data


def test_it_sends_an_expired_session_to_log_in_and_says_the_values_are_kept(
    client, typed_then_expired, draft_hue
):
    before = draft_hue.version
    response = client.post(entry_url(draft_hue), typed_then_expired)
    assert response.status_code == 302
    url = urlsplit(response.url)
    assert url.path == "/accounts/login/"
    next_url = urlsplit(parse_qs(url.query)["next"][0])
    assert next_url.path == entry_url(draft_hue)
    assert list(parse_qs(next_url.query)) == ["restore"]

    login_page = client.get(response.url)
    assert EXPIRED in login_page.content.decode()
    draft_hue.refresh_from_db()
    assert draft_hue.version == before
    assert received(draft_hue).value == 83_408


def test_it_opens_the_page_again_with_the_typed_values_unsaved_after_logging_in(
    client, staff, typed_then_expired, draft_hue
):
    next_url = parse_qs(urlsplit(client.post(entry_url(draft_hue), typed_then_expired).url).query)[
        "next"
    ][0]
    response = client.post(
        "/accounts/login/", {"username": staff.username, "password": PASSWORD, "next": next_url}
    )
    assert response.url == next_url

    page = client.get(next_url)
    html = page.content.decode()
    assert RESTORED in html
    assert "data-restored" in html
    shown = form_data(html)
    assert shown["dossiers.received-value"] == "83.500"
    assert shown["dossiers.received-comment"] == "Số liệu của Trung tâm"
    assert received(draft_hue).value == 83_408

    saved = client.post(entry_url(draft_hue), shown)
    assert saved.status_code == 302
    figure = received(draft_hue)
    assert (figure.value, figure.comment) == (83_500, "Số liệu của Trung tâm")
    q = AuditEntry.objects.filter(report=draft_hue, user=staff)
    assert sorted(q.values_list("field", "old_value", "new_value")) == [
        ("dossiers.received", "83408", "83500"),
        ("dossiers.received:comment", "", "Số liệu của Trung tâm"),
    ]
    # Saved: the link no longer brings the old values back.
    assert RESTORED not in client.get(next_url).content.decode()


def test_it_shows_the_page_as_stored_for_a_token_this_session_does_not_keep(
    client, staff, typed_then_expired, draft_hue
):
    client.post(entry_url(draft_hue), typed_then_expired)
    client.force_login(staff)
    html = client.get(entry_url(draft_hue) + "?restore=not-the-token").content.decode()
    assert RESTORED not in html
    assert form_data(html)["dossiers.received-value"] == "83.408"


def test_it_still_asks_to_choose_when_someone_saved_before_the_restored_values(
    client, staff, chief, typed_then_expired, draft_hue, entry
):
    """The kept page carries the version it was read at, so the usual no-lost-update rule
    applies to it."""
    next_url = parse_qs(urlsplit(client.post(entry_url(draft_hue), typed_then_expired).url).query)[
        "next"
    ][0]
    client.post(
        "/accounts/login/", {"username": staff.username, "password": PASSWORD, "next": next_url}
    )
    from django.test import Client

    other = Client()
    other.force_login(chief)
    theirs = entry(c=other)
    theirs["dossiers.received-value"] = "84.000"
    assert other.post(entry_url(draft_hue), theirs).status_code == 302

    shown = form_data(client.get(next_url).content.decode())
    response = client.post(entry_url(draft_hue), shown)
    assert response.status_code == 200
    assert "Có người đã lưu báo cáo này trong lúc bạn nhập" in response.content.decode()
    assert received(draft_hue).value == 84_000


def test_a_reader_who_logs_in_on_the_same_browser_cannot_open_the_kept_values(
    client, leader, typed_then_expired, draft_hue
):
    next_url = parse_qs(urlsplit(client.post(entry_url(draft_hue), typed_then_expired).url).query)[
        "next"
    ][0]
    client.force_login(leader)
    assert client.get(next_url).status_code == 403


@pytest.mark.browser
def test_staff_whose_session_expires_log_in_again_and_save_what_they_typed(
    page, browser_login, staff, draft_hue
):
    browser_login(staff)
    page.goto(page.url_for(entry_url(draft_hue)))
    page.locator('[name="dossiers.received-value"]').fill("83.500")
    page.locator('[name="petitions.complaints-value"]').fill("45")

    Session.objects.all().delete()
    page.locator(".toolbar button[type=submit]").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/accounts/login/")
    assert page.locator("ul.messages li.warning").inner_text() == EXPIRED
    screenshot(page, "session-expired-login")

    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "restore" in parse_qs(urlsplit(url).query))
    assert page.locator("ul.messages li.warning").inner_text() == RESTORED
    assert page.locator('[name="dossiers.received-value"]').input_value() == "83.500"
    assert page.locator('[name="petitions.complaints-value"]').input_value() == "45"
    assert page.locator(".toolbar .dirty").is_visible()
    assert received(draft_hue).value == 83_408
    screenshot(page, "session-expired-restored")

    page.locator(".toolbar button[type=submit]").click()
    page.wait_for_selector("ul.messages li.success")
    assert page.locator("ul.messages li.success").inner_text() == "Đã lưu 2 thay đổi."
    assert received(draft_hue).value == 83_500
    figure = Figure.objects.get(report=draft_hue, indicator__code="petitions.complaints")
    assert figure.value == 45
