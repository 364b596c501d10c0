"""How a workbook is written: SpreadsheetML rows inside a package openpyxl builds.

`excel.py` says what each workbook holds, as rows of `Cell`s; this module turns those rows
into an .xlsx and owns every visual decision (named styles, widths, row heights, merges, A4
print set-up, validations).

This is the one module of the project that relies on what is not openpyxl's documented API,
and it says so here. openpyxl's cell objects cost tens of microseconds each, and a
leadership workbook over every year has millions of cells: so openpyxl (write-only mode)
builds the package with every sheet left empty, and the rows are written here as
SpreadsheetML, then spliced into each sheet's part. That relies on openpyxl's output and
internals, pinned by tests/test_xlsx.py so that an upgrade that changes them fails loudly:
- a write-only worksheet with no rows appended is saved with exactly one empty
  `<sheetData></sheetData>` (or `<sheetData/>`), which `_with_rows` fills;
- `Worksheet.path` names the sheet's part in the package, once the workbook is saved;
- `cell.style_id` (undocumented) registers a cell format (named style, number format,
  quote prefix) in the workbook's styles and returns its index in `cellXfs`: the `s` of a
  `<c>` written here;
- a write-only worksheet keeps merges, widths, print titles and validations set before
  the save, although no cell is appended to it;
- the workbook's default font is written as `CALIBRI_XML`, the first `<font>` of
  `xl/styles.xml`, which `_with_rows` replaces with the document font (see `DEFAULT_FONT_XML`).
No other module of the project may use a private API of Django, psycopg or openpyxl
(tests/test_private_apis.py).
"""

import functools
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from officereports.reports import text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel refuses longer sheet titles.
MAX_SHEET_TITLE = 31


class Formula(str):
    """A cell formula. Plain strings are always written as text."""


@dataclass(frozen=True)
class Cell:
    value: object = None
    style: str = "td"
    number_format: str | None = None


@dataclass
class Row:
    cells: list
    merge: tuple = ()  # (first column, last column) spans, 1-based
    height: float | None = None


@dataclass
class Sheet:
    title: str
    widths: list
    rows: Iterable
    print_title_rows: str | None = None  # e.g. "9:10", repeated on every printed page
    freeze: str | None = None
    landscape: bool = False
    autofilter: str | None = None
    validations: list = field(default_factory=list)
    # The last rows (the signature block) are printed on the page of the table's last rows,
    # never on a page of their own under a repeated header.
    closing_rows: int = 0


# ---------------------------------------------------------------------------
# Styles and layout: every visual decision lives here

FONT = "Times New Roman"  # the font of Vietnamese administrative documents (Decree 30/2020)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E7ECF2")
SECTION_FILL = PatternFill("solid", fgColor="F3F5F8")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")


def _style(
    name, size=12, bold=False, italic=False, underline=None, align=LEFT, border=None, fill=None
):
    style = NamedStyle(name=name)
    style.font = Font(name=FONT, size=size, bold=bold, italic=italic, underline=underline)
    style.alignment = align
    if border:
        style.border = border
    if fill:
        style.fill = fill
    return style


def _styles():
    # Built per workbook: a NamedStyle belongs to the workbook it is added to.
    return [
        _style("agency", align=CENTER),
        _style("agency_bold", bold=True, underline="single", align=CENTER),
        _style("motto", bold=True, align=CENTER),
        _style("motto_sub", size=13, bold=True, underline="single", align=CENTER),
        _style("place_date", italic=True, align=CENTER),
        _style("title", size=14, bold=True, align=CENTER),
        _style("title_left", size=14, bold=True),
        _style("subtitle", italic=True, align=CENTER),
        _style("subtitle_left", italic=True),
        _style("heading", bold=True),
        _style("filter", size=11),
        _style("th", size=11, bold=True, align=CENTER, border=BOX, fill=HEADER_FILL),
        _style("th_num", size=10, italic=True, align=CENTER, border=BOX, fill=HEADER_FILL),
        _style("section", bold=True, border=BOX, fill=SECTION_FILL),
        _style("section_center", bold=True, align=CENTER, border=BOX, fill=SECTION_FILL),
        _style("section_note", size=10, italic=True, border=BOX, fill=SECTION_FILL),
        _style("td", border=BOX),
        _style("td_code", size=10, border=BOX),
        _style("td_center", align=CENTER, border=BOX),
        _style("td_num", align=RIGHT, border=BOX),
        _style("td_note", size=10, italic=True, border=BOX),
        _style("input", border=BOX, fill=INPUT_FILL),
        _style("input_num", align=RIGHT, border=BOX, fill=INPUT_FILL),
        _style("total", bold=True, border=BOX, fill=SECTION_FILL),
        _style("total_num", bold=True, align=RIGHT, border=BOX, fill=SECTION_FILL),
        _style("label", bold=True, align=Alignment(horizontal="left", vertical="center")),
        _style("value"),
        _style("value_left", align=Alignment(horizontal="left")),
        _style("note", size=11, italic=True),
        _style("footnote", size=11, italic=True),
        _style("sign_title", bold=True, align=CENTER),
        _style("sign_hint", italic=True, align=CENTER),
    ]


# (characters per unit of column width, points per line) by style, measured on the workbook
# rendered by LibreOffice. Neither Excel nor LibreOffice fits a row to wrapped text when it
# opens a file, so the writer estimates each row's height.
TEXT_METRICS = {
    "th": (1.0, 14.5),
    "th_num": (1.3, 13.2),
    "td_note": (1.35, 13.2),
    "section_note": (1.35, 13.2),
    "td_code": (1.3, 13.2),
    "filter": (1.2, 14.5),
    "note": (1.2, 14.5),
    "footnote": (1.2, 14.5),
}
DEFAULT_METRICS = (1.1, 15.6)  # 12-point Times New Roman

# Column widths are counted in digits of the workbook's default font. openpyxl's is Calibri 11,
# which LibreOffice replaces where Calibri is missing (by DejaVu Sans, some 40 % wider): the same
# file then printed at 70 % on one machine and 99 % on another, and text wrapped differently
# from the row heights estimated here. Times New Roman 12, the document font, is there in
# Excel, and in LibreOffice as its metric twin Liberation Serif.
CALIBRI_XML = (
    b'<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
    b'<scheme val="minor"/></font>'
)
DEFAULT_FONT_XML = f'<font><name val="{FONT}"/><family val="1"/><sz val="12"/></font>'.encode()

# A4 in points, the margins set below, and what one unit of column width measures in Times New
# Roman 12 (8 pixels at 96 dpi): enough to tell how many rows a printed page holds.
A4 = (595.3, 841.9)
MARGINS = {"left": 0.6, "right": 0.4, "top": 0.5, "bottom": 0.5}  # inches
POINTS_PER_WIDTH = 6.0
RISKY_START = ("=", "+", "-", "@", "\t", "\r")


@functools.lru_cache(maxsize=4096)  # office names and statuses repeat on every row
def _lines(text: str, per_line: int) -> int:
    """Lines that `text` takes when wrapped at word boundaries, `per_line` characters wide."""
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                count += 1
                used = 0
            used += len(word) + (1 if used else 0)
            while used > per_line:  # a word longer than the line
                count += 1
                used -= per_line
    return count


def _text_height(text: str, style: str, width: float) -> float | None:
    """The height a cell's wrapped text needs; None for one line."""
    chars, line = TEXT_METRICS.get(style, DEFAULT_METRICS)
    # Two characters fewer for the cell's inner padding.
    lines = _lines(text, max(1, int(width * chars) - 2))
    return line * lines + 4 if lines > 1 else None


class _StyleIds(dict):
    """(style, number format, quote prefix) -> the index of that cell format in the
    workbook's styles, registered with openpyxl on first use."""

    def __init__(self, ws):
        super().__init__()
        self.ws = ws

    def __missing__(self, key):
        style, number_format, quoted = key
        cell = WriteOnlyCell(self.ws)
        cell.style = style
        if number_format:
            cell.number_format = number_format
        if quoted:
            cell.quotePrefix = True
        self[key] = cell.style_id
        return self[key]


def _text(value: str) -> str:
    # XML cannot hold most control characters: text stored before they were removed at
    # input loses them here (Word's line break becomes a newline), never the workbook.
    return escape(text.clean(value)[0])


NUMBERS = (int, Decimal, float)


def _row_xml(index: int, row: Row, widths, style_ids) -> tuple[str, float]:
    """One row of SpreadsheetML, its cells as openpyxl writes them (strings inline), and
    a height that shows every line of wrapped text (estimated: neither Excel nor
    LibreOffice fits a row to wrapped text when it opens a file); with the row's height in
    points, for the page count."""
    height = row.height
    heights = []  # of the text cells, when the row has no height of its own
    spans = {first: last for first, last in row.merge}
    out = []
    for col, cell in enumerate(row.cells, 1):
        if cell is None:
            continue
        value = cell.value
        kind = type(value)
        ref = f"{get_column_letter(col)}{index}"
        if value is None:
            s = style_ids[cell.style, cell.number_format, False]
            out.append(f'<c r="{ref}" s="{s}"/>')
            continue
        if kind in NUMBERS:
            s = style_ids[cell.style, cell.number_format, False]
            # As openpyxl writes numbers (16 significant digits), the type "n" left implied.
            number = value if kind is int else f"{float(value):.16g}"
            out.append(f'<c r="{ref}" s="{s}"><v>{number}</v></c>')
            continue
        if kind is bool:
            s = style_ids[cell.style, cell.number_format, False]
            out.append(f'<c r="{ref}" s="{s}" t="b"><v>{int(value)}</v></c>')
            continue
        if kind is Formula:
            s = style_ids[cell.style, cell.number_format, False]
            out.append(f'<c r="{ref}" s="{s}"><f>{_text(value[1:])}</f><v></v></c>')
        elif isinstance(value, str):
            # A person's text is never a formula, whatever it starts with: stored as text,
            # quote-prefixed when risky so that editing the cell in Excel keeps it text.
            s = style_ids[cell.style, cell.number_format, value.startswith(RISKY_START)]
            space = ' xml:space="preserve"' if value != value.strip() else ""
            out.append(
                f'<c r="{ref}" s="{s}" t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
            )
        else:
            raise TypeError(f"a workbook cell cannot hold {kind.__name__}: {value!r}")
        if not row.height and col <= len(widths):
            heights.append(
                _text_height(value, cell.style, sum(widths[col - 1 : spans.get(col, col)]))
            )
    height = height or max(filter(None, heights), default=None)
    start = f'<row r="{index}" ht="{height}" customHeight="1">' if height else f'<row r="{index}">'
    return start + "".join(out) + "</row>", height or _line_height(row)


def _line_height(row: Row) -> float:
    """The height of a row of one line: that of its largest style."""
    lines = [TEXT_METRICS.get(c.style, DEFAULT_METRICS)[1] for c in row.cells if c is not None]
    return max(lines, default=DEFAULT_METRICS[1])


def _pages(heights, titles, widths, landscape: bool, slack: float = 1.0) -> int:
    """Pages the rows take, printed fitted to the page width, with the rows of `titles`
    (1-based, inclusive) repeated on every page after the first. `slack` > 1 assumes the
    pages hold that much more than estimated."""
    width, height = reversed(A4) if landscape else A4
    width -= (MARGINS["left"] + MARGINS["right"]) * 72
    height -= (MARGINS["top"] + MARGINS["bottom"]) * 72
    scale = min(1.0, width / (sum(widths) * POINTS_PER_WIDTH))
    room = height / scale * slack
    repeated = sum(heights[titles[0] - 1 : titles[1]]) if titles else 0
    pages, used = 1, 0.0
    for row_height in heights:
        if used and used + row_height > room:
            pages, used = pages + 1, repeated
        used += row_height
    return pages


def write(sheets, progress=None) -> bytes:
    """Format rows into an .xlsx: styles, widths, merges, A4 print set-up, validations.
    `progress`, when given, is called with the number of rows written so far, every 1.000.

    openpyxl builds the package (styles, sheet set-up, merges, validations, print titles);
    the rows themselves are written here as SpreadsheetML and put into each sheet's empty
    <sheetData> afterwards: openpyxl's cell objects cost tens of microseconds each, and a
    leadership workbook over every year has millions of cells."""
    wb = Workbook(write_only=True)
    for style in _styles():
        wb.add_named_style(style)
    written = []
    done = 0
    # The rows wait in temporary files (tens of megabytes for the largest workbook).
    with ExitStack() as files:
        for sheet in sheets:
            if len(sheet.title) > MAX_SHEET_TITLE:
                raise ValueError(f"sheet title over {MAX_SHEET_TITLE} characters: {sheet.title!r}")
            ws = wb.create_sheet(sheet.title)
            for col, width in enumerate(sheet.widths, 1):
                ws.column_dimensions[get_column_letter(col)].width = width
            if sheet.freeze:
                ws.freeze_panes = sheet.freeze
            if sheet.print_title_rows:
                ws.print_title_rows = sheet.print_title_rows
            if sheet.autofilter:
                ws.auto_filter.ref = sheet.autofilter
            ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
            ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
            # Fit every column on the page width; as many pages down as the rows need.
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            for side, inches in MARGINS.items():
                setattr(ws.page_margins, side, inches)
            ws.print_options.horizontalCentered = True
            ws.oddFooter.center.text = "Trang &P/&N"
            for validation in sheet.validations:
                ws.data_validations.append(validation)
            rows = files.enter_context(tempfile.TemporaryFile())
            style_ids = _StyleIds(ws)
            batch, heights = [], []
            for index, row in enumerate(sheet.rows, 1):
                for first, last in row.merge:
                    ws.merged_cells.add(
                        CellRange(min_col=first, max_col=last, min_row=index, max_row=index)
                    )
                xml, height = _row_xml(index, row, sheet.widths, style_ids)
                batch.append(xml)
                if sheet.closing_rows:
                    heights.append(height)
                if len(batch) == 1000:
                    rows.write("".join(batch).encode())
                    done += len(batch)
                    batch = []
                    if progress:
                        progress(done)
            rows.write("".join(batch).encode())
            done += len(batch)
            if progress:
                progress(done)
            if sheet.closing_rows:
                ws.page_setup.fitToHeight = _fit_to_height(sheet, heights)
            written.append((ws, rows))
        package = BytesIO()
        wb.save(package)
        return _with_rows(package, {ws.path.lstrip("/"): rows for ws, rows in written})


def _fit_to_height(sheet: Sheet, heights) -> int:
    """As many pages as the table takes without its closing rows: a signature block that
    would start a page of its own is printed slightly smaller on the table's last page.

    The count is an estimate, made generous (10 % more rows per page than estimated) so that it
    errs on the harmless side: a page fewer than the table needs shrinks the print a little,
    while a page more would leave the signatures alone on the last one."""
    titles = None
    if sheet.print_title_rows:
        first, _, last = sheet.print_title_rows.partition(":")
        titles = (int(first), int(last or first))
    table = heights[: -sheet.closing_rows]
    return _pages(table, titles, sheet.widths, sheet.landscape, slack=1.1)


EMPTY_SHEET_DATA = (b"<sheetData></sheetData>", b"<sheetData/>")


def _with_rows(package: BytesIO, rows: dict) -> bytes:
    """The package again, each worksheet's empty <sheetData> filled with its rows, and the
    document font as the workbook's default."""
    out = BytesIO()
    with (
        zipfile.ZipFile(package) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/styles.xml":
                if content.count(CALIBRI_XML) != 1:
                    raise ValueError("the default font is not where expected in xl/styles.xml")
                content = content.replace(CALIBRI_XML, DEFAULT_FONT_XML)
            if info.filename not in rows:
                target.writestr(info, content)
                continue
            empty = next((e for e in EMPTY_SHEET_DATA if content.count(e) == 1), None)
            if empty is None:
                raise ValueError(f"no empty <sheetData> in {info.filename}")
            head, tail = content.split(empty)
            data = rows[info.filename]
            with target.open(info.filename, "w") as part:
                part.write(head + b"<sheetData>")
                data.seek(0)
                shutil.copyfileobj(data, part, 1 << 20)
                part.write(b"</sheetData>" + tail)
    return out.getvalue()
