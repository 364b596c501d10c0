"""Leaders read approved reports: the dashboard, its charts, the year roll-up and the
leadership workbooks count approved reports unless the reader turns on the switch
(`?include=all`, "Gồm cả số liệu chưa duyệt"), and then every number a report not approved
yet is part of carries the mark "†", explained by a legend."""

import re
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from officereports.reports.interchange import import_reports
from officereports.reports.models import Figure, Indicator, Office, Report

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
