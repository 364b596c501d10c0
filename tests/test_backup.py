"""The JSON export is a backup: export every report, empty the reports (the migrated units,
offices and catalogue stay), import the file, and every page and workbook is as before.

Time stands still in the test, so even the workbooks' "exported at" cells compare equal. Not
compared: the history (the audit trail is not exported) and the completeness page's "last
change" columns (when and by whom a report was last written: after a restore, the import).
"""

import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from officereports.reports import workflow
from officereports.reports.models import (
    AuditEntry,
    Award,
    Conference,
    Figure,
    Office,
    Qualifier,
    Report,
)

NOON = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


@pytest.fixture
def every_kind_of_content(seed_reports, staff, catalog):
    """The seed reports, plus what they lack: a conference date and part of the day, an
    approximate figure rounded in the text, a comment and an explanation, an award with a
    count and one with names, a returned report and a new draft started from it."""
    khanh_hoa, hue = seed_reports
    Conference.objects.update_or_create(
        report=hue,
        defaults={
            "date": date(2022, 12, 28),
            "part_of_day": Conference.PartOfDay.CHIEU,
            "title": "Hội nghị tổng kết công tác năm 2022",
            "place": "Hội trường Văn phòng",
        },
    )
    figure = Figure.objects.get(report=hue, indicator__code="dossiers.received")
    figure.qualifier = Qualifier.HON
    figure.round_in_text = True
    figure.comment = "Gồm hồ sơ trực tuyến"
    figure.explanation = "Trung tâm tiếp nhận thêm hồ sơ của các sở"
    figure.save()
    Award.objects.create(
        report=hue, position=3, recipient_kind="ca_nhan", title="Giấy khen", count=3
    )
    Award.objects.create(
        report=hue,
        position=4,
        recipient_kind="tap_the",
        title="Bằng khen",
        issuer="UBND tỉnh",
        recipients="Phòng Tổng hợp\nPhòng Hành chính – Tổ chức",
    )
    Report.objects.filter(pk=hue.pk).update(status=Report.Status.RETURNED)
    later = workflow.start(hue.office, 2023, staff)
    later.figures.create(indicator=catalog.indicators["dossiers.received"], value=90_000)
    later.figures.create(
        indicator=catalog.indicators["dossiers.resolved"],
        value=88_000,
        stated_percent=Decimal("97.8"),
    )
    return Report.objects.order_by("office__slug", "year")


# The CSRF token of the logout form changes with every page: it is not content.
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _pages(client):
    urls = [reverse("reports:summary", args=[r.office.slug, r.year]) for r in _reports()]
    for year in (2020, 2022, 2023):
        urls += [
            reverse("reports:rollup", args=[year]),
            reverse("reports:dashboard") + f"?year={year}",
        ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = TOKEN.sub("", response.text)
    return pages


def _cells(content):
    wb = load_workbook(BytesIO(content))
    return {
        (ws.title, cell.coordinate): cell.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }


def _workbooks(client):
    urls = []
    for r in _reports():
        urls.append(reverse("reports:workbook", args=[r.office.slug, r.year]))
        urls.append(reverse("reports:template", args=[r.office.slug, r.year]))
    for slug in ("khanh-hoa", "thua-thien-hue"):
        urls.append(reverse("reports:years_workbook", args=[slug]))
    urls += [reverse("reports:offices_workbook") + f"?year={y}" for y in (2020, 2022, 2023)]
    urls.append(reverse("reports:offices_workbook"))
    books = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        books[url] = _cells(response.content)
    return books


def _reports():
    return Report.objects.select_related("office").order_by("office__slug", "year")


def _database():
    """Everything a report holds, keyed by office and year (not by row id)."""
    out = {}
    for r in _reports().prefetch_related(
        "figures__indicator", "section_units", "attendees", "directives", "awards"
    ):
        conference = Conference.objects.filter(report=r).values(
            "date", "part_of_day", "title", "place"
        )
        out[(r.office.slug, r.year)] = {
            "report": (r.status, r.period_start, r.period_end, r.headline, r.byline, r.source),
            "figures": sorted(
                (f.indicator.code, f.value, f.qualifier, f.round_in_text, f.stated_percent)
                + (f.comment, f.explanation)
                for f in r.figures.all()
            ),
            "units": sorted((s.section, s.unit_name) for s in r.section_units.all()),
            "conference": list(conference),
            "attendees": [(a.position, a.honorific, a.name, a.title) for a in r.attendees.all()],
            "directives": [
                (d.position, d.speaker, d.speaker_title, d.content) for d in r.directives.all()
            ],
            "awards": [
                (a.position, a.recipient_kind, a.title, a.issuer, a.count, a.is_many)
                + (a.recipients,)
                for a in r.awards.all()
            ],
        }
    return out


@time_machine.travel(NOON, tick=False)
def test_export_then_import_into_an_empty_database_gives_the_same_pages_and_workbooks(
    client, admin_user, every_kind_of_content, tmp_path
):
    client.force_login(admin_user)
    database, pages, books = _database(), _pages(client), _workbooks(client)
    offices, units = Office.objects.count(), len(every_kind_of_content)
    backup = tmp_path / "backup.json"
    call_command("export_reports", "-o", str(backup))

    Report.objects.all().delete()
    emptied = (Report.objects.count(), Figure.objects.count(), AuditEntry.objects.count())
    assert emptied == (0, 0, 0)
    call_command("import_reports", str(backup), stdout=StringIO())

    assert Office.objects.count() == offices
    assert Report.objects.count() == units == 3
    assert _database() == database
    # The audit trail is not part of the interchange: the history starts with the import.
    assert set(AuditEntry.objects.values_list("source", flat=True)) == {"import"}
    assert _pages(client) == pages
    assert _workbooks(client) == books
