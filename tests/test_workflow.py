"""Draft → submitted → approved, or returned with a reason; approved is locked; an
administrator reopens with a reason; a new year starts from the office's previous data."""

from django.urls import reverse

from officereports.reports.models import AuditEntry, Report
from tests.conftest import CONFIRM, complete_required, entry_url, form_data


def statuses(report):
    q = AuditEntry.objects.filter(report=report, field="status", source="form").order_by("id")
    return list(q.values_list("old_value", "new_value", "user__username", "reason"))


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_staff_submit_and_the_chief_approves(client, staff, chief, draft_hue):
    complete_required(draft_hue)
    client.force_login(staff)
    response = client.post(entry_url(draft_hue, "submit"), CONFIRM, follow=True)
    assert messages_of(response) == ["Đã gửi báo cáo để Chánh Văn phòng duyệt."]
    draft_hue.refresh_from_db()
    assert draft_hue.status == "submitted"
    # Submitted: staff read the page but can no longer change it.
    assert response.context["editable"] is False
    assert '<fieldset class="plain" disabled>' in response.text
    assert client.post(entry_url(draft_hue), form_data(response.text)).status_code == 403

    client.force_login(chief)
    page = client.get(entry_url(draft_hue))
    assert page.context["actions"] == ["return", "approve", "withdraw"]
    response = client.post(entry_url(draft_hue, "approve"), CONFIRM, follow=True)
    assert messages_of(response) == ["Đã duyệt báo cáo. Số liệu đã được khóa."]
    draft_hue.refresh_from_db()
    assert draft_hue.status == "approved"
    assert statuses(draft_hue) == [
        ("draft", "submitted", "staff", ""),
        ("submitted", "approved", "chief", ""),
    ]


def test_an_approved_report_is_locked_for_staff_and_chief(client, staff, chief, hue_report):
    for user in (staff, chief):
        client.force_login(user)
        page = client.get(entry_url(hue_report))
        assert page.context["editable"] is False
        assert page.context["actions"] == []
        assert client.post(entry_url(hue_report), form_data(page.text)).status_code == 403
    hue_report.refresh_from_db()
    assert hue_report.version == 1


def test_the_chief_returns_with_a_reason_that_staff_then_read(client, staff, chief, draft_hue):
    draft_hue.status = Report.Status.SUBMITTED
    draft_hue.save()
    client.force_login(chief)
    response = client.post(entry_url(draft_hue, "return"), {"reason": "  "}, follow=True)
    assert messages_of(response) == ["Ghi lý do trước khi trả lại."]
    draft_hue.refresh_from_db()
    assert draft_hue.status == "submitted"

    reason = "Bổ sung số hồ sơ trực tuyến"
    client.post(entry_url(draft_hue, "return"), {"reason": reason})
    draft_hue.refresh_from_db()
    assert draft_hue.status == "returned"
    assert statuses(draft_hue) == [("submitted", "returned", "chief", reason)]

    client.force_login(staff)
    page = client.get(entry_url(draft_hue))
    assert page.context["editable"] is True
    assert page.context["actions"] == ["submit"]
    assert f"Lý do: <em>{reason}</em>" in page.text


def test_a_step_the_status_does_not_allow_is_refused_with_a_message(client, chief, draft_hue):
    client.force_login(chief)
    response = client.post(entry_url(draft_hue, "approve"), follow=True)
    assert messages_of(response) == ["Báo cáo đang ở trạng thái “Đang soạn”, không thể duyệt."]
    draft_hue.refresh_from_db()
    assert draft_hue.status == "draft"
    assert statuses(draft_hue) == []


def test_submitting_needs_an_explanation_on_each_warned_figure(client, staff, draft_hue):
    complete_required(draft_hue)
    client.force_login(staff)
    data = form_data(client.get(entry_url(draft_hue)).text)
    data["advisory.program_passed-value"] = "210"  # more than the 206 planned: a warning
    saved = client.post(entry_url(draft_hue), data, follow=True)
    assert messages_of(saved) == ["Đã lưu 1 thay đổi."]

    response = client.post(entry_url(draft_hue, "submit"), CONFIRM, follow=True)
    assert messages_of(response) == [
        "Chưa gửi được: sửa các lỗi và ghi giải trình cho từng số liệu có cảnh báo, rồi lưu "
        "nháp trước khi gửi.",
        "Chương trình, đề án, báo cáo, VBQPPL đã thông qua (210) lớn hơn Chương trình, đề án, "
        "báo cáo, VBQPPL trong chương trình công tác năm (206). Kiểm tra lại hoặc ghi giải trình.",
    ]
    draft_hue.refresh_from_db()
    assert draft_hue.status == "draft"

    data = form_data(response.text)
    data["advisory.program_passed-explanation"] = "Có 4 nội dung bổ sung ngoài chương trình."
    assert client.post(entry_url(draft_hue), data).status_code == 302
    client.post(entry_url(draft_hue, "submit"), CONFIRM)
    draft_hue.refresh_from_db()
    assert draft_hue.status == "submitted"


def test_an_administrator_reopens_an_approved_report_with_a_reason(
    client, admin_user, staff, hue_report
):
    client.force_login(admin_user)
    response = client.post(entry_url(hue_report, "reopen"), follow=True)
    assert messages_of(response) == ["Ghi lý do trước khi mở lại."]
    client.post(entry_url(hue_report, "reopen"), {"reason": "Sửa số hồ sơ theo công văn 12"})
    hue_report.refresh_from_db()
    assert hue_report.status == "draft"
    assert statuses(hue_report) == [("approved", "draft", "admin", "Sửa số hồ sơ theo công văn 12")]
    client.force_login(staff)
    assert client.get(entry_url(hue_report)).context["editable"] is True


def test_a_new_year_starts_from_the_offices_data_but_not_its_figures(client, staff, draft_hue):
    draft_hue.conference.title = "hội nghị cán bộ, công chức, viên chức năm 2022"
    draft_hue.conference.place = "Trụ sở UBND tỉnh"
    draft_hue.conference.save()
    client.force_login(staff)

    response = client.post(reverse("reports:create", args=["thua-thien-hue", 2023]), follow=True)

    assert response.redirect_chain == [("/reports/thua-thien-hue/2023/edit/", 302)]
    assert messages_of(response) == ["Đã tạo báo cáo năm 2023."]
    report = Report.objects.get(office__slug="thua-thien-hue", year=2023)
    assert (report.status, report.source) == ("draft", "Báo Thừa Thiên Huế online")
    assert dict(report.section_units.values_list("section", "unit_name")) == {
        "dossiers": "Trung tâm Phục vụ hành chính công tỉnh"
    }
    assert (report.conference.title, report.conference.place, report.conference.date) == (
        "hội nghị cán bộ, công chức, viên chức năm 2023",
        "Trụ sở UBND tỉnh",
        None,
    )
    assert report.figures.count() == 0
    assert report.attendees.count() == 0
    assert statuses(report) == [("", "draft", "staff", "Tạo báo cáo mới, theo báo cáo năm 2022")]
    # Last year's values stand beside the empty fields.
    assert '<td class="num prev" data-label="Năm 2022">83.408</td>' in response.text


def test_creating_a_year_that_exists_opens_it(client, staff, draft_hue):
    client.force_login(staff)
    response = client.post(reverse("reports:create", args=["thua-thien-hue", 2022]), follow=True)
    assert messages_of(response) == ["Báo cáo năm 2022 đã có."]
    assert Report.objects.filter(office__slug="thua-thien-hue").count() == 1


def test_a_year_out_of_range_cannot_be_created(client, staff, hue):
    client.force_login(staff)
    assert client.post(reverse("reports:create", args=["thua-thien-hue", 3000])).status_code == 404
    assert not Report.objects.exists()
