"""The benchmark's own pieces (bench/): generated data and the server-side query counter."""

from django.conf import settings
from django.test import override_settings

from bench import data
from bench.server import QUERIES_HEADER
from officereports.reports import checks
from officereports.reports.models import Office, Report


def test_generated_reports_have_every_indicator_and_break_no_rule(catalog):
    data.generate(6, [2024, 2025], every_indicator=True)
    names = {code: i.name for code, i in catalog.indicators.items()}
    reports = Report.objects.prefetch_related("figures__indicator")
    assert reports.count() == 12
    for report in reports:
        figures = report.figure_map()
        assert set(figures) == set(catalog.indicators)
        approximate = [code for code, f in figures.items() if not f.is_exact]
        found = checks.evaluate(catalog.checks, report.values(), names, approximate=approximate)
        assert checks.errors(found) == []


def test_synthetic_offices_come_and_go(db):
    real = Office.objects.count()
    data.ensure_offices(real + 7)
    assert Office.objects.count() == real + 7
    assert Office.objects.filter(slug__startswith=data.SYNTHETIC_PREFIX).count() == 7
    data.remove_synthetic_offices()
    assert Office.objects.count() == real


# What bench/settings.py adds to the application's settings.
BENCH_TEMPLATES = [
    {
        **settings.TEMPLATES[0],
        "DIRS": [*settings.TEMPLATES[0]["DIRS"], settings.BASE_DIR / "bench" / "templates"],
    }
]


@override_settings(
    ROOT_URLCONF="bench.server",
    MIDDLEWARE=["bench.server.count_queries", *settings.MIDDLEWARE],
    TEMPLATES=BENCH_TEMPLATES,
)
def test_the_bench_server_says_how_many_queries_a_request_ran(client, leader):
    response = client.get("/bench/minimal/")
    assert response[QUERIES_HEADER] == "0"
    assert "<li>một</li>" in response.text
    client.force_login(leader)
    # The session, the user, their memberships.
    assert client.get("/bench/minimal-login/")[QUERIES_HEADER] == "3"
