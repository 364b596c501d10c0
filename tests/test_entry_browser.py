"""The main journey in a real browser: staff enter the Huế 2022 figures with one mistake,
read the message, fix it, mark the documents figures (not in the article) "không phát sinh",
explain a warning and submit after ticking the confirmation; the chief reads the warning with
its explanation beside the approve button, confirms and approves."""

from decimal import Decimal

import pytest

from officereports.reports import catalog as catalog_module
from officereports.reports import vietnamese
from officereports.reports.interchange import import_reports
from officereports.reports.models import Report
from tests.conftest import ARTIFACTS, screenshot

# The Huế 2022 figures as the article gives them (DOMAIN.md §8), typed as staff would.
HUE_2022 = {
    "advisory.council_submissions": "133",
    "advisory.program_planned": "206",
    "advisory.program_passed": "159",
    "advisory.legal_planned": "38",
    "advisory.legal_issued": "22",
    "reception.periodic_sessions": "26",
    "petitions.received": "754",
    "petitions.eligible": "7280",  # the mistake: one 0 too many
    "petitions.ineligible": "26",
    "dossiers.received": "83.408",
    "dossiers.resolved": "81.948",
}
STATED = {
    "advisory.program_passed": "77,18",
    "advisory.legal_issued": "57,89",
    "dossiers.resolved": "98,2",
    "advisory.key_tasks_monitored": "100",
}
ERROR = (
    "Đơn đủ điều kiện xử lý (7.280) không được lớn hơn Đơn thư tiếp nhận (754). "
    "Sửa lại một trong hai số."
)
EXPLANATION = "Từ năm 2022 Trung tâm tiếp nhận hồ sơ của các sở, ngành."
NOT_APPLICABLE = "Số liệu văn thư do bộ phận văn thư báo cáo riêng."
WARNING = (
    "Hồ sơ tiếp nhận (83.408) chênh lệch hơn 50% so với năm trước (41.000). "
    "Kiểm tra lại hoặc ghi giải trình."
)


@pytest.fixture
def hue_without_2022(seed_data, hue, catalog):
    """The seed data without Huế 2022 (staff enter it), and a Huế 2021 report whose
    dossier count makes 2022's a year-on-year warning."""
    seed_data["reports"] = [r for r in seed_data["reports"] if r["office"] == "khanh-hoa"]
    import_reports(seed_data)
    previous = Report.objects.create(office=hue, year=2021, status=Report.Status.APPROVED)
    previous.figures.create(indicator=catalog.indicators["dossiers.received"], value=41_000)


def field(page, code, part="value"):
    return page.locator(f'[name="{code}-{part}"]')


@pytest.mark.browser
def test_staff_enter_a_year_and_the_chief_approves_it(
    page, browser_login, staff, chief, hue_without_2022
):
    page.set_viewport_size({"width": 1366, "height": 768})
    browser_login(staff)

    # Start the 2022 report from the completeness page.
    page.goto(page.url_for("/completeness/?year=2022"))
    page.get_by_role("button", name="Tạo báo cáo năm 2022").click()
    page.wait_for_url("**/reports/thua-thien-hue/2022/edit/")
    screenshot(page, "entry-empty")
    page.screenshot(path=str(ARTIFACTS / "entry-first-screen.png"))  # 1366×768, no scrolling

    # Enter does not submit: it moves to the next field.
    field(page, "documents.incoming").click()
    page.keyboard.type("52.900")
    page.keyboard.press("Enter")
    assert page.url.endswith("/reports/thua-thien-hue/2022/edit/")
    assert page.evaluate("document.activeElement.name") == "documents.incoming-qualifier"
    field(page, "documents.incoming").fill("")

    for code, value in HUE_2022.items():
        field(page, code).fill(value)
    for code, value in STATED.items():
        field(page, code, "stated_percent").fill(value)
    # The documents figures are required: not in the article, they are marked so, with why.
    for code in ("documents.incoming", "documents.outgoing"):
        field(page, code, "not_applicable").check()
        page.locator(f'[id="row-{code}"] summary', has_text="Ghi chú").click()
        field(page, code, "explanation").fill(NOT_APPLICABLE)
    page.fill('[name="unit-dossiers"]', "Trung tâm Phục vụ hành chính công tỉnh")
    page.fill('[name="report-byline"]', "L.THỌ")

    # The rates follow the typing, before any save.
    program = page.locator('output[data-rate="rate.program_completion"]')
    assert program.inner_text() == "77,18%"
    assert page.locator('output[data-rate="rate.dossiers_resolved"]').inner_text() == "98,2%"
    assert page.locator('output[data-rate="rate.petitions_eligible"]').inner_text() == "965,52%"

    page.locator("#entry-form .toolbar button[type=submit]").click()
    page.wait_for_load_state()

    # The mistake: a message beside the field and in the summary; everything typed is kept.
    assert page.locator("#id_petitions\\.eligible-value_error").inner_text() == ERROR
    assert ERROR in page.locator("#problems").inner_text()
    assert field(page, "petitions.eligible").input_value() == "7280"
    assert field(page, "dossiers.resolved").input_value() == "81.948"
    assert not Report.objects.get(office__slug="thua-thien-hue", year=2022).figures.exists()
    page.locator("#problems").scroll_into_view_if_needed()
    screenshot(page, "entry-error")
    page.locator("#row-petitions\\.eligible").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "entry-error-field.png"))

    field(page, "petitions.eligible").fill("728")
    page.locator("#entry-form .toolbar button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã lưu" in page.locator(".messages").inner_text()
    assert page.locator('output[data-rate="rate.petitions_eligible"]').inner_text() == "96,55%"

    # The warning allows the draft, but submitting needs a written explanation.
    assert WARNING in page.locator("#problems").inner_text()
    # Without the confirmation ticked, the browser does not send the form (no script).
    page.get_by_role("button", name="Gửi duyệt").click()
    assert page.locator("#id_confirm_submit").evaluate("e => e.validity.valueMissing")
    assert "Đã lưu" in page.locator(".messages").inner_text()
    page.locator("#id_confirm_submit").check()
    page.get_by_role("button", name="Gửi duyệt").click()
    page.wait_for_load_state()
    assert "Chưa gửi được" in page.locator(".messages").inner_text()
    field(page, "dossiers.received", "explanation").fill(EXPLANATION)
    page.locator("#entry-form .toolbar button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("#id_confirm_submit").check()
    page.get_by_role("button", name="Gửi duyệt").click()
    page.wait_for_load_state()
    assert "Đã gửi báo cáo" in page.locator(".messages").inner_text()
    assert page.locator(".entry-head .status").inner_text() == "Chờ duyệt"

    # The chief reviews and approves.
    page.get_by_role("button", name="Đăng xuất").click()
    browser_login(chief)
    page.goto(page.url_for("/reports/thua-thien-hue/2022/edit/"))
    review = page.locator("#review").inner_text()
    assert WARNING in review and EXPLANATION in review and NOT_APPLICABLE in review
    screenshot(page, "entry-review")
    page.locator("#id_confirm_approve").check()
    page.get_by_role("button", name="Duyệt báo cáo").click()
    page.wait_for_load_state()
    assert page.locator(".entry-head .status").inner_text() == "Đã duyệt"
    assert program.inner_text() == "77,18%"
    assert field(page, "advisory.program_passed").is_disabled()
    screenshot(page, "entry-approved")

    report = Report.objects.get(office__slug="thua-thien-hue", year=2022)
    result = report.rate_results(catalog_module.load())["rate.program_completion"]
    assert (result.computed, vietnamese.percent(result.shown)) == (Decimal("77.18"), "77,18%")
    assert report.status == "approved"
    assert report.figures.get(indicator__code="petitions.eligible").value == 728
    outgoing = report.figures.get(indicator__code="documents.outgoing")
    assert (outgoing.value, outgoing.not_applicable) == (None, True)

    # The summary page, reached from the entry page, prints the approved figures.
    page.get_by_role("link", name="Xem bài tổng hợp").click()
    page.wait_for_load_state()
    article = page.locator("article").first.inner_text()
    assert "159/206" in article
    assert "77,18%" in article
    assert "98,2%" in article
    assert "Số liệu chưa được duyệt" not in page.content()
