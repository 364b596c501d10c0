"""Who has reported for a year: every office the user may see, its status, last change."""

import time_machine
from django.urls import reverse

from officereports.reports.models import Report


def test_staff_see_their_own_office_and_may_start_its_report(client, staff, seed_reports):
    client.force_login(staff)
    response = client.get(reverse("reports:completeness") + "?year=2023")
    [row] = response.context["rows"]
    assert (row["name"], row["status_label"], row["may_create"]) == (
        "Văn phòng UBND tỉnh Thừa Thiên Huế",
        "Chưa bắt đầu",
        True,
    )
    assert "Tạo báo cáo năm 2023" in response.text


def test_a_leader_sees_every_office_expected_that_year(client, leader, seed_reports, chief):
    Report.objects.filter(office__slug="thua-thien-hue").update(updated_by=chief)
    client.force_login(leader)
    response = client.get(reverse("reports:completeness") + "?year=2022")
    rows = response.context["rows"]
    assert len(rows) == 63  # the 63 provincial units of 2022
    hue = next(r for r in rows if r["office"].slug == "thua-thien-hue")
    assert (hue["status_label"], hue["may_create"], hue["may_open"]) == ("Đã duyệt", False, False)
    assert dict(response.context["counts"]) == {
        "Chưa bắt đầu": 62,
        "Đang soạn": 0,
        "Chờ duyệt": 0,
        "Bị trả lại": 0,
        "Đã duyệt": 1,
    }
    assert "chief" in response.text
    # After the merger of 01/07/2025 only 34 units are expected.
    response = client.get(reverse("reports:completeness") + "?year=2026")
    assert len(response.context["rows"]) == 34


@time_machine.travel("2024-01-10 09:00 +0700")
def test_the_year_defaults_to_this_year(client, staff, seed_reports):
    client.force_login(staff)
    for query in ("", "?year=abc", "?year=99999"):
        response = client.get(reverse("reports:completeness") + query)
        assert response.context["year"] == 2024


def test_the_page_runs_a_fixed_number_of_queries(
    client, leader, seed_reports, django_assert_num_queries
):
    client.force_login(leader)
    url = reverse("reports:completeness") + "?year=2022"
    client.get(url)
    # The session, the user, their memberships, reports of the year, offices with their
    # units, former names.
    with django_assert_num_queries(6):
        client.get(url)
