"""The JSON interchange format (README "JSON format"): export and all-or-nothing import.

An import is read and checked in full before anything is written; any problem refuses the
whole file with messages naming the report, the code and the problem.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects

from officereports.reports import audit, checks, periods, text, totals, vietnamese
from officereports.reports import catalog as catalog_module
from officereports.reports.checks import MAX_COUNT
from officereports.reports.models import (
    REPORT_PARTS,
    Attendee,
    Award,
    ChangeKind,
    Conference,
    Directive,
    Figure,
    Office,
    Qualifier,
    Report,
    Section,
    SectionUnit,
)
from officereports.reports.values import ReportValues

FORMAT = "officereports/1"
FIGURE_KEYS = {
    "value",
    "qualifier",
    "stated_percent",
    "comment",
    "explanation",
    "round_in_text",
    "not_applicable",
    "percent_of",
    "stated_change",
    "stated_change_kind",
    "stated_change_qualifier",
}
INDEX_KEYS = {"score": "index_score", "band": "index_band", "rank": "index_rank"}
INDEX_KEYS |= {"rank_of": "index_rank_of", "as_of": "index_as_of"}


class LongNumber:
    """An integer in the file too long to be any count (Python refuses to read one of over
    4.300 digits): kept as its length, for the message."""

    def __init__(self, digits):
        self.digits = digits

    def __repr__(self):
        return f"số có {vietnamese.number(self.digits)} chữ số"


def parse_int(literal):
    """`json.load(parse_int=...)`: a long integer becomes a LongNumber, not a ValueError."""
    digits = len(literal.lstrip("-"))
    return int(literal) if digits <= 30 else LongNumber(digits)


class ImportRefused(Exception):
    """The file was refused; `problems` lists every reason, nothing was written."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


def _decimal_text(value):
    """ "98.2", "100", "77.18": a stored 98.20 is written as the author wrote it."""
    return None if value is None else format(value.normalize(), "f")


def export_reports(reports, catalog=None) -> dict:
    """The JSON document for `reports`, rates included: a Report queryset (written by office,
    year and period), or a list of reports (written in its order)."""
    catalog = catalog or catalog_module.load()
    parts = ("office__unit", "conference", "figures__indicator", *REPORT_PARTS)
    if isinstance(reports, QuerySet):
        q = reports.select_related("office__unit", "conference")
        q = q.prefetch_related("figures__indicator", *REPORT_PARTS)
        q = q.order_by("office__slug", "year", "period")
    else:
        q = list(reports)
        prefetch_related_objects(q, *parts)
    out = []
    for report in q:
        conference = getattr(report, "conference", None)
        rate_results = report.rate_results(catalog)
        out.append(
            {
                "office": report.office.slug,
                "office_name": report.office_name(),
                "year": report.year,
                # Every report names its period; a file without it is read as the year.
                "period": report.period,
                "status": report.status,
                # Only on demo reports (`manage.py demo_data`): the mark travels with them.
                **({"demo": True} if report.is_demo else {}),
                "period_start": report.period_start.isoformat(),
                "period_end": report.period_end.isoformat(),
                "headline": report.headline,
                "byline": report.byline,
                "source": report.source,
                "assessment": report.assessment,
                "direction": report.direction,
                # A province-wide section may name no unit: it is then only in the list.
                "section_units": {
                    s.section: s.unit_name for s in report.section_units.all() if s.unit_name
                },
                **_province_wide(report),
                **_service_index(report),
                "figures": {
                    code: _figure_entry(f)
                    for code, f in sorted(
                        {
                            **report.figure_map(),
                            **_stated_changes(report),
                            **report.not_applicable(),
                        }.items()
                    )
                },
                "rates": {
                    code: {
                        "computed": _decimal_text(r.computed),
                        "numerator": r.numerator,
                        "denominator": r.denominator,
                        "stated": _decimal_text(r.stated),
                        "shown": _decimal_text(r.shown),
                        "disagrees": r.disagrees,
                    }
                    for code, r in rate_results.items()
                    if r.shown is not None
                },
                "conference": None
                if conference is None
                else {
                    "date": conference.date.isoformat() if conference.date else None,
                    "part_of_day": conference.part_of_day,
                    "title": conference.title,
                    "place": conference.place,
                    "staff_attending": conference.staff_attending,
                },
                "attendees": [
                    {"honorific": a.honorific, "name": a.name, "title": a.title}
                    for a in report.attendees.all()
                ],
                "directives": [
                    {"speaker": d.speaker, "speaker_title": d.speaker_title, "content": d.content}
                    for d in report.directives.all()
                ],
                "awards": [
                    {
                        "recipient_kind": a.recipient_kind,
                        "title": a.title,
                        "issuer": a.issuer,
                        "count": a.count,
                        "is_many": a.is_many,
                        "recipients": a.recipient_names(),
                    }
                    for a in report.awards.all()
                ],
            }
        )
    return {"format": FORMAT, "reports": out}


def _province_wide(report) -> dict:
    """{"province_wide_sections": [...]} in section order, for a report with any."""
    wide = {u.section for u in report.section_units.all() if u.province_wide}
    if not wide:
        return {}
    return {"province_wide_sections": [s for s in Section.values if s in wide]}


def _stated_changes(report) -> dict:
    """code -> Figure with a stated change (uses prefetched figures): exported even without
    a value."""
    return {f.indicator.code: f for f in report.figures.all() if f.stated_change is not None}


def _service_index(report) -> dict:
    """{"service_index": {...}} for a report with any part of the Decision 766 index."""
    index = {
        "score": _decimal_text(report.index_score),
        "band": report.index_band,
        "rank": report.index_rank,
        "rank_of": report.index_rank_of,
        "as_of": report.index_as_of.isoformat() if report.index_as_of else None,
    }
    if not any(index.values()):
        return {}
    return {"service_index": index}


def _figure_entry(f) -> dict:
    entry = {
        "value": f.value,
        "qualifier": f.qualifier,
        "stated_percent": _decimal_text(f.stated_percent),
        "comment": f.comment,
        "explanation": f.explanation,
        "round_in_text": f.round_in_text,
    }
    if f.not_applicable:
        # "Không phát sinh": no value (never 0), the reason in "explanation".
        entry["not_applicable"] = True
    if f.percent_of:
        entry["percent_of"] = f.percent_of
    if f.stated_change is not None:
        entry["stated_change"] = _decimal_text(f.stated_change)
        entry["stated_change_kind"] = f.stated_change_kind
        entry["stated_change_qualifier"] = f.stated_change_qualifier
    return entry


@dataclass
class _Plan:
    office: Office
    year: int
    period: str
    fields: dict
    figures: dict = field(default_factory=dict)  # code -> dict of Figure fields
    section_units: dict = field(default_factory=dict)
    province_wide: set = field(default_factory=set)
    conference: dict | None = None
    attendees: list = field(default_factory=list)
    directives: list = field(default_factory=list)
    awards: list = field(default_factory=list)


class _Reader:
    """Reads one report entry, collecting problems instead of stopping at the first."""

    def __init__(self, label, problems):
        self.label = label
        self.problems = problems

    def problem(self, where, message):
        self.problems.append(f"{self.label}{', ' + where if where else ''}: {message}")

    def text(self, data, key, where, model, required=False, name=None):
        """The string `data[key]`, for the field `name` (default `key`) of `model`: its
        limit is the model field's."""
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(where, f"'{key}' phải là chuỗi ký tự")
            return ""
        value = value.strip()
        if required and not value:
            self.problem(where, f"thiếu '{key}'")
        self.check_text(where, key, value, text.limit(model, name or key))
        return value

    def check_text(self, where, key, value, max_length):
        if max_length and len(value) > max_length:
            self.problem(where, f"'{key}': {text.too_long(max_length, len(value))}")
        problem = text.control_problem(value)
        if problem:
            self.problem(where, f"'{key}' {problem}")

    def choice(self, data, key, where, choices, default=""):
        value = data.get(key) or default
        if not isinstance(value, str) or value not in choices:
            self.problem(
                where, f"'{key}' = {value!r} không hợp lệ (chọn một trong: {', '.join(choices)})"
            )
        return value

    def day(self, data, key, where):
        value = data.get(key)
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(where, f"'{key}' = {value!r} không phải ngày dạng YYYY-MM-DD")
            return None

    def rows(self, data, key):
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            self.problem(key, "phải là danh sách các đối tượng")
            return []
        return value


def report_label(slug, year, period) -> str:
    """How the messages name a report: "báo cáo hue/2024", "báo cáo hue/2024/quarter-1"."""
    where = f"{slug}/{year}" if period == periods.YEAR else f"{slug}/{year}/{period}"
    return f"báo cáo {where}"


def _read_report(entry, index, offices, indicators, catalog, problems):
    if not isinstance(entry, dict):
        problems.append(f"báo cáo thứ {index}: phải là một đối tượng JSON")
        return None
    slug, year = entry.get("office"), entry.get("year")
    if not isinstance(slug, str):
        kind = (
            "danh sách"
            if isinstance(slug, list)
            else "đối tượng"
            if isinstance(slug, dict)
            else repr(slug)
        )
        problems.append(
            f"báo cáo thứ {index}, 'office': phải là mã văn phòng (chuỗi ký tự), không phải {kind}"
        )
        return None
    # Absent: the year (files written before reports had periods).
    period = entry.get("period", periods.YEAR)
    r = _Reader(report_label(slug, year, period), problems)
    if not isinstance(period, str) or period not in periods.KINDS:
        r.problem(
            "",
            f"'period' = {period!r} không phải kỳ báo cáo (chọn một trong: "
            f"{', '.join(periods.KINDS)})",
        )
        period = None
    office = offices.get(slug)
    if office is None:
        r.problem("", f"không có văn phòng '{slug}'")
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
        r.problem("", "'year' phải là năm từ 1990 đến 2100")
        year = None
    fields = {
        **_read_index(r, entry),
        "status": r.choice(entry, "status", "", Report.Status.values, Report.Status.DRAFT),
        "period_start": r.day(entry, "period_start", ""),
        "period_end": r.day(entry, "period_end", ""),
        "headline": r.text(entry, "headline", "", Report),
        "byline": r.text(entry, "byline", "", Report),
        "source": r.text(entry, "source", "", Report),
        "assessment": r.text(entry, "assessment", "", Report),
        "direction": r.text(entry, "direction", "", Report),
    }
    demo = entry.get("demo", False)
    if not isinstance(demo, bool):
        r.problem("", "'demo' phải là true hoặc false")
    fields["is_demo"] = demo is True
    if year is not None:
        dates = periods.date_errors(year, fields["period_start"], fields["period_end"])
        for name, message in dates.items():
            r.problem("", f"'{name}' ({fields[name].isoformat()}): {message}")
    plan = _Plan(office, year, period, fields)

    wide = entry.get("province_wide_sections") or []
    if not isinstance(wide, list) or not all(isinstance(s, str) for s in wide):
        r.problem("province_wide_sections", "phải là danh sách mã lĩnh vực")
        wide = []
    for section in wide:
        if section not in Section.values:
            r.problem("province_wide_sections", f"lĩnh vực '{section}' không có")
    plan.province_wide = {s for s in wide if s in Section.values}

    units = entry.get("section_units") or {}
    if not isinstance(units, dict):
        r.problem("section_units", "phải là đối tượng {lĩnh vực: tên đơn vị}")
        units = {}
    for section, name in units.items():
        if section not in Section.values:
            r.problem("section_units", f"lĩnh vực '{section}' không có")
        elif (name is None or name == "") and section in plan.province_wide:
            continue  # a province-wide section may name no unit
        elif not isinstance(name, str) or not name.strip():
            r.problem(f"section_units.{section}", "tên đơn vị trống")
        else:
            r.check_text(
                f"section_units.{section}",
                section,
                name.strip(),
                text.limit(SectionUnit, "unit_name"),
            )
            plan.section_units[section] = name.strip()

    figures = entry.get("figures") or {}
    if not isinstance(figures, dict):
        r.problem("figures", "phải là đối tượng {mã chỉ tiêu: số liệu}")
        figures = {}
    for code, data in figures.items():
        if code not in indicators:
            r.problem(code, "mã chỉ tiêu không có trong danh mục")
            continue
        if not isinstance(data, dict):
            data = {"value": data}
        unknown = set(data) - FIGURE_KEYS
        if unknown:
            r.problem(code, f"trường không hợp lệ: {', '.join(sorted(unknown))}")
        try:
            raw = data.get("value")
            value = checks.parse_count(MAX_COUNT + 1 if isinstance(raw, LongNumber) else raw)
        except ValueError as e:
            r.problem(code, f"{e} (giá trị: {data.get('value')!r})")
            value = None
        raw = data.get("stated_percent")
        try:
            stated = checks.parse_percent(100_000 if isinstance(raw, LongNumber) else raw)
        except ValueError as e:
            r.problem(code, f"{e} (giá trị: {raw!r})")
            stated = None
        not_applicable = data.get("not_applicable", False)
        if not isinstance(not_applicable, bool):
            r.problem(code, "'not_applicable' phải là true hoặc false")
            not_applicable = False
        comment = r.text(data, "comment", code, Figure)
        explanation = r.text(data, "explanation", code, Figure)
        if not_applicable and data.get("value") not in (None, ""):
            r.problem(code, "đã ghi “không phát sinh” (not_applicable) thì 'value' phải là null")
        if not_applicable and stated is not None:
            r.problem(code, "đã ghi “không phát sinh” (not_applicable) thì không ghi tỷ lệ")
        if not_applicable and not explanation:
            r.problem(code, "ghi lý do không phát sinh ở 'explanation'")
        kind = r.choice(data, "stated_change_kind", code, ChangeKind.values, ChangeKind.PERCENT)
        raw = data.get("stated_change")
        try:
            if isinstance(raw, LongNumber):
                raw = checks.MAX_CHANGE
            change = checks.parse_change(raw, kind if kind in ChangeKind.values else "percent")
        except ValueError as e:
            r.problem(code, f"'stated_change': {e} (giá trị: {raw!r})")
            change = None
        change_qualifier = r.choice(
            data, "stated_change_qualifier", code, Qualifier.values, Qualifier.EXACT
        )
        if change is None:  # nothing stated: no kind nor qualifier to keep
            kind, change_qualifier = ChangeKind.PERCENT, Qualifier.EXACT
        plan.figures[code] = {
            "percent_of": r.text(data, "percent_of", code, Figure),
            "stated_change": change,
            "stated_change_kind": kind,
            "stated_change_qualifier": change_qualifier,
            "value": value,
            "qualifier": r.choice(data, "qualifier", code, Qualifier.values, Qualifier.EXACT),
            "stated_percent": stated,
            "comment": comment,
            "explanation": explanation,
            "round_in_text": bool(data.get("round_in_text", False)),
            "not_applicable": not_applicable,
        }

    numbers = ReportValues()
    for code, f in plan.figures.items():
        numbers.put(code, f["value"], f["qualifier"], f["stated_percent"])
    for finding in checks.errors(numbers.findings(catalog)):
        r.problem(finding.field, finding.message)

    conference = entry.get("conference")
    if conference is not None:
        if not isinstance(conference, dict):
            r.problem("conference", "phải là một đối tượng")
        else:
            plan.conference = {
                "date": r.day(conference, "date", "conference"),
                "part_of_day": r.choice(
                    conference, "part_of_day", "conference", [""] + Conference.PartOfDay.values
                ),
                "title": r.text(conference, "title", "conference", Conference),
                "place": r.text(conference, "place", "conference", Conference),
                "staff_attending": _count(r, conference, "staff_attending", "conference"),
            }
    for i, row in enumerate(r.rows(entry, "attendees"), 1):
        where = f"attendees[{i}]"
        plan.attendees.append(
            {
                "position": i,
                "honorific": r.choice(row, "honorific", where, [""] + Attendee.Honorific.values),
                "name": r.text(row, "name", where, Attendee, required=True),
                "title": r.text(row, "title", where, Attendee),
            }
        )
    for i, row in enumerate(r.rows(entry, "directives"), 1):
        where = f"directives[{i}]"
        plan.directives.append(
            {
                "position": i,
                "speaker": r.text(row, "speaker", where, Directive, required=True),
                "speaker_title": r.text(row, "speaker_title", where, Directive),
                "content": r.text(row, "content", where, Directive, required=True),
            }
        )
    for i, row in enumerate(r.rows(entry, "awards"), 1):
        where = f"awards[{i}]"
        count = row.get("count")
        if count is not None and (
            not isinstance(count, int) or isinstance(count, bool) or count < 0
        ):
            r.problem(where, "'count' phải là số nguyên không âm")
            count = None
        recipients = row.get("recipients") or []
        if not isinstance(recipients, list) or not all(isinstance(n, str) for n in recipients):
            r.problem(where, "'recipients' phải là danh sách tên")
            recipients = []
        names = "\n".join(n.strip() for n in recipients if n.strip())
        r.check_text(where, "recipients", names, text.limit(Award, "recipients"))
        is_many = bool(row.get("is_many", False))
        if is_many and count is not None:
            r.problem(where, 'không thể vừa ghi số lượng vừa ghi "nhiều"')
        plan.awards.append(
            {
                "position": i,
                "recipient_kind": r.choice(row, "recipient_kind", where, Award.Recipient.values),
                "title": r.text(row, "title", where, Award),
                "issuer": r.text(row, "issuer", where, Award),
                "count": count,
                "is_many": is_many,
                "recipients": names,
            }
        )
    return plan


def _count(r, data, key, where, limit=100_000):
    """A whole number from 0 to `limit`, or None."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
        r.problem(where, f"'{key}' phải là số nguyên từ 0 đến {vietnamese.number(limit)}")
        return None
    return value


def _read_index(r, entry) -> dict:
    """The Report fields of "service_index" (Decision 766/QĐ-TTg), checked."""
    where = "service_index"
    index = entry.get(where)
    fields = {name: None for name in INDEX_KEYS.values()}
    fields["index_band"] = ""
    if index is None:
        return fields
    if not isinstance(index, dict):
        r.problem(where, "phải là một đối tượng")
        return fields
    unknown = set(index) - set(INDEX_KEYS)
    if unknown:
        r.problem(where, f"trường không hợp lệ: {', '.join(sorted(unknown))}")
    score = index.get("score")
    if score is not None:
        try:
            if not isinstance(score, str):
                raise ValueError
            value = Decimal(score)
            if not value.is_finite() or value != value.quantize(Decimal("0.01")):
                raise ValueError
        except (ValueError, ArithmeticError):
            r.problem(where, f"'score' = {score!r} không phải số dạng \"82.45\"")
        else:
            if not 0 <= value <= 100:
                r.problem(where, f"'score' = {score!r}: điểm phải từ 0 đến 100")
            else:
                fields["index_score"] = value
    fields["index_band"] = r.text(index, "band", where, Report, name="index_band")
    for key in ("rank", "rank_of"):
        value = index.get(key)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 1000
        ):
            r.problem(where, f"'{key}' phải là số nguyên từ 1 trở lên")
        elif value is not None:
            fields[INDEX_KEYS[key]] = value
    rank, rank_of = fields["index_rank"], fields["index_rank_of"]
    if rank is not None and rank_of is not None and rank > rank_of:
        r.problem(where, f"xếp hạng {rank} lớn hơn tổng số {rank_of} tỉnh, thành phố")
    fields["index_as_of"] = r.day(index, "as_of", where)
    return fields


def read(data) -> list[_Plan]:
    """Check a whole document; raise ImportRefused with every problem found."""
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("reports"), list):
        raise ImportRefused(["tệp phải là đối tượng JSON có danh sách 'reports'"])
    if data.get("format", FORMAT) != FORMAT:
        raise ImportRefused(
            [f"định dạng '{data.get('format')}' không được hỗ trợ (cần '{FORMAT}')"]
        )
    catalog = catalog_module.load(include_inactive=True)
    offices = {o.slug: o for o in Office.objects.select_related("unit")}
    plans, seen = [], set()
    for index, entry in enumerate(data["reports"], 1):
        plan = _read_report(entry, index, offices, catalog.indicators, catalog, problems)
        if plan is None or plan.office is None or plan.period is None:
            continue
        # A report is one office's period of one year: the year and its parts side by side.
        key = (plan.office.slug, plan.year, plan.period)
        if key in seen:
            problems.append(f"{report_label(*key)}: trùng lặp trong tệp")
        seen.add(key)
        plans.append(plan)
    if problems:
        raise ImportRefused(problems)
    return plans


def _audited_parts(values):
    """(part, value) of an imported figure for its audit trail: the value, and each other
    part that says more than its default."""
    yield "value", values["value"]
    defaults = {
        "qualifier": Qualifier.EXACT,
        "round_in_text": False,
        "stated_change_kind": ChangeKind.PERCENT,
        "stated_change_qualifier": Qualifier.EXACT,
    }
    parts = ("qualifier", "round_in_text", "stated_percent", "percent_of", "stated_change")
    parts += ("stated_change_kind", "stated_change_qualifier", "comment", "explanation")
    for part in parts:
        if values[part] not in (None, "", defaults.get(part)):
            yield part, values[part]


def import_reports(data, user=None) -> list[Report]:
    """Import a whole document atomically. A report that already exists is refused: the
    interchange creates reports, it never overwrites one (and its history) silently."""
    plans = read(data)
    catalog = catalog_module.load(include_inactive=True)
    existing = set(
        Report.objects.filter(office__in=[p.office for p in plans]).values_list(
            "office_id", "year", "period"
        )
    )
    problems = [
        f"{report_label(p.office.slug, p.year, p.period)}: đã có trong cơ sở dữ liệu"
        for p in plans
        if (p.office.pk, p.year, p.period) in existing
    ]
    if problems:
        raise ImportRefused(problems)
    imported = []
    with transaction.atomic():
        for plan in plans:
            report = Report.objects.create(
                office=plan.office,
                year=plan.year,
                period=plan.period,
                updated_by=user,
                **plan.fields,
            )
            for section in Section.values:
                name = plan.section_units.get(section, "")
                if name or section in plan.province_wide:
                    SectionUnit.objects.create(
                        report=report,
                        section=section,
                        unit_name=name,
                        province_wide=section in plan.province_wide,
                    )
            Figure.objects.bulk_create(
                [
                    Figure(
                        report=report, indicator=catalog.indicators[code], updated_by=user, **values
                    )
                    for code, values in plan.figures.items()
                ]
            )
            audit.record_all(
                report,
                user,
                audit.Source.IMPORT,
                [
                    audit.Change(audit.figure_field(code, part), "", new)
                    for code, values in plan.figures.items()
                    for part, new in _audited_parts(values)
                ],
            )
            if plan.conference is not None:
                Conference.objects.create(report=report, **plan.conference)
            Attendee.objects.bulk_create([Attendee(report=report, **a) for a in plan.attendees])
            Directive.objects.bulk_create([Directive(report=report, **d) for d in plan.directives])
            Award.objects.bulk_create([Award(report=report, **a) for a in plan.awards])
            totals.record_write(report, user, created=True)
            imported.append(report)
    return imported
