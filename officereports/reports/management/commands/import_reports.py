import json

from django.core.management.base import BaseCommand, CommandError

from officereports.reports.interchange import ImportRefused, import_reports, parse_int


class Command(BaseCommand):
    help = "Nhập báo cáo từ tệp JSON. Có lỗi thì không ghi gì."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp JSON theo định dạng officereports/1")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as f:
                data = json.load(f, parse_int=parse_int)
        except OSError as e:
            raise CommandError(f"Không đọc được tệp {file}: {e.strerror}") from e
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise CommandError(f"Tệp {file} không phải JSON hợp lệ: {e}") from e
        except RecursionError:
            raise CommandError(
                f"Tệp {file} không phải JSON hợp lệ: dữ liệu lồng nhau quá sâu."
            ) from None
        try:
            reports = import_reports(data)
        except ImportRefused as e:
            raise CommandError(
                "Không nhập gì vì tệp có lỗi:\n" + "\n".join(f"- {p}" for p in e.problems)
            ) from e
        for report in reports:
            self.stdout.write(f"Đã nhập {report.office.slug}/{report.year}")
