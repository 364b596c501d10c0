"""The data version (versions.py): moved by database triggers with every write to what pages
show, whatever wrote it; read in one query."""

import threading

import pytest
from django.apps import apps
from django.contrib.auth.models import update_last_login
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from officereports.reports import versions
from officereports.reports.models import (
    AdministrativeUnit,
    Attendee,
    AuditEntry,
    Figure,
    Indicator,
    Membership,
    Office,
    RateDefinition,
    Report,
    Role,
)


def test_every_write_moves_the_version_and_reading_does_not(hue_report, staff):
    seen = [versions.current()]

    def moved():
        seen.append(versions.current())
        return len(set(seen)) == len(seen)

    figure = Figure.objects.get(report=hue_report, indicator__code="dossiers.resolved")
    figure.value = 81_949
    figure.save()
    assert moved()
    hue_report.status = Report.Status.RETURNED
    hue_report.save()
    assert moved()
    Indicator.objects.filter(code="dossiers.resolved").update(name="Hồ sơ đã giải quyết xong")
    assert moved()
    RateDefinition.objects.filter(code="rate.gov_tasks_done").delete()
    assert moved()
    Attendee.objects.bulk_create([Attendee(report=hue_report, name="Nguyễn Văn A", position=9)])
    assert moved()
    Membership.objects.filter(user=staff).update(role=Role.CHIEF)
    assert moved()
    unit = AdministrativeUnit.objects.create(slug="xa-moi", name="Xã Mới")
    Office.objects.create(slug="xa-moi", unit=unit)
    assert moved()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reports_figure SET comment = 'sửa tay' WHERE id = %s", [figure.pk])
    assert moved()
    figure.delete()
    assert moved()
    # Reading and writing the audit log change nothing.
    list(Figure.objects.all())
    AuditEntry.objects.create(report=hue_report, source="form", field="x")
    assert versions.current() == seen[-1]


def test_a_users_name_moves_the_version_and_a_login_does_not(staff):
    before = versions.current()
    update_last_login(None, staff)
    assert versions.current() == before
    staff.first_name = "Lan"
    staff.save()
    renamed = versions.current()
    assert renamed != before
    staff.delete()
    assert versions.current() != renamed


def test_the_version_is_one_query(hue_report):
    with CaptureQueriesContext(connection) as queries:
        versions.current()
    assert len(queries.captured_queries) == 1


def test_every_table_pages_read_has_the_trigger(db):
    """A model added later must get its trigger (a migration calling versions.trigger_sql)."""
    tables = {m._meta.db_table for m in apps.get_app_config("reports").get_models()}
    if connection.vendor == "postgresql":
        sql = (
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s"
        )
        params = [versions.TRIGGER]
    else:
        sql = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
        params = [versions.TRIGGER + "%"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        triggered = {row[0] for row in cursor.fetchall()}
    assert triggered == (tables - versions.UNTRACKED) | {versions.USER_TABLE}
    assert "reports_figure" in triggered


def test_an_emptied_table_gives_no_version_to_cache_under(db):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_dataversion")
    first, second = versions.current(), versions.current()
    assert first != second
    assert first.startswith("none-")
    # The next write brings the row back.
    AdministrativeUnit.objects.filter(slug="khanh-hoa").update(name="Khánh Hòa")
    assert versions.current() == versions.current()
    assert versions.current().startswith("1-")


def _read_in_another_connection(read):
    """`read()` in a thread of its own, hence on a database connection of its own."""
    result = []

    def run():
        try:
            result.append(read())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]


# A second connection to SQLite's in-memory test database sees nothing of the first; the
# rule holds there too (SQLite has one writer at a time), but only PostgreSQL can show it.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a second connection")
@pytest.mark.django_db(transaction=True)
def test_the_new_version_is_seen_with_the_data_it_stands_for(hue):
    """The bump is part of the writing transaction: another connection reads the old version
    until the commit, then the new one together with the change."""
    before = versions.current()
    with transaction.atomic():
        hue.unit.name = "Huế"
        hue.unit.save()
        assert versions.current() != before
        assert _read_in_another_connection(versions.current) == before
    after = _read_in_another_connection(versions.current)
    assert after == versions.current() != before
