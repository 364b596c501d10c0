"""Load the demo data set (reports/demo.py), or remove it with --remove."""

import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from officereports.reports import catalog as catalog_module
from officereports.reports import demo
from officereports.reports.interchange import ImportRefused
from officereports.reports.models import Office, Report


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu minh họa: báo cáo của nhiều văn phòng qua nhiều năm, đủ các trạng thái "
        "(--remove: xóa đúng các báo cáo minh họa)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Xóa mọi báo cáo minh họa cùng số liệu, số tổng hợp và nhật ký của chúng.",
        )

    def handle(self, *args, remove=False, **options):
        if remove:
            counts = demo.remove()
            self.stdout.write(
                f"Đã xóa {counts['reports']} báo cáo minh họa ({counts['figures']} số liệu, "
                f"{counts['totals']} số tổng hợp, {counts['audit']} dòng nhật ký)."
            )
            return
        started = time.perf_counter()
        offices = Office.objects.select_related("unit").prefetch_related("unit__former_names")
        try:
            reports = demo.load(catalog_module.load(), {o.slug: o for o in offices})
        except ImportRefused as e:
            # A check an administrator added to the catalogue that the demo figures fail.
            raise CommandError("Không nạp được dữ liệu minh họa:\n" + str(e)) from e
        seconds = time.perf_counter() - started
        if not reports:
            self.stdout.write("Dữ liệu minh họa đã có; không nạp thêm.")
            return
        statuses = Counter(
            Report.objects.filter(pk__in=[r.pk for r in reports]).values_list("status", flat=True)
        )
        labels = ", ".join(
            f"{statuses[status]} {label.lower()}"
            for status, label in Report.Status.choices
            if statuses[status]
        )
        offices_count = len({r.office_id for r in reports})
        self.stdout.write(
            f"Đã nạp {len(reports)} báo cáo minh họa của {offices_count} văn phòng "
            f"({labels}) trong {seconds:.1f} giây. Xóa: manage.py demo_data --remove"
        )
