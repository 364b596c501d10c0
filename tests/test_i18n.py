"""English is available for the whole interface: the header's switcher posts to Django's
`set_language`, and every msgid of the pages has an English translation in the .po file."""

import ast
import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation.template import templatize
from openpyxl import load_workbook

from officereports.reports.models import AuditEntry, Report
from tests.conftest import entry_url, screenshot

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "officereports" / "locale" / "en" / "LC_MESSAGES" / "django.po"
TEMPLATES = ROOT / "templates"
# The templates of the index, entry, dashboard and login pages (with what they include).
PAGE_TEMPLATES = [
    "base.html",
    "registration/login.html",
    "reports/index.html",
    "reports/_entry.html",
    "reports/_summary.html",
    "reports/_rows.html",
    "reports/_conflict.html",
    "reports/dashboard.html",
    "reports/dashboard_body.html",
]
VIETNAMESE_LETTERS = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)


def parse_po(path=PO_FILE):
    """The entries of a .po file: dicts with msgctxt, msgid, msgid_plural, msgstr (a list:
    one string, or one per plural form) and flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": [], "flags": ""}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line[2:]
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                if key == "msgstr":
                    entry["msgstr"][-1] += json.loads(line)
                else:
                    entry[key] += json.loads(line)
            else:
                keyword, _space, text = line.partition(" ")
                key = "msgstr" if keyword.startswith("msgstr") else keyword
                if key == "msgstr":
                    entry["msgstr"].append(json.loads(text))
                else:
                    entry[key] = json.loads(text)
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def template_msgids(name):
    """(msgctxt, msgid) of every translatable string of a template, as makemessages sees it."""
    source = templatize((TEMPLATES / name).read_text(encoding="utf-8"))
    found = []
    call = re.compile(r"\b(n?p?gettext)\(((?:u'(?:[^'\\]|\\.)*'(?:, )?)+)")
    for function, args in call.findall(source):
        strings = [ast.literal_eval(s) for s in re.findall(r"u'(?:[^'\\]|\\.)*'", args)]
        context = strings.pop(0) if "p" in function.removesuffix("gettext") else None
        found.append((context, strings[0]))
    return found


def placeholders(text):
    return sorted(re.findall(r"%\([a-z_]+\)s|%%", text))


def visible_text(html):
    """The page's text as read, without tags, scripts, or attribute values."""
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def switch_language(client, language, page="/"):
    """Click the header's switcher on `page`, with the CSRF token that page gave."""
    html = client.get(page).text
    form = re.search(r'<form[^>]*class="lang-switch".*?</form>', html, re.S).group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    action = re.search(r'action="([^"]+)"', form).group(1)
    next_url = re.search(r'name="next" value="([^"]*)"', form).group(1)
    return client.post(
        action, {"csrfmiddlewaretoken": token, "language": language, "next": next_url}
    )


@pytest.fixture
def english(staff, seed_reports):
    """A browser-like client (CSRF enforced) of Huế staff who switched to English."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = switch_language(client, "en")
    assert (response.status_code, response["Location"]) == (302, "/")
    return client


# ---------------------------------------------------------------------------
# The .po file


def test_every_message_has_an_english_translation_and_none_is_fuzzy():
    entries = parse_po()
    messages = [e for e in entries if e["msgid"]]
    assert len(messages) > 400
    assert [e["msgid"] for e in messages if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in messages if not all(e["msgstr"])] == []
    # Translated, not copied: the English differs from the Vietnamese source.
    assert [e["msgid"] for e in messages if e["msgstr"][0] == e["msgid"]] == []
    assert [e["msgid"] for e in messages if e["msgid_plural"] and len(e["msgstr"]) != 2] == []


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    wrong = [
        (e["msgid"], text)
        for e in parse_po()
        if e["msgid"]
        for text in e["msgstr"]
        if placeholders(text) != placeholders(e["msgid"])
    ]
    assert wrong == []


def test_the_po_header_declares_english_with_two_plural_forms():
    header = parse_po()[0]["msgstr"][0]
    assert "Language: en\n" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header
    assert "fuzzy" not in parse_po()[0]["flags"]


@pytest.mark.parametrize("template", PAGE_TEMPLATES)
def test_every_string_of_the_pages_is_translated(template):
    translated = {(e["msgctxt"], e["msgid"]) for e in parse_po() if e["msgid"] and all(e["msgstr"])}
    found = template_msgids(template)
    assert found, template
    assert [m for m in found if m not in translated] == []


# ---------------------------------------------------------------------------
# Vietnamese by default


def test_a_new_visitor_gets_vietnamese_even_with_an_english_browser(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.text
    assert "<h1>Đăng nhập</h1>" in response.text
    assert "Log in" not in response.text


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(client, db):
    html = client.get(reverse("login")).text
    form = re.search(r'<form[^>]*class="lang-switch".*?</form>', html, re.S).group(0)
    assert 'method="post" action="/i18n/setlang/"' in form
    assert 'aria-label="Ngôn ngữ"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="next" value="/accounts/login/"' in form
    buttons = re.findall(r"<button[^>]*>[^<]*</button>", form)
    assert buttons == [
        '<button type="submit" name="language" value="vi" lang="vi" class="link"'
        ' aria-current="true">Tiếng Việt</button>',
        '<button type="submit" name="language" value="en" lang="en" class="link">English</button>',
    ]


def test_the_switcher_has_no_inline_script_or_style(client, db):
    html = client.get(reverse("login")).text
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    assert " style=" not in header
    assert "<script" not in header
    assert not re.search(r" on[a-z]+=", header)


def test_switching_language_needs_the_csrf_token(staff, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert '<html lang="vi">' in client.get(reverse("reports:index")).text


# ---------------------------------------------------------------------------
# The pages in English


def test_the_index_page_is_in_english(english):
    response = english.get(reverse("reports:index"))
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.text
    assert "<h1>Annual work reports</h1>" in response.text
    assert (
        '<th class="year">Year</th><th>Reporting period</th><th>Office</th><th>Status</th>'
        in response.text
    )
    assert ">Reports</a>" in response.text
    assert ">Log out</button>" in response.text
    assert "<td>Approved</td>" in response.text
    # Office names are proper names: Vietnamese in every language.
    assert "Văn phòng UBND tỉnh Thừa Thiên Huế" in response.text
    text = visible_text(response.text)
    text = text.replace("Văn phòng UBND tỉnh Thừa Thiên Huế", "").replace("Tiếng Việt", "")
    assert VIETNAMESE_LETTERS.findall(text) == []


def test_the_login_page_is_in_english_for_a_visitor_who_switched(db):
    client = Client(enforce_csrf_checks=True)
    response = switch_language(client, "en", page=reverse("login"))
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    response = client.get(reverse("login"))
    assert '<html lang="en">' in response.text
    assert "<h1>Log in</h1>" in response.text
    assert '<label for="id_username">Username</label>' in response.text
    assert '<label for="id_password">Password</label>' in response.text
    assert '<button type="submit">Log in</button>' in response.text
    assert VIETNAMESE_LETTERS.findall(visible_text(response.text).replace("Tiếng Việt", "")) == []


def test_the_entry_page_is_in_english(english, hue_report):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.DRAFT)
    response = english.get(entry_url(hue_report))
    assert response.status_code == 200
    html = response.text
    assert "<small>Work report for 2022</small>" in html
    assert '<button type="submit" class="primary">Submit for approval</button>' in html
    assert '<button type="submit" class="primary">Save draft</button>' in html
    assert '<th scope="col">Indicator</th>' in html
    assert '<th scope="col">Stated rate (%)</th>' in html
    assert '<a href="#section-conference">Conference</a>' in html
    assert "<h2>Conference of officials, civil servants and public employees</h2>" in html
    assert '<option value="hon">more than</option>' in html
    assert "<h3>Attendees</h3>" in html
    assert '<span class="status status-draft">Draft</span>' in html
    for vietnamese in ("Lưu nháp", "Gửi duyệt", "Chỉ tiêu", "Cách ghi", "Ghi chú", "Đang soạn"):
        assert vietnamese not in html


def test_the_dashboard_is_in_english(english):
    response = english.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    html = response.text
    assert "<h1>Overview of work in 2022</h1>" in html
    assert '<h2 id="trends-title">Trends over the years</h2>' in html
    assert '<h2 id="comparison-title">Comparison between offices</h2>' in html
    assert '<h2 id="attention-title">Needs attention</h2>' in html
    assert "<dt>Expected to report</dt>" in html
    assert '<label for="id_scope">Scope</label>' in html
    for vietnamese in ("Tổng quan công tác", "Diễn biến qua các năm", "Cần chú ý", "Phạm vi"):
        assert vietnamese not in html


def test_messages_and_errors_follow_the_chosen_language(english, hue_report):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.DRAFT)
    html = english.get(reverse("reports:upload", args=["thua-thien-hue", 2022])).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = english.post(
        reverse("reports:upload", args=["thua-thien-hue", 2022]),
        {"csrfmiddlewaretoken": token, "file": BytesIO(b"not a workbook")},
    )
    assert response.context["problems"] == [
        "The file is not an Excel .xlsx file. Download the template, fill it in and save it"
        " as .xlsx."
    ]


def test_switching_back_restores_vietnamese(english):
    response = switch_language(english, "vi", page=reverse("reports:dashboard"))
    assert (response.status_code, response["Location"]) == (302, "/dashboard/")
    html = english.get(reverse("reports:dashboard")).text
    assert '<html lang="vi">' in html
    assert "<h1>Tổng quan công tác năm 2022</h1>" in html


# ---------------------------------------------------------------------------
# What stays Vietnamese: documents and stored data


def test_the_workbook_stays_vietnamese_for_an_english_reader(english, hue_report):
    response = english.get(reverse("reports:workbook", args=["thua-thien-hue", 2022]))
    workbook = load_workbook(BytesIO(response.content))
    cells = {c for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c}
    assert "CÔNG TÁC THAM MƯU, TỔNG HỢP" in cells
    assert "ADVISORY AND COORDINATION WORK" not in cells


def test_the_template_offers_the_vietnamese_qualifiers_to_an_english_reader(english, hue_report):
    response = english.get(reverse("reports:template", args=["thua-thien-hue", 2022]))
    workbook = load_workbook(BytesIO(response.content))
    lists = [v.formula1 for ws in workbook for v in ws.data_validations.dataValidation]
    assert '"hơn,trên,gần,khoảng"' in lists


def test_a_report_created_in_english_is_audited_in_vietnamese(english, hue_report):
    html = english.get(reverse("reports:completeness") + "?year=2023").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    url = reverse("reports:create", args=["thua-thien-hue", 2023])
    response = english.post(url, {"csrfmiddlewaretoken": token}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The report for 2023 has been created."
    ]
    entry = AuditEntry.objects.get(report__year=2023, field="status")
    assert entry.reason == "Tạo báo cáo mới, theo báo cáo năm 2022"


def test_the_languages_offered_are_vietnamese_then_english():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


@pytest.mark.browser
def test_the_switcher_works_from_the_keyboard(page, browser_login, staff, seed_reports):
    browser_login(staff)
    assert page.locator("h1").inner_text() == "Báo cáo công tác năm"
    # Tab through the header until the English button has the focus, then press Enter.
    for _press in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "en":
            break
    assert page.evaluate("document.activeElement.textContent") == "English"
    # The POST redirects back to this page: wait for that second load, not the current one.
    with page.expect_navigation(url=page.url_for("/")):
        page.keyboard.press("Enter")
    assert page.url == page.url_for("/")
    assert page.locator("h1").inner_text() == "Annual work reports"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".lang-switch [aria-current=true]").inner_text() == "English"
    screenshot(page, "i18n-index-english")
    page.goto(page.url_for(reverse("reports:dashboard")))
    screenshot(page, "i18n-dashboard-english")
