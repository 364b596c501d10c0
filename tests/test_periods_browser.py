"""The quarter journey in a real browser: staff start Huế's quarter I report of 2024 from the
completeness page, enter its figures and submit it; the chief approves; the dashboard for
"Quý I" shows the quarter's figure and the yearly dashboard does not."""

import pytest

from officereports.reports import totals
from officereports.reports.models import Report
from tests.conftest import screenshot

pytestmark = pytest.mark.browser

# Huế's quarter I of 2024, as staff type it: every required figure.
QUARTER = {
    "documents.incoming": "4.321",
    "documents.outgoing": "1.200",
    "advisory.program_planned": "50",
    "advisory.program_passed": "40",
    "reception.periodic_sessions": "6",
    "petitions.received": "180",
    "dossiers.received": "20.000",
    "dossiers.resolved": "19.500",
}


@pytest.fixture
def hue_year_2024(hue, catalog):
    """Huế's approved yearly report of 2024, with other figures than the quarter's."""
    report = Report.objects.create(office=hue, year=2024, status=Report.Status.APPROVED)
    report.figures.create(indicator=catalog.indicators["documents.incoming"], value=5_678)
    totals.refresh(report)
    return report


def field(page, code, part="value"):
    return page.locator(f'[name="{code}-{part}"]')


def test_staff_enter_a_quarter_the_chief_approves_and_the_quarter_dashboard_shows_it(
    page, browser_login, staff, chief, leader, hue_year_2024
):
    page.set_viewport_size({"width": 1366, "height": 768})
    browser_login(staff)

    # Start the quarter from the completeness page, its period chosen.
    page.goto(page.url_for("/completeness/?year=2024"))
    page.select_option("#id_period", "quarter-1")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tình hình nộp báo cáo quý I năm 2024"
    page.get_by_role("button", name="Tạo báo cáo quý I năm 2024").click()
    page.wait_for_url("**/reports/thua-thien-hue/2024/quarter-1/edit/")

    for code, value in QUARTER.items():
        field(page, code).fill(value)
    page.locator("#entry-form .toolbar button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã lưu" in page.locator(".messages").inner_text()
    page.locator("#id_confirm_submit").check()
    page.get_by_role("button", name="Gửi duyệt").click()
    page.wait_for_load_state()
    assert "Đã gửi báo cáo" in page.locator(".messages").inner_text()
    assert page.locator(".entry-head .status").inner_text() == "Chờ duyệt"

    # The chief approves.
    page.get_by_role("button", name="Đăng xuất").click()
    browser_login(chief)
    page.goto(page.url_for("/reports/thua-thien-hue/2024/quarter-1/edit/"))
    page.locator("#id_confirm_approve").check()
    page.get_by_role("button", name="Duyệt báo cáo").click()
    page.wait_for_load_state()
    assert page.locator(".entry-head .status").inner_text() == "Đã duyệt"
    quarter = Report.objects.get(office__slug="thua-thien-hue", year=2024, period="quarter-1")
    assert quarter.status == Report.Status.APPROVED
    assert quarter.figures.get(indicator__code="documents.incoming").value == 4_321

    # A leader reads the dashboard of Huế: the year first, then quarter I.
    page.get_by_role("button", name="Đăng xuất").click()
    browser_login(leader)
    page.goto(page.url_for("/dashboard/?scope=office:thua-thien-hue"))
    incoming = page.locator('.kpi[data-code="documents.incoming"] .value')
    assert page.locator("h1").inner_text() == "Tổng quan công tác năm 2024"
    assert incoming.inner_text() == "5.678"
    assert "4.321" not in page.locator("main").inner_text()

    page.select_option("#id_period", "quarter-1")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_load_state()
    assert "period=quarter-1" in page.url
    assert page.locator("h1").inner_text() == "Tổng quan công tác quý I năm 2024"
    assert page.title() == "Tổng quan số liệu – quý I năm 2024"
    assert incoming.inner_text() == "4.321"
    assert page.locator('.kpi[data-code="dossiers.resolved"] .value').inner_text() == "19.500"
    main = page.locator("main").inner_text()
    assert "5.678" not in main
    assert "Tình hình báo cáo quý I năm 2024" in main
    assert "Diễn biến qua các năm (Quý I)" in main
    # The charts drew (each an SVG of the quarter).
    charts = page.locator("figure.chart img")
    assert charts.count() == 4
    for i in range(charts.count()):
        assert charts.nth(i).evaluate("e => e.complete && e.naturalWidth > 0")
    screenshot(page, "dashboard-quarter-1")
