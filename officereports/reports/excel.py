"""Excel workbooks: rows first, then format (pretix's exporters; STYLE.md §21).

The row functions below turn a report into plain rows of `Cell`s (value, style name, number
format); `xlsx.write()` turns those rows into an .xlsx and owns every visual decision (fonts,
borders, widths, A4 print set-up). Three workbooks come out of it: the conference workbook
of one report, the leadership workbooks (offices × figures, one office × years) and the
template staff fill offline (read back by `upload.py`).

Rules every workbook keeps:
- a count is a number cell with thousands formatting; an approximate count keeps its word in
  the number format (`"hơn "#,##0`), so it still sorts and sums as a number;
- a missing figure is an empty cell, never 0;
- a rate in the conference workbook is a formula over the count cells, formatted at the
  rate's decimals, so the table stays right when a number is corrected in Excel;
- text a person wrote is always stored as text: only values wrapped in `Formula` become
  formulas (no "=HYPERLINK(…)" from a directive ever runs).
"""

from datetime import datetime
from decimal import Decimal
from importlib.metadata import version

from django.utils import timezone, translation
from django.utils.text import capfirst
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from officereports.reports import periods, rates, tables, vietnamese
from officereports.reports.models import Qualifier, Report, Section
from officereports.reports.xlsx import Cell, Formula, Row, Sheet, write

COUNT_FORMAT = "#,##0"
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

# The template: the sheet staff fill, its identification cells and where the table starts.
TEMPLATE_FORMAT = "officereports/template/1"
TEMPLATE_SHEET = "Số liệu"
TEMPLATE_HEADER_ROW = 7
# The period's row: its name for people (column C) and its code (column E), which upload.py
# checks. Templates made before periods have this row empty: they are the yearly report's.
TEMPLATE_PERIOD_ROW = 6
TEMPLATE_COLUMNS = [
    "STT",
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Số liệu",
    "Cách ghi",
    "Tỷ lệ nêu trong báo cáo (%)",
    "Ghi chú",
]
# The qualifier column offers the Vietnamese words; an empty cell means an exact count.
# Read in Vietnamese whatever language is active when this module is first imported.
with translation.override("vi"):
    QUALIFIER_WORDS = {q.value: str(q.label) for q in Qualifier}


# ---------------------------------------------------------------------------
# Number formats


def count_format(qualifier: str = Qualifier.EXACT) -> str:
    """ "#,##0", or '"hơn "#,##0' so that "hơn 52.900" stays a number in Excel."""
    word = vietnamese.QUALIFIERS.get(qualifier or Qualifier.EXACT, "")
    return f'"{word} "{COUNT_FORMAT}' if word else COUNT_FORMAT


def shown_decimals(decimals: int, value: Decimal | None) -> int:
    """The rate's decimals, or more for a value that would show as 0 at them: `rates.percent`
    keeps the first significant digit of such a rate (0,02%), and so does its cell."""
    if value is None or not value or rates.round_half_up(value, decimals):
        return decimals
    return max(decimals, -value.normalize().as_tuple().exponent)


def percent_format(decimals: int, value: Decimal | None = None) -> str:
    """ "0.00%" for a rate of two decimals, "0%" for none. A known whole value is written
    "100%", not "100,0%" (DOMAIN §5); a formula keeps the rate's decimals."""
    if value is not None and value == value.to_integral_value():
        return "0%"
    decimals = shown_decimals(decimals, value)
    if not decimals:
        return "0%"
    return "0." + "0" * decimals + "%"


def _ratio(percent: Decimal) -> Decimal:
    # Excel's percentage formats multiply by 100: 77,18% is stored as 0.7718.
    return percent / 100


def section_row(number: int, label, width: int, label_column: int = 3, last=None) -> Row:
    """A section's header row, shaded across `width` columns: its Roman numeral (counted
    from 0), its name in capitals in `label_column`, and `last` (a Cell) in the last column
    when given."""
    numeral = ROMAN[number] if number < len(ROMAN) else number + 1
    cells = [Cell(numeral, "section_center")] + [Cell(None, "section")] * (width - 1)
    cells[label_column - 1] = Cell(str(label).upper(), "section")
    if last is not None:
        cells[-1] = last
    return Row(cells)


def _figure_cell(figure, style="td_num") -> Cell:
    if figure is None or figure.value is None:
        return Cell(None, style)
    return Cell(figure.value, style, count_format(figure.qualifier))


def _status_label(report) -> str:
    return str(Report.Status(report.status).label)


# The leadership workbooks count approved reports unless asked for every report: the status
# column says which rows are left out, or which counted rows are not approved yet.
COUNTED_LINE = ("Số liệu", "Chỉ tính báo cáo đã duyệt")
ALL_LINE = ("Số liệu", "Gồm cả số liệu chưa duyệt (xem cột/dòng Trạng thái)")
COUNTED_NOTE = (
    " Chỉ tính báo cáo đã duyệt: báo cáo chưa duyệt (đang soạn, chờ duyệt, bị trả lại) để "
    "trống, Trạng thái ghi “không tính”."
)
ALL_NOTE = " Gồm cả số liệu chưa duyệt: báo cáo chưa duyệt được tính, Trạng thái ghi “chưa duyệt”."


def _counted_status(report, approved_only: bool) -> str:
    """The status label, and for a report not approved yet whether it is counted."""
    label = _status_label(report)
    if report.status == Report.Status.APPROVED:
        return label
    return f"{label} (không tính)" if approved_only else f"{label} (chưa duyệt)"


def _user_label(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _exported_at(now: datetime) -> str:
    local = timezone.localtime(now)
    return f"{vietnamese.short_date(local.date())} {local:%H:%M}"


def product_version() -> str:
    return f"officereports {version('officereports')}"


# ---------------------------------------------------------------------------
# The conference workbook


TABLE_COLUMNS = 8  # STT, indicator, unit, previous year, this year, change, rate, note
TABLE_WIDTHS = [6, 42, 14, 12, 12, 12, 10, 40]


def _rate_note(definition, result) -> str:
    """What a rate divides by (DOMAIN §5), and where a stated value comes from."""
    parts = [f"{definition.name}: chia cho {definition.basis}"]
    if result.computed is None and result.stated is not None:
        parts.append(
            f"tỷ lệ do đơn vị nêu ({vietnamese.percent(result.stated)}), "
            "không có đủ số liệu để tính"
        )
    elif result.disagrees:
        parts.append(
            f"đơn vị nêu {vietnamese.percent(result.stated)}, "
            f"khác tỷ lệ tính từ số liệu ({vietnamese.percent(result.computed)})"
        )
    return "; ".join(parts)


def _rate_cell(definition, result, rows, column) -> Cell:
    """A formula over the count cells when the counts allow; the stated value otherwise."""
    fmt = percent_format(shown_decimals(definition.decimals, result.computed))
    if result.computed is not None:
        codes = list(definition.numerator) + list(definition.denominator)
        if all(code in rows for code in codes):

            def side(terms):
                refs = [f"{column}{rows[code]}" for code in terms]
                return refs[0] if len(refs) == 1 else "(" + "+".join(refs) + ")"

            formula = f"={side(definition.numerator)}/{side(definition.denominator)}"
            return Cell(Formula(formula), "td_num", fmt)
        # A term of an inactive indicator is not in the table: write the value itself.
        return Cell(
            _ratio(result.computed), "td_num", percent_format(definition.decimals, result.computed)
        )
    if result.stated is not None:
        return Cell(
            _ratio(result.stated), "td_num", percent_format(definition.decimals, result.stated)
        )
    return Cell(None, "td_num")


def figure_table_rows(report, previous, catalog, first_row: int):
    """The numbered table: a header, then one row per section and per indicator that has a
    figure this year or last year (and per rate that can be shown).

    `first_row` is the worksheet row of the header: formulas refer to cells by row.
    """
    figures = report.figure_map()
    before = previous.figure_map() if previous else {}
    results = report.rate_results(catalog)
    shown_rates = {code for code, r in results.items() if r.shown is not None}
    stated_on = {catalog.rates[code].stated_on.code for code in shown_rates}

    sections = []
    for section in Section:
        indicators = [
            i
            for i in catalog.section(section.value)
            if i.code in figures or i.code in before or i.code in stated_on
        ]
        if indicators:
            sections.append((section, indicators))

    # First pass: the worksheet row of every indicator, so formulas can point at them.
    rows, extra_rates = {}, {}
    row = first_row + 2
    for _section, indicators in sections:
        row += 1
        for indicator in indicators:
            rows[indicator.code] = row
            row += 1
            here = [r for r in catalog.rates_stated_on(indicator.code) if r.code in shown_rates]
            # The first rate shares its indicator's row; any further one gets its own.
            extra_rates[indicator.code] = here[1:]
            row += len(here[1:])

    # The same period of two years: "Năm 2023" and "Năm 2024", "Quý I năm 2023" and "Quý I
    # năm 2024".
    last, this = (capfirst(periods.label(report.period, y)) for y in (report.year - 1, report.year))
    than = "năm trước" if report.is_yearly else "cùng kỳ năm trước"
    yield Row(
        [
            Cell("STT", "th"),
            Cell("Chỉ tiêu", "th"),
            Cell("Đơn vị tính", "th"),
            Cell(last, "th"),
            Cell(this, "th"),
            Cell(f"Tăng/giảm so với {than}", "th"),
            Cell("Tỷ lệ", "th"),
            Cell("Ghi chú", "th"),
        ]
    )
    yield Row([Cell(f"({n})", "th_num") for n in range(1, TABLE_COLUMNS + 1)])

    for number, (section, indicators) in enumerate(sections):
        unit = report.unit_name(section.value)
        note = Cell(f"Số liệu của {unit}" if unit else None, "section_note")
        yield section_row(number, section.label, TABLE_COLUMNS, label_column=2, last=note)
        for position, indicator in enumerate(indicators, 1):
            code, r = indicator.code, rows[indicator.code]
            figure, old = figures.get(code), before.get(code)
            change = Cell(None, "td_num")
            notes = []
            stated_change = tables.stated_change_of(figure)
            # A change is only measured between exact counts, as rates are.
            if figure and old and figure.is_exact and old.is_exact and old.value > 0:
                change = Cell(Formula(f"=E{r}/D{r}-1"), "td_num", CHANGE_FORMAT)
                if stated_change and rates.change_disagrees(
                    figure.stated_change, figure.stated_change_kind, figure.value, old.value
                ):
                    notes.append(f"đơn vị nêu {stated_change}, khác số tính từ số liệu hai năm")
            elif stated_change and (old is None or old.value is None):
                # Last year's figure is not in the system: the change as the office stated it.
                change = Cell(stated_change, "td_num")
                notes.append("tăng, giảm do đơn vị nêu")
            here = [d for d in catalog.rates_stated_on(code) if d.code in shown_rates]
            rate = Cell(None, "td_num")
            if here:
                rate = _rate_cell(here[0], results[here[0].code], rows, "E")
                notes.append(_rate_note(here[0], results[here[0].code]))
            elif figure and figure.stated_percent is not None:
                # No rate uses this indicator: the percentage as the office wrote it.
                stated = figure.stated_percent
                rate = Cell(
                    _ratio(stated), "td_num", percent_format(rates.places_of(stated), stated)
                )
                of = f", tính trên {figure.percent_of}" if figure.percent_of else ""
                notes.append(f"tỷ lệ do đơn vị nêu{of}")
            if figure and figure.comment:
                notes.append(figure.comment)
            yield Row(
                [
                    Cell(position, "td_center"),
                    Cell(indicator.name, "td"),
                    Cell(indicator.unit, "td_center"),
                    _figure_cell(old),
                    _figure_cell(figure),
                    change,
                    rate,
                    Cell("; ".join(notes) or None, "td_note"),
                ]
            )
            for definition in extra_rates[code]:
                yield Row(
                    [
                        Cell(None, "td"),
                        Cell(definition.name, "td"),
                        Cell("%", "td_center"),
                        Cell(None, "td_num"),
                        Cell(None, "td_num"),
                        Cell(None, "td_num"),
                        _rate_cell(definition, results[definition.code], rows, "E"),
                        Cell(_rate_note(definition, results[definition.code]), "td_note"),
                    ]
                )


def heading_rows(report, now: datetime):
    """The heading of a Vietnamese administrative document: issuing body on the left,
    national motto on the right, place and date, then the title."""
    unit = report.office.unit
    name, _kind = unit.name_in(report.year)
    issued = vietnamese.formal_date(timezone.localtime(now).date())
    left, right = (1, 3), (4, TABLE_COLUMNS)
    yield Row(
        [
            Cell(f"UBND {unit.label(report.year).upper()}", "agency"),
            None,
            None,
            Cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "motto"),
        ],
        merge=(left, right),
    )
    yield Row(
        [
            Cell("VĂN PHÒNG", "agency_bold"),
            None,
            None,
            Cell("Độc lập - Tự do - Hạnh phúc", "motto_sub"),
        ],
        merge=(left, right),
    )
    yield Row(
        [None, None, None, Cell(f"{name}, {issued}", "place_date")], merge=(right,), height=22
    )
    yield Row([])
    yield Row(
        [Cell(f"BÁO CÁO SỐ LIỆU CÔNG TÁC {report.period_label.upper()}", "title")],
        merge=((1, TABLE_COLUMNS),),
        height=24,
    )
    period = (
        f"{report.office_name()} – kỳ báo cáo từ {vietnamese.short_date(report.period_start)} "
        f"đến {vietnamese.short_date(report.period_end)}"
    )
    yield Row([Cell(period, "subtitle")], merge=((1, TABLE_COLUMNS),))
    yield Row([])


HEADING_ROWS = 7  # the rows heading_rows() yields; the table header follows


def closing_rows():
    yield Row([])
    yield Row(
        [
            Cell(
                "Ghi chú: ô để trống là chưa có số liệu (không phải 0); số có chữ “hơn”, “gần”… "
                "là số ước, không dùng để tính tỷ lệ; tỷ lệ tính từ cột (5).",
                "footnote",
            )
        ],
        merge=((1, TABLE_COLUMNS),),
    )
    yield Row([])
    yield Row(
        [
            Cell("NGƯỜI LẬP BIỂU", "sign_title"),
            None,
            None,
            None,
            Cell("CHÁNH VĂN PHÒNG", "sign_title"),
        ],
        merge=((1, 3), (5, TABLE_COLUMNS)),
    )
    yield Row(
        [
            Cell("(Ký, ghi rõ họ tên)", "sign_hint"),
            None,
            None,
            None,
            Cell("(Ký, ghi rõ họ tên, đóng dấu)", "sign_hint"),
        ],
        merge=((1, 3), (5, TABLE_COLUMNS)),
    )
    # Room to sign and stamp, printed on the same page as the table's end.
    for _ in range(3):
        yield Row([], height=22)


CONFERENCE_WIDTHS = [6, 26, 30, 52]


def _numbered_table(heading, headers, rows, empty, span, merge=()):
    """A heading, a header row, then one numbered row per item (or a note when there is
    none) and a blank row. A None header leaves its cell to the one merged before it."""
    yield Row([Cell(heading, "heading")], merge=span)
    yield Row([Cell("STT", "th"), *(Cell(h, "th") if h else None for h in headers)], merge=merge)
    for n, values in enumerate(rows, 1):
        yield Row([Cell(n, "td_center"), *(Cell(v or None, "td") for v in values)], merge=merge)
    if not rows:
        yield Row([Cell(empty, "note")], merge=span)
    yield Row([])


def conference_rows(report):
    """Date, attendees with titles, directives and awards of the year-end conference."""
    conference = getattr(report, "conference", None)
    span = ((1, 4),)
    yield Row([Cell("THÔNG TIN HỘI NGHỊ", "title")], merge=span, height=24)
    yield Row([Cell(report.office_name(), "subtitle")], merge=span)
    yield Row([])
    when = ""
    if conference and conference.date:
        when = vietnamese.formal_date(conference.date)
        if conference.part_of_day:
            when = f"{vietnamese.PARTS_OF_DAY[conference.part_of_day]}, {when}"
    for label, value in (
        ("Tên hội nghị", conference.title if conference else ""),
        ("Thời gian", when),
        ("Địa điểm", conference.place if conference else ""),
    ):
        value = Cell(value, "value") if value else Cell("(chưa ghi)", "note")
        yield Row([Cell(label, "label"), None, value], merge=((1, 2), (3, 4)))
    yield Row([])

    attendees = [(a.name, a.title, None) for a in report.attendees.all()]
    yield from _numbered_table(
        "ĐẠI BIỂU DỰ",
        ("Họ và tên", "Chức vụ", None),
        attendees,
        "Chưa ghi đại biểu dự.",
        span,
        merge=((3, 4),),
    )
    directives = [(d.speaker, d.speaker_title, d.content) for d in report.directives.all()]
    yield from _numbered_table(
        "Ý KIẾN CHỈ ĐẠO",
        ("Người phát biểu", "Chức vụ", "Nội dung chỉ đạo"),
        directives,
        "Chưa ghi ý kiến chỉ đạo.",
        span,
    )
    awards = []
    for a in report.awards.all():
        how = "; ".join(p for p in (a.title, a.issuer) if p)
        names = a.recipient_names()
        if names:
            who = "\n".join(names)
        elif a.count is not None:
            who = f"{vietnamese.number(a.count)} {a.get_recipient_kind_display()}"
        else:
            who = "nhiều" if a.is_many else ""
        awards.append((str(a.get_recipient_kind_display()).capitalize(), how, who))
    yield from _numbered_table(
        "KHEN THƯỞNG",
        ("Đối tượng", "Hình thức, cấp khen thưởng", "Số lượng, danh sách"),
        awards,
        "Chưa ghi khen thưởng.",
        span,
    )
    for label, value in (("Tác giả bài viết", report.byline), ("Nguồn", report.source)):
        if value:
            yield Row([Cell(label, "label"), None, Cell(value, "value")], merge=((1, 2), (3, 4)))


ABOUT_WIDTHS = [26, 90]

# A workbook holding demo reports (`manage.py demo_data`) says so on its about sheet and
# under the title of a leadership table.
DEMO_LINE = (
    "Dữ liệu minh họa",
    "Tệp có số liệu minh họa do phần mềm tạo ra để giới thiệu sản phẩm, không phải số liệu "
    "thật của văn phòng.",
)


def about_rows(what: str, facts, user, now: datetime, demo=False):
    """The sheet that says what the workbook is: for whom, as of when, by which product."""
    yield Row([Cell("THÔNG TIN VỀ TỆP NÀY", "title_left")], height=24)
    yield Row([])
    for label, value in [
        ("Nội dung", what),
        *([DEMO_LINE] if demo else []),
        *facts,
        ("Người xuất", _user_label(user)),
        ("Thời điểm xuất", _exported_at(now)),
        ("Phần mềm", product_version()),
    ]:
        yield Row([Cell(label, "label"), Cell(value, "value")])


def _period_line(report) -> str:
    """ "15/12/2023 – 14/12/2024"; a part of the year is named first: "quý I năm 2024
    (15/12/2023 – 14/03/2024)"."""
    dates = (
        f"{vietnamese.short_date(report.period_start)} – {vietnamese.short_date(report.period_end)}"
    )
    return dates if report.is_yearly else f"{report.period_label} ({dates})"


def _report_facts(report):
    return [
        ("Văn phòng", report.office_name()),
        ("Mã văn phòng", report.office.slug),
        ("Năm báo cáo", report.year),
        ("Kỳ báo cáo", _period_line(report)),
        ("Trạng thái", _status_label(report)),
    ]


def conference_workbook(report, previous, catalog, user, now=None) -> bytes:
    """The printed table for the conference, the conference sheet and the about sheet.

    `report` should carry prefetched figures, section units, attendees, directives, awards
    and the unit's former names; `previous` is last year's report (or None) with figures.
    """
    now = now or timezone.now()
    header = HEADING_ROWS + 1
    closing = list(closing_rows())
    table = Sheet(
        # A sheet's name cannot hold "/": "Số liệu tháng 9-2024".
        title=f"Số liệu {report.period_label}".replace("/", "-"),
        widths=TABLE_WIDTHS,
        rows=_chain(
            heading_rows(report, now),
            figure_table_rows(report, previous, catalog, header),
            closing,
        ),
        print_title_rows=f"{header}:{header + 1}",
        freeze=f"C{header + 2}",
        landscape=True,
        closing_rows=len(closing),
    )
    conference = Sheet(title="Hội nghị", widths=CONFERENCE_WIDTHS, rows=conference_rows(report))
    about = Sheet(
        title="Thông tin tệp",
        widths=ABOUT_WIDTHS,
        rows=about_rows(
            f"Báo cáo số liệu công tác {report.period_label} (bảng in cho hội nghị)",
            [
                *_report_facts(report),
                ("Ghi chú", "Ô để trống là chưa có số liệu, không phải 0."),
            ],
            user,
            now,
            demo=report.is_demo or (previous is not None and previous.is_demo),
        ),
    )
    return write([table, conference, about])


def _chain(*parts):
    for part in parts:
        yield from part


# ---------------------------------------------------------------------------
# The leadership workbooks


def _filter_rows(title: str, filters, width: int, demo=False):
    """The title and the filters used, written at the top so the file says what it holds."""
    span = ((1, width),)
    yield Row([Cell(title, "title_left")], merge=span, height=24)
    for label, value in [*filters, *([DEMO_LINE] if demo else [])]:
        yield Row([Cell(f"{label}: {value}", "filter")], merge=span)
    yield Row([])


def _period_title(period: str, year) -> str:
    """ "Năm 2024", "Quý I 2024", "9 tháng đầu năm 2024": a sheet's or a column's name."""
    if period == periods.YEAR:
        return f"Năm {year}"
    return f"{periods.kind_label(period)} {year}"


def _period_filter_line(period: str) -> list:
    """The filter line of a part of the year ("Kỳ báo cáo: Quý I"); a yearly workbook names
    its year in its other lines and keeps its layout."""
    return [] if period == periods.YEAR else [("Kỳ báo cáo", periods.kind_label(period))]


def _titled(title: str, period: str) -> str:
    """A leadership workbook's title, naming the part of the year it adds up ("… (QUÝ I)")."""
    if period == periods.YEAR:
        return title
    return f"{title} ({periods.kind_label(period).upper()})"


def _columns(catalog):
    """(indicators, rates) in catalogue order: the columns of the offices workbook."""
    return list(catalog.indicators.values()), list(catalog.rates.values())


def office_table_rows(entries, catalog, with_year: bool, approved_only: bool = True):
    """Offices × figures and rates: a header row, a code row, then one row per
    (office, year, entry or None), an entry being a report as plain values
    (`dashboard.Entry`). Rates are the values readers see (computed, else stated). Reports
    missing for a year still get a row: "chưa báo cáo" is information."""
    indicators, rate_defs = _columns(catalog)
    lead = (
        ["STT", "Năm", "Văn phòng", "Vùng", "Trạng thái"]
        if with_year
        else ["STT", "Văn phòng", "Vùng", "Trạng thái"]
    )
    yield Row(
        [Cell(label, "th") for label in lead]
        + [Cell(f"{i.name} ({i.unit})", "th") for i in indicators]
        + [Cell(d.name + " (%)", "th") for d in rate_defs]
    )
    yield Row(
        [Cell(None, "th_num") for _ in lead]
        + [Cell(i.code, "th_num") for i in indicators]
        + [Cell(d.code, "th_num") for d in rate_defs]
    )
    # Up to tens of thousands of rows: what does not change from row to row is made once.
    codes = [i.code for i in indicators]
    # A missing rate is an empty cell already in the rate's format.
    specs = [
        (d.spec, d.stated_on.code, d.decimals, Cell(None, "td_num", percent_format(d.decimals)))
        for d in rate_defs
    ]
    empty = Cell(None, "td_num")
    unreported = [empty] * len(indicators) + [missing for *_, missing in specs]
    count_formats = {q.value: count_format(q.value) for q in Qualifier}
    rate_cells = {}  # (decimals, rate) -> its cell
    statuses = {}
    for n, (office, year, entry) in enumerate(entries, 1):
        cells = [Cell(n, "td_center")]
        if with_year:
            cells.append(Cell(year, "td_center"))
        if entry and entry.status not in statuses:
            statuses[entry.status] = _counted_status(entry, approved_only)
        cells += [
            Cell(office.name(year), "td"),
            Cell(office.unit.region or None, "td"),
            Cell(statuses[entry.status] if entry else "Chưa báo cáo", "td"),
        ]
        if not entry:
            yield Row(cells + unreported)
            continue
        values, qualifiers = entry.values, entry.qualifiers
        for code in codes:
            value = values.get(code)
            if value is None:
                cells.append(empty)
            else:
                qualifier = qualifiers.get(code, Qualifier.EXACT)
                cells.append(Cell(value, "td_num", count_formats.get(qualifier, COUNT_FORMAT)))
        exact, stated = entry.exact, entry.stated
        for spec, stated_on, decimals, missing in specs:
            shown = rates.shown(spec, exact, stated.get(stated_on))
            if shown is None:
                cells.append(missing)
                continue
            key = (decimals, shown)
            if key not in rate_cells:
                rate_cells[key] = Cell(_ratio(shown), "td_num", percent_format(decimals, shown))
            cells.append(rate_cells[key])
        yield Row(cells)


def office_total_rows(entries, catalog, with_year: bool, approved_only: bool = True):
    """Totals over the rows: exact counts summed, rates from summed numerators and
    denominators (rates.rollup), never averaged; and how many rows each total covers."""
    indicators, rate_defs = _columns(catalog)
    reported = [entry for _office, _year, entry in entries if entry]
    exact = [entry.exact for entry in reported]
    pending = any(entry.status != Report.Status.APPROVED for entry in reported)
    lead = 5 if with_year else 4
    # Rows with a value as the table shows it ("hơn 52.900" is reported), and of those the
    # exact ones the total adds up.
    totals, counts, summed = [], [], []
    for i in indicators:
        present = [v[i.code] for v in exact if i.code in v]
        totals.append(Cell(sum(present) if present else None, "total_num", COUNT_FORMAT))
        counts.append(Cell(sum(1 for e in reported if i.code in e.values), "td_center"))
        summed.append(Cell(len(present), "td_center"))
    for d in rate_defs:
        rollup = rates.rollup(d.spec, exact)
        value = None if rollup.value is None else _ratio(rollup.value)
        totals.append(Cell(value, "total_num", percent_format(d.decimals, rollup.value)))
        stated_on = d.stated_on.code
        shown = sum(
            1 for e in reported if rates.shown(d.spec, e.exact, e.stated.get(stated_on)) is not None
        )
        counts.append(Cell(shown, "td_center"))
        summed.append(Cell(rollup.reported, "td_center"))
    label = "Tổng cộng (số liệu chính xác"
    # Rows left out are empty; rows counted before their approval make the totals partial.
    label += ", gồm số liệu chưa duyệt)" if pending and not approved_only else ")"
    yield Row([Cell(label, "total")] + [Cell(None, "total")] * (lead - 1) + totals)
    yield Row([Cell("Số dòng có số liệu", "td")] + [Cell(None, "td")] * (lead - 1) + counts)
    yield Row(
        [Cell("Trong đó chính xác, cộng vào tổng", "td")] + [Cell(None, "td")] * (lead - 1) + summed
    )


def offices_workbook(
    year_entries, all_entries, catalog, filters, user, now=None, progress=None
) -> bytes:
    """Offices × headline figures and rates for a year, plus the same table over every
    year (one row per office and year) for pivoting. `*_entries` are (office, year, entry),
    an entry being a report as plain values (`dashboard.Entry`) or None when not reported.
    `progress`: see `xlsx.write`."""
    now = now or timezone.now()
    indicators, rate_defs = _columns(catalog)
    approved_only = filters.get("approved_only", True)
    period = filters.get("period", periods.YEAR)
    sheets = []
    for title, entries, with_year in (
        (_period_title(period, filters["year"]), year_entries, False),
        ("Các năm", all_entries, True),
    ):
        lead = 5 if with_year else 4
        width = lead + len(indicators) + len(rate_defs)
        top = [
            *_period_filter_line(period),
            ("Năm", filters["year"] if not with_year else filters["years"]),
            ("Vùng", filters["region"] or "Tất cả các vùng"),
            ("Số văn phòng", len({office.pk for office, _y, _r in entries})),
            ("Xuất lúc", f"{_exported_at(now)} bởi {_user_label(user)}"),
            COUNTED_LINE if approved_only else ALL_LINE,
        ]
        heading = list(
            _filter_rows(
                _titled(
                    "SỐ LIỆU CÔNG TÁC CÁC VĂN PHÒNG UBND"
                    if not with_year
                    else "SỐ LIỆU CÔNG TÁC CÁC VĂN PHÒNG UBND QUA CÁC NĂM",
                    period,
                ),
                top,
                min(width, 12),
                demo=filters.get("demo", False),
            )
        )
        header = len(heading) + 1
        last = header + 1 + len(entries)
        widths = (
            ([6, 7] if with_year else [6])
            + [40, 18, 14]
            + [14] * (len(indicators) + len(rate_defs))
        )
        sheets.append(
            Sheet(
                title=title,
                widths=widths,
                rows=_chain(
                    heading,
                    office_table_rows(entries, catalog, with_year, approved_only),
                    office_total_rows(entries, catalog, with_year, approved_only),
                ),
                print_title_rows=f"{header}:{header + 1}",
                freeze=f"{get_column_letter(lead + 1)}{header + 2}",
                landscape=True,
                autofilter=f"A{header + 1}:{get_column_letter(width)}{last}",
            )
        )
    sheets.append(
        Sheet(
            "Thông tin tệp",
            ABOUT_WIDTHS,
            about_rows(
                "Số liệu công tác các Văn phòng UBND (bảng cho lãnh đạo)",
                [
                    *_period_filter_line(period),
                    ("Năm", filters["year"]),
                    ("Các năm (trang “Các năm”)", filters["years"]),
                    ("Vùng", filters["region"] or "Tất cả các vùng"),
                    (
                        "Ghi chú",
                        "Ô để trống là chưa có số liệu, không phải 0. Tỷ lệ là tỷ lệ tính từ số "
                        "liệu, hoặc tỷ lệ đơn vị tự nêu khi không đủ số liệu. Dòng tổng cộng chỉ "
                        "cộng số liệu chính xác; tỷ lệ tổng tính từ tổng tử số và mẫu số."
                        + (COUNTED_NOTE if approved_only else ALL_NOTE),
                    ),
                ],
                user,
                now,
                demo=filters.get("demo", False),
            ),
        )
    )
    return write(sheets, progress)


def office_years_rows(office, reports, catalog, approved_only: bool = True):
    """One office's indicators × years, sections as in the catalogue, then its rates. With
    `approved_only`, a report not approved yet keeps its column, empty, its status saying
    it is not counted."""
    years = [r.year for r in reports]
    counted = [not approved_only or r.status == Report.Status.APPROVED for r in reports]
    figure_maps = [r.figure_map() if c else {} for r, c in zip(reports, counted, strict=True)]
    results = [r.rate_results(catalog) if c else {} for r, c in zip(reports, counted, strict=True)]
    yield Row(
        [Cell("STT", "th"), Cell("Mã", "th"), Cell("Chỉ tiêu", "th"), Cell("Đơn vị tính", "th")]
        + [Cell(_period_title(r.period, r.year), "th") for r in reports]
    )
    yield Row(
        [Cell(None, "th_num")] * 4
        + [Cell(_counted_status(r, approved_only), "th_num") for r in reports]
    )
    width = 4 + len(years)
    for number, section in enumerate(Section):
        indicators = catalog.section(section.value)
        if not indicators:
            continue
        yield section_row(number, section.label, width)
        for n, i in enumerate(indicators, 1):
            yield Row(
                [
                    Cell(n, "td_center"),
                    Cell(i.code, "td_code"),
                    Cell(i.name, "td"),
                    Cell(i.unit, "td_center"),
                ]
                + [_figure_cell(m.get(i.code)) for m in figure_maps]
            )
    yield section_row(len(Section), "TỶ LỆ", width)
    for n, d in enumerate(catalog.rates.values(), 1):
        cells = [
            Cell(n, "td_center"),
            Cell(d.code, "td_code"),
            Cell(f"{d.name} (chia cho {d.basis})", "td"),
            Cell("%", "td_center"),
        ]
        for result in results:
            shown = result[d.code].shown if d.code in result else None
            cells.append(
                Cell(
                    None if shown is None else _ratio(shown),
                    "td_num",
                    percent_format(d.decimals, shown),
                )
            )
        yield Row(cells)


def _names_by_year(office, years):
    """ "2018–2024: Văn phòng UBND tỉnh Thừa Thiên Huế; 2025: Văn phòng UBND thành phố Huế"."""
    spans = []
    for year in years:
        name = office.name(year)
        if spans and spans[-1][2] == name:
            spans[-1][1] = year
        else:
            spans.append([year, year, name])
    return "; ".join(f"{a}: {name}" if a == b else f"{a}–{b}: {name}" for a, b, name in spans)


def office_years_workbook(office, reports, catalog, filters, user, now=None) -> bytes:
    now = now or timezone.now()
    reports = list(reports)
    years = [r.year for r in reports]
    width = 4 + len(years)
    approved_only = filters.get("approved_only", True)
    period = filters.get("period", periods.YEAR)
    demo = any(
        r.is_demo and (not approved_only or r.status == Report.Status.APPROVED) for r in reports
    )
    heading = list(
        _filter_rows(
            _titled("SỐ LIỆU CÔNG TÁC QUA CÁC NĂM", period),
            [
                ("Văn phòng", office.name(years[-1]) if years else office.name()),
                *_period_filter_line(period),
                ("Các năm", filters["years"]),
                ("Tên theo từng năm", _names_by_year(office, years) or "—"),
                ("Xuất lúc", f"{_exported_at(now)} bởi {_user_label(user)}"),
                COUNTED_LINE if filters.get("approved_only", True) else ALL_LINE,
            ],
            max(width, 4),
            demo=demo,
        )
    )
    header = len(heading) + 1
    sheet = Sheet(
        title="Các năm",
        widths=[6, 30, 50, 13] + [13] * len(years),
        rows=_chain(
            heading,
            office_years_rows(office, reports, catalog, filters.get("approved_only", True)),
        ),
        print_title_rows=f"{header}:{header + 1}",
        freeze=f"E{header + 2}",
        landscape=True,
    )
    about = Sheet(
        "Thông tin tệp",
        ABOUT_WIDTHS,
        about_rows(
            "Số liệu công tác của một Văn phòng qua các năm (bảng cho lãnh đạo)",
            [
                ("Mã văn phòng", office.slug),
                *_period_filter_line(period),
                ("Các năm", filters["years"]),
                (
                    "Ghi chú",
                    "Ô để trống là chưa có số liệu, không phải 0. Tỷ lệ là tỷ lệ tính từ số "
                    "liệu, hoặc tỷ lệ đơn vị tự nêu khi không đủ số liệu."
                    + (COUNTED_NOTE if filters.get("approved_only", True) else ALL_NOTE),
                ),
            ],
            user,
            now,
            demo=demo,
        ),
    )
    return write([sheet, about])


# ---------------------------------------------------------------------------
# The template staff fill offline (read back by upload.py)


def template_rows(report, catalog):
    """One row per active indicator, prefilled with the report's current values."""
    figures = report.figure_map()
    width = len(TEMPLATE_COLUMNS)
    yield Row(
        [Cell(f"MẪU NHẬP SỐ LIỆU CÔNG TÁC {report.period_label.upper()}", "title_left")],
        merge=((1, width),),
        height=24,
    )
    yield Row([Cell(report.office_name(), "subtitle_left")], merge=((1, width),))
    # Identification (with the period's row): upload.py refuses a template of another
    # office, year or period.
    yield Row(
        [
            None,
            Cell("Mã văn phòng", "label"),
            Cell(report.office.slug, "value"),
            Cell("Năm báo cáo", "label"),
            Cell(report.year, "value_left"),
            None,
            Cell("Mẫu", "label"),
            Cell(TEMPLATE_FORMAT, "value"),
        ]
    )
    yield Row(
        [
            Cell(
                "Chỉ nhập vào các cột Số liệu, Cách ghi, Tỷ lệ nêu trong báo cáo và Ghi chú. "
                "Số liệu là số nguyên không âm, không dùng công thức. Chưa có số liệu thì để "
                "trống, không ghi 0. Không sửa cột Mã chỉ tiêu.",
                "note",
            )
        ],
        merge=((1, width),),
        height=32,
    )
    yield Row(
        [
            Cell(
                "Cách ghi: để trống nếu là số chính xác; chọn “hơn”, “gần”… nếu chỉ biết số "
                "ước. Tải tệp lên tại trang “Tải lên mẫu Excel” của báo cáo.",
                "note",
            )
        ],
        merge=((1, width),),
    )
    yield Row(
        [
            None,
            Cell("Kỳ báo cáo", "label"),
            Cell(periods.kind_label(report.period), "value"),
            Cell("Mã kỳ báo cáo", "label"),
            Cell(report.period, "value_left"),
        ]
    )
    yield Row([Cell(label, "th") for label in TEMPLATE_COLUMNS])
    for number, section in enumerate(Section):
        indicators = catalog.section(section.value)
        if not indicators:
            continue
        yield section_row(number, section.label, width)
        for n, i in enumerate(indicators, 1):
            figure = figures.get(i.code)
            qualifier = figure.qualifier if figure else Qualifier.EXACT
            stated = figure.stated_percent if figure else None
            yield Row(
                [
                    Cell(n, "td_center"),
                    Cell(i.code, "td_code"),
                    Cell(i.name, "td"),
                    Cell(i.unit, "td_center"),
                    _figure_cell(figure, "input_num") if figure else Cell(None, "input_num"),
                    Cell(
                        None if rates.is_exact(qualifier) else QUALIFIER_WORDS[qualifier],
                        "input",
                    ),
                    Cell(None if stated is None else stated.normalize(), "input_num", "0.##"),
                    Cell((figure.comment if figure else "") or None, "input"),
                ]
            )


def template_validations(catalog) -> list:
    """Excel's own checks while staff type: whole numbers, a list of qualifiers, a
    non-negative percentage. upload.py checks everything again: Excel lets a paste through."""
    first = TEMPLATE_HEADER_ROW + 1
    # Section rows sit between indicator rows; validating them too is harmless.
    last = TEMPLATE_HEADER_ROW + len(catalog.indicators) + len(Section)
    count = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="1000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số liệu không hợp lệ",
        error="Nhập một số nguyên từ 0 đến 1.000.000.000, hoặc để trống nếu chưa có số liệu.",
    )
    count.add(f"E{first}:E{last}")
    words = ",".join(QUALIFIER_WORDS[q] for q in Qualifier.values if not rates.is_exact(q))
    qualifier = DataValidation(
        type="list",
        formula1=f'"{words}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Cách ghi không hợp lệ",
        error="Chọn hơn, trên, gần hoặc khoảng; để trống nếu là số chính xác.",
    )
    qualifier.add(f"F{first}:F{last}")
    stated = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="99999.99",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tỷ lệ không hợp lệ",
        error="Nhập tỷ lệ phần trăm, ví dụ 98,2; để trống nếu báo cáo không nêu.",
    )
    stated.add(f"G{first}:G{last}")
    return [count, qualifier, stated]


def template_workbook(report, catalog, user, now=None) -> bytes:
    now = now or timezone.now()
    sheet = Sheet(
        title=TEMPLATE_SHEET,
        widths=[6, 30, 46, 13, 14, 11, 14, 40],
        rows=template_rows(report, catalog),
        print_title_rows=f"{TEMPLATE_HEADER_ROW}:{TEMPLATE_HEADER_ROW}",
        freeze=f"E{TEMPLATE_HEADER_ROW + 1}",
        landscape=True,
        validations=template_validations(catalog),
    )
    about = Sheet(
        "Thông tin tệp",
        ABOUT_WIDTHS,
        about_rows(
            f"Mẫu nhập số liệu công tác {report.period_label} (điền rồi tải lên)",
            _report_facts(report),
            user,
            now,
            demo=report.is_demo,
        ),
    )
    return write([sheet, about])
