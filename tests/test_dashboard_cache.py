"""What the dashboard caches is keyed by what it reads (dashboard.data_key): a save in one
office changes the key of the scopes that hold it and of no other; nothing in the database
counts writes for the whole country."""

from django.db import connection
from django.db.models import F

from officereports.reports import dashboard as board
from officereports.reports.models import Figure, Report


def test_no_trigger_on_any_table(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert cursor.fetchall() == []


def test_a_save_in_one_office_changes_only_the_keys_of_scopes_that_hold_it(
    seed_reports, catalog, hue, khanh_hoa, django_assert_num_queries
):
    with django_assert_num_queries(1):
        hue_key = board.data_key([hue], catalog)
    khanh_hoa_key = board.data_key([khanh_hoa], catalog)
    every_key = board.data_key([], catalog, every_office=True)

    khanh_hoa_report = Report.objects.get(office=khanh_hoa)
    Report.objects.filter(pk=khanh_hoa_report.pk).update(version=F("version") + 1)

    assert board.data_key([hue], catalog) == hue_key
    assert board.data_key([khanh_hoa], catalog) != khanh_hoa_key
    assert board.data_key([], catalog, every_office=True) != every_key


def test_a_new_or_deleted_report_and_a_catalogue_edit_change_the_key(seed_reports, catalog, hue):
    key = board.data_key([hue], catalog)
    report = Report.objects.create(office=hue, year=2023)
    added = board.data_key([hue], catalog)
    assert added != key
    report.delete()
    assert board.data_key([hue], catalog) == key

    indicator = catalog.indicators["dossiers.resolved"]
    indicator.name = "Hồ sơ đã giải quyết xong"
    assert board.data_key([hue], catalog) != key


def test_the_key_does_not_read_figures(seed_reports, catalog, hue, django_assert_num_queries):
    with django_assert_num_queries(1) as queries:
        board.data_key([hue], catalog)
    assert '"reports_figure"' not in queries.captured_queries[0]["sql"]
    assert Figure.objects.exists()
