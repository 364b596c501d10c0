import json

from django.core.management.base import BaseCommand

from officereports.reports.interchange import export_reports
from officereports.reports.models import Report


class Command(BaseCommand):
    help = "Xuất báo cáo ra JSON (kèm các tỷ lệ tính được) ra màn hình hoặc tệp."

    def add_arguments(self, parser):
        parser.add_argument("--office", help="mã văn phòng, ví dụ khanh-hoa")
        parser.add_argument("--year", type=int, help="năm báo cáo")
        parser.add_argument("--period", help="kỳ báo cáo, ví dụ quarter-1 (mặc định: mọi kỳ)")
        parser.add_argument("--output", "-o", help="tệp đích (mặc định: màn hình)")

    def handle(self, *args, office=None, year=None, period=None, output=None, **options):
        q = Report.objects.all()
        if office:
            q = q.filter(office__slug=office)
        if year:
            q = q.filter(year=year)
        if period:
            q = q.filter(period=period)
        text = json.dumps(export_reports(q), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text)
        else:
            self.stdout.write(text, ending="")
