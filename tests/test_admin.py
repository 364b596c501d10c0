"""The admin lets an administrator read and correct every model, in Vietnamese."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from officereports.reports import models


def test_every_model_of_the_app_is_registered():
    app_models = {m for m in admin.site._registry if m._meta.app_label == "reports"}
    expected = {
        m
        for m in models.__dict__.values()
        if isinstance(m, type)
        and issubclass(m, models.models.Model)
        and m._meta.app_label == "reports"
    }
    # Former names, section units and conference rows are edited inline on their parent.
    inline_only = {
        models.UnitName,
        models.SectionUnit,
        models.Figure,
        models.Conference,
        models.Attendee,
        models.Directive,
        models.Award,
    }
    # Derived from the figures with every write (totals.py), or a cache of built workbooks
    # (exports.py): never edited by hand.
    derived = {models.ReportTotal, models.Export}
    assert app_models == expected - inline_only - derived


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label == "reports"],
    ids=lambda m: m.__name__,
)
def test_every_changelist_opens(client, admin_user, seed_reports, model):
    client.force_login(admin_user)
    url = reverse(f"admin:reports_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200


def test_the_seed_report_opens_with_its_figures_in_vietnamese(client, admin_user, draft_hue):
    # A draft: an approved report opens read-only (tests/test_locking.py).
    client.force_login(admin_user)
    response = client.get(reverse("admin:reports_report_change", args=[draft_hue.pk]))
    assert response.status_code == 200
    assert "Hồ sơ đã giải quyết" in response.text
    assert 'value="81948"' in response.text
    assert "Quản trị Báo cáo công tác Văn phòng UBND" in response.text


def test_an_administrator_corrects_a_unit_name(client, admin_user):
    client.force_login(admin_user)
    unit = models.AdministrativeUnit.objects.get(slug="khanh-hoa")
    response = client.get(reverse("admin:reports_administrativeunit_change", args=[unit.pk]))
    assert response.status_code == 200
    assert "Khánh Hòa" in response.text


def test_an_administrator_adds_an_indicator_with_its_verb_and_noun(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:reports_indicator_add"))
    assert 'name="verb"' in response.text and 'name="noun"' in response.text
    response = client.post(
        reverse("admin:reports_indicator_add"),
        {
            "code": "dossiers.mobile",
            "section": "dossiers",
            "name": "Hồ sơ nộp qua ứng dụng di động",
            "name_en": "",
            "unit": "hồ sơ",
            "verb": "tiếp nhận",
            "noun": "hồ sơ qua ứng dụng di động",
            "position": "999",
            "is_active": "on",
            "aggregation": "sum",
            "description": "",
        },
    )
    assert response.status_code == 302
    indicator = models.Indicator.objects.get(code="dossiers.mobile")
    assert (indicator.verb, indicator.noun) == ("tiếp nhận", "hồ sơ qua ứng dụng di động")

    changelist = client.get(reverse("admin:reports_indicator_changelist") + "?q=di+động")
    assert "hồ sơ qua ứng dụng di động" in changelist.text

    from officereports.reports import catalog

    assert catalog.load().indicators["dossiers.mobile"].verb == "tiếp nhận"


def test_an_administrator_edits_the_stated_change_of_a_figure_and_it_is_audited(
    client, admin_user, draft_hue
):
    client.force_login(admin_user)
    url = reverse("admin:reports_report_change", args=[draft_hue.pk])
    from tests.conftest import form_data

    data = form_data(client.get(url).text, "report_form")
    figures = draft_hue.figures.order_by("indicator__position")
    index = list(figures.values_list("indicator__code", flat=True)).index("dossiers.resolved")
    data[f"figures-{index}-stated_change"] = "-4.1"
    data[f"figures-{index}-percent_of"] = "tổng số hồ sơ"
    unit = draft_hue.section_units.get(section="dossiers")
    units = list(draft_hue.section_units.order_by("pk").values_list("pk", flat=True))
    data[f"section_units-{units.index(unit.pk)}-province_wide"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    figure = draft_hue.figures.get(indicator__code="dossiers.resolved")
    assert (figure.stated_change, figure.percent_of) == (Decimal("-4.10"), "tổng số hồ sơ")
    entries = models.AuditEntry.objects.filter(report=draft_hue, source="admin")
    assert set(entries.values_list("field", "old_value", "new_value")) == {
        ("dossiers.resolved:stated_change", "", "-4.1"),
        ("dossiers.resolved:percent_of", "", "tổng số hồ sơ"),
        ("province_wide.dossiers", "False", "True"),
    }
