"""{% report_url 'edit' report %}: a report's own page, for the yearly report and for a part
of the year alike (`Report.url`)."""

from django import template

register = template.Library()


@register.simple_tag
def report_url(name, report):
    return report.url(name)
