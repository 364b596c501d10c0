"""The workflow's writes: a new year's draft and each step (submit, return, approve,
withdraw, reopen), each recorded in the audit trail (`audit.record`).

What the steps are and who may take them is `models.WORKFLOW`; this module takes them.
"""

import re

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from officereports.reports import audit, periods, totals
from officereports.reports.models import (
    WORKFLOW,
    AuditEntry,
    Conference,
    Report,
    SectionUnit,
    log_status_change,
)


def transition(report, action, user, reason=""):
    """Take a workflow step and record it in the audit trail.

    Raises ValueError with a Vietnamese message when the report's status does not allow
    the step or a required reason is missing. The caller checks the user's role and
    holds the row lock.
    """
    step = WORKFLOW[action]
    if report.status not in step.sources:
        raise ValueError(
            _("Báo cáo đang ở trạng thái “%(status)s”, không thể %(action)s.")
            % {"status": report.get_status_display(), "action": step.verb}
        )
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise ValueError(_("Ghi lý do trước khi %(action)s.") % {"action": step.verb})
    old = report.status
    report.status = step.target
    # A page or an upload read before this step is stale: its save is checked again.
    totals.record_write(report, user, "status")
    audit.record(report, user, AuditEntry.Source.FORM, "status", old, report.status, reason)
    log_status_change(report, user, action, old, reason)


def start(office, year, user, period=periods.YEAR):
    """A new draft for `period` of `year`, starting from the office's report that ended last
    before it: the units that produced each section, the conference's title and place, the
    source. Never its figures: those are this period's work."""
    report = Report.objects.create(office=office, year=year, period=period, updated_by=user)
    earlier = (
        office.reports.filter(period_end__lt=report.period_start).order_by("-period_end").first()
    )
    if earlier is not None:
        report.source = earlier.source
        report.save(update_fields=["source"])
        for unit in earlier.section_units.all():
            SectionUnit.objects.create(
                report=report, section=unit.section, unit_name=unit.unit_name
            )
        conference = Conference.objects.filter(report=earlier).first()
        if conference is not None and report.is_yearly:
            Conference.objects.create(
                report=report,
                # "hội nghị … năm 2020" becomes "hội nghị … năm 2021".
                title=re.sub(rf"\b{earlier.year}\b", str(year), conference.title),
                place=conference.place,
                part_of_day=conference.part_of_day,
            )
    # The audit trail is stored in the product's language, whoever wrote it.
    with translation.override("vi"):
        if earlier:
            reason = _("Tạo báo cáo mới, theo báo cáo %(period)s") % {
                "period": earlier.period_label
            }
        else:
            reason = str(_("Tạo báo cáo mới"))
    audit.record(report, user, AuditEntry.Source.FORM, "status", "", report.status, reason)
    return report
