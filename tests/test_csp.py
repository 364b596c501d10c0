"""The Content-Security-Policy: sent with every response, and satisfied by every page in a real
browser (no violation reported), whose scripts still work under it."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from officereports.reports.models import Report
from tests.conftest import screenshot, set_template_cell, template_workbook

HUE = ("thua-thien-hue", 2022)
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def test_every_page_carries_the_policy(client, staff, hue_report):
    client.force_login(staff)
    for url in ("/", "/accounts/login/", reverse("reports:summary", args=HUE), "/admin/login/"):
        assert client.get(url)["Content-Security-Policy"] == POLICY


def test_a_chart_opened_on_its_own_may_use_its_inline_styles_and_nothing_else(
    client, staff, hue_report
):
    client.force_login(staff)
    response = client.get(reverse("reports:dashboard_chart", args=["documents"]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
    )


def test_an_error_page_carries_the_policy_in_production(client, outsider, hue_report):
    client.force_login(outsider)
    response = client.get(reverse("reports:summary", args=HUE))
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == POLICY


def test_the_debug_error_pages_keep_their_inline_styles(client, outsider, hue_report, settings):
    settings.DEBUG = True
    client.force_login(outsider)
    response = client.get(reverse("reports:summary", args=HUE))
    assert response.status_code == 404
    assert "Content-Security-Policy" not in response


INLINE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle\s*=|\son[a-z]+\s*=", re.I)


def test_no_template_holds_inline_script_handler_or_style():
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{line_no}: {match.group(0)}"
        for path in sorted((settings.BASE_DIR / "templates").rglob("*.html"))
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in INLINE.finditer(line)
    ]
    assert offenders == []


def test_the_template_check_finds_inline_code():
    found = [
        m.group(0)
        for m in INLINE.finditer(
            '<script>x</script><script src="a.js"></script><p style="x" onclick="y">'
        )
    ]
    assert found == ["<script>", " style=", " onclick="]


# ---------------------------------------------------------------------------
# In a real browser

# Collects what the browser itself reports: console errors and securitypolicyviolation events.
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") +
                              " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation (as an event and in the console) and every
    uncaught script error recorded. (A missing favicon is a console error too: not ours.)"""
    page.console_errors = []
    page.on(
        "console",
        lambda m: (
            page.console_errors.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.add_init_script(WATCH)

    def violations():
        return page.evaluate("window.__cspViolations"), page.console_errors

    page.violations = violations
    return page


def _visit(page, path):
    response = page.goto(page.url_for(path))
    page.wait_for_load_state("networkidle")
    assert response.status == 200, path
    assert response.headers["content-security-policy"] == POLICY
    assert page.violations() == ([], []), path


@pytest.fixture
def draft(hue_report):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.DRAFT)
    return hue_report


@pytest.mark.browser
def test_the_watcher_sees_a_violation(watched):
    """The control: an inline style and an inline script are refused and reported."""
    page = watched
    _visit(page, "/accounts/login/")
    page.evaluate(
        """document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
        const s = document.createElement("script");
        s.textContent = "window.ran = true";
        document.body.appendChild(s);"""
    )
    page.wait_for_function("window.__cspViolations.length === 2")
    events, console = page.violations()
    assert [e.split()[0] for e in events] == ["style-src-attr", "script-src-elem"]
    assert len(console) == 2
    assert page.evaluate("window.ran") is None


@pytest.mark.browser
def test_the_main_pages_raise_no_violation(
    watched, browser_login, client, staff, draft, khanh_hoa_report, tmp_path
):
    page = watched
    _visit(page, "/accounts/login/")
    browser_login(staff)
    for path in (
        "/",
        reverse("reports:summary", args=HUE),
        reverse("reports:rollup", args=[2022]),
        reverse("reports:history", args=HUE),
        reverse("reports:completeness") + "?year=2022",
        reverse("reports:dashboard") + "?include=all",
        reverse("reports:dashboard") + "?year=2022&scope=office:thua-thien-hue&include=all",
        reverse("reports:upload", args=HUE),
        reverse("password_change"),
    ):
        _visit(page, path)
    # The charts are images on the dashboard: each one loaded (the draft counted).
    page.goto(page.url_for(reverse("reports:dashboard") + "?include=all"))
    page.wait_for_load_state("networkidle")
    images = page.locator("img")
    assert images.count() >= 4
    for i in range(images.count()):
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")

    # The upload preview.
    wb = template_workbook(client, staff)
    set_template_cell(wb, "dossiers.resolved", 5, 82000)
    path = tmp_path / "mau.xlsx"
    wb.save(path)
    _visit(page, reverse("reports:upload", args=HUE))
    page.set_input_files("input[type=file]", str(path))
    page.click("text=Tải lên và xem trước")
    page.wait_for_load_state("networkidle")
    assert page.locator(".upload-preview tbody tr").count() == 1
    assert page.violations() == ([], [])
    screenshot(page, "csp-upload-preview")


@pytest.mark.browser
def test_the_entry_page_scripts_work_under_the_policy(watched, browser_login, staff, draft):
    page = watched
    browser_login(staff)
    _visit(page, reverse("reports:edit", args=HUE))
    # The rate follows the typing (static/js/entry.js).
    page.fill('[name="advisory.program_passed-value"]', "103")
    assert page.locator('output[data-rate="rate.program_completion"]').inner_text() == "50%"
    # A new attendee row comes from the <template> (no inline handler).
    attendees = page.locator("#rows-attendee tbody tr.row-form")
    before = attendees.count()
    page.locator("#rows-attendee [data-add-row]").click()
    assert attendees.count() == before + 1
    assert page.violations() == ([], [])
    screenshot(page, "csp-entry")


@pytest.mark.browser
def test_the_summary_page_copies_its_text_under_the_policy(
    watched, browser_login, staff, hue_report
):
    page = watched
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    browser_login(staff)
    _visit(page, reverse("reports:summary", args=HUE))
    page.get_by_role("button", name="Sao chép văn bản").click()
    page.locator(".copy-status", has_text="Đã sao chép").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Văn phòng UBND tỉnh Thừa Thiên Huế tổng kết công tác năm 2022")
    assert page.violations() == ([], [])


@pytest.mark.browser
def test_the_admin_raises_no_violation(watched, admin_user, draft_hue):
    hue_report = draft_hue  # approved reports are read-only in the admin: no rows to add
    page = watched
    _visit(page, "/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password-for-tests")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")
    for path in (
        "/admin/",
        "/admin/reports/report/",
        f"/admin/reports/report/{hue_report.pk}/change/",
        "/admin/reports/indicator/",
        "/admin/reports/indicator/add/",
        "/admin/auth/user/add/",
    ):
        _visit(page, path)
    # The inlines' "add another" is the admin's own script.
    page.goto(page.url_for(f"/admin/reports/report/{hue_report.pk}/change/"))
    rows = page.locator("#attendees-group tbody tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#attendees-group .add-row a").click()
    assert rows.count() == before + 1
    assert page.violations() == ([], [])
    screenshot(page, "csp-admin-report")
