"""What the writer (officereports/reports/xlsx.py) relies on in openpyxl's output.

The writer lets openpyxl build the package with every sheet empty, writes the rows itself as
SpreadsheetML and splices them into each sheet's `<sheetData>`; a cell's `s` is the index
openpyxl's `style_id` gave it. If an openpyxl upgrade changes any of that, these tests fail
here, by name, before a workbook comes out broken or wrongly styled.
"""

import re
import zipfile
from decimal import Decimal
from io import BytesIO
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation

from officereports.reports import excel, xlsx

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _package(wb) -> zipfile.ZipFile:
    out = BytesIO()
    wb.save(out)
    return zipfile.ZipFile(out)


def _empty_sheet(wb, title="Thử"):
    """A write-only sheet set up as xlsx.write sets one up, no row appended."""
    ws = wb.create_sheet(title)
    ws.column_dimensions["A"].width = 6
    ws.merged_cells.add(CellRange("A1:C1"))
    ws.print_title_rows = "2:3"
    ws.freeze_panes = "B4"
    ws.auto_filter.ref = "A3:C9"
    validation = DataValidation(type="whole", operator="between", formula1="0", formula2="9")
    validation.add("B4:B9")
    ws.data_validations.append(validation)
    return ws


def test_a_write_only_sheet_is_saved_with_one_empty_sheet_data_between_its_columns_and_merges():
    wb = Workbook(write_only=True)
    _empty_sheet(wb)
    part = _package(wb).read("xl/worksheets/sheet1.xml")
    empty = [e for e in xlsx.EMPTY_SHEET_DATA if part.count(e) == 1]
    assert len(empty) == 1
    assert part.count(b"<sheetData") == 1
    # The rows go where the schema wants them: after <cols>, before <mergeCells> and the rest.
    head, tail = part.split(empty[0])
    assert b'<col width="6" customWidth="1" min="1" max="1"/></cols>' in head
    assert tail.startswith(b'<autoFilter ref="A3:C9"/><mergeCells count="1">')
    assert b'<pane xSplit="1" ySplit="3" topLeftCell="B4"' in head


def test_a_sheet_path_names_its_part_in_the_package_once_the_workbook_is_saved():
    wb = Workbook(write_only=True)
    first, second = _empty_sheet(wb, "Một"), _empty_sheet(wb, "Hai")
    names = _package(wb).namelist()
    assert [first.path, second.path] == ["/xl/worksheets/sheet1.xml", "/xl/worksheets/sheet2.xml"]
    assert {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} <= set(names)


def _cell_formats(package):
    """cellXfs as (named style, number format code, quote prefix), by index."""
    root = ElementTree.fromstring(package.read("xl/styles.xml"))
    named = {style.get("xfId"): style.get("name") for style in root.iter(f"{MAIN}cellStyle")}
    codes = {f.get("numFmtId"): f.get("formatCode") for f in root.iter(f"{MAIN}numFmt")}
    codes.update({"0": "General", "3": "#,##0"})  # built in: never listed
    return [
        (named[xf.get("xfId")], codes[xf.get("numFmtId")], xf.get("quotePrefix"))
        for xf in root.find(f"{MAIN}cellXfs")
    ]


def test_style_id_is_the_index_of_the_cell_format_openpyxl_writes():
    wb = Workbook(write_only=True)
    for style in xlsx._styles():
        wb.add_named_style(style)
    ws = wb.create_sheet("Thử")
    ids = xlsx._StyleIds(ws)
    keys = [
        ("td", None, False),
        ("td_num", "#,##0", False),
        ("td_num", '"hơn "#,##0', False),
        ("td", None, True),
        ("section", None, False),
    ]
    assert [ids[key] for key in keys] == [1, 2, 3, 4, 5]
    assert ids["td", None, False] == 1  # registered once
    formats = _cell_formats(_package(wb))
    assert [formats[ids[key]] for key in keys] == [
        ("td", "General", "0"),
        ("td_num", "#,##0", "0"),
        ("td_num", '"hơn "#,##0', "0"),
        ("td", "General", "1"),
        ("section", "General", "0"),
    ]


def test_a_written_workbook_reads_back_with_its_rows_styles_and_set_up():
    sheet = xlsx.Sheet(
        title="Số liệu",
        widths=[6, 30, 12],
        rows=[
            xlsx.Row([xlsx.Cell("TIÊU ĐỀ", "title")], merge=((1, 3),), height=24),
            xlsx.Row([xlsx.Cell("STT", "th"), xlsx.Cell("Chỉ tiêu", "th"), xlsx.Cell("Số", "th")]),
            excel.section_row(0, "Văn bản", 3, label_column=2),
            xlsx.Row(
                [
                    xlsx.Cell(1, "td_center"),
                    xlsx.Cell("Văn bản đến", "td"),
                    xlsx.Cell(52900, "td_num", excel.count_format("hon")),
                ]
            ),
            xlsx.Row(
                [
                    xlsx.Cell(2, "td_center"),
                    xlsx.Cell("Tỷ lệ", "td"),
                    xlsx.Cell(xlsx.Formula("=C4/C4"), "td_num", "0.00%"),
                ]
            ),
            xlsx.Row([None, xlsx.Cell(Decimal("0.7718"), "td_num", "0.00%")]),
        ],
        print_title_rows="2:2",
        freeze="C3",
        landscape=True,
        autofilter="A2:C5",
    )
    wb = load_workbook(BytesIO(xlsx.write([sheet])))
    ws = wb["Số liệu"]
    assert [[c.value for c in row] for row in ws.iter_rows(max_col=3)] == [
        ["TIÊU ĐỀ", None, None],
        ["STT", "Chỉ tiêu", "Số"],
        ["I", "VĂN BẢN", None],
        [1, "Văn bản đến", 52900],
        [2, "Tỷ lệ", "=C4/C4"],
        [None, 0.7718, None],
    ]
    assert [ws.cell(r, 2).style for r in range(1, 5)] == ["Normal", "th", "section", "td"]
    assert ws["A1"].style == "title" and ws["A3"].style == "section_center"
    assert ws["C4"].number_format == '"hơn "#,##0'
    assert ws["C5"].number_format == "0.00%"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:C1"]
    assert ws.row_dimensions[1].height == 24
    assert [ws.column_dimensions[c].width for c in "ABC"] == [6, 30, 12]
    assert ws.print_title_rows == "$2:$2"
    assert ws.freeze_panes == "C3"
    assert ws.auto_filter.ref == "A2:C5"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True


def test_a_sheet_part_without_an_empty_sheet_data_is_refused():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Thử")
    ws.append(["đã có dòng"])
    package = BytesIO()
    wb.save(package)
    with pytest.raises(
        ValueError, match=re.escape("no empty <sheetData> in xl/worksheets/sheet1.xml")
    ):
        xlsx._with_rows(package, {"xl/worksheets/sheet1.xml": BytesIO()})


def test_openpyxl_writes_calibri_as_the_default_font_which_the_writer_replaces():
    wb = Workbook(write_only=True)
    _empty_sheet(wb)
    styles = _package(wb).read("xl/styles.xml")
    assert styles.count(xlsx.CALIBRI_XML) == 1
    written = zipfile.ZipFile(BytesIO(xlsx.write([xlsx.Sheet("Thử", [10], [])])))
    root = ElementTree.fromstring(written.read("xl/styles.xml"))
    default = root.find(f"{MAIN}fonts")[0]
    assert [(e.tag.removeprefix(MAIN), e.get("val")) for e in default] == [
        ("name", "Times New Roman"),
        ("family", "1"),
        ("sz", "12"),
    ]


def _heights(*heights):
    return [xlsx.Row([xlsx.Cell("x", "td")], height=h) for h in heights]


def test_signatures_that_would_start_a_page_shrink_the_print_to_the_table_s_pages():
    # A4 landscape fitted to 148 units of width holds about 600 points of rows a page.
    widths = excel.TABLE_WIDTHS
    room = (595.3 - 72) / ((842 - 72) / (sum(widths) * xlsx.POINTS_PER_WIDTH))
    assert 600 < room < 610

    def fit(table, closing):
        sheet = xlsx.Sheet(
            "Thử", widths, _heights(*table, *closing), "1:1", landscape=True, closing_rows=2
        )
        ws = load_workbook(BytesIO(xlsx.write([sheet])))["Thử"]
        return ws.page_setup.fitToHeight

    # The table fills page 1: the signatures are printed with it, slightly smaller.
    assert fit([50, 500], [60, 60]) == 1
    # The table runs on to page 2, where the signatures follow it.
    assert fit([50, 500, 150], [60, 60]) == 2
    # Three pages of rows (the title row repeated on each).
    assert fit([50] + [100] * 15, [60, 60]) == 3


def test_a_sheet_without_closing_rows_prints_as_many_pages_as_its_rows_need():
    sheet = xlsx.Sheet("Thử", [10], _heights(*[400] * 5))
    ws = load_workbook(BytesIO(xlsx.write([sheet])))["Thử"]
    assert ws.page_setup.fitToHeight == 0
