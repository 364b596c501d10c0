"""One audit trail, written by one module whatever the path (entry page, Excel upload, JSON
import, admin, workflow), and read on the history page as people read it."""

import importlib
import re
from io import BytesIO
from pathlib import Path

import lxml.html
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from officereports.reports import audit
from officereports.reports.models import AuditEntry, Report
from tests.conftest import CONFIRM, complete_required, entry_url, form_data

HUE = ("thua-thien-hue", 2022)
NAMES = {"dossiers.resolved": "Hồ sơ đã giải quyết", "documents.incoming": "Văn bản đến"}


def history_cells(client, report, code=None):
    """The history table's cells, as text, without the time and the user columns."""
    url = entry_url(report, "history") + (f"?code={code}" if code else "")
    response = client.get(url)
    assert response.status_code == 200
    rows = lxml.html.fromstring(response.text).xpath('//table[contains(@class, "history")]//tr')
    return [
        tuple(cell.text_content() for cell in row.xpath("td")[2:]) for row in rows[1:]
    ]  # source, what, old, new, reason


def _upload(client, report, edit):
    """Download the report's template, `edit` its sheet (code -> row), upload and confirm."""
    response = client.get(reverse("reports:template", args=HUE))
    wb = load_workbook(BytesIO(response.content))
    ws = wb["Số liệu"]
    rows = {ws.cell(r, 2).value: r for r in range(8, ws.max_row + 1) if ws.cell(r, 2).value}
    edit(ws, rows)
    buffer = BytesIO()
    wb.save(buffer)
    file = SimpleUploadedFile("hue.xlsx", buffer.getvalue())
    assert client.post(reverse("reports:upload", args=HUE), {"file": file}).status_code == 302
    page = client.get(reverse("reports:upload", args=HUE))
    assert page.context["errors"] == [], page.context["errors"]
    token = page.context["pending"]["token"]
    response = client.post(reverse("reports:upload_confirm", args=HUE), {"token": token})
    assert response.status_code == 302


def _admin_change(client, report, figure_value, changes):
    url = reverse("admin:reports_report_change", args=[report.pk])
    data = form_data(client.get(url).text, form_id="report_form")
    prefix = next(
        key.removesuffix("-value")
        for key, value in data.items()
        if key.startswith("figures-") and key.endswith("-value") and value == figure_value
    )
    for part, value in changes.items():
        if value is None:
            data.pop(f"{prefix}-{part}", None)  # an unticked box is not posted
        else:
            data[f"{prefix}-{part}"] = value
    data["_save"] = "Lưu lại"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""


def test_every_path_changes_one_figure_and_its_history_lists_them_all_in_words(
    client, staff, admin_user, draft_hue
):
    # 1. The JSON import (the seed): 81.948, stated 98,2%.
    # 2. The entry page: 81.950, "hơn".
    client.force_login(staff)
    data = form_data(client.get(entry_url(draft_hue)).text)
    data["dossiers.resolved-value"] = "81.950"
    data["dossiers.resolved-qualifier"] = "hon"
    assert client.post(entry_url(draft_hue), data).status_code == 302

    # 3. The Excel upload: 82.000 (still "hơn"), a comment, stated 98,31%.
    def edit(ws, rows):
        row = rows["dossiers.resolved"]
        ws.cell(row, 5).value = 82000
        ws.cell(row, 7).value = 98.31
        ws.cell(row, 8).value = "Số liệu của Trung tâm"

    _upload(client, draft_hue, edit)
    upload_keys = AuditEntry.objects.filter(report=draft_hue, source="excel")
    assert sorted(upload_keys.values_list("field", "old_value", "new_value")) == [
        ("dossiers.resolved", "81950", "82000"),
        ("dossiers.resolved:comment", "", "Số liệu của Trung tâm"),
        ("dossiers.resolved:stated_percent", "98.2", "98.31"),
    ]
    # 4. The admin: 82.001, written rounded in the article.
    client.force_login(admin_user)
    _admin_change(client, draft_hue, "82000", {"value": "82001", "round_in_text": "on"})

    client.force_login(staff)
    name = "Hồ sơ đã giải quyết"
    assert history_cells(client, draft_hue, "dossiers.resolved") == [
        ("trang quản trị", f"{name} (ghi số tròn)", "không", "có", ""),
        ("trang quản trị", name, "82.000", "82.001", ""),
        ("tải lên Excel", f"{name} (ghi chú)", "", "Số liệu của Trung tâm", ""),
        ("tải lên Excel", f"{name} (tỷ lệ nêu trong báo cáo)", "98,2%", "98,31%", ""),
        ("tải lên Excel", name, "81.950", "82.000", ""),
        ("nhập trên web", f"{name} (cách ghi)", "chính xác", "hơn", ""),
        ("nhập trên web", name, "81.948", "81.950", ""),
        ("nhập tệp JSON", f"{name} (tỷ lệ nêu trong báo cáo)", "", "98,2%", ""),
        ("nhập tệp JSON", name, "", "81.948", ""),
    ]


def test_the_conference_and_its_rows_read_as_people_write_them(client, entry, draft_hue):
    data = entry()
    data["conference-date"] = "2023-12-28"
    data["conference-part_of_day"] = "chieu"
    data["report-period_start"] = "2021-12-16"
    data["attendees-0-honorific"] = "ba"
    data.update(
        {
            "attendees-1-honorific": "ong",
            "attendees-1-name": "Hoàng Hải Minh",
            "attendees-1-title": "Phó Chủ tịch UBND tỉnh",
            "awards-0-is_many": "",
            "awards-0-count": "1200",
            "awards-2-recipient_kind": "ca_nhan",
            "awards-2-title": "Giấy khen",
            "awards-2-count": "52900",
        }
    )
    data.pop("awards-0-is_many")
    assert client.post(entry_url(draft_hue), data).status_code == 302
    complete_required(draft_hue)
    client.post(entry_url(draft_hue, "submit"), CONFIRM)

    cells = {
        (what, old, new) for _source, what, old, new, _reason in history_cells(client, draft_hue)
    }
    assert {
        ("Trạng thái", "Đang soạn", "Chờ duyệt"),
        ("Báo cáo: kỳ báo cáo từ ngày", "15/12/2021", "16/12/2021"),
        ("Hội nghị: ngày tổ chức", "", "28/12/2023"),
        ("Hội nghị: buổi", "", "Buổi chiều"),
        ("Đại biểu dự: danh xưng", "Ông", "Bà"),
        ("Đại biểu dự", "", "Ông · Hoàng Hải Minh · Phó Chủ tịch UBND tỉnh"),
        ("Khen thưởng: số lượng", "", "1.200"),
        ('Khen thưởng: chỉ biết là "nhiều"', "có", "không"),
        ("Khen thưởng", "", "cá nhân · Giấy khen · 52.900"),
    } <= cells
    # Nothing is shown in its stored form.
    page = client.get(entry_url(draft_hue, "history")).text
    for raw in ("chieu", "2023-12-28", ">ba<", "ca_nhan", "True", "False", "submitted"):
        assert raw not in page


@pytest.mark.parametrize(
    ("field", "stored", "shown"),
    [
        # Report
        ("status", "approved", "Đã duyệt"),
        ("status", "returned", "Bị trả lại"),
        ("report.period_start", "2021-12-15", "15/12/2021"),
        ("report.period_end", "2022-12-14", "14/12/2022"),
        ("report.headline", "Văn phòng về đích", "Văn phòng về đích"),
        ("report.byline", "L.THỌ", "L.THỌ"),
        ("report.source", "Báo Thừa Thiên Huế online", "Báo Thừa Thiên Huế online"),
        ("report.assessment", "Hoàn thành tốt\nnhiệm vụ", "Hoàn thành tốt\nnhiệm vụ"),
        ("report.direction", "Cải cách hành chính", "Cải cách hành chính"),
        ("report.year", "2022", "2022"),
        # Conference
        ("conference.date", "2023-12-28", "28/12/2023"),
        ("conference.part_of_day", "chieu", "Buổi chiều"),
        ("conference.part_of_day", "sang", "Buổi sáng"),
        ("conference.part_of_day", "toi", "Buổi tối"),
        ("conference.title", "Hội nghị tổng kết", "Hội nghị tổng kết"),
        ("conference.place", "Hà Nội", "Hà Nội"),
        # Attendee
        ("attendee.honorific", "ong", "Ông"),
        ("attendee.honorific", "ba", "Bà"),
        ("attendee.name", "Nguyễn Văn Phương", "Nguyễn Văn Phương"),
        ("attendee.title", "Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh"),
        ("attendee", "ong · Nguyễn Văn Phương · Chủ tịch", "Ông · Nguyễn Văn Phương · Chủ tịch"),
        (
            "attendees.order",
            "ong · Nguyễn Văn Phương\nba · Lê Thị Hà",
            "Ông · Nguyễn Văn Phương\nBà · Lê Thị Hà",
        ),
        # Directive
        ("directive.speaker", "Nguyễn Văn Phương", "Nguyễn Văn Phương"),
        ("directive.speaker_title", "Chủ tịch", "Chủ tịch"),
        ("directive.content", "nâng cao chất lượng", "nâng cao chất lượng"),
        (
            "directive",
            "Nguyễn Văn Phương · Chủ tịch · nâng cao",
            "Nguyễn Văn Phương · Chủ tịch · nâng cao",
        ),
        # Award
        ("award.recipient_kind", "tap_the", "tập thể"),
        ("award.recipient_kind", "ca_nhan", "cá nhân"),
        ("award.count", "52900", "52.900"),
        ("award.is_many", "True", "có"),
        ("award.is_many", "False", "không"),
        ("award.title", "Bằng khen", "Bằng khen"),
        ("award.issuer", "UBND tỉnh", "UBND tỉnh"),
        ("award.recipients", "Nguyễn A\nLê B", "Nguyễn A\nLê B"),
        (
            "award",
            "tap_the · True\nca_nhan · Giấy khen · 1200",
            "tập thể · nhiều\ncá nhân · Giấy khen · 1.200",
        ),
        ("awards.order", "tap_the · Bằng khen\nca_nhan", "tập thể · Bằng khen\ncá nhân"),
        # SectionUnit
        (
            "unit.dossiers",
            "Trung tâm Phục vụ hành chính công tỉnh",
            "Trung tâm Phục vụ hành chính công tỉnh",
        ),
        # Figure parts
        ("dossiers.resolved", "52900", "52.900"),
        ("dossiers.resolved:qualifier", "hon", "hơn"),
        ("dossiers.resolved:qualifier", "exact", "chính xác"),
        ("dossiers.resolved:qualifier", "gan", "gần"),
        ("dossiers.resolved:stated_percent", "77.18", "77,18%"),
        ("dossiers.resolved:stated_percent", "100", "100%"),
        ("dossiers.resolved:round_in_text", "True", "có"),
        ("dossiers.resolved:round_in_text", "False", "không"),
        ("dossiers.resolved:comment", "Số liệu 2022", "Số liệu 2022"),
        ("dossiers.resolved:explanation", "Vượt kế hoạch", "Vượt kế hoạch"),
        # The form the Excel upload once wrote.
        ("dossiers.resolved.qualifier", "hon", "hơn"),
        ("dossiers.resolved.stated_percent", "96.55", "96,55%"),
        # An old value that does not read as its field's kind is shown as stored.
        ("conference.date", "28/12", "28/12"),
        ("dossiers.resolved:stated_percent", "nhiều", "nhiều"),
    ],
)
def test_every_audited_field_is_shown_as_people_read_it(field, stored, shown):
    assert audit.display(field, stored, NAMES) == shown


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("status", "Trạng thái"),
        ("dossiers.resolved", "Hồ sơ đã giải quyết"),
        ("dossiers.resolved:qualifier", "Hồ sơ đã giải quyết (cách ghi)"),
        ("dossiers.resolved.qualifier", "Hồ sơ đã giải quyết (cách ghi)"),
        ("dossiers.resolved:round_in_text", "Hồ sơ đã giải quyết (ghi số tròn)"),
        ("report.period_start", "Báo cáo: kỳ báo cáo từ ngày"),
        ("report.assessment", "Báo cáo: đánh giá chung"),
        ("report.direction", "Báo cáo: phương hướng, nhiệm vụ"),
        ("conference.part_of_day", "Hội nghị: buổi"),
        ("attendee.honorific", "Đại biểu dự: danh xưng"),
        ("attendee", "Đại biểu dự"),
        ("attendees.order", "Đại biểu dự: thứ tự"),
        ("directive.speaker", "Ý kiến chỉ đạo: người phát biểu"),
        ("award.recipient_kind", "Khen thưởng: đối tượng"),
        ("unit.dossiers", "Đơn vị thực hiện: Giải quyết thủ tục hành chính"),
        ("conference.nope", "conference.nope"),
    ],
)
def test_every_audited_field_is_named_in_words(field, label):
    assert audit.label(field, NAMES) == label


def test_the_figure_key_is_the_code_for_the_value_and_code_colon_part_otherwise():
    assert audit.figure_field("dossiers.resolved") == "dossiers.resolved"
    assert audit.figure_field("dossiers.resolved", "value") == "dossiers.resolved"
    assert audit.figure_field("dossiers.resolved", "comment") == "dossiers.resolved:comment"


def test_an_upload_entry_stored_as_code_dot_part_is_converted_and_listed(client, staff, draft_hue):
    # What the Excel upload wrote before: "code.part".
    for field, old, new in [
        ("dossiers.resolved.qualifier", "exact", "hon"),
        ("dossiers.resolved.stated_percent", "98.2", "96.55"),
        ("dossiers.resolved.comment", "", "Theo Trung tâm"),
        ("award.title", "", "Bằng khen"),  # not a figure: left as it is
    ]:
        AuditEntry.objects.create(
            report=draft_hue, source="excel", field=field, old_value=old, new_value=new
        )
    migration = importlib.import_module("officereports.reports.migrations.0008_audit_figure_keys")
    migration.colon_keys(apps, None)

    assert sorted(
        AuditEntry.objects.filter(report=draft_hue, source="excel").values_list("field", flat=True)
    ) == [
        "award.title",
        "dossiers.resolved:comment",
        "dossiers.resolved:qualifier",
        "dossiers.resolved:stated_percent",
    ]
    client.force_login(staff)
    name = "Hồ sơ đã giải quyết"
    assert history_cells(client, draft_hue, "dossiers.resolved")[:3] == [
        ("tải lên Excel", f"{name} (ghi chú)", "", "Theo Trung tâm", ""),
        ("tải lên Excel", f"{name} (tỷ lệ nêu trong báo cáo)", "98,2%", "96,55%", ""),
        ("tải lên Excel", f"{name} (cách ghi)", "chính xác", "hơn", ""),
    ]


def test_the_workflow_is_audited_through_the_same_helper(client, staff, chief, draft_hue):
    client.force_login(staff)
    complete_required(draft_hue)
    client.post(entry_url(draft_hue, "submit"), CONFIRM)
    client.force_login(chief)
    client.post(entry_url(draft_hue, "return"), {"reason": "Kiểm tra lại"})
    assert history_cells(client, draft_hue)[:2] == [
        ("nhập trên web", "Trạng thái", "Chờ duyệt", "Bị trả lại", "Kiểm tra lại"),
        ("nhập trên web", "Trạng thái", "Đang soạn", "Chờ duyệt", ""),
    ]
    assert Report.objects.get(pk=draft_hue.pk).status == "returned"


SOURCE = Path(__file__).resolve().parent.parent / "officereports"


def test_no_audit_entry_is_written_outside_the_audit_module():
    written = re.compile(r"(?<!class )\bAuditEntry\(|AuditEntry\.objects\.(create|bulk_create)")
    found = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if "migrations" not in path.parts
        and path.name != "audit.py"
        and written.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert written.search((SOURCE / "reports" / "audit.py").read_text(encoding="utf-8"))


def test_a_choice_of_another_table_is_audited_by_its_name_before_and_after(hue, khanh_hoa):
    from django import forms

    class OfficeForm(forms.ModelForm):
        class Meta:
            model = Report
            fields = ["office"]

    form = OfficeForm({"office": khanh_hoa.pk}, initial={"office": hue.pk})
    assert form.is_valid()
    assert audit.form_text(form, "office", initial=True) == str(hue)
    assert audit.form_text(form, "office", initial=False) == str(khanh_hoa)


def test_a_row_removed_in_the_admin_is_written_as_the_entry_page_writes_it(
    client, admin_user, draft_hue
):
    client.force_login(admin_user)
    url = reverse("admin:reports_report_change", args=[draft_hue.pk])
    data = form_data(client.get(url).text, form_id="report_form")
    assert data["attendees-0-name"] == "Nguyễn Văn Phương"
    data["attendees-0-DELETE"] = "on"
    data["_save"] = "Lưu lại"
    assert client.post(url, data).status_code == 302

    entry = AuditEntry.objects.get(report=draft_hue, source="admin", field="attendee")
    assert (entry.old_value, entry.new_value) == (
        "ong · Nguyễn Văn Phương · Chủ tịch UBND tỉnh",
        "",
    )
    assert history_cells(client, draft_hue)[0] == (
        "trang quản trị",
        "Đại biểu dự",
        "Ông · Nguyễn Văn Phương · Chủ tịch UBND tỉnh",
        "",
        "",
    )
