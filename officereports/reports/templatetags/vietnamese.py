"""Template filters over vietnamese.py, so templates never format numbers themselves.

Every filter writes "" for a missing value: a figure not reported is never shown as 0.
"""

from django import template

from officereports.reports import vietnamese

register = template.Library()


@register.filter
def vn_number(value):
    """52900 -> "52.900"."""
    return "" if value is None or value == "" else vietnamese.number(int(value))


@register.filter
def vn_percent(value):
    """Decimal("77.18") -> "77,18%"."""
    return "" if value is None else vietnamese.percent(value)


@register.filter
def vn_figure(figure):
    """A Figure as written in text: "hơn 52.900", or the automatic rounded wording."""
    if figure is None or figure.value is None:
        return ""
    return vietnamese.figure_text(figure.value, figure.qualifier, figure.round_in_text)


@register.filter
def vn_date(value):
    """date -> "29/12/2020"."""
    return "" if value is None else vietnamese.short_date(value)
