"""Leaders read approved reports: the dashboard, its charts, the year roll-up and the
leadership workbooks count approved reports unless the reader turns on the switch
(`?include=all`, "Gồm cả số liệu chưa duyệt"), and then every number a report not approved
yet is part of carries the mark "†", explained by a legend."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from bench.data import generate
from officereports.reports import dashboard as board
from officereports.reports.interchange import import_reports
from officereports.reports.models import Office, Report
from tests.test_dashboard import (
    CACHED_PAGE_QUERIES,
    CHART_QUERIES,
    SNAPSHOT_CHART_QUERIES,
    UNCACHED_PAGE_QUERIES,
)

URL = "/dashboard/"
LEGEND = "† gồm số liệu chưa duyệt (báo cáo đang soạn, chờ duyệt hoặc bị trả lại)."


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache outlives a test's database transaction: start every test without it.
    cache.clear()
    yield
    cache.clear()


def _import(office, year, status, figures):
    """A report of `office` for `year` with `status`, through the JSON importer."""
    start, end = Report.default_period(year)
    (report,) = import_reports(
        {
            "format": "officereports/1",
            "reports": [
                {
                    "office": office,
                    "year": year,
                    "status": status,
                    "period_start": start.isoformat(),
                    "period_end": end.isoformat(),
                    "figures": {code: {"value": value} for code, value in figures.items()},
                }
            ],
        }
    )
    return report


@pytest.fixture
def khanh_hoa_draft(seed_reports):
    """Beside the approved seed (Huế 2022: 81.948 dossiers resolved), a Khánh Hòa draft for
    2022 with 100 resolved dossiers."""
    return _import("khanh-hoa", 2022, "draft", {"dossiers.resolved": 100})


def _text(html):
    html = re.sub(r"</?span[^>]*>", "", html)  # inline: a mark stays beside its number
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _card(response, code):
    """The text of one KPI card."""
    html = response.content.decode()
    start = html.index(">", html.index(f'data-code="{code}"')) + 1
    return _text(html[start : html.index("</article>", start)])


def _kpis(response):
    return {k.code: k for k in response.context["kpis"]}


# ---------------------------------------------------------------------------
# The dashboard


def test_a_draft_of_another_office_does_not_change_the_approved_card(
    client, leader, khanh_hoa_draft
):
    client.force_login(leader)
    response = client.get(URL)
    assert response.context["year"] == 2022
    resolved = _kpis(response)["dossiers.resolved"]
    assert (resolved.total.value, resolved.total.reported, resolved.total.unapproved) == (
        81_948,
        1,
        0,
    )
    assert _card(response, "dossiers.resolved") == (
        "Hồ sơ đã giải quyết 81.948 hồ sơ · 1/63 văn phòng có số liệu "
        "Không có số liệu năm 2021 để so sánh"
    )
    assert "82.048" not in response.text
    assert "Chỉ tính báo cáo đã duyệt." in response.text
    # Completeness is about statuses: the draft is there, started and not submitted.
    completeness = response.context["completeness"]
    assert (completeness.started, completeness.submitted, completeness.approved) == (2, 1, 1)


def test_with_the_switch_the_card_shows_the_sum_and_is_marked(client, leader, khanh_hoa_draft):
    client.force_login(leader)
    response = client.get(URL, {"include": "all"})
    resolved = _kpis(response)["dossiers.resolved"]
    assert (resolved.total.value, resolved.total.reported, resolved.total.unapproved) == (
        82_048,
        2,
        1,
    )
    assert _card(response, "dossiers.resolved") == (
        "Hồ sơ đã giải quyết 82.048† hồ sơ · 2/63 văn phòng có số liệu "
        "1 văn phòng chưa được duyệt Không có số liệu năm 2021 để so sánh"
    )
    assert "Gồm cả số liệu chưa duyệt. " + LEGEND in response.text
    # Huế's approved program rate alone: no mark.
    assert _card(response, "rate.program_completion").startswith(
        "Tỷ lệ hoàn thành chương trình công tác 77,18% 159/206"
    )
    # The switch is a visible select of the filter form, and it is kept selected.
    assert '<option value="all" selected>Gồm cả số liệu chưa duyệt</option>' in response.text


def test_the_default_year_is_the_latest_with_an_approved_report(client, leader, khanh_hoa_draft):
    _import("khanh-hoa", 2023, "submitted", {"dossiers.resolved": 300})
    client.force_login(leader)
    response = client.get(URL)
    assert response.context["year"] == 2022
    assert response.context["years"] == [2020, 2021, 2022]
    assert "Tổng quan công tác năm 2022" in response.text
    # With the switch, 2023 can be chosen; the default stays the latest approved year.
    response = client.get(URL, {"include": "all"})
    assert (response.context["year"], response.context["years"][-1]) == (2022, 2023)
    response = client.get(URL, {"include": "all", "year": "2023"})
    assert _kpis(response)["dossiers.resolved"].total.value == 300
    assert _card(response, "dossiers.resolved").startswith("Hồ sơ đã giải quyết 300† hồ sơ")


def test_the_table_leaves_out_unapproved_figures_or_marks_them(client, leader, khanh_hoa_draft):
    client.force_login(leader)
    response = client.get(URL, {"status": "draft"})
    (row,) = [r.record for r in response.context["table"].page.object_list]
    assert (row["slug"], row["status"], row["url"]) == (
        "khanh-hoa",
        "draft",
        "/reports/khanh-hoa/2022/",
    )
    assert (row["dossiers_resolved"].value, row["dossiers_resolved"].pending) == (None, True)
    assert (
        '<span class="missing" title="báo cáo chưa duyệt, không tính" '
        'aria-label="báo cáo chưa duyệt, không tính">—</span>'
    ) in response.text
    assert "— là chưa có số liệu hoặc báo cáo chưa duyệt (không tính)." in response.text

    response = client.get(URL, {"status": "draft", "include": "all"})
    (row,) = [r.record for r in response.context["table"].page.object_list]
    assert (row["dossiers_resolved"].value, row["dossiers_resolved"].unapproved) == (100, True)
    assert '<a href="/reports/khanh-hoa/2022/" title="số liệu chưa duyệt">100†</a>' in (
        response.text
    )
    # Huế's approved figures carry no mark.
    response = client.get(URL, {"name": "Huế", "include": "all"})
    assert '<a href="/reports/thua-thien-hue/2022/" title="">81.948</a>' in response.text


def test_the_other_forms_of_the_page_keep_the_switch(client, leader, khanh_hoa_draft):
    client.force_login(leader)
    html = client.get(URL, {"include": "all"}).content.decode()
    assert html.count('<input type="hidden" name="include" value="all">') == 2
    assert "chart_query" not in html
    for name in ("documents", "dossiers", "petitions", "comparison"):
        assert (
            f'src="/dashboard/charts/{name}.svg?year=&amp;scope=&amp;'
            'rate=rate.dossiers_on_time&amp;include=all"'
        ) in html
    assert 'href="/dashboard/offices.xlsx?year=2022&amp;include=all"' in html
    html = client.get(URL).content.decode()
    assert 'name="include" value="all">' not in html
    assert (
        'src="/dashboard/charts/dossiers.svg?year=&amp;scope=&amp;rate=rate.dossiers_on_time"'
        in (html)
    )
    assert 'href="/dashboard/offices.xlsx?year=2022"' in html
    html = client.get(URL, {"scope": "office:khanh-hoa", "include": "all"}).content.decode()
    assert 'href="/reports/khanh-hoa/years.xlsx?include=all"' in html


def test_a_bad_switch_value_says_so_and_counts_approved_reports(client, leader, khanh_hoa_draft):
    client.force_login(leader)
    response = client.get(URL, {"include": "yes"})
    assert response.status_code == 200
    assert "Chọn một mục trong danh sách." in response.text
    assert _kpis(response)["dossiers.resolved"].total.value == 81_948
    assert client.get("/dashboard/charts/dossiers.svg", {"include": "yes"}).status_code == 404


def test_the_two_views_never_share_a_cache_entry(client, leader, khanh_hoa_draft):
    client.force_login(leader)
    # Each view first, then the other, then again from the cache: page, page part and the
    # cached snapshot are each keyed by the switch.
    assert _kpis(client.get(URL))["dossiers.resolved"].total.value == 81_948
    assert _kpis(client.get(URL, {"include": "all"}))["dossiers.resolved"].total.value == 82_048
    assert "82.048†" in _text(client.get(URL, {"include": "all"}).content.decode())
    assert "81.948 hồ sơ" in _text(client.get(URL).content.decode())
    # The charts: the approved-only chart first, then the one with the switch.
    plain = client.get("/dashboard/charts/dossiers.svg").content.decode()
    marked = client.get("/dashboard/charts/dossiers.svg", {"include": "all"}).content.decode()
    # Two offices: each its own line.
    huế = "Hồ sơ đã giải quyết – Thừa Thiên Huế – 2020: chưa có số liệu; 2021: chưa có số liệu"
    assert f"{huế}; 2022: 81.948." in plain and f"{huế}; 2022: 81.948." in marked
    draft = "Hồ sơ đã giải quyết – Khánh Hòa – 2020: chưa có số liệu; 2021: chưa có số liệu"
    assert f"{draft}; 2022: 100†." in marked and draft not in plain
    assert "†" not in plain
    # Asked again: each from its own cache entry.
    assert client.get("/dashboard/charts/dossiers.svg").content.decode() == plain
    again = client.get("/dashboard/charts/dossiers.svg", {"include": "all"}).content.decode()
    assert again == marked
    # And the numbers the page leaves for its charts are those of its own view.
    page = client.get(URL, {"include": "all", "year": "2022"})
    chart = client.get("/dashboard/charts/dossiers.svg?" + page.context["chart_query"])
    assert f"{draft}; 2022: 100†." in chart.content.decode()


def test_the_trend_chart_marks_unapproved_years(client, leader, khanh_hoa_draft):
    client.force_login(leader)
    # Khánh Hòa alone: its approved 2020 report and its 2022 draft, as bars.
    scope = {"scope": "office:khanh-hoa"}
    svg = client.get("/dashboard/charts/dossiers.svg", scope | {"include": "all"}).content.decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    # The year's tick and the legend.
    assert "2022†" in texts and "2020" in texts
    assert "† (chấm, điểm vuông): gồm số liệu chưa duyệt" in texts
    # The bar of the draft is dotted; the received dossiers of 2020 ("hơn 600", approved)
    # are hatched as approximate only, as without the switch.
    assert _pattern(svg, "bar-dossiers.resolved-2022") not in (
        None,
        _pattern(svg, "bar-dossiers.received-2020"),
    )
    assert svg.count(LEGEND) == 1  # in the description
    plain = client.get("/dashboard/charts/dossiers.svg", scope).content.decode()
    assert "†" not in plain
    assert 'id="bar-dossiers.resolved-2022"' not in plain
    assert _pattern(plain, "bar-dossiers.received-2020") == _pattern(
        svg, "bar-dossiers.received-2020"
    )


def _pattern(svg, gid):
    """The id of the pattern (hatch) that fills the element `gid`, None without one."""
    part = svg[svg.index(f'id="{gid}"') :]
    found = re.search(r"fill: url\(#(\w+)\)", part[: part.index("</g>")])
    return found and found.group(1)


def test_the_comparison_marks_an_unapproved_office(client, leader, seed_reports):
    _import("khanh-hoa", 2022, "submitted", {"dossiers.received": 125, "dossiers.resolved": 100})
    client.force_login(leader)
    query = {"rate": "rate.dossiers_resolved"}
    comparison = client.get(URL, query).context["comparison"]
    assert comparison.rows == [("Thừa Thiên Huế", Decimal("98.2"), 81_948, 83_408)]
    response = client.get(URL, query | {"include": "all"})
    comparison = response.context["comparison"]
    assert [row[0] for row in comparison.rows] == ["Thừa Thiên Huế", "Khánh Hòa"]
    assert comparison.unapproved == {"Khánh Hòa"}
    assert (
        '<th scope="row">Khánh Hòa<span class="unapproved" title="' + LEGEND + '">†</span></th>'
    ) in response.text
    svg = client.get(
        "/dashboard/charts/comparison.svg?" + response.context["chart_query"]
    ).content.decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Khánh Hòa†" in texts and "Thừa Thiên Huế" in texts
    assert "Khánh Hòa†: 80%" in svg and "Thừa Thiên Huế: 98,2%" in svg
    assert any("† (chấm): số liệu chưa duyệt." in t for t in texts)


def test_query_counts_stay_the_same_with_the_switch(
    client, leader, khanh_hoa_draft, django_assert_num_queries
):
    client.force_login(leader)
    cache.clear()
    with django_assert_num_queries(UNCACHED_PAGE_QUERIES):
        response = client.get(URL, {"include": "all"})
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        client.get(URL, {"include": "all"})
    src = "/dashboard/charts/dossiers.svg?" + response.context["chart_query"]
    with django_assert_num_queries(CHART_QUERIES):
        client.get(src)
    with django_assert_num_queries(SNAPSHOT_CHART_QUERIES):
        client.get("/dashboard/charts/dossiers.svg", {"include": "all"})
    with django_assert_num_queries(10):
        client.get(reverse("reports:rollup", args=[2022]), {"include": "all"})
    with django_assert_num_queries(13):
        client.get(reverse("reports:offices_workbook"), {"include": "all"})


def test_the_database_totals_mark_the_same_years_as_the_reports(catalog):
    """The trend charts' totals summed by the database (`yearly_totals`) say which years
    include unapproved reports exactly as the totals computed from every report do."""
    generate(30, list(range(2019, 2026)))  # about a tenth of the reports are drafts
    offices = list(Office.objects.select_related("unit"))
    for approved_only in (True, False):
        everything = board.gather(offices, catalog, approved_only=approved_only)
        summed = board.gather(offices, catalog, every_figure=False, approved_only=approved_only)
        trends = [board.trend(summed, name) for name in board.TRENDS]
        assert trends == [board.trend(everything, name) for name in board.TRENDS]
        flags = [f for t in trends for s in [*t.counts, t.rate] if s for f in s.unapproved]
        assert Report.objects.exclude(status=Report.Status.APPROVED).exists()
        assert any(flags) is (not approved_only)
        # Only approved reports have entries without the switch; completeness sees them all.
        statuses = {e.status for e in summed.entries.values()}
        assert statuses == ({"approved"} if approved_only else {"approved", "draft"})
        assert len(summed.statuses) == Report.objects.filter(year__in=(2024, 2025)).count()


# ---------------------------------------------------------------------------
# The year roll-up


def test_the_rollup_counts_approved_reports_and_says_so(client, leader, khanh_hoa_draft):
    client.force_login(leader)
    response = client.get(reverse("reports:rollup", args=[2022]))
    page = _text(response.content.decode())
    assert "Chỉ tính báo cáo đã duyệt: 1 báo cáo." in page
    assert "Văn phòng UBND tỉnh Khánh Hòa (Đang soạn, không tính)" in page
    figures = {row["indicator"]: row for row in response.context["figures_table"].data}
    resolved = figures["Hồ sơ đã giải quyết"]
    assert (resolved["total"], resolved["offices"], resolved["of"]) == (81_948, 1, 1)
    assert "Hồ sơ đã giải quyết hồ sơ 81.948 1/1" in page
    assert '<option value="all">Gồm cả số liệu chưa duyệt</option>' in response.text


def test_the_rollup_switch_counts_every_report_and_marks_the_totals(
    client, leader, khanh_hoa_draft
):
    client.force_login(leader)
    response = client.get(reverse("reports:rollup", args=[2022]), {"include": "all"})
    page = _text(response.content.decode())
    assert "Gồm cả số liệu chưa duyệt. " + LEGEND in page
    assert "Văn phòng UBND tỉnh Khánh Hòa (Đang soạn)" in page
    assert "Hồ sơ đã giải quyết hồ sơ 82.048† 2/2" in page
    # Only Huế reported received dossiers: that total has no mark.
    assert "Hồ sơ tiếp nhận hồ sơ 83.408 1/2" in page
    assert '<option value="all" selected>Gồm cả số liệu chưa duyệt</option>' in response.text


def test_a_rollup_year_with_drafts_only_says_none_is_approved(client, leader, khanh_hoa_draft):
    _import("quang-tri", 2019, "returned", {"dossiers.resolved": 5})
    client.force_login(leader)
    page = _text(client.get(reverse("reports:rollup", args=[2019])).content.decode())
    assert "Chưa có báo cáo nào đã duyệt của năm này trong các văn phòng bạn được xem." in page
    assert "Văn phòng UBND tỉnh Quảng Trị (Bị trả lại, không tính)" in page


# ---------------------------------------------------------------------------
# The leadership workbooks


def _workbook(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _rows_by_name(ws, header, column=2):
    return {ws.cell(r, column).value: r for r in range(header + 2, ws.max_row + 1)}


def _code_column(ws, header, code):
    return next(c for c in range(1, ws.max_column + 1) if ws.cell(header + 1, c).value == code)


def _header(ws):
    return next(r for r in range(1, 20) if ws.cell(r, 1).value == "STT")


def test_the_offices_workbook_counts_approved_reports(client, leader, khanh_hoa_draft):
    _import("khanh-hoa", 2023, "submitted", {"dossiers.resolved": 300})
    client.force_login(leader)
    wb = _workbook(client, reverse("reports:offices_workbook"))
    # The default year is the latest with an approved report.
    assert wb.sheetnames[0] == "Năm 2022"
    ws = wb["Năm 2022"]
    assert ws.cell(6, 1).value == "Số liệu: Chỉ tính báo cáo đã duyệt"
    header = _header(ws)
    rows = _rows_by_name(ws, header)
    resolved = _code_column(ws, header, "dossiers.resolved")
    khanh_hoa = rows["Văn phòng UBND tỉnh Khánh Hòa"]
    assert ws.cell(khanh_hoa, 4).value == "Đang soạn (không tính)"
    assert ws.cell(khanh_hoa, resolved).value is None
    total = _rows_by_name(ws, header, column=1)["Tổng cộng (số liệu chính xác)"]
    assert (ws.cell(total, resolved).value, ws.cell(total + 1, resolved).value) == (81_948, 1)
    years = wb["Các năm"]
    header = _header(years)
    listed = [
        (years.cell(r, 2).value, years.cell(r, 3).value, years.cell(r, 5).value)
        for r in range(header + 2, header + 6)
    ]
    assert listed == [
        (2020, "Văn phòng UBND tỉnh Khánh Hòa", "Đã duyệt"),
        (2022, "Văn phòng UBND tỉnh Thừa Thiên Huế", "Đã duyệt"),
        (2022, "Văn phòng UBND tỉnh Khánh Hòa", "Đang soạn (không tính)"),
        (2023, "Văn phòng UBND tỉnh Khánh Hòa", "Chờ duyệt (không tính)"),
    ]
    note = dict(
        (wb["Thông tin tệp"].cell(r, 1).value, wb["Thông tin tệp"].cell(r, 2).value)
        for r in range(1, wb["Thông tin tệp"].max_row + 1)
    )["Ghi chú"]
    assert note.endswith(
        "Chỉ tính báo cáo đã duyệt: báo cáo chưa duyệt (đang soạn, chờ duyệt, bị trả lại) "
        "để trống, Trạng thái ghi “không tính”."
    )


def test_the_offices_workbook_switch_counts_and_marks_every_report(client, leader, khanh_hoa_draft):
    client.force_login(leader)
    wb = _workbook(client, reverse("reports:offices_workbook") + "?year=2022&include=all")
    ws = wb["Năm 2022"]
    assert ws.cell(6, 1).value == "Số liệu: Gồm cả số liệu chưa duyệt (xem cột/dòng Trạng thái)"
    header = _header(ws)
    rows = _rows_by_name(ws, header)
    resolved = _code_column(ws, header, "dossiers.resolved")
    khanh_hoa = rows["Văn phòng UBND tỉnh Khánh Hòa"]
    assert (ws.cell(khanh_hoa, 4).value, ws.cell(khanh_hoa, resolved).value) == (
        "Đang soạn (chưa duyệt)",
        100,
    )
    assert ws.cell(rows["Văn phòng UBND tỉnh Thừa Thiên Huế"], 4).value == "Đã duyệt"
    total = _rows_by_name(ws, header, column=1)[
        "Tổng cộng (số liệu chính xác, gồm số liệu chưa duyệt)"
    ]
    assert (ws.cell(total, resolved).value, ws.cell(total + 1, resolved).value) == (82_048, 2)


def test_the_office_years_workbook_counts_approved_reports(client, leader, khanh_hoa_draft):
    client.force_login(leader)
    url = reverse("reports:years_workbook", args=["khanh-hoa"])
    for query, status, value in (
        ("", "Đang soạn (không tính)", None),
        ("?include=all", "Đang soạn (chưa duyệt)", 100),
    ):
        ws = _workbook(client, url + query)["Các năm"]
        assert ws.cell(6, 1).value == (
            "Số liệu: Chỉ tính báo cáo đã duyệt"
            if not query
            else "Số liệu: Gồm cả số liệu chưa duyệt (xem cột/dòng Trạng thái)"
        )
        header = _header(ws)
        assert [ws.cell(header, c).value for c in (5, 6)] == ["Năm 2020", "Năm 2022"]
        assert [ws.cell(header + 1, c).value for c in (5, 6)] == ["Đã duyệt", status]
        rows = _rows_by_name(ws, header)
        assert ws.cell(rows["documents.incoming"], 5).value == 52_900
        assert ws.cell(rows["dossiers.resolved"], 6).value == value


@pytest.mark.browser
def test_a_leader_turns_the_switch_on_in_the_filter_form(
    page, browser_login, leader, khanh_hoa_draft
):
    from tests.conftest import screenshot

    browser_login(leader)
    page.goto(page.url_for(URL))
    card = page.locator(".kpi[data-code='dossiers.resolved'] .value")
    assert card.inner_text() == "81.948"
    assert page.locator("#dashboard-counted").inner_text() == "Chỉ tính báo cáo đã duyệt."
    page.select_option("#id_include", "all")
    page.click(".dashboard-head button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "&include=all&" in page.url
    assert card.inner_text() == "82.048†"
    assert page.locator("#dashboard-counted").inner_text() == (
        "Gồm cả số liệu chưa duyệt. " + LEGEND
    )
    images = page.locator("figure.chart img")
    assert images.evaluate_all("all => all.every(i => i.complete && i.naturalWidth > 0)")
    assert all("include=all" in src for src in images.evaluate_all("all => all.map(i => i.src)"))
    screenshot(page, "dashboard_with_unapproved")
