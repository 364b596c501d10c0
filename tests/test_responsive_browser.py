"""Every main page on a phone (360 and 390 px wide) and on a laptop (1366 px): the page never
scrolls sideways (a wide table scrolls in its own box, its first column kept in view), and the
entry form's boxes are wide enough for 1.000.000.000. The dashboard prints on A4 landscape
with its offices table in full."""

import re

import pytest

from officereports.reports.models import Office, Report
from tests.conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

# Who sees which pages: the office's staff (the Huế 2022 report open as a draft), its chief,
# and a leader who reads every office.
STAFF_PAGES = {
    "index": "/",
    "summary": "/reports/thua-thien-hue/2022/",
    "entry": "/reports/thua-thien-hue/2022/edit/",
    "history": "/reports/thua-thien-hue/2022/history/",
    "upload": "/reports/thua-thien-hue/2022/upload/",
    "completeness": "/completeness/?year=2022",
}
LEADER_PAGES = {
    "dashboard": "/dashboard/",
    "rollup": "/reports/year/2022/",
    "summary-khanh-hoa": "/reports/khanh-hoa/2020/",
}
VALUE = '#entry-form input[name$="-value"]'


def _overflow(page):
    """(page width, window width): the page scrolls sideways when the first is larger."""
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _visit(page, pages, prefix):
    widths = {}
    for name, path in pages.items():
        page.goto(page.url_for(path))
        page.wait_for_load_state()
        widths[name] = _overflow(page)
        screenshot(page, f"{prefix}-{name}")
    return widths


@pytest.mark.parametrize(
    "size", [{"width": 360, "height": 780}, PHONE, LAPTOP], ids=["360", "390", "1366"]
)
def test_no_main_page_scrolls_sideways(
    page, browser_login, staff, leader, draft_hue, khanh_hoa_report, size
):
    width = size["width"]
    page.set_viewport_size(size)
    page.goto(page.url_for("/accounts/login/"))
    widths = {"login": _overflow(page)}
    screenshot(page, f"responsive-{width}-login")
    browser_login(staff)
    widths |= _visit(page, STAFF_PAGES, f"responsive-{width}")
    page.context.clear_cookies()
    browser_login(leader)
    widths |= _visit(page, LEADER_PAGES, f"responsive-{width}")
    assert widths == {name: [width, width] for name in widths}


@pytest.mark.parametrize("width", [360, 390])
def test_the_chief_reviews_a_submitted_report_on_a_phone(
    page, browser_login, chief, draft_hue, width
):
    draft_hue.status = Report.Status.SUBMITTED
    draft_hue.save()
    page.set_viewport_size({"width": width, "height": 800})
    browser_login(chief)
    page.goto(page.url_for("/reports/thua-thien-hue/2022/edit/"))
    # The approve and return forms, the return reason's box as wide as the column.
    assert page.get_by_role("button", name="Duyệt báo cáo").is_visible()
    reason = page.locator("#id_reason_return").bounding_box()
    assert reason["x"] >= 0 and reason["x"] + reason["width"] <= width
    assert reason["width"] >= width - 80
    assert _overflow(page) == [width, width]
    screenshot(page, f"responsive-{width}-entry-chief")


def test_the_header_wraps_on_a_phone_with_the_language_switch_in_view(
    page, browser_login, staff, hue_report
):
    page.set_viewport_size(PHONE)
    browser_login(staff)
    brand = page.locator(".site-header .brand").bounding_box()
    english = page.locator(".lang-switch button[lang=en]").bounding_box()
    # The brand is one line (not a word a line), the switch wholly inside the window.
    line = page.locator(".site-header .brand").evaluate(
        "e => parseFloat(getComputedStyle(e).lineHeight)"
    )
    assert brand["height"] < 1.5 * line
    assert 0 <= english["x"] and english["x"] + english["width"] <= PHONE["width"]
    # In English too.
    page.locator(".lang-switch button[lang=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert _overflow(page) == [PHONE["width"], PHONE["width"]]
    screenshot(page, "responsive-390-index-en")


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["390", "1366"])
def test_the_entry_form_shows_a_billion_in_full(page, browser_login, staff, draft_hue, size):
    page.set_viewport_size(size)
    browser_login(staff)
    page.goto(page.url_for("/reports/thua-thien-hue/2022/edit/"))
    widths = page.locator(VALUE).evaluate_all("boxes => boxes.map(b => b.offsetWidth)")
    assert len(widths) == 69  # one box per indicator of the catalogue
    assert min(widths) >= 80
    box = page.locator('[name="dossiers.received-value"]')
    box.fill("1.000.000.000")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    if size == PHONE:
        # Label, then the boxes of a row stacked two by two: this year's value and how it is
        # written side by side, the stated rate under them, none narrower than 80 px.
        row = page.locator('[id="row-dossiers.resolved"]')
        label = row.locator("th").bounding_box()
        value = row.locator('[name="dossiers.resolved-value"]').bounding_box()
        qualifier = row.locator('[name="dossiers.resolved-qualifier"]').bounding_box()
        stated = row.locator('[name="dossiers.resolved-stated_percent"]').bounding_box()
        assert label["y"] + label["height"] <= value["y"]
        assert value["y"] == pytest.approx(qualifier["y"], abs=25)
        assert value["x"] + value["width"] <= qualifier["x"]
        assert stated["y"] >= value["y"] + value["height"]
        assert min(value["width"], qualifier["width"], stated["width"]) >= 80
        page.locator('[id="row-dossiers.resolved"]').scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "responsive-390-entry-rows.png"))


def test_a_wide_table_scrolls_in_its_box_with_its_first_column_in_view(
    page, browser_login, leader, seed_reports
):
    page.set_viewport_size(PHONE)
    browser_login(leader)
    page.goto(page.url_for("/dashboard/?year=2022"))
    box = page.locator(".dashboard-table").locator("xpath=..")  # the box it scrolls in
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    first = page.locator(".dashboard-table tbody tr:first-child td:first-child")
    before = first.bounding_box()["x"]
    box.evaluate("b => { b.scrollLeft = 300; }")
    assert box.evaluate("b => b.scrollLeft") == 300
    assert first.bounding_box()["x"] == pytest.approx(before, abs=1)
    # The column after it has moved left under it.
    assert (
        page.locator(".dashboard-table tbody tr:first-child td:nth-child(3)").bounding_box()["x"]
        < first.bounding_box()["x"] + first.bounding_box()["width"]
    )
    # An office name wraps between words, not one word a line.
    lines = first.evaluate(
        """c => { const s = getComputedStyle(c);
            const text = c.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
            return Math.round(text / parseFloat(s.lineHeight)); }"""
    )
    assert lines <= 2
    screenshot(page, "responsive-390-dashboard-table-scrolled")


# A4 landscape less the dashboard's 12 mm margins, in CSS pixels (96 per inch).
A4_LANDSCAPE_WIDTH = round((297 - 24) / 25.4 * 96)


def test_the_dashboard_prints_its_table_in_full_on_a4_landscape(
    page, browser_login, leader, seed_reports
):
    expected = Office.objects.expected_in(2022).count()
    browser_login(leader)
    page.goto(page.url_for("/dashboard/?year=2022"))
    # On screen the table shows 20 offices a page; its link shows every one.
    assert page.locator(".dashboard-table tbody tr").count() == 20
    page.locator("#print-all").click()
    page.wait_for_load_state()
    page.set_viewport_size({"width": A4_LANDSCAPE_WIDTH, "height": 700})
    page.emulate_media(media="print")
    table = page.locator(".dashboard-table")
    assert table.locator("tbody tr").count() == expected
    assert not page.locator("header.site-header").is_visible()
    assert not page.locator(".pagination").is_visible()
    assert not page.locator("#print-all").is_visible()
    # Not cut at the right: the whole table is as wide as the paper, no wider.
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
    assert table.evaluate("t => t.getBoundingClientRect().width") >= 0.95 * A4_LANDSCAPE_WIDTH
    assert _overflow(page) == [A4_LANDSCAPE_WIDTH, A4_LANDSCAPE_WIDTH]
    pdf = page.pdf(prefer_css_page_size=True)
    (ARTIFACTS / "dashboard-print.pdf").write_bytes(pdf)
    # A4 landscape: 842 x 595 points (Chromium writes 841,92 x 594,96).
    assert re.search(rb"/MediaBox \[0 0 841\.9\d* 594\.9\d*\]", pdf)


def test_a_dashboard_printed_a_page_at_a_time_says_how_to_print_it_all(
    page, browser_login, leader, seed_reports
):
    expected = Office.objects.expected_in(2022).count()
    browser_login(leader)
    page.goto(page.url_for("/dashboard/?year=2022"))
    note = page.locator(".print-only")
    assert not note.is_visible()
    page.emulate_media(media="print")
    assert note.inner_text() == (
        f"Bản in chỉ gồm văn phòng 1–20 trong {expected}; để in cả bảng, "
        "mở “Xem cả bảng để in” trên trang tổng quan."
    )
