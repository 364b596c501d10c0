"""Tables (django-tables2). Dashboard tables read the rows `dashboard.table_rows` computes."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableListData
from django_tables2.utils import OrderBy

from officereports.reports import vietnamese
from officereports.reports.models import Report

MISSING = _("chưa có số liệu")


class DashboardNumberColumn(tables.Column):
    """A `dashboard.Cell`: the number links to the report page, ↺ to the figure's history."""

    def __init__(self, key, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        # Sort on the cell's key, which puts a missing value after every number.
        super().__init__(accessor=key, order_by=(f"{key}__sort",), **kwargs)

    def render(self, value):
        if value.value is None:
            return format_html(
                '<span class="missing" title="{0}" aria-label="{0}">—</span>', MISSING
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


class DashboardTable(tables.Table):
    """Offices × headline figures and rates for one year (`rows`: `dashboard.table_rows`)."""

    office = tables.Column(verbose_name=_("Văn phòng"), order_by=("position",))
    status = tables.Column(verbose_name=_("Báo cáo"))
    documents_incoming = DashboardNumberColumn("documents_incoming", verbose_name=_("Văn bản đến"))
    documents_outgoing = DashboardNumberColumn("documents_outgoing", verbose_name=_("Văn bản đi"))
    rate_program_completion = DashboardNumberColumn(
        "rate_program_completion", verbose_name=_("Hoàn thành chương trình công tác")
    )
    rate_legal_completion = DashboardNumberColumn(
        "rate_legal_completion", verbose_name=_("Hoàn thành văn bản QPPL")
    )
    petitions_received = DashboardNumberColumn(
        "petitions_received", verbose_name=_("Đơn thư tiếp nhận")
    )
    rate_petitions_eligible = DashboardNumberColumn(
        "rate_petitions_eligible", verbose_name=_("Đơn đủ điều kiện")
    )
    dossiers_resolved = DashboardNumberColumn(
        "dossiers_resolved", verbose_name=_("Hồ sơ đã giải quyết")
    )
    rate_dossiers_on_time = DashboardNumberColumn(
        "rate_dossiers_on_time", verbose_name=_("Hồ sơ trả đúng hạn")
    )

    class Meta:
        template_name = "django_tables2/table.html"
        attrs = {"class": "list dashboard-table"}
        empty_text = _("Không có văn phòng nào khớp bộ lọc.")

    def __init__(self, rows, **kwargs):
        super().__init__(DashboardRows(rows), **kwargs)

    def render_office(self, value, record):
        if record["url"]:
            return format_html('<a href="{}">{}</a>', record["url"], value)
        return value

    def render_status(self, value):
        if value == "none":
            return _("Chưa có báo cáo")
        return Report.Status(value).label
