"""Free text: one limit per field in every path (entry form, Excel upload, JSON import,
admin), shown with a counter instead of cut silently; control characters removed from what
people type (with a note) and refused in files (naming the place)."""

import io
import json
import re
import zipfile

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from officereports.reports import text
from officereports.reports.admin import DirectiveInline, FigureInline, ReportAdmin
from officereports.reports.models import AuditEntry, Figure, Report
from tests.conftest import entry_url, form_data, screenshot

LONG = "ý" * 5000
TOO_LONG = "Tối đa 2.000 ký tự; nội dung đang có 5.000 ký tự."


def _figure(report, code="petitions.received"):
    return Figure.objects.get(report=report, indicator__code=code)


# ---------------------------------------------------------------------------
# The entry form


def test_text_fields_carry_their_limit_for_the_counter_not_maxlength(client, staff, draft_hue):
    client.force_login(staff)
    page = client.get(entry_url(draft_hue)).text
    # Only the stated percentages and changes (numbers of at most 20 characters) keep a
    # maxlength.
    cut = re.findall(
        r'<(?:input|textarea)[^>]* maxlength="\d+"[^>]* name="([^"]+)"|'
        r'<(?:input|textarea)[^>]* name="([^"]+)"[^>]* maxlength="\d+"',
        page,
    )
    assert {a or b for a, b in cut} == {
        n for n in re.findall(r'name="([^"]+-stated_(?:percent|change))"', page)
    }
    comment = re.search(r'<textarea name="petitions.received-comment"[^>]*>', page).group()
    assert 'data-maxlength="2000"' in comment
    assert 'data-counter="%(used)s/%(limit)s ký tự"' in comment
    headline = re.search(r'<input type="text" name="report-headline"[^>]*>', page).group()
    assert 'data-maxlength="250"' in headline
    assert '<script src="/static/js/text-limit.js"></script>' in page


def test_an_over_long_comment_is_refused_next_to_the_field_keeping_it(client, entry, draft_hue):
    data = entry()
    data["petitions.received-comment"] = LONG
    before = (_figure(draft_hue).comment, AuditEntry.objects.count())
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 200
    assert (
        '<ul class="errorlist" id="id_petitions.received-comment_error"><li>'
        f"{TOO_LONG}</li></ul>" in response.text
    )
    assert form_data(response.text)["petitions.received-comment"] == LONG
    assert (_figure(draft_hue).comment, AuditEntry.objects.count()) == before


def test_an_over_long_headline_is_refused_in_words(client, entry, draft_hue):
    data = entry()
    data["report-headline"] = "Tin " * 100
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 200
    assert "Tối đa 250 ký tự; nội dung đang có 399 ký tự." in response.text
    assert form_data(response.text)["report-headline"] == "Tin " * 100


def test_a_comment_at_the_limit_is_saved(client, entry, draft_hue):
    data = entry()
    data["petitions.received-comment"] = "a" * 2000
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 302
    assert _figure(draft_hue).comment == "a" * 2000


def test_control_characters_typed_or_pasted_are_removed_with_a_note(client, entry, draft_hue):
    data = entry()
    data["petitions.received-comment"] = "dòng một\x0bdòng hai\x01\x00"
    data["report-headline"] = "Tin\x07 mới"
    response = client.post(entry_url(draft_hue), data, follow=True)
    assert _figure(draft_hue).comment == "dòng một\ndòng hai"
    assert Report.objects.get(pk=draft_hue.pk).headline == "Tin mới"
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Đã bỏ 4 ký tự điều khiển không hiển thị được (thường có khi dán từ Word); dấu xuống "
        "dòng của Word được giữ thành xuống dòng thường.",
        "Đã lưu 2 thay đổi.",
    ]
    # The workbooks and the document of the report are whole.
    assert client.get(entry_url(draft_hue, "workbook")).status_code == 200
    assert client.get(entry_url(draft_hue, "document")).status_code == 200


def test_tabs_and_newlines_are_kept(client, entry, draft_hue):
    data = entry()
    data["petitions.received-comment"] = "một\tcột\r\nhai"
    client.post(entry_url(draft_hue), data)
    assert _figure(draft_hue).comment == "một\tcột\r\nhai"


# ---------------------------------------------------------------------------
# The Excel upload


def _template_bytes(client, user):
    client.force_login(user)
    response = client.get(reverse("reports:template", args=["thua-thien-hue", 2022]))
    assert response.status_code == 200
    return response.content


def _with_comment(content, code, comment):
    """The template with `comment` (XML-escaped already) as the comment of `code`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                row = re.search(
                    rf'<row r="(\d+)"[^>]*>(?:(?!</row>).)*<t>{re.escape(code)}</t>', xml
                ).group(1)
                xml, count = re.subn(
                    rf'<c r="H{row}" s="(\d+)"(?:/>|>.*?</c>)',
                    rf'<c r="H{row}" s="\1" t="inlineStr"><is><t>{comment}</t></is></c>',
                    xml,
                    count=1,
                )
                assert count == 1
                data = xml.encode()
            target.writestr(info, data)
    return out.getvalue()


@pytest.fixture
def draft(hue_report):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.DRAFT)
    hue_report.refresh_from_db()
    return hue_report


def _upload(client, content):
    file = SimpleUploadedFile("mau.xlsx", content)
    return client.post(reverse("reports:upload", args=["thua-thien-hue", 2022]), {"file": file})


def _problems(response):
    return re.findall(r"<li>(Trang[^<]*)</li>", response.text)


@pytest.mark.parametrize(
    "comment, problem",
    [
        (LONG, TOO_LONG),
        (
            # XML 1.0 forbids U+000B even written as a reference; DEL and C1 controls pass.
            "ab&#x7F;c",
            "có ký tự điều khiển không hiển thị được (U+007F) ở ký tự thứ 3; hãy xóa ký tự đó "
            "rồi thử lại.",
        ),
    ],
    ids=["too long", "delete character"],
)
def test_an_uploaded_comment_over_the_limit_or_with_a_control_character_is_refused(
    client, staff, draft, comment, problem
):
    content = _with_comment(_template_bytes(client, staff), "petitions.received", comment)
    before = (_figure(draft).comment, AuditEntry.objects.count())
    response = _upload(client, content)
    assert _problems(response) == [f"Trang “Số liệu”, dòng 46, cột “Ghi chú”: {problem}"]
    assert (_figure(draft).comment, AuditEntry.objects.count()) == before
    assert not client.session.get("upload")


def test_an_uploaded_comment_at_the_limit_is_previewed(client, staff, draft):
    content = _with_comment(_template_bytes(client, staff), "petitions.received", "a" * 2000)
    response = _upload(client, content)
    assert response.status_code == 302
    assert "Xác nhận cập nhật 1 thay đổi" in client.get(response["Location"]).text


# ---------------------------------------------------------------------------
# The JSON import


def _one_report(**figure):
    return {
        "format": "officereports/1",
        "reports": [
            {
                "office": "thua-thien-hue",
                "year": 2023,
                "period_start": "2023-01-01",
                "period_end": "2023-12-31",
                "figures": {"petitions.received": {"value": 5, **figure}},
                "directives": [{"speaker": "Ông A", "content": "x" * 5001}],
            }
        ],
    }


def test_an_import_with_over_long_texts_is_refused(db, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(_one_report(comment=LONG, explanation="b" * 2001)), "utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_reports", str(path), stdout=io.StringIO())
    assert str(refused.value) == (
        "Không nhập gì vì tệp có lỗi:\n"
        f"- báo cáo thua-thien-hue/2023, petitions.received: 'comment': {TOO_LONG}\n"
        "- báo cáo thua-thien-hue/2023, petitions.received: 'explanation': Tối đa 2.000 ký "
        "tự; nội dung đang có 2.001 ký tự.\n"
        "- báo cáo thua-thien-hue/2023, directives[1]: 'content': Tối đa 5.000 ký tự; nội "
        "dung đang có 5.001 ký tự."
    )
    assert Report.objects.count() == 0


# ---------------------------------------------------------------------------
# The admin


def _admin_field(inline, name, admin_user, report):
    request = RequestFactory().get("/")
    request.user = admin_user
    formset = inline(Report, admin.site).get_formset(request, report)
    return formset.form.base_fields[name]


def test_the_admin_applies_the_same_limits_and_cleaning(admin_user, hue_report):
    comment = _admin_field(FigureInline, "comment", admin_user, hue_report)
    with pytest.raises(ValidationError) as refused:
        comment.clean(LONG)
    assert refused.value.messages == [TOO_LONG]
    assert comment.clean("dòng một\x0bdòng hai\x00") == "dòng một\ndòng hai"
    assert comment.removed == 2
    assert "maxlength" not in comment.widget.attrs
    assert comment.widget.attrs["data-maxlength"] == "2000"
    content = _admin_field(DirectiveInline, "content", admin_user, hue_report)
    with pytest.raises(ValidationError) as refused:
        content.clean("x" * 5001)
    assert refused.value.messages == ["Tối đa 5.000 ký tự; nội dung đang có 5.001 ký tự."]
    request = RequestFactory().get("/")
    request.user = admin_user
    headline = ReportAdmin(Report, admin.site).get_form(request, hue_report).base_fields["headline"]
    assert headline.clean("Tin\x07 mới") == "Tin mới"


def test_the_limits_are_declared_once_on_the_models():
    assert text.limit(Figure, "comment") == 2000
    assert text.limit(Figure, "explanation") == 2000
    assert text.limit(Report, "headline") == 250


# ---------------------------------------------------------------------------
# In a browser: pasted text is kept whole and counted


@pytest.mark.browser
def test_pasted_text_is_kept_whole_and_counted(page, browser_login, staff, draft_hue):
    stored = _figure(draft_hue).comment
    browser_login(staff)
    page.goto(page.url_for(entry_url(draft_hue)))
    comment = page.locator('[name="petitions.received-comment"]')
    counter = page.locator("#id_petitions\\.received-comment-counter")
    page.locator("details:has(textarea[name='petitions.received-comment'])").evaluate(
        "d => d.open = true"
    )
    comment.fill("")
    assert counter.text_content() == "0/2.000 ký tự"
    comment.fill("ý" * 10_000)
    assert comment.input_value() == "ý" * 10_000
    assert counter.text_content() == "10.000/2.000 ký tự"
    assert "over" in counter.get_attribute("class")
    screenshot(page, "text-limit-counter")
    page.click("#entry-form button[name=save], #entry-form button[type=submit] >> nth=0")
    page.wait_for_load_state()
    assert page.locator("#id_petitions\\.received-comment_error").text_content() == (
        "Tối đa 2.000 ký tự; nội dung đang có 10.000 ký tự."
    )
    assert page.locator('[name="petitions.received-comment"]').input_value() == "ý" * 10_000
    assert _figure(draft_hue).comment == stored


def test_an_over_long_reason_is_refused_as_too_long_and_no_step_is_taken(client, chief, hue_report):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.SUBMITTED)
    client.force_login(chief)
    response = client.post(entry_url(hue_report, "return"), {"reason": "x" * 2001}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Tối đa 2.000 ký tự; nội dung đang có 2.001 ký tự."]
    assert Report.objects.get(pk=hue_report.pk).status == Report.Status.SUBMITTED
    assert not AuditEntry.objects.filter(report=hue_report, field="status").exists()


def test_a_missing_reason_still_asks_for_one(client, chief, hue_report):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.SUBMITTED)
    client.force_login(chief)
    response = client.post(entry_url(hue_report, "return"), {"reason": "  "}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Ghi lý do trước khi trả lại."]
    assert Report.objects.get(pk=hue_report.pk).status == Report.Status.SUBMITTED


def test_the_admin_shows_the_same_counter(client, admin_user, draft_hue):
    client.force_login(admin_user)
    page = client.get(reverse("admin:reports_report_change", args=[draft_hue.pk])).text
    assert '<script src="/static/js/text-limit.js"></script>' in page
    assert 'data-maxlength="250"' in page  # the headline
