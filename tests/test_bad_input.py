"""Bad input gets a clear Vietnamese refusal, writes nothing, and never a server error.

Addresses with absurd years, NUL characters in query strings, names that look like
mathtext in the charts, control characters in stored text, damaged uploads and damaged
JSON imports. Run on SQLite and PostgreSQL: the two treat NUL differently.
"""

import io
import json
import re
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from officereports.reports.models import (
    AdministrativeUnit,
    AuditEntry,
    Figure,
    Indicator,
    Report,
)

# ---------------------------------------------------------------------------
# Years in addresses

BAD_YEARS = ["0", "10000", "32768", "99999999999999999999", "1989", "2101"]
YEAR_PAGES = [
    "/reports/year/{year}/",
    "/reports/thua-thien-hue/{year}/",
    "/reports/thua-thien-hue/{year}/report.xlsx",
    "/reports/thua-thien-hue/{year}/template.xlsx",
    "/reports/thua-thien-hue/{year}/edit/",
    "/reports/thua-thien-hue/{year}/history/",
]


@pytest.mark.parametrize("page", YEAR_PAGES)
@pytest.mark.parametrize("year", BAD_YEARS)
def test_a_year_outside_1990_to_2100_is_no_page(client, admin_user, seed_reports, page, year):
    client.force_login(admin_user)
    response = client.get(page.format(year=year))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text


def test_creating_a_report_for_an_absurd_year_is_no_page(client, admin_user, seed_reports):
    client.force_login(admin_user)
    response = client.post("/reports/thua-thien-hue/32768/create/")
    assert response.status_code == 404
    assert Report.objects.count() == 2


@pytest.mark.parametrize(
    "address, canonical",
    [
        ("/reports/thua-thien-hue/0002022/", "/reports/thua-thien-hue/2022/"),
        ("/reports/thua-thien-hue/02022/report.xlsx", "/reports/thua-thien-hue/2022/report.xlsx"),
        ("/reports/year/0002022/", "/reports/year/2022/"),
        (
            "/reports/thua-thien-hue/02022/history/?code=x",
            "/reports/thua-thien-hue/2022/history/?code=x",
        ),
    ],
)
def test_leading_zeros_in_a_year_redirect_to_the_canonical_address(
    client, leader, seed_reports, address, canonical
):
    client.force_login(leader)
    response = client.get(address)
    assert response.status_code == 301
    assert response["Location"] == canonical


def test_the_canonical_year_is_served(client, leader, seed_reports):
    client.force_login(leader)
    assert client.get("/reports/thua-thien-hue/2022/").status_code == 200
    assert client.get("/reports/year/2022/").status_code == 200


# ---------------------------------------------------------------------------
# NUL in a query string


NUL_ADDRESSES = [
    "/dashboard/offices.xlsx?region=%00",
    "/dashboard/?scope=%00",
    "/dashboard/?year=%00",
    "/dashboard/?name=%00",
    "/dashboard/?status=%00",
    "/dashboard/?rate=%00",
    "/dashboard/charts/documents.svg?scope=%00",
    "/completeness/?year=%00",
    "/reports/thua-thien-hue/2022/history/?code=%00",
    "/admin/reports/report/?status=%00",
    "/admin/reports/report/?office__slug=%00",
    "/admin/reports/report/?q=%00",
    "/admin/reports/indicator/?q=ab%00c",
    "/admin/reports/office/?q=%00",
    "/admin/reports/report/?%00=1",
]


@pytest.mark.parametrize("address", NUL_ADDRESSES)
def test_a_nul_in_the_query_string_is_refused_with_the_400_page(
    client, admin_user, seed_reports, address
):
    client.force_login(admin_user)
    response = client.get(address)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.text
    assert "Mã lỗi 400" in response.text


def test_the_same_addresses_without_the_nul_work(client, admin_user, seed_reports):
    client.force_login(admin_user)
    for address in NUL_ADDRESSES:
        if "office__slug" in address:
            continue  # not a filter of that list: refused by the admin without a NUL too
        response = client.get(address.replace("%00", ""))
        assert response.status_code in (200, 302), address


# ---------------------------------------------------------------------------
# Names that look like mathtext

MATH = r"Văn bản $\undefinedcmd{x}$ đến"


@pytest.mark.parametrize("name", ["documents", "dossiers", "petitions", "comparison"])
def test_a_name_with_dollar_signs_is_drawn_as_text(client, leader, seed_reports, name):
    Indicator.objects.filter(code__in=["documents.incoming", "dossiers.received"]).update(name=MATH)
    Indicator.objects.filter(code="petitions.received").update(name=MATH)
    AdministrativeUnit.objects.filter(name="Khánh Hòa").update(name=r"Khánh $\undefinedcmd{x}$")
    cache.clear()
    client.force_login(leader)
    # Khánh Hòa reported for 2020: the comparison of that year names it.
    response = client.get(f"/dashboard/charts/{name}.svg?year=2020")
    assert response.status_code == 200
    svg = response.content.decode()
    if name == "comparison":
        assert "Khánh $\\undefinedcmd{x}$" in svg
    else:
        assert "Văn bản $\\undefinedcmd{x}$ đến" in svg


# ---------------------------------------------------------------------------
# Control characters already stored (from before they were cleaned at input)


@pytest.mark.parametrize("workbook", ["workbook", "template"])
def test_a_stored_comment_with_a_vertical_tab_still_gives_the_workbooks(
    client, staff, hue_report, workbook
):
    Figure.objects.filter(report=hue_report, indicator__code="petitions.received").update(
        comment="dòng một\x0bdòng hai\x01"
    )
    client.force_login(staff)
    response = client.get(reverse(f"reports:{workbook}", args=["thua-thien-hue", 2022]))
    assert response.status_code == 200
    sheets = zipfile.ZipFile(io.BytesIO(response.content))
    xml = "".join(sheets.read(n).decode() for n in sheets.namelist() if "worksheets" in n)
    assert "dòng một\ndòng hai<" in xml
    assert "\x0b" not in xml and "\x01" not in xml


# ---------------------------------------------------------------------------
# Damaged uploads


@pytest.fixture
def draft(hue_report):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.DRAFT)
    hue_report.refresh_from_db()
    return hue_report


def _template_bytes(client, user):
    client.force_login(user)
    response = client.get(reverse("reports:template", args=["thua-thien-hue", 2022]))
    assert response.status_code == 200
    return response.content


def _edited(content, edit, name="xl/worksheets/sheet1.xml"):
    """The xlsx `content` with `edit(xml) -> xml` applied to the part `name`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == name:
                data = edit(data.decode()).encode()
            target.writestr(info, data)
    return out.getvalue()


def _value_cell(xml, code):
    """The reference of the "Số liệu" cell (column E) on the row of `code`."""
    row = re.search(rf'<row r="(\d+)"[^>]*>(?:(?!</row>).)*<t>{re.escape(code)}</t>', xml)
    return f"E{row.group(1)}"


def _set_number(code, raw):
    def edit(xml):
        ref = _value_cell(xml, code)
        xml, count = re.subn(
            rf'<c r="{ref}" s="(\d+)"(?:/>|>.*?</c>)',
            rf'<c r="{ref}" s="\1"><v>{raw}</v></c>',
            xml,
            count=1,
        )
        assert count == 1
        return xml

    return edit


def _upload(client, content):
    file = SimpleUploadedFile("mau.xlsx", content)
    return client.post(reverse("reports:upload", args=["thua-thien-hue", 2022]), {"file": file})


def _snapshot(report):
    return (
        list(
            Figure.objects.filter(report=report)
            .order_by("indicator__code")
            .values_list("indicator__code", "value", "qualifier", "stated_percent", "comment")
        ),
        AuditEntry.objects.filter(report=report).count(),
        Report.objects.get(pk=report.pk).version,
    )


def _problems(response):
    return re.findall(r"<li>(Trang[^<]*)</li>", response.text)


@pytest.mark.parametrize(
    "raw, shown",
    [("NaN", "NaN"), ("nan", "nan"), ("INF", "INF"), ("-inf", "-inf"), ("1e400", "inf")],
)
def test_an_uploaded_number_cell_that_is_not_a_number_is_refused(client, staff, draft, raw, shown):
    content = _edited(_template_bytes(client, staff), _set_number("petitions.received", raw))
    before = _snapshot(draft)
    response = _upload(client, content)
    assert response.status_code == 200
    assert _problems(response) == [
        f"Trang “Số liệu”, dòng 46, cột “Số liệu”: ô chứa “{shown}”, không phải một số; "
        "hãy nhập số."
    ]
    assert _snapshot(draft) == before


def test_an_uploaded_sheet_with_junk_after_its_root_element_is_refused(client, staff, draft):
    content = _edited(_template_bytes(client, staff), lambda xml: xml + "<junk/>")
    before = _snapshot(draft)
    response = _upload(client, content)
    assert response.status_code == 200
    assert _problems(response) == [
        "Trang “Số liệu”: tệp bị hỏng, không đọc được nội dung trang. "
        "Hãy mở tệp bằng Excel, lưu lại rồi tải lên, hoặc tải mẫu mới về."
    ]
    assert _snapshot(draft) == before


# ---------------------------------------------------------------------------
# Damaged JSON imports


def _counts():
    return (Report.objects.count(), Figure.objects.count(), AuditEntry.objects.count())


def _import_text(tmp_path, text):
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    call_command("import_reports", str(path), stdout=io.StringIO())


def _one_report(**changes):
    report = {
        "office": "thua-thien-hue",
        "year": 2023,
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "figures": {"petitions.received": {"value": 5, "comment": "ổn"}},
    }
    report.update(changes)
    return {"format": "officereports/1", "reports": [report]}


def test_an_import_nested_too_deep_is_refused(db, tmp_path):
    with pytest.raises(CommandError) as refused:
        _import_text(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert str(refused.value).endswith("không phải JSON hợp lệ: dữ liệu lồng nhau quá sâu.")
    assert _counts() == (0, 0, 0)


FIGURE = '"petitions.received": {"value": 5, "comment": "ổn"}'
BAD_IMPORTS = [
    (
        "office list",
        ('"office": "thua-thien-hue"', '"office": ["thua-thien-hue"]'),
        "báo cáo thứ 1, 'office': phải là mã văn phòng (chuỗi ký tự), không phải danh sách",
    ),
    (
        "office object",
        ('"office": "thua-thien-hue"', '"office": {"slug": "x"}'),
        "báo cáo thứ 1, 'office': phải là mã văn phòng (chuỗi ký tự), không phải đối tượng",
    ),
    (
        "year list",
        ('"year": 2023', '"year": [2023]'),
        "báo cáo thua-thien-hue/[2023]: 'year' phải là năm từ 1990 đến 2100",
    ),
    (
        "period reversed",
        ('"period_end": "2023-12-31"', '"period_end": "2022-12-31"'),
        "báo cáo thua-thien-hue/2023: 'period_end' (2022-12-31): Ngày kết thúc kỳ báo cáo "
        "phải sau ngày bắt đầu.",
    ),
    (
        "5000 digits",
        ('"value": 5', '"value": ' + "9" * 5000),
        "báo cáo thua-thien-hue/2023, petitions.received: Số liệu quá lớn (tối đa "
        "1.000.000.000). Kiểm tra lại số chữ số. (giá trị: số có 5.000 chữ số)",
    ),
    (
        "NUL in a comment",
        ('"comment": "ổn"', '"comment": "ổn\\u0000 định"'),
        "báo cáo thua-thien-hue/2023, petitions.received: 'comment' có ký tự điều khiển không "
        "hiển thị được (U+0000) ở ký tự thứ 3; hãy xóa ký tự đó rồi thử lại.",
    ),
    (
        "NUL in a headline",
        ('"year": 2023', '"year": 2023, "headline": "Báo\\u0000cáo"'),
        "báo cáo thua-thien-hue/2023: 'headline' có ký tự điều khiển không hiển thị được "
        "(U+0000) ở ký tự thứ 4; hãy xóa ký tự đó rồi thử lại.",
    ),
    (
        "vertical tab in a directive",
        (
            '"year": 2023',
            '"year": 2023, "directives": [{"speaker": "A", "content": "một\\u000bhai"}]',
        ),
        "báo cáo thua-thien-hue/2023, directives[1]: 'content' có ký tự điều khiển không hiển "
        "thị được (U+000B) ở ký tự thứ 4; hãy xóa ký tự đó rồi thử lại.",
    ),
    (
        "lone surrogate",
        ('"comment": "ổn"', '"comment": "\\ud800"'),
        "báo cáo thua-thien-hue/2023, petitions.received: 'comment' có ký tự điều khiển không "
        "hiển thị được (U+D800) ở ký tự thứ 1; hãy xóa ký tự đó rồi thử lại.",
    ),
]


@pytest.mark.parametrize(
    "edit, problem", [c[1:] for c in BAD_IMPORTS], ids=[c[0] for c in BAD_IMPORTS]
)
def test_an_import_with_a_bad_value_is_refused_naming_it(db, tmp_path, edit, problem):
    document = json.dumps(_one_report(), ensure_ascii=False)
    assert edit[0] in document
    with pytest.raises(CommandError) as refused:
        _import_text(tmp_path, document.replace(edit[0], edit[1], 1))
    assert str(refused.value) == "Không nhập gì vì tệp có lỗi:\n- " + problem
    assert _counts() == (0, 0, 0)


def test_the_same_import_without_the_problems_is_written(db, tmp_path):
    _import_text(tmp_path, json.dumps(_one_report(), ensure_ascii=False))
    assert _counts() == (1, 1, 2)  # the figure: its value and its comment audited
