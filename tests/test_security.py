"""Security: text people type is shown as text everywhere, other offices stay invisible.

Stored XSS: every free-text field of a report (typed on the entry page, as staff would),
the reasons of a return and a reopening, and an indicator's and a rate's name (edited in the
admin) hold a payload that is at once a spreadsheet formula and two kinds of HTML injection.
Every page, table, chart and workbook that shows the field must show it as text.

Leaks: staff of Khánh Hòa see nothing of Huế (slug, name, row ids) in lists, exports,
charts or error pages; an error page does not even tell whether Huế's report exists.
"""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from officereports.reports import upload
from officereports.reports.models import (
    Attendee,
    Award,
    Conference,
    Directive,
    Figure,
    Indicator,
    RateDefinition,
    Report,
    SectionUnit,
)
from tests.conftest import (
    complete_required,
    entry_url,
    form_data,
    set_template_cell,
    template_workbook,
    upload_file,
    workbook_file,
)

HUE = ("thua-thien-hue", 2022)


def payload(tag):
    """A formula, a script element and an attribute break-out with an event handler; the tag
    at the end says which field it was typed in."""
    return '=HYPERLINK("http://x")<script>alert(1)</script>"><img src=x onerror=alert(1)>#' + tag


# Entry-page field → the tag its payload carries.
ENTRY_FIELDS = {
    "report-headline": "headline",
    "report-byline": "byline",
    "report-source": "source",
    "unit-dossiers": "unit",
    "conference-title": "conf_title",
    "conference-place": "conf_place",
    "attendees-0-name": "attendee",
    "attendees-0-title": "attendee_title",
    "directives-0-speaker": "speaker",
    "directives-0-speaker_title": "speaker_title",
    "directives-0-content": "directive",
    "awards-0-title": "award",
    "awards-0-issuer": "issuer",
    "awards-0-recipients": "recipient",
    "dossiers.resolved-comment": "comment",
    "dossiers.resolved-explanation": "explanation",
}
REASONS = ("return_reason", "reopen_reason")
ADMIN_NAMES = ("indicator", "rate")  # Indicator dossiers.received, rate.dossiers_resolved
ALL_TAGS = {*ENTRY_FIELDS.values(), *REASONS, *ADMIN_NAMES}


def _post(client, user, name, **data):
    client.force_login(user)
    response = client.post(reverse(f"reports:{name}", args=HUE), data)
    assert response.status_code == 302
    return response


def _admin_rename(client, admin_user, model, obj, tag):
    client.force_login(admin_user)
    url = reverse(f"admin:reports_{model}_change", args=[obj.pk])
    data = form_data(client.get(url).text, form_id=f"{model}_form")
    data["name"] = payload(tag)
    assert client.post(url, data).status_code == 302


@pytest.fixture
def stored(staff, chief, admin_user, draft_hue):
    """Huế 2022 with a payload in every free-text field, through the real forms (in a
    client of its own, whose messages the tests do not see)."""
    client = Client()
    client.force_login(staff)
    data = form_data(client.get(entry_url(draft_hue)).text)
    for name, tag in ENTRY_FIELDS.items():
        data[name] = payload(tag)
    # One award with names (not "many"), so that its recipients are listed.
    data.pop("awards-0-is_many")
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 302, response.context["entry"].problems()
    _admin_rename(
        client,
        admin_user,
        "indicator",
        Indicator.objects.get(code="dossiers.received"),
        "indicator",
    )
    _admin_rename(
        client,
        admin_user,
        "ratedefinition",
        RateDefinition.objects.get(code="rate.dossiers_resolved"),
        "rate",
    )
    complete_required(draft_hue)
    _post(client, staff, "submit", confirm="1")
    _post(client, chief, "return", reason=payload("return_reason"))
    _post(client, staff, "submit", confirm="1")
    _post(client, chief, "approve", confirm="1")
    _post(client, admin_user, "reopen", reason=payload("reopen_reason"))
    return draft_hue


def test_every_payload_is_stored_exactly_as_typed(stored):
    report = Report.objects.get(pk=stored.pk)
    figure = Figure.objects.get(report=report, indicator__code="dossiers.resolved")
    award = Award.objects.filter(report=report).first()
    directive = Directive.objects.filter(report=report).first()
    attendee = Attendee.objects.filter(report=report).first()
    conference = Conference.objects.get(report=report)
    stored_values = {
        "headline": report.headline,
        "byline": report.byline,
        "source": report.source,
        "unit": SectionUnit.objects.get(report=report, section="dossiers").unit_name,
        "conf_title": conference.title,
        "conf_place": conference.place,
        "attendee": attendee.name,
        "attendee_title": attendee.title,
        "speaker": directive.speaker,
        "speaker_title": directive.speaker_title,
        "directive": directive.content,
        "award": award.title,
        "issuer": award.issuer,
        "recipient": award.recipients,
        "comment": figure.comment,
        "explanation": figure.explanation,
        "indicator": Indicator.objects.get(code="dossiers.received").name,
        "rate": RateDefinition.objects.get(code="rate.dossiers_resolved").name,
        "return_reason": report.audit_entries.get(new_value="returned").reason,
        "reopen_reason": report.audit_entries.get(old_value="approved", new_value="draft").reason,
    }
    assert stored_values == {tag: payload(tag) for tag in ALL_TAGS}


# ---------------------------------------------------------------------------
# HTML pages


class _Page(HTMLParser):
    """What a browser would run (inline scripts, event handlers, the injected image) and
    the text and attribute values it would show."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.active, self.text = [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        handlers = [name for name in attrs if name.startswith("on")]
        if handlers:
            self.active.append(f"<{tag} {' '.join(handlers)}>")
        if tag == "script" and "src" not in attrs:
            self._in_script = True
        if tag == "img" and attrs.get("src") == "x":
            self.active.append("<img src=x>")
        self.text.extend(value for value in attrs.values() if value)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.active.append(f"<script>{data}</script>")
        self.text.append(data)


def _shown_tags(text):
    return {tag for tag in ALL_TAGS if payload(tag) in text}


def _read_page(response):
    assert response.status_code == 200
    page = _Page()
    page.feed(response.content.decode())
    assert page.active == []
    return _shown_tags("\n".join(page.text))


TEXT = set(ENTRY_FIELDS.values())
# What each page shows of the report's text (and nothing of it as markup).
PAGES = [
    (
        "summary",
        "staff",
        reverse("reports:summary", args=HUE),
        TEXT - {"comment", "explanation"} | {"indicator"},
    ),
    ("entry", "staff", reverse("reports:edit", args=HUE), ALL_TAGS),
    (
        "history",
        "staff",
        reverse("reports:history", args=HUE),
        TEXT | {"indicator", "return_reason", "reopen_reason"},
    ),
    ("dashboard", "leader", reverse("reports:dashboard") + "?year=2022", {"indicator", "rate"}),
    (
        "dashboard of one office",
        "staff",
        reverse("reports:dashboard") + "?year=2022&scope=office:thua-thien-hue",
        {"indicator", "rate"},
    ),
    # The stored report was reopened (a draft): the roll-up counts it with the switch only.
    (
        "roll-up",
        "leader",
        reverse("reports:rollup", args=[2022]) + "?include=all",
        {"indicator", "rate"},
    ),
    ("completeness", "leader", reverse("reports:completeness") + "?year=2022", set()),
    ("upload", "staff", reverse("reports:upload", args=HUE), set()),
]


@pytest.mark.parametrize("user,url,shown", [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_every_page_shows_the_payloads_as_text(request, client, stored, user, url, shown):
    client.force_login(request.getfixturevalue(user))
    assert _read_page(client.get(url)) == shown


def test_the_history_of_one_figure_shows_its_comment_as_text(client, staff, stored):
    client.force_login(staff)
    url = reverse("reports:history", args=HUE) + "?code=dossiers.resolved"
    assert _read_page(client.get(url)) == {"comment", "explanation"}


def test_an_uploaded_file_name_and_comment_are_shown_as_text(client, staff, stored):
    wb = template_workbook(client, staff)
    # Without the "=": a formula in a comment cell is refused (test_upload.py).
    set_template_cell(wb, "documents.incoming", upload.COMMENT + 1, payload("upload")[1:])
    name = "<img src=x onerror=alert('file')>.xlsx"
    response = upload_file(client, workbook_file(wb, name), follow=True)
    page = _Page()
    page.feed(response.content.decode())
    assert page.active == []
    text = "\n".join(page.text)
    assert "Xem trước tệp “<img src=x onerror=alert('file')>.xlsx”" in text
    assert payload("upload")[1:] in text


def test_a_refused_upload_names_the_typed_text_as_text(client, staff, stored):
    wb = template_workbook(client, staff)
    set_template_cell(wb, "documents.incoming", 5, "<script>alert(1)</script>")
    response = upload_file(client, workbook_file(wb))
    assert response.status_code == 200
    page = _Page()
    page.feed(response.content.decode())
    assert page.active == []
    assert "<script>alert(1)</script>" in "\n".join(page.text)


# ---------------------------------------------------------------------------
# Charts


def _chart_texts(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # well-formed: nothing broke out of a text node
    active = [
        el.tag
        for el in root.iter()
        if el.tag.endswith("}script")
        or el.tag.endswith("}foreignObject")
        or any(name.startswith("on") for name in el.attrib)
    ]
    assert active == []
    return _shown_tags("\n".join("".join(el.itertext()) for el in root.iter()))


CHARTS = [
    ("dossiers", "?year=2022&scope=office:thua-thien-hue", {"indicator"}),
    ("documents", "?year=2022", set()),
    ("comparison", "?year=2022&rate=rate.dossiers_resolved", {"rate"}),
]


@pytest.mark.parametrize("name,query,shown", CHARTS, ids=[c[0] for c in CHARTS])
def test_the_charts_hold_the_names_as_text(client, leader, stored, name, query, shown):
    client.force_login(leader)
    response = client.get(reverse("reports:dashboard_chart", args=[name]) + query)
    assert _chart_texts(response) == shown


# ---------------------------------------------------------------------------
# Workbooks

# The conference workbook's rates are the only formulas: a count cell over another.
RATE_FORMULA = re.compile(r"^=[A-Z]{1,2}\d+/[A-Z]{1,2}\d+$")


def _workbook_texts(response):
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    formulas, texts = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and not RATE_FORMULA.match(cell.value):
                    formulas.append(f"{ws.title}!{cell.coordinate}: {cell.value}")
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    assert formulas == []
    return _shown_tags("\n".join(texts))


WORKBOOKS = [
    (
        "conference workbook",
        "staff",
        reverse("reports:workbook", args=HUE),
        TEXT - {"headline", "explanation"} | {"indicator", "rate"},
    ),
    ("template", "staff", reverse("reports:template", args=HUE), {"comment", "indicator"}),
    (
        "offices workbook",
        "leader",
        reverse("reports:offices_workbook") + "?year=2022",
        {"indicator", "rate"},
    ),
    (
        "years workbook",
        "staff",
        reverse("reports:years_workbook", args=["thua-thien-hue"]),
        {"indicator", "rate"},
    ),
]


@pytest.mark.parametrize(
    "user,url,shown", [w[1:] for w in WORKBOOKS], ids=[w[0] for w in WORKBOOKS]
)
def test_every_workbook_stores_the_payloads_as_text(request, client, stored, user, url, shown):
    client.force_login(request.getfixturevalue(user))
    assert _workbook_texts(client.get(url)) == shown


def test_a_payload_cell_is_text_even_for_excel(client, staff, stored):
    """openpyxl reads "=…" back as a formula unless it was written as text: the cell's type
    is text, so Excel shows it and never evaluates it."""
    client.force_login(staff)
    wb = load_workbook(BytesIO(client.get(reverse("reports:workbook", args=HUE)).content))
    cells = [
        cell
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value == payload("byline")
    ]
    assert [(c.data_type, c.value) for c in cells] == [("s", payload("byline"))] * len(cells)
    assert len(cells) >= 1


def test_a_formula_typed_in_a_comment_cell_is_refused(client, staff, draft_hue):
    wb = template_workbook(client, staff)
    row = set_template_cell(wb, "documents.incoming", upload.COMMENT + 1, payload("upload"))
    response = upload_file(client, workbook_file(wb))
    assert response.context["problems"] == [
        f"Trang “Số liệu”, dòng {row}, cột “Ghi chú”: ô chứa công thức; ghi chú chỉ nhận chữ."
    ]
    assert "excel_upload" not in client.session


# ---------------------------------------------------------------------------
# Other offices stay invisible

# What would give Huế away to staff of Khánh Hòa.
HUE_MARKS = ("thua-thien-hue", "Thừa Thiên Huế", "Huế", "Hue")


def _marks(text):
    return [mark for mark in HUE_MARKS if mark in text]


def _workbook_text(content):
    wb = load_workbook(BytesIO(content))
    return "\n".join(
        str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    )


def _document_text(content):
    """The words of a Word document, headers included (python-docx reads them)."""
    doc = Document(BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    parts += [p.text for s in doc.sections for p in s.header.paragraphs]
    return "\n".join(parts)


OUTSIDER_PAGES = [
    "/",
    "/completeness/",
    "/completeness/?year=2022",
    "/dashboard/",
    "/dashboard/?year=2022",
    "/dashboard/?year=2022&scope=region:Bắc Trung Bộ và Duyên hải miền Trung",
    "/reports/year/2022/",
    "/reports/year/2020/",
    "/reports/khanh-hoa/2020/",
    "/reports/khanh-hoa/2020/edit/",
    "/reports/khanh-hoa/2020/history/",
    "/reports/khanh-hoa/2020/upload/",
]
OUTSIDER_FILES = [
    "/dashboard/charts/documents.svg?year=2022",
    "/dashboard/charts/dossiers.svg?year=2022",
    "/dashboard/charts/comparison.svg?year=2022",
    "/dashboard/offices.xlsx?year=2022",
    "/dashboard/offices.xlsx?year=2022&region=Bắc Trung Bộ và Duyên hải miền Trung",
    "/dashboard/offices.xlsx",
    "/reports/khanh-hoa/years.xlsx",
    "/reports/khanh-hoa/2020/report.xlsx",
    "/reports/khanh-hoa/2020/report.docx",
    "/reports/khanh-hoa/2020/template.xlsx",
]


@pytest.fixture
def outsider_client(client, outsider, seed_reports):
    Report.objects.filter(office__slug="khanh-hoa").update(status=Report.Status.DRAFT)
    client.force_login(outsider)
    return client


@pytest.mark.parametrize("url", OUTSIDER_PAGES)
def test_the_pages_of_another_office_show_nothing_of_hue(outsider_client, url):
    response = outsider_client.get(url)
    assert response.status_code == 200
    assert _marks(response.text) == []


@pytest.mark.parametrize("url", OUTSIDER_FILES)
def test_the_exports_and_charts_of_another_office_show_nothing_of_hue(outsider_client, url):
    response = outsider_client.get(url)
    assert response.status_code == 200
    content = response.content
    path = url.split("?")[0]
    if path.endswith(".xlsx"):
        text = _workbook_text(content)
    elif path.endswith(".docx"):
        text = _document_text(content)
    else:
        text = content.decode()
    assert _marks(text) == []


def test_a_leader_sees_hue_in_the_same_lists_and_exports(client, leader, seed_reports):
    """The control: the marks are what these pages and files show of an office in view."""
    client.force_login(leader)
    for url in ("/completeness/?year=2022", "/dashboard/?year=2022", "/reports/year/2022/"):
        assert "Thừa Thiên Huế" in _marks(client.get(url).text)
    content = client.get("/dashboard/offices.xlsx?year=2022").content
    assert "Thừa Thiên Huế" in _marks(_workbook_text(content))
    chart = client.get("/dashboard/charts/comparison.svg?year=2022").content.decode()
    assert "Huế" in _marks(chart)


def test_the_entry_form_carries_only_the_offices_own_row_ids(outsider_client, hue_report):
    data = form_data(outsider_client.get("/reports/khanh-hoa/2020/edit/").text)
    khanh_hoa = Report.objects.get(office__slug="khanh-hoa", year=2020)
    reports = {v for name, v in data.items() if name.endswith("-report")}
    assert reports == {str(khanh_hoa.pk)}
    for prefix, rows in (
        ("attendees", khanh_hoa.attendees),
        ("directives", khanh_hoa.directives),
        ("awards", khanh_hoa.awards),
    ):
        ids = {v for name, v in data.items() if name.startswith(prefix) and name.endswith("-id")}
        assert ids - {""} == {str(pk) for pk in rows.values_list("pk", flat=True)}


HUE_URLS = [
    "/reports/{slug}/2022/",
    "/reports/{slug}/2022/edit/",
    "/reports/{slug}/2022/history/",
    "/reports/{slug}/2022/history/?code=dossiers.resolved",
    "/reports/{slug}/2022/report.xlsx",
    "/reports/{slug}/2022/report.docx",
    "/reports/{slug}/2022/template.xlsx",
    "/reports/{slug}/2022/upload/",
    "/reports/{slug}/years.xlsx",
]


@pytest.mark.parametrize("url", HUE_URLS)
def test_an_error_page_does_not_tell_whether_another_offices_report_exists(outsider_client, url):
    hue = outsider_client.get(url.format(slug="thua-thien-hue"))
    nowhere = outsider_client.get(url.format(slug="khong-co-van-phong-nay"))
    assert (hue.status_code, nowhere.status_code) == (404, 404)
    assert hue.content == nowhere.content
    assert _marks(hue.content.decode()) == []


@pytest.mark.parametrize("name", ["create", "submit", "approve", "return", "reopen"])
def test_a_post_to_another_office_answers_like_a_missing_one(outsider_client, name):
    hue = outsider_client.post(f"/reports/thua-thien-hue/2022/{name}/", {"reason": "x"})
    nowhere = outsider_client.post(f"/reports/khong-co/2022/{name}/", {"reason": "x"})
    assert (hue.status_code, nowhere.status_code) == (404, 404)
    assert hue.content == nowhere.content


def test_the_dashboard_answers_a_scope_of_another_office_like_a_missing_one(outsider_client):
    hue = outsider_client.get("/dashboard/?year=2022&scope=office:thua-thien-hue")
    nowhere = outsider_client.get("/dashboard/?year=2022&scope=office:khong-co")
    assert hue.status_code == nowhere.status_code == 200
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", hue.text.replace("thua-thien-hue", "khong-co")) == token.sub(
        "", nowhere.text
    )
    # The page repeats the query it was asked (in its sort links): the user's own words.
    without_echo = re.sub(r"office(:|%3A)thua-thien-hue", "", hue.text)
    assert _marks(without_echo) == []
