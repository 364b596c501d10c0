"""Finding one's way: starting next year's report from the list, the chief's steps on the
summary page, the upload page's way back, dates typed dd/mm/yyyy, blank choices and
pagination in words, and English pages that write the catalogue and year-on-year changes in
English (the browser side is tests/test_wayfinding_browser.py)."""

import re
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from officereports.reports import catalog as catalog_module
from officereports.reports import phrases, totals, vietnamese
from officereports.reports.catalog import load
from officereports.reports.forms import ConferenceForm
from officereports.reports.models import (
    Conference,
    Figure,
    Indicator,
    Membership,
    Office,
    RateDefinition,
    Report,
    Role,
)
from tests.conftest import CONFIRM, complete_required, form_data
from tests.test_i18n import parse_po, switch_language, template_msgids, visible_text

ROOT = Path(__file__).resolve().parent.parent
HUE_SUMMARY = "/reports/thua-thien-hue/2022/"
HUE_EDIT = "/reports/thua-thien-hue/2022/edit/"
HUE_UPLOAD = "/reports/thua-thien-hue/2022/upload/"
EXPLANATION = "Có 25 nội dung phát sinh ngoài chương trình, được UBND tỉnh bổ sung."


@pytest.fixture
def mid_2024():
    """Today is 1 June 2024 (the year offered depends on it)."""
    with time_machine.travel(datetime(2024, 6, 1, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


def _set(report, code, **fields):
    Figure.objects.update_or_create(
        report=report, indicator=load().indicators[code], defaults=fields
    )
    totals.refresh(report)


def _starts(response):
    return [(office.slug, years) for office, years in response.context["starts"]]


# ---------------------------------------------------------------------------
# 2. "Tạo báo cáo năm N" on the report list


def test_staff_are_offered_the_year_after_the_latest_and_this_year(
    client, staff, hue_report, mid_2024
):
    client.force_login(staff)
    response = client.get(reverse("reports:index"))
    assert _starts(response) == [("thua-thien-hue", [2023, 2024])]
    for year in (2023, 2024):
        assert (
            f'<form method="post" action="/reports/thua-thien-hue/{year}/create/" class="inline">'
            in response.text
        )
        assert f'<button type="submit" class="primary">Tạo báo cáo năm {year}</button>' in (
            response.text
        )


def test_once_this_years_report_exists_the_next_year_is_offered(
    client, staff, hue, hue_report, mid_2024
):
    Report.objects.create(office=hue, year=2024)
    client.force_login(staff)
    assert _starts(client.get(reverse("reports:index"))) == [("thua-thien-hue", [2025])]


def test_an_office_without_reports_is_offered_this_year(client, outsider, mid_2024):
    client.force_login(outsider)
    assert _starts(client.get(reverse("reports:index"))) == [("khanh-hoa", [2024])]


def test_an_office_whose_unit_has_ended_is_offered_no_later_year(client, db):
    # Hà Giang merged into Tuyên Quang on 01/07/2025: no report of it is expected for 2026.
    ha_giang = Office.objects.get(slug="ha-giang")
    user = User.objects.create_user("cv.hagiang")
    Membership.objects.create(user=user, office=ha_giang, role=Role.STAFF)
    client.force_login(user)
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        assert _starts(client.get(reverse("reports:index"))) == []
    Report.objects.create(office=ha_giang, year=2024)
    with time_machine.travel(datetime(2025, 3, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        assert _starts(client.get(reverse("reports:index"))) == [("ha-giang", [2025])]


def test_staff_of_several_offices_see_each_named(client, staff, khanh_hoa, seed_reports, mid_2024):
    Membership.objects.create(user=staff, office=khanh_hoa, role=Role.STAFF)
    client.force_login(staff)
    response = client.get(reverse("reports:index"))
    # By name: Huế (so named since 2025) before Khánh Hòa.
    assert _starts(response) == [("thua-thien-hue", [2023, 2024]), ("khanh-hoa", [2021, 2024])]
    assert '<span class="office">Văn phòng UBND thành phố Huế</span>' in response.text
    assert '<span class="office">Văn phòng UBND tỉnh Khánh Hòa</span>' in response.text


@pytest.mark.parametrize("who", ["leader", "admin_user"])
def test_readers_and_administrators_are_offered_nothing(request, client, who, seed_reports):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("reports:index"))
    assert response.context["starts"] == []
    assert "Tạo báo cáo" not in response.text


def test_the_button_creates_the_draft_and_opens_its_entry_page(client, staff, hue_report, mid_2024):
    client.force_login(staff)
    html = client.get(reverse("reports:index")).text
    action = re.search(
        r'action="([^"]+)"[^>]*>[^<]*<input[^>]*>[^<]*<button[^>]*>Tạo báo cáo năm 2023', html
    )
    response = client.post(action.group(1))
    assert (response.status_code, response["Location"]) == (
        302,
        "/reports/thua-thien-hue/2023/edit/",
    )
    report = Report.objects.get(office__slug="thua-thien-hue", year=2023)
    assert (report.status, report.updated_by) == (Report.Status.DRAFT, staff)


def test_only_staff_of_the_office_may_create(client, leader, outsider, seed_reports):
    url = reverse("reports:create", args=["thua-thien-hue", 2023])
    client.force_login(leader)
    assert client.post(url).status_code == 403
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    assert not Report.objects.filter(year=2023).exists()


# ---------------------------------------------------------------------------
# 3. The chief's steps on the summary page


@pytest.fixture
def submitted(hue_report):
    """Huế 2022, submitted with a result above its plan, explained."""
    complete_required(hue_report)
    _set(hue_report, "advisory.program_passed", value=231, explanation=EXPLANATION)
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.SUBMITTED)
    return hue_report


def _workflow_box(html):
    return html[html.index('<aside class="workflow card"') : html.index("</aside>")]


def test_the_summary_shows_the_chief_the_same_review_and_steps_as_the_entry_page(
    client, chief, submitted
):
    client.force_login(chief)
    summary = client.get(HUE_SUMMARY)
    entry = client.get(HUE_EDIT)
    assert summary.context["review"] == entry.context["review"]
    assert summary.context["review"]["warnings"][0]["explanation"] == EXPLANATION
    assert (
        summary.context["actions"] == entry.context["actions"] == ["return", "approve", "withdraw"]
    )
    # One partial for both pages.
    for response in (summary, entry):
        assert "reports/_workflow.html" in [t.name for t in response.templates]
    box = _workflow_box(summary.text)
    assert '<a href="/reports/thua-thien-hue/2022/edit/#row-advisory.program_passed">' in box
    assert f"Giải trình: <em>{EXPLANATION}</em>" in box
    assert box.index(EXPLANATION) < box.index("Duyệt báo cáo</button>")
    assert box.count('<input type="hidden" name="back" value="summary">') == 3
    assert '<a href="#row-advisory.program_passed">' in _workflow_box(entry.text)
    assert 'name="back"' not in _workflow_box(entry.text)


def test_approving_from_the_summary_comes_back_to_it(client, chief, submitted):
    client.force_login(chief)
    url = reverse("reports:approve", args=["thua-thien-hue", 2022])
    response = client.post(url, {**CONFIRM, "back": "summary"}, follow=True)
    assert response.redirect_chain == [(HUE_SUMMARY, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Đã duyệt báo cáo. Số liệu đã được khóa."
    ]
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.APPROVED
    # Nothing left for the chief to do: no box.
    assert '<aside class="workflow card"' not in response.text


def test_a_refused_step_from_the_summary_says_why_there(client, chief, submitted):
    client.force_login(chief)
    url = reverse("reports:return", args=["thua-thien-hue", 2022])
    response = client.post(url, {"reason": "x" * 2001, "back": "summary"}, follow=True)
    assert response.redirect_chain == [(HUE_SUMMARY, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Tối đa 2.000 ký tự; nội dung đang có 2.001 ký tự."
    ]
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.SUBMITTED


def test_a_step_from_the_entry_page_still_comes_back_to_it(client, chief, submitted):
    client.force_login(chief)
    url = reverse("reports:return", args=["thua-thien-hue", 2022])
    response = client.post(url, {"reason": "Bổ sung số liệu văn thư."})
    assert response["Location"] == HUE_EDIT


def test_leaders_see_no_steps_on_the_summary(client, leader, submitted):
    client.force_login(leader)
    response = client.get(HUE_SUMMARY)
    assert "actions" not in response.context
    assert '<aside class="workflow card"' not in response.text


# ---------------------------------------------------------------------------
# 4. The upload page: its way back, and offered only where it can be used


@pytest.mark.parametrize("status", Report.Status.values)
@pytest.mark.parametrize("who", ["staff", "chief", "admin_user"])
def test_the_entry_page_offers_the_upload_exactly_when_the_upload_page_takes_it(
    request, client, hue_report, who, status
):
    Report.objects.filter(pk=hue_report.pk).update(status=status)
    client.force_login(request.getfixturevalue(who))
    offered = f'<a href="{HUE_UPLOAD}">Nhập từ tệp Excel</a>' in client.get(HUE_EDIT).text
    assert offered == (client.get(HUE_UPLOAD).status_code == 200)
    writable = status in (Report.Status.DRAFT, Report.Status.RETURNED) or (
        who == "admin_user" and status == Report.Status.SUBMITTED
    )
    assert offered == writable


def test_the_upload_page_links_back_to_the_report(client, staff, draft_hue):
    client.force_login(staff)
    html = client.get(HUE_UPLOAD).text
    assert (
        f'<p class="back-links no-print"><a href="{HUE_SUMMARY}">← Xem bài tổng hợp</a> · '
        f'<a href="{HUE_EDIT}">Nhập, sửa số liệu</a></p>'
    ) in html


def test_the_locked_upload_page_links_back_too(client, staff, leader, hue_report):
    client.force_login(staff)
    response = client.get(HUE_UPLOAD)
    assert response.status_code == 403
    assert f'<a href="{HUE_SUMMARY}">← Xem bài tổng hợp</a> · <a href="{HUE_EDIT}">' in (
        response.text
    )
    # A leader cannot open the entry page: only the summary is linked.
    client.force_login(leader)
    response = client.get(HUE_UPLOAD)
    assert f'<a href="{HUE_SUMMARY}">← Xem bài tổng hợp</a></p>' in response.text
    assert f'href="{HUE_EDIT}"' not in response.text


def test_the_demo_administrator_has_one_admin_link_in_the_header(client, db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    client.force_login(User.objects.get(username="quantri"))
    header = re.search(r"<header.*?</header>", client.get("/").text, re.S).group(0)
    links = [visible_text(a).strip() for a in re.findall(r"<a\b.*?</a>", header, re.S)]
    assert [text for text in links if "Quản trị" in text] == ["Quản trị"]
    assert links[-2:] == ["Quản trị", "Cán bộ tin học"]


# ---------------------------------------------------------------------------
# 5. Dates typed dd/mm/yyyy; blank choices and pagination in words


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "typed", ["05/01/2023", "5/1/2023", "05-01-2023", "05.01.2023", "05012023", "2023-01-05"]
)
def test_a_date_is_read_day_first_in_both_languages(db, language, typed):
    with translation.override(language):
        form = ConferenceForm({"date": typed, "part_of_day": "", "title": "", "place": ""})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == date(2023, 1, 5)


@pytest.mark.parametrize(
    "language, message",
    [
        ("vi", "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 29/12/2020."),
        ("en", "Enter the date as day/month/year, e.g. 29/12/2020."),
    ],
)
@pytest.mark.parametrize("typed", ["31/02/2023", "1 May 2023", "13/13/2023", "0501202"])
def test_a_malformed_date_says_how_to_write_it(db, language, message, typed):
    with translation.override(language):
        form = ConferenceForm({"date": typed, "part_of_day": "", "title": "", "place": ""})
        assert form.errors == {"date": [message]}


def test_the_entry_page_shows_dates_day_first_in_text_boxes(client, staff, draft_hue):
    Conference.objects.update_or_create(report=draft_hue, defaults={"date": date(2022, 12, 28)})
    client.force_login(staff)
    html = client.get(HUE_EDIT).text
    attrs = (
        'placeholder="dd/mm/yyyy" inputmode="numeric" '
        'pattern="\\d{1,2}[\\/.\\-]\\d{1,2}[\\/.\\-]\\d{4}|\\d{8}|\\d{4}-\\d{2}-\\d{2}" '
        'autocomplete="off" size="10"'
    )
    assert (
        f'<input type="text" name="conference-date" value="28/12/2022" {attrs} '
        'aria-describedby="id_conference-date_helptext" id="id_conference-date">'
    ) in html
    assert (
        f'<input type="text" name="report-period_start" value="15/12/2021" {attrs} '
        'aria-describedby="id_report-period_start_helptext" id="id_report-period_start">'
    ) in html
    assert 'type="date"' not in html


def test_a_date_typed_day_first_is_saved_and_a_malformed_one_kept_with_its_message(
    client, staff, draft_hue
):
    client.force_login(staff)
    data = form_data(client.get(HUE_EDIT).text)
    response = client.post(HUE_EDIT, {**data, "conference-date": "32/01/2023"})
    assert response.status_code == 200
    assert '<input type="text" name="conference-date" value="32/01/2023"' in response.text
    assert (
        '<ul class="errorlist" id="id_conference-date_error"><li>Nhập ngày theo dạng '
        "ngày/tháng/năm, ví dụ 29/12/2020.</li></ul>"
    ) in response.text
    assert not Conference.objects.filter(report=draft_hue, date__isnull=False).exists()
    data = form_data(response.text)
    response = client.post(HUE_EDIT, {**data, "conference-date": "05/01/2023"})
    assert response.status_code == 302
    assert Conference.objects.get(report=draft_hue).date == date(2023, 1, 5)
    assert 'name="conference-date" value="05/01/2023"' in client.get(HUE_EDIT).text


@pytest.mark.parametrize("language, blank", [("vi", "— chọn —"), ("en", "— choose —")])
def test_blank_choices_read_as_a_word(client, staff, draft_hue, language, blank):
    client.force_login(staff)
    if language == "en":
        switch_language(client, "en")
    html = client.get(HUE_EDIT).text
    assert "---------" not in html
    # The part of day, the attendee's honorific and the award's kind (each in the extra
    # row and in the template of a new row).
    assert html.count(f'<option value="" selected>{blank}</option>') == 5
    assert "---------" not in client.get(reverse("reports:dashboard")).text


def test_settings_word_the_blank_choice_of_filters():
    from django.conf import settings
    from django_filters import ChoiceFilter

    assert str(settings.FILTERS_EMPTY_CHOICE_LABEL) == "— chọn —"
    field = ChoiceFilter(choices=[("a", "A")]).field
    assert list(field.choices)[0] == ("", "— chọn —")


@pytest.mark.parametrize(
    "language, previous, following",
    [("vi", "Trang trước", "Trang sau"), ("en", "Previous page", "Next page")],
)
def test_pagination_reads_in_words(client, leader, seed_reports, language, previous, following):
    client.force_login(leader)
    if language == "en":
        switch_language(client, "en")
    first = client.get(reverse("reports:dashboard")).text
    assert f'<a href="?page=2" rel="next">{following} →</a>' in first
    second = client.get(reverse("reports:dashboard") + "?page=2").text
    assert f'<a href="?page=1" rel="prev">← {previous}</a>' in second
    for page in (first, second):
        assert not re.search(r">\s*(next|previous)\s*<", page)


# ---------------------------------------------------------------------------
# 6. English after `make run`, the upload page in English, the catalogue and changes in English


def test_make_run_compiles_the_translations_before_serving():
    out = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    commands = [line for line in out if "manage.py" in line]
    assert [c.split("manage.py ")[1].split()[0] for c in commands] == [
        "compilemessages",
        "migrate",
        "seed_demo",
        "demo_data;",  # loaded unless DEMO=0
        "runserver",
    ]


@pytest.mark.parametrize(
    "template",
    [
        "reports/upload.html",
        "reports/upload_locked.html",
        "reports/_workflow.html",
        "reports/index.html",
        "reports/_summary.html",
        "django_tables2/table.html",
    ],
)
def test_every_string_of_these_templates_is_translated(template):
    translated = {(e["msgctxt"], e["msgid"]) for e in parse_po() if e["msgid"] and all(e["msgstr"])}
    found = template_msgids(template)
    assert found, template
    assert [m for m in found if m not in translated] == []


@pytest.fixture
def english(client, staff):
    client.force_login(staff)
    switch_language(client, "en")
    return client


def test_the_upload_page_is_in_english(english, draft_hue):
    html = english.get(HUE_UPLOAD).text
    assert '<label for="id_file">Filled-in template (.xlsx)</label>' in html
    assert (
        '<p class="muted">Download this report&#x27;s template, fill in the figures and upload'
        " it here.</p>"
    ) in html
    text = visible_text(html)
    for proper in ("Văn phòng UBND tỉnh Thừa Thiên Huế", "Tiếng Việt"):
        text = text.replace(proper, "")
    assert re.findall("[À-ỹđĐ]", text) == []


def test_catalogue_words_follow_the_readers_language(db):
    catalog = catalog_module.load()
    indicator = catalog.indicators["dossiers.resolved"]
    rate = catalog.rates["rate.dossiers_on_time"]
    with translation.override("en"):
        assert (indicator.display_name, rate.display_name, rate.display_basis) == (
            "Dossiers resolved",
            "Dossiers resolved on time",
            "dossiers resolved",
        )
    with translation.override("vi"):
        assert (indicator.display_name, rate.display_name, rate.display_basis) == (
            "Hồ sơ đã giải quyết",
            "Tỷ lệ hồ sơ trả đúng hạn",
            "số hồ sơ đã giải quyết",
        )
    # An indicator an administrator added without an English name keeps its Vietnamese one.
    added = Indicator(code="advisory.inspections", name="Cuộc kiểm tra công vụ", name_en="")
    with translation.override("en"):
        assert added.display_name == "Cuộc kiểm tra công vụ"


def test_every_built_in_rate_has_its_english_basis(db):
    stored = dict(RateDefinition.objects.values_list("code", "basis_en"))
    assert stored == catalog_module.BASES_EN
    assert set(stored) == {code for code, *_rest in catalog_module.RATES}


@pytest.mark.parametrize(
    "current, previous, year, english, vietnamese_text",
    [
        (83_408, 81_852, 2021, "up 1.9% on 2021", "tăng 1,9% so với năm 2021"),
        (9_680, 10_000, None, "down 3.2% on the previous year", "giảm 3,2% so với năm trước"),
        (27_600, 10_000, 2019, "2.76 times the 2019 figure", "gấp 2,76 lần so với năm 2019"),
        (20_000, 10_000, None, "2 times the previous year's figure", "gấp 2 lần so với năm trước"),
        (1_500_000, 1_000_000, 2022, "up 50% on 2022", "tăng 50% so với năm 2022"),
        (500, 500, 2022, "unchanged from 2022", "bằng năm 2022"),
        (500, 0, 2022, None, None),
        (None, 500, 2022, None, None),
    ],
)
def test_changes_are_worded_in_the_readers_language(
    current, previous, year, english, vietnamese_text
):
    assert phrases.english_change(current, previous, year) == english
    assert vietnamese.change(current, previous, year) == vietnamese_text
    with translation.override("en"):
        assert phrases.change(current, previous, year) == english
    with translation.override("vi"):
        assert phrases.change(current, previous, year) == vietnamese_text


def test_a_large_change_is_written_with_english_separators():
    assert phrases.english_change(2_345_678, 1_000) == "2,345.68 times the previous year's figure"


@pytest.mark.parametrize(
    "delta, year, english",
    [
        (Decimal("1.5"), 2021, "up 1.5 percentage points on 2021"),
        (Decimal("-0.25"), 2021, "down 0.25 percentage points on 2021"),
        (Decimal("1"), None, "up 1 percentage point on the previous year"),
        (Decimal("0.0"), 2021, "unchanged from 2021"),
    ],
)
def test_rate_changes_are_worded_in_the_readers_language(delta, year, english):
    with translation.override("en"):
        assert phrases.points(delta, year) == english
    with translation.override("vi"):
        assert phrases.points(delta, year) == vietnamese.points(delta, year)


@pytest.fixture
def hue_2021(hue, hue_report):
    report = Report.objects.create(office=hue, year=2021, status=Report.Status.APPROVED)
    _set(report, "dossiers.received", value=81_852)
    return report


def test_the_english_summary_writes_the_table_in_english_and_keeps_the_article(english, hue_2021):
    response = english.get(HUE_SUMMARY)
    html = response.text
    assert (
        '<p class="article-language no-print">The article is written in Vietnamese, as published.</p>'
        in html
    )
    assert '<article class="article" id="article" lang="vi">' in html
    assert "(tăng 1,9% so với năm 2021)" in response.context["article"].text()
    assert "<td >up 1.9% on 2021</td>" in html
    assert '<small class="basis">= 81.948/83.408, out of dossiers received</small>' in html
    assert "Administrative dossiers received" in html
    table = html[html.index('<section class="figures-section">') :]
    for vietnamese_words in ("so với năm", "số hồ sơ", "Hồ sơ tiếp nhận"):
        assert vietnamese_words not in table


def test_the_vietnamese_summary_keeps_its_wording(client, staff, hue_2021):
    client.force_login(staff)
    html = client.get(HUE_SUMMARY).text
    assert ">tăng 1,9% so với năm 2021</td>" in html
    assert '<small class="basis">= 81.948/83.408, tính trên số hồ sơ tiếp nhận</small>' in html
    assert "article-language" not in html


def test_the_english_entry_page_names_indicators_and_rates_in_english(english, draft_hue):
    html = english.get(HUE_EDIT).text
    assert '<label for="id_dossiers.resolved-value">Dossiers resolved</label>' in html
    assert re.search(
        r'Dossiers resolved:\s*<output data-rate="rate.dossiers_resolved"[^>]*>98,2%</output>\s*'
        r'<span class="muted">\(divided by dossiers received; computed from exact numbers only\)',
        html,
    )
    assert "divided by số" not in html
