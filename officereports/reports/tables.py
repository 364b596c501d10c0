"""Tables (django-tables2): figures under the summary article, on the roll-up page and on
the dashboard (the dashboard's rows come from `dashboard.table_rows`).

Rows are built first, as plain dicts of values (`summary_rows`, `rollup_rows`), then the
tables format them: `render_foo` for the page, `value_foo` for any export.
"""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableListData
from django_tables2.utils import OrderBy

from officereports.reports import dashboard, narrative, periods, phrases, rates, vietnamese
from officereports.reports.models import Report, Section, period_display

# ---------------------------------------------------------------------------
# Rows


def figure_text(figure) -> str:
    if figure is not None and figure.not_applicable:
        return gettext("không phát sinh")
    if figure is None or figure.value is None:
        return ""
    return vietnamese.figure_text(figure.value, figure.qualifier, figure.round_in_text)


def stated_percent_of(figure) -> tuple | None:
    """(the percentage as its author wrote it, what it is of) stated on an indicator, or
    None: "41,27%", never re-rounded to a catalogue's decimals."""
    value = getattr(figure, "stated_percent", None)
    if value is None:
        return None
    return vietnamese.written(value) + "%", getattr(figure, "percent_of", "")


def stated_change_of(figure) -> str | None:
    """The change an office stated beside a figure, as it stated it ("tăng gần 15%")."""
    value = getattr(figure, "stated_change", None)
    if value is None:
        return None
    return vietnamese.stated_change(
        value, figure.stated_change_kind, figure.stated_change_qualifier
    )


def summary_rows(facts, catalog) -> list[dict]:
    """One row per indicator reported this year or last year (narrative.Facts), with the
    rates entered beside it, or the percentage the office stated on an indicator no rate
    uses. An indicator reported in neither year has no row.

    The change against last year is computed when both years' exact counts are in the
    system (with `change_flag`, for staff, when the office stated another one:
    `rates.change_disagrees`); otherwise the change the office stated is shown as stated."""
    rows, last_section = [], None
    stated_on = {definition.stated_on.code for definition in catalog.rates.values()}
    for code, indicator in catalog.indicators.items():
        current = facts.figures.get(code)
        before = facts.previous.get(code)
        rate_list = [
            (definition, facts.rates[rate_code])
            for rate_code, definition in catalog.rates.items()
            if definition.stated_on.code == code
            and rate_code in facts.rates
            and facts.rates[rate_code].shown is not None
        ]
        has_current = current is not None and current.value is not None
        has_before = before is not None and before.value is not None
        if not has_current and code in facts.not_applicable:
            current, has_current = facts.not_applicable[code], True
        stated = None if code in stated_on else stated_percent_of(current)
        if not (has_current or has_before or rate_list or stated):
            continue
        change = change_flag = None
        stated_change = stated_change_of(current)
        # As in the article: a change only between exact counts.
        if has_current and has_before and current.is_exact and before.is_exact:
            change = phrases.change(
                current.value, before.value, facts.previous_year, not facts.is_yearly
            )
            if stated_change and rates.change_disagrees(
                current.stated_change, current.stated_change_kind, current.value, before.value
            ):
                change_flag = stated_change
        elif stated_change and not has_before:
            change = stated_change
        rows.append(
            {
                "section": Section(indicator.section).label
                if indicator.section != last_section
                else "",
                "indicator": indicator.display_name,
                "unit": indicator.unit,
                "previous": before if has_before else None,
                "current": current if has_current else None,
                "change": change,
                "change_flag": change_flag,
                "rates": rate_list,
                "stated": stated,
            }
        )
        last_section = indicator.section
    return rows


def rollup_rows(sums, catalog, of) -> tuple[list[dict], list[dict]]:
    """(figure rows, rate rows) from `totals.sums` over the `of` reports counted: counts
    summed over the offices that reported them (worded by `combine_qualifiers`), rates
    recomputed from summed exact counts (`rates.percent` of the summed terms, as
    `rates.rollup`), never averaged."""
    figure_rows = []
    for code, indicator in catalog.indicators.items():
        found = sums.get((code,))
        if found is None or found.value is None:
            continue
        figure_rows.append(
            {
                "indicator": indicator.display_name,
                "unit": indicator.unit,
                "total": found.value,
                "qualifier": found.qualifier,
                "offices": found.reports,
                "of": of,
                "unapproved": found.unapproved,
            }
        )
    rate_rows = []
    for code, definition in catalog.rates.items():
        spec = definition.spec
        found = sums.get((code,))
        if found is None or found.denominator is None:
            continue
        if not all(c in catalog.indicators for c in (*spec.numerator, *spec.denominator)):
            continue  # a term retired from the catalogue
        value = rates.percent(found.numerator, found.denominator, spec.decimals)
        if value is None:
            continue
        rate_rows.append(
            {
                "name": definition.display_name,
                "value": value,
                "numerator": found.numerator,
                "denominator": found.denominator,
                "basis": definition.display_basis,
                "offices": found.reports,
                "of": of,
                "unapproved": found.unapproved,
            }
        )
    return figure_rows, rate_rows


# ---------------------------------------------------------------------------
# Tables

NUM = {"th": {"class": "num"}, "td": {"class": "num"}}
# After a total or a number that includes reports not approved yet (dashboard.UNAPPROVED_MARK).
UNAPPROVED_MARK = "†"


class SummaryFiguresTable(tables.Table):
    section = tables.Column(verbose_name=_("Lĩnh vực"), attrs={"td": {"class": "section"}})
    indicator = tables.Column(verbose_name=_("Chỉ tiêu"))
    unit = tables.Column(verbose_name=_("Đơn vị tính"))
    previous = tables.Column(verbose_name=_("Năm trước"), attrs=NUM)
    current = tables.Column(verbose_name=_("Năm báo cáo"), attrs=NUM)
    change = tables.Column(verbose_name=_("So với năm trước"))
    rates = tables.Column(verbose_name=_("Tỷ lệ"), attrs={"td": {"class": "rate"}})

    class Meta:
        orderable = False
        template_name = "django_tables2/table.html"
        attrs = {"class": "figures"}
        # A blank cell is "not reported"; a dash would read as zero in Vietnamese tables.
        default = ""

    def __init__(self, data, year, show_flags=False, period=periods.YEAR):
        super().__init__(data)
        self.show_flags = show_flags
        # Last year's column is the same period of the year before, whether or not that
        # report exists: "Năm 2023" beside "Năm 2024", "Quý I năm 2023" beside "Quý I năm 2024".
        for column, when in (("current", year), ("previous", year - 1)):
            if period == periods.YEAR:
                heading = gettext("Năm %(year)s") % {"year": when}
            else:
                heading = capfirst(period_display(period, when))
            self.columns[column].column.verbose_name = heading
        if period != periods.YEAR:
            self.columns["change"].column.verbose_name = gettext("So với cùng kỳ năm trước")

    def render_previous(self, value):
        return figure_text(value)

    def render_current(self, value):
        return figure_text(value)

    def value_previous(self, value):
        return value.value if value else None

    def value_current(self, value):
        return value.value if value else None

    def render_change(self, value, record):
        if not (self.show_flags and record.get("change_flag")):
            return value
        return format_html(
            '{} <span class="flag" title="{}">⚑ {}</span>',
            value,
            gettext("Chỉ cán bộ văn phòng thấy ghi chú này."),
            gettext("báo cáo nêu %(stated)s") % {"stated": record["change_flag"]},
        )

    def render_rates(self, value, record):
        if record.get("stated"):
            # A percentage stated on an indicator no rate uses: as the office wrote it.
            percent, of = record["stated"]
            return format_html(
                '<div><strong>{}</strong> <small class="basis">{}</small></div>',
                percent,
                gettext("do đơn vị nêu, tính trên %(of)s") % {"of": of}
                if of
                else gettext("do đơn vị nêu"),
            )
        cells = []
        for definition, result in value:
            if result.computed is not None:
                how = gettext("= %(fraction)s, tính trên %(basis)s") % {
                    "fraction": f"{vietnamese.number(result.numerator)}/"
                    f"{vietnamese.number(result.denominator)}",
                    "basis": definition.display_basis,
                }
            else:
                how = gettext("do đơn vị nêu, tính trên %(basis)s") % {
                    "basis": definition.display_basis
                }
            flag = ""
            if self.show_flags and result.disagrees:
                flag = format_html(
                    '<span class="flag" title="{}">⚑ {}</span>',
                    gettext("Chỉ cán bộ văn phòng thấy ghi chú này."),
                    gettext("báo cáo nêu %(stated)s, tính được %(computed)s")
                    % {
                        "stated": vietnamese.percent(narrative.stated(result.stated)),
                        "computed": vietnamese.percent(result.computed),
                    },
                )
            cells.append(
                format_html(
                    '<div><strong>{}</strong> <small class="basis">{}</small>{}</div>',
                    narrative.shown_percent(result),
                    how,
                    flag,
                )
            )
        # Each cell was built by format_html: joining keeps everything escaped once.
        return format_html_join("", "{}", ((cell,) for cell in cells))

    def value_rates(self, value, record):
        if record.get("stated"):
            return record["stated"][0]
        return "; ".join(narrative.shown_percent(result) for _, result in value)


class RollupFiguresTable(tables.Table):
    indicator = tables.Column(verbose_name=_("Chỉ tiêu"))
    unit = tables.Column(verbose_name=_("Đơn vị tính"))
    total = tables.Column(verbose_name=_("Tổng cộng"), attrs=NUM)
    offices = tables.Column(verbose_name=_("Số văn phòng có số liệu"), attrs=NUM)

    class Meta:
        orderable = False
        template_name = "django_tables2/table.html"
        attrs = {"class": "figures"}
        default = ""

    def render_total(self, value, record):
        text = vietnamese.qualified(value, record["qualifier"])
        return text + UNAPPROVED_MARK if record.get("unapproved") else text

    def render_offices(self, value, record):
        return f"{value}/{record['of']}"


class RollupRatesTable(tables.Table):
    name = tables.Column(verbose_name=_("Tỷ lệ"))
    value = tables.Column(verbose_name=_("Giá trị"), attrs=NUM)
    numerator = tables.Column(verbose_name=_("Tính từ"), attrs=NUM)
    basis = tables.Column(verbose_name=_("Tính trên"))
    offices = tables.Column(verbose_name=_("Số văn phòng có đủ số liệu"), attrs=NUM)

    class Meta:
        orderable = False
        template_name = "django_tables2/table.html"
        attrs = {"class": "figures"}
        default = ""

    def render_value(self, value, record):
        text = vietnamese.percent(value)
        return text + UNAPPROVED_MARK if record.get("unapproved") else text

    def render_numerator(self, value, record):
        return f"{vietnamese.number(value)}/{vietnamese.number(record['denominator'])}"

    def render_offices(self, value, record):
        return f"{value}/{record['of']}"


# ---------------------------------------------------------------------------
# Dashboard

MISSING = _("chưa có số liệu")
NOT_COUNTED = _("báo cáo chưa duyệt, không tính")
UNAPPROVED = _("số liệu chưa duyệt")


class DashboardNumberColumn(tables.Column):
    """A `dashboard.Cell`: the number links to the report page, ↺ to the figure's history."""

    def __init__(self, key, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        # Sort on the cell's key, which puts a missing value after every number.
        super().__init__(accessor=key, order_by=(f"{key}__sort",), **kwargs)

    def render(self, value):
        if value.value is None:
            return format_html(
                '<span class="missing" title="{0}" aria-label="{0}">—</span>',
                NOT_COUNTED if value.pending else MISSING,
            )
        if value.is_rate:
            text = vietnamese.percent(value.value)
            if value.stated:
                title = _("Tỷ lệ do đơn vị nêu, không có số liệu để tính")
                text += "*"
            else:
                title = (
                    f"{vietnamese.number(value.numerator)}/{vietnamese.number(value.denominator)}"
                )
        else:
            text = vietnamese.qualified(value.value, value.qualifier)
            title = ""
        if value.unapproved:
            text += UNAPPROVED_MARK
            title = f"{title} ({UNAPPROVED})" if title else str(UNAPPROVED)
        html = format_html('<a href="{}" title="{}">{}</a>', value.url, title, text)
        history = format_html(
            ' <a class="history" href="{}" title="{}" aria-label="{}">↺</a>',
            value.history_url,
            _("Lịch sử số liệu"),
            _("Lịch sử số liệu"),
        )
        return html + history

    def value(self, value):
        # Exports get the number itself (None stays empty, never 0).
        return value.value


class DashboardRows(TableListData):
    """The rows of `dashboard.table_rows`, sorted with missing numbers last both ways up
    (a missing figure is not a small one)."""

    def order_by(self, aliases):
        super().order_by(aliases)
        if aliases:
            key = OrderBy(aliases[0]).bare
            self.data.sort(key=lambda row: getattr(row.get(key), "value", "") is None)


# The offices table's headings, shorter than the catalogue's names. Which columns there are,
# and in what order, is dashboard.KPIS: one column per headline figure or rate.
KPI_HEADINGS = {
    "documents.incoming": _("Văn bản đến"),
    "documents.outgoing": _("Văn bản đi"),
    "rate.program_completion": _("Hoàn thành chương trình công tác"),
    "rate.legal_completion": _("Hoàn thành văn bản QPPL"),
    "petitions.received": _("Đơn thư tiếp nhận"),
    "rate.petitions_eligible": _("Đơn đủ điều kiện"),
    "dossiers.resolved": _("Hồ sơ đã giải quyết"),
    "rate.dossiers_on_time": _("Hồ sơ trả đúng hạn"),
}


def _kpi_keys():
    """(code, row key) of each headline figure, in dashboard.KPIS order."""
    return [(code, code.replace(".", "_")) for code, _good in dashboard.KPIS]


class DashboardTable(tables.Table):
    """Offices × headline figures and rates for one year (`rows`: `dashboard.table_rows`),
    one number column per `dashboard.KPIS`."""

    office = tables.Column(verbose_name=_("Văn phòng"), order_by=("position",))
    status = tables.Column(verbose_name=_("Báo cáo"))

    class Meta:
        template_name = "django_tables2/table.html"
        attrs = {"class": "list dashboard-table"}
        empty_text = _("Không có văn phòng nào khớp bộ lọc.")

    def __init__(self, rows, **kwargs):
        kpis = [
            (key, DashboardNumberColumn(key, verbose_name=KPI_HEADINGS[code]))
            for code, key in _kpi_keys()
        ]
        super().__init__(DashboardRows(rows), extra_columns=kpis, **kwargs)

    def render_office(self, value, record):
        if record["url"]:
            return format_html('<a href="{}">{}</a>', record["url"], value)
        return value

    def render_status(self, value):
        if value == "none":
            return _("Chưa có báo cáo")
        return Report.Status(value).label
