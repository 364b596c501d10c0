"""The leadership workbook built by a worker when it is large (exports.py): the page says how
far it has got, the file is the one the request would have written, it is kept for unchanged
data and made anew after a save, and a failed build says so and can be started again."""

from io import BytesIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from officereports.reports import exports
from officereports.reports.models import Export, Report
from officereports.reports.xlsx import XLSX_CONTENT_TYPE

from .test_excel_leadership import EXPORTED_AT

URL = reverse("reports:offices_workbook") + "?year=2022&include=all"


def _cells(content):
    wb = load_workbook(BytesIO(content))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb}


# The worker closes and reopens its database connection between tasks, as it does in
# production: the tests that run it commit their data instead of rolling back one transaction.
worker = pytest.mark.django_db(transaction=True)


def _work():
    """What the worker does: run every queued task, then stop."""
    call_command("db_worker", batch=True, verbosity=0)


@pytest.fixture
def large(monkeypatch):
    """Any scope counts as large: every workbook goes to the worker."""
    monkeypatch.setattr(exports, "INLINE_REPORTS", 0)


def test_a_small_workbook_is_written_in_the_request(client, leader, seed_reports):
    client.force_login(leader)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert Export.objects.count() == 0 and DBTaskResult.objects.count() == 0


@worker
def test_a_large_workbook_is_built_by_the_worker_and_is_the_same_file(
    client, leader, seed_reports, large, monkeypatch
):
    client.force_login(leader)
    with time_machine.travel(EXPORTED_AT, tick=False):
        waiting = client.get(URL)
    assert waiting.status_code == 202
    text = waiting.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in text
    assert "tệp sẽ tự tải về khi xong" in text and "Đang đọc số liệu…" in text
    export = Export.objects.get()
    assert export.content is None and export.user == leader
    assert export.params == {
        "year": 2022,
        "first": None,
        "last": None,
        "region": "",
        "approved_only": False,
        "period": "year",  # the period kind added up (the year by default)
    }
    assert str(DBTaskResult.objects.get().id) == export.task_id
    # Asking again before the worker has run: the same export, no second task.
    assert client.get(URL).status_code == 202
    assert Export.objects.count() == 1 and DBTaskResult.objects.count() == 1

    with time_machine.travel(EXPORTED_AT, tick=False):
        _work()
    export.refresh_from_db()
    # One row per office expected in 2022 (63) and one per report of every year (2).
    assert (export.rows_done, export.rows_total) == (65, 65)
    built = client.get(URL)
    assert built.status_code == 200 and built["Content-Type"] == XLSX_CONTENT_TYPE
    assert 'filename="so-lieu-cac-van-phong-2022.xlsx"' in built["Content-Disposition"]
    # The file the request writes for a small scope, cell for cell.
    monkeypatch.setattr(exports, "INLINE_REPORTS", 10_000)
    with time_machine.travel(EXPORTED_AT, tick=False):
        inline = client.get(URL)
    assert _cells(built.content) == _cells(inline.content)


def test_progress_is_shown_while_the_worker_writes(client, leader, seed_reports, large):
    client.force_login(leader)
    client.get(URL)
    Export.objects.update(rows_done=1_000, rows_total=31_000)
    text = client.get(URL).content.decode()
    assert "Đã ghi 1.000/31.000 dòng." in text
    assert '<progress max="31000" value="1000"></progress>' in text


@worker
def test_a_save_in_the_scope_makes_a_new_workbook_unchanged_data_keeps_it(
    client, leader, seed_reports, large
):
    client.force_login(leader)
    client.get(URL)
    _work()
    first = Export.objects.get()
    assert client.get(URL).status_code == 200
    assert Export.objects.count() == 1 and DBTaskResult.objects.count() == 1
    report = Report.objects.get(office__slug="thua-thien-hue", year=2022)
    Report.objects.filter(pk=report.pk).update(version=report.version + 1)
    assert client.get(URL).status_code == 202
    assert Export.objects.exclude(pk=first.pk).get().content is None
    assert DBTaskResult.objects.count() == 2


@worker
def test_another_reader_gets_their_own_workbook(client, leader, seed_reports, large):
    """The file names who exported it: one reader's is never handed to another."""
    from django.contrib.auth.models import User

    from officereports.reports.models import Membership, Role

    other = User.objects.create_user("lanh-dao-2", password="x")
    Membership.objects.create(user=other, office=None, role=Role.LEADER)
    client.force_login(leader)
    client.get(URL)
    _work()
    client.force_login(other)
    assert client.get(URL).status_code == 202
    assert Export.objects.filter(user=other, content__isnull=True).count() == 1


@worker
def test_a_failed_build_says_so_and_starts_again(client, leader, seed_reports, large, monkeypatch):
    client.force_login(leader)
    client.get(URL)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "content", broken)
    _work()
    page = client.get(URL)
    assert page.status_code == 200
    assert "Không tạo được tệp do lỗi ở máy chủ;" in page.content.decode()
    assert Export.objects.count() == 0
    assert client.get(URL).status_code == 202
    assert Export.objects.count() == 1


def test_an_export_whose_task_is_gone_is_started_again(client, leader, seed_reports, large):
    """Task results pruned before the worker ran (`prune_db_task_results`): the page says
    the file was not made, instead of failing, and the next request starts a new one."""
    client.force_login(leader)
    client.get(URL)
    DBTaskResult.objects.all().delete()
    page = client.get(URL)
    assert page.status_code == 200
    assert "Không tạo được tệp do lỗi ở máy chủ;" in page.content.decode()
    assert Export.objects.count() == 0
    assert client.get(URL).status_code == 202
    assert Export.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_the_waiting_page_speaks_english(client, leader, seed_reports, large):
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    text = client.get(URL).content.decode()
    assert "Reading the figures…" in text
