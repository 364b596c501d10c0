"""One rule words a sum of counts (figures.combine_qualifiers), and every page that sums
counts over offices uses it: the dashboard and the year roll-up agree."""

import re

import pytest
from django.urls import reverse

from officereports.reports.figures import combine_qualifiers
from officereports.reports.models import Report
from tests.test_summary import add_figures


@pytest.mark.parametrize(
    ("qualifiers", "expected"),
    [
        ([], "exact"),
        (["exact", "", None], "exact"),
        (["tren", "exact"], "tren"),
        (["hon", "tren"], "hon"),
        (["tren", "tren", "hon", "exact"], "hon"),
        (["gan", "exact"], "gan"),
        (["gan", "tren"], "khoang"),
        (["khoang", "hon"], "khoang"),
    ],
)
def test_the_wording_of_a_sum_without_a_database(qualifiers, expected):
    assert combine_qualifiers(qualifiers) == expected


def test_hon_and_tren_sum_to_hon_on_the_roll_up_and_the_dashboard(
    client, leader, khanh_hoa, hue_report
):
    """ "hơn 52.900" + "trên 1.000" is "hơn 53.900" on both pages (the roll-up said
    "khoảng 53.900" while the dashboard said "hơn 53.900")."""
    other = Report.objects.create(office=khanh_hoa, year=2022, status=Report.Status.APPROVED)
    add_figures(other, {"documents.incoming": {"value": 52900, "qualifier": "hon"}})
    add_figures(hue_report, {"documents.incoming": {"value": 1000, "qualifier": "tren"}})
    client.force_login(leader)

    rollup = client.get(reverse("reports:rollup", args=[2022]))
    rows = {row["indicator"]: row for row in rollup.context["figures_table"].data}
    incoming = rows["Văn bản đến (tiếp nhận)"]
    assert (incoming["total"], incoming["qualifier"], incoming["offices"]) == (53900, "hon", 2)
    page = " ".join(re.sub(r"<[^>]+>", " ", rollup.text).split())
    assert "Văn bản đến (tiếp nhận) văn bản hơn 53.900 2/2" in page

    dashboard = client.get(reverse("reports:dashboard"), {"year": 2022})
    kpis = {kpi.code: kpi for kpi in dashboard.context["kpis"]}
    total = kpis["documents.incoming"].total
    assert (total.value, total.qualifier, total.reported) == (53900, "hon", 2)
