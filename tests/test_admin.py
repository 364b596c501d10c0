"""The admin lets an administrator read and correct every model, in Vietnamese."""

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
