"""Every workflow step is logged at INFO on the `officereports` logger: who, what, when."""

import logging
import os
import subprocess
import sys
from datetime import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from officereports.reports.models import Report
from tests.conftest import complete_required, form_data

HUE = ("thua-thien-hue", 2022)
NOON = datetime(2023, 1, 5, 12, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


def _post(client, user, name, **data):
    client.force_login(user)
    response = client.post(reverse(f"reports:{name}", args=HUE), data)
    assert response.status_code == 302
    return response


def _records(caplog):
    return [
        (r.name, r.levelname, r.getMessage())
        for r in caplog.records
        if r.name.startswith("officereports")
    ]


@time_machine.travel(NOON, tick=False)
def test_submit_return_approve_and_reopen_are_logged(
    client, caplog, staff, chief, admin_user, hue_report
):
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.DRAFT)
    complete_required(hue_report)
    caplog.set_level(logging.INFO, logger="officereports")
    _post(client, staff, "submit", confirm="1")
    _post(client, chief, "return", reason="Thiếu số liệu hồ sơ trực tuyến")
    _post(client, staff, "submit", confirm="1")
    _post(client, chief, "approve", confirm="1")
    _post(client, admin_user, "reopen", reason="Sửa số hồ sơ")

    at = "2023-01-05T05:00:00+00:00"
    logger = "officereports.workflow"
    assert _records(caplog) == [
        (logger, "INFO", f"report thua-thien-hue/2022 submit by staff at {at}: "
         "draft -> submitted; reason: ''"),
        (logger, "INFO", f"report thua-thien-hue/2022 return by chief at {at}: "
         "submitted -> returned; reason: 'Thiếu số liệu hồ sơ trực tuyến'"),
        (logger, "INFO", f"report thua-thien-hue/2022 submit by staff at {at}: "
         "returned -> submitted; reason: ''"),
        (logger, "INFO", f"report thua-thien-hue/2022 approve by chief at {at}: "
         "submitted -> approved; reason: ''"),
        (logger, "INFO", f"report thua-thien-hue/2022 reopen by admin at {at}: "
         "approved -> draft; reason: 'Sửa số hồ sơ'"),
    ]  # fmt: skip


def test_a_refused_step_logs_nothing(client, caplog, chief, hue_report):
    caplog.set_level(logging.INFO, logger="officereports")
    _post(client, chief, "approve")  # already approved: a message, no step
    assert _records(caplog) == []


@time_machine.travel(NOON, tick=False)
def test_a_status_changed_in_the_admin_is_logged(client, caplog, admin_user, hue_report):
    # An approved report is read-only in the admin (reopened on the entry page, with a
    # reason): the administrator approves a submitted one here.
    hue_report.status = "submitted"
    hue_report.save()
    caplog.set_level(logging.INFO, logger="officereports")
    client.force_login(admin_user)
    url = reverse("admin:reports_report_change", args=[hue_report.pk])
    page = client.get(url)
    data = form_data(page.text, form_id="report_form")
    data["status"] = "approved"
    response = client.post(url, data)
    assert response.status_code == 302
    assert _records(caplog) == [
        (
            "officereports.workflow",
            "INFO",
            "report thua-thien-hue/2022 admin-status by admin at 2023-01-05T05:00:00+00:00: "
            "submitted -> approved; reason: ''",
        )
    ]


def test_the_workflow_log_reaches_the_console_at_info():
    """With the project's settings, an INFO line of `officereports.*` is printed."""
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('officereports.workflow').info('report x/2022 approve by y')"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("LOG_LEVEL", "DEBUG")}
    env["DJANGO_SETTINGS_MODULE"] = "officereports.settings"
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert run.stderr.endswith(" INFO officereports.workflow: report x/2022 approve by y\n")
