"""The summary pages in a real browser: how they look on screen and on A4, and "copy text"."""

import re

import pytest

from tests.conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser


def test_the_khanh_hoa_page_reads_like_an_article(page, browser_login, outsider, khanh_hoa_report):
    browser_login(outsider)
    page.goto(page.url_for("/reports/khanh-hoa/2020/"))
    article = page.locator("article.article")
    assert article.locator("h1").inner_text() == (
        "Văn phòng UBND tỉnh Khánh Hòa tổng kết công tác năm 2020: 100% hồ sơ thủ tục hành "
        "chính được trả đúng hạn"
    )
    assert (
        article.locator("p.lead")
        .inner_text()
        .startswith("Chiều 29-12, Văn phòng UBND tỉnh Khánh Hòa tổ chức hội nghị cán bộ, công chức")
    )
    for figure in ("hơn 52.900", "hơn 20.300", "hơn 600", "100%", "MẠNH HÙNG"):
        assert figure in article.inner_text()
    screenshot(page, "summary-khanh-hoa")


def test_the_hue_page_reads_like_an_article(page, browser_login, staff, hue_report):
    browser_login(staff)
    page.goto(page.url_for("/reports/thua-thien-hue/2022/"))
    text = page.locator("article.article").inner_text()
    for figure in ("77,18%", "57,89%", "98,2%", "159/206", "22/38", "83.408", "81.948"):
        assert figure in text
    assert "Thừa Thiên Huế" in text
    assert page.locator("table.figures tbody tr").count() == 12
    screenshot(page, "summary-hue")


def test_the_print_layout_is_a_clean_a4_document(page, browser_login, staff, hue_report):
    browser_login(staff)
    page.goto(page.url_for("/reports/thua-thien-hue/2022/"))
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert not page.locator(".toolbar").is_visible()
    assert page.locator("article.article").is_visible()
    assert page.locator(".figures-section").evaluate("e => getComputedStyle(e).breakBefore") == (
        "page"
    )
    screenshot(page, "summary-hue-print")
    pdf = page.pdf(prefer_css_page_size=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "summary-hue.pdf").write_bytes(pdf)
    # A4 is 595 x 842 points (Chromium writes 594,96 x 841,92); the table starts a new page.
    assert re.search(rb"/MediaBox \[0 0 594\.9\d* 841\.9\d*\]", pdf)
    pages = int(re.search(rb"/Count (\d+)", pdf).group(1))
    assert pages >= 2


def test_copy_text_puts_the_article_on_the_clipboard(page, browser_login, staff, hue_report):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    browser_login(staff)
    page.goto(page.url_for("/reports/thua-thien-hue/2022/"))
    page.get_by_role("button", name="Sao chép văn bản").click()
    page.locator(".copy-status", has_text="Đã sao chép").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(
        "Văn phòng UBND tỉnh Thừa Thiên Huế tổng kết công tác năm 2022: 77,18% chương trình "
        "công tác được thông qua\n\n"
        "Văn phòng UBND tỉnh Thừa Thiên Huế tổ chức hội nghị tổng kết công tác năm 2022, triển "
        "khai nhiệm vụ năm 2023."
    )
    assert copied.endswith("\n\nL.THỌ\n\nNguồn: Báo Thừa Thiên Huế online")
    assert "<" not in copied


def test_the_rollup_page(page, browser_login, leader, seed_reports):
    browser_login(leader)
    page.goto(page.url_for("/reports/year/2022/"))
    assert page.locator("h1").inner_text() == "Tổng hợp số liệu năm 2022"
    screenshot(page, "rollup-2022")
