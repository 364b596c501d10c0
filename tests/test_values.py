"""values.ReportValues: a report's numbers, the one place their exactness, rates and checks
are derived from, whoever builds them (a saved report, the entry page, an upload, the
dashboard's totals)."""

from decimal import Decimal

from officereports.reports import checks, entry
from officereports.reports.values import ReportValues


def test_approximate_counts_are_kept_but_rates_use_only_exact_ones(catalog):
    numbers = ReportValues.of(
        [
            ("advisory.program_passed", 159, "", None, ""),
            ("advisory.program_planned", 206, "exact", None, ""),
            ("documents.incoming", 52900, "hon", None, ""),
            ("dossiers.resolved", None, "", Decimal("98.20"), "Theo báo cáo của Sở"),
        ]
    )
    assert numbers.values == {
        "advisory.program_passed": 159,
        "advisory.program_planned": 206,
        "documents.incoming": 52900,
    }
    assert numbers.qualifiers == {"documents.incoming": "hon"}
    assert numbers.exact == {"advisory.program_passed": 159, "advisory.program_planned": 206}
    assert numbers.is_exact("advisory.program_passed")
    assert not numbers.is_exact("documents.incoming")
    assert numbers.stated == {"dossiers.resolved": Decimal("98.20")}
    assert numbers.explained == {"dossiers.resolved"}
    result = numbers.rate(catalog, "rate.program_completion")
    assert (result.numerator, result.denominator, result.computed) == (159, 206, Decimal("77.18"))


def test_an_identity_is_not_judged_on_an_approximate_count(catalog):
    exact = ReportValues.of(
        [
            ("petitions.received", 100, "", None, ""),
            ("petitions.eligible", 60, "", None, ""),
            ("petitions.ineligible", 30, "", None, ""),
        ]
    )
    assert [(f.check, f.severity, f.field) for f in exact.findings(catalog)] == [
        ("petitions.parts_eq_received", "warning", "petitions.received")
    ]
    approximate = ReportValues.of(
        [
            ("petitions.received", 100, "hon", None, ""),
            ("petitions.eligible", 60, "", None, ""),
            ("petitions.ineligible", 30, "", None, ""),
        ]
    )
    assert approximate.findings(catalog) == []


def test_findings_name_errors_shares_and_year_on_year_changes(catalog):
    numbers = ReportValues.of(
        [
            ("dossiers.received", 100, "", None, ""),
            ("dossiers.received_online", 120, "", Decimal("120"), ""),
        ]
    )
    previous = ReportValues.of([("dossiers.received", 40, "", None, "")])
    found = [(f.check, f.severity, f.field) for f in numbers.findings(catalog, previous)]
    assert found == [
        ("dossiers.online_le_received", "error", "dossiers.received_online"),
        ("year_on_year", "warning", "dossiers.received"),
        (checks.STATED_SHARE, "error", "dossiers.received_online"),
    ]


def test_the_entry_pages_strings_and_a_saved_reports_figures_give_the_same_numbers(
    catalog, hue_report
):
    """The entry page judges what would be stored; a saved report what is stored: the same
    numbers either way."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([hue_report], "figures__indicator")
    saved = hue_report.numbers()
    states = {f.indicator.code: entry.figure_state(f) for f in hue_report.figures.all()}
    typed = entry.numbers_of(states)
    assert typed.values == saved.values and typed.qualifiers == saved.qualifiers
    assert typed.rate_results(catalog) == saved.rate_results(catalog)
    assert saved.rate(catalog, "rate.program_completion").computed == Decimal("77.18")
