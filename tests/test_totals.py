"""Per-report totals (ReportTotal) equal what the report's figures say after every write
path: the JSON import, the entry form, the Excel upload, the admin and the workflow."""

import random
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from officereports.reports import catalog as catalog_module
from officereports.reports import totals, workflow
from officereports.reports.models import Figure, Qualifier, RateDefinition, Report, ReportTotal
from tests.conftest import entry_url, template_rows, upload_file, workbook_file
from tests.test_admin_audit import change_form
from tests.test_upload import _confirm


def stored_totals(report):
    rows = ReportTotal.objects.filter(report=report).order_by("code")
    return [
        (r.code, r.value, r.qualifier, r.stated, r.explained, r.numerator, r.denominator)
        for r in rows
    ]


def expected_totals(report):
    """The totals computed another way: from the report's figures, and its rates' terms as
    `Report.rate_results` gives them (exact counts only)."""
    catalog = catalog_module.load(include_inactive=True)
    report = Report.objects.get(pk=report.pk)
    out = []
    for f in report.figures.select_related("indicator"):
        explained = bool(f.explanation.strip())
        if f.value is None and f.stated_percent is None and not explained:
            continue
        qualifier = f.qualifier if f.value is not None else ""
        out.append((f.indicator.code, f.value, qualifier, f.stated_percent, explained, None, None))
    for code, result in report.rate_results(catalog).items():
        if result.denominator is not None:
            out.append((code, None, "", None, False, result.numerator, result.denominator))
    return sorted(out)


def assert_totals_match(report):
    found = stored_totals(report)
    assert found == expected_totals(report)
    return found


def test_the_imported_seed_reports_have_their_totals(seed_reports):
    khanh_hoa, hue = seed_reports
    for report in seed_reports:
        assert_totals_match(report)
    hue_rows = {row[0]: row for row in stored_totals(hue)}
    # Huế 2022: 81.948 of 83.408 dossiers resolved.
    assert hue_rows["rate.dossiers_resolved"][5:] == (81948, 83408)
    assert hue_rows["dossiers.received"][1:3] == (83408, "exact")
    # Khánh Hòa 2020 writes "hơn 52.900" documents: a count, never a rate's term.
    assert khanh_hoa.figures.filter(qualifier=Qualifier.HON).exists()
    approximate = [row for row in stored_totals(khanh_hoa) if row[2] == Qualifier.HON]
    assert approximate and all(row[5] is None for row in approximate)


def test_the_entry_form_save_refreshes_the_totals(client, entry, draft_hue):
    data = entry()
    data["dossiers.resolved-value"] = "82.000"
    data["documents.incoming-value"] = "52.900"
    data["documents.incoming-qualifier"] = Qualifier.HON
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 302
    rows = {row[0]: row for row in assert_totals_match(draft_hue)}
    assert rows["rate.dossiers_resolved"][5:] == (82000, 83408)
    assert rows["documents.incoming"][1:3] == (52900, Qualifier.HON)
    assert "rate.documents_processed" not in rows  # a term is only "hơn": no rate


def test_the_upload_confirm_refreshes_the_totals(client, staff, draft_hue):
    client.force_login(staff)
    response = client.get(reverse("reports:template", args=["thua-thien-hue", 2022]))
    wb = load_workbook(BytesIO(response.content))
    ws = wb["Số liệu"]
    rows = template_rows(ws)
    ws.cell(rows["dossiers.resolved"], 5).value = 80000
    ws.cell(rows["dossiers.received"], 5).value = None
    assert upload_file(client, workbook_file(wb)).status_code == 302
    page = client.get(reverse("reports:upload", args=["thua-thien-hue", 2022]))
    assert _confirm(client, page.context["pending"]["token"]).status_code == 302
    found = {row[0]: row for row in assert_totals_match(draft_hue)}
    assert "dossiers.received" not in found and "rate.dossiers_resolved" not in found
    assert found["dossiers.resolved"][1] == 80000


def test_the_admin_save_refreshes_the_totals(client, admin_user, draft_hue):
    client.force_login(admin_user)
    data = change_form(client, draft_hue)
    prefix = next(
        key.removesuffix("-value")
        for key, value in data.items()
        if key.startswith("figures-") and key.endswith("-value") and value == "83408"
    )
    data[f"{prefix}-value"] = "90000"
    data["_save"] = "Lưu lại"
    response = client.post(reverse("admin:reports_report_change", args=[draft_hue.pk]), data)
    assert response.status_code == 302
    found = {row[0]: row for row in assert_totals_match(draft_hue)}
    assert found["rate.dossiers_resolved"][5:] == (81948, 90000)


def test_an_edited_rate_formula_rewrites_that_rates_totals(client, admin_user, seed_reports):
    """The admin saves a rate with a new denominator: every report's rows of that rate are
    rewritten from the counts the totals hold, as the figures give them."""
    khanh_hoa, hue = seed_reports
    definition = RateDefinition.objects.get(code="rate.dossiers_resolved")
    client.force_login(admin_user)
    url = reverse("admin:reports_ratedefinition_change", args=[definition.pk])
    data = {
        field: value
        for field, value in client.get(url).context["adminform"].form.initial.items()
        if value is not None
    }
    data["numerator"] = '["dossiers.resolved"]'
    data["denominator"] = '["dossiers.received", "petitions.received"]'
    data["stated_on"] = definition.stated_on_id
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    # Huế 2022: 81.948 over 83.408 dossiers + 754 petitions.
    found = {row[0]: row for row in assert_totals_match(hue)}
    assert found["rate.dossiers_resolved"][5:] == (81948, 84162)
    assert_totals_match(khanh_hoa)


def test_a_workflow_step_bumps_the_version_and_keeps_the_totals(chief, hue_report):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.SUBMITTED)
    report = Report.objects.get(pk=hue_report.pk)
    before = report.version
    # Figures written behind the app's back: the next write path puts the totals right.
    Figure.objects.filter(report=report, indicator__code="dossiers.received").update(value=1)
    workflow.transition(report, "return", chief, "Sai số hồ sơ tiếp nhận")
    assert Report.objects.get(pk=report.pk).version == report.version == before + 1
    found = {row[0]: row for row in assert_totals_match(report)}
    assert found["dossiers.received"][1] == 1


def test_a_random_report_and_the_rebuild_command(seed_reports, hue):
    catalog = catalog_module.load()
    rng = random.Random(13)
    report = Report.objects.create(office=hue, year=2023)
    qualifiers = [q.value for q in Qualifier]
    for indicator in catalog.indicators.values():
        if rng.random() < 0.2:
            continue
        Figure.objects.create(
            report=report,
            indicator=indicator,
            value=rng.randrange(0, 5000) if rng.random() < 0.9 else None,
            qualifier=rng.choice(qualifiers) if rng.random() < 0.2 else Qualifier.EXACT,
            stated_percent=Decimal("97.5") if rng.random() < 0.1 else None,
            explanation="Giải trình." if rng.random() < 0.1 else "",
        )
    totals.refresh(report)
    rows = assert_totals_match(report)
    assert len(rows) > len(catalog.indicators) // 2
    ReportTotal.objects.all().delete()
    call_command("rebuild_totals", stdout=open("/dev/null", "w"))
    for each in (report, *seed_reports):
        assert_totals_match(each)


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ([], []),
        (
            [("a.x", 5, "exact", None, ""), ("a.y", 10, "exact", None, " ")],
            [
                totals.Row("a.x", 5, "exact"),
                totals.Row("a.y", 10, "exact"),
                totals.Row("r", numerator=5, denominator=10),
            ],
        ),
        (
            [("a.x", 5, "hon", Decimal("50.00"), "vì sao"), ("a.y", 10, "exact", None, "")],
            [
                totals.Row("a.x", 5, "hon", Decimal("50.00"), True),
                totals.Row("a.y", 10, "exact"),
            ],
        ),
        (
            [("a.x", None, "exact", Decimal("50.00"), ""), ("a.y", 0, "exact", None, "")],
            [totals.Row("a.x", None, "", Decimal("50.00")), totals.Row("a.y", 0, "exact")],
        ),
    ],
)
def test_rows_of_a_report_without_a_database(figures, expected):
    from officereports.reports.rates import RateSpec

    assert totals.rows_of(figures, [RateSpec("r", ("a.x",), ("a.y",), 1)]) == expected
