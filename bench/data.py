"""Generated multi-year data sets: many offices × years of plausible figures.

Used by the benchmark (bench/run.py) and by the dashboard's query-count tests. Deterministic
(seeded). Small sets go through `bulk_create` (any database); large ones on PostgreSQL are
written with COPY, so that 3,321 offices × 10 years (1,3 million figures) load in seconds.
Bench and test data only: never written by a migration.
"""

import random
from datetime import UTC, datetime

from django.db import connection
from django.db.models import F

from officereports.reports import totals, vietnamese
from officereports.reports.models import (
    AdministrativeUnit,
    Figure,
    Indicator,
    Office,
    Qualifier,
    Report,
)

# Synthetic commune-level units (bench only) carry this slug prefix.
SYNTHETIC_PREFIX = "xa-thu-"
# Above this many figures, PostgreSQL gets them through COPY instead of INSERTs.
COPY_THRESHOLD = 50_000


def _figures(rng, size):
    """One report's headline counts around an office's `size` (1 = a mid-sized province),
    respecting the catalogue's parts-of-a-whole rules."""
    incoming = int(50_000 * size * rng.uniform(0.9, 1.1))
    outgoing = int(incoming * rng.uniform(0.3, 0.45))
    planned = int(180 * size * rng.uniform(0.9, 1.1))
    legal_planned = int(35 * size * rng.uniform(0.8, 1.2))
    petitions = int(1_200 * size * rng.uniform(0.85, 1.15))
    eligible = petitions - rng.randint(0, petitions // 10)
    received = int(150_000 * size * rng.uniform(0.9, 1.1))
    resolved = received - rng.randint(0, received // 20)
    late = rng.randint(0, resolved // 25)
    early = rng.randint(resolved // 3, resolved // 2)
    return {
        "documents.incoming": incoming,
        "documents.incoming_processed": incoming - rng.randint(0, incoming // 50),
        "documents.outgoing": outgoing,
        "advisory.program_planned": planned,
        "advisory.program_passed": planned - rng.randint(0, planned // 4),
        "advisory.legal_planned": legal_planned,
        "advisory.legal_issued": legal_planned - rng.randint(0, legal_planned // 4),
        "petitions.received": petitions,
        "petitions.eligible": eligible,
        "petitions.ineligible": petitions - eligible,
        "dossiers.received": received,
        "dossiers.received_online": rng.randint(received // 3, received),
        "dossiers.resolved": resolved,
        "dossiers.resolved_early": early,
        "dossiers.resolved_on_time": resolved - early - late,
        "dossiers.resolved_late": late,
    }


def _other_figures(rng, size, headline):
    """The remaining indicators of the catalogue (for `every_indicator`), parts below wholes."""

    def around(base):
        # At least 20: tiny counts (1 → 2) would raise year-on-year warnings every year.
        return max(20, int(base * size * rng.uniform(0.9, 1.1)))

    outgoing = headline["documents.outgoing"]
    key_tasks = around(120)
    gov_tasks = around(90)
    meetings = around(600)
    petitions = headline["petitions.received"]
    pending = around(3_000)
    turns, cases = around(400), around(300)
    regular, leaders = turns * 4 // 5, turns // 7
    cases_within = petitions // 5 + rng.randint(0, 20)
    resolved_cases = petitions // 5
    resolved = headline["dossiers.resolved"]
    return {
        "documents.total": headline["documents.incoming"] + outgoing,
        "advisory.gov_tasks_on_time": (gov_tasks - gov_tasks // 5)
        - rng.randint(0, gov_tasks // 10),
        "advisory.gov_tasks_overdue": rng.randint(0, gov_tasks // 10),
        "reception.cases_new": cases * 3 // 4,
        "reception.cases_old": cases - cases * 3 // 4,
        "reception.regular.turns": regular,
        "reception.regular.people": regular * 3 // 2,
        "reception.regular.cases": cases * 4 // 5,
        "reception.leaders.turns": leaders,
        "reception.leaders.people": leaders * 2,
        "reception.leaders.cases": cases // 6,
        "reception.online.turns": turns - regular - leaders,
        "reception.delegation_people": around(90),
        "petitions.guided": petitions // 4,
        "petitions.transferred": petitions // 4,
        "petitions.urged": petitions // 10,
        "petitions.cases_new": cases_within * 4 // 5,
        "petitions.cases_carried_over": cases_within - cases_within * 4 // 5,
        "petitions.complaints_correct": resolved_cases // 10,
        "petitions.complaints_partly": resolved_cases // 10,
        "petitions.complaints_wrong": resolved_cases // 4,
        "petitions.complaints_withdrawn": resolved_cases // 20,
        "petitions.denunciations_correct": resolved_cases // 20,
        "petitions.denunciations_partly": resolved_cases // 20,
        "petitions.denunciations_wrong": resolved_cases // 10,
        "petitions.denunciations_withdrawn": resolved_cases // 50,
        "dossiers.resolved_on_time_or_early": resolved - headline["dossiers.resolved_late"],
        "dossiers.digitised": headline["dossiers.received"] // 2,
        "dossiers.electronic_result": resolved // 2,
        "dossiers.paid_online": headline["dossiers.received"] // 10,
        "documents.outgoing_electronic": outgoing - rng.randint(0, outgoing // 10),
        "advisory.key_tasks": key_tasks,
        "advisory.key_tasks_monitored": key_tasks - rng.randint(0, key_tasks // 10),
        "advisory.council_submissions": around(60),
        "advisory.gov_tasks": gov_tasks,
        "advisory.gov_tasks_done": gov_tasks - rng.randint(0, gov_tasks // 5),
        "advisory.meetings": meetings,
        "advisory.meetings_online": rng.randint(meetings // 4, meetings // 2),
        "reception.periodic_sessions": around(12),
        "reception.adhoc_sessions": around(4),
        "reception.turns": around(400),
        "reception.people": around(650),
        "reception.cases": around(300),
        "reception.crowd_delegations": around(10),
        "petitions.complaints": petitions // 5,
        "petitions.denunciations": petitions // 12,
        "petitions.proposals": petitions // 2,
        "petitions.within_competence": petitions // 4,
        "petitions.cases_resolved": petitions // 5,
        "dossiers.carried_over": around(2_500),
        "dossiers.pending": pending,
        "dossiers.pending_overdue": rng.randint(0, pending // 30),
        "dossiers.returned_withdrawn": around(200),
    }


def ensure_offices(count):
    """At least `count` offices: the 63 of fixtures/units.json, then synthetic commune-level
    units (one office each, spread over the six regions) for the part beyond them."""
    missing = count - Office.objects.count()
    if missing <= 0:
        return
    regions = sorted(
        set(AdministrativeUnit.objects.exclude(region="").values_list("region", flat=True))
    )
    start = AdministrativeUnit.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
    units = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            slug=f"{SYNTHETIC_PREFIX}{n:04d}",
            name=f"Xã thử nghiệm {n:04d}",
            # bulk_create does not call save(), which keeps the keys.
            sort_key=vietnamese.sort_key(f"Xã thử nghiệm {n:04d}"),
            search_key=vietnamese.search_key(f"Xã thử nghiệm {n:04d}"),
            region=regions[n % len(regions)] if regions else "",
        )
        for n in range(start + 1, start + missing + 1)
    )
    Office.objects.bulk_create(Office(slug=u.slug, unit=u) for u in units)


def remove_synthetic_offices():
    """Undo `ensure_offices` (their reports must be gone first)."""
    Office.objects.filter(slug__startswith=SYNTHETIC_PREFIX).delete()
    AdministrativeUnit.objects.filter(slug__startswith=SYNTHETIC_PREFIX).delete()


def generate(office_count, years, seed=2025, every_indicator=False):
    """Reports for the first `office_count` offices for every year in `years`.

    Offices in order: today's units, then (with more than 34) synthetic ones if any, then
    those merged in 2025 (as if they had gone on). Like real data, not every office reports
    everything: about one report in twelve is missing, one in ten is still a draft, and one
    document count in fifteen is only approximate. With `every_indicator`, each report has
    every catalogued indicator instead of the 16 headline ones. Returns the offices used.
    """
    rng = random.Random(seed)
    more = random.Random(seed + 1)  # a second stream: the headline figures stay as they were
    # Today's 34 offices first, then those of units merged in 2025 (as if they had gone on).
    q = Office.objects.order_by(F("unit__ended").desc(nulls_first=True), "slug")
    offices = list(q[:office_count])
    indicators = dict(Indicator.objects.values_list("code", "id"))
    reports = []
    sizes = {}
    for office in offices:
        size = rng.uniform(0.4, 2.5)
        for year in years:
            size *= rng.uniform(0.97, 1.1)  # a few per cent of growth a year
            sizes[(office.id, year)] = size
            if rng.random() < 1 / 12 and year not in (years[0], years[-1]):
                continue  # a missing year in the middle: a gap in the trends
            start, end = Report.default_period(year)
            status = Report.Status.DRAFT if rng.random() < 0.1 else Report.Status.APPROVED
            reports.append(
                Report(office=office, year=year, status=status, period_start=start, period_end=end)
            )
    reports = Report.objects.bulk_create(reports, batch_size=2_000)
    rows = []  # (report id, indicator id, value, qualifier)
    for report in reports:
        size = sizes[(report.office_id, report.year)]
        values = _figures(rng, size)
        for code, value in values.items():
            qualifier = Qualifier.EXACT
            if code.startswith("documents.") and rng.random() < 1 / 15:
                qualifier = Qualifier.HON
                value = value // 100 * 100
            rows.append((report.id, indicators[code], value, qualifier))
        if every_indicator:
            for code, value in _other_figures(more, size, values).items():
                rows.append((report.id, indicators[code], value, Qualifier.EXACT))
    _insert_figures(rows)
    # Written in bulk, behind the write paths: the totals the pages read follow.
    totals.rebuild(Report.objects.filter(office__in=offices, year__in=years))
    return offices


def _insert_figures(rows):
    if connection.vendor != "postgresql" or len(rows) < COPY_THRESHOLD:
        Figure.objects.bulk_create(
            (Figure(report_id=r, indicator_id=i, value=v, qualifier=q) for r, i, v, q in rows),
            batch_size=2_000,
        )
        return
    # COPY fills the columns Django would: empty texts, no stated percentage, the stamp.
    now = datetime.now(UTC)
    columns = (
        "report_id, indicator_id, value, qualifier, round_in_text, not_applicable, comment, "
        "explanation, updated_at"
    )
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {Figure._meta.db_table} ({columns}) FROM STDIN") as copy:
            for report_id, indicator_id, value, qualifier in rows:
                row = (report_id, indicator_id, value, qualifier, False, False, "", "", now)
                copy.write_row(row)
