"""Benchmark: the dashboard against a minimal Django view, on PostgreSQL, in one run.

    createdb -h 127.0.0.1 -U postgres officereports_bench
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/officereports_bench \\
        .venv/bin/python bench/dashboard_bench.py

The database is migrated and its reports are REPLACED by 34 offices × 10 years of generated
figures (bench/data.py). The script then starts `manage.py runserver --noreload
--nothreading` on 127.0.0.1 (DEBUG off, persistent database connection) and measures, over
HTTP: the minimal view, the dashboard and a chart with warm caches (median of many
requests), and the first request after a figure changed: the dashboard page, then a chart
whose data the page already gathered ("first uncached chart"), and a chart gathering its
own data ("cold chart").
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/officereports_bench"
)
PORT = int(os.environ.get("BENCH_PORT", "8765"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "300"))
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key",
    "ALLOWED_HOSTS": "127.0.0.1",
    "CONN_MAX_AGE": "600",
}
os.environ.update(SERVER_ENV)
if not DATABASE_URL.startswith("postgres"):
    sys.exit("BENCH_DATABASE_URL must point to PostgreSQL")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.data import generate  # noqa: E402
from officereports.reports.models import Figure, Membership, Report, Role  # noqa: E402

YEARS = list(range(2016, 2026))
CHARTS = ["documents", "dossiers", "petitions", "comparison"]


def prepare():
    call_command("migrate", verbosity=0)
    Report.objects.all().delete()
    offices = generate(34, YEARS)
    leader, _ = User.objects.get_or_create(username="bench-leader")
    Membership.objects.get_or_create(user=leader, office=None, defaults={"role": Role.LEADER})
    client = Client()
    client.force_login(leader)
    return len(offices), client.cookies["sessionid"].value


def start_server():
    server = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            "--noreload",
            "--nothreading",
            f"127.0.0.1:{PORT}",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("the server did not start")


def get(path, session):
    """Milliseconds for one request on a fresh connection (as a browser's first request)."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT)
    start = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:200]!r}")
    return elapsed


def touch_a_figure():
    """Save one figure, as data entry would: the data version moves, every cache key too."""
    figure = Figure.objects.filter(report__year=YEARS[-1]).order_by("?").first()
    figure.value += 1
    figure.save()


def main():
    offices, session = prepare()
    server = start_server()
    try:
        chart = "/dashboard/charts/dossiers.svg"
        for _ in range(20):  # warm up: imports, templates, caches
            get("/bench/minimal/", session)
            get("/dashboard/", session)
            for name in CHARTS:
                get(f"/dashboard/charts/{name}.svg", session)
        minimal, page, charts = [], [], []
        for _ in range(ROUNDS):
            minimal.append(get("/bench/minimal/", session))
            page.append(get("/dashboard/", session))
            charts.append(get(chart, session))

        first_page, first_chart, cold_chart = [], [], []
        for round_ in range(8):
            name = CHARTS[round_ % len(CHARTS)]
            touch_a_figure()
            first_page.append(get("/dashboard/", session))
            first_chart.append(get(f"/dashboard/charts/{name}.svg", session))
            touch_a_figure()
            cold_chart.append(get(f"/dashboard/charts/{name}.svg", session))
    finally:
        server.terminate()
        server.wait()

    def median(values):
        return statistics.median(values)

    def p90(values):
        return statistics.quantiles(values, n=10)[-1]

    print(f"{offices} offices × {len(YEARS)} years, {Figure.objects.count()} figures, PostgreSQL")
    print(f"minimal view          median {median(minimal):7.2f} ms   p90 {p90(minimal):7.2f} ms")
    print(f"dashboard (cached)    median {median(page):7.2f} ms   p90 {p90(page):7.2f} ms")
    print(f"chart (cached)        median {median(charts):7.2f} ms   p90 {p90(charts):7.2f} ms")
    print(f"ratio dashboard / minimal (medians): {median(page) / median(minimal):.2f}")
    print(
        f"after a figure changed: dashboard page   median {median(first_page):7.1f} ms  max {max(first_page):7.1f} ms"
    )
    print(
        f"                        first uncached chart median {median(first_chart):7.1f} ms  max {max(first_chart):7.1f} ms"
    )
    print(
        f"                        cold chart (+data)   median {median(cold_chart):7.1f} ms  max {max(cold_chart):7.1f} ms"
    )


if __name__ == "__main__":
    main()
