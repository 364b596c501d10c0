"""Error pages: Vietnamese, with the right status, and drawn without the user, the session or
the database, so that they still work while PostgreSQL is down."""

import pytest
from django.db import OperationalError
from django.test import Client

from officereports.reports import catalog as catalog_module
from tests.conftest import entry_url


@pytest.fixture(autouse=True)
def _production(settings):
    # Django shows its technical pages when DEBUG is on; the error templates are production's.
    settings.DEBUG = False


def page_text(response):
    return response.content.decode()


def test_it_answers_an_unknown_address_with_a_vietnamese_404_without_a_query(
    db, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = page_text(response)
    assert '<html lang="vi">' in html
    assert "<h1>Không tìm thấy trang</h1>" in html
    assert "Mã lỗi 404" in html


def test_it_answers_another_offices_report_with_the_same_404(client, outsider, hue_report):
    client.force_login(outsider)
    response = client.get(f"/reports/{hue_report.office.slug}/{hue_report.year}/")
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in page_text(response)
    # The page names nothing of the office it hides.
    assert "Huế" not in page_text(response)


def test_it_answers_a_reader_opening_the_entry_page_with_a_vietnamese_403(
    client, leader, hue_report
):
    client.force_login(leader)
    response = client.get(entry_url(hue_report))
    assert response.status_code == 403
    html = page_text(response)
    assert "<h1>Bạn không có quyền làm việc này</h1>" in html
    assert "Mã lỗi 403" in html


def test_it_answers_a_form_without_its_csrf_token_with_a_vietnamese_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = page_text(response)
    assert "<h1>Trang đã cũ, chưa gửi được</h1>" in html
    assert "chưa có gì được lưu" in html


def _failing(monkeypatch, error):
    def load(*args, **kwargs):
        raise error

    monkeypatch.setattr(catalog_module, "load", load)


def test_it_answers_an_unexpected_error_with_a_vietnamese_500(
    client, staff, hue_report, monkeypatch
):
    _failing(monkeypatch, RuntimeError("a bug"))
    client.force_login(staff)
    client.raise_request_exception = False
    response = client.get(f"/reports/{hue_report.office.slug}/{hue_report.year}/")
    assert response.status_code == 500
    html = page_text(response)
    assert "<h1>Hệ thống gặp lỗi</h1>" in html
    assert "Mã lỗi 500" in html
    assert "a bug" not in html
    assert "Retry-After" not in response.headers


def test_it_answers_an_unreachable_database_with_a_vietnamese_503_to_retry(
    client, staff, hue_report, monkeypatch, django_assert_num_queries
):
    _failing(monkeypatch, OperationalError("connection refused"))
    client.force_login(staff)
    client.raise_request_exception = False
    # The session, the user, their memberships, office, report: everything before the
    # failing step; the error page itself reads nothing.
    with django_assert_num_queries(5):
        response = client.get(f"/reports/{hue_report.office.slug}/{hue_report.year}/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    html = page_text(response)
    assert '<html lang="vi">' in html
    assert "<h1>Hệ thống tạm thời gián đoạn</h1>" in html
    assert "Thao tác vừa rồi có thể chưa được lưu." in html
    assert "connection refused" not in html
