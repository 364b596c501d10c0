"""The leadership workbook (every office in view, a year and every year): built in the request
while it is small, by a worker when it is large, and kept for what it was built from.

At thousands of offices × ten years the workbook has over a million cells and takes seconds
to write (docs/benchmarks.md): a request would hold a server thread that long while staff wait.
Above `INLINE_REPORTS` reports the view records an `Export` and enqueues `build` (Django's
tasks framework, database backend: `manage.py db_worker` runs it); the page the leader sees
shows how far it has got and reloads until the file is there. An export is keyed by what it
is made of (the scope's reports' `dashboard.data_key`, the filters, who asked): asking again
for unchanged data gives the same file at once, and any save in the scope makes a new one.
"""

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from officereports.reports import catalog as catalog_module
from officereports.reports import dashboard as board
from officereports.reports import excel, periods
from officereports.reports.models import Export, Office, Report

# Up to here the workbook is written in the request: well under a second (about 0,3–0,4 ms a
# report, docs/benchmarks.md); above, a worker writes it.
INLINE_REPORTS = 2_000
# Exports older than this are deleted when a new one is started: they are a cache, not an
# archive (the data behind them has usually changed).
KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Params:
    """What the leader asked for (the query string), validated."""

    year: int
    first: int | None
    last: int | None
    region: str
    approved_only: bool
    # The period kind added up (periods.KINDS): the year, or one part of it over the years.
    period: str = periods.YEAR

    @property
    def filename(self) -> str:
        if self.period == periods.YEAR:
            return f"so-lieu-cac-van-phong-{self.year}.xlsx"
        return f"so-lieu-cac-van-phong-{self.year}-{self.period}.xlsx"


def year_of(raw, default=None):
    """A year from the query string: None when blank, ValueError when not a year."""
    raw = (raw or "").strip()
    if not raw:
        return default
    year = int(raw)  # ValueError for "abc"
    if not 1990 <= year <= 2100:
        raise ValueError(raw)
    return year


def offices_of(user, region):
    offices = Office.objects.visible_to(user).select_related("unit")
    return offices.filter(unit__region=region) if region else offices


def params_of(user, query) -> Params:
    """`?year=` (default: the latest year with an approved report, else with any report),
    `?from=&to=`, `?region=`, `?include=all`, `?period=` (default: the year; ValueError
    when not a period kind). ValueError when a year is not a year."""
    region = query.get("region", "").strip()
    period = query.get("period", "").strip() or periods.YEAR
    if period not in periods.KINDS:
        raise ValueError(period)
    found = (
        Report.objects.filter(period=period)
        .filter(office__in=offices_of(user, region))
        .aggregate(approved=Max("year", filter=Q(status=Report.Status.APPROVED)), any=Max("year"))
    )
    latest = found["approved"] or found["any"] or timezone.localdate().year
    return Params(
        year=year_of(query.get("year"), latest),
        first=year_of(query.get("from")),
        last=year_of(query.get("to")),
        region=region,
        approved_only=query.get("include", "") != board.INCLUDE_ALL,
        period=period,
    )


def years_label(first, last) -> str:
    if first is None and last is None:
        return "tất cả các năm"
    if first == last:
        return str(first)
    return f"{first or '…'}–{last or '…'}"


def content(user, params: Params, progress=None) -> bytes:
    """The workbook: offices × figures and rates for `params.year`, and every year (from
    `first` to `last`) for pivoting. `progress(rows written, rows in all)`, when given, is
    told how far the writing has got."""
    offices = offices_of(user, params.region)
    catalog = catalog_module.load()
    # Every report and figure in view as plain values, as the dashboard reads them: at
    # thousands of offices over ten years there are over a million figures, too many for a
    # model instance each.
    snapshot = board.gather(
        list(offices),
        catalog,
        every_figure=True,
        approved_only=params.approved_only,
        period=params.period,
    )

    def entry(office_id, entry_year):
        """The report as plain values; one not counted (not approved yet) has its status
        only, so that its row says why it is empty."""
        found = snapshot.entries.get((office_id, entry_year))
        status = snapshot.status_of(office_id, entry_year)
        if found is None and status is not None:
            found = board.Entry(office_id=office_id, year=entry_year, status=status)
        return found

    year, first, last = params.year, params.first, params.last
    expected = set(offices.expected_in(year, params.period).values_list("pk", flat=True))
    year_entries = [
        (office, year, entry(office.pk, year))
        for office in snapshot.offices.values()
        if office.pk in expected
    ]
    # By year, then offices in the order of their units' names.
    order = {office_id: n for n, office_id in enumerate(snapshot.offices)}
    in_range = [
        (office_id, entry_year)
        for office_id, entry_year in snapshot.statuses
        if (not first or entry_year >= first) and (not last or entry_year <= last)
    ]
    in_range.sort(key=lambda key: (key[1], order[key[0]]))
    all_entries = [(snapshot.offices[o], y, entry(o, y)) for o, y in in_range]
    filters = {
        "year": year,
        "years": years_label(first, last),
        "region": params.region,
        "approved_only": params.approved_only,
        "demo": snapshot.demo,
        "period": params.period,
    }
    rows = len(year_entries) + len(all_entries)
    told = (lambda done: progress(min(done, rows), rows)) if progress else None
    # The workbook speaks Vietnamese whatever the page's language (README "Translations").
    with translation.override("vi"):
        return excel.offices_workbook(
            year_entries, all_entries, catalog, filters, user, progress=told
        )


def start(user, params: Params):
    """The workbook's bytes when it is small enough to write now; else its `Export`: ready
    (`content` set), or being built by a worker (enqueued here when new)."""
    offices = offices_of(user, params.region)
    stamped = board.stamp(offices, period=params.period)
    if stamped["n"] <= INLINE_REPORTS:
        return content(user, params)
    data = board.data_key(offices, catalog_module.load(), stamped=stamped, period=params.period)
    key = board.digest((data, asdict(params), user.pk))
    export = Export.objects.filter(key=key).first()
    if export is not None:
        return export
    Export.objects.filter(user=user, created_at__lt=timezone.now() - KEPT).delete()
    try:
        with transaction.atomic():
            export = Export.objects.create(key=key, user=user, params=asdict(params))
    except IntegrityError:  # the same request a moment earlier, in another thread
        return Export.objects.get(key=key)
    export.task_id = str(build.enqueue(export.pk).id)
    export.save(update_fields=["task_id"])
    return export


def failed(export) -> bool:
    """The worker gave up on it (an error while building), or its task is gone (results
    pruned with `prune_db_task_results`): either way it will not come, and is started again."""
    if not export.task_id:
        return False
    try:
        return build.get_result(export.task_id).status == TaskResultStatus.FAILED
    except TaskResultDoesNotExist:
        return True


@task()
def build(export_id):
    """Run by the worker: write the workbook of an `Export`, saying how far it has got."""
    export = Export.objects.get(pk=export_id)
    user = get_user_model().objects.get(pk=export.user_id)

    def progress(done, rows):
        Export.objects.filter(pk=export_id).update(rows_done=done, rows_total=rows)

    built = content(user, Params(**export.params), progress)
    Export.objects.filter(pk=export_id).update(content=built, finished_at=timezone.now())
