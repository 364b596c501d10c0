"""Finding one's way, in a real browser at a desktop and a phone width: staff start next
year's report from the list, the chief approves from the summary page, the upload page leads
back to the report and is not offered on a locked one, dates are typed dd/mm/yyyy in an
English browser, and English pages write the catalogue and year-on-year phrases in English."""

from datetime import date

import pytest
from django.utils import timezone

from officereports.reports import totals
from officereports.reports.catalog import load
from officereports.reports.models import Conference, Figure, Report
from tests.conftest import ARTIFACTS, PASSWORD, complete_required, screenshot

pytestmark = pytest.mark.browser

WIDTHS = [1366, 390]
EXPLANATION = "Có 25 nội dung phát sinh ngoài chương trình, được UBND tỉnh bổ sung."


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def width(request, page):
    page.set_viewport_size({"width": request.param, "height": 844 if request.param < 800 else 768})
    return request.param


def _set(report, code, **fields):
    Figure.objects.update_or_create(
        report=report, indicator=load().indicators[code], defaults=fields
    )
    totals.refresh(report)


def _fits(page, selector):
    """Whether the element lies within the window's width (the page's own overflow, the
    header's, is another matter)."""
    element = page.locator(selector)
    box = element.bounding_box()
    inside = box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    return inside and element.evaluate("e => e.scrollWidth <= e.clientWidth")


def test_staff_create_next_years_report_from_the_list(
    page, browser_login, width, staff, hue_report
):
    browser_login(staff)
    this_year = timezone.localdate().year
    buttons = page.locator(".start-reports button")
    # Huế's latest report is 2022: 2023 is next, and this year has none yet.
    assert buttons.all_inner_texts() == ["Tạo báo cáo năm 2023", f"Tạo báo cáo năm {this_year}"]
    screenshot(page, f"wayfinding-index-{width}")
    page.get_by_role("button", name="Tạo báo cáo năm 2023").click()
    page.wait_for_url("**/reports/thua-thien-hue/2023/edit/")
    assert page.locator(".messages").inner_text() == "Đã tạo báo cáo năm 2023."
    assert page.locator(".entry-head h1 small").inner_text() == "Báo cáo công tác năm 2023"
    report = Report.objects.get(office__slug="thua-thien-hue", year=2023)
    assert (report.status, report.updated_by) == (Report.Status.DRAFT, staff)
    # Back on the list, 2023 is no longer offered; 2024 is the next one.
    page.goto(page.url_for("/"))
    assert buttons.all_inner_texts()[0] == "Tạo báo cáo năm 2024"


def test_the_chief_approves_from_the_summary_page(page, browser_login, width, chief, hue_report):
    complete_required(hue_report)
    _set(hue_report, "advisory.program_passed", value=231, explanation=EXPLANATION)
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.SUBMITTED)
    browser_login(chief)
    page.goto(page.url_for("/reports/thua-thien-hue/2022/"))
    review = page.locator("#review")
    assert review.locator("h2").inner_text() == "Trước khi duyệt"
    assert review.locator(".review-warnings li").inner_text() == (
        "Chương trình, đề án, báo cáo, VBQPPL đã thông qua: Chương trình, đề án, báo cáo, "
        "VBQPPL đã thông qua (231) lớn hơn Chương trình, đề án, báo cáo, VBQPPL trong "
        "chương trình công tác năm (206). Kiểm tra lại hoặc ghi giải trình.\n"
        f"Giải trình: {EXPLANATION}"
    )
    # The warning leads to its row on the entry page.
    link = review.locator(".review-warnings a")
    assert link.get_attribute("href") == (
        "/reports/thua-thien-hue/2022/edit/#row-advisory.program_passed"
    )
    assert _fits(page, "#workflow")
    screenshot(page, f"wayfinding-summary-review-{width}")
    page.locator("#id_confirm_approve").check()
    page.get_by_role("button", name="Duyệt báo cáo").click()
    page.wait_for_url("**/reports/thua-thien-hue/2022/")
    assert page.locator(".messages").inner_text() == "Đã duyệt báo cáo. Số liệu đã được khóa."
    hue_report.refresh_from_db()
    assert hue_report.status == Report.Status.APPROVED
    # Approved: no step left for the chief, no workflow box, no "not approved" note.
    assert page.locator("#workflow").count() == 0
    assert page.locator(".status-note").count() == 0
    screenshot(page, f"wayfinding-summary-approved-{width}")


def test_the_upload_page_leads_back_to_the_report(page, browser_login, width, staff, draft_hue):
    browser_login(staff)
    page.goto(page.url_for("/reports/thua-thien-hue/2022/edit/"))
    page.get_by_role("link", name="Nhập từ tệp Excel").click()
    page.wait_for_url("**/reports/thua-thien-hue/2022/upload/")
    assert page.locator("h1").inner_text() == "Tải lên mẫu Excel"
    screenshot(page, f"wayfinding-upload-{width}")
    page.locator(".back-links").get_by_role("link", name="Xem bài tổng hợp").click()
    page.wait_for_url("**/reports/thua-thien-hue/2022/")
    page.go_back()
    page.locator(".back-links").get_by_role("link", name="Nhập, sửa số liệu").click()
    page.wait_for_url("**/reports/thua-thien-hue/2022/edit/")


@pytest.mark.parametrize("status", [Report.Status.APPROVED, Report.Status.SUBMITTED])
def test_no_upload_link_on_a_locked_report(page, browser_login, width, staff, hue_report, status):
    Report.objects.filter(pk=hue_report.pk).update(status=status)
    browser_login(staff)
    page.goto(page.url_for("/reports/thua-thien-hue/2022/edit/"))
    head = page.locator(".entry-head")
    assert head.get_by_role("link", name="Tải bảng số liệu Excel").is_visible()
    assert head.get_by_role("link", name="Nhập từ tệp Excel").count() == 0
    # The address typed by hand still explains, with the way back.
    page.goto(page.url_for("/reports/thua-thien-hue/2022/upload/"))
    assert page.locator(".back-links a").all_inner_texts() == [
        "← Xem bài tổng hợp",
        "Nhập, sửa số liệu",
    ]
    screenshot(page, f"wayfinding-upload-locked-{status}-{width}")


@pytest.fixture
def english_browser(browser, live_server):
    """A tab of a browser set to American English: a type=date box would read mm/dd/yyyy."""
    contexts = []

    def open_tab(width):
        context = browser.new_context(locale="en-US", viewport={"width": width, "height": 800})
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        tab.url_for = lambda path: live_server.url + path
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def _login(tab, user):
    tab.goto(tab.url_for("/accounts/login/"))
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("main button[type=submit]")
    tab.wait_for_load_state()


@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
def test_an_english_browser_types_and_reads_dates_day_first(
    english_browser, width, staff, draft_hue
):
    Conference.objects.update_or_create(report=draft_hue, defaults={"date": date(2022, 12, 28)})
    tab = english_browser(width)
    _login(tab, staff)
    tab.goto(tab.url_for("/reports/thua-thien-hue/2022/edit/"))
    box = tab.locator("#id_conference-date")
    assert (box.get_attribute("type"), box.get_attribute("placeholder")) == ("text", "dd/mm/yyyy")
    assert box.input_value() == "28/12/2022"
    # The box's pattern (a hint to the browser; the form is sent unchecked, novalidate).
    mismatch = "e => e.validity.patternMismatch"
    box.fill("1 May 2023")
    assert box.evaluate(mismatch) is True
    for typed in ("5/1/2023", "05-01-2023", "05.01.2023", "05012023", "2023-01-05"):
        box.fill(typed)
        assert box.evaluate(mismatch) is False, typed
    box.fill("31/02/2023")  # no such day
    tab.locator("#entry-form .toolbar button[type=submit]").click()
    tab.wait_for_load_state()
    assert tab.locator("#id_conference-date_error").inner_text() == (
        "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 29/12/2020."
    )
    assert box.input_value() == "31/02/2023"  # kept as typed
    ARTIFACTS.mkdir(exist_ok=True)
    conference = tab.locator("#section-conference .grid")
    conference.screenshot(path=str(ARTIFACTS / f"wayfinding-date-error-{width}.png"))
    box.fill("05/01/2023")  # 5 January, not 1 May
    tab.locator("#entry-form .toolbar button[type=submit]").click()
    tab.wait_for_load_state()
    assert Conference.objects.get(report=draft_hue).date == date(2023, 1, 5)
    assert box.input_value() == "05/01/2023"
    assert tab.locator("#id_conference-date_error").count() == 0
    conference.screenshot(path=str(ARTIFACTS / f"wayfinding-date-saved-{width}.png"))


@pytest.fixture
def hue_2021(hue, hue_report):
    """Huế 2021, approved: 81.852 dossiers received (2022: 83.408, up 1.9%), 80.000
    resolved (2022: 81.948, up 2.4%)."""
    report = Report.objects.create(office=hue, year=2021, status=Report.Status.APPROVED)
    _set(report, "dossiers.received", value=81_852)
    _set(report, "dossiers.resolved", value=80_000)
    return report


def _switch_to_english(tab):
    tab.locator(".lang-switch").get_by_role("button", name="English").click()
    tab.wait_for_load_state()


def _text_outside_article(tab):
    """What the page says in its own words: everything but the Vietnamese article."""
    return tab.evaluate(
        """() => {
            const main = document.querySelector("main").cloneNode(true);
            main.querySelectorAll("article, #article-text").forEach(e => e.remove());
            return main.innerText;
        }"""
    )


@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
def test_english_pages_write_the_catalogue_and_changes_in_english(
    english_browser, width, leader, hue_2021
):
    tab = english_browser(width)
    _login(tab, leader)
    _switch_to_english(tab)
    tab.goto(tab.url_for("/reports/thua-thien-hue/2022/"))
    assert tab.locator(".article-language").inner_text() == (
        "The article is written in Vietnamese, as published."
    )
    # The article stays as published, in Vietnamese.
    assert "(tăng 1,9% so với năm 2021)" in tab.locator("article").inner_text()
    rows = tab.locator("table.figures tbody tr")
    received = rows.filter(has_text="Administrative dossiers received")
    assert received.locator("td").nth(5).inner_text() == "up 1.9% on 2021"
    resolved = rows.filter(has_text="Dossiers resolved")
    assert resolved.locator("td").nth(5).inner_text() == "up 2.4% on 2021"
    assert "= 81.948/83.408, out of dossiers received" in resolved.inner_text()
    programme = rows.filter(has_text="Work programme items passed or completed")
    assert "= 159/206, out of items in the year's work programme" in programme.inner_text()
    text = _text_outside_article(tab)
    for vietnamese in ("so với năm", "divided by số", "out of số", "tăng", "Hồ sơ đã giải quyết"):
        assert vietnamese not in text
    screenshot(tab, f"wayfinding-summary-english-{width}")

    tab.goto(tab.url_for("/dashboard/"))
    resolved = tab.locator('.kpi[data-code="dossiers.resolved"]')
    assert resolved.locator("h3").inner_text() == "Dossiers resolved"
    assert resolved.locator(".change").inner_text() == "▲ +1.948 (up 2.4% on 2021)"
    programme = tab.locator('.kpi[data-code="rate.program_completion"]')
    assert programme.locator("h3").inner_text() == "Work programme completion"
    assert programme.locator(".detail").inner_text() == (
        "159/206 items in the year's work programme · 1/63 offices reported figures"
    )
    on_time = tab.locator('.kpi[data-code="rate.dossiers_on_time"]')
    assert on_time.locator(".detail").inner_text() == "divided by dossiers resolved"
    text = _text_outside_article(tab)
    for vietnamese in ("so với năm", "divided by số", "chia cho", "tăng "):
        assert vietnamese not in text
    screenshot(tab, f"wayfinding-dashboard-english-{width}")
