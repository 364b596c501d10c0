"""Rewrite every report's totals from its figures (after data loaded in bulk, or a change
of the rate definitions)."""

from django.core.management.base import BaseCommand

from officereports.reports import totals
from officereports.reports.models import ReportTotal


class Command(BaseCommand):
    help = "Rewrite every report's totals (ReportTotal) from its figures."

    def handle(self, *args, **options):
        totals.rebuild()
        self.stdout.write(f"{ReportTotal.objects.count()} totals written.")
