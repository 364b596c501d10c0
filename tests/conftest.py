"""Shared fixtures: offices → users with roles → reports, built with plain ORM calls."""

import json
import os
import re
import shutil
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from officereports.reports import catalog as catalog_module
from officereports.reports.interchange import import_reports
from officereports.reports.models import Membership, Office, Report, Role

SEED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "seed_reports.json"
PASSWORD = "password-for-tests"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed_data():
    """The seed document as a dict (a fresh copy per test)."""
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def seed_reports(db, seed_data):
    """Both seed reports in the database: (Khánh Hòa 2020, Thừa Thiên Huế 2022)."""
    khanh_hoa, hue = import_reports(seed_data)
    return khanh_hoa, hue


@pytest.fixture
def khanh_hoa_report(seed_reports):
    return seed_reports[0]


@pytest.fixture
def hue_report(seed_reports):
    return seed_reports[1]


@pytest.fixture
def catalog(db):
    return catalog_module.load()


@pytest.fixture
def hue(db):
    return Office.objects.select_related("unit").get(slug="thua-thien-hue")


@pytest.fixture
def khanh_hoa(db):
    return Office.objects.select_related("unit").get(slug="khanh-hoa")


def _user(username, role=None, office=None, **extra):
    user = User.objects.create_user(username, password=PASSWORD, first_name=username, **extra)
    if role:
        Membership.objects.create(user=user, office=office, role=role)
    return user


# Personas: staff and chief of Huế (office A), staff of Khánh Hòa (office B), a leader who
# reads every office, and an administrator.
@pytest.fixture
def staff(hue):
    return _user("staff", Role.STAFF, hue)


@pytest.fixture
def chief(hue):
    return _user("chief", Role.CHIEF, hue)


@pytest.fixture
def outsider(khanh_hoa):
    return _user("outsider", Role.STAFF, khanh_hoa)


@pytest.fixture
def leader(db):
    return _user("leader", Role.LEADER, None)


@pytest.fixture
def admin_user(db):
    return _user("admin", is_superuser=True, is_staff=True)


# ---------------------------------------------------------------------------
# Real browser (Playwright driving Debian's Chromium)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def require_libreoffice(*tools):
    """The paths of soffice and of `tools` (e.g. "pdftotext"); the test is skipped where they
    are missing, and fails there when CI asks for LibreOffice tests (LIBREOFFICE_TESTS)."""
    found = [shutil.which(name) for name in ("soffice", *tools)]
    if None in found:
        if os.environ.get("LIBREOFFICE_TESTS") == "required":
            pytest.fail(
                f"LIBREOFFICE_TESTS=required but one of soffice {' '.join(tools)} is missing"
            )
        pytest.skip(
            "LibreOffice (libreoffice-calc-nogui, libreoffice-writer-nogui) or poppler-utils is "
            "not installed here; .ci/run installs them"
        )
    return found


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("BROWSER_TESTS") == "required":
            pytest.fail("BROWSER_TESTS=required but /usr/bin/chromium is missing")
        pytest.skip(
            "Chromium is not installed here (apt-get install chromium); .ci/run installs it"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _migrated_data(request):
    """Tests with real transactions (the live server's, the parallel ones) end by emptying
    every table, also what the migrations loaded: units, offices and the catalogue. Put
    those back before such a test, so that several can run one after another.

    (Django's serialized rollback cannot do it here: Playwright's greenlet gives the test a
    new connection object, without the contents serialized at set-up.)"""
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or "transactional_db" in (
        request.fixturenames
    )
    if marker and marker.kwargs.get("transaction"):
        transactional = True
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from officereports.reports import units
    from officereports.reports.models import (
        AdministrativeUnit,
        FigureCheck,
        Indicator,
        RateDefinition,
        UnitName,
    )

    if not Office.objects.exists():
        units.sync(AdministrativeUnit, UnitName, Office)
        catalog_module.sync(Indicator, RateDefinition, FigureCheck)


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; `page.url_for(path)` gives the live server's address."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.url_for = lambda path: live_server.url + path
    yield page
    context.close()


@pytest.fixture
def browser_login(page):
    """Log `user` in through the real login form."""

    def login(user, password=PASSWORD):
        page.goto(page.url_for("/accounts/login/"))
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    return login


def screenshot(page, name):
    """Save a full-page screenshot under test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# ---------------------------------------------------------------------------
# The entry page as a browser would post it


class _FormReader(HTMLParser):
    """Collects the fields of one <form id=...> as a browser would submit them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None
        self._in_template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self._in_template += 1
        if self._in_template or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            elif kind not in ("submit", "button"):
                self.data[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
            self._first_option = True
        elif tag == "option" and self._select:
            if "selected" in a or self._first_option:
                self.data[self._select] = a.get("value", "")
            self._first_option = False
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "template" and self._in_template:
            self._in_template -= 1
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.inside:
            self.inside = False

    def handle_data(self, data):
        if self._textarea and self.inside:
            # Browsers drop the newline that follows <textarea>.
            text = self.data[self._textarea] + data
            self.data[self._textarea] = text[1:] if text.startswith("\n") else text


def form_data(html, form_id="entry-form"):
    """The fields of the form `form_id` in `html`, as the browser would post them."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data


def without_tokens(html):
    """The page without its CSRF tokens (masked anew for every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def entry_url(report, name="edit"):
    return reverse(f"reports:{name}", args=[report.office.slug, report.year])


@pytest.fixture
def draft_hue(hue_report):
    """The Huế 2022 seed report, back to draft so that staff may edit it."""
    hue_report.status = Report.Status.DRAFT
    hue_report.save()
    return hue_report


@pytest.fixture
def entry(client, staff, draft_hue):
    """Staff logged in; `entry()` reads the entry page's current form data."""
    client.force_login(staff)

    def read(report=draft_hue, c=client):
        response = c.get(entry_url(report))
        assert response.status_code == 200
        return form_data(response.text)

    return read


# The box "Tôi đã kiểm tra…" of the submit and approve forms, ticked.
CONFIRM = {"confirm": "1"}


def complete_required(report, reason="Không phát sinh trong kỳ báo cáo."):
    """Mark each required figure the report lacks "không phát sinh" with a reason, so that
    it may be submitted (the Huế 2022 seed has no documents figures)."""
    from officereports.reports.models import Figure

    missing = report.missing_required(catalog_module.load())
    for indicator in missing:
        Figure.objects.update_or_create(
            report=report,
            indicator=indicator,
            defaults={"value": None, "not_applicable": True, "explanation": reason},
        )
    return [indicator.code for indicator in missing]


# ---------------------------------------------------------------------------
# The Excel template round trip: download a report's template, change cells, upload it.

HUE_ARGS = ("thua-thien-hue", 2022)
TEMPLATE_SHEET = "Số liệu"


def template_workbook(client, user=None, slug="thua-thien-hue", year=2022):
    """The report's Excel template as a user downloads it (logged in as `user` if given)."""
    from openpyxl import load_workbook

    if user is not None:
        client.force_login(user)
    response = client.get(reverse("reports:template", args=[slug, year]))
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def template_rows(ws):
    """Indicator code (column B) -> row of the template sheet."""
    return {ws.cell(r, 2).value: r for r in range(8, ws.max_row + 1) if ws.cell(r, 2).value}


def set_template_cell(wb, code, column, value):
    """Type `value` into the indicator's cell of `column` (1-based); returns its row."""
    ws = wb[TEMPLATE_SHEET]
    row = template_rows(ws)[code]
    ws.cell(row, column).value = value
    return row


def workbook_file(wb, name="mau.xlsx"):
    """The workbook as the file a browser posts."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload_file(client, file, slug="thua-thien-hue", year=2022, **kwargs):
    """Post `file` to the report's upload page (the preview step)."""
    return client.post(reverse("reports:upload", args=[slug, year]), {"file": file}, **kwargs)


@pytest.fixture
def two_pages(client, staff, chief, draft_hue):
    """Staff (A) and the chief (B) have the same report open, read at the same version."""
    from django.test import Client

    other = Client()
    client.force_login(staff)
    other.force_login(chief)
    page_a = form_data(client.get(entry_url(draft_hue)).text)
    page_b = form_data(other.get(entry_url(draft_hue)).text)
    return (client, page_a), (other, page_b)
