"""The offices table of the dashboard: its columns come from `dashboard.KPIS`, its links from
the URL configuration (reverse()), so a site mounted under a prefix links within itself."""

import pytest
from django.core.cache import cache
from django.urls import set_script_prefix

from officereports.reports import dashboard as board
from officereports.reports.tables import DashboardTable

URL = "/dashboard/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _columns(table):
    return [(column.name, str(column.header)) for column in table.columns]


def test_the_table_has_a_column_per_headline_figure_in_kpis_order():
    assert _columns(DashboardTable([])) == [
        ("office", "Văn phòng"),
        ("status", "Báo cáo"),
        ("documents_incoming", "Văn bản đến"),
        ("documents_outgoing", "Văn bản đi"),
        ("rate_program_completion", "Hoàn thành chương trình công tác"),
        ("rate_legal_completion", "Hoàn thành văn bản QPPL"),
        ("petitions_received", "Đơn thư tiếp nhận"),
        ("rate_petitions_eligible", "Đơn đủ điều kiện"),
        ("dossiers_resolved", "Hồ sơ đã giải quyết"),
        ("rate_dossiers_on_time", "Hồ sơ trả đúng hạn"),
    ]


def test_kpis_decides_which_columns_there_are_and_their_order(monkeypatch):
    monkeypatch.setattr(board, "KPIS", [("rate.dossiers_on_time", 1), ("documents.incoming", 0)])
    assert _columns(DashboardTable([])) == [
        ("office", "Văn phòng"),
        ("status", "Báo cáo"),
        ("rate_dossiers_on_time", "Hồ sơ trả đúng hạn"),
        ("documents_incoming", "Văn bản đến"),
    ]


@pytest.fixture
def mounted():
    set_script_prefix("/vp/")
    yield
    set_script_prefix("/")


def test_the_links_are_reversed_under_the_site_prefix(mounted):
    assert str(board.report_url("thua-thien-hue", 2022)) == "/vp/reports/thua-thien-hue/2022/"
    assert str(board.history_url("thua-thien-hue", 2022, "documents.incoming")) == (
        "/vp/reports/thua-thien-hue/2022/history/?code=documents.incoming"
    )


def test_the_dashboard_of_a_site_under_a_prefix_links_within_it(
    client, leader, hue_report, mounted
):
    # Django's test client does not set the prefix from SCRIPT_NAME as a server does.
    client.force_login(leader)
    response = client.get(URL, {"year": 2022, "name": "Huế"})
    assert response.status_code == 200
    assert '<a href="/vp/reports/thua-thien-hue/2022/">' in response.text
    assert 'href="/vp/reports/thua-thien-hue/2022/history/?code=dossiers.resolved"' in (
        response.text
    )
    assert 'href="/reports/' not in response.text
