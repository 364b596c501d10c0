"""Pages of a part of the year: the summary and its conference workbook name their own period
("quý I năm 2024", "9 tháng đầu năm 2024", "tháng 9/2024"), a part is a "sơ kết" compared
with the same period of the year before; the report list creates a report for any period."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from officereports.reports import narrative
from officereports.reports.models import Conference, Office, Report, Role
from tests.conftest import _user
from tests.test_summary import add_figures, visible_text

HUE = "Văn phòng UBND tỉnh Thừa Thiên Huế"

# kind, headline, lead, table headings (last year's same period, this one's)
PARTS = [
    (
        "quarter-1",
        f"{HUE} tiếp nhận 120 văn bản đến trong quý I năm 2024",
        f"Quý I năm 2024 (tính từ ngày 15/12/2023 đến ngày 14/3/2024), {HUE} đã tiếp nhận 120 văn bản đến "
        "(tăng 20% so với cùng kỳ năm 2023).",
        ("Quý I năm 2023", "Quý I năm 2024"),
    ),
    (
        "first-9-months",
        f"{HUE} tiếp nhận 120 văn bản đến trong 9 tháng đầu năm 2024",
        f"Trong 9 tháng đầu năm 2024 (tính từ ngày 15/12/2023 đến ngày 14/9/2024), {HUE} đã tiếp nhận 120 văn bản đến "
        "(tăng 20% so với cùng kỳ năm 2023).",
        ("9 tháng đầu năm 2023", "9 tháng đầu năm 2024"),
    ),
    (
        "month-9",
        f"{HUE} tiếp nhận 120 văn bản đến trong tháng 9/2024",
        f"Tháng 9/2024 (tính từ ngày 15/8/2024 đến ngày 14/9/2024), {HUE} đã tiếp nhận 120 văn bản đến "
        "(tăng 20% so với cùng kỳ năm 2023).",
        ("Tháng 9/2023", "Tháng 9/2024"),
    ),
]


@pytest.fixture
def parts(hue):
    """Huế's quarter 1, first 9 months and month 9 of 2024 and of 2023 (120 against 100
    documents received), and a yearly 2023 report with other figures: comparing a part with
    the year would read 5.000."""
    for kind in ("quarter-1", "first-9-months", "month-9"):
        add_figures(
            Report.objects.create(office=hue, year=2024, period=kind), {"documents.incoming": 120}
        )
        add_figures(
            Report.objects.create(office=hue, year=2023, period=kind), {"documents.incoming": 100}
        )
    add_figures(Report.objects.create(office=hue, year=2023), {"documents.incoming": 5000})


def _summary(client, user, kind, year=2024):
    client.force_login(user)
    response = client.get(reverse("reports:summary", args=["thua-thien-hue", year, kind]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("kind, headline, lead, headings", PARTS)
def test_a_parts_summary_names_its_own_period(client, staff, parts, kind, headline, lead, headings):
    response = _summary(client, staff, kind)
    html = response.text
    article = response.context["article"]
    label = headings[1][0].lower() + headings[1][1:]  # "quý I năm 2024"
    assert f"<title>{headline}</title>" in html
    assert article.headline == headline
    # Without a conference the lead is the period's key result, not repeated below it.
    assert article.paragraphs == [lead]
    # A part of the year is a period review, never the year-end one.
    assert "tổng kết" not in article.text()
    assert f'<p class="kicker" lang="vi">Sơ kết {label}</p>' in html
    assert f"<h2>Số liệu {label}</h2>" in html
    table = response.context["table"]
    assert [table.columns[c].header for c in ("previous", "current", "change")] == [
        *headings,
        "So với cùng kỳ năm trước",
    ]
    text = visible_text(response)
    assert f"{headings[0]} {headings[1]} So với cùng kỳ năm trước" in text
    assert "văn bản 100 120 tăng 20% so với cùng kỳ năm 2023" in text
    # Nothing calls the part a year: no "Năm 2024" heading, no "Tổng kết".
    assert "Năm 2024" not in text and "Năm 2023" not in text and "Tổng kết" not in text


def test_a_parts_conference_is_a_so_ket_and_names_the_dates_with_the_figures(
    client, staff, parts, hue
):
    report = Report.objects.get(office=hue, year=2024, period="quarter-1")
    Conference.objects.create(report=report, place="Hội trường Văn phòng")
    article = _summary(client, staff, "quarter-1").context["article"]
    assert article.headline == (f"{HUE} sơ kết công tác quý I năm 2024: tiếp nhận 120 văn bản đến")
    assert article.paragraphs == [
        f"{HUE} tổ chức hội nghị sơ kết công tác quý I năm 2024 tại Hội trường Văn phòng. "
        "Quý I năm 2024 (tính từ ngày 15/12/2023 đến ngày 14/3/2024), "
        "Văn phòng đã tiếp nhận 120 văn bản đến (tăng 20% so với cùng kỳ năm 2023).",
    ]


def test_the_year_is_a_tong_ket_without_dates_and_a_part_a_so_ket():
    common = {"year": 2024, "office_name": HUE, "kind": "tỉnh"}
    year = narrative.build(narrative.Facts(**common))
    assert year.headline == f"Kết quả công tác năm 2024 của {HUE}"
    assert year.paragraphs == [f"{HUE} chưa có số liệu công tác năm 2024."]
    part = narrative.build(
        narrative.Facts(
            **common,
            period="first-6-months",
            period_start=date(2023, 12, 15),
            period_end=date(2024, 6, 14),
        )
    )
    assert part.headline == f"Kết quả công tác 6 tháng đầu năm 2024 của {HUE}"
    assert part.paragraphs == [
        f"{HUE} chưa có số liệu công tác 6 tháng đầu năm 2024 "
        "(tính từ ngày 15/12/2023 đến ngày 14/6/2024)."
    ]


def test_the_summary_in_english_names_the_part(client, staff, parts):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("reports:summary", args=["thua-thien-hue", 2024, "quarter-1"]))
    assert '<p class="kicker" lang="en">Review of quarter I of 2024</p>' in response.text
    assert "<h2>Figures for quarter I of 2024</h2>" in response.text
    assert "up 20% on the same period of 2023" in response.text


def _workbook(client, user, kind):
    client.force_login(user)
    response = client.get(reverse("reports:workbook", args=["thua-thien-hue", 2024, kind]))
    assert response.status_code == 200
    return response, load_workbook(BytesIO(response.content))


def test_the_conference_workbook_of_a_quarter_names_the_quarter(client, staff, parts):
    response, wb = _workbook(client, staff, "quarter-1")
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-thua-thien-hue-2024-quarter-1.xlsx"'
    )
    assert wb.sheetnames == ["Số liệu quý I năm 2024", "Hội nghị", "Thông tin tệp"]
    ws = wb["Số liệu quý I năm 2024"]
    assert ws["A5"].value == "BÁO CÁO SỐ LIỆU CÔNG TÁC QUÝ I NĂM 2024"
    assert ws["A6"].value == f"{HUE} – kỳ báo cáo từ 15/12/2023 đến 14/03/2024"
    assert [c.value for c in ws[8]][3:6] == [
        "Quý I năm 2023",
        "Quý I năm 2024",
        "Tăng/giảm so với cùng kỳ năm trước",
    ]
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    row = rows["Văn bản đến (tiếp nhận)"]
    assert (ws.cell(row, 4).value, ws.cell(row, 5).value) == (100, 120)
    about = {r[0].value: r[1].value for r in wb["Thông tin tệp"].iter_rows() if r[0].value}
    assert about["Nội dung"] == "Báo cáo số liệu công tác quý I năm 2024 (bảng in cho hội nghị)"
    assert about["Kỳ báo cáo"] == "quý I năm 2024 (15/12/2023 – 14/03/2024)"


def test_a_months_sheet_name_has_no_slash(client, staff, parts):
    _response, wb = _workbook(client, staff, "month-9")
    assert wb.sheetnames[0] == "Số liệu tháng 9-2024"
    assert wb.worksheets[0]["A5"].value == "BÁO CÁO SỐ LIỆU CÔNG TÁC THÁNG 9/2024"


def test_the_history_and_entry_pages_name_the_part(client, staff, parts):
    client.force_login(staff)
    history = client.get(reverse("reports:history", args=["thua-thien-hue", 2024, "month-9"]))
    assert "– báo cáo tháng 9/2024</small></h1>" in history.text
    assert f"<title>Lịch sử thay đổi – {HUE} – tháng 9/2024</title>" in history.text
    entry = client.get(reverse("reports:edit", args=["thua-thien-hue", 2024, "quarter-1"]))
    assert "<small>Báo cáo công tác quý I năm 2024</small>" in entry.text


# ---------------------------------------------------------------------------
# The report list: any period


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_list_shows_each_reports_period_and_the_form(client, staff, parts):
    client.force_login(staff)
    html = client.get(reverse("reports:index")).text
    assert '<td class="period">Quý I</td>' in html
    assert '<td class="period">9 tháng đầu năm</td>' in html
    assert '<td class="period">Năm</td>' in html
    form = re.search(r'<form method="post" action="/reports/create/".*?</form>', html, re.S)
    assert form is not None
    # One office: it goes hidden; the period is chosen from the kinds, the year typed.
    assert '<input type="hidden" name="office" value="thua-thien-hue"' in form.group()
    assert '<option value="quarter-1">Quý I</option>' in form.group()
    assert '<option value="year" selected>Năm</option>' in form.group()
    assert 'name="year"' in form.group() and "csrfmiddlewaretoken" in form.group()
    # Huế has no yearly 2024 report, only parts: the year is still offered.
    assert "Tạo báo cáo năm 2024" in html


def test_creating_a_quarter_from_the_list_opens_its_entry_page(client, staff, hue):
    client.force_login(staff)
    data = {"office": "thua-thien-hue", "period": "quarter-1", "year": "2024"}
    response = client.post(reverse("reports:create_any"), data)
    assert response.status_code == 302
    assert response["Location"] == "/reports/thua-thien-hue/2024/quarter-1/edit/"
    assert list(hue.reports.values_list("year", "period")) == [(2024, "quarter-1")]
    report = hue.reports.get()
    assert (report.period_start, report.period_end) == (date(2023, 12, 15), date(2024, 3, 14))
    assert _messages(response) == ["Đã tạo báo cáo quý I năm 2024."]
    entry = client.get(response["Location"])
    assert "<small>Báo cáo công tác quý I năm 2024</small>" in entry.text
    # Again: the same report is opened, none added.
    again = client.post(reverse("reports:create_any"), data)
    assert again["Location"] == "/reports/thua-thien-hue/2024/quarter-1/edit/"
    assert hue.reports.count() == 1
    assert _messages(again) == ["Báo cáo quý I năm 2024 đã có."]


def test_creating_the_year_from_the_list_uses_the_yearly_address(client, staff, hue):
    client.force_login(staff)
    data = {"office": "thua-thien-hue", "period": "year", "year": "2025"}
    response = client.post(reverse("reports:create_any"), data)
    assert response["Location"] == "/reports/thua-thien-hue/2025/edit/"
    assert list(hue.reports.values_list("year", "period")) == [(2025, "year")]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"period": "quarter-5", "year": "2024"}, "Chọn kỳ báo cáo trong danh sách."),
        ({"period": "", "year": "2024"}, "Chọn kỳ báo cáo."),
        ({"period": "quarter-1", "year": "abc"}, "Nhập năm bằng chữ số, ví dụ 2024."),
        ({"period": "quarter-1", "year": ""}, "Nhập năm báo cáo."),
        ({"period": "quarter-1", "year": "1800"}, "Năm báo cáo phải từ 1990 đến 2100."),
        ({"period": "month-9", "year": "20245"}, "Năm báo cáo phải từ 1990 đến 2100."),
    ],
)
def test_a_bad_period_or_year_is_refused_with_a_message(client, staff, hue, data, message):
    client.force_login(staff)
    response = client.post(reverse("reports:create_any"), {"office": "thua-thien-hue", **data})
    assert response.status_code == 200
    assert f'<p class="error" role="alert">{message}</p>' in response.text
    assert not Report.objects.exists()


def test_an_office_that_no_longer_exists_in_the_year_is_refused(client, db):
    office = Office.objects.get(slug="ba-ria-vung-tau")
    client.force_login(_user("vt", Role.STAFF, office))
    data = {"office": office.slug, "period": "quarter-1", "year": "2026"}
    response = client.post(reverse("reports:create_any"), data)
    assert response.status_code == 200
    assert (
        '<p class="error" role="alert">Văn phòng UBND tỉnh Bà Rịa - Vũng Tàu '
        "không còn trong năm 2026.</p>"
    ) in response.text
    assert not Report.objects.exists()


def test_only_the_offices_one_enters_figures_for(client, outsider, leader, hue):
    data = {"office": "thua-thien-hue", "period": "quarter-1", "year": "2024"}
    client.force_login(outsider)
    response = client.post(reverse("reports:create_any"), data)
    assert '<p class="error" role="alert">Chọn văn phòng trong danh sách.</p>' in response.text
    client.force_login(leader)
    assert 'action="/reports/create/"' not in client.get(reverse("reports:index")).text
    response = client.post(reverse("reports:create_any"), data)
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_the_form_needs_a_post_and_a_login(client, staff):
    assert client.get(reverse("reports:create_any")).status_code == 302  # to the login page
    client.force_login(staff)
    assert client.get(reverse("reports:create_any")).status_code == 405


def test_the_period_choices_are_in_the_readers_language(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("reports:index")).text
    assert '<option value="quarter-1">Quarter I</option>' in html
    assert '<option value="first-9-months">First 9 months</option>' in html
    assert '<option value="month-9">Month 9</option>' in html
    assert "Create the report</button>" in html
