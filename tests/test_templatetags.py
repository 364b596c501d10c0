"""Template filters write Vietnamese numbers and never print a missing figure as 0."""

from datetime import date
from decimal import Decimal

from django.template import Context, Template

from officereports.reports.models import Figure


def _render(text, **ctx):
    return Template("{% load vietnamese %}" + text).render(Context(ctx))


def test_numbers_and_percents():
    assert _render("{{ n|vn_number }}", n=83408) == "83.408"
    assert _render("{{ p|vn_percent }}", p=Decimal("98.2")) == "98,2%"
    assert _render("{{ d|vn_date }}", d=date(2020, 12, 29)) == "29/12/2020"


def test_missing_values_render_empty():
    assert (
        _render(
            "[{{ n|vn_number }}{{ p|vn_percent }}{{ d|vn_date }}{{ f|vn_figure }}]",
            n=None,
            p=None,
            d=None,
            f=None,
        )
        == "[]"
    )


def test_a_figure_carries_its_qualifier_or_rounded_wording():
    assert _render("{{ f|vn_figure }}", f=Figure(value=52900, qualifier="hon")) == "hơn 52.900"
    assert _render("{{ f|vn_figure }}", f=Figure(value=52937, round_in_text=True)) == "hơn 52.900"
    assert _render("{{ f|vn_figure }}", f=Figure(value=52937)) == "52.937"
    assert _render("{{ f|vn_figure }}", f=Figure(value=None, stated_percent=Decimal("100"))) == ""
