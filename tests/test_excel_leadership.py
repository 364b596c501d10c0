"""The leadership workbooks: offices × figures for a year, one office × years."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from officereports.reports import totals
from officereports.reports.models import Figure, Office, Report

EXPORTED_AT = datetime(2023, 1, 5, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
REGION = "Bắc Trung Bộ và Duyên hải miền Trung"


def _get(client, user, url):
    client.force_login(user)
    with time_machine.travel(EXPORTED_AT, tick=False):
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return load_workbook(BytesIO(response.content))


def _table(ws):
    """The row of a sheet's table header."""
    return next(r for r in range(1, 20) if ws.cell(r, 1).value == "STT")


def _column(ws, header, code):
    """The column whose code row (under the header) holds `code`."""
    return next(c for c in range(1, ws.max_column + 1) if ws.cell(header + 1, c).value == code)


def test_the_offices_workbook_writes_its_filters_at_the_top(client, leader, seed_reports):
    url = reverse("reports:offices_workbook") + f"?year=2022&region={REGION}"
    wb = _get(client, leader, url)
    assert wb.sheetnames == ["Năm 2022", "Các năm", "Thông tin tệp"]
    ws = wb["Năm 2022"]
    assert [ws.cell(r, 1).value for r in range(1, 6)] == [
        "SỐ LIỆU CÔNG TÁC CÁC VĂN PHÒNG UBND",
        "Năm: 2022",
        f"Vùng: {REGION}",
        "Số văn phòng: 14",
        "Xuất lúc: 05/01/2023 09:30 bởi leader",
    ]


def test_the_offices_workbook_has_a_row_per_office_expected_that_year(
    client, leader, seed_reports, catalog
):
    ws = _get(client, leader, reverse("reports:offices_workbook") + "?year=2022")["Năm 2022"]
    header = _table(ws)
    # 63 provincial units existed in 2022 (before the merger of 01/07/2025).
    assert ws.cell(header + 2 + 62, 1).value == 63
    assert ws.cell(header + 2 + 63, 1).value == "Tổng cộng (số liệu chính xác)"
    names = {ws.cell(r, 2).value: r for r in range(header + 2, header + 2 + 63)}
    hue = names["Văn phòng UBND tỉnh Thừa Thiên Huế"]
    assert ws.cell(hue, 3).value == REGION
    assert ws.cell(hue, 4).value == "Đã duyệt"
    received = _column(ws, header, "dossiers.received")
    assert ws.cell(header, received).value == "Hồ sơ tiếp nhận (hồ sơ)"
    assert ws.cell(hue, received).value == 83408
    assert ws.cell(hue, received).number_format == "#,##0"
    rate = _column(ws, header, "rate.dossiers_resolved")
    assert ws.cell(hue, rate).value == pytest.approx(0.982)
    assert ws.cell(hue, rate).number_format == "0.0%"
    program = _column(ws, header, "rate.program_completion")
    assert ws.cell(hue, program).value == pytest.approx(0.7718)
    assert ws.cell(hue, program).number_format == "0.00%"
    # Khánh Hòa did not report for 2022: the row says so and its cells stay empty.
    khanh_hoa = names["Văn phòng UBND tỉnh Khánh Hòa"]
    assert ws.cell(khanh_hoa, 4).value == "Chưa báo cáo"
    assert ws.cell(khanh_hoa, received).value is None
    assert (
        ws.auto_filter.ref
        == f"A{header + 1}:{ws.cell(1, ws.max_column).column_letter}{header + 1 + 63}"
    )


def test_totals_sum_counts_and_divide_summed_terms(client, leader, seed_reports, catalog, hue):
    # A second office with dossiers in 2022.
    quang_tri = Office.objects.get(slug="quang-tri")
    other = Report.objects.create(office=quang_tri, year=2022)
    Figure.objects.create(
        report=other, indicator=catalog.indicators["dossiers.received"], value=17000
    )
    Figure.objects.create(
        report=other, indicator=catalog.indicators["dossiers.resolved"], value=16000
    )
    totals.refresh(other)  # written behind the write paths: the totals follow by hand
    # Quảng Trị's report is a draft: counted with the switch only, and marked.
    url = reverse("reports:offices_workbook") + "?year=2022&include=all"
    ws = _get(client, leader, url)["Năm 2022"]
    header = _table(ws)
    total = header + 2 + 63
    assert ws.cell(total, 1).value == "Tổng cộng (số liệu chính xác, gồm số liệu chưa duyệt)"
    names = {ws.cell(r, 2).value: r for r in range(header + 2, header + 2 + 63)}
    assert ws.cell(names["Văn phòng UBND tỉnh Quảng Trị"], 4).value == "Đang soạn (chưa duyệt)"
    received = _column(ws, header, "dossiers.received")
    rate = _column(ws, header, "rate.dossiers_resolved")
    assert ws.cell(total, received).value == 83408 + 17000
    # (81.948 + 16.000) / (83.408 + 17.000) = 97,549…% → 97,5%; the mean of 98,2% and
    # 94,1% would have said 96,2%.
    assert ws.cell(total, rate).value == pytest.approx(0.975)
    assert ws.cell(total, rate).number_format == "0.0%"
    assert ws.cell(total + 1, received).value == 2
    assert ws.cell(total + 1, rate).value == 2


def test_the_years_sheet_has_one_row_per_report(client, leader, seed_reports):
    ws = _get(client, leader, reverse("reports:offices_workbook") + "?year=2022")["Các năm"]
    header = _table(ws)
    assert ws.cell(2, 1).value == "Năm: tất cả các năm"
    rows = [
        (ws.cell(r, 2).value, ws.cell(r, 3).value, ws.cell(r, 5).value)
        for r in range(header + 2, header + 4)
    ]
    assert rows == [
        (2020, "Văn phòng UBND tỉnh Khánh Hòa", "Đã duyệt"),
        (2022, "Văn phòng UBND tỉnh Thừa Thiên Huế", "Đã duyệt"),
    ]
    incoming = _column(ws, header, "documents.incoming")
    assert ws.cell(header + 2, incoming).value == 52900
    assert ws.cell(header + 2, incoming).number_format == '"hơn "#,##0'


def test_staff_get_only_their_own_office(client, staff, seed_reports):
    ws = _get(client, staff, reverse("reports:offices_workbook") + "?year=2022")["Năm 2022"]
    header = _table(ws)
    assert ws.cell(4, 1).value == "Số văn phòng: 1"
    assert ws.cell(header + 2, 2).value == "Văn phòng UBND tỉnh Thừa Thiên Huế"
    assert ws.cell(header + 3, 1).value == "Tổng cộng (số liệu chính xác)"


def test_the_year_defaults_to_the_latest_reported(client, leader, seed_reports):
    wb = _get(client, leader, reverse("reports:offices_workbook"))
    assert wb.sheetnames[0] == "Năm 2022"


def test_a_bad_year_is_refused_in_words(client, leader, seed_reports):
    client.force_login(leader)
    response = client.get(reverse("reports:offices_workbook") + "?year=hai-nghin")
    assert response.status_code == 400
    assert response.text == "Năm không hợp lệ: nhập một năm từ 1990 đến 2100."


def test_the_offices_workbook_runs_a_fixed_number_of_queries(
    client, leader, seed_reports, catalog, django_assert_num_queries
):
    client.force_login(leader)
    url = reverse("reports:offices_workbook") + "?year=2022"
    # The session, the user, their memberships; latest year; how many reports (small: built
    # now); catalogue (3); offices, their former names, reports, figures (plain values);
    # offices expected in 2022
    with django_assert_num_queries(13):
        client.get(url)
    # More offices, years and figures: the same queries.
    for slug, year in (("quang-tri", 2021), ("quang-tri", 2022), ("da-nang", 2019)):
        report = Report.objects.create(office=Office.objects.get(slug=slug), year=year)
        Figure.objects.create(
            report=report, indicator=catalog.indicators["dossiers.received"], value=100
        )
    with django_assert_num_queries(13):
        client.get(url)


def test_the_office_years_workbook_lists_indicators_by_year(client, leader, seed_reports, catalog):
    hue_office = Office.objects.get(slug="thua-thien-hue")
    later = Report.objects.create(office=hue_office, year=2025)
    Figure.objects.create(
        report=later, indicator=catalog.indicators["dossiers.received"], value=90000
    )
    # The 2025 report is a draft: counted with the switch only, and marked.
    url = reverse("reports:years_workbook", args=["thua-thien-hue"]) + "?include=all"
    wb = _get(client, leader, url)
    ws = wb["Các năm"]
    assert [ws.cell(r, 1).value for r in range(1, 6)] == [
        "SỐ LIỆU CÔNG TÁC QUA CÁC NĂM",
        "Văn phòng: Văn phòng UBND thành phố Huế",
        "Các năm: tất cả các năm",
        "Tên theo từng năm: 2022: Văn phòng UBND tỉnh Thừa Thiên Huế; "
        "2025: Văn phòng UBND thành phố Huế",
        "Xuất lúc: 05/01/2023 09:30 bởi leader",
    ]
    header = _table(ws)
    assert [ws.cell(header, c).value for c in (5, 6)] == ["Năm 2022", "Năm 2025"]
    assert [ws.cell(header + 1, c).value for c in (5, 6)] == [
        "Đã duyệt",
        "Đang soạn (chưa duyệt)",
    ]
    rows = {ws.cell(r, 2).value: r for r in range(header + 2, ws.max_row + 1)}
    assert [ws.cell(rows["dossiers.received"], c).value for c in (5, 6)] == [83408, 90000]
    # Not reported in 2025: empty, not 0.
    assert ws.cell(rows["dossiers.resolved"], 6).value is None
    rate = rows["rate.dossiers_resolved"]
    assert ws.cell(rate, 3).value == "Tỷ lệ hồ sơ đã giải quyết (chia cho số hồ sơ tiếp nhận)"
    assert ws.cell(rate, 5).value == pytest.approx(0.982)
    assert ws.cell(rate, 5).number_format == "0.0%"
    assert ws.cell(rate, 6).value is None


def test_the_office_years_workbook_narrows_the_years(client, leader, seed_reports):
    Report.objects.create(office=Office.objects.get(slug="thua-thien-hue"), year=2021)
    url = reverse("reports:years_workbook", args=["thua-thien-hue"]) + "?from=2022&to=2022"
    ws = _get(client, leader, url)["Các năm"]
    assert ws.cell(3, 1).value == "Các năm: 2022"
    header = _table(ws)
    assert ws.cell(header, 5).value == "Năm 2022"
    assert ws.cell(header, 6).value is None


def test_the_office_years_workbook_checks_ownership(client, outsider, seed_reports):
    client.force_login(outsider)
    response = client.get(reverse("reports:years_workbook", args=["thua-thien-hue"]))
    assert response.status_code == 404


def test_the_year_sheet_keeps_its_year_outside_the_years_range(client, leader, seed_reports):
    url = reverse("reports:offices_workbook") + "?year=2022&from=2020&to=2020"
    wb = _get(client, leader, url)
    ws = wb["Năm 2022"]
    header = _table(ws)
    names = {ws.cell(r, 2).value: r for r in range(header + 2, header + 2 + 63)}
    hue = names["Văn phòng UBND tỉnh Thừa Thiên Huế"]
    assert ws.cell(hue, 4).value == "Đã duyệt"
    assert ws.cell(hue, _column(ws, header, "dossiers.received")).value == 83408
    years = wb["Các năm"]
    header = _table(years)
    assert years.cell(2, 1).value == "Năm: 2020"
    assert [years.cell(header + 2, c).value for c in (2, 3)] == [
        2020,
        "Văn phòng UBND tỉnh Khánh Hòa",
    ]
    assert years.cell(header + 3, 1).value == "Tổng cộng (số liệu chính xác)"


def test_approximate_values_count_as_reported(client, leader, seed_reports):
    """Khánh Hòa 2020 wrote "hơn 52.900" incoming documents and a stated 100% on-time rate:
    both are reported figures; the total adds exact counts only and says how many."""
    ws = _get(client, leader, reverse("reports:offices_workbook") + "?year=2020")["Năm 2020"]
    header = _table(ws)
    total = next(
        r
        for r in range(header, ws.max_row + 1)
        if ws.cell(r, 1).value == "Tổng cộng (số liệu chính xác)"
    )
    incoming = _column(ws, header, "documents.incoming")
    on_time = _column(ws, header, "rate.dossiers_on_time")
    names = {ws.cell(r, 2).value: r for r in range(header + 2, total)}
    assert ws.cell(names["Văn phòng UBND tỉnh Khánh Hòa"], incoming).value == 52900
    assert ws.cell(total, incoming).value is None
    assert [ws.cell(total + 1, c).value for c in (1, incoming, on_time)] == [
        "Số dòng có số liệu",
        1,
        1,
    ]
    assert [ws.cell(total + 2, c).value for c in (1, incoming, on_time)] == [
        "Trong đó chính xác, cộng vào tổng",
        0,
        0,
    ]
