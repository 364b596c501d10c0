"""Pure pieces of the dashboard: wording of sums and changes, cache keys, the data version."""

from decimal import Decimal

import pytest

from officereports.reports import dashboard as board
from officereports.reports import vietnamese
from officereports.reports.models import Figure, Indicator, RateDefinition


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
    assert board.combined_qualifier(qualifiers) == expected


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


def test_the_data_version_moves_with_figures_reports_and_the_catalogue(hue_report):
    versions = [board.data_version()]
    figure = Figure.objects.get(report=hue_report, indicator__code="dossiers.resolved")
    figure.value = 81_949
    figure.save()
    versions.append(board.data_version())
    hue_report.status = "returned"
    hue_report.save()
    versions.append(board.data_version())
    indicator = Indicator.objects.get(code="dossiers.resolved")
    indicator.name = "Hồ sơ đã giải quyết xong"
    indicator.save()
    versions.append(board.data_version())
    RateDefinition.objects.filter(code="rate.gov_tasks_done").delete()
    versions.append(board.data_version())
    figure.delete()
    versions.append(board.data_version())
    assert len(set(versions)) == len(versions)
    # Reading changes nothing.
    assert board.data_version() == versions[-1]


def test_missing_values_sort_below_every_number():
    cells = [board.Cell("x", 5), board.Cell("x", None), board.Cell("x", 0)]
    assert [c.value for c in sorted(cells, key=lambda c: c.sort)] == [None, 0, 5]
