"""The Word report (Decree 30/2020 layout): read back with python-docx, against the page."""

import re
import subprocess
import zipfile
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.text import capfirst
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from officereports.reports import docx_report, periods
from officereports.reports.models import Report
from tests.conftest import require_libreoffice

PRINTED_AT = datetime(2023, 1, 5, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def download(client):
    def get(user, slug="thua-thien-hue", year=2022, period=None):
        client.force_login(user)
        args = [slug, year] + ([period] if period else [])
        with time_machine.travel(PRINTED_AT, tick=False):
            response = client.get(reverse("reports:document", args=args))
        assert response.status_code == 200
        assert response["Content-Type"] == docx_report.DOCX_CONTENT_TYPE
        return response

    return get


def _document(response):
    return Document(BytesIO(response.content))


def _texts(doc):
    """Every paragraph's text of the body, the tables' cells included, in order."""
    out = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[1]
        if tag == "p":
            out.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
    out += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return out


def _paragraph(doc, words):
    """The first body paragraph, or paragraph of a table cell, whose text is `words`."""
    for p in doc.paragraphs:
        if p.text == words:
            return p
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text == words:
                        return p
    raise AssertionError(f"no paragraph {words!r}")


def _figure_tables(doc):
    """The numbered tables: header row text -> rows of cell texts."""
    return [
        [[c.text for c in row.cells] for row in t.rows]
        for t in doc.tables
        if t.rows[0].cells[0].text == "STT"
    ]


def test_it_requires_login(client, hue_report):
    response = client.get(reverse("reports:document", args=["thua-thien-hue", 2022]))
    assert response.status_code == 302


def test_it_checks_ownership(client, outsider, hue_report):
    client.force_login(outsider)
    response = client.get(reverse("reports:document", args=["thua-thien-hue", 2022]))
    assert response.status_code == 404


def test_it_names_the_file_after_the_office_and_year(download, staff, hue_report):
    response = download(staff)
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-thua-thien-hue-2022.docx"'
    )


def test_the_summary_links_to_it_beside_the_workbook(client, staff, hue_report):
    client.force_login(staff)
    html = client.get(reverse("reports:summary", args=["thua-thien-hue", 2022])).content.decode()
    workbook = html.index('href="/reports/thua-thien-hue/2022/report.xlsx"')
    document = html.index('href="/reports/thua-thien-hue/2022/report.docx"')
    assert 0 < document - workbook < 200


def test_it_is_a4_portrait_with_the_decree_margins(download, staff, hue_report):
    section = _document(download(staff)).sections[0]
    # Word stores lengths in twentieths of a point: millimetres come back to 0,01 mm.
    size = (section.page_width, section.page_height)
    assert [round(length.mm, 1) for length in size] == [210, 297]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(length.mm, 1) for length in margins] == [20, 20, 30, 15]


def test_it_writes_the_official_heading(download, staff, hue_report):
    doc = _document(download(staff))
    heading = doc.tables[0].rows[0].cells
    left = [p.text for p in heading[0].paragraphs if p.text]
    right = [p.text for p in heading[1].paragraphs if p.text]
    assert left == ["UBND TỈNH THỪA THIÊN HUẾ", "VĂN PHÒNG", "Số: …/BC-VP"]
    # Huế held no conference date in the seed: the document is dated the day it is printed.
    assert right == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thừa Thiên Huế, ngày 05 tháng 01 năm 2023",
    ]
    governing = heading[0].paragraphs[0].runs[0]
    assert (governing.bold, governing.font.size) == (False, Pt(12))
    issuing = _paragraph(doc, "VĂN PHÒNG").runs[0]
    assert issuing.bold and issuing.font.size == Pt(12)
    assert _paragraph(doc, "Số: …/BC-VP").runs[0].font.size == Pt(13)
    motto = _paragraph(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").runs[0]
    assert (motto.bold, motto.font.size) == (True, Pt(12))
    sub = _paragraph(doc, "Độc lập - Tự do - Hạnh phúc").runs[0]
    assert (sub.bold, sub.underline, sub.font.size) == (True, True, Pt(13))
    place = _paragraph(doc, "Thừa Thiên Huế, ngày 05 tháng 01 năm 2023").runs[0]
    assert (place.italic, place.font.size) == (True, Pt(13))


def test_it_is_dated_the_day_of_the_conference(download, leader, khanh_hoa_report):
    doc = _document(download(leader, "khanh-hoa", 2020))
    assert _paragraph(doc, "Khánh Hòa, ngày 29 tháng 12 năm 2020").runs[0].italic
    assert _paragraph(doc, "UBND TỈNH KHÁNH HÒA")


def test_it_titles_the_year_end_review(download, staff, hue_report):
    doc = _document(download(staff))
    texts = [p.text for p in doc.paragraphs]
    title = "Tổng kết công tác năm 2022 và phương hướng, nhiệm vụ năm 2023"
    assert texts[texts.index("BÁO CÁO") + 1] == title
    for words in ("BÁO CÁO", title):
        p = _paragraph(doc, words)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert p.runs[0].bold and p.runs[0].font.size == Pt(14)


def test_it_heads_the_three_parts_and_numbers_a_part_per_section(download, staff, hue_report):
    doc = _document(download(staff))
    texts = [p.text for p in doc.paragraphs]
    headings = [t for t in texts if re.match(r"(I|II|III|\d+)\. ", t)]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2022",
        "1. Công tác tham mưu, tổng hợp",
        "2. Tiếp công dân",
        "3. Xử lý đơn thư",
        "4. Giải quyết thủ tục hành chính",
        "II. ĐÁNH GIÁ CHUNG",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023",
    ]
    # Each part opens with the narrative's sentences on its figures.
    part = texts.index("4. Giải quyết thủ tục hành chính")
    assert "83.408" in texts[part + 1]
    body = _paragraph(doc, "II. ĐÁNH GIÁ CHUNG")
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent == Cm(1.27)
    assert body.paragraph_format.space_after >= Pt(6)
    assert body.runs[0].bold and body.runs[0].font.size == Pt(14)
    # Parts II and III are left for staff to write.
    after = texts[texts.index("II. ĐÁNH GIÁ CHUNG") + 1]
    assert after == ""


def _page_rows(client, user, slug, year):
    """The summary page's table as the reader sees it: indicator -> (last year, this year,
    change, rates), the rates being the bold values of the rate cell."""
    client.force_login(user)
    response = client.get(reverse("reports:summary", args=[slug, year]))
    out = {}
    for row in response.context["table"].rows:
        rates = re.findall(r"<strong>([^<]*)</strong>", str(row.get_cell("rates")))
        out[row.record["indicator"]] = (
            str(row.get_cell("previous")),
            str(row.get_cell("current")),
            str(row.get_cell("change")),
            "\n".join(rates),
        )
    return out


@pytest.mark.parametrize(
    "slug, year, persona",
    [("thua-thien-hue", 2022, "staff"), ("khanh-hoa", 2020, "leader")],
)
def test_every_figure_and_rate_is_the_one_the_page_shows(
    request, client, download, seed_reports, slug, year, persona
):
    user = request.getfixturevalue(persona)
    page = _page_rows(client, user, slug, year)
    rows = [
        row for table in _figure_tables(_document(download(user, slug, year))) for row in table[1:]
    ]
    written = {name: (before, now, change, rate) for _, name, _, before, now, change, rate in rows}
    assert written == page
    assert len(written) == {"thua-thien-hue": 12, "khanh-hoa": 5}[slug]


def test_approximate_figures_keep_their_word_and_missing_ones_are_empty(
    download, leader, khanh_hoa_report
):
    tables = _figure_tables(_document(download(leader, "khanh-hoa", 2020)))
    assert tables[0] == [
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2019", "Năm 2020", "So sánh", "Tỷ lệ"],
        ["1", "Văn bản đến (tiếp nhận)", "văn bản", "", "hơn 52.900", "", ""],
        ["2", "Văn bản đến đã xử lý", "văn bản", "", "hơn 52.900", "", ""],
        ["3", "Văn bản đi (tham mưu ban hành, phát hành)", "văn bản", "", "hơn 20.300", "", ""],
    ]
    # Stated as 100% without counts: the count cell is empty, never 0.
    assert tables[1][2] == ["2", "Hồ sơ trả đúng hạn", "hồ sơ", "", "", "", "100%"]


def test_rates_are_the_page_values_with_what_they_divide_by_under_the_table(
    download, staff, hue_report
):
    doc = _document(download(staff))
    tables = _figure_tables(doc)
    assert tables[0][2] == [
        "2",
        "Chương trình, đề án, báo cáo, VBQPPL đã thông qua",
        "nội dung",
        "",
        "159",
        "",
        "77,18%",
    ]
    assert tables[3][1:] == [
        ["1", "Hồ sơ tiếp nhận", "hồ sơ", "", "83.408", "", ""],
        ["2", "Hồ sơ đã giải quyết", "hồ sơ", "", "81.948", "", "98,2%"],
    ]
    notes = [p.text for p in doc.paragraphs if p.text.startswith("Ghi chú: ")]
    # The part on receiving citizens has no rate and is not the first: no note under it.
    assert len(notes) == 3
    assert "77,18% = 159/206, tính trên số nội dung trong chương trình công tác năm." in notes[0]
    assert "57,89% = 22/38" in notes[0]
    assert "100% do đơn vị nêu" in notes[0]
    assert notes[0].endswith("Ô để trống là chưa có số liệu (không phải 0).")
    assert notes[2] == (
        "Ghi chú: Tỷ lệ hồ sơ đã giải quyết: 98,2% = 81.948/83.408, tính trên số hồ sơ tiếp nhận."
    )
    assert _paragraph(doc, notes[2]).runs[0].italic


def test_the_change_column_is_the_page_wording(download, staff, hue_report, catalog):
    previous = Report.objects.create(office=hue_report.office, year=2021)
    previous.figures.create(indicator=catalog.indicators["dossiers.received"], value=80000)
    previous.figures.create(
        indicator=catalog.indicators["petitions.received"], value=700, qualifier="gan"
    )
    tables = _figure_tables(_document(download(staff)))
    assert tables[3][1] == [
        "1",
        "Hồ sơ tiếp nhận",
        "hồ sơ",
        "80.000",
        "83.408",
        "tăng 4,3% so với năm 2021",
        "",
    ]
    # No change is measured against an approximate count.
    assert tables[2][1] == ["1", "Đơn thư tiếp nhận", "đơn", "gần 700", "754", "", ""]


def _effective(run, paragraph, name):
    """A run's font property as Word resolves it: the run's own, else its paragraph
    style's, else that style's base style's."""

    def read(font):
        # A colour is always an object: its value is its `rgb`.
        return font.color.rgb if name == "color" else getattr(font, name)

    value = read(run.font)
    style = paragraph.style
    while value is None and style is not None:
        value, style = read(style.font), style.base_style
    return value


def test_it_is_set_in_times_new_roman_in_black(download, staff, hue_report):
    doc = _document(download(staff))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    body = [(r, p) for p in doc.paragraphs for r in p.runs]
    cells = [
        (r, p)
        for t in doc.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    ]
    assert len(body) > 20 and len(cells) > 50
    runs = body + cells
    assert {_effective(r, p, "name") for r, p in runs} == {"Times New Roman"}
    assert {str(_effective(r, p, "color")) for r, p in runs} == {"000000"}
    assert {_effective(r, p, "size").pt for r, p in body} == {11, 12, 13, 14}
    # The figures' tables in 12 pt, their headers bold.
    figures = [(r, p) for r, p in cells if p.style.name != "Normal"]
    assert {_effective(r, p, "size").pt for r, p in figures} == {12}
    header = doc.tables[1].rows[0].cells[0].paragraphs[0]
    assert header.text == "STT" and _effective(header.runs[0], header, "bold")


def test_it_ends_with_the_signature_and_the_recipients(download, staff, hue_report):
    doc = _document(download(staff))
    block = doc.paragraphs[-1]
    # Two halves on each line: the recipients, then (at the centred tab) the signer; room to
    # sign, then a dotted line for the name nobody has given.
    assert block.text.split("\n") == [
        "Nơi nhận:\tCHÁNH VĂN PHÒNG",
        "- UBND tỉnh (b/c);",
        "- Lưu: VT, TH.",
        "",
        "",
        "",
        "\t……………………………",
    ]
    assert block.paragraph_format.keep_together
    runs = {r.text.rstrip("\n"): r for r in block.runs}  # a line ends with its break
    heading = runs["Nơi nhận:"]
    assert (heading.bold, heading.italic, heading.font.size) == (True, True, Pt(12))
    assert runs["- UBND tỉnh (b/c);"].font.size == Pt(11)
    assert runs["- Lưu: VT, TH."].font.size == Pt(11)
    signer = runs["\tCHÁNH VĂN PHÒNG"]
    assert (signer.bold, signer.font.size) == (True, Pt(13))
    assert runs["\t……………………………"].bold
    # The signer's half is the right half of the line: centred on it.
    (stop,) = block.paragraph_format.tab_stops
    assert round(stop.position.cm, 2) == 12.25


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "approved"])
def test_only_an_approved_report_is_not_a_draft(download, staff, hue_report, status):
    Report.objects.filter(pk=hue_report.pk).update(status=status)
    doc = _document(download(staff))
    marked = doc.paragraphs[0].text == "DỰ THẢO"
    assert marked == (status != "approved")
    assert sum("DỰ THẢO" in t for t in _texts(doc)) == (status != "approved")
    if marked:
        run = doc.paragraphs[0].runs[0]
        assert run.bold and doc.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_it_writes_the_assessment_and_direction_staff_wrote(download, staff, hue_report):
    hue_report.assessment = "Hoàn thành tốt nhiệm vụ.\n\nCòn chậm ở một số hồ sơ."
    hue_report.direction = "Tiếp tục cải cách hành chính."
    hue_report.save()
    texts = [p.text for p in _document(download(staff)).paragraphs]
    part = texts.index("II. ĐÁNH GIÁ CHUNG")
    assert texts[part + 1 : part + 4] == [
        "Hoàn thành tốt nhiệm vụ.",
        "Còn chậm ở một số hồ sơ.",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023",
    ]
    assert texts[part + 4] == "Tiếp tục cải cách hành chính."


def test_nothing_a_person_typed_is_interpreted(download, staff, hue_report):
    typed = '<w:t>x</w:t> {{ ten }} =HYPERLINK("http://evil.example") &amp; PAGE'
    hue_report.assessment = typed + "\x0bdòng hai"
    hue_report.save()
    unit = hue_report.section_units.get(section="dossiers")
    unit.unit_name = "Trung tâm <b>X</b> & {{ y }}"
    unit.save()
    response = download(staff)
    doc = _document(response)
    texts = [p.text for p in doc.paragraphs]
    assert typed in texts
    assert "dòng hai" in texts
    assert any("Trung tâm <b>X</b> & {{ y }}" in t for t in texts)
    # Written as text: no field, no hyperlink is made from it.
    with zipfile.ZipFile(BytesIO(response.content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "<w:hyperlink" not in xml and "instrText" not in xml and "fldSimple" not in xml
    assert "&lt;w:t&gt;x&lt;/w:t&gt;" in xml


@pytest.mark.parametrize(
    "period, title, part_one, part_three",
    [
        (
            "first-6-months",
            "Sơ kết công tác 6 tháng đầu năm 2022 và phương hướng, nhiệm vụ 6 tháng cuối năm 2022",
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2022",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2022",
        ),
        (
            "first-9-months",
            "Sơ kết công tác 9 tháng đầu năm 2022 và phương hướng, nhiệm vụ quý IV năm 2022",
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 9 THÁNG ĐẦU NĂM 2022",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2022",
        ),
        (
            "quarter-4",
            "Công tác quý IV năm 2022 và phương hướng, nhiệm vụ quý I năm 2023",
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ IV NĂM 2022",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ I NĂM 2023",
        ),
        (
            "month-9",
            "Công tác tháng 9/2022 và phương hướng, nhiệm vụ tháng 10/2022",
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 9/2022",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 10/2022",
        ),
    ],
)
def test_a_period_has_its_own_title_and_columns(
    client, download, staff, hue, catalog, period, title, part_one, part_three
):
    report = Report.objects.create(office=hue, year=2022, period=period)
    report.figures.create(indicator=catalog.indicators["dossiers.received"], value=1234)
    response = download(staff, "thua-thien-hue", 2022, period)
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-thua-thien-hue-2022-{period}.docx"'
    )
    doc = _document(response)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "DỰ THẢO"
    assert texts[texts.index("BÁO CÁO") + 1] == title
    assert part_one in texts and part_three in texts
    this = periods.label(period, 2022)
    header = _figure_tables(doc)[0][0]
    assert header[3:5] == [capfirst(periods.label(period, 2021)), capfirst(this)]
    assert _figure_tables(doc)[0][1][4] == "1.234"


def test_next_period_follows_each_kind():
    assert docx_report.next_period("year", 2024) == "năm 2025"
    assert docx_report.next_period("quarter-1", 2024) == "quý II năm 2024"
    assert docx_report.next_period("month-12", 2024) == "tháng 1/2025"
    assert docx_report.next_period("first-6-months", 2024) == "6 tháng cuối năm 2024"


def test_names_are_those_of_the_report_year(download, staff, hue, catalog):
    report = Report.objects.create(office=hue, year=2025)
    report.figures.create(indicator=catalog.indicators["dossiers.received"], value=10)
    doc = _document(download(staff, year=2025))
    heading = doc.tables[0].rows[0].cells
    assert heading[0].paragraphs[0].text == "UBND THÀNH PHỐ HUẾ"
    assert heading[1].paragraphs[-1].text == "Huế, ngày 05 tháng 01 năm 2023"
    assert doc.paragraphs[-1].text.split("\n")[1] == "- UBND thành phố (b/c);"


def test_it_runs_a_fixed_number_of_queries(client, staff, hue_report, django_assert_num_queries):
    client.force_login(staff)
    url = reverse("reports:document", args=["thua-thien-hue", 2022])
    # The session, the user, their memberships; office, report; previous report; figures
    # of both years with their indicators; former names, section units, attendees,
    # directives, awards, conference; catalogue (indicators, rates, checks)
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200


def _pdf(source, tmp_path):
    """`source` printed to PDF by LibreOffice: (page count, text of each page)."""
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
    return text.rstrip("\f").split("\f")


@pytest.mark.parametrize(
    "slug, year, persona, pages",
    [("thua-thien-hue", 2022, "staff", 3), ("khanh-hoa", 2020, "leader", 2)],
)
def test_libreoffice_prints_it_on_a4_pages(
    request, download, seed_reports, tmp_path, slug, year, persona, pages
):
    source = tmp_path / "report.docx"
    source.write_bytes(download(request.getfixturevalue(persona), slug, year).content)
    printed = _pdf(source, tmp_path)
    assert len(printed) == pages
    first = " ".join(printed[0].split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert f"Tổng kết công tác năm {year} và phương hướng, nhiệm vụ năm {year + 1}" in first
    # The page number from the second page on, and the signature on the last page.
    assert printed[1].split()[0] == "2"
    assert "CHÁNH VĂN PHÒNG" in printed[-1] and "Nơi nhận:" in printed[-1]
    # The signature never stands alone on its page: the last part's heading comes with it.
    assert f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}" in printed[-1]
