"""A generated multi-year data set: many offices × years of plausible figures.

Used by the benchmark and by the dashboard's query-count tests. Deterministic (seeded), and
written with bulk inserts so that 40 offices × 10 years take well under a second.
"""

import random

from django.db.models import F

from officereports.reports.models import Figure, Indicator, Office, Qualifier, Report


def _figures(rng, size):
    """One report's counts around an office's `size` (1 = a mid-sized province), respecting
    the catalogue's parts-of-a-whole rules."""
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


def generate(office_count, years, seed=2025):
    """Reports for the first `office_count` offices (by slug) for every year in `years`.

    Like real data, not every office reports everything: about one report in twelve is
    missing, one in ten is still a draft, and one figure in fifteen is only approximate.
    Returns the offices used.
    """
    rng = random.Random(seed)
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
    reports = Report.objects.bulk_create(reports)
    figures = []
    for report in reports:
        for code, value in _figures(rng, sizes[(report.office_id, report.year)]).items():
            qualifier = Qualifier.EXACT
            if code.startswith("documents.") and rng.random() < 1 / 15:
                qualifier = Qualifier.HON
                value = value // 100 * 100
            figures.append(
                Figure(
                    report=report, indicator_id=indicators[code], value=value, qualifier=qualifier
                )
            )
    Figure.objects.bulk_create(figures, batch_size=2_000)
    return offices
