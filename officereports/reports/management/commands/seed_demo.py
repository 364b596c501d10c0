import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from officereports.reports.interchange import import_reports
from officereports.reports.models import Membership, Office, Report, Role

SEED_FILE = settings.BASE_DIR / "fixtures" / "seed_reports.json"

# Demo accounts only: never created by migrations, so a real deployment has none of them.
DEMO_PASSWORD = "demo-officereports"
DEMO_USERS = [
    # username, full name, role, office slug (None: every office), superuser
    ("cv.khanhhoa", "Chuyên viên Khánh Hòa", Role.STAFF, "khanh-hoa", False),
    ("chanh.khanhhoa", "Chánh Văn phòng Khánh Hòa", Role.CHIEF, "khanh-hoa", False),
    ("cv.hue", "Chuyên viên Huế", Role.STAFF, "thua-thien-hue", False),
    ("chanh.hue", "Chánh Văn phòng Huế", Role.CHIEF, "thua-thien-hue", False),
    ("lanhdao", "Lãnh đạo UBND", Role.LEADER, None, False),
    # Not named "Quản trị …": the header shows the name as a link beside its "Quản trị".
    ("quantri", "Cán bộ tin học", None, None, True),
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: hai báo cáo từ các bài báo và tài khoản thử cho từng vai trò."

    def handle(self, *args, **options):
        data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
        existing = set(Report.objects.values_list("office__slug", "year"))
        data["reports"] = [r for r in data["reports"] if (r["office"], r["year"]) not in existing]
        for report in import_reports(data):
            self.stdout.write(f"Đã nạp báo cáo {report}")

        User = get_user_model()
        self.stdout.write(f"\nTài khoản thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, full_name, role, slug, superuser in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.first_name = full_name
                user.is_superuser = user.is_staff = superuser
                user.set_password(DEMO_PASSWORD)
                user.save()
            if role:
                office = Office.objects.get(slug=slug) if slug else None
                Membership.objects.get_or_create(user=user, office=office, defaults={"role": role})
            what = (
                "quản trị hệ thống"
                if superuser
                else f"{Role(role).label}, {slug or 'mọi văn phòng'}"
            )
            self.stdout.write(f"  {username:16} {what}")
