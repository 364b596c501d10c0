"""The domain model and the database's own guarantees, on SQLite and PostgreSQL."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from officereports.reports.models import AdministrativeUnit, Figure, Indicator, Office, Report


def test_the_catalogue_holds_every_code_of_the_domain(catalog):
    assert len(catalog.indicators) == 69
    assert list(catalog.indicators)[:4] == [
        "documents.incoming",
        "documents.incoming_processed",
        "documents.outgoing",
        "documents.outgoing_electronic",
    ]
    assert catalog.indicators["dossiers.resolved_on_time"].unit == "hồ sơ"
    assert len(catalog.rates) == 14
    # Early and on-time returns, or the one count many offices publish (rates.DERIVED).
    assert catalog.rates["rate.dossiers_on_time"].numerator == [
        "dossiers.resolved_on_time_or_early"
    ]
    assert catalog.rates["rate.petitions_cases_resolved"].denominator == [
        "petitions.cases_new",
        "petitions.cases_carried_over",
    ]
    assert len([c for c in catalog.checks if c.severity == "error"]) == 19
    assert len([c for c in catalog.checks if c.severity == "warning"]) == 14
    # Every indicator has its wording in the article.
    assert all(i.verb and i.noun for i in catalog.indicators.values())
    assert (
        catalog.indicators["dossiers.digitised"].verb,
        catalog.indicators["dossiers.digitised"].noun,
    ) == ("số hóa", "hồ sơ")


def test_there_are_63_units_before_the_merger_and_34_after(db):
    before = AdministrativeUnit.objects.exclude(ended__lt=date(2025, 6, 30))
    after = AdministrativeUnit.objects.filter(ended__isnull=True)
    assert before.count() == 63
    assert after.count() == 34
    assert Office.objects.count() == 63


def test_the_hue_office_is_named_as_it_was_in_the_report_year(hue):
    assert hue.name(2022) == "Văn phòng UBND tỉnh Thừa Thiên Huế"
    assert hue.name(2024) == "Văn phòng UBND tỉnh Thừa Thiên Huế"
    assert hue.name(2025) == "Văn phòng UBND thành phố Huế"
    assert hue.unit.label(2022) == "tỉnh Thừa Thiên Huế"
    assert hue.unit.label(2025) == "thành phố Huế"
    assert hue.slug == "thua-thien-hue"


def test_a_merged_units_predecessors_are_reachable(khanh_hoa):
    parts = list(khanh_hoa.unit.predecessors())
    assert [p.slug for p in parts] == ["ninh-thuan"]
    ninh_thuan = parts[0]
    assert ninh_thuan.ended == date(2025, 6, 30)
    assert ninh_thuan.label(2024) == "tỉnh Ninh Thuận"
    # A report of an ended unit still reads under its own name.
    assert Office.objects.get(slug="ninh-thuan").name(2024) == "Văn phòng UBND tỉnh Ninh Thuận"
    ho_chi_minh = AdministrativeUnit.objects.get(slug="ho-chi-minh")
    assert sorted(p.slug for p in ho_chi_minh.predecessors()) == ["ba-ria-vung-tau", "binh-duong"]


def test_a_report_defaults_to_the_legal_reporting_period(hue):
    report = Report.objects.create(office=hue, year=2023)
    assert report.period_start == date(2022, 12, 15)
    assert report.period_end == date(2023, 12, 14)
    assert report.status == Report.Status.DRAFT


def test_the_database_refuses_a_second_report_for_the_same_office_and_year(hue):
    Report.objects.create(office=hue, year=2023)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(office=hue, year=2023)
    assert Report.objects.filter(office=hue, year=2023).count() == 1


def test_the_database_refuses_a_negative_figure(hue):
    report = Report.objects.create(office=hue, year=2023)
    indicator = Indicator.objects.get(code="dossiers.received")
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(report=report, indicator=indicator, value=-1)
    assert not Figure.objects.filter(report=report).exists()


def test_the_database_refuses_two_figures_for_one_indicator(hue):
    report = Report.objects.create(office=hue, year=2023)
    indicator = Indicator.objects.get(code="dossiers.received")
    Figure.objects.create(report=report, indicator=indicator, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(report=report, indicator=indicator, value=2)


def test_the_database_refuses_a_period_that_ends_before_it_starts(hue):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            office=hue, year=2023, period_start=date(2023, 12, 14), period_end=date(2023, 1, 1)
        )


def test_seed_rates_come_from_the_report(hue_report, catalog):
    results = hue_report.rate_results(catalog)
    assert results["rate.program_completion"].shown == Decimal("77.18")
    assert results["rate.legal_completion"].shown == Decimal("57.89")
    assert results["rate.dossiers_resolved"].shown == Decimal("98.2")
    assert results["rate.petitions_eligible"].shown == Decimal("96.55")
    # Only the percentage was published for key tasks: it is shown as stated.
    assert results["rate.key_tasks_monitored"].computed is None
    assert results["rate.key_tasks_monitored"].shown == Decimal("100")
    assert results["rate.dossiers_on_time"].shown is None
    assert not any(r.disagrees for r in results.values())


def test_approximate_counts_give_no_computed_rate(khanh_hoa_report, catalog):
    results = khanh_hoa_report.rate_results(catalog)
    # "hơn 52.900" received and "hơn 52.900" processed is not a measured 100%.
    assert results["rate.documents_processed"].computed is None
    assert results["rate.documents_processed"].shown is None
    assert results["rate.dossiers_on_time"].shown == Decimal("100")


def test_a_missing_figure_is_absent_not_zero(hue_report):
    values = hue_report.values()
    assert "documents.incoming" not in values
    assert "advisory.key_tasks_monitored" not in values  # only its percentage is known
    assert values["reception.periodic_sessions"] == 26


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ICU collations exist only on PostgreSQL"
)
def test_province_names_sort_in_vietnamese_order(db):
    names = list(AdministrativeUnit.objects.order_by("name").values_list("name", flat=True))
    assert (
        names.index("Đà Nẵng")
        < names.index("Đắk Lắk")
        < names.index("Đắk Nông")
        < names.index("Điện Biên")
    )
    assert names.index("Điện Biên") < names.index("Đồng Nai") < names.index("Gia Lai")
    # a < ă < â: Cao Bằng before Cần Thơ.
    assert names.index("Cà Mau") < names.index("Cao Bằng") < names.index("Cần Thơ")
    assert names[0] == "An Giang"
    assert names[-1] == "Yên Bái"


def test_offices_expected_for_a_year_follow_the_merger(db):
    assert Office.objects.expected_in(2024).count() == 63
    assert Office.objects.expected_in(2025).count() == 63  # Ninh Thuận reported for part of 2025
    assert Office.objects.expected_in(2026).count() == 34


def test_a_report_knows_the_previous_year(hue):
    earlier = Report.objects.create(office=hue, year=2021)
    later = Report.objects.create(office=hue, year=2022)
    assert later.previous() == earlier
    assert earlier.previous() is None


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_an_office_is_expected_in_a_year_by_the_same_rule_in_python_and_in_sql(db, year):
    offices = Office.objects.select_related("unit")
    in_sql = set(offices.expected_in(year).values_list("id", flat=True))
    assert {o.id for o in offices if o.is_expected_in(year)} == in_sql
    # 63 units existed in 2024 and during 2025 (the mergers took effect on 01/07/2025).
    assert len(in_sql) == (63 if year <= 2025 else 34)
