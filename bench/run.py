"""The benchmark: the targets of docs/benchmarks.md, measured side by side in one run.

    createdb -h 127.0.0.1 -U postgres officereports_bench
    make bench                                   # = .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --sizes seed,34x10 --season-seconds 10 --throughput-seconds 4

The database (`BENCH_DATABASE_URL`, default officereports_bench on 127.0.0.1) is migrated and
its reports are REPLACED. For each size it loads the data (`seed`: the two reports of
fixtures/seed_reports.json; `NxY`: N offices × the Y years up to 2025 with every indicator,
synthetic commune-level offices beyond the 63 real ones; bench/data.py), puts four reports of
the latest year in draft for four staff members, and then:

1. the floors, timed alone before the server starts: the SQL the dashboard sends (captured
   from one request in this process, the login's own statements left out) run under
   EXPLAIN ANALYZE, PostgreSQL's planning and execution time summed; and the SELECTs of the
   leadership workbook run and fetched with psycopg;
2. starts gunicorn as `make serve` does (gunicorn.conf.py, production settings on loopback,
   bench/serving.py) with the bench's reference views and query counter (bench/server.py);
3. the query count of each page, after a saved figure and again unchanged;
4. at the season sizes (34x10): the reporting season (4 staff each saving on their own report
   about once a second: the entry page, then the POST and the page after its redirect; 4
   readers reading summaries, the dashboard, its charts, and the minimal view behind login,
   the floor of a page, under the same load), then saves per second of 1 and of 4 writers;
5. the dashboard and each chart right after a saved figure, one after another;
6. the leadership workbook after a saved figure (a background build is polled until the file
   comes: "built" is until then, and the longest single request is reported too);
7. the Word report of a report being written, each right after a saved figure on it.

Each request is timed in full (connection, request, body read) by this process, on a new
connection as a reverse proxy reaches gunicorn. Results are
kept per size in docs/benchmarks.json and written to docs/benchmarks.md with the targets.
"""

import argparse
import html
import http.client
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import Gunicorn, free_port, loopback_env  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/officereports_bench"
YEARS_UP_TO = 2025
# Figures no check relates to another: any value is a valid save (loadtest/run.py too).
WRITTEN_CODES = ["reception.turns", "reception.people", "reception.cases"]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="seed,34x10,3321x10", help="comma-separated: seed, NxY")
    p.add_argument(
        "--season-sizes", default="34x10", help="sizes that get the reporting season and saves/s"
    )
    p.add_argument("--season-seconds", type=float, default=30, help="reporting season length")
    p.add_argument("--readers", type=int, default=4, help="readers during the season")
    p.add_argument(
        "--reader-pause", type=float, default=0.5, help="a reader's mean pause between pages (s)"
    )
    p.add_argument(
        "--throughput-seconds", type=float, default=10, help="seconds each of 1 and 4 writers"
    )
    p.add_argument("--after-save", type=int, default=20, help="requests per page after a save")
    p.add_argument("--workbooks", type=int, default=5, help="leadership workbooks built")
    p.add_argument("--floor-runs", type=int, default=5, help="timed runs of each floor's SQL")
    p.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py)")
    p.add_argument("--threads", type=int, help="threads per worker (default: gunicorn.conf.py)")
    p.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    p.add_argument(
        "--report-only", action="store_true", help="rewrite the document from the stored results"
    )
    return p.parse_args(argv)


ARGS = parse_args() if __name__ == "__main__" else parse_args([])
DATABASE_URL = os.getenv("BENCH_DATABASE_URL", DEFAULT_DATABASE)
if not DATABASE_URL.startswith("postgres"):
    sys.exit("BENCH_DATABASE_URL must point to PostgreSQL")
# The server's environment; this process uses the same settings to load data and capture SQL.
SERVER_ENV = loopback_env(DATABASE_URL, settings="bench.settings")
if ARGS.workers:
    SERVER_ENV["WORKERS"] = str(ARGS.workers)
if ARGS.threads:
    SERVER_ENV["THREADS"] = str(ARGS.threads)
os.environ.update(SERVER_ENV)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import data  # noqa: E402
from bench import report as document  # noqa: E402
from bench.report import DASHBOARD, WRITERS  # noqa: E402
from bench.server import QUERIES_HEADER  # noqa: E402
from loadtest.browser import form_fields  # noqa: E402
from officereports.reports import exports, workflow  # noqa: E402
from officereports.reports.interchange import import_reports  # noqa: E402
from officereports.reports.models import Figure, Membership, Office, Report, Role  # noqa: E402

SEED_FILE = ROOT / "fixtures" / "seed_reports.json"
MINIMAL_LOGIN = "/bench/minimal-login/"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


def writers_reports(leader):
    """WRITERS reports of the latest year, in draft, of different offices (created when the
    data has fewer, e.g. the seed)."""
    latest = Report.objects.order_by("-year").values_list("year", flat=True).first()
    reports = list(
        Report.objects.filter(year=latest).select_related("office").order_by("office__slug")
    )[:WRITERS]
    taken = {r.office_id for r in reports}
    for office in Office.objects.exclude(id__in=taken).order_by("slug"):
        if len(reports) == WRITERS:
            break
        if not office.reports.filter(year=latest).exists():
            reports.append(workflow.start(office, latest, leader))
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(status=Report.Status.DRAFT)
    return reports


def prepare(size):
    """Load `size`; create a leader (every office) and one staff member per written report."""
    started = time.perf_counter()
    reset()
    described = load(size)
    leader, _ = User.objects.get_or_create(username="bench-leader")
    Membership.objects.get_or_create(user=leader, office=None, defaults={"role": Role.LEADER})
    reports = writers_reports(leader)
    staff = []
    for n, report in enumerate(reports):
        user, _ = User.objects.get_or_create(username=f"bench-staff-{n}")
        Membership.objects.filter(user=user).delete()
        Membership.objects.create(user=user, office=report.office, role=Role.STAFF)
        staff.append(user)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "described": described,
        "reports": Report.objects.count(),
        "figures": Figure.objects.count(),
        "offices": Office.objects.count(),
        "load_seconds": time.perf_counter() - started,
        "year": reports[0].year,
        "written": [f"/reports/{r.office.slug}/{r.year}/" for r in reports],
        "leader": leader,
        "staff": staff,
    }


def session_cookie(user):
    """The session cookie of `user`, as a browser holds it after logging in."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client.cookies["sessionid"].value


# ---------------------------------------------------------------------------
# The floors, timed alone


def captured(user, path):
    """(sql, params) of every statement of one GET of `path` by `user`, in this process,
    nothing cached beforehand."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    cache.clear()
    statements = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} in process: HTTP {response.status_code}")
    return statements


def page_selects(user, path):
    """The SELECTs a page sends beyond those of the minimal view behind login (the session,
    the user, the memberships)."""
    login = {sql for sql, _ in captured(user, MINIMAL_LOGIN)}
    return [
        (sql, params)
        for sql, params in captured(user, path)
        if sql.lstrip().upper().startswith(("SELECT", "WITH")) and sql not in login
    ]


def explain_ms(statements):
    """PostgreSQL's own time for `statements`: planning plus execution (EXPLAIN ANALYZE)."""
    total = 0.0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
            total += plan.get("Planning Time", 0) + plan["Execution Time"]
    return total


def fetch_ms(statements):
    """The time to run `statements` and fetch every row they return (psycopg, from here);
    (milliseconds, rows)."""
    rows = 0
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return (time.perf_counter() - start) * 1000, rows


def floors(prepared, workbook_path, runs):
    leader = prepared["leader"]
    dashboard = page_selects(leader, DASHBOARD)
    explain_ms(dashboard)  # warm PostgreSQL's buffers: the server's requests find them warm too
    sql_ms = [explain_ms(dashboard) for _ in range(runs)]
    # The SELECTs that build the workbook, as the request writes it below
    # `exports.INLINE_REPORTS` reports (above, the task worker sends the same ones).
    with mock.patch.object(exports, "INLINE_REPORTS", float("inf")):
        workbook = page_selects(leader, workbook_path)
    fetch_ms(workbook)
    fetched = [fetch_ms(workbook) for _ in range(runs)]
    return {
        "dashboard_sql_ms": statistics.median(sql_ms),
        "dashboard_statements": len(dashboard),
        "workbook_fetch_ms": statistics.median(ms for ms, _ in fetched),
        "workbook_statements": len(workbook),
        "workbook_rows": fetched[0][1],
    }


# ---------------------------------------------------------------------------
# The HTTP client


class Reply:
    def __init__(self, status, seconds, body, headers):
        self.status, self.seconds, self.body, self.headers = status, seconds, body, headers
        queries = headers.get(QUERIES_HEADER)
        self.queries = None if queries is None else int(queries)
        self.location = headers.get("Location", "")
        self.content_type = headers.get("Content-Type", "")

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    """A browser's tab as the app server sees it behind a reverse proxy (nginx's default):
    its cookies, and a new connection per request, so that each request goes to whichever
    worker accepts it (a kept connection would stay with one worker)."""

    def __init__(self, port, session=""):
        self.port = port
        self.cookies = {"sessionid": session} if session else {}

    def request(self, method, path, fields=None, expect=200) -> Reply:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            start = time.perf_counter()
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read()
            seconds = time.perf_counter() - start
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        reply = Reply(response.status, seconds, content, response.headers)
        if expect is not None and reply.status not in (
            expect if isinstance(expect, tuple) else (expect,)
        ):
            raise RuntimeError(f"{method} {path}: HTTP {reply.status} {content[:300]!r}")
        return reply

    def get(self, path, expect=200):
        return self.request("GET", path, expect=expect)

    def close(self):
        """Nothing kept open."""


class Writer:
    """A staff member saving one figure at a time on their own report."""

    def __init__(self, port, session, report):
        self.browser = Browser(port, session)
        self.url = f"{report}edit/"
        self.page = None
        self.codes = iter(WRITTEN_CODES * 1_000_000)

    def open(self) -> Reply:
        reply = self.browser.get(self.url)
        self.page = reply.text
        return reply

    def save(self):
        """POST one changed figure, then GET the page the redirect names: (POST reply,
        redirected page reply)."""
        if self.page is None:
            self.open()
        fields = form_fields(self.page, "entry-form")
        code = next(self.codes)
        digits = re.sub(r"\D", "", fields.get(f"{code}-value", ""))
        fields[f"{code}-value"] = f"{int(digits or 100) + 1:,}".replace(",", ".")
        posted = self.browser.request("POST", self.url, fields, expect=302)
        if urlsplit(posted.location).path != self.url:
            raise RuntimeError(f"save of {self.url} went to {posted.location}")
        page = self.browser.get(posted.location)
        self.page = page.text
        return posted, page

    def close(self):
        self.browser.close()


def chart_paths(dashboard_html):
    """The charts the dashboard page shows, as the browser asks for them."""
    found = re.findall(r'src="(/dashboard/charts/[^"]+)"', dashboard_html)
    return list(dict.fromkeys(html.unescape(p) for p in found))


def chart_label(path):
    return "chart " + urlsplit(path).path.rsplit("/", 1)[-1].removesuffix(".svg")


def stats(seconds):
    values = sorted(s * 1000 for s in seconds)
    if not values:
        return None
    p95 = (
        values[0] if len(values) < 2 else statistics.quantiles(values, n=20, method="inclusive")[-1]
    )
    return {
        "n": len(values),
        "median_ms": statistics.median(values),
        "p95_ms": p95,
        "max_ms": values[-1],
    }


# ---------------------------------------------------------------------------
# The phases, server running


def warm_up(port, prepared, paths, concurrency):
    """Every worker and thread imports and connects before anything is timed."""
    leader = prepared["cookies"]["leader"]

    def run():
        browser = Browser(port, leader)
        try:
            for path in paths:
                browser.get(path)
        finally:
            browser.close()

    threads = [threading.Thread(target=run) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def query_counts(port, prepared, writer, pages):
    """Queries of each page right after a saved figure (what it costs when it must compute;
    asked again, it may or may not find the worker that cached it)."""
    counts = {}
    reader = Browser(port, prepared["cookies"]["leader"])
    for label, path in pages:
        writer.save()
        # A large leadership workbook answers 202 (its worker builds it): the queries counted
        # are then those of the request that starts the build.
        counts[label] = reader.get(path, expect=(200, 202)).queries
    posted, page = writer.save()
    counts["save (POST)"] = posted.queries
    counts["entry page after the save"] = page.queries
    return counts


def season(port, prepared, writers, args):
    """The reporting season: writers save about once a second each, readers read."""
    times = defaultdict(list)
    errors = []
    lock = threading.Lock()
    stop = time.monotonic() + args.season_seconds
    saves = []

    def record(label, seconds):
        with lock:
            times[label].append(seconds)

    def write(writer, n):
        rng = random.Random(n)
        next_start = time.monotonic() + rng.uniform(0, 1)
        try:
            while True:
                time.sleep(max(0.0, next_start - time.monotonic()))
                if time.monotonic() >= stop:
                    break
                record("entry page", writer.open().seconds)
                posted, page = writer.save()
                record("save (POST + page after the redirect)", posted.seconds + page.seconds)
                saves.append(1)
                next_start += rng.uniform(0.8, 1.2)  # about once a second
        except Exception as e:  # a benchmark must not hide errors
            errors.append(f"writer {n}: {e!r}")

    def read(n):
        rng = random.Random(100 + n)
        browser = Browser(port, prepared["cookies"]["leader"])

        def pause():
            time.sleep(rng.uniform(0.5, 1.5) * args.reader_pause)

        try:
            time.sleep(rng.uniform(0, 1))
            while time.monotonic() < stop:
                record("summary", browser.get(rng.choice(prepared["written"])).seconds)
                pause()
                page = browser.get(DASHBOARD)
                record("dashboard", page.seconds)
                for path in chart_paths(page.text):  # as the browser asks, right after
                    record("charts", browser.get(path).seconds)
                pause()
                record("floor: minimal view behind login", browser.get(MINIMAL_LOGIN).seconds)
                pause()
        except Exception as e:
            errors.append(f"reader {n}: {e!r}")
        finally:
            browser.close()

    loads = [os.getloadavg()[0]]
    threads = [threading.Thread(target=write, args=(w, n)) for n, w in enumerate(writers)]
    threads += [threading.Thread(target=read, args=(n,)) for n in range(args.readers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    loads.append(os.getloadavg()[0])
    if errors:
        raise RuntimeError(f"reporting season: {errors[:3]}")
    return {
        "seconds": time.perf_counter() - started,
        "writers": len(writers),
        "readers": args.readers,
        "saves": len(saves),
        "loadavg": loads,
        "pages": {label: stats(values) for label, values in times.items()},
    }


def saves_per_second(writers, seconds):
    """Saves (POST + the page after the redirect), back to back, by `writers` at once."""
    done = [0] * len(writers)
    errors = []
    stop = time.monotonic() + seconds

    def run(n, writer):
        try:
            while time.monotonic() < stop:
                writer.save()
                done[n] += 1
        except Exception as e:
            errors.append(repr(e))

    threads = [threading.Thread(target=run, args=(n, w)) for n, w in enumerate(writers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"saves per second: {errors[:3]}")
    return sum(done) / (time.perf_counter() - started)


def throughput(writers, seconds):
    one = saves_per_second(writers[:1], seconds)
    four = saves_per_second(writers, seconds)
    return {"seconds": seconds, "one": one, "four": four, "ratio": four / one}


def after_save(port, prepared, writer, rounds):
    """The dashboard and each of its charts, each requested alone right after a saved figure
    (nothing the page computed helps the chart)."""
    reader = Browser(port, prepared["cookies"]["leader"])
    try:
        charts = chart_paths(reader.get(DASHBOARD).text)
        times = defaultdict(list)
        for _ in range(rounds):
            for label, path in [("dashboard", DASHBOARD), *((chart_label(p), p) for p in charts)]:
                writer.save()
                reply = reader.get(path)
                times[label].append(reply.seconds)
    finally:
        reader.close()
    return {label: stats(values) for label, values in times.items()}


def workbook(port, prepared, writer, path, count):
    """The leadership workbook after a saved figure: until the file comes (following a
    redirect or polling a progress page, should it be built in the background)."""
    reader = Browser(port, prepared["cookies"]["leader"])
    built, longest, size = [], 0.0, 0
    try:
        for _ in range(count):
            writer.save()
            start = time.perf_counter()
            url = path
            while True:
                reply = reader.request("GET", url, expect=None)
                longest = max(longest, reply.seconds)
                if reply.status == 200 and reply.content_type.startswith(SPREADSHEET):
                    size = len(reply.body)
                    break
                if reply.status in (301, 302, 303):
                    url = reply.location
                elif reply.status in (200, 202):
                    time.sleep(0.25)
                else:
                    raise RuntimeError(f"GET {url}: HTTP {reply.status}")
                if time.perf_counter() - start > 600:
                    raise RuntimeError(f"{path}: no workbook after 10 minutes")
            built.append(time.perf_counter() - start)
    finally:
        reader.close()
    return {**stats(built), "longest_request_ms": longest * 1000, "kb": size / 1024}


def report_document(port, prepared, writer, count):
    """The Word report of the writer's report, each requested right after a saved figure on
    it: built in the request from the report's figures, as the summary page is."""
    reader = Browser(port, prepared["cookies"]["leader"])
    path = writer.url.removesuffix("edit/") + "report.docx"
    times, size = [], 0
    try:
        for _ in range(count):
            writer.save()
            reply = reader.get(path)
            if not reply.content_type.startswith(WORD):
                raise RuntimeError(f"GET {path}: {reply.content_type}")
            times.append(reply.seconds)
            size = len(reply.body)
    finally:
        reader.close()
    return {**stats(times), "kb": size / 1024}


# ---------------------------------------------------------------------------
# One size


def run_size(size, args):
    print(f"== {size}: loading data", flush=True)
    prepared = prepare(size)
    print(
        f"   {prepared['described']}: {prepared['reports']} reports, {prepared['figures']} "
        f"figures, loaded in {prepared['load_seconds']:.1f} s",
        flush=True,
    )
    year = prepared["year"]
    workbook_path = f"/dashboard/offices.xlsx?year={year}&include=all"
    started = time.perf_counter()
    floor = floors(prepared, workbook_path, args.floor_runs)
    print(
        f"   floors: dashboard SQL {floor['dashboard_sql_ms']:.1f} ms "
        f"({floor['dashboard_statements']} statements), workbook fetch "
        f"{floor['workbook_fetch_ms']:.1f} ms ({floor['workbook_rows']} rows)",
        flush=True,
    )
    prepared["cookies"] = {"leader": session_cookie(prepared["leader"])}
    staff = [session_cookie(user) for user in prepared["staff"]]
    result = {
        "size": size,
        "described": prepared["described"],
        "reports": prepared["reports"],
        "figures": prepared["figures"],
        "offices": prepared["offices"],
        "load_seconds": prepared["load_seconds"],
        "written": prepared["written"],
        "workbook_path": workbook_path,
        "ran_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "floors": floor,
        "settings": {key: getattr(args, key) for key in document.RUN_SETTINGS},
    }
    log = Path(tempfile.gettempdir()) / f"bench-gunicorn-{os.getpid()}.log"
    server = Gunicorn(SERVER_ENV, port=free_port(), log=log, access_log="/dev/null")
    result["gunicorn"] = server.settings
    port = server.port
    with server:
        writers = [Writer(port, s, r) for s, r in zip(staff, prepared["written"], strict=True)]
        try:
            concurrency = server.settings["workers"] * server.settings["threads"]
            first = Browser(port, prepared["cookies"]["leader"])
            charts = chart_paths(first.get(DASHBOARD).text)
            first.close()
            pages = [
                ("minimal view behind login", MINIMAL_LOGIN),
                ("summary", prepared["written"][0]),
                ("dashboard", DASHBOARD),
                *((chart_label(p), p) for p in charts),
                ("report document", prepared["written"][0] + "report.docx"),
                ("leadership workbook", workbook_path),
            ]
            warm_up(port, prepared, [p for _, p in pages[:-1]], concurrency)
            for w in writers:
                w.open()
            result["queries"] = query_counts(port, prepared, writers[0], pages)
            print(f"   queries: {result['queries']}", flush=True)
            if size in args.season_sizes.split(","):
                result["season"] = season(port, prepared, writers, args)
                for label, row in result["season"]["pages"].items():
                    print(f"   season {label:<40} p95 {row['p95_ms']:7.1f} ms ({row['n']})")
                result["throughput"] = throughput(writers, args.throughput_seconds)
                t = result["throughput"]
                print(f"   saves/s: 1 writer {t['one']:.1f}, 4 writers {t['four']:.1f}", flush=True)
            result["after_save"] = after_save(port, prepared, writers[0], args.after_save)
            for label, row in result["after_save"].items():
                print(f"   after a save: {label:<20} p95 {row['p95_ms']:7.1f} ms", flush=True)
            result["workbook"] = workbook(port, prepared, writers[0], workbook_path, args.workbooks)
            print(
                f"   workbook: median {result['workbook']['median_ms']:.0f} ms, longest request "
                f"{result['workbook']['longest_request_ms']:.0f} ms",
                flush=True,
            )
            result["document"] = report_document(port, prepared, writers[0], args.after_save)
            print(f"   report document: p95 {result['document']['p95_ms']:.1f} ms", flush=True)
        finally:
            for w in writers:
                w.close()
    result["measure_seconds"] = time.perf_counter() - started
    return result


def machine():
    def command(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    memory = cpu = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
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
        "gunicorn": command(str(Path(sys.executable).with_name("gunicorn")), "--version"),
        "os": platform.platform(),
    }


def main():
    args = ARGS
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size != "seed" and not all(part.isdigit() for part in size.split("x", 1)):
            sys.exit(f"unknown size {size!r}: seed or NxY (e.g. 34x10)")
    store = Path(args.output).with_suffix(".json")
    results = json.loads(store.read_text()) if store.exists() else {}
    # Results of the retired benchmark (other columns) are not mixed with these.
    results = {s: r for s, r in results.items() if "floors" in r}
    if args.report_only:
        document.write(results, args, machine(), args.output)
        return
    call_command("migrate", verbosity=0)
    call_command("compilemessages", ignore_patterns=[".venv", ".uv"], verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    for size in sizes:
        results[size] = run_size(size, args)
        store.parent.mkdir(parents=True, exist_ok=True)
        store.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        document.write(results, args, machine(), args.output)
    print(f"written: {args.output}")


if __name__ == "__main__":
    main()
