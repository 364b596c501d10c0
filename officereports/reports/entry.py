"""The entry page as one form: `EntryForm` holds every form of `forms.py` for one report.

It checks the figures against each other (`checks.evaluate`), notices a page based on stale
data (`Report.version`), merges what someone else saved meanwhile field by field, asks about
the fields both people changed, and saves everything with its audit trail in one
transaction. When anything is wrong, nothing is saved.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from officereports.reports import audit, checks, text, totals, vietnamese
from officereports.reports.audit import display as audit_display
from officereports.reports.audit import label as audit_label
from officereports.reports.audit import text as audit_text
from officereports.reports.forms import (
    CONFERENCE_FIELDS,
    REPORT_FIELDS,
    AttendeeForm,
    AttendeeFormSet,
    AwardForm,
    AwardFormSet,
    ConcurrencyForm,
    ConferenceForm,
    DirectiveForm,
    DirectiveFormSet,
    FigureForm,
    ReportDetailsForm,
    SectionUnitsForm,
    TakeForm,
    wide_key,
)
from officereports.reports.models import (
    ChangeKind,
    Conference,
    Figure,
    Qualifier,
    Report,
    Section,
    SectionUnit,
)
from officereports.reports.values import ReportValues

FIGURE_PARTS = (
    "value",
    "qualifier",
    "stated_percent",
    "percent_of",
    "stated_change",
    "stated_change_kind",
    "stated_change_qualifier",
    "comment",
    "explanation",
    "not_applicable",
)
# A figure with nothing reported, as `figure_state` writes it.
EMPTY_FIGURE = {
    "value": "",
    "qualifier": Qualifier.EXACT,
    "stated_percent": "",
    "percent_of": "",
    "stated_change": "",
    "stated_change_kind": ChangeKind.PERCENT,
    "stated_change_qualifier": Qualifier.EXACT,
    "comment": "",
    "explanation": "",
    "not_applicable": "False",
}
DETAILS = "details"  # the key of everything that is not a figure, in conflicts
ROWS = (
    # (formset prefix, audit prefix, formset class, fields written into the audit trail)
    ("attendees", "attendee", AttendeeFormSet, AttendeeForm.Meta.fields),
    ("directives", "directive", DirectiveFormSet, DirectiveForm.Meta.fields),
    ("awards", "award", AwardFormSet, AwardForm.Meta.fields),
)


@dataclass
class Conflict:
    key: str  # an indicator code or DETAILS
    label: str
    changes: list  # (what, current value, the user's value) in words


@dataclass
class Row:
    indicator: object
    form: FigureForm
    previous: Figure | None
    rates: list  # (RateDefinition, RateResult)
    warnings: list = field(default_factory=list)
    # The period just before (quarter-1 beside quarter-2; None for the year, 6 and 9 months).
    previous_part: Figure | None = None
    # Beside a prefilled field: "Điền từ 12 tháng", or "Thiếu tháng 4, 7" (`lacking`).
    prefilled: str = ""
    lacking: str = ""
    conflict: Conflict | None = None
    take: TakeForm | None = None

    @property
    def stated_open(self):
        """Whether the stated change and what the percentage is of are shown open: when
        either is filled in or refused."""
        form = self.form
        parts = ("percent_of", "stated_change")
        return any(form[p].value() or form.has_error(p) for p in parts)

    @property
    def needs_explanation(self):
        return bool(self.warnings) and not (self.form["explanation"].value() or "").strip()

    @property
    def notes_open(self):
        data = self.form["comment"].value() or self.form["explanation"].value()
        data = data or self.form["not_applicable"].value()
        notes_errors = self.form.has_error("comment") or self.form.has_error("explanation")
        return bool(data or self.warnings or notes_errors)


def figure_state(figure) -> dict:
    """A figure as plain strings, to compare what a page was built from with the database."""
    if figure is None:
        return dict(EMPTY_FIGURE)
    return {part: audit_text(getattr(figure, part)) for part in FIGURE_PARTS}


def numbers_of(states) -> ReportValues:
    """code -> figure state (as `figure_state` writes it): the numbers that would be stored."""
    numbers = ReportValues()
    for code, state in states.items():
        stated = state["stated_percent"]
        numbers.put(
            code,
            int(state["value"]) if state["value"] else None,
            state["qualifier"],
            checks.parse_percent(stated) if stated else None,
            bool(state["explanation"].strip()),
        )
    return numbers


def details_state(report, conference, units, rows) -> dict:
    """Everything that is not a figure, as plain strings. `units`: section -> SectionUnit;
    `rows`: audit prefix -> model instances in order."""
    state = {f"report.{name}": audit_text(getattr(report, name)) for name in REPORT_FIELDS}
    state.update({f"unit.{s}": units[s].unit_name if s in units else "" for s in Section.values})
    state.update(
        {audit.wide_field(s): str(s in units and units[s].province_wide) for s in Section.values}
    )
    for name in CONFERENCE_FIELDS:
        state[f"conference.{name}"] = audit_text(getattr(conference, name, None))
    for _prefix, audit_prefix, _formset, fields in ROWS:
        state[audit_prefix] = "\n".join(
            _row_text(obj, fields) for obj in rows.get(audit_prefix, [])
        )
    return state


def _row_text(obj, fields):
    return audit.row_text(obj, fields)


class EntryForm:
    """Every form of the entry page, validated and saved as one."""

    def __init__(
        self, report, catalog, previous_figures, data=None, previous_part=None, prefill=None
    ):
        """`previous_figures`: code -> Figure of last year's same period; `previous_part`:
        of the period just before (a month's or a quarter's); `prefill`: a
        `prefill.YearFromParts` whose counts the page shows unsaved (a page not posted)."""
        self.report = report
        self.catalog = catalog
        self.names = {code: i.display_name for code, i in catalog.indicators.items()}
        self.previous_figures = previous_figures
        self.previous = ReportValues.of_figures(previous_figures.values())
        self.previous_part = previous_part
        self.prefill = prefill if data is None else None
        self.data = data
        self.is_bound = data is not None
        self.figures = {f.indicator.code: f for f in report.figures.all()}
        self.conference_obj = getattr(report, "conference", None)
        self.units_map = {u.section: u for u in report.section_units.all()}
        self.figure_forms = {
            code: FigureForm(
                data,
                indicator=indicator,
                initial=self._figure_initial(self.figures.get(code), code),
            )
            for code, indicator in catalog.indicators.items()
        }
        self.details = ReportDetailsForm(data, instance=report, prefix="report")
        self.units = SectionUnitsForm(data, initial=_units_initial(self.units_map))
        self.conference = ConferenceForm(
            data, instance=self.conference_obj or Conference(report=report), prefix="conference"
        )
        self.formsets = {
            audit_prefix: formset(data, instance=report, prefix=prefix)
            for prefix, audit_prefix, formset, _fields in ROWS
        }
        # The formsets' own queries give the rows (an inline formset never uses a prefetch).
        self.rows_map = {key: list(fs.get_queryset()) for key, fs in self.formsets.items()}
        self.meta = ConcurrencyForm(data, initial=self._meta_initial())
        self.takes = {}
        self.conflicts = []
        self.warnings = {}
        self.stale_by = None
        self.locked = None  # why a save was refused on the locked row's status
        if self.is_bound and self.meta.is_valid():
            self.takes = {
                key: TakeForm(data, prefix=f"take-{key}")
                for key in self.meta.cleaned_data["conflicts"]
                if key == DETAILS or key in self.figure_forms
            }

    # --- building

    def _figure_initial(self, figure, code):
        # A figure the parts cannot complete keeps what is stored (empty if nothing is): a
        # prefill never deletes a figure, nor writes a smaller total.
        if self.prefill and code in self.prefill.values.values:
            numbers = self.prefill.values
            return {
                **self._stored_initial(figure),
                "value": vietnamese.number(numbers.values[code]),
                "qualifier": numbers.qualifiers.get(code, Qualifier.EXACT),
                "not_applicable": False,
            }
        return self._stored_initial(figure)

    def _stored_initial(self, figure):
        if figure is None:
            return {}
        return {
            "value": "" if figure.value is None else vietnamese.number(figure.value),
            "qualifier": figure.qualifier,
            "stated_percent": ""
            if figure.stated_percent is None
            else vietnamese.written(figure.stated_percent),
            "percent_of": figure.percent_of,
            "stated_change": ""
            if figure.stated_change is None
            else vietnamese.written(figure.stated_change),
            "stated_change_kind": figure.stated_change_kind,
            "stated_change_qualifier": figure.stated_change_qualifier,
            "comment": figure.comment,
            "explanation": figure.explanation,
            "not_applicable": figure.not_applicable,
        }

    def _state(self):
        """The state of every block as read when this form was built."""
        state = {code: figure_state(f) for code, f in self.figures.items()}
        state[DETAILS] = details_state(
            self.report, self.conference_obj, self.units_map, self.rows_map
        )
        return state

    def _meta_initial(self):
        return {
            "version": self.report.version,
            "base": json.dumps(self._state(), ensure_ascii=False, sort_keys=True),
        }

    # --- validation

    def _all_forms(self):
        yield self.meta
        yield from self.takes.values()
        yield from self.figure_forms.values()
        yield from (self.details, self.units, self.conference)

    def is_valid(self):
        if not self.is_bound:
            return False
        if not hasattr(self, "_valid"):
            valid = all([form.is_valid() for form in self._all_forms()])
            valid = all([formset.is_valid() for formset in self.formsets.values()]) and valid
            self._valid = self._check_figures() and valid
        return self._valid

    def _take(self, key):
        take = self.takes.get(key)
        return take.cleaned_data.get("choice") if take and take.is_valid() else None

    def _new_figure_state(self, code):
        """The figure as the user asks to save it, or the stored one when they chose
        "theirs"; None when the row has errors."""
        form = self.figure_forms[code]
        current = figure_state(self.figures.get(code))
        if self._take(code) == "theirs":
            return current
        if not form.is_valid():
            return None
        data = form.cleaned_data
        return {part: audit_text(data.get(part)) for part in FIGURE_PARTS}

    def _effective(self) -> ReportValues:
        """The numbers the checks judge: what would be stored (rows with errors left out)."""
        states = {code: self._new_figure_state(code) for code in self.figure_forms}
        return numbers_of({code: state for code, state in states.items() if state})

    def _add_errors(self, findings):
        """Each error next to the box it is about: a stated share beside the stated %."""
        for finding in checks.errors(findings):
            part = "stated_percent" if finding.check == checks.STATED_SHARE else "value"
            self.figure_forms[finding.field].add_error(part, finding.message)

    def _check_figures(self):
        findings = self._effective().findings(self.catalog, self.previous)
        self._add_errors(findings)
        self.warnings = {}
        for finding in checks.warnings(findings):
            self.warnings.setdefault(finding.field, []).append(finding.message)
        return not checks.errors(findings)

    # --- what the template shows

    def _shown(self) -> ReportValues:
        """The numbers on a page not posted: stored, with the prefilled counts if any."""
        if not self.prefill:
            return self.report.numbers()
        states = {code: figure_state(f) for code, f in self.figures.items()}
        for code in self.prefill.values.values:
            state = states.setdefault(code, dict(EMPTY_FIGURE))
            value = self.prefill.values.values.get(code)
            state["value"] = "" if value is None else str(value)
            state["qualifier"] = self.prefill.values.qualifiers.get(code, Qualifier.EXACT)
        return numbers_of(states)

    def rate_results(self):
        """The rates of what is on the page: stored (or prefilled), or as typed after a
        refused save."""
        if not self.is_bound:
            return self._shown().rate_results(self.catalog)
        return self._effective().rate_results(self.catalog)

    def sections(self):
        """[(Section, unit field, province-wide box, [Row])] in catalogue order."""
        if not self.is_bound:
            self.warnings = {}
            for finding in checks.warnings(self._shown().findings(self.catalog, self.previous)):
                self.warnings.setdefault(finding.field, []).append(finding.message)
        results = self.rate_results()
        conflicts = {c.key: c for c in self.conflicts}
        out = []
        for section in Section:
            rows = [
                Row(
                    indicator=indicator,
                    form=self.figure_forms[indicator.code],
                    previous=self.previous_figures.get(indicator.code),
                    rates=[
                        (definition, results[definition.code])
                        for definition in self.catalog.rates_stated_on(indicator.code)
                    ],
                    warnings=self.warnings.get(indicator.code, []),
                    conflict=conflicts.get(indicator.code),
                    take=self.takes.get(indicator.code),
                    previous_part=(self.previous_part or {}).get(indicator.code),
                    **self._prefill_notes(indicator.code),
                )
                for indicator in self.catalog.section(section)
            ]
            if rows:
                wide = self.units[wide_key(section.value)]
                out.append((section, self.units[section.value], wide, rows))
        return out

    def _prefill_notes(self, code) -> dict:
        if not self.prefill:
            return {}
        if code in self.prefill.missing:
            return {"lacking": self.prefill.lacking(code)}
        if code in self.prefill.values.values:
            return {"prefilled": self.prefill.source()}
        return {}

    def problems(self):
        """The summary at the top: (anchor id, message, severity) for every open error
        and warning, linking to its field."""
        out = []
        for form in self._all_forms():
            for name, errors in form.errors.items():
                anchor = form[name].id_for_label if name in form.fields else "entry-form"
                label = self.names.get(
                    form.prefix, form.fields[name].label if name in form.fields else ""
                )
                label = str(label or "")
                for error in errors:
                    # Messages of the checks already name their figures.
                    text = f"{label}: {error}" if label and not error.startswith(label) else error
                    out.append((anchor, text, "error"))
        for key, formset in self.formsets.items():
            for error in formset.non_form_errors():
                out.append((f"rows-{key}", error, "error"))
            for form in formset.forms:
                for name, errors in form.errors.items():
                    anchor = form[name].id_for_label if name in form.fields else f"rows-{key}"
                    for error in errors:
                        out.append((anchor, f"{audit_label(key, self.names)}: {error}", "error"))
        for code, messages in self.warnings.items():
            for message in messages:
                out.append((self.figure_forms[code]["value"].id_for_label, message, "warning"))
        return out

    def removed_characters(self) -> int:
        """How many control characters the fields removed from what was posted."""
        rows = [form for formset in self.formsets.values() for form in formset.forms]
        return text.removed_in(*self._all_forms(), *rows)

    def details_conflict(self):
        return next((c for c in self.conflicts if c.key == DETAILS), None)

    # --- saving

    def save(self, user) -> bool:
        """Apply the page in one transaction; False when nothing was saved: because of
        errors, because the report may no longer be edited (`locked` says why), or because
        someone saved the report after this page was built and changed a field the user
        changed too (then `conflicts` lists those fields, and the page asks the user to
        choose). Fields the user did not touch take what is stored now, without asking."""
        if not self.is_valid():
            return False
        with transaction.atomic():
            # Write first: SQLite then holds its write lock before anything is read (a
            # read-then-write transaction fails with "database is locked" under
            # contention); PostgreSQL holds the row until commit.
            Report.objects.filter(pk=self.report.pk).update(version=F("version"))
            report = Report.objects.select_for_update().get(pk=self.report.pk)
            # The status as it is now, under the lock: the view's check read the row without
            # one, and an approval may have landed since.
            role = self.report.office.role_of(user)
            if not report.may_edit(role, user.is_superuser):
                self.locked = report.locked_message()
                return False
            current = self._read_current(report)
            stale = report.version != self.meta.cleaned_data["version"]
            merged = self._merge(current, stale)
            if merged.conflicts:
                self._ask(report, current, merged)
                return False
            if stale and self._refused_after_merge(report, current, merged):
                return False
            entries = []
            for code in self.figure_forms:
                self._save_figure(report, code, merged.figures[code], current, user, entries)
            self._save_details(report, current, merged.kept, entries)
            self.saved_changes = len(entries)
            if not entries:
                return True
            audit.record_all(report, user, audit.Source.FORM, entries)
            totals.record_write(report, user, *REPORT_FIELDS)
        return True

    def _read_current(self, report):
        current = _Current(report)
        current.figures = {f.indicator.code: f for f in report.figures.select_related("indicator")}
        current.conference = Conference.objects.filter(report=report).first()
        current.units = {u.section: u for u in report.section_units.all()}
        current.rows = {
            "attendee": list(report.attendees.all()),
            "directive": list(report.directives.all()),
            "award": list(report.awards.all()),
        }
        current.state = {code: figure_state(f) for code, f in current.figures.items()}
        current.state[DETAILS] = details_state(
            report, current.conference, current.units, current.rows
        )
        return current

    def _details_mine(self):
        """The page's details as the user asks to save them, as plain strings (the keys of
        `details_state`)."""
        state = {
            f"report.{name}": audit_text(self.details.cleaned_data[name]) for name in REPORT_FIELDS
        }
        for section in Section.values:
            state[f"unit.{section}"] = self.units.cleaned_data[section].strip()
            state[audit.wide_field(section)] = str(self.units.cleaned_data[wide_key(section)])
        for name in CONFERENCE_FIELDS:
            state[f"conference.{name}"] = audit_text(self.conference.cleaned_data.get(name))
        for _prefix, audit_prefix, _formset, fields in ROWS:
            forms_ = self.formsets[audit_prefix].ordered_forms
            state[audit_prefix] = "\n".join(_row_text(f.instance, fields) for f in forms_)
        return state

    def _merge(self, current, stale):
        """What to store, field by field. On a page read before the last save (`stale`): a
        field the user left as they read it (the hidden base state) takes the stored value;
        a field they changed takes theirs; a field both changed, to different values, is a
        conflict. On a current page: everything as the user asks."""
        merged = _Merged()
        base = self.meta.cleaned_data["base"] if stale else None
        for code in self.figure_forms:
            mine = self._new_figure_state(code)
            if not stale:
                merged.figures[code] = mine
                continue
            now = current.state.get(code, EMPTY_FIGURE)
            read = _read_state(base, code, EMPTY_FIGURE)
            new, clashes = {}, []
            for part in FIGURE_PARTS:
                was = read.get(part, _UNKNOWN) if read is not None else _UNKNOWN
                if mine[part] == was:
                    new[part] = now[part]
                    continue
                new[part] = mine[part]
                if now[part] not in (was, mine[part]):
                    clashes.append(part)
            merged.figures[code] = new
            if clashes:
                merged.conflicts[code] = clashes
        if self._take(DETAILS) == "theirs":
            merged.kept = set(current.state[DETAILS])
        elif stale:
            mine = self._details_mine()
            now = current.state[DETAILS]
            read = _read_state(base, DETAILS, {})
            clashes = []
            for name, value in mine.items():
                was = read.get(name, _UNKNOWN) if read is not None else _UNKNOWN
                if value == was:
                    merged.kept.add(name)
                elif now.get(name, "") not in (was, value):
                    clashes.append(name)
            if clashes:
                merged.conflicts[DETAILS] = clashes
        return merged

    def _ask(self, report, current, merged):
        """Show each field both people changed, with both values, and rebase the page on
        what is stored now (with the stored value in every field the user did not touch)."""
        who = report.updated_by
        who = (who.get_full_name() or who.username) if who else _("Người khác")
        self.stale_by = (who, report.updated_at)
        for key, names in merged.conflicts.items():
            if key == DETAILS:
                theirs = current.state[DETAILS]
                changes = [
                    (
                        audit_label(name, self.names),
                        audit_display(name, theirs.get(name, ""), self.names),
                        "",
                    )
                    for name in names
                ]
                label = _("Thông tin báo cáo và hội nghị")
            else:
                mine = self._new_figure_state(key)
                theirs = current.state.get(key, EMPTY_FIGURE)
                changes = []
                for part in names:
                    name = audit.figure_field(key, part)
                    changes.append(
                        (
                            audit_label(name, self.names),
                            audit_display(name, theirs[part], self.names),
                            audit_display(name, mine[part], self.names),
                        )
                    )
                label = self.names.get(key, key)
            self.conflicts.append(Conflict(key, label, changes))
        self._rebase(report, current, merged, list(merged.conflicts))

    def _refused_after_merge(self, report, current, merged):
        """The checks again, on what would be stored once the other person's changes are
        taken in: two changes each valid alone may not be together. Then nothing is saved
        and the page shows the merged values with the errors."""
        errors = checks.errors(numbers_of(merged.figures).findings(self.catalog, self.previous))
        if not errors:
            return False
        who = report.updated_by
        who = (who.get_full_name() or who.username) if who else _("Người khác")
        self.stale_by = (who, report.updated_at)
        self._rebase(report, current, merged, [])
        self._add_errors(errors)
        self._valid = False
        return True

    def _rebase(self, report, current, merged, changed):
        """Base the page on what is stored now: the next save compares with it and must say
        what to keep for each key of `changed`. Every field shows what would be stored:
        the user's own changes, and the stored value where they changed nothing (or chose
        the other person's value)."""
        self.data = self.data.copy()
        for code, form in list(self.figure_forms.items()):
            state = merged.figures[code]
            if state == self._typed_state(code):
                continue
            for part, typed in _figure_texts(state).items():
                self.data[f"{code}-{part}"] = typed
            form = FigureForm(self.data, indicator=self.catalog.indicators[code])
            form.is_valid()
            self.figure_forms[code] = form
        if merged.kept:
            self._show_stored_details(current, merged.kept)
        self.meta = ConcurrencyForm(
            initial={
                "version": report.version,
                "base": json.dumps(current.state, ensure_ascii=False, sort_keys=True),
                "conflicts": ",".join(changed),
            }
        )
        self.takes = {key: TakeForm(prefix=f"take-{key}") for key in changed}

    def _typed_state(self, code):
        """The figure as typed on the page (not what a "theirs" choice makes of it)."""
        form = self.figure_forms[code]
        if not form.is_valid():
            return None
        return {part: audit_text(form.cleaned_data.get(part)) for part in FIGURE_PARTS}

    def _show_stored_details(self, current, kept):
        """Rebuild the details forms with the stored value of every name in `kept`."""
        report = current.report
        conference = current.conference or Conference(report=report)
        for name in REPORT_FIELDS:
            if f"report.{name}" in kept:
                self.data[f"report-{name}"] = audit_text(getattr(report, name))
        units = current.units
        for section in Section.values:
            if f"unit.{section}" in kept:
                self.data[f"unit-{section}"] = units[section].unit_name if section in units else ""
            if audit.wide_field(section) in kept:
                if section in units and units[section].province_wide:
                    self.data[f"unit-{wide_key(section)}"] = "on"
                else:
                    self.data.pop(f"unit-{wide_key(section)}", None)
        for name in CONFERENCE_FIELDS:
            if f"conference.{name}" in kept:
                self.data[f"conference-{name}"] = audit_text(getattr(conference, name, None))
        self.details = ReportDetailsForm(self.data, instance=report, prefix="report")
        self.units = SectionUnitsForm(self.data, initial=_units_initial(units))
        self.conference = ConferenceForm(self.data, instance=conference, prefix="conference")
        for form in (self.details, self.units, self.conference):
            form.is_valid()
        for prefix, audit_prefix, formset, _fields in ROWS:
            if audit_prefix in kept:
                self.formsets[audit_prefix] = formset(instance=report, prefix=prefix)

    def _save_figure(self, report, code, new, current, user, entries):
        old = current.state.get(code, EMPTY_FIGURE)
        if new == old:
            return
        figure = current.figures.get(code)
        # Blank is "not reported": the row goes, it never becomes 0.
        notes = ("value", "stated_percent", "percent_of", "stated_change", "comment", "explanation")
        if not any(new[part] for part in notes) and new["not_applicable"] != "True":
            if figure is not None:
                figure.delete()
        else:
            figure = figure or Figure(report=report, indicator=self.catalog.indicators[code])
            figure.value = int(new["value"]) if new["value"] else None
            figure.qualifier = new["qualifier"]
            figure.stated_percent = (
                Decimal(new["stated_percent"]) if new["stated_percent"] else None
            )
            figure.percent_of = new["percent_of"]
            figure.stated_change = Decimal(new["stated_change"]) if new["stated_change"] else None
            figure.stated_change_kind = new["stated_change_kind"]
            figure.stated_change_qualifier = new["stated_change_qualifier"]
            figure.comment = new["comment"]
            figure.explanation = new["explanation"]
            figure.not_applicable = new["not_applicable"] == "True"
            figure.updated_by = user
            figure.save()
        for part in FIGURE_PARTS:
            if new[part] != old[part]:
                name = audit.figure_field(code, part)
                entries.append(audit.Change(name, old[part], new[part]))

    def _save_details(self, report, current, kept, entries):
        """Write the details, except the names in `kept` (stored values the user did not
        touch on a page read before someone else's save)."""
        data = self.details.cleaned_data
        for name in REPORT_FIELDS:
            if f"report.{name}" in kept:
                continue
            if audit_text(getattr(report, name)) != audit_text(data[name]):
                entries.append(
                    audit.Change(
                        f"report.{name}",
                        audit_text(getattr(report, name)),
                        audit_text(data[name]),
                    )
                )
                setattr(report, name, data[name])
        for section in Section.values:
            row = current.units.get(section)
            old_name, old_wide = (row.unit_name, row.province_wide) if row else ("", False)
            name, wide = old_name, old_wide
            if f"unit.{section}" not in kept:
                name = self.units.cleaned_data[section].strip()
            if audit.wide_field(section) not in kept:
                wide = self.units.cleaned_data[wide_key(section)]
            if name != old_name:
                entries.append(audit.Change(f"unit.{section}", old_name, name))
            if wide != old_wide:
                entries.append(audit.Change(audit.wide_field(section), str(old_wide), str(wide)))
            if (name, wide) == (old_name, old_wide):
                continue
            # A province-wide section may name no unit: the row stays for its box.
            if not name and not wide:
                row.delete()
            elif row:
                row.unit_name, row.province_wide = name, wide
                row.save()
            else:
                SectionUnit.objects.create(
                    report=report, section=section, unit_name=name, province_wide=wide
                )
        self._save_conference(report, current.conference, kept, entries)
        for _prefix, audit_prefix, _formset, fields in ROWS:
            if audit_prefix not in kept:
                self._save_rows(audit_prefix, fields, current.rows[audit_prefix], entries)

    def _save_conference(self, report, conference, kept, entries):
        data = self.conference.cleaned_data
        changes = [
            (name, audit_text(getattr(conference, name, None)), audit_text(data[name]))
            for name in CONFERENCE_FIELDS
            if f"conference.{name}" not in kept
        ]
        changes = [c for c in changes if c[1] != c[2]]
        if not changes:
            return
        conference = conference or Conference(report=report)
        for name, old, new in changes:
            setattr(conference, name, data[name])
            entries.append(audit.Change(f"conference.{name}", old, new))
        conference.save()

    def _save_rows(self, audit_prefix, fields, stored, entries):
        formset = self.formsets[audit_prefix]
        for form in formset.deleted_forms:
            if form.instance.pk:
                entries.append(audit.Change(audit_prefix, _row_text(form.instance, fields)))
                form.instance.delete()
        kept = []
        for position, form in enumerate(formset.ordered_forms, start=1):
            row = form.instance
            changed = [name for name in form.changed_data if name in fields]
            if row.pk is None:
                entries.append(audit.Change(audit_prefix, "", _row_text(row, fields)))
            else:
                kept.append(row.pk)
                for name in changed:
                    entries.append(
                        audit.Change(
                            f"{audit_prefix}.{name}",
                            audit_text(form.initial.get(name)),
                            audit_text(form.cleaned_data[name]),
                        )
                    )
            if row.pk is None or changed or row.position != position:
                row.position = position
                row.save()
        before = [row.pk for row in stored if row.pk in kept]
        if before != kept:
            names = {row.pk: _row_text(row, fields[:2]) for row in stored}
            entries.append(
                audit.Change(
                    f"{audit_prefix}s.order",
                    "\n".join(names[pk] for pk in before),
                    "\n".join(names[pk] for pk in kept),
                )
            )


# A value no page state equals: a field whose base state is missing or damaged counts as
# changed by the user, so that nothing of theirs is dropped without asking.
_UNKNOWN = object()


def _read_state(base, key, empty):
    """The state of `key` as the page read it, from its hidden base; None when the base is
    damaged (then every field the user sends counts as changed)."""
    if base is None:
        return None
    state = base.get(key, empty)
    return state if isinstance(state, dict) else None


def _figure_texts(state):
    """A figure's state (plain strings) as the entry page's fields show it."""
    texts = dict(state)
    if state["value"]:
        texts["value"] = vietnamese.number(int(state["value"]))
    for part in ("stated_percent", "stated_change"):
        if state[part]:
            texts[part] = vietnamese.written(Decimal(state[part]))
    return texts


def _units_initial(units) -> dict:
    """The section units' form's initial values from section -> SectionUnit."""
    initial = {}
    for section, unit in units.items():
        initial[section] = unit.unit_name
        initial[wide_key(section)] = unit.province_wide
    return initial


@dataclass
class _Merged:
    """What a save stores: code -> figure state, the DETAILS names left as stored (`kept`),
    and key -> the fields both people changed (`conflicts`)."""

    figures: dict = field(default_factory=dict)
    kept: set = field(default_factory=set)
    conflicts: dict = field(default_factory=dict)


@dataclass
class _Current:
    """The report's rows as stored now, read under the lock."""

    report: Report
    figures: dict = field(default_factory=dict)
    conference: Conference | None = None
    units: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)
