"""Approved means locked, in every write path and for everyone: a save that was checked
before an approval is refused on the locked row, every workflow step moves the version on,
an administrator sees an approved report read-only (entry page and admin) until it is
reopened with a reason, and the entry page's rows are capped.

The races are interleaved deterministically: the approval runs at the exact point between
a writer's first check and its write (no timing). Run on SQLite and on PostgreSQL
(DATABASE_URL=postgres://…).
"""

import re

import pytest
from django.contrib.admin import site
from django.db import transaction
from django.urls import reverse

from officereports.reports import entry as entry_forms
from officereports.reports import upload, views, workflow
from officereports.reports.models import AuditEntry, Figure, Report
from tests.conftest import (
    entry_url,
    form_data,
    set_template_cell,
    template_workbook,
    upload_file,
    workbook_file,
)
from tests.test_upload import _confirm, upload_key

LOCKED = (
    "Chưa lưu: báo cáo vừa được duyệt nên số liệu đã khóa; không có gì thay đổi. Nếu cần "
    "sửa, báo cáo phải được mở lại (có ghi lý do)."
)


def snapshot(report):
    """Everything a save could change: figures, audit trail, status and version."""
    row = Report.objects.get(pk=report.pk)
    figures = Figure.objects.filter(report=report).order_by("indicator__code")
    return (
        list(figures.values_list("indicator__code", "value", "comment")),
        AuditEntry.objects.filter(report=report).count(),
        row.status,
        row.version,
        list(report.attendees.values_list("name", flat=True)),
        row.byline,
    )


def approve(report, staff, chief):
    """The chief's side of the race: submit then approve, each on the locked row as the
    workflow view takes them."""
    for action, user in (("submit", staff), ("approve", chief)):
        with transaction.atomic():
            locked = Report.objects.select_for_update().get(pk=report.pk)
            workflow.transition(locked, action, user)


def value(report, code):
    return Figure.objects.get(report=report, indicator__code=code).value


# --- 1. the entry form, the upload and the workflow


def test_every_workflow_step_moves_the_version_on(staff, chief, draft_hue):
    start = Report.objects.get(pk=draft_hue.pk).version
    approve(draft_hue, staff, chief)
    assert Report.objects.get(pk=draft_hue.pk).version == start + 2
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=draft_hue.pk)
        workflow.transition(locked, "reopen", chief, "Sửa số hồ sơ")
        assert locked.version == start + 3  # the instance knows its new version
    assert Report.objects.get(pk=draft_hue.pk).version == start + 3


def test_a_save_validated_before_the_approval_is_refused_on_the_locked_row(
    client, staff, chief, draft_hue
):
    client.force_login(staff)
    data = form_data(client.get(entry_url(draft_hue)).text)
    data["dossiers.resolved-value"] = "82.000"
    data["report-byline"] = "H.N"
    # The entry POST: the report read without a lock, the form built and cleaned...
    read = Report.objects.select_related("office__unit").get(pk=draft_hue.pk)
    assert read.may_edit("staff")
    form = views._entry_form(read, data)
    assert form.is_valid()
    # ...while the chief submits and approves...
    approve(draft_hue, staff, chief)
    before = snapshot(draft_hue)
    assert before[2] == "approved"

    # ...then the save: refused under the lock, nothing written.
    assert form.save(staff) is False
    assert form.locked == LOCKED
    assert snapshot(draft_hue) == before
    assert value(draft_hue, "dossiers.resolved") == 81_948


def test_the_entry_page_says_so_when_the_approval_lands_while_it_saves(
    client, staff, chief, draft_hue, monkeypatch
):
    client.force_login(staff)
    data = form_data(client.get(entry_url(draft_hue)).text)
    data["dossiers.resolved-value"] = "82.000"
    check = entry_forms.EntryForm._check_figures
    states = []

    def approved_while_cleaning(self):
        # The approval lands after the view's permission check and before the save.
        approve(draft_hue, staff, chief)
        states.append(snapshot(draft_hue))
        return check(self)

    monkeypatch.setattr(entry_forms.EntryForm, "_check_figures", approved_while_cleaning)
    response = client.post(entry_url(draft_hue), data)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [LOCKED]
    assert snapshot(draft_hue) == states[0]
    # The page is read-only now, and still shows what was typed.
    assert "Lưu nháp</button>" not in response.text
    assert form_data(response.text)["dossiers.resolved-value"] == "82.000"


def test_an_upload_confirmed_after_an_approval_is_refused(
    client, staff, chief, draft_hue, monkeypatch
):
    wb = template_workbook(client, staff)
    set_template_cell(wb, "dossiers.resolved", 5, 82000)
    upload_file(client, workbook_file(wb))
    token = client.session[upload_key()]["token"]
    refuse_on_errors = upload.refuse_on_errors
    states = []

    def approved_meanwhile(found, parsed):
        # The confirmation has read the report (a draft) and checked the figures; the
        # approval lands before the write.
        approve(draft_hue, staff, chief)
        states.append(snapshot(draft_hue))
        return refuse_on_errors(found, parsed)

    monkeypatch.setattr(upload, "refuse_on_errors", approved_meanwhile)
    response = _confirm(client, token)

    assert response.status_code == 302
    assert snapshot(draft_hue) == states[0]
    assert value(draft_hue, "dossiers.resolved") == 81_948
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [LOCKED]
    assert upload_key() not in client.session


def test_an_upload_confirmed_after_an_approval_between_preview_and_confirm(
    client, staff, chief, draft_hue
):
    wb = template_workbook(client, staff)
    set_template_cell(wb, "dossiers.resolved", 5, 82000)
    upload_file(client, workbook_file(wb))
    token = client.session[upload_key()]["token"]
    approve(draft_hue, staff, chief)
    before = snapshot(draft_hue)

    response = _confirm(client, token)

    assert response.status_code == 403
    assert "đã được duyệt nên số liệu đã khóa, không tải lên được" in response.text
    assert snapshot(draft_hue) == before


# --- 2. administrators too


def test_an_administrator_cannot_save_the_entry_page_of_an_approved_report(
    client, admin_user, draft_hue
):
    client.force_login(admin_user)
    data = form_data(client.get(entry_url(draft_hue)).text)
    data["dossiers.resolved-value"] = "82.000"
    Report.objects.filter(pk=draft_hue.pk).update(status=Report.Status.APPROVED)
    before = snapshot(draft_hue)

    response = client.post(entry_url(draft_hue), data)

    assert response.status_code == 403
    assert snapshot(draft_hue) == before


def test_an_administrator_sees_an_approved_report_read_only_with_the_reopen_button(
    client, admin_user, hue_report
):
    assert hue_report.status == "approved"
    assert hue_report.may_edit(None, is_superuser=True) is False
    client.force_login(admin_user)
    response = client.get(entry_url(hue_report))
    assert response.status_code == 200
    assert "Lưu nháp</button>" not in response.text
    assert '<fieldset class="plain" disabled>' in response.text
    assert "Mở lại báo cáo</button>" in response.text
    assert (
        "Báo cáo đang ở chế độ chỉ xem: chỉ sửa được khi đang soạn hoặc bị trả lại."
        in response.text
    )


def test_an_administrator_edits_a_reopened_report(client, admin_user, hue_report):
    client.force_login(admin_user)
    response = client.post(entry_url(hue_report, "reopen"), {"reason": "Sửa số hồ sơ"})
    assert response.status_code == 302
    data = form_data(client.get(entry_url(hue_report)).text)
    data["dossiers.resolved-value"] = "82.000"
    assert client.post(entry_url(hue_report), data).status_code == 302
    assert value(hue_report, "dossiers.resolved") == 82_000


def _admin_url(report):
    return reverse("admin:reports_report_change", args=[report.pk])


def test_the_admin_shows_an_approved_report_read_only(client, admin_user, hue_report):
    client.force_login(admin_user)
    response = client.get(_admin_url(hue_report))
    assert response.status_code == 200
    [title] = re.findall(r"<title>(.*?)</title>", response.text, re.S)
    assert title.startswith("Văn phòng UBND tỉnh Thừa Thiên Huế – 2022 | Xem báo cáo năm |")
    assert 'name="_save"' not in response.text
    assert 'name="figures-0-value"' not in response.text
    delete = reverse("admin:reports_report_delete", args=[hue_report.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Report.objects.filter(pk=hue_report.pk).exists()


def test_a_post_to_the_admin_change_form_of_an_approved_report_changes_nothing(
    client, admin_user, chief, staff, draft_hue
):
    # The administrator opened the change form while it was a draft...
    client.force_login(admin_user)
    html = client.get(_admin_url(draft_hue)).text
    data = form_data(html, form_id="report_form")
    prefix = next(
        key.removesuffix("-value")
        for key, found in data.items()
        if key.startswith("figures-") and key.endswith("-value") and found == "81948"
    )
    data[f"{prefix}-value"] = "82000"
    data["byline"] = "H.N"
    data["attendees-0-name"] = "Nguyễn Văn Khác"
    data["_save"] = "Lưu lại"
    # ...the chief approved it meanwhile...
    approve(draft_hue, staff, chief)
    before = snapshot(draft_hue)

    response = client.post(_admin_url(draft_hue), data)

    assert response.status_code == 403
    assert snapshot(draft_hue) == before
    assert value(draft_hue, "dossiers.resolved") == 81_948
    # The inlines are read-only too.
    report_admin = site._registry[Report]
    request = client.get(_admin_url(draft_hue)).wsgi_request
    approved = Report.objects.get(pk=draft_hue.pk)
    for inline in report_admin.get_inline_instances(request, approved):
        assert not inline.has_change_permission(request, approved)
        assert not inline.has_add_permission(request, approved)
        assert not inline.has_delete_permission(request, approved)


# --- 3. the rows are capped


@pytest.mark.parametrize(
    "prefix,key,cap,message",
    [
        ("attendees", "attendee", 200, "Tối đa 200 đại biểu dự; bỏ bớt dòng rồi lưu lại."),
        ("directives", "directive", 50, "Tối đa 50 ý kiến chỉ đạo; bỏ bớt dòng rồi lưu lại."),
        ("awards", "award", 50, "Tối đa 50 hình thức khen thưởng; bỏ bớt dòng rồi lưu lại."),
    ],
)
def test_a_page_posting_thousands_of_rows_is_refused_in_words(
    client, staff, draft_hue, prefix, key, cap, message
):
    client.force_login(staff)
    data = form_data(client.get(entry_url(draft_hue)).text)
    data["dossiers.resolved-value"] = "82.000"
    data[f"{prefix}-TOTAL_FORMS"] = "5000"
    before = snapshot(draft_hue)

    response = client.post(entry_url(draft_hue), data)

    assert response.status_code == 200
    formset = response.context["entry"].formsets[key]
    assert formset.non_form_errors() == [message]
    # No more forms than the cap were built, whatever the page claimed.
    assert formset.total_form_count() == cap
    assert len(formset.forms) == cap
    assert (f"rows-{key}", message, "error") in response.context["entry"].problems()
    assert message in response.text
    assert snapshot(draft_hue) == before


def test_the_caps_are_what_the_page_says(client, staff, draft_hue):
    client.force_login(staff)
    data = form_data(client.get(entry_url(draft_hue)).text)
    assert [data[f"{p}-MAX_NUM_FORMS"] for p in ("attendees", "directives", "awards")] == [
        "200",
        "50",
        "50",
    ]


# --- 16. the entry page's title


def test_the_entry_page_title_names_the_office(client, staff, draft_hue):
    client.force_login(staff)
    html = client.get(entry_url(draft_hue)).text
    [title] = re.findall(r"<title>(.*?)</title>", html, re.S)
    assert title == "Nhập số liệu – Văn phòng UBND tỉnh Thừa Thiên Huế – 2022"


def test_the_title_is_the_same_after_a_refused_save(client, staff, draft_hue):
    client.force_login(staff)
    data = form_data(client.get(entry_url(draft_hue)).text)
    data["dossiers.resolved-value"] = "abc"
    html = client.post(entry_url(draft_hue), data).text
    [title] = re.findall(r"<title>(.*?)</title>", html, re.S)
    assert title == "Nhập số liệu – Văn phòng UBND tỉnh Thừa Thiên Huế – 2022"
