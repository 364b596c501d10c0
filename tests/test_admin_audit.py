"""Changes made in the admin are audited like those of the entry page (source "admin")."""

from django.urls import reverse

from officereports.reports.models import AuditEntry, Report


def change_form(client, report):
    """The admin change form's fields for `report`, as a browser would post them."""
    from tests.conftest import form_data

    html = client.get(reverse("admin:reports_report_change", args=[report.pk])).text
    return form_data(html, form_id="report_form")


def test_an_admin_change_of_a_figure_and_a_row_is_audited(client, admin_user, draft_hue):
    # A draft: an approved report is read-only in the admin (tests/test_locking.py).
    hue_report = draft_hue
    client.force_login(admin_user)
    data = change_form(client, hue_report)
    figure_prefix = next(
        key.removesuffix("-value")
        for key, value in data.items()
        if key.startswith("figures-") and key.endswith("-value") and value == "83408"
    )
    data[f"{figure_prefix}-value"] = "83409"
    data["attendees-0-title"] = "Chủ tịch UBND tỉnh Thừa Thiên Huế"
    data["_save"] = "Lưu lại"

    response = client.post(reverse("admin:reports_report_change", args=[hue_report.pk]), data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    q = AuditEntry.objects.filter(report=hue_report, source="admin").order_by("field")
    assert list(q.values_list("field", "old_value", "new_value", "user__username")) == [
        ("attendee.title", "Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh Thừa Thiên Huế", "admin"),
        ("dossiers.received", "83408", "83409", "admin"),
    ]
    # A page opened before the change cannot overwrite it.
    assert Report.objects.get(pk=hue_report.pk).version > hue_report.version
