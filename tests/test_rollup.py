"""The roll-up page /reports/year/<year>/: counts summed over the offices a user may see, rates
recomputed from the sums (never averaged), and how many offices reported each figure."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from officereports.reports.models import Office, Report
from tests.test_summary import add_figures


def url(year):
    return reverse("reports:rollup", args=[year])


def rows_by(table, key):
    return {row[key]: row for row in table.data}


@pytest.fixture
def khanh_hoa_2022(khanh_hoa, hue_report):
    """A second office for 2022, beside Huế's seed report."""
    report = Report.objects.create(office=khanh_hoa, year=2022, status=Report.Status.SUBMITTED)
    add_figures(
        report,
        {
            "documents.incoming": {"value": 52900, "qualifier": "hon"},
            "advisory.program_planned": 10,
            "advisory.program_passed": 9,
            "dossiers.received": 1000,
            "dossiers.resolved": 990,
        },
    )
    add_figures(hue_report, {"documents.incoming": 1000})
    return report


def test_it_requires_login(client, db):
    response = client.get(url(2022))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/reports/year/2022/"


def test_it_recomputes_rates_from_summed_counts(client, leader, khanh_hoa_2022):
    client.force_login(leader)
    # Khánh Hòa's report awaits approval: counted only with the switch, and marked "†".
    response = client.get(url(2022), {"include": "all"})
    rates = rows_by(response.context["rates_table"], "name")

    # (81.948 + 990) / (83.408 + 1.000) = 82.938 / 84.408 = 98,258…% -> 98,3%
    # (averaging 98,2% and 99% would give 98,6%).
    resolved = rates["Tỷ lệ hồ sơ đã giải quyết"]
    assert (resolved["value"], resolved["numerator"], resolved["denominator"]) == (
        Decimal("98.3"),
        82938,
        84408,
    )
    assert (resolved["offices"], resolved["of"]) == (2, 2)
    # (159 + 9) / (206 + 10) = 168 / 216 = 77,777…% -> 77,78% (not the mean 83,59%).
    program = rates["Tỷ lệ hoàn thành chương trình công tác"]
    assert (program["value"], program["numerator"], program["denominator"]) == (
        Decimal("77.78"),
        168,
        216,
    )
    # Only Huế reported petitions: 728 / 754, one office of two.
    eligible = rates["Tỷ lệ đơn đủ điều kiện xử lý"]
    assert (eligible["value"], eligible["offices"]) == (Decimal("96.55"), 1)
    # Huế's key tasks are only a stated 100%: no counts, nothing to roll up.
    assert "Tỷ lệ nhiệm vụ trọng tâm được đôn đốc, theo dõi" not in rates

    page = " ".join(re.sub(r"<[^>]+>", " ", response.text).split())
    assert "Tỷ lệ hồ sơ đã giải quyết 98,3%† 82.938/84.408 số hồ sơ tiếp nhận 2/2" in page
    assert "Tỷ lệ hoàn thành chương trình công tác 77,78%† 168/216" in page


def test_it_sums_counts_with_their_qualifiers_and_counts_the_offices(
    client, leader, khanh_hoa_2022
):
    client.force_login(leader)
    response = client.get(url(2022), {"include": "all"})
    figures = rows_by(response.context["figures_table"], "indicator")
    incoming = figures["Văn bản đến (tiếp nhận)"]
    assert (incoming["total"], incoming["qualifier"], incoming["offices"]) == (53900, "hon", 2)
    assert figures["Đơn thư tiếp nhận"]["total"] == 754
    assert figures["Đơn thư tiếp nhận"]["offices"] == 1

    page = " ".join(re.sub(r"<[^>]+>", " ", response.text).split())
    # "hơn 52.900" + 1.000 is "hơn 53.900".
    assert "Văn bản đến (tiếp nhận) văn bản hơn 53.900† 2/2" in page
    assert "Đơn thư tiếp nhận đơn 754 1/2" in page
    assert "Hồ sơ tiếp nhận hồ sơ 84.408† 2/2" in page
    # 63 provincial units existed in 2022; two have a report.
    assert "Có báo cáo: 2/63 văn phòng bạn được xem." in page
    assert "Văn phòng UBND tỉnh Khánh Hòa (Chờ duyệt)" in page


def test_a_user_sees_only_the_offices_they_may_see(client, staff, khanh_hoa_2022):
    client.force_login(staff)
    response = client.get(url(2022))
    assert [r.office.slug for r in response.context["reports"]] == ["thua-thien-hue"]
    figures = rows_by(response.context["figures_table"], "indicator")
    assert figures["Hồ sơ tiếp nhận"]["total"] == 83408
    assert "Khánh Hòa" not in response.text
    assert "Có báo cáo: 1/1 văn phòng bạn được xem." in response.text


def test_a_year_without_reports_says_so(client, staff, hue_report):
    client.force_login(staff)
    response = client.get(url(2019))
    assert response.status_code == 200
    assert "Chưa có báo cáo nào của năm này trong các văn phòng bạn được xem." in response.text


def test_the_query_count_does_not_grow_with_offices_or_figures(
    client, leader, khanh_hoa_2022, django_assert_num_queries
):
    client.force_login(leader)
    # 1-3 the session, the user, their memberships, 4 reports, 5 their figures,
    # 6 former names of their units, 7-9 catalogue (indicators, rates, checks), 10 offices
    # expected in the year.
    with django_assert_num_queries(10):
        client.get(url(2022))
    for office in Office.objects.exclude(slug__in=["khanh-hoa", "thua-thien-hue"])[:10]:
        report = Report.objects.create(office=office, year=2022)
        add_figures(report, {"dossiers.received": 10, "dossiers.resolved": 9})
    with django_assert_num_queries(10):
        response = client.get(url(2022))
    assert len(response.context["reports"]) == 12
