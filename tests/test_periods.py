"""Reporting periods (periods.py, Report.period): the year and its parts side by side, one
report per office and period, the regime's cut-offs, the addresses of a part of the year."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import resolve, reverse

from officereports.reports import periods
from officereports.reports.models import Office, Report


@pytest.mark.parametrize(
    "kind, start, end, label",
    [
        ("year", date(2023, 12, 15), date(2024, 12, 14), "năm 2024"),
        ("first-9-months", date(2023, 12, 15), date(2024, 9, 14), "9 tháng đầu năm 2024"),
        ("first-6-months", date(2023, 12, 15), date(2024, 6, 14), "6 tháng đầu năm 2024"),
        ("quarter-1", date(2023, 12, 15), date(2024, 3, 14), "quý I năm 2024"),
        ("quarter-3", date(2024, 6, 15), date(2024, 9, 14), "quý III năm 2024"),
        ("quarter-4", date(2024, 9, 15), date(2024, 12, 14), "quý IV năm 2024"),
        ("month-1", date(2023, 12, 15), date(2024, 1, 14), "tháng 1/2024"),
        ("month-9", date(2024, 8, 15), date(2024, 9, 14), "tháng 9/2024"),
    ],
)
def test_the_regimes_cut_offs_and_the_press_names(kind, start, end, label):
    assert periods.default_dates(kind, 2024) == (start, end)
    assert periods.label(kind, 2024) == label


def test_a_period_review_is_a_so_ket_and_the_year_a_tong_ket():
    assert periods.review_word("year") == "tổng kết"
    assert periods.review_word("first-9-months") == "sơ kết"
    assert periods.review_word("month-3") == "sơ kết"


def test_the_year_and_its_parts_are_kept_side_by_side(db):
    hue = Office.objects.get(slug="thua-thien-hue")
    for kind in ("year", "first-9-months", "quarter-1", "month-9"):
        Report.objects.create(office=hue, year=2024, period=kind)
    reports = {r.period: r for r in hue.reports.filter(year=2024)}
    assert sorted(reports) == ["first-9-months", "month-9", "quarter-1", "year"]
    quarter = reports["quarter-1"]
    assert (quarter.period_start, quarter.period_end) == (date(2023, 12, 15), date(2024, 3, 14))
    assert quarter.period_label == "quý I năm 2024"
    assert quarter.url() == "/reports/thua-thien-hue/2024/quarter-1/"
    assert quarter.url("edit") == "/reports/thua-thien-hue/2024/quarter-1/edit/"
    assert reports["year"].url("edit") == "/reports/thua-thien-hue/2024/edit/"


def test_one_report_per_office_and_period(db):
    hue = Office.objects.get(slug="thua-thien-hue")
    Report.objects.create(office=hue, year=2024, period="quarter-1")
    with pytest.raises(IntegrityError, match="reports_report|UNIQUE"), transaction.atomic():
        Report.objects.create(office=hue, year=2024, period="quarter-1")
    # A kind that is no period is refused by the database too (dates given: none to default).
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            office=hue,
            year=2024,
            period="quarter-5",
            period_start=date(2024, 9, 15),
            period_end=date(2024, 12, 14),
        )


@pytest.mark.parametrize(
    "start, end, errors",
    [
        (date(2024, 3, 14), date(2023, 12, 15), {"period_end": "sau ngày bắt đầu"}),
        (
            date(2022, 12, 15),
            date(2024, 3, 14),
            {"period_start": "trong khoảng 01/10/2023 – 31/03/2025"},
        ),
        (
            date(2023, 12, 15),
            date(2025, 6, 14),
            {"period_end": "trong khoảng 01/10/2023 – 31/03/2025"},
        ),
    ],
)
def test_dates_out_of_range_or_reversed_are_refused_with_a_message(db, start, end, errors):
    report = Report(
        office=Office.objects.get(slug="thua-thien-hue"),
        year=2024,
        period="quarter-1",
        period_start=start,
        period_end=end,
    )
    with pytest.raises(ValidationError) as refused:
        report.clean()
    found = refused.value.message_dict
    assert sorted(found) == sorted(errors)
    for field, words in errors.items():
        assert words in found[field][0]


def test_a_province_may_use_its_own_dates(db):
    report = Report(
        office=Office.objects.get(slug="thua-thien-hue"),
        year=2024,
        period="quarter-1",
        period_start=date(2023, 12, 1),
        period_end=date(2024, 2, 29),
    )
    report.clean()
    report.save()
    assert (report.period_start, report.period_end) == (date(2023, 12, 1), date(2024, 2, 29))


def test_last_year_is_the_same_period(db):
    hue = Office.objects.get(slug="thua-thien-hue")
    year_2022 = Report.objects.create(office=hue, year=2022)
    quarter_2022 = Report.objects.create(office=hue, year=2022, period="quarter-1")
    quarter_2023 = Report.objects.create(office=hue, year=2023, period="quarter-1")
    assert quarter_2023.previous() == quarter_2022
    assert Report.objects.create(office=hue, year=2023).previous() == year_2022


def test_a_part_of_the_year_has_its_own_pages(client, staff, hue_report):
    quarter = Report.objects.create(office=hue_report.office, year=2022, period="quarter-1")
    client.force_login(staff)
    match = resolve("/reports/thua-thien-hue/2022/quarter-1/history/")
    assert (match.url_name, match.kwargs["period"]) == ("history", "quarter-1")
    page = client.get(quarter.url())
    assert page.status_code == 200 and page.context["report"] == quarter
    assert client.get(hue_report.url()).context["report"] == hue_report
    assert client.get("/reports/thua-thien-hue/2022/quarter-5/").status_code == 404
    assert client.get("/reports/thua-thien-hue/2022/quarter-2/").status_code == 404


def test_staff_start_a_quarter_report(client, staff, hue_report):
    client.force_login(staff)
    url = reverse(
        "reports:create", kwargs={"slug": "thua-thien-hue", "year": 2023, "period": "quarter-1"}
    )
    response = client.post(url, follow=True)
    assert response.redirect_chain == [("/reports/thua-thien-hue/2023/quarter-1/edit/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["Đã tạo báo cáo quý I năm 2023."]
    report = Report.objects.get(office__slug="thua-thien-hue", year=2023, period="quarter-1")
    assert (report.period_start, report.period_end) == (date(2022, 12, 15), date(2023, 3, 14))
    assert report.status == "draft" and report.figures.count() == 0
    # The yearly report of 2023 is not there: only the quarter was created.
    assert not Report.objects.filter(office__slug="thua-thien-hue", year=2023, period="year")


def test_another_offices_part_of_the_year_is_not_found(client, outsider, hue_report):
    quarter = Report.objects.create(office=hue_report.office, year=2022, period="quarter-1")
    client.force_login(outsider)
    assert client.get(quarter.url()).status_code == 404
    assert client.get(quarter.url("edit")).status_code == 404
