"""The report an office sends, as a Word document in the layout of Decree 30/2020/NĐ-CP
(Appendix I): heading with the issuing body and the national motto, title, one numbered part
per section with the narrative's sentences and the summary page's figures, the assessment
and the direction, the signature block and the recipients.

The figures, rates and changes are the summary page's (`tables.summary_rows`), formatted by
the same helpers, so the document never says what the page does not. Everything a person
typed is written as a plain text run: Word documents hold no formulas, and no field or
markup is ever made from a person's text.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.text import capfirst
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor

from officereports.reports import narrative, periods, text, vietnamese
from officereports.reports.models import Report, Section
from officereports.reports.tables import figure_text, summary_rows

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
# Appendix I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
# A4 less the side margins: 165 mm, shared by the heading's two columns and the tables.
HEADING_WIDTHS = [Cm(6.5), Cm(10)]
TABLE_WIDTHS = [Cm(1.3), Cm(4.2), Cm(1.9), Cm(2.5), Cm(2.5), Cm(2.3), Cm(1.8)]
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(12)
INDENT = Cm(1.27)
DRAFT = "DỰ THẢO"
NUMBER_LINE = "Số: …/BC-VP"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
SIGNER = "CHÁNH VĂN PHÒNG"
# The middle of the signer's half of the line: the right 8,5 cm of the 16,5 cm.
SIGNER_CENTRE = Cm(12.25)
UNSIGNED = "……………………………"
CELL_STYLE, HEADER_STYLE = "Ô bảng số liệu", "Đầu bảng số liệu"
EMPTY_NOTE = "Ô để trống là chưa có số liệu (không phải 0)."


# ---------------------------------------------------------------------------
# What the document says (plain strings, tested without Word)


def next_period(kind: str, year: int) -> str:
    """The period the direction part plans for: "năm 2023" after the year 2022, "6 tháng
    cuối năm 2024" after the first six months, "quý IV năm 2024" after nine months, the
    next quarter or month after a quarter or a month."""
    if kind == periods.YEAR:
        return periods.label(periods.YEAR, year + 1)
    if kind == periods.FIRST_6_MONTHS:
        return f"6 tháng cuối năm {year}"
    if kind == periods.FIRST_9_MONTHS:
        return periods.label(periods.QUARTERS[3], year)
    for kinds in periods.parts_of_year():
        if kind in kinds:
            position = kinds.index(kind)
            if position + 1 < len(kinds):
                return periods.label(kinds[position + 1], year)
            return periods.label(kinds[0], year + 1)
    raise ValueError(kind)


def title(kind: str, year: int) -> str:
    """The line under "BÁO CÁO": a year-end "Tổng kết", a 6- or 9-month "Sơ kết", a quarter's
    or a month's "công tác" report, each with the period that follows."""
    this, then = periods.label(kind, year), next_period(kind, year)
    if kind == periods.YEAR:
        lead = "Tổng kết công tác"
    elif kind in (periods.FIRST_6_MONTHS, periods.FIRST_9_MONTHS):
        lead = "Sơ kết công tác"
    else:
        lead = "Công tác"
    return f"{lead} {this} và phương hướng, nhiệm vụ {then}"


def sections(rows) -> list[tuple[str, list[dict]]]:
    """`summary_rows` grouped by section, in their order: (section code, rows). A row names
    its section only when the section changes."""
    codes = {str(s.label): s.value for s in Section}
    groups = []
    for row in rows:
        if row["section"] or not groups:
            groups.append((codes.get(str(row["section"]), ""), []))
        groups[-1][1].append(row)
    return groups


def rate_text(result) -> str:
    return narrative.shown_percent(result)


def rate_note(definition, result) -> str:
    """What a rate divides by, as the page says it: "Tỷ lệ …: 77,18% = 159/206, tính trên …"."""
    shown = rate_text(result)
    if result.computed is not None:
        fraction = f"{vietnamese.number(result.numerator)}/{vietnamese.number(result.denominator)}"
        how = f"{shown} = {fraction}, tính trên {definition.display_basis}"
    else:
        how = f"{shown} do đơn vị nêu, tính trên {definition.display_basis}"
    return f"{definition.display_name}: {how}."


def _plain(value) -> str:
    """A person's text as it can stand in the file: without the control characters XML
    cannot hold (text.clean), nothing else changed."""
    return text.clean(str(value or ""))[0]


def _paragraphs(value) -> list[str]:
    return [line.strip() for line in _plain(value).splitlines() if line.strip()]


# ---------------------------------------------------------------------------
# Word formatting


def _font(run, size, bold=False, italic=False, underline=False):
    # The East Asian and complex-script slots come from the Normal style.
    run.font.name = FONT
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    run.font.color.rgb = BLACK
    return run


def _para(
    container,
    words="",
    size=BODY_SIZE,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    bold=False,
    italic=False,
    underline=False,
    indent=None,
    before=0,
    after=0,
):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.first_line_indent = indent
    # An empty paragraph is a line of the Normal style's 14 pt.
    if words:
        _font(p.add_run(words), size, bold, italic, underline)
    return p


def _body(container, words, bold=False, italic=False, after=6):
    """A paragraph of the body: 14 pt, justified, first line indented, 6 pt after."""
    return _para(
        container,
        words,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        bold=bold,
        italic=italic,
        indent=INDENT,
        after=after,
    )


def _heading_line(doc, words):
    """A part's heading: a bold body line, never alone at the foot of a page."""
    p = _body(doc, words, bold=True)
    p.paragraph_format.keep_with_next = True
    return p


def _rule(cell, length, of):
    """A short centred line (the rule under the issuing body or the title): an empty
    paragraph `length` wide with a top border, indented equally from both sides of `of`."""
    p = cell.add_paragraph()
    side = (of - length) / 2
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Emu(int(side))
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    # `ParagraphFormat.element` is the paragraph (public); pBdr comes first in its
    # properties, before spacing and indentation in the schema's order.
    fmt.element.get_or_add_pPr().insert(0, borders)
    return p


def _layout_table(container, widths):
    """A table that places blocks side by side (the heading): the document's default table
    style, which draws no borders. Fixed column widths: LibreOffice reads the table's grid,
    Word a fixed table's cells; both are set."""
    table = container.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = cell.width = width
    return table.rows[0].cells


def _table_styles(doc):
    """The tables' paragraph styles (12 pt, a little air above and below; the header bold):
    a table has hundreds of cells, and formatting each of their runs would cost more than
    the rest of the document."""
    styles = doc.styles
    cell = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = styles["Normal"]
    cell.font.size = TABLE_SIZE
    fmt = cell.paragraph_format
    fmt.space_before = fmt.space_after = Pt(2)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header = styles.add_style(HEADER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    header.base_style = cell
    header.font.bold = True
    return cell, header


def _page_numbers(section):
    """Decree 30: page numbers from the second page, centred at the top."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _font(p.add_run(), Pt(13))
    r = run.font.element  # the run itself (public as `Font.element`)
    for kind, words in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = words
        r.append(element)


# ---------------------------------------------------------------------------
# The document


def report_document(report, previous, catalog, now=None) -> bytes:
    """The Word report of `report` (figures, section units, conference rows and unit names
    prefetched, as for the summary page); `previous` is last year's report or None."""
    now = now or timezone.now()
    facts = narrative.Facts.from_report(report, catalog, previous)
    article = narrative.build(facts)
    rows = summary_rows(facts, catalog)

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = section.footer_distance = Mm(10)
    _page_numbers(section)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = BLACK
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    styles = _table_styles(doc)

    if report.status != Report.Status.APPROVED:
        draft = _para(doc, DRAFT, size=Pt(13), align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True)
        draft.paragraph_format.space_after = Pt(6)

    _heading(doc, report, now)
    _para(doc, "BÁO CÁO", bold=True, before=12)
    title_p = _para(doc, title(report.period, report.year), bold=True)
    title_p.paragraph_format.keep_with_next = True
    # The rule under the title, a third of the page's width.
    _rule(doc, Cm(5.5), Cm(16.5)).paragraph_format.space_after = Pt(12)

    this = periods.label(report.period, report.year)
    then = next_period(report.period, report.year)
    _heading_line(doc, f"I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ {this.upper()}")
    for number, (code, group) in enumerate(sections(rows), 1):
        label = str(Section(code).label) if code else "Các chỉ tiêu khác"
        # Away from the table above.
        _heading_line(doc, f"{number}. {capfirst(label)}").paragraph_format.space_before = Pt(6)
        for sentence in article.sections.get(code, []):
            _body(doc, _plain(sentence))
        _figures_table(doc, report, group, styles, first=number == 1)

    _heading_line(doc, "II. ĐÁNH GIÁ CHUNG")
    for line in _paragraphs(report.assessment) or [""]:
        _body(doc, line)
    _heading_line(doc, f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ {then.upper()}")
    for line in _paragraphs(report.direction) or [""]:
        last = _body(doc, line)
    # The signature is never alone on a page: it takes the last lines of the text with it.
    last.paragraph_format.keep_with_next = True

    _signatures(doc, report)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _heading(doc, report, now):
    """Issuing body and number on the left, motto, place and date on the right."""
    unit = report.office.unit
    place, kind = unit.name_in(report.year)
    conference = getattr(report, "conference", None)
    # Read at the conference the report is written for, and dated that day; a report without
    # one is dated the day it is printed, and the clerk corrects the date when it is signed.
    day = conference.date if conference and conference.date else timezone.localtime(now).date()
    left, right = _layout_table(doc, HEADING_WIDTHS)
    _cell_para(left.paragraphs[0], f"UBND {unit.label(report.year).upper()}", Pt(12))
    _cell_para(left.add_paragraph(), "VĂN PHÒNG", Pt(12), bold=True)
    _rule(left, Cm(2), HEADING_WIDTHS[0])
    _cell_para(left.add_paragraph(), NUMBER_LINE, Pt(13), before=6)
    _cell_para(right.paragraphs[0], MOTTO, Pt(12), bold=True)
    # Underlined: a rule exactly as long as the line, as the decree draws it.
    _cell_para(right.add_paragraph(), MOTTO_SUB, Pt(13), bold=True, underline=True)
    _cell_para(
        right.add_paragraph(),
        f"{place}, {vietnamese.formal_date(day)}",
        Pt(13),
        italic=True,
        before=8,
    )


def _cell_para(p, words, size, bold=False, italic=False, underline=False, before=0):
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(words), size, bold, italic, underline)
    return p


def _figures_table(doc, report, rows, styles, first=False):
    """A section's figures as the summary page's table shows them, and what each rate
    divides by in a note under it (the first table also says what an empty cell is)."""
    last, this = (capfirst(periods.label(report.period, y)) for y in (report.year - 1, report.year))
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", last, this, "So sánh", "Tỷ lệ"]
    plain, bold = (style.style_id for style in styles)
    # The header repeats on every page the table runs onto.
    rows_xml = [_row_xml(header, bold, "C" * len(header), heading=True)]
    notes = []
    for n, row in enumerate(rows, 1):
        values = [
            str(n),
            _plain(row["indicator"]),
            _plain(row["unit"]),
            # A missing figure is an empty cell, never 0.
            figure_text(row["previous"]),
            figure_text(row["current"]),
            row["change"] or "",
            "\n".join(rate_text(r) for _, r in row["rates"]),
        ]
        rows_xml.append(_row_xml(values, plain, "CLCRRLR"))
        notes += [rate_note(d, r) for d, r in row["rates"]]
    grid = "".join(f'<w:gridCol w:w="{width.twips}"/>' for width in TABLE_WIDTHS)
    table = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblStyle w:val="{doc.styles["Table Grid"].style_id}"/>'
        '<w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows_xml)}</w:tbl>"
    )
    # Where python-docx adds a table: at the end of the body, before its section properties.
    doc.element.body.insert_element_before(table, "w:sectPr")
    if first:
        notes.append(EMPTY_NOTE)
    if notes:
        note = _para(doc, "", size=Pt(12), align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=3, after=6)
        _font(note.add_run("Ghi chú: " + " ".join(notes)), Pt(12), italic=True)


ALIGNMENTS = {"L": "left", "C": "center", "R": "right"}


def _row_xml(values, style_id, aligns, heading=False):
    """A table row written as WordprocessingML, the table parsed once: python-docx spends
    about a millisecond on each cell it builds, and a report's tables have hundreds. Every
    value is escaped text in a run (a line break between its lines), never markup."""
    cells = []
    for value, width, align in zip(values, TABLE_WIDTHS, aligns, strict=True):
        lines = "<w:br/>".join(
            f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in value.split("\n")
        )
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width.twips}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/><w:jc w:val="{ALIGNMENTS[align]}"/></w:pPr>'
            + (f"<w:r>{lines}</w:r>" if value else "")
            + "</w:p></w:tc>"
        )
    properties = "<w:trPr><w:tblHeader/></w:trPr>" if heading else ""
    return f"<w:tr>{properties}{''.join(cells)}</w:tr>"


def _signatures(doc, report):
    """Recipients on the left, the signer on the right (Appendix I): one paragraph whose
    lines are kept together, the signer's half at a centred tab stop, so that the block
    moves to the next page whole and with the line before it (Writer keeps a paragraph
    with the next paragraph, never with a table, nor reliably along a chain of them)."""
    _, kind = report.office.unit.name_in(report.year)
    kind_label = str(report.office.unit.Kind(kind).label)
    lines = [
        [("Nơi nhận:", Pt(12), True, True), ("\t" + SIGNER, Pt(13), True, False)],
        [(f"- UBND {kind_label} (b/c);", Pt(11), False, False)],
        [("- Lưu: VT, TH.", Pt(11), False, False)],
        # Room to sign and stamp.
        *[[("", Pt(13), False, False)]] * 3,
        [("\t" + UNSIGNED, Pt(13), True, False)],
    ]
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(12), Pt(0)
    fmt.keep_together = True
    fmt.tab_stops.add_tab_stop(SIGNER_CENTRE, WD_TAB_ALIGNMENT.CENTER)
    for n, line in enumerate(lines):
        for words, size, bold, italic in line:
            run = _font(p.add_run(words), size, bold, italic)
        if n + 1 < len(lines):
            run.add_break()
    return p
