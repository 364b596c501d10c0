"""Exact or approximate, decided by one function (`rates.is_exact`) for every surface."""

import pytest

from officereports.reports import rates, vietnamese
from officereports.reports.models import Figure, Qualifier


@pytest.mark.parametrize(
    "qualifier, exact",
    [
        (Qualifier.EXACT, True),
        ("exact", True),
        ("", True),  # no word written: exact
        (None, True),
        (Qualifier.HON, False),
        (Qualifier.TREN, False),
        (Qualifier.GAN, False),
        (Qualifier.KHOANG, False),
    ],
)
def test_is_exact(qualifier, exact):
    assert rates.is_exact(qualifier) is exact


def test_a_figure_with_a_blank_qualifier_is_exact_as_the_dashboard_counts_it():
    assert Figure(value=52_937, qualifier="").is_exact is True
    assert Figure(value=52_937, qualifier=Qualifier.HON).is_exact is False
    assert Figure(value=None, qualifier=Qualifier.EXACT).is_exact is False


def test_a_blank_qualifier_reads_like_an_exact_count_in_the_article():
    assert vietnamese.figure_text(52_937, "", round_in_text=True) == "hơn 52.900"
    assert vietnamese.figure_text(52_937, Qualifier.EXACT, round_in_text=True) == "hơn 52.900"
    assert vietnamese.figure_text(52_900, Qualifier.GAN, round_in_text=True) == "gần 52.900"
