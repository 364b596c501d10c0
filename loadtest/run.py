"""Load and fault test: gunicorn + PostgreSQL on 127.0.0.1, a mixed load of staff, chiefs
and leaders for at most two minutes, a gunicorn worker killed and PostgreSQL restarted during
it, then a check that the database holds exactly the writes the server acknowledged.

    make loadtest                 # 90 s, both faults (restarts the machine's PostgreSQL)
    make loadtest DURATION=30     # the short version .ci/run uses

The database (LOADTEST_DATABASE_URL, default officereports_load) is dropped and rebuilt.
Exit status 0 when every check passes; the numbers go to test-artifacts/loadtest/.
"""

import argparse
import json
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "loadtest"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/officereports_load"
PASSWORD = "mat-khau-kiem-thu-tai"
YEAR = 2025  # the year being entered; 2016–2024 are generated history
# Figures no check relates to another, so that any value is a valid save.
FREE_CODES = [
    "documents.incoming",
    "documents.incoming_processed",
    "advisory.council_submissions",
    "reception.periodic_sessions",
    "reception.adhoc_sessions",
    "reception.turns",
    "reception.people",
    "reception.cases",
    "reception.crowd_delegations",
    "petitions.complaints",
    "petitions.denunciations",
    "petitions.proposals",
    "petitions.within_competence",
    "petitions.cases_resolved",
]
# Sized for a small server (two cores): busy, not swamped, so latencies mean something.
ENTRY_OFFICES, WORKFLOW_OFFICES, LEADERS = 3, 2, 2
WORKERS = 3


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=90, help="seconds of load (≤ 120)")
    parser.add_argument(
        "--pg-restart",
        choices=["always", "if-alone", "never"],
        default="always",
        help="restart PostgreSQL during the load; if-alone: only when no other database "
        "has a client connected (a shared server in CI)",
    )
    args = parser.parse_args(argv)
    if not 10 <= args.duration <= 120:
        parser.error("--duration must be between 10 and 120 seconds")
    return args


# ---------------------------------------------------------------------------
# PostgreSQL: the database, and the server's control for the restart fault


class Postgres:
    def __init__(self, database_url):
        url = urlsplit(database_url)
        self.url, self.name = url, url.path.lstrip("/")
        self.host, self.port = url.hostname or "127.0.0.1", str(url.port or 5432)
        # LOADTEST_PG_CTL: a command taking "restart" or "start" (another cluster, a test
        # server); by default the newest cluster of this machine, as .ci/run starts it.
        control = os.environ.get("LOADTEST_PG_CTL")
        if not control:
            version = sorted(
                os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")]
            )[-1]
            control = f"pg_ctlcluster --skip-systemctl-redirect {version} main"
        self.control = shlex.split(control)

    def connect(self, dbname="postgres"):
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.url.username or "postgres",
            password=self.url.password,
            dbname=dbname,
            autocommit=True,
        )

    def recreate(self):
        with self.connect() as db:
            db.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{self.name}"')

    def others_connected(self):
        """Client sessions on other databases of this server (other people's tests)."""
        with self.connect(self.name) as db:
            row = db.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                "AND datname IS DISTINCT FROM current_database()"
            ).fetchone()
        return row[0]

    def ready(self):
        command = ["pg_isready", "-q", "-h", self.host, "-p", self.port]
        return subprocess.run(command, check=False).returncode == 0

    def wait_ready(self, seconds=60):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.ready():
                return True
            time.sleep(0.05)
        return False

    def restart(self):
        subprocess.run([*self.control, "restart"], check=True, timeout=120, capture_output=True)

    def ensure_up(self):
        """Whatever happened, leave the machine's PostgreSQL running."""
        if self.ready():
            return
        print("PostgreSQL is down: starting it again", flush=True)
        subprocess.run([*self.control, "start"], check=False, timeout=120)
        self.wait_ready(60)


# ---------------------------------------------------------------------------
# The data: 34 offices × 2016–2024, and this year's reports being entered and approved


def seed():
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db.models import Max
    from django.test import Client

    from bench.data import generate
    from officereports.reports import workflow
    from officereports.reports.models import (
        AuditEntry,
        Figure,
        Indicator,
        Membership,
        Report,
        Role,
    )

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    offices = generate(34, list(range(YEAR - 9, YEAR)))
    password = make_password(PASSWORD)  # hashed once: the server checks it at each login

    sessions = {}

    def user(username, role=None, office=None, **extra):
        person = User.objects.create(username=username, password=password, **extra)
        if role:
            Membership.objects.create(user=person, office=office, role=role)
        # Already logged in (a session each, as the login form would leave it): a login
        # costs the server a deliberately slow password hash, and people log in once a day.
        sessions[username] = session_of(person)
        return person

    def session_of(person):
        client = Client()
        client.force_login(person)
        return client.cookies["sessionid"].value

    admin = user("quantri", is_superuser=True, is_staff=True)
    world = {"admin": admin.username, "staff": [], "chiefs": [], "leaders": [], "pages": []}
    world["sessions"] = sessions
    number = 0
    for office in offices[:ENTRY_OFFICES]:
        report = workflow.start(office, YEAR, admin)
        for half in (0, 1):
            staff = user(f"cv{half + 1}.{office.slug}", Role.STAFF, office)
            codes = FREE_CODES[half::2]
            world["staff"].append((staff.username, f"{office.slug}/{report.year}", codes, number))
            number += 1
    for office in offices[ENTRY_OFFICES : ENTRY_OFFICES + WORKFLOW_OFFICES]:
        chief = user(f"chanh.{office.slug}", Role.CHIEF, office)
        sessions[f"{admin.username}/{chief.username}"] = session_of(admin)
        report = workflow.start(office, YEAR, chief)
        # Submitting needs every required figure, filled or marked "không phát sinh".
        Figure.objects.bulk_create(
            Figure(
                report=report,
                indicator=indicator,
                not_applicable=True,
                explanation="Không phát sinh (báo cáo thử tải).",
            )
            for indicator in Indicator.objects.filter(required=True)
        )
        world["chiefs"].append((chief.username, f"{office.slug}/{report.year}"))
    for n in range(LEADERS + 1):  # the last one is the probe
        world["leaders"].append(user(f"lanhdao{n + 1}", Role.LEADER).username)

    entry = [f"{o.slug}/{YEAR}" for o in offices[:ENTRY_OFFICES]]
    history = Report.objects.filter(status=Report.Status.APPROVED).order_by("?")[:6]
    history = [f"{r.office.slug}/{r.year}" for r in history.select_related("office")]
    region = offices[0].unit.region
    world["pages"] = [
        *[(3, "summary", f"/reports/{r}/") for r in entry],
        *[(1, "summary", f"/reports/{r}/") for r in history],
        (4, "dashboard", "/dashboard/"),
        (
            2,
            "dashboard",
            "/dashboard/?" + urlencode({"year": YEAR - 1, "scope": f"region:{region}"}),
        ),
        (2, "dashboard", f"/dashboard/?scope=office:{offices[0].slug}"),
        (2, "chart", "/dashboard/charts/documents.svg"),
        (2, "chart", "/dashboard/charts/comparison.svg"),
        (2, "rollup", f"/reports/year/{YEAR}/"),
        (1, "completeness", f"/completeness/?year={YEAR}"),
        *[(1, "workbook", f"/reports/{r}/report.xlsx") for r in entry[:2]],
        (1, "workbook", f"/dashboard/offices.xlsx?year={YEAR}"),
        (1, "workbook", f"/reports/{offices[0].slug}/years.xlsx"),
    ]
    # What the load finds: only what it writes is compared with what it was told.
    world["audit_from"] = AuditEntry.objects.aggregate(last=Max("id"))["last"]
    world["versions"] = {
        f"{r.office.slug}/{r.year}": r.version
        for r in Report.objects.filter(year=YEAR).select_related("office")
    }
    return world


# ---------------------------------------------------------------------------
# Faults


def kill_a_worker(server, result):
    """SIGKILL one worker: the master must fork a new one; only its requests in flight fail."""
    before = server.workers()
    victim = sorted(before)[len(before) // 2]
    # A worker answers up to `threads` requests at once: those in flight die with it.
    result.update(victim=victim, threads=server.settings["threads"], at=time.monotonic())
    os.kill(victim, signal.SIGKILL)
    end = result["at"] + 30
    while time.monotonic() < end:
        now = server.workers()
        if victim not in now and len(now) == len(before):
            result.update(
                replaced_after=time.monotonic() - result["at"], replacement=sorted(now - before)
            )
            return
        time.sleep(0.02)


def restart_postgres(pg, server, run, mode, result):
    """Restart PostgreSQL under load; time until it accepts connections again and until the
    application answers again (the same workers: nothing restarted but the database)."""
    if mode == "never":
        result["skipped"] = "--pg-restart never"
        return
    if mode == "if-alone":
        others = pg.others_connected()
        if others:
            result["skipped"] = f"{others} client sessions of other databases on the server"
            return
    before = server.workers()
    run.fast_probe.set()
    result["at"] = time.monotonic()
    try:
        pg.restart()
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        result["error"] = f"{e}: {getattr(e, 'stderr', b'').decode(errors='replace')}"
    finally:
        pg.wait_ready()
    result["command_s"] = time.monotonic() - result["at"]
    ready_at = time.monotonic()
    end = ready_at + 30
    while time.monotonic() < end and "answered_by" not in result:
        for hit in run.log.snapshot():
            if hit.label == "probe" and hit.start >= ready_at and hit.status == 200:
                # Answering again once PostgreSQL is back: the end of the fault window.
                result["answered_by"] = hit.end - result["at"]
                break
        time.sleep(0.05)
    time.sleep(1)
    run.fast_probe.clear()
    result["same_workers"] = server.workers() == before and server.process.poll() is None


# ---------------------------------------------------------------------------
# The run


def load(world, base_url, server, pg, args):
    from django.contrib.sessions.models import Session
    from django.db import close_old_connections

    from loadtest.actors import Chief, Leader, Probe, Run, Staff
    from loadtest.browser import Log
    from officereports.reports.models import Figure

    def expire_session(key):
        Session.objects.filter(session_key=key).delete()
        close_old_connections()

    def figure_value(report, code):
        slug, year = report.split("/")
        q = Figure.objects.filter(report__office__slug=slug, report__year=year)
        value = q.filter(indicator__code=code).values_list("value", flat=True).first()
        close_old_connections()
        return value

    start = time.monotonic()
    duration = args.duration
    run = Run(base_url, Log(), PASSWORD, start + duration)
    run.expire_session, run.figure_value = expire_session, figure_value
    run.expire_at = start + 1
    run.sessions = world["sessions"]
    people = [Staff(run, name, report, codes, n) for name, report, codes, n in world["staff"]]
    people += [Chief(run, name, world["admin"], report) for name, report in world["chiefs"]]
    people += [Leader(run, name, world["pages"]) for name in world["leaders"][:-1]]
    people.append(Probe(run, world["leaders"][-1]))
    for person in people:
        person.start()

    faults = {"worker_kill": {}, "pg_restart": {}}

    def schedule():
        # The session-expiry journey first (it needs the database the restart takes away),
        # then a worker killed at 30 % of the time and PostgreSQL restarted at 55 %.
        run.journey_done.wait(max(0, start + 0.6 * duration - time.monotonic()))
        time.sleep(max(0, start + 0.3 * duration - time.monotonic()))
        kill_a_worker(server, faults["worker_kill"])
        time.sleep(max(2, start + 0.55 * duration - time.monotonic()))
        restart_postgres(pg, server, run, args.pg_restart, faults["pg_restart"])

    fault_thread = threading.Thread(target=schedule, daemon=True)
    fault_thread.start()
    while time.monotonic() < run.deadline and fault_thread.is_alive():
        time.sleep(0.2)
    time.sleep(max(0, run.deadline - time.monotonic()))
    fault_thread.join(90)
    run.stop.set()
    for person in people:
        person.join(45)
    return run, faults, start


# ---------------------------------------------------------------------------
# Verification: the database against what the server acknowledged


def verify(run, faults, world):
    from loadtest.actors import TARGET
    from officereports.reports.models import Report

    checks = []

    def check(name, passed, detail=""):
        checks.append({"check": name, "passed": bool(passed), "detail": detail})

    hits = run.log.snapshot()
    restart, kill = faults["pg_restart"], faults["worker_kill"]
    outage = None
    if "at" in restart:
        outage = (restart["at"] - 0.5, restart["at"] + restart.get("answered_by", 60) + 0.5)

    def in_outage(hit):
        return outage and hit.end >= outage[0] and hit.start <= outage[1]

    def in_flight_at_kill(hit):
        return "at" in kill and hit.start <= kill["at"] <= hit.end + 0.1

    server_errors = [h for h in hits if h.status is not None and h.status >= 500]
    check("no 500 (an unexpected error) at all", not [h for h in server_errors if h.status != 503])
    check(
        "every 5xx is a 503 during the PostgreSQL restart, with the Vietnamese page",
        all(h.status == 503 and h.vietnamese and in_outage(h) for h in server_errors),
        f"{len(server_errors)} × 503",
    )
    no_answer = [h for h in hits if h.status is None]
    killed = [h for h in no_answer if in_flight_at_kill(h)]
    check(
        "requests without an answer: only those in flight in the killed worker",
        len(no_answer) == len(killed) <= kill.get("threads", 1),
        "; ".join(f"{h.who} {h.method} {h.label}: {h.error}" for h in no_answer),
    )
    client_errors = [h for h in hits if h.status is not None and 400 <= h.status < 500]
    check(
        "no 4xx answer to anyone",
        not client_errors,
        "; ".join(f"{h.who} {h.method} {h.label} {h.status}" for h in client_errors[:10]),
    )
    check("no client crashed", not run.crashes, "\n".join(run.crashes))
    if kill:
        check(
            "the killed worker was replaced by the master",
            "replaced_after" in kill,
            f"after {kill.get('replaced_after', 0):.2f} s",
        )
    if "at" in restart:
        check(
            "the application answered again after the PostgreSQL restart, same workers",
            "answered_by" in restart and restart.get("same_workers"),
        )
    for name, passed in run.expiry.items():
        check(f"session expiry: {name}", passed)
    check("session expiry journey ran", len(run.expiry) == 7)

    # Figures: each staff member alone writes its codes, every value is unique.
    writes = defaultdict(dict)  # (report, code) -> value -> Write
    for write in run.writes:
        writes[(write.report, write.code)][str(write.value)] = write
    owners = {(w.report, w.code): w.who for w in run.writes}
    lost, duplicated, unexpected, not_saved = [], [], [], []
    reports = {}
    for _name, report_key, _codes, _n in world["staff"]:
        slug, year = report_key.split("/")
        reports[report_key] = Report.objects.get(office__slug=slug, year=year)
    for key, report in reports.items():
        entries = report.audit_entries.filter(id__gt=world["audit_from"])
        entries = list(entries.select_related("user").order_by("id"))
        figures = {f.indicator.code: f.value for f in report.figures.select_related("indicator")}
        seen = Counter()
        chains = defaultdict(list)
        for entry in entries:
            attempt = writes.get((key, entry.field), {}).get(entry.new_value)
            if attempt is None or entry.user.username != attempt.who:
                unexpected.append(f"{key} {entry.field}: {entry.old_value} → {entry.new_value}")
                continue
            seen[(key, entry.field, entry.new_value)] += 1
            chains[entry.field].append(entry)
        for (report_key, code), attempts in writes.items():
            if report_key != key:
                continue
            for value, write in attempts.items():
                count = seen[(key, code, value)]
                if count > 1:
                    duplicated.append(f"{key} {code} = {value} × {count}")
                if write.outcome == "acked" and count == 0:
                    lost.append(f"{key} {code} = {value}")
                if write.outcome == "refused" and count:
                    not_saved.append(f"{key} {code} = {value} ({write.detail})")
        for code, chain in chains.items():
            # Each save starts from the value the previous one left: nothing in between lost.
            olds = [e.old_value for e in chain]
            news = ["", *[e.new_value for e in chain[:-1]]]
            if olds != news:
                lost.append(f"{key} {code}: audit chain broken")
            if str(figures.get(code)) != chain[-1].new_value:
                lost.append(
                    f"{key} {code}: stored {figures.get(code)}, last saved {chain[-1].new_value}"
                )
        for code in figures:
            if (key, code) not in owners:
                unexpected.append(f"{key} {code}: a figure nobody wrote")
        saves = sum(len(chain) for chain in chains.values())
        if report.version != world["versions"][key] + saves:
            duplicated.append(f"{key}: version {report.version} after {saves} saves")
    check("no acknowledged save lost", not lost, "; ".join(lost[:10]))
    check("no save written twice", not duplicated, "; ".join(duplicated[:10]))
    check("no change nobody made", not unexpected, "; ".join(unexpected[:10]))
    check("no refused save written", not not_saved, "; ".join(not_saved[:10]))

    # Workflow: the status trail is the acknowledged steps, in order, and nothing else. A step
    # without an answer is settled by the status the chief reads next (see Chief.work).
    trail_problems = []
    for _chief, report_key in world["chiefs"]:
        slug, year = report_key.split("/")
        report = Report.objects.get(office__slug=slug, year=year)
        trail = report.audit_entries.filter(field="status", id__gt=world["audit_from"])
        trail = list(trail.select_related("user"))
        trail.sort(key=lambda entry: entry.id)
        i = 0
        for step in (s for s in run.steps if s.report == report_key):
            entry = trail[i] if i < len(trail) else None
            matches = entry is not None and (
                (entry.new_value, entry.reason, entry.user.username)
                == (TARGET[step.action], step.reason, step.user)
            )
            if step.outcome in ("acked", "uncertain, written") and not matches:
                trail_problems.append(f"{report_key}: {step.action} ({step.outcome}) missing")
                break
            if matches and step.outcome != "refused" and step.outcome != "uncertain, not written":
                i += 1
        if i != len(trail):
            trail_problems.append(
                f"{report_key}: {len(trail) - i} status changes not accounted for"
            )
        final = trail[-1].new_value if trail else "draft"
        if report.status != final:
            trail_problems.append(f"{report_key}: status {report.status}, trail says {final}")
        if report.audit_entries.filter(id__gt=world["audit_from"]).exclude(field="status"):
            trail_problems.append(f"{report_key}: figures changed")
    check(
        "workflow: every acknowledged step recorded once, in order",
        not trail_problems,
        "; ".join(trail_problems),
    )
    return checks


# ---------------------------------------------------------------------------
# Report


def _outage_seen(hits, at):
    """What users saw of the restart, in seconds from its start: the first and last request
    that failed, and the first answer after the last failure (the recovery)."""
    failed = [h for h in hits if h.end >= at - 0.5 and h.status == 503]
    if not failed:
        return {"failed_requests": 0}
    first = min(failed, key=lambda h: h.start)
    last = max(failed, key=lambda h: h.end)
    answers = [h.end for h in hits if h.start >= last.start and h.status and h.status < 400]
    return {
        "failed_requests": len(failed),
        "first_failure": first.start - at,
        "last_failure": last.end - at,
        "recovered": (min(answers) - at) if answers else None,
    }


def summary(run, faults, start, args):
    hits = run.log.snapshot()
    by_label = defaultdict(list)
    for hit in hits:
        by_label[hit.label].append(hit)
    pages = {}
    for label, group in sorted(by_label.items()):
        times = sorted((h.end - h.start) * 1000 for h in group if h.status and h.status < 400)
        pages[label] = {
            "requests": len(group),
            "median_ms": round(statistics.median(times)) if times else None,
            "p95_ms": round(times[int(len(times) * 0.95) - 1]) if len(times) >= 20 else None,
            "failed": sum(1 for h in group if not h.status or h.status >= 400),
        }
    outcomes = Counter(w.outcome for w in run.writes)
    steps = Counter(s.outcome for s in run.steps)
    restart = dict(faults["pg_restart"])
    kill = dict(faults["worker_kill"])
    if "at" in restart:
        restart.update(_outage_seen(hits, restart["at"]))
    for fault in (restart, kill):
        if "at" in fault:
            fault["at"] = fault["at"] - start
        for key, value in fault.items():
            if isinstance(value, float):
                fault[key] = round(value, 2)
    five = [h for h in hits if h.status and h.status >= 500]
    first_ack = None
    if "at" in faults["pg_restart"]:
        at = faults["pg_restart"]["at"]
        ready = at + faults["pg_restart"]["command_s"]
        after = [w.acked_at for w in run.writes if w.acked_at and w.acked_at >= ready]
        first_ack = round(min(after) - at, 2) if after else None
    slowest = sorted(hits, key=lambda h: h.start - h.end)[:5]
    return {
        "duration_s": args.duration,
        "requests": len(hits),
        "requests_per_s": round(len(hits) / args.duration, 1),
        "pages": pages,
        "saves": dict(outcomes),
        "conflict_answers_resolved": sum(w.rounds for w in run.writes),
        "workflow_steps": dict(steps),
        "status_5xx": dict(Counter(h.status for h in five)),
        "no_answer": sum(1 for h in hits if h.status is None),
        "pg_restart": restart,
        "first_acknowledged_save_after_restart_s": first_ack,
        "worker_kill": kill,
        "slowest": [
            f"{h.who} {h.method} {h.label} at {h.start - start:.1f} s: "
            f"{h.end - h.start:.2f} s, {h.status or h.error}"
            for h in slowest
        ],
    }


def print_result(result):
    print(f"\n{result['requests']} requests in {result['duration_s']:.0f} s")
    print(f"{'page':<14}{'requests':>9}{'median ms':>11}{'p95 ms':>8}{'failed':>8}")
    for label, page in result["pages"].items():
        cells = [page["requests"], page["median_ms"], page["p95_ms"], page["failed"]]
        print(
            f"{label:<14}"
            + "".join(
                f"{'–' if c is None else c:>{w}}" for c, w in zip(cells, (9, 11, 8, 8), strict=True)
            )
        )
    for key in ("saves", "conflict_answers_resolved", "workflow_steps", "status_5xx", "no_answer"):
        print(f"{key}: {result[key]}")
    print("slowest: " + "; ".join(result["slowest"]))
    print(f"worker kill: {result['worker_kill']}")
    print(f"PostgreSQL restart: {result['pg_restart']}")
    first = result["first_acknowledged_save_after_restart_s"]
    print(f"first save acknowledged once PostgreSQL was back: {first} s after the restart\n")
    for c in result["checks"]:
        mark = "ok  " if c["passed"] else "FAIL"
        print(f"{mark} {c['check']}" + (f" ({c['detail']})" if c["detail"] else ""))
    if result["pg_restart"].get("skipped"):
        print(f"note: PostgreSQL was not restarted: {result['pg_restart']['skipped']}")


def main(argv=None):
    args = arguments(argv)
    database_url = os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    sys.path.insert(0, str(ROOT))
    from bench.serving import Gunicorn, loopback_env

    # Production on loopback, gunicorn as `make serve` runs it; short-lived connections.
    # No task worker (its workbooks are not under test here): the master's children are then
    # exactly its web workers, the ones the faults are about.
    env = loopback_env(database_url, CONN_MAX_AGE="60", WORKERS=str(WORKERS), TASK_WORKER="0")
    os.environ.update(env)
    # A terminated run still restores PostgreSQL and stops gunicorn (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    import django

    django.setup()
    from django.db import connections

    pg = Postgres(database_url)
    server = Gunicorn(env, log=ARTIFACTS / "gunicorn.log", access_log=ARTIFACTS / "access.log")
    try:
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        ARTIFACTS.mkdir(parents=True)
        print(f"database {pg.name}: rebuilding and seeding", flush=True)
        pg.recreate()
        world = seed()
        connections.close_all()
        server.start()
        print(
            f"gunicorn on 127.0.0.1:{server.port}, {WORKERS} workers × "
            f"{server.settings['threads']} threads; load for {args.duration:.0f} s",
            flush=True,
        )
        run, faults, start = load(world, f"http://127.0.0.1:{server.port}", server, pg, args)
        server.stop()
        pg.ensure_up()
        connections.close_all()
        checks = verify(run, faults, world)
        result = summary(run, faults, start, args)
    finally:
        server.stop()
        pg.ensure_up()
    result["checks"] = checks
    writes = [vars(w) for w in run.writes]
    (ARTIFACTS / "writes.json").write_text(json.dumps(writes, ensure_ascii=False, indent=1))
    steps = [vars(s) for s in run.steps]
    (ARTIFACTS / "steps.json").write_text(json.dumps(steps, ensure_ascii=False, indent=1))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print_result(result)
    failed = [c for c in checks if not c["passed"]]
    print(f"{len(checks) - len(failed)}/{len(checks)} checks passed; details in {ARTIFACTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
