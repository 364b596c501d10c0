"""With DEBUG on (the default of `make run`), a missing report, another office's report and an
address that is no page show the Vietnamese 404 page, not Django's technical page listing
every address of the application."""

import pytest

TECHNICAL = ("URLconf", "Page not found", "Raised by", "DEBUG = True")


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True


def _not_found(response):
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Không tìm thấy trang</h1>" in html
    assert "Mã lỗi 404" in html
    for word in TECHNICAL:
        assert word not in html
    return html


def test_a_missing_report_shows_the_vietnamese_404(client, staff, hue_report):
    client.force_login(staff)
    _not_found(client.get("/reports/thua-thien-hue/2019/"))


def test_another_offices_report_shows_the_same_page_as_a_missing_one(
    client, outsider, hue_report, khanh_hoa_report
):
    client.force_login(outsider)
    foreign = _not_found(client.get("/reports/thua-thien-hue/2022/"))
    missing = _not_found(client.get("/reports/khanh-hoa/2019/"))
    assert foreign == missing


def test_an_address_that_is_no_page_shows_the_vietnamese_404_without_a_query(
    db, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        _not_found(client.get("/reports/khanh-hoa/1800/"))


def test_an_address_without_its_slash_is_still_redirected(client, staff, hue_report):
    client.force_login(staff)
    response = client.get("/reports/thua-thien-hue/2022")
    assert response.status_code == 301
    assert response["Location"] == "/reports/thua-thien-hue/2022/"
