"""The template round trip: download, fill offline, upload, preview, confirm."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from officereports.reports import upload
from officereports.reports.models import AuditEntry, Figure, Report
from tests.conftest import (
    screenshot,
    template_rows,
    template_workbook,
    upload_file,
    workbook_file,
)

HUE = ("thua-thien-hue", 2022)


@pytest.fixture
def draft(hue_report):
    """The Huế 2022 seed, reopened as a draft so that staff may upload to it."""
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.DRAFT)
    hue_report.refresh_from_db()
    return hue_report


def _confirm(client, token, slug="thua-thien-hue", year=2022):
    url = reverse("reports:upload_confirm", args=[slug, year])
    return client.post(url, {"token": token})


def _snapshot(report):
    figures = Figure.objects.filter(report=report).order_by("indicator__code")
    return (
        list(
            figures.values_list(
                "indicator__code", "value", "qualifier", "stated_percent", "comment"
            )
        ),
        AuditEntry.objects.filter(report=report).count(),
        Report.objects.get(pk=report.pk).version,
    )


def test_the_template_has_one_row_per_indicator_prefilled(client, staff, draft, catalog):
    wb = template_workbook(client, staff)
    ws = wb["Số liệu"]
    assert wb.sheetnames == ["Số liệu", "Thông tin tệp"]
    assert [ws.cell(3, c).value for c in (2, 3, 4, 5, 7, 8)] == [
        "Mã văn phòng",
        "thua-thien-hue",
        "Năm báo cáo",
        2022,
        "Mẫu",
        "officereports/template/1",
    ]
    assert [c.value for c in ws[7]] == [
        "STT",
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Số liệu",
        "Cách ghi",
        "Tỷ lệ nêu trong báo cáo (%)",
        "Ghi chú",
    ]
    rows = template_rows(ws)
    assert list(rows) == list(catalog.indicators)
    values = draft.values()
    for code, row in rows.items():
        assert ws.cell(row, 5).value == values.get(code), code
    resolved = rows["dossiers.resolved"]
    assert ws.cell(resolved, 5).number_format == "#,##0"
    assert ws.cell(resolved, 7).value == 98.2
    monitored = rows["advisory.key_tasks_monitored"]
    assert ws.cell(monitored, 8).value == "Báo cáo chỉ nêu tỷ lệ, không nêu số nhiệm vụ."
    assert ws.cell(rows["documents.incoming"], 5).value is None
    assert ws.freeze_panes == "E8"


def test_the_template_offers_validation_lists(client, staff, draft, catalog):
    ws = template_workbook(client, staff)["Số liệu"]
    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    last = 7 + len(catalog.indicators) + 5
    qualifier = validations[f"F8:F{last}"]
    assert (qualifier.type, qualifier.formula1) == ("list", '"hơn,trên,gần,khoảng"')
    count = validations[f"E8:E{last}"]
    assert (count.type, count.operator, count.formula1, count.formula2) == (
        "whole",
        "between",
        "0",
        "1000000000",
    )
    assert validations[f"G8:G{last}"].type == "decimal"


def test_the_template_shows_qualifiers_of_approximate_counts(client, outsider, khanh_hoa_report):
    Report.objects.filter(pk=khanh_hoa_report.pk).update(status=Report.Status.DRAFT)
    ws = template_workbook(client, outsider, "khanh-hoa", 2020)["Số liệu"]
    row = template_rows(ws)["documents.incoming"]
    assert ws.cell(row, 5).value == 52900
    assert ws.cell(row, 5).number_format == '"hơn "#,##0'
    assert ws.cell(row, 6).value == "hơn"


def test_an_unchanged_template_changes_nothing(client, staff, draft):
    before = _snapshot(draft)
    response = upload_file(client, workbook_file(template_workbook(client, staff)))
    assert response.status_code == 302
    page = client.get(reverse("reports:upload", args=HUE))
    assert page.context["changes"] == []
    assert "Tệp không làm thay đổi số liệu nào." in page.text
    assert "Xác nhận cập nhật" not in page.text
    assert _snapshot(draft) == before


def test_the_round_trip_previews_then_writes_every_change(client, staff, draft, catalog):
    wb = template_workbook(client, staff)
    ws = wb["Số liệu"]
    rows = template_rows(ws)
    ws.cell(rows["dossiers.resolved"], 5).value = 82000
    ws.cell(rows["documents.incoming"], 5).value = 52937
    ws.cell(rows["documents.incoming"], 6).value = "hơn"
    ws.cell(rows["advisory.council_submissions"], 5).value = None
    ws.cell(rows["petitions.received"], 7).value = 96.55
    injected = '=HYPERLINK("http://evil.example","x")'
    ws.cell(rows["petitions.eligible"], 8).value = injected
    ws.cell(rows["petitions.eligible"], 8).data_type = "s"
    assert upload_file(client, workbook_file(wb, "hue-2022.xlsx")).status_code == 302

    page = client.get(reverse("reports:upload", args=HUE))
    changes = [(c.code, c.row, c.what, c.old, c.new) for c in page.context["changes"]]
    assert changes == [
        ("documents.incoming", rows["documents.incoming"], "Số liệu", "", "hơn 52.937"),
        (
            "advisory.council_submissions",
            rows["advisory.council_submissions"],
            "Số liệu",
            "133",
            "",
        ),
        ("petitions.received", rows["petitions.received"], "Tỷ lệ nêu trong báo cáo", "", "96,55%"),
        ("petitions.eligible", rows["petitions.eligible"], "Ghi chú", "", injected),
        ("dossiers.resolved", rows["dossiers.resolved"], "Số liệu", "81.948", "82.000"),
    ]
    assert "Xem trước tệp “hue-2022.xlsx”" in page.text
    assert "81.948" in page.text and "82.000" in page.text
    # The petition identity holds (728 + 26 = 754): no finding at all.
    assert page.context["warnings"] == [] and page.context["errors"] == []
    assert Figure.objects.get(report=draft, indicator__code="dossiers.resolved").value == 81948

    response = _confirm(client, page.context["pending"]["token"])
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:upload", args=HUE)
    figures = {f.indicator.code: f for f in Figure.objects.filter(report=draft)}
    assert figures["dossiers.resolved"].value == 82000
    assert figures["dossiers.resolved"].updated_by == staff
    assert (figures["documents.incoming"].value, figures["documents.incoming"].qualifier) == (
        52937,
        "hon",
    )
    assert figures["advisory.council_submissions"].value is None
    assert figures["petitions.received"].stated_percent == Decimal("96.55")
    assert figures["petitions.eligible"].comment == injected
    audit = AuditEntry.objects.filter(report=draft, source=AuditEntry.Source.EXCEL)
    assert sorted(audit.values_list("field", "old_value", "new_value", "user")) == sorted(
        [
            ("documents.incoming", "", "52937", staff.pk),
            ("documents.incoming:qualifier", "exact", "hon", staff.pk),
            ("advisory.council_submissions", "133", "", staff.pk),
            ("petitions.received:stated_percent", "", "96.55", staff.pk),
            ("petitions.eligible:comment", "", injected, staff.pk),
            ("dossiers.resolved", "81948", "82000", staff.pk),
        ]
    )
    draft.refresh_from_db()
    assert draft.version == 2
    rate = draft.rate_results(catalog)["rate.dossiers_resolved"]
    assert rate.computed == Decimal("98.3")  # 82.000 / 83.408 = 98,31…%
    done = client.get(reverse("reports:upload", args=HUE))
    assert "Đã cập nhật 5 chỉ tiêu từ tệp Excel." in done.text
    assert done.context["pending"] is None

    # The next template carries the new values back out, the injected comment as text.
    again = template_workbook(client, staff)["Số liệu"]
    assert again.cell(rows["dossiers.resolved"], 5).value == 82000
    assert again.cell(rows["documents.incoming"], 6).value == "hơn"
    assert again.cell(rows["petitions.eligible"], 8).value == injected
    assert again.cell(rows["petitions.eligible"], 8).data_type == "s"


def test_the_preview_lists_warnings(client, staff, draft):
    wb = template_workbook(client, staff)
    ws = wb["Số liệu"]
    rows = template_rows(ws)
    ws.cell(rows["petitions.eligible"], 5).value = 700
    upload_file(client, workbook_file(wb))
    page = client.get(reverse("reports:upload", args=HUE))
    assert [w.check for w in page.context["warnings"]] == ["petitions.parts_eq_received"]
    assert (
        "Cảnh báo: Tổng Đơn đủ điều kiện xử lý + Đơn không đủ điều kiện xử lý (726) khác "
        "Đơn thư tiếp nhận (754)." in page.text
    )
    assert "Xác nhận cập nhật 1 thay đổi" in page.text


def _set(code, column, value, data_type=None):
    def change(ws):
        cell = ws.cell(template_rows(ws)[code], column)
        cell.value = value
        if data_type:
            cell.data_type = data_type

    return change


def _add_row(code, value):
    def change(ws):
        row = ws.max_row + 1
        ws.cell(row, 2).value = code
        ws.cell(row, 5).value = value

    return change


BAD_CELLS = [
    (
        "unknown code",
        _add_row("dossiers.lost", 5),
        "cột “Mã chỉ tiêu”: mã chỉ tiêu “dossiers.lost” không có trong danh mục.",
    ),
    (
        "duplicate code",
        _add_row("petitions.received", 760),
        "cột “Mã chỉ tiêu”: mã chỉ tiêu “petitions.received” lặp lại (đã có ở dòng {row}).",
    ),
    (
        "text in a number cell",
        _set("petitions.received", 5, "bảy trăm"),
        "cột “Số liệu”: ô chứa chữ “bảy trăm”, không phải số; hãy nhập số.",
    ),
    (
        "digits typed as text",
        _set("petitions.received", 5, "754"),
        "cột “Số liệu”: ô chứa chữ “754”, không phải số; hãy nhập số.",
    ),
    (
        "formula in a number cell",
        _set("petitions.received", 5, "=700+54"),
        "cột “Số liệu”: ô chứa công thức (=700+54); hãy nhập số.",
    ),
    (
        "negative number",
        _set("petitions.received", 5, -754),
        "cột “Số liệu”: Số liệu không được âm. (giá trị: -754)",
    ),
    (
        "fraction",
        _set("petitions.received", 5, 754.5),
        "cột “Số liệu”: Nhập một số nguyên, không có phần thập phân. (giá trị: 754.5)",
    ),
    (
        "unknown qualifier",
        _set("petitions.received", 6, "chừng"),
        "cột “Cách ghi”: “chừng” không hợp lệ; chọn một trong “chính xác”, “hơn”, “trên”, "
        "“gần”, “khoảng”.",
    ),
    (
        "a part larger than its whole",
        _set("petitions.eligible", 5, 800),
        "Đơn đủ điều kiện xử lý (800) không được lớn hơn Đơn thư tiếp nhận (754). "
        "Sửa lại một trong hai số.",
    ),
]


@pytest.mark.parametrize(
    "change, message", [c[1:] for c in BAD_CELLS], ids=[c[0] for c in BAD_CELLS]
)
def test_a_bad_cell_refuses_the_file_naming_sheet_and_row(client, staff, draft, change, message):
    before = _snapshot(draft)
    wb = template_workbook(client, staff)
    ws = wb["Số liệu"]
    rows = template_rows(ws)
    change(ws)
    response = upload_file(client, workbook_file(wb))
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 1
    row = rows["petitions.eligible" if "800" in message else "petitions.received"]
    if "Mã chỉ tiêu" in message:
        row = ws.max_row
    separator = ", " if message.startswith("cột") else ": "
    expected = f"Trang “Số liệu”, dòng {row}{separator}" + message
    assert problems[0] == expected.format(row=rows["petitions.received"])
    assert "Tệp chưa được nhận, không có số liệu nào thay đổi:" in response.text
    assert response.context["pending"] is None
    assert _snapshot(draft) == before


def test_every_problem_of_a_file_is_listed_at_once(client, staff, draft):
    wb = template_workbook(client, staff)
    ws = wb["Số liệu"]
    rows = template_rows(ws)
    ws.cell(rows["petitions.received"], 5).value = -1
    ws.cell(rows["dossiers.received"], 5).value = "=SUM(1,2)"
    response = upload_file(client, workbook_file(wb))
    assert response.context["problems"] == [
        f"Trang “Số liệu”, dòng {rows['petitions.received']}, cột “Số liệu”: "
        "Số liệu không được âm. (giá trị: -1)",
        f"Trang “Số liệu”, dòng {rows['dossiers.received']}, cột “Số liệu”: "
        "ô chứa công thức (=SUM(1,2)); hãy nhập số.",
    ]


def test_a_file_that_is_not_xlsx_is_refused(client, staff, draft):
    before = _snapshot(draft)
    client.force_login(staff)
    response = upload_file(client, SimpleUploadedFile("so-lieu.xlsx", "STT;Mã\n1;2".encode()))
    assert response.context["problems"] == [
        "Tệp không phải là tệp Excel .xlsx. Hãy tải mẫu về, điền rồi lưu dạng .xlsx."
    ]
    assert _snapshot(draft) == before


def test_a_workbook_that_is_not_the_template_is_refused(client, staff, draft):
    from openpyxl import Workbook

    before = _snapshot(draft)
    client.force_login(staff)
    wb = Workbook()
    wb.active.title = "Sheet1"
    response = upload_file(client, workbook_file(wb))
    assert response.context["problems"] == [
        "Tệp không có trang “Số liệu”: đây không phải mẫu nhập số liệu. Hãy tải mẫu về từ phần mềm."
    ]
    assert _snapshot(draft) == before


def test_a_template_with_edited_headers_is_refused(client, staff, draft):
    wb = template_workbook(client, staff)
    wb["Số liệu"]["E7"] = "Số"
    response = upload_file(client, workbook_file(wb))
    assert response.context["problems"] == [
        "Trang “Số liệu”, dòng 7: tệp không đúng mẫu nhập số liệu (dòng tiêu đề hoặc thông tin "
        "mẫu đã bị sửa). Hãy tải mẫu mới về và điền lại."
    ]


def test_a_template_of_another_office_is_refused(client, staff, admin_user, draft):
    before = _snapshot(draft)
    # Someone who reads both offices passed Khánh Hòa's template on to Huế's staff.
    wb = template_workbook(client, admin_user, "khanh-hoa", 2020)
    client.force_login(staff)
    response = upload_file(client, workbook_file(wb))
    assert response.context["problems"] == [
        "Trang “Số liệu”, dòng 3: đây là mẫu của Văn phòng UBND tỉnh Khánh Hòa năm 2020, "
        "không phải của Văn phòng UBND tỉnh Thừa Thiên Huế năm 2022. Hãy tải mẫu của báo cáo này."
    ]
    assert _snapshot(draft) == before


def test_a_template_of_another_year_is_refused(client, staff, draft):
    Report.objects.create(office=draft.office, year=2021)
    before = _snapshot(draft)
    wb = template_workbook(client, staff, "thua-thien-hue", 2021)
    response = upload_file(client, workbook_file(wb))
    assert response.context["problems"] == [
        "Trang “Số liệu”, dòng 3: đây là mẫu của Văn phòng UBND tỉnh Thừa Thiên Huế năm 2021, "
        "không phải của Văn phòng UBND tỉnh Thừa Thiên Huế năm 2022. Hãy tải mẫu của báo cáo này."
    ]
    assert _snapshot(draft) == before


def test_a_file_over_the_size_limit_is_refused(client, staff, draft):
    before = _snapshot(draft)
    client.force_login(staff)
    big = SimpleUploadedFile("lon.xlsx", b"0" * (upload.MAX_UPLOAD_BYTES + 1))
    response = upload_file(client, big)
    assert response.context["form"].errors["file"] == [
        "Tệp lớn hơn giới hạn 2 MB; mẫu nhập số liệu chỉ vài chục KB. Hãy dùng mẫu tải về từ "
        "phần mềm."
    ]
    assert _snapshot(draft) == before


def test_a_zip_that_unpacks_too_large_is_refused(client, staff, draft):
    import zipfile

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (upload.MAX_UNCOMPRESSED_BYTES + 1))
    client.force_login(staff)
    response = upload_file(client, SimpleUploadedFile("bom.xlsx", buffer.getvalue()))
    assert response.context["problems"] == [
        "Tệp lớn hơn giới hạn 2 MB; mẫu nhập số liệu chỉ vài chục KB. Hãy dùng mẫu tải về từ "
        "phần mềm."
    ]


def test_an_approved_report_refuses_uploads_in_words(client, staff, hue_report):
    before = _snapshot(hue_report)
    wb = template_workbook(client, staff)
    response = upload_file(client, workbook_file(wb))
    assert response.status_code == 403
    assert (
        "Báo cáo năm 2022 của Văn phòng UBND tỉnh Thừa Thiên Huế đã được duyệt nên số liệu đã "
        "khóa, không tải lên được." in response.text
    )
    assert client.get(reverse("reports:upload", args=HUE)).status_code == 403
    assert _snapshot(hue_report) == before


def test_a_report_approved_after_the_preview_is_not_written(client, staff, draft):
    wb = template_workbook(client, staff)
    wb["Số liệu"].cell(template_rows(wb["Số liệu"])["dossiers.resolved"], 5).value = 82000
    upload_file(client, workbook_file(wb))
    token = client.session[upload_key()]["token"]
    Report.objects.filter(pk=draft.pk).update(status=Report.Status.APPROVED)
    before = _snapshot(draft)
    assert _confirm(client, token).status_code == 403
    assert _snapshot(draft) == before


def upload_key():
    from officereports.reports.views import UPLOAD_SESSION_KEY

    return UPLOAD_SESSION_KEY


def test_a_report_changed_since_the_preview_is_not_overwritten(client, staff, draft):
    wb = template_workbook(client, staff)
    wb["Số liệu"].cell(template_rows(wb["Số liệu"])["dossiers.resolved"], 5).value = 82000
    upload_file(client, workbook_file(wb))
    token = client.session[upload_key()]["token"]
    # Someone saves the entry page in between: the version moves on.
    Figure.objects.filter(report=draft, indicator__code="dossiers.resolved").update(value=81000)
    Report.objects.filter(pk=draft.pk).update(version=2)
    before = _snapshot(draft)
    response = _confirm(client, token)
    assert response.status_code == 302
    assert _snapshot(draft) == before
    page = client.get(reverse("reports:upload", args=HUE))
    assert (
        "Số liệu của báo cáo đã thay đổi sau khi bạn tải tệp lên; chưa có gì được ghi." in page.text
    )


def test_a_confirmation_needs_the_pending_uploads_token(client, staff, draft):
    wb = template_workbook(client, staff)
    wb["Số liệu"].cell(template_rows(wb["Số liệu"])["dossiers.resolved"], 5).value = 82000
    upload_file(client, workbook_file(wb))
    before = _snapshot(draft)
    response = _confirm(client, "forged")
    assert response.status_code == 302
    assert _snapshot(draft) == before
    page = client.get(reverse("reports:upload", args=HUE))
    assert "Không còn tệp chờ xác nhận. Hãy tải tệp lên lại." in page.text


def test_cancel_drops_the_pending_upload(client, staff, draft):
    wb = template_workbook(client, staff)
    wb["Số liệu"].cell(template_rows(wb["Số liệu"])["dossiers.resolved"], 5).value = 82000
    upload_file(client, workbook_file(wb))
    before = _snapshot(draft)
    response = client.post(reverse("reports:upload_cancel", args=HUE))
    assert response.status_code == 302
    assert upload_key() not in client.session
    assert _snapshot(draft) == before


def test_it_checks_ownership(client, outsider, draft):
    client.force_login(outsider)
    assert client.get(reverse("reports:upload", args=HUE)).status_code == 404
    assert client.get(reverse("reports:template", args=HUE)).status_code == 404


def test_it_requires_rw_access(client, leader, draft):
    client.force_login(leader)
    assert client.get(reverse("reports:upload", args=HUE)).status_code == 403


def test_it_rejects_get(client, staff, draft):
    client.force_login(staff)
    assert client.get(reverse("reports:upload_confirm", args=HUE)).status_code == 405
    assert client.get(reverse("reports:upload_cancel", args=HUE)).status_code == 405


def test_the_upload_page_runs_a_fixed_number_of_queries(
    client, staff, draft, django_assert_num_queries
):
    client.force_login(staff)
    url = reverse("reports:upload", args=HUE)
    # The session, the user, their memberships; office, report (read); office,
    # report (write); former names, figures, indicators; catalogue (indicators, rates,
    # checks)
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


@pytest.mark.browser
def test_staff_upload_a_filled_template_and_confirm_it(
    page, browser_login, client, staff, draft, tmp_path
):
    wb = template_workbook(client, staff)
    ws = wb["Số liệu"]
    ws.cell(template_rows(ws)["dossiers.resolved"], 5).value = 82000
    ws.cell(template_rows(ws)["petitions.eligible"], 5).value = 700
    path = tmp_path / "mau-hue-2022.xlsx"
    wb.save(path)

    browser_login(staff)
    page.goto(page.url_for(reverse("reports:upload", args=HUE)))
    assert page.locator("h1").inner_text() == "Tải lên mẫu Excel"
    page.set_input_files("input[type=file]", str(path))
    page.click("text=Tải lên và xem trước")
    page.wait_for_load_state()
    preview = page.locator(".upload-preview")
    assert "Xem trước tệp “mau-hue-2022.xlsx”" in preview.inner_text()
    rows = preview.locator("tbody tr")
    assert rows.count() == 2
    assert "81.948" in rows.nth(1).inner_text() and "82.000" in rows.nth(1).inner_text()
    assert "Cảnh báo: Tổng Đơn đủ điều kiện xử lý" in preview.inner_text()
    screenshot(page, "upload-preview")
    page.click("text=Xác nhận cập nhật 2 thay đổi")
    page.wait_for_load_state()
    assert "Đã cập nhật 2 chỉ tiêu từ tệp Excel." in page.locator(".messages").inner_text()
    assert Figure.objects.get(report=draft, indicator__code="dossiers.resolved").value == 82000


def test_a_report_awaiting_approval_refuses_uploads_in_words(client, staff, draft):
    Report.objects.filter(pk=draft.pk).update(status=Report.Status.SUBMITTED)
    client.force_login(staff)
    response = client.get(reverse("reports:upload", args=HUE))
    assert response.status_code == 403
    assert (
        "Báo cáo năm 2022 của Văn phòng UBND tỉnh Thừa Thiên Huế đang chờ duyệt, không tải lên "
        "được." in response.text
    )


def test_it_requires_login(client, draft):
    response = client.get(reverse("reports:upload", args=HUE))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
