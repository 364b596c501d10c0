"""Pure pieces of the dashboard: wording of sums and changes, cache keys, the data version."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count

from bench.data import generate
from officereports.reports import dashboard as board
from officereports.reports import totals, vietnamese
from officereports.reports.figures import combine_qualifiers
from officereports.reports.models import (
    Figure,
    Office,
    Qualifier,
    Report,
)


@pytest.mark.parametrize(
    ("qualifiers", "expected"),
    [
        (["exact", "exact"], "exact"),
        (["hon", "exact"], "hon"),
        (["hon", "tren"], "hon"),
        (["gan", "gan", "exact"], "gan"),
        (["gan", "hon"], "khoang"),
        (["khoang", "exact"], "khoang"),
        ([], "exact"),
    ],
)
def test_the_wording_of_a_sum(qualifiers, expected):
    assert combine_qualifiers(qualifiers) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (Decimal("2.1"), "tăng 2,1 điểm phần trăm so với năm 2021"),
        (Decimal("-5.0"), "giảm 5 điểm phần trăm so với năm 2021"),
        (Decimal("-0.02"), "giảm 0,02 điểm phần trăm so với năm 2021"),
        (Decimal("0.00"), "không đổi so với năm 2021"),
    ],
)
def test_a_change_of_a_rate_is_in_points(delta, expected):
    assert vietnamese.points(delta, 2021) == expected


def test_a_change_of_a_count_carries_its_sign():
    assert [vietnamese.signed(n) for n in (1_500, -500, 0)] == ["+1.500", "-500", "0"]


def test_cache_keys_change_with_every_part():
    key = board.cache_key("page", "v1", [2, 1], [("year", ["2022"])])
    assert key == board.cache_key("page", "v1", [1, 2], [("year", ["2022"])])
    assert key != board.cache_key("page", "v2", [1, 2], [("year", ["2022"])])
    assert key != board.cache_key("page", "v1", [1], [("year", ["2022"])])
    assert key != board.cache_key("page", "v1", [1, 2], [("year", ["2021"])])
    assert key != board.cache_key("chart", "v1", [1, 2], [("year", ["2022"])])


def test_missing_values_sort_below_every_number():
    cells = [board.Cell("x", 5), board.Cell("x", None), board.Cell("x", 0)]
    assert [c.value for c in sorted(cells, key=lambda c: c.sort)] == [None, 0, 5]


# ---------------------------------------------------------------------------
# Cheap cache keys: what the dashboard reads on every request does not grow with the data


@pytest.mark.parametrize("persona", ["staff", "chief", "outsider", "leader", "admin_user"])
def test_visible_ids_are_the_offices_visible_to_the_user(db, request, persona):
    user = request.getfixturevalue(persona)
    ids = Office.objects.visible_ids(user)
    visible = sorted(Office.objects.visible_to(user).values_list("id", flat=True))
    if ids is None:  # every office
        assert visible == sorted(Office.objects.values_list("id", flat=True))
    else:
        assert ids == visible


def test_an_anonymous_user_sees_no_office(db):
    assert Office.objects.visible_ids(AnonymousUser()) == []


def test_the_attention_list_writes_the_largest_falls_of_many_offices(catalog):
    generate(40, list(range(2016, 2026)))
    offices = list(Office.objects.select_related("unit"))
    snapshot = board.gather(offices, catalog)
    year = snapshot.latest_year()
    # Every fall, written out for every office, then ranked: what the list must begin with.
    falls = []
    for office in offices:
        for code, _good in board.KPIS:
            found = board.change(snapshot, code, year, office_ids=[office.id])
            if found is not None and found.direction == "down":
                is_rate = code in catalog.rates
                size = -found.delta if is_rate else -found.percent
                falls.append((is_rate, size, snapshot.office_name(office.id, year), code))
    falls.sort(key=lambda f: -f[1])
    attention = board.attention(snapshot, year)
    for is_rate, written in ((False, attention.count_drops), (True, attention.rate_drops)):
        expected = [f for f in falls if f[0] == is_rate][: board.ATTENTION_SHOWN]
        assert len(written) == len(expected) == board.ATTENTION_SHOWN
        for (_is_rate, _size, office, code), sentence in zip(expected, written, strict=True):
            assert sentence.startswith(f"{snapshot.label(code)} của {office} giảm ")


def test_the_yearly_totals_the_database_sums_are_those_of_the_reports(catalog):
    """The trend charts' totals are one GROUP BY over the reports' totals (`yearly_totals`);
    they are exactly those `total` computes from every report, qualifiers and missing terms
    included."""
    generate(30, list(range(2019, 2026)))
    # Terms missing or not exact: such reports are left out of a rate, and counts say "hơn".
    # Of offices with an approved report every year: the trend charts sum only those.
    approved = Report.objects.filter(status=Report.Status.APPROVED)
    every_year = approved.values("office").annotate(n=Count("id")).filter(n=7).values("office")
    first, second = approved.filter(year=2023, office__in=every_year).order_by("id")[:2]
    Figure.objects.filter(report=first, indicator__code="dossiers.resolved_on_time").update(
        value=None
    )
    resolved = Figure.objects.filter(indicator__code="dossiers.resolved", report=second)
    assert resolved.update(qualifier=Qualifier.HON) == 1
    for report in (first, second):  # written behind the write paths: totals by hand
        totals.refresh(report)
    offices = list(Office.objects.select_related("unit"))
    everything = board.gather(offices, catalog)
    for every_office in (True, False):
        snapshot = board.gather(offices, catalog, every_figure=False, every_office=every_office)
        assert snapshot.years == everything.years == list(range(2019, 2026))
        detail = {key: entry for key, entry in everything.entries.items() if key[1] >= 2024}
        assert snapshot.entries == detail
        for name in board.TRENDS:
            assert board.trend(snapshot, name) == board.trend(everything, name)
    for found in snapshot.yearly.values():
        if found.value is not None:
            assert type(found.value) is (Decimal if found.is_rate else int)
    on_time = board.trend(everything, "dossiers")
    assert on_time.counts[1].qualifiers[2023 - 2019] == Qualifier.HON
    assert all(value is not None for value in on_time.rate.values)
    # A scope of a few offices: their totals only.
    some = offices[:3]
    snapshot = board.gather(some, catalog, every_figure=False)
    for name in board.TRENDS:
        assert board.trend(snapshot, name) == board.trend(board.gather(some, catalog), name)
