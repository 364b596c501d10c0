"""The trend charts never join different offices as one series: a few offices are each a
line; more are summed only over those that reported in every year shown, and the chart says
how many they are. Both ways of reading the data (summed by the database, or from every
report) give the same series."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db.models import Count

from bench.data import generate
from officereports.reports import charts
from officereports.reports import dashboard as board
from officereports.reports.models import Figure, Office, Report
from tests.test_dashboard import _report

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _offices(*slugs):
    return [Office.objects.select_related("unit").get(slug=s) for s in slugs]


def _trends(offices, catalog, name):
    """The trend as the page reads it (database sums) and from every report: the same."""
    summed = board.trend(board.gather(offices, catalog, every_figure=False), name)
    assert summed == board.trend(board.gather(offices, catalog), name)
    return summed


def _png(trend, name):
    """The chart as a picture, to look at (test-artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    charts.trend_figure(trend).savefig(ARTIFACTS / f"{name}.png", dpi=110)


def test_two_offices_in_different_years_are_two_lines(seed_reports, catalog):
    """Khánh Hòa reported 2020, Huế 2022: never one series running from one to the other."""
    offices = _offices("khanh-hoa", "thua-thien-hue")
    trend = _trends(offices, catalog, "dossiers")
    _png(trend, "trend-seed-dossiers")
    assert (trend.kind, trend.years, trend.rate) == ("line", [2020, 2021, 2022], None)
    assert [(s.heading, s.values) for s in trend.counts] == [
        # Khánh Hòa has no resolved count and neither office an on-time rate: no line.
        ("Hồ sơ tiếp nhận – Khánh Hòa", [600, None, None]),
        ("Hồ sơ tiếp nhận – Thừa Thiên Huế", [None, None, 83_408]),
        ("Hồ sơ đã giải quyết – Thừa Thiên Huế", [None, None, 81_948]),
    ]
    assert trend.counts[0].qualifiers[0] == "hon"
    assert trend.note == "Mỗi văn phòng một đường; năm không có số liệu để trống."
    svg = charts.trend_svg(trend, board.describe(trend)).decode()
    assert 'id="line-dossiers.received-khanh-hoa"' in svg
    assert 'id="line-dossiers.received-thua-thien-hue"' in svg
    assert 'id="line-dossiers.received"' not in svg
    assert board.trend_rows(trend) == [
        (2020, ["hơn 600", None, None]),
        (2021, [None, None, None]),
        (2022, [None, "83.408", "81.948"]),
    ]


def test_one_office_alone_keeps_its_bars_and_gaps(seed_reports, catalog):
    trend = _trends(_offices("khanh-hoa"), catalog, "dossiers")
    assert trend.kind == "bar" and trend.note == ""
    assert [(s.heading, s.values) for s in trend.counts] == [
        ("Hồ sơ tiếp nhận", [600]),
        ("Hồ sơ đã giải quyết", [None]),
    ]


@pytest.fixture
def four_offices(db):
    """Huế, Khánh Hòa and Hà Nội reported 2021–2023; Đà Nẵng 2023 only; Huế's 2022 incoming
    documents are "hơn 12.000"."""
    hue, khanh_hoa, ha_noi, da_nang = _offices("thua-thien-hue", "khanh-hoa", "ha-noi", "da-nang")
    for year, (a, b, c) in {
        2021: (10_000, 5_000, 30_000),
        2022: ((12_000, "hon"), 5_500, 31_000),
        2023: (13_000, 6_000, 32_000),
    }.items():
        terms = {"dossiers__received": 1_000, "dossiers__resolved": 900}
        _report(hue, year, documents__incoming=a, **terms)
        _report(khanh_hoa, year, documents__incoming=b)
        _report(ha_noi, year, documents__incoming=c, **terms)
    _report(da_nang, 2023, documents__incoming=90_000, dossiers__received=500)
    return [hue, khanh_hoa, ha_noi, da_nang]


def test_many_offices_sum_only_those_in_every_year(four_offices, catalog):
    trend = _trends(four_offices, catalog, "documents")
    _png(trend, "trend-panel-documents")
    (incoming,) = [s for s in trend.counts if s.code == "documents.incoming"]
    # Đà Nẵng's 90.000 of 2023 would make a jump no office made: left out, and said so.
    assert incoming.values == [45_000, 48_500, 51_000]
    assert incoming.qualifiers == ["exact", "hon", "exact"]
    assert incoming.offices == 3
    assert trend.note == (
        "3 văn phòng có số liệu cả 3 năm (không tính 1 văn phòng thiếu số liệu ở một số năm)."
    )
    svg = charts.trend_svg(trend, board.describe(trend)).decode()
    assert 'id="line-documents.incoming"' in svg
    assert "3 văn phòng có số liệu cả 3 năm" in svg  # in the description


def test_each_series_says_how_many_offices_when_they_differ(four_offices, catalog):
    trend = _trends(four_offices, catalog, "dossiers")
    _png(trend, "trend-panel-dossiers")
    assert [(s.code, s.values, s.offices) for s in trend.series] == [
        ("dossiers.received", [2_000, 2_000, 2_000], 2),
        ("dossiers.resolved", [1_800, 1_800, 1_800], 2),
        ("rate.dossiers_on_time", [None, None, None], 0),
    ]
    assert trend.note == (
        "Hồ sơ tiếp nhận: 2 văn phòng có số liệu cả 3 năm (không tính 1 văn phòng thiếu số "
        "liệu ở một số năm); Hồ sơ đã giải quyết: 2 văn phòng có số liệu cả 3 năm."
    )


def test_the_page_says_which_offices_a_trend_covers(client, leader, four_offices):
    client.force_login(leader)
    response = client.get("/dashboard/")
    notes = re.findall(r'<p class="detail trend-offices">([^<]*)</p>', response.text)
    assert notes[0] == (
        "3 văn phòng có số liệu cả 3 năm (không tính 1 văn phòng thiếu số liệu ở một số năm)."
    )
    # The petitions chart has no figure at all: it says "chưa có số liệu", no note.
    assert len(notes) == 2


def test_at_national_scale_the_note_counts_the_offices_in_every_year(catalog):
    """34 offices over 10 years, some years missing, some reports drafts: the documents
    chart sums the offices with an approved count in each of the 10 years, and says how many
    (counted here straight from the figures)."""
    generate(34, list(range(2016, 2026)))
    offices = list(Office.objects.select_related("unit"))
    snapshot = board.gather(offices, catalog, every_figure=False)
    trend = board.trend(snapshot, "documents")
    for name in board.TRENDS:
        _png(board.trend(snapshot, name), f"trend-34x10-{name}")
    q = Figure.objects.filter(
        report__status=Report.Status.APPROVED,
        indicator__code="documents.incoming",
        value__isnull=False,
    )
    years = q.values("report__office").annotate(n=Count("report__year", distinct=True))
    every = {row["report__office"] for row in years if row["n"] == 10}
    incoming = trend.counts[0]
    assert incoming.offices == len(every) > 0
    left_out = len(years) - len(every)
    assert (
        f"{len(every)} văn phòng có số liệu cả 10 năm (không tính {left_out} văn phòng thiếu số "
        "liệu ở một số năm)"
    ) in trend.note
    total_2016 = sum(
        q.filter(report__year=2016, report__office__in=every).values_list("value", flat=True)
    )
    assert incoming.values[0] == total_2016
