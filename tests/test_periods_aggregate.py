"""Like with like: the pages and workbooks that add reports up take one period kind (the year by
default, or a quarter, 6 or 9 months, a month), compare it with the same period of the year
before, and say which period it is."""

import re
from io import BytesIO

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from officereports.reports import dashboard as board
from officereports.reports import totals
from officereports.reports.models import Figure, Indicator, Report
from tests.test_i18n import switch_language

DASHBOARD = "/dashboard/"
HUE = "office:thua-thien-hue"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _report(office, year, period="year", status=Report.Status.APPROVED, **figures):
    """A report of `period` with figures given as code=value ("__" for ".")."""
    report = Report.objects.create(office=office, year=year, period=period, status=status)
    indicators = dict(Indicator.objects.values_list("code", "id"))
    for key, value in figures.items():
        Figure.objects.create(
            report=report, indicator_id=indicators[key.replace("__", ".")], value=value
        )
    totals.refresh(report)  # written behind the write paths: the totals follow by hand
    return report


def _text(response):
    html = re.sub(r"<(script|pre)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _kpis(response):
    return {k.code: k for k in response.context["kpis"]}


# ---------------------------------------------------------------------------
# Year-on-year: the same period of the previous year


@pytest.fixture
def quarters(hue):
    """Huế: quarter I of 2022 and of 2023, and a yearly report of 2022 with other figures (a
    quarter compared with a year would give other numbers)."""
    _report(hue, 2022, "quarter-1", documents__incoming=1_000, documents__outgoing=400)
    _report(hue, 2023, "quarter-1", documents__incoming=1_200, documents__outgoing=300)
    _report(hue, 2022, documents__incoming=5_000, documents__outgoing=2_000)


def test_year_on_year_on_quarter_1_compares_with_quarter_1_of_the_year_before(
    client, leader, quarters
):
    client.force_login(leader)
    response = client.get(DASHBOARD, {"year": "2023", "period": "quarter-1", "scope": HUE})
    incoming = _kpis(response)["documents.incoming"]
    assert (incoming.total.value, incoming.change.previous, incoming.change.delta) == (
        1_200,
        1_000,
        200,
    )
    assert incoming.change.text == "tăng 20% so với quý I năm 2022"
    outgoing = _kpis(response)["documents.outgoing"]
    assert (outgoing.change.previous, outgoing.change.text) == (
        400,
        "giảm 25% so với quý I năm 2022",
    )
    page = _text(response)
    assert "Tổng quan công tác quý I năm 2023" in page
    assert "+200 (tăng 20% so với quý I năm 2022)" in page
    assert "5.000" not in page  # the yearly report of 2022 is not the comparison
    assert "<title>Tổng quan số liệu – quý I năm 2023" in response.content.decode()

    # The yearly view of 2022 has no year before: nothing to compare, no quarter in it.
    response = client.get(DASHBOARD, {"year": "2022", "scope": HUE})
    incoming = _kpis(response)["documents.incoming"]
    assert (incoming.total.value, incoming.change) == (5_000, None)
    assert "Không có số liệu năm 2021 để so sánh" in _text(response)


# ---------------------------------------------------------------------------
# The dashboard, its charts and the offices workbook of a quarter


@pytest.fixture
def quarter_and_year(hue):
    """Huế 2024: an approved quarter I and an approved yearly report, different figures."""
    quarter = _report(hue, 2024, "quarter-1", documents__incoming=1_234, dossiers__received=300)
    year = _report(hue, 2024, documents__incoming=5_678, dossiers__received=2_000)
    return quarter, year


def test_the_quarter_dashboard_shows_the_quarter_and_the_yearly_one_the_year(
    client, leader, quarter_and_year
):
    client.force_login(leader)
    response = client.get(DASHBOARD, {"period": "quarter-1"})
    assert response.context["year"] == 2024
    kpis = _kpis(response)
    assert (kpis["documents.incoming"].total.value, kpis["documents.incoming"].total.reported) == (
        1_234,
        1,
    )
    page = _text(response)
    assert "Tổng quan công tác quý I năm 2024" in page
    assert "Tình hình báo cáo quý I năm 2024" in page
    assert "Số liệu các văn phòng quý I năm 2024" in page
    assert "Diễn biến qua các năm (Quý I)" in page
    assert "1.234" in page and "5.678" not in page
    html = response.content.decode()
    assert '<option value="quarter-1" selected>Quý I</option>' in html
    # The table links to the quarter's own pages (Huế's row: the office's scope).
    html = client.get(DASHBOARD, {"period": "quarter-1", "scope": HUE}).content.decode()
    assert 'href="/reports/thua-thien-hue/2024/quarter-1/"' in html
    assert 'href="/reports/thua-thien-hue/2024/quarter-1/history/?code=documents.incoming"' in html
    assert 'href="/reports/thua-thien-hue/2024/"' not in html
    # The charts are asked for the same period.
    assert "period=quarter-1" in response.context["chart_query"]

    response = client.get(DASHBOARD)
    kpis = _kpis(response)
    assert kpis["documents.incoming"].total.value == 5_678
    page = _text(response)
    assert "Tổng quan công tác năm 2024" in page
    assert "5.678" in page and "1.234" not in page
    html = client.get(DASHBOARD, {"scope": HUE}).content.decode()
    assert 'href="/reports/thua-thien-hue/2024/"' in html
    assert "/quarter-1/" not in html


def test_the_snapshot_holds_only_reports_of_its_period(quarter_and_year, hue, catalog):
    quarter, year = quarter_and_year
    for period, report, incoming in (("quarter-1", quarter, 1_234), ("year", year, 5_678)):
        snapshot = board.gather([hue], catalog, 2024, every_figure=False, period=period)
        assert list(snapshot.entries) == [(hue.id, 2024)]
        entry = snapshot.entries[(hue.id, 2024)]
        assert (entry.report_id, entry.values["documents.incoming"]) == (report.id, incoming)
        assert snapshot.yearly[("documents.incoming", 2024)].value == incoming


def test_the_cache_keys_name_the_period(quarter_and_year, hue, catalog):
    assert board.data_key([hue], catalog) != board.data_key([hue], catalog, period="quarter-1")
    assert board.stamp([hue])["n"] == 1
    assert board.stamp([hue], period="quarter-1")["n"] == 1
    assert board.stamp([hue], period="quarter-2")["n"] == 0


def test_the_quarter_charts_hold_only_quarter_reports_and_say_quy_i(
    client, leader, quarter_and_year
):
    client.force_login(leader)
    query = {"year": "2024", "period": "quarter-1", "scope": HUE}
    svg = client.get(reverse("reports:dashboard_chart", args=["documents"]), query)
    text = svg.content.decode()
    assert '<title id="title">Văn bản đến và văn bản đi – Quý I</title>' in text
    assert "2024: 1.234" in text and "5.678" not in text
    svg = client.get(reverse("reports:dashboard_chart", args=["dossiers"]), query)
    assert "2024: 300" in svg.content.decode() and "2.000" not in svg.content.decode()

    yearly = client.get(
        reverse("reports:dashboard_chart", args=["documents"]), {"year": "2024", "scope": HUE}
    ).content.decode()
    assert '<title id="title">Văn bản đến và văn bản đi</title>' in yearly
    assert "2024: 5.678" in yearly and "1.234" not in yearly


def _workbook(client, url):
    with time_machine.travel("2024-05-02 09:30 +0700", tick=False):
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return load_workbook(BytesIO(response.content))


def _column(ws, header, code):
    return next(c for c in range(1, ws.max_column + 1) if ws.cell(header + 1, c).value == code)


def test_the_quarter_workbook_holds_only_quarter_reports_and_says_quy_i(
    client, leader, quarter_and_year
):
    client.force_login(leader)
    url = reverse("reports:offices_workbook") + "?year=2024&period=quarter-1"
    wb = _workbook(client, url)
    assert wb.sheetnames == ["Quý I 2024", "Các năm", "Thông tin tệp"]
    ws = wb["Quý I 2024"]
    assert [ws.cell(r, 1).value for r in range(1, 4)] == [
        "SỐ LIỆU CÔNG TÁC CÁC VĂN PHÒNG UBND (QUÝ I)",
        "Kỳ báo cáo: Quý I",
        "Năm: 2024",
    ]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "STT")
    rows = {ws.cell(r, 2).value: r for r in range(header + 2, ws.max_row + 1)}
    hue = rows["Văn phòng UBND tỉnh Thừa Thiên Huế"]
    assert ws.cell(hue, _column(ws, header, "documents.incoming")).value == 1_234
    years = wb["Các năm"]
    assert years.cell(2, 1).value == "Kỳ báo cáo: Quý I"
    incoming = [
        years.cell(r, c).value
        for r in range(1, years.max_row + 1)
        for c in range(1, years.max_column + 1)
        if years.cell(r, c).value in (1_234, 5_678)
    ]
    assert incoming == [1_234, 1_234]  # Huế's row and the total

    yearly = _workbook(client, reverse("reports:offices_workbook") + "?year=2024")
    assert yearly.sheetnames == ["Năm 2024", "Các năm", "Thông tin tệp"]
    ws = yearly["Năm 2024"]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "STT")
    rows = {ws.cell(r, 2).value: r for r in range(header + 2, ws.max_row + 1)}
    hue = rows["Văn phòng UBND tỉnh Thừa Thiên Huế"]
    assert ws.cell(hue, _column(ws, header, "documents.incoming")).value == 5_678

    bad = client.get(reverse("reports:offices_workbook") + "?period=quarter-9")
    assert bad.status_code == 400
    assert "Kỳ báo cáo không hợp lệ" in bad.content.decode()


def test_a_bad_period_is_refused_in_words(client, leader, quarter_and_year):
    client.force_login(leader)
    response = client.get(DASHBOARD, {"period": "quarter-9", "scope": HUE})
    assert response.status_code == 200
    assert "Chọn một kỳ báo cáo trong danh sách." in response.content.decode()
    # The year is shown meanwhile, and says so.
    assert _kpis(response)["documents.incoming"].total.value == 5_678
    assert "Tổng quan công tác năm 2024" in _text(response)
    url = reverse("reports:years_workbook", args=["thua-thien-hue"]) + "?period=quarter-9"
    response = client.get(url)
    assert response.status_code == 400
    assert "Kỳ báo cáo không hợp lệ: chọn một kỳ trong danh sách." in response.content.decode()


def test_the_office_years_workbook_of_a_quarter(client, leader, quarter_and_year, hue):
    _report(hue, 2023, "quarter-1", documents__incoming=1_100)
    client.force_login(leader)
    url = reverse("reports:years_workbook", args=["thua-thien-hue"]) + "?period=quarter-1"
    ws = _workbook(client, url)["Các năm"]
    assert ws.cell(1, 1).value == "SỐ LIỆU CÔNG TÁC QUA CÁC NĂM (QUÝ I)"
    assert ws.cell(3, 1).value == "Kỳ báo cáo: Quý I"
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "STT")
    assert [ws.cell(header, c).value for c in range(5, ws.max_column + 1)] == [
        "Quý I 2023",
        "Quý I 2024",
    ]
    rows = {ws.cell(r, 2).value: r for r in range(header + 2, ws.max_row + 1)}
    assert [ws.cell(rows["documents.incoming"], c).value for c in (5, 6)] == [1_100, 1_234]


def test_the_dashboard_reads_a_quarter_in_as_many_queries_as_the_year(
    client, leader, quarter_and_year
):
    client.force_login(leader)
    counts = {}
    for period in ("year", "quarter-1"):
        cache.clear()
        client.get(DASHBOARD, {"period": period})  # the session and the like, settled
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DASHBOARD, {"period": period}).status_code == 200
        counts[period] = len(queries)
    assert counts["quarter-1"] == counts["year"]


# ---------------------------------------------------------------------------
# The roll-up


@pytest.fixture
def year_and_quarter(hue, khanh_hoa):
    """2024: Khánh Hòa has its yearly report; Huế only quarter I."""
    _report(khanh_hoa, 2024, documents__incoming=5_000, dossiers__received=800)
    _report(hue, 2024, "quarter-1", documents__incoming=1_000, dossiers__received=200)


def _rollup(client, period=None):
    query = {"period": period} if period else {}
    response = client.get(reverse("reports:rollup", args=[2024]), query)
    figures = {row["indicator"]: row for row in response.context["figures_table"].data}
    return response, figures


def test_the_year_roll_up_does_not_add_a_quarter_to_a_year(client, leader, year_and_quarter):
    client.force_login(leader)
    response, figures = _rollup(client)
    assert [r.office.slug for r in response.context["reports"]] == ["khanh-hoa"]
    incoming = figures["Văn bản đến (tiếp nhận)"]
    assert (incoming["total"], incoming["offices"]) == (5_000, 1)
    assert figures["Hồ sơ tiếp nhận"]["total"] == 800
    page = _text(response)
    assert "Tổng hợp số liệu năm 2024" in page
    assert "Có báo cáo: 1/63 văn phòng bạn được xem." in page


def test_the_quarter_1_roll_up_does_not_include_yearly_reports(client, leader, year_and_quarter):
    client.force_login(leader)
    response, figures = _rollup(client, "quarter-1")
    assert [r.office.slug for r in response.context["reports"]] == ["thua-thien-hue"]
    incoming = figures["Văn bản đến (tiếp nhận)"]
    assert (incoming["total"], incoming["offices"]) == (1_000, 1)
    assert figures["Hồ sơ tiếp nhận"]["total"] == 200
    page = _text(response)
    assert "Tổng hợp số liệu quý I năm 2024" in page
    assert "Có báo cáo: 1/63 văn phòng bạn được xem." in page
    # A quarter nobody reported: nothing summed.
    response, figures = _rollup(client, "quarter-2")
    assert (list(response.context["reports"]), figures) == ([], {})


def test_the_roll_up_runs_as_many_queries_for_a_quarter(client, leader, year_and_quarter):
    client.force_login(leader)
    counts = {}
    for period in ("year", "quarter-1"):
        _rollup(client, period)
        with CaptureQueriesContext(connection) as queries:
            _rollup(client, period)
        counts[period] = len(queries)
    assert counts["quarter-1"] == counts["year"]


# ---------------------------------------------------------------------------
# Completeness per period


def test_completeness_counts_the_offices_expected_for_the_period(client, leader, hue):
    _report(hue, 2025, "quarter-1", status=Report.Status.DRAFT)
    client.force_login(leader)
    url = reverse("reports:completeness")

    response = client.get(url, {"year": "2025", "period": "quarter-1"})
    rows = {row["office"].slug: row for row in response.context["rows"]}
    assert len(rows) == 63  # quarter I of 2025: before the merger of 01/07/2025
    assert rows["thua-thien-hue"]["status_label"] == "Đang soạn"
    assert dict(response.context["counts"])["Đang soạn"] == 1
    assert dict(response.context["counts"])["Chưa bắt đầu"] == 62
    assert "Tình hình nộp báo cáo quý I năm 2025" in _text(response)

    # The yearly report of 2025 is not started; quarter II is expected of the 63 as well.
    response = client.get(url, {"year": "2025"})
    rows = {row["office"].slug: row for row in response.context["rows"]}
    assert (len(rows), rows["thua-thien-hue"]["status_label"]) == (63, "Chưa bắt đầu")
    assert len(client.get(url, {"year": "2025", "period": "quarter-2"}).context["rows"]) == 63
    # Quarter III begins after the merger: the 34 units that remain.
    response = client.get(url, {"year": "2025", "period": "quarter-3"})
    assert len(response.context["rows"]) == 34
    assert "Tình hình nộp báo cáo quý III năm 2025" in _text(response)
    # An unknown period is the year.
    assert client.get(url, {"year": "2025", "period": "quarter-9"}).context["period"] == "year"


def test_completeness_offers_the_period_report_to_staff(client, staff, hue):
    _report(hue, 2025, "quarter-1", status=Report.Status.DRAFT)
    client.force_login(staff)
    url = reverse("reports:completeness")
    html = client.get(url, {"year": "2025", "period": "quarter-2"}).content.decode()
    assert 'action="/reports/thua-thien-hue/2025/quarter-2/create/"' in html
    assert "Tạo báo cáo quý II năm 2025" in html
    html = client.get(url, {"year": "2025", "period": "quarter-1"}).content.decode()
    assert 'href="/reports/thua-thien-hue/2025/quarter-1/edit/"' in html
    assert 'href="/reports/thua-thien-hue/2025/quarter-1/history/"' in html


def test_completeness_runs_as_many_queries_for_a_quarter(client, leader, hue):
    _report(hue, 2025, "quarter-1", status=Report.Status.DRAFT)
    client.force_login(leader)
    url = reverse("reports:completeness")
    counts = {}
    for period in ("year", "quarter-1"):
        client.get(url, {"year": "2025", "period": period})
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"year": "2025", "period": period})
        counts[period] = len(queries)
    assert counts == {"year": 6, "quarter-1": 6}


# ---------------------------------------------------------------------------
# The report list


def test_the_report_list_filters_by_period_and_names_each_period(client, leader, hue):
    _report(hue, 2024, "quarter-1")
    _report(hue, 2024, "first-9-months")
    _report(hue, 2024)
    client.force_login(leader)
    url = reverse("reports:index")
    response = client.get(url)
    assert [r.period for r in response.context["reports"]] == [
        "first-9-months",
        "quarter-1",
        "year",
    ]
    page = _text(response)
    assert "2024 Quý I Văn phòng UBND tỉnh Thừa Thiên Huế" in page
    assert "2024 9 tháng đầu năm Văn phòng UBND tỉnh Thừa Thiên Huế" in page
    assert "2024 Năm Văn phòng UBND tỉnh Thừa Thiên Huế" in page

    response = client.get(url, {"period": "quarter-1"})
    assert [r.period for r in response.context["reports"]] == ["quarter-1"]
    assert 'href="/reports/thua-thien-hue/2024/quarter-1/"' in response.content.decode()
    assert '<option value="quarter-1" selected>Quý I</option>' in response.content.decode()
    response = client.get(url, {"period": "month-3"})
    assert list(response.context["reports"]) == []
    assert "Không có báo cáo nào của kỳ này." in _text(response)

    counts = {}
    for query in ({}, {"period": "quarter-1"}):
        with CaptureQueriesContext(connection) as queries:
            client.get(url, query)
        counts[str(query)] = len(queries)
    assert len(set(counts.values())) == 1, counts


def test_the_period_choices_are_in_english_on_english_pages(leader, quarter_and_year):
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    assert switch_language(client, "en").status_code == 302
    html = client.get(DASHBOARD, {"period": "quarter-1"}).content.decode()
    assert '<option value="quarter-1" selected>Quarter I</option>' in html
    assert "<h1>Overview of work in quarter I of 2024</h1>" in html
    kpi = _kpis(client.get(DASHBOARD, {"period": "quarter-1"}))["documents.incoming"]
    assert kpi.total.value == 1_234
