"""The benchmark: gunicorn on 127.0.0.1, PostgreSQL, three data sizes, a real HTTP client.

    createdb -h 127.0.0.1 -U postgres officereports_bench
    make bench                                   # = .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --sizes seed,34x10 --seconds 4

The database (`BENCH_DATABASE_URL`, default officereports_bench on 127.0.0.1) is migrated
and its reports are REPLACED. For each size it loads the data (`seed`: the two reports of
fixtures/seed_reports.json; `NxY`: N offices × the Y years up to 2025 with every indicator,
synthetic commune-level offices beyond the 63 real ones; bench/data.py), starts gunicorn
(DEBUG off, a fresh secret key, plain HTTP on loopback, persistent database connections)
and measures, over HTTP with keep-alive connections:

- each page, one request after another: median and p95 latency;
- the same with several concurrent clients for a few seconds: requests per second;
- the number of database queries of each request, counted in the server process
  (`connection.execute_wrapper`, bench/server.py) and sent back in a header;
- the ratio of each median to that of a minimal Django view rendering a small template
  (no database), requested after each of the page's requests in the same server run.

"Cold" requests follow a saved figure (the data version moves, so every cached page,
chart and data set is recomputed); "warm" ones repeat an unchanged request. Results are
kept per size in docs/benchmarks.json and written as a table to docs/benchmarks.md.
"""

import argparse
import http.client
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/officereports_bench"
YEARS_UP_TO = 2025


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="seed,34x10,3321x10", help="comma-separated: seed, NxY")
    p.add_argument("--port", type=int, default=int(os.getenv("BENCH_PORT", "8765")))
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    p.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    p.add_argument("--clients", type=int, default=4, help="concurrent clients for req/s")
    p.add_argument("--requests", type=int, default=300, help="most sequential requests a page")
    p.add_argument("--seconds", type=float, default=6, help="most seconds of them a page")
    p.add_argument("--load-seconds", type=float, default=4, help="seconds of concurrent load")
    p.add_argument("--cold", type=int, default=20, help="cold requests (after a change)")
    p.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    p.add_argument(
        "--report-only", action="store_true", help="rewrite the table from the stored results"
    )
    return p.parse_args(argv)


ARGS = parse_args()
DATABASE_URL = os.getenv("BENCH_DATABASE_URL", DEFAULT_DATABASE)
if not DATABASE_URL.startswith("postgres"):
    sys.exit("BENCH_DATABASE_URL must point to PostgreSQL")
# The server's environment; this process uses the same settings to load data and count queries.
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    # Plain HTTP on loopback: no redirect to HTTPS, no secure-only cookies, no HSTS.
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "HSTS_SECONDS": "0",
    "CONN_MAX_AGE": "600",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import data  # noqa: E402
from bench.server import QUERIES_HEADER  # noqa: E402
from officereports.reports.interchange import import_reports  # noqa: E402
from officereports.reports.models import (  # noqa: E402
    Figure,
    Membership,
    Office,
    Report,
    Role,
)

SEED_FILE = ROOT / "fixtures" / "seed_reports.json"


# ---------------------------------------------------------------------------
# Data


def reset():
    """No reports, no synthetic offices, no sessions: each size starts from the migrations."""
    with connection.cursor() as cursor:
        # Every table referring to a report (figures, conference rows, audit) goes with it.
        cursor.execute(f"TRUNCATE {Report._meta.db_table} CASCADE")
    data.remove_synthetic_offices()
    Session.objects.all().delete()


def load(size):
    """Load one size; returns a description of what was loaded."""
    if size == "seed":
        import_reports(json.loads(SEED_FILE.read_text(encoding="utf-8")))
        return "the two seed reports (Khánh Hòa 2020, Thừa Thiên Huế 2022)"
    offices, years = (int(n) for n in size.split("x"))
    data.ensure_offices(offices)
    data.generate(
        offices, list(range(YEARS_UP_TO - years + 1, YEARS_UP_TO + 1)), every_indicator=True
    )
    return f"{offices:,} offices × {years} years".replace(",", ".")


def prepare(size):
    """Load `size`, create the two readers, and pick the report the single-report pages show:
    the latest year of the first office (a draft, so the entry page is editable)."""
    started = time.perf_counter()
    _touchable.clear()
    reset()
    described = load(size)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"   reset and load {time.perf_counter() - started:.1f} s", flush=True)
    report = Report.objects.filter(office__slug="thua-thien-hue").order_by("-year").first()
    report = report or Report.objects.order_by("-year", "office__slug").first()
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
    leader, _ = User.objects.get_or_create(username="bench-leader")
    Membership.objects.get_or_create(user=leader, office=None, defaults={"role": Role.LEADER})
    staff, _ = User.objects.get_or_create(username="bench-staff")
    Membership.objects.filter(user=staff).delete()
    Membership.objects.create(user=staff, office=report.office, role=Role.STAFF)
    return {
        "described": described,
        "reports": Report.objects.count(),
        "figures": Figure.objects.count(),
        "offices": Office.objects.count(),
        "load_seconds": time.perf_counter() - started,
        "report": (report.office.slug, report.year),
        "users": {"leader": leader, "staff": staff},
    }


_touchable = []


def touch_a_figure():
    """Save one figure of the latest year, as data entry would: every dashboard key moves."""
    if not _touchable:
        latest = Report.objects.order_by("-year").values_list("year", flat=True)[0]
        q = Figure.objects.filter(report__year=latest, value__isnull=False)
        _touchable.extend(q.order_by("id").values_list("id", flat=True)[:200])
    figure = Figure.objects.get(pk=_touchable[int(time.perf_counter() * 1e6) % len(_touchable)])
    figure.value += 1
    figure.save()


# ---------------------------------------------------------------------------
# The pages measured

# How a page is requested. "plain": as it comes (nothing cached); "cached": again and again
# with unchanged data, after every worker has cached it; "cold": right after a saved figure;
# "chart": the first chart after a cold page, on the same connection.
PLAIN, CACHED, COLD, CHART = "plain", "cached", "cold", "chart"


def pages(slug, year):
    """(key, label, path, user, kind)."""
    report = f"/reports/{slug}/{year}/"
    return [
        ("minimal", "Minimal view (small template, no database)", "/bench/minimal/", None, PLAIN),
        (
            "minimal_login",
            "Minimal view behind login (the session's statement)",
            "/bench/minimal-login/",
            "leader",
            PLAIN,
        ),
        # Unchanged data: the page below the header comes from the cache.
        ("summary", "Summary page, warm", report, "staff", CACHED),
        ("summary_cold", "Summary page, cold (after a saved figure)", report, "staff", COLD),
        ("entry", "Entry page, warm", f"{report}edit/", "staff", CACHED),
        ("entry_cold", "Entry page, cold (after a saved figure)", f"{report}edit/", "staff", COLD),
        ("dashboard_warm", "Dashboard, warm", "/dashboard/", "leader", CACHED),
        ("dashboard_cold", "Dashboard, cold (after a saved figure)", "/dashboard/", "leader", COLD),
        ("chart_cold", "Dashboard chart, first after a change", CHART_PATH, "leader", CHART),
        ("chart_warm", "Dashboard chart, warm", CHART_PATH, "leader", CACHED),
        (
            "conference_xlsx",
            "Conference workbook (one report)",
            f"{report}report.xlsx",
            "staff",
            PLAIN,
        ),
        (
            "leadership_xlsx",
            "Leadership workbook (offices × indicators, every year)",
            f"/dashboard/offices.xlsx?year={year}",
            "leader",
            PLAIN,
        ),
    ]


# The page's first chart, as the browser asks for it after the page.
CHART_PATH = "/dashboard/charts/documents.svg?year=&scope=&rate=rate.dossiers_on_time"


def sessions(users):
    """A session cookie per user, as a browser holds after logging in."""
    out = {None: ""}
    for name, user in users.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        out[name] = f"sessionid={client.cookies['sessionid'].value}"
    return out


# ---------------------------------------------------------------------------
# The server and the HTTP client


class Server:
    def __init__(self, args):
        self.args = args
        self.log = tempfile.NamedTemporaryFile(
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        # The production command of `make serve`, with threads so that connections stay open
        # (keep-alive) between a client's requests.
        self.command = [
            gunicorn,
            "officereports.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--keep-alive",
            "30",
            # The leadership workbook of thousands of offices takes minutes (see the results).
            "--timeout",
            "600",
            "--access-logfile",
            "-",
        ]

    def __enter__(self):
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env={**os.environ, **SERVER_ENV},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if Http(self.args.port).get("/bench/minimal/").status == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.__exit__()
        sys.exit(f"gunicorn did not start; see {self.log.name}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


@dataclass
class Reply:
    status: int
    seconds: float
    size: int
    queries: int | None


class Http:
    """One keep-alive connection, as one browser tab."""

    def __init__(self, port, cookie=""):
        self.cookie = cookie
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)

    def get(self, path, expect=200) -> Reply:
        """One GET, the whole body read."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        for attempt in (1, 2):
            try:
                start = time.perf_counter()
                self.connection.request("GET", path, headers=headers)
                response = self.connection.getresponse()
                body = response.read()
                seconds = time.perf_counter() - start
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                # The server closed an idle connection: open a new one, as a browser does.
                self.connection.close()
                if attempt == 2:
                    raise
        queries = response.getheader(QUERIES_HEADER)
        reply = Reply(
            response.status, seconds, len(body), None if queries is None else int(queries)
        )
        if expect is not None and reply.status != expect:
            raise RuntimeError(f"GET {path}: HTTP {reply.status} {body[:300]!r}")
        return reply

    def close(self):
        self.connection.close()


def sequential(port, cookie, path, kind, args):
    """Replies to requests sent one after another on one connection, each followed by a
    request for the minimal view on another connection: the ratio compares the two under
    the same conditions, whatever else the machine is doing meanwhile."""
    client, reference = Http(port, cookie), Http(port)
    replies, minimal = [], []
    if kind == COLD or kind == CHART:
        deadline = time.monotonic() + max(args.seconds, 20)
        most = args.cold
    else:
        deadline = time.monotonic() + args.seconds
        most = args.requests
    try:
        while len(replies) < most:
            if kind in (COLD, CHART):
                touch_a_figure()
            if kind == CHART:
                client.get("/dashboard/")
            replies.append(client.get(path))
            minimal.append(reference.get("/bench/minimal/").seconds)
            slow = replies[0].seconds > args.seconds / 3
            if time.monotonic() > deadline and (slow or len(replies) >= 5):
                break
    finally:
        client.close()
        reference.close()
    return replies, minimal


def concurrent(port, cookie, path, args, at_least=0):
    """Requests per second of `args.clients` clients for `args.load_seconds` seconds (each
    client finishes the request it has started, and sends at least `at_least`)."""
    done = []
    errors = []
    stop = time.monotonic() + args.load_seconds

    def run():
        client = Http(port, cookie)
        count = 0
        try:
            while time.monotonic() < stop or count < at_least:
                client.get(path)
                count += 1
        except Exception as e:  # counted, then reported: a benchmark must not hide errors
            errors.append(repr(e))
        finally:
            client.close()
            done.append(count)

    start = time.perf_counter()
    threads = [threading.Thread(target=run) for _ in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"GET {path} under load: {errors[:3]}")
    return sum(done) / elapsed


def p95(values):
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def measure(port, cookie, path, kind, args):
    """One row of the table."""
    rps = None
    if kind in (PLAIN, CACHED):
        first = Http(port, cookie)
        try:
            warm_up = first.get(path).seconds
        finally:
            first.close()
        if warm_up < args.seconds:
            # Every worker and thread imports, fills its caches (cached pages: twice over).
            concurrent(port, cookie, path, args, at_least=2 if kind == CACHED else 1)
    replies, minimal = sequential(port, cookie, path, kind, args)
    times = [r.seconds for r in replies]
    if kind in (PLAIN, CACHED) and statistics.median(times) < args.load_seconds:
        rps = concurrent(port, cookie, path, args)
    counts = sorted({r.queries for r in replies})
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": p95(times) * 1000,
        "max_ms": max(times) * 1000,
        "requests": len(times),
        "rps": rps,
        # Every request of a page runs the same queries; if not, the table says so.
        "queries": counts[0]
        if len(counts) == 1
        else "–".join(str(c) for c in (counts[0], counts[-1])),
        "kb": replies[-1].size / 1024,
        # The minimal view's median, measured between this page's requests.
        "minimal_ms": statistics.median(minimal) * 1000,
        "ratio": statistics.median(times) / statistics.median(minimal),
    }


# ---------------------------------------------------------------------------
# One size


def run_size(size, args):
    print(f"== {size}: loading data", flush=True)
    prepared = prepare(size)
    slug, year = prepared["report"]
    print(
        f"   {prepared['described']}: {prepared['reports']} reports, {prepared['figures']} figures "
        f"in {prepared['load_seconds']:.1f} s",
        flush=True,
    )
    cookies = sessions(prepared["users"])
    loads = [os.getloadavg()[0]]
    rows = {}
    started_size = time.perf_counter()
    with Server(args):
        for key, label, path, user, kind in pages(slug, year):
            started = time.perf_counter()
            row = rows[key] = {"label": label, "path": path}
            row |= measure(args.port, cookies[user], path, kind, args)
            loads.append(os.getloadavg()[0])
            print(
                f"   {label:<56} median {row['median_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms  "
                f"×{row['ratio']:7.2f}  {fmt(row['rps'], 1):>7} req/s  {row['queries']} queries  "
                f"({row['requests']} requests, {time.perf_counter() - started:.0f} s)",
                flush=True,
            )
    return {
        "size": size,
        "described": prepared["described"],
        "reports": prepared["reports"],
        "figures": prepared["figures"],
        "offices": prepared["offices"],
        "load_seconds": prepared["load_seconds"],
        "measure_seconds": time.perf_counter() - started_size,
        "report": f"/reports/{slug}/{year}/",
        "ran_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "loadavg": [min(loads), max(loads)],
        "rows": rows,
    }


# ---------------------------------------------------------------------------
# The document


def machine():
    def command(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": command("nproc"),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": pg,
        "gunicorn": command(str(Path(sys.executable).parent / "gunicorn"), "--version"),
        "os": platform.platform(),
    }


def fmt(value, places=1):
    return "–" if value is None else f"{value:,.{places}f}".replace(",", " ")


TARGETS_NOTE = """\
Targets (issues 5 and 7): summary and entry pages ≤ 1,5× the minimal view; the warm
dashboard ≤ 2× (issue 5: with charts cached, at 34 × 10); at 3.321 × 10 the dashboard p95
under 300 ms; the first uncached chart under 150 ms; query counts identical across sizes.
"""


# The heading of the hand-written part of docs/benchmarks.md, kept when the tables change.
NOTES = "## Notes\n"


def verdicts(results):
    """(target, measured, met) for each target the results allow to judge."""
    out = []
    for size, result in results.items():
        rows = result["rows"]
        for key, limit in (("summary", 1.5), ("entry", 1.5), ("dashboard_warm", 2.0)):
            ratio = rows[key]["ratio"]
            out.append(
                (
                    f"{size}: {rows[key]['label'].lower()} ≤ {limit:g}× minimal",
                    f"{ratio:.2f}× ({rows[key]['median_ms']:.1f} ms / {rows[key]['minimal_ms']:.2f} ms)",
                    ratio <= limit,
                )
            )
        chart = rows["chart_cold"]
        out.append(
            (
                f"{size}: first uncached chart < 150 ms (p95)",
                f"median {chart['median_ms']:.0f} ms, p95 {chart['p95_ms']:.0f} ms",
                chart["p95_ms"] < 150,
            )
        )
        if size.startswith("3321"):
            for key in ("dashboard_warm", "dashboard_cold"):
                row = rows[key]
                out.append(
                    (
                        f"{size}: {row['label'].lower()} p95 < 300 ms",
                        f"{row['p95_ms']:.0f} ms",
                        row["p95_ms"] < 300,
                    )
                )
    if len(results) > 1:
        first = next(iter(results.values()))["rows"]
        for key, row in first.items():
            if any(key not in r["rows"] for r in results.values()):
                continue  # a page added since an earlier size was measured
            counts = {size: r["rows"][key]["queries"] for size, r in results.items()}
            same = len(set(counts.values())) == 1
            shown = ", ".join(f"{s}: {c}" for s, c in counts.items())
            out.append((f"{row['label']}: same queries at every size", shown, same))
    return out


def write(results, args, path):
    info = machine()
    order = sorted(results, key=lambda s: (s != "seed", results[s]["reports"]))
    results = {s: results[s] for s in order}
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); edit only the notes at the end. Each size is",
        "one run:",
        "the data loaded, gunicorn started on 127.0.0.1 against PostgreSQL, then each page",
        "requested over HTTP with keep-alive, one request after another (median, p95), and by",
        f"{args.clients} concurrent clients for {args.load_seconds:g} s (requests per second). Queries are",
        "those of each request, counted in the server process (bench/server.py).",
        "×minimal is the page's median over that of a minimal Django view rendering a small",
        "template without the database, requested after each of the page's requests (so both",
        "see the same machine load). ×login divides by the median of the minimal view behind",
        "login (the session with its user: the one statement every page behind login runs), for",
        "context. *Cold* follows a saved figure: the data version moves and the page, its data",
        "and its charts are computed again; the chart row is the first chart the browser asks",
        "for after such a page.",
        "",
        "## Machine",
        "",
        f"- CPU: {info['cpus']} × {info['cpu']}; memory {info['memory']}; {info['os']}",
        f"- Python {info['python']}, Django {info['django']}, PostgreSQL {info['postgresql']}, {info['gunicorn']}",
        f"- gunicorn: {args.workers} workers × {args.threads} threads (gthread), DEBUG off, "
        "local-memory cache, client on the same machine",
        "- The machine was shared with other work; the load average (1 min) during each run is",
        "  given with its table (the benchmark's own server and clients account for about 2).",
        "",
    ]
    for size, result in results.items():
        lines += [
            f"## {size}: {result['described']}",
            "",
            f"{result['reports']} reports, {result['figures']} figures, {result['offices']} offices; "
            f"loaded in {result['load_seconds']:.1f} s. Single-report pages: `{result['report']}`. "
            f"Run {result['ran_at']}, load average {result['loadavg'][0]:.2f}–{result['loadavg'][1]:.2f}.",
            "",
            "| Page | Median ms | p95 ms | ×minimal | ×login | req/s | Queries | KB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        login = result["rows"]["minimal_login"]["median_ms"]
        for row in result["rows"].values():
            lines.append(
                f"| {row['label']} | {fmt(row['median_ms'])} | {fmt(row['p95_ms'])} | "
                f"{row['ratio']:.2f} | {row['median_ms'] / login:.2f} | {fmt(row['rps'], 0)} | "
                f"{row['queries']} | {fmt(row['kb'])} |"
            )
        lines.append("")
    lines += ["## Targets", "", TARGETS_NOTE, "| Target | Measured | Met |", "|---|---|---|"]
    for target, measured, met in verdicts(results):
        lines.append(f"| {target} | {measured} | {'yes' if met else '**no**'} |")
    lines.append("")
    path = Path(path)
    # What people wrote under the tables about the results stays.
    kept = ""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if NOTES in text:
            kept = text[text.index(NOTES) :]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + ("\n" + kept if kept else ""), encoding="utf-8")


def main():
    args = ARGS
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size != "seed" and not all(part.isdigit() for part in size.split("x", 1)):
            sys.exit(f"unknown size {size!r}: seed or NxY (e.g. 34x10)")
    store = Path(args.output).with_suffix(".json")
    results = json.loads(store.read_text()) if store.exists() else {}
    if args.report_only:
        write(results, args, args.output)
        return
    call_command("migrate", verbosity=0)
    call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    for size in sizes:
        results[size] = run_size(size, args)
        store.parent.mkdir(parents=True, exist_ok=True)
        store.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        write(results, args, args.output)
    print(f"written: {args.output}")


if __name__ == "__main__":
    main()
