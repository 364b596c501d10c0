"""Time the Excel workbooks through the whole Django stack.

    .venv/bin/python bench/bench_excel.py            # a fresh SQLite file in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_excel.py

Builds 34 offices × 10 years of reports with every figure, then requests, as a leader, the
conference workbook of one report, the leadership workbook for a year (34 offices, plus the
340 office-years on its second sheet) and one office × 10 years. Each timing is the median
of several requests through Django's test client (middleware, view, queries, openpyxl),
reported beside the login page as the minimal Django view of the same run. Targets: the
conference workbook under 200 ms, the leadership workbook under 3 s.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "officereports.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from officereports.reports import catalog as catalog_module  # noqa: E402
from officereports.reports.models import (  # noqa: E402
    Attendee,
    Directive,
    Figure,
    Membership,
    Office,
    Report,
    Role,
)

YEARS = range(2017, 2027)  # 2026: after the merger, 34 offices are expected
OFFICES = 34


def build():
    call_command("migrate", verbosity=0)
    if Report.objects.exists():
        return
    catalog = catalog_module.load()
    offices = list(Office.objects.filter(unit__ended__isnull=True).select_related("unit"))
    assert len(offices) == OFFICES, len(offices)
    for n, office in enumerate(offices):
        for year in YEARS:
            report = Report.objects.create(office=office, year=year, status="approved")
            base = 1000 + 37 * n + 11 * (year - YEARS[0])
            Figure.objects.bulk_create(
                Figure(report=report, indicator=indicator, value=base + 3 * i)
                for i, indicator in enumerate(catalog.indicators.values())
            )
            Attendee.objects.create(report=report, name="Nguyễn Văn A", title="Chủ tịch UBND")
            Directive.objects.create(report=report, speaker="Nguyễn Văn A", content="x " * 200)
    leader = User.objects.create_user("bench-leader", password="bench")
    Membership.objects.create(user=leader, office=None, role=Role.LEADER)


def timed(client, url, runs):
    client.get(url)  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(response.content)


def main():
    settings.ALLOWED_HOSTS = ["testserver"]
    build()
    client = Client()
    client.force_login(User.objects.get(username="bench-leader"))
    office = Office.objects.filter(unit__ended__isnull=True).order_by("slug").first()
    year = YEARS[-1]
    cases = [
        ("minimal view (login page)", reverse("login"), 50, None),
        (
            "conference workbook, one report",
            reverse("reports:workbook", args=[office.slug, year]),
            30,
            0.200,
        ),
        (
            f"leadership workbook, {OFFICES} offices × {len(YEARS)} years",
            reverse("reports:offices_workbook") + f"?year={year}",
            5,
            3.0,
        ),
        (
            f"one office × {len(YEARS)} years",
            reverse("reports:years_workbook", args=[office.slug]),
            10,
            None,
        ),
    ]
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    baseline = None
    failed = False
    for label, url, runs, target in cases:
        seconds, size = timed(client, url, runs)
        baseline = baseline or seconds
        verdict = ""
        if target is not None:
            ok = seconds < target
            failed |= not ok
            verdict = f"  target < {target * 1000:.0f} ms: {'ok' if ok else 'TOO SLOW'}"
        print(
            f"{label:<45} {seconds * 1000:8.1f} ms  ×{seconds / baseline:6.1f} of minimal"
            f"  {size / 1024:7.1f} KB{verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
