"""Required figures: a report is submitted only when each core figure is filled or marked
"không phát sinh" (not applicable) with a reason; submit and approve are confirmed; staff
withdraw a submission the chief has not acted on."""

import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from officereports.reports.interchange import export_reports
from officereports.reports.models import AuditEntry, Figure, Indicator, RateDefinition, Report
from tests.conftest import CONFIRM, complete_required, entry_url, form_data

REQUIRED = [
    "documents.incoming",
    "documents.outgoing",
    "advisory.program_planned",
    "advisory.program_passed",
    "reception.periodic_sessions",
    "petitions.received",
    "dossiers.received",
    "dossiers.resolved",
]
REASON = "Năm 2022 văn thư do Văn phòng Đoàn ĐBQH và HĐND tỉnh đảm nhận."


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def statuses(report):
    q = AuditEntry.objects.filter(report=report, field="status").order_by("id")
    return list(q.values_list("old_value", "new_value", "user__username"))


def test_the_catalogue_marks_the_core_figures_required_and_the_shares(db):
    required = Indicator.objects.filter(required=True).order_by("position")
    assert list(required.values_list("code", flat=True)) == REQUIRED
    shares = RateDefinition.objects.filter(is_share=True).order_by("position")
    assert list(shares.values_list("code", flat=True)) == [
        "rate.key_tasks_monitored",
        "rate.petitions_eligible",
        "rate.dossiers_on_time",
        "rate.dossiers_online",
        "rate.gov_tasks_done",
        "rate.petitions_cases_resolved",
        "rate.dossiers_early",
        "rate.dossiers_late",
        "rate.dossiers_electronic_result",
    ]


def test_an_empty_report_is_not_submitted_and_the_message_names_each_missing_figure(
    client, staff, hue
):
    client.force_login(staff)
    client.post(reverse("reports:create", args=["thua-thien-hue", 2023]), follow=True)
    report = Report.objects.get(office=hue, year=2023)

    response = client.post(entry_url(report, "submit"), CONFIRM, follow=True)

    assert messages_of(response) == [
        "Chưa gửi duyệt được: thiếu số liệu bắt buộc: Văn bản đến (tiếp nhận); Văn bản đi "
        "(tham mưu ban hành, phát hành); Chương trình, đề án, báo cáo, VBQPPL trong chương "
        "trình công tác năm; Chương trình, đề án, báo cáo, VBQPPL đã thông qua; Buổi tiếp "
        "công dân định kỳ của Chủ tịch, Phó Chủ tịch; Đơn thư tiếp nhận; Hồ sơ tiếp nhận; "
        "Hồ sơ đã giải quyết. Nhập số liệu, hoặc đánh dấu “Không phát sinh” và ghi lý do, "
        "rồi lưu nháp trước khi gửi."
    ]
    report.refresh_from_db()
    assert report.status == "draft"
    assert statuses(report) == [("", "draft", "staff")]


def test_the_huế_seed_lacks_only_its_documents_figures(client, staff, draft_hue):
    client.force_login(staff)
    response = client.post(entry_url(draft_hue, "submit"), CONFIRM, follow=True)
    assert messages_of(response) == [
        "Chưa gửi duyệt được: thiếu số liệu bắt buộc: Văn bản đến (tiếp nhận); Văn bản đi "
        "(tham mưu ban hành, phát hành). Nhập số liệu, hoặc đánh dấu “Không phát sinh” và "
        "ghi lý do, rồi lưu nháp trước khi gửi."
    ]
    draft_hue.refresh_from_db()
    assert draft_hue.status == "draft"


def test_a_submitted_report_missing_a_required_figure_is_not_approved(client, chief, hue_report):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.SUBMITTED)
    # Submitted before required figures existed (or changed in the database since).
    complete_required(hue_report)
    Figure.objects.filter(report=hue_report, indicator__code="petitions.received").delete()
    client.force_login(chief)
    response = client.post(entry_url(hue_report, "approve"), CONFIRM, follow=True)
    assert messages_of(response) == [
        "Chưa duyệt được: thiếu số liệu bắt buộc: Đơn thư tiếp nhận. Trả lại báo cáo để "
        "chuyên viên bổ sung."
    ]
    hue_report.refresh_from_db()
    assert hue_report.status == "submitted"


def _mark(data, code, reason=REASON, value=""):
    data[f"{code}-not_applicable"] = "on"
    data[f"{code}-explanation"] = reason
    data[f"{code}-value"] = value


def test_not_applicable_is_stored_without_a_value_and_then_the_report_is_submitted(
    client, entry, staff, draft_hue
):
    data = entry()
    _mark(data, "documents.incoming")
    _mark(data, "documents.outgoing")
    response = client.post(entry_url(draft_hue), data, follow=True)
    assert messages_of(response) == ["Đã lưu 4 thay đổi."]
    figures = Figure.objects.filter(report=draft_hue, indicator__code__startswith="documents.")
    assert sorted(
        figures.values_list("indicator__code", "value", "not_applicable", "explanation")
    ) == [
        ("documents.incoming", None, True, REASON),
        ("documents.outgoing", None, True, REASON),
    ]
    entries = AuditEntry.objects.filter(report=draft_hue, field__startswith="documents.incoming")
    assert sorted(entries.values_list("field", "old_value", "new_value")) == [
        ("documents.incoming:explanation", "", REASON),
        ("documents.incoming:not_applicable", "False", "True"),
    ]
    # The box stays ticked on the next load.
    again = form_data(client.get(entry_url(draft_hue)).text)
    assert again["documents.incoming-not_applicable"] == "on"
    assert again["documents.incoming-value"] == ""

    response = client.post(entry_url(draft_hue, "submit"), CONFIRM, follow=True)
    assert messages_of(response) == ["Đã gửi báo cáo để Chánh Văn phòng duyệt."]


def test_not_applicable_with_a_value_or_without_a_reason_is_refused_next_to_the_field(
    client, entry, draft_hue
):
    data = entry()
    _mark(data, "documents.incoming", value="52.900")
    _mark(data, "documents.outgoing", reason="  ")
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 200
    forms = response.context["entry"].figure_forms
    assert forms["documents.incoming"].errors == {
        "value": ["Đã đánh dấu “Không phát sinh”: xóa số liệu hoặc bỏ đánh dấu."]
    }
    assert forms["documents.outgoing"].errors == {
        "explanation": ["Ghi lý do không phát sinh vào ô giải trình."]
    }
    # Typed values stay, nothing is written.
    assert 'value="52.900"' in response.text
    assert not Figure.objects.filter(report=draft_hue, indicator__section="documents").exists()


def test_the_summary_shows_not_applicable_and_never_zero(client, staff, hue_report):
    complete_required(hue_report, reason=REASON)
    client.force_login(staff)
    response = client.get(entry_url(hue_report, "summary"))
    rows = {
        row["indicator"]: row["current"]
        for row in response.context["table"].data.data
        if row["indicator"].startswith("Văn bản đi")
    }
    assert list(rows) == ["Văn bản đi (tham mưu ban hành, phát hành)"]
    assert response.text.count(">không phát sinh</td>") == 2
    assert "0 văn bản" not in response.text
    assert "văn bản đi" not in " ".join(response.context["article"].paragraphs)


def test_the_json_interchange_carries_not_applicable_and_round_trips(seed_reports, tmp_path):
    hue_report = seed_reports[1]
    complete_required(hue_report, reason=REASON)
    exported = export_reports(Report.objects.all())
    assert exported["reports"][1]["figures"]["documents.incoming"] == {
        "value": None,
        "qualifier": "exact",
        "stated_percent": None,
        "comment": "",
        "explanation": REASON,
        "round_in_text": False,
        "not_applicable": True,
    }
    path = tmp_path / "out.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    Report.objects.all().delete()
    call_command("import_reports", str(path))
    assert export_reports(Report.objects.all()) == exported
    figure = Figure.objects.get(report__year=2022, indicator__code="documents.outgoing")
    assert (figure.value, figure.not_applicable, figure.explanation) == (None, True, REASON)


@pytest.mark.parametrize(
    "figure, message",
    [
        (
            {"value": 5, "not_applicable": True, "explanation": REASON},
            "đã ghi “không phát sinh” (not_applicable) thì 'value' phải là null",
        ),
        ({"value": None, "not_applicable": True}, "ghi lý do không phát sinh ở 'explanation'"),
        ({"value": None, "not_applicable": "có"}, "'not_applicable' phải là true hoặc false"),
    ],
)
def test_a_bad_not_applicable_in_an_import_is_refused(db, seed_data, tmp_path, figure, message):
    seed_data["reports"][1]["figures"]["documents.incoming"] = figure
    path = tmp_path / "in.json"
    path.write_text(json.dumps(seed_data), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_reports", str(path))
    assert (
        f"- báo cáo thua-thien-hue/2022, documents.incoming: {message}"
        in str(excinfo.value).splitlines()
    )
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "action, user, message",
    [
        (
            "submit",
            "staff",
            "Đánh dấu ô “Tôi đã kiểm tra số liệu…” để xác nhận trước khi gửi duyệt.",
        ),
        ("approve", "chief", "Đánh dấu ô “Tôi đã kiểm tra số liệu…” để xác nhận trước khi duyệt."),
    ],
)
def test_submit_and_approve_need_the_confirmation_box(
    request, client, draft_hue, action, user, message
):
    complete_required(draft_hue)
    if action == "approve":
        Report.objects.filter(pk=draft_hue.pk).update(status=Report.Status.SUBMITTED)
    client.force_login(request.getfixturevalue(user))
    before = Report.objects.get(pk=draft_hue.pk).status

    response = client.post(entry_url(draft_hue, action), follow=True)

    assert messages_of(response) == [message]
    assert Report.objects.get(pk=draft_hue.pk).status == before
    # The form carries the box, required by the browser as well.
    assert f'name="confirm" value="1" id="id_confirm_{action}" required' in response.text
    client.post(entry_url(draft_hue, action), CONFIRM)
    assert Report.objects.get(pk=draft_hue.pk).status != before


def test_staff_withdraw_a_submission_the_chief_has_not_acted_on(client, staff, chief, draft_hue):
    complete_required(draft_hue)
    client.force_login(staff)
    response = client.post(entry_url(draft_hue, "submit"), CONFIRM, follow=True)
    assert response.context["actions"] == ["withdraw"]
    assert "Rút lại</button>" in response.text

    response = client.post(entry_url(draft_hue, "withdraw"), follow=True)

    assert messages_of(response) == ["Đã rút lại báo cáo; báo cáo trở về trạng thái đang soạn."]
    draft_hue.refresh_from_db()
    assert draft_hue.status == "draft"
    assert response.context["editable"] is True
    assert statuses(draft_hue) == [
        ("draft", "submitted", "staff"),
        ("submitted", "draft", "staff"),
    ]

    # Once the chief has approved, there is nothing to withdraw.
    client.post(entry_url(draft_hue, "submit"), CONFIRM, follow=True)
    client.force_login(chief)
    client.post(entry_url(draft_hue, "approve"), CONFIRM, follow=True)
    client.force_login(staff)
    response = client.post(entry_url(draft_hue, "withdraw"), follow=True)
    assert messages_of(response) == ["Báo cáo đang ở trạng thái “Đã duyệt”, không thể rút lại."]
    draft_hue.refresh_from_db()
    assert draft_hue.status == "approved"


def test_a_leader_cannot_withdraw(client, leader, hue_report):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.SUBMITTED)
    client.force_login(leader)
    assert client.post(entry_url(hue_report, "withdraw")).status_code == 403
    assert Report.objects.get(pk=hue_report.pk).status == "submitted"


def test_the_admin_refuses_not_applicable_with_a_value(client, admin_user, draft_hue):
    hue_report = draft_hue  # a draft: an approved report is not for editing here
    client.force_login(admin_user)
    url = reverse("admin:reports_report_change", args=[hue_report.pk])
    data = form_data(client.get(url).text, form_id="report_form")
    (prefix,) = {
        key.removesuffix("-indicator")
        for key, value in data.items()
        if key.endswith("-indicator") and value == str(load_indicator("dossiers.received").pk)
    }
    data[f"{prefix}-not_applicable"] = "on"
    data[f"{prefix}-explanation"] = REASON
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Đã đánh dấu “Không phát sinh”: xóa số liệu hoặc bỏ đánh dấu." in response.text
    figure = Figure.objects.get(report=hue_report, indicator__code="dossiers.received")
    assert (figure.value, figure.not_applicable) == (83408, False)


def load_indicator(code):
    return Indicator.objects.get(code=code)


def test_an_upload_keeps_the_mark_on_a_blank_cell_and_a_value_replaces_it(client, staff, draft_hue):
    """The Excel template has no "không phát sinh" column: the mark stays while the value
    cell is blank, and a value typed in the file replaces it (never both)."""
    complete_required(draft_hue, reason=REASON)
    client.force_login(staff)
    template = client.get(reverse("reports:template", args=["thua-thien-hue", 2022]))
    wb = load_workbook(BytesIO(template.content))
    ws = wb["Số liệu"]
    rows = {ws.cell(r, 2).value: r for r in range(8, ws.max_row + 1) if ws.cell(r, 2).value}
    assert ws.cell(rows["documents.outgoing"], 5).value is None
    ws.cell(rows["documents.incoming"], 5).value = 52900
    buffer = BytesIO()
    wb.save(buffer)
    url = reverse("reports:upload", args=["thua-thien-hue", 2022])
    page = client.post(
        url, {"file": SimpleUploadedFile("mau.xlsx", buffer.getvalue())}, follow=True
    )
    assert [(c.code, c.what, c.old, c.new) for c in page.context["changes"]] == [
        ("documents.incoming", "Số liệu", "", "52.900"),
        ("documents.incoming", "Không phát sinh", "có", "không"),
    ]
    confirm = reverse("reports:upload_confirm", args=["thua-thien-hue", 2022])
    assert client.post(confirm, {"token": page.context["pending"]["token"]}).status_code == 302
    figures = Figure.objects.filter(report=draft_hue, indicator__section="documents")
    assert sorted(figures.values_list("indicator__code", "value", "not_applicable")) == [
        ("documents.incoming", 52900, False),
        ("documents.outgoing", None, True),
    ]
