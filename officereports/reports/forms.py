"""The entry page's forms: one row per catalogued indicator, the report's details, the units
that produced each section, the conference and its rows (attendees, directives, awards).

`EntryForm` holds them all. It checks the figures against each other (`checks.evaluate`),
notices a page based on stale data (`Report.version`) and saves everything with its audit
trail in one transaction. When anything is wrong, nothing is saved.
"""

import json
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from officereports.reports import checks, rates, text, upload, vietnamese
from officereports.reports.models import (
    Attendee,
    AuditEntry,
    Award,
    Conference,
    Directive,
    Figure,
    Qualifier,
    Report,
    Section,
    SectionUnit,
    audit_display,
    audit_label,
    audit_text,
)

FIGURE_PARTS = ("value", "qualifier", "stated_percent", "comment", "explanation")
EMPTY_FIGURE = {"value": "", "qualifier": Qualifier.EXACT, "stated_percent": "", "comment": ""}
EMPTY_FIGURE["explanation"] = ""
REPORT_FIELDS = ("headline", "byline", "source", "period_start", "period_end")
CONFERENCE_FIELDS = ("date", "part_of_day", "title", "place")
DETAILS = "details"  # the key of everything that is not a figure, in conflicts


class FigureForm(forms.Form):
    """One indicator's row. The value is a count typed the Vietnamese way ("52.900")."""

    value = forms.CharField(
        label=_l("Số liệu"),
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "num", "size": 11}
        ),
    )
    qualifier = forms.ChoiceField(
        label=_l("Cách ghi"), choices=Qualifier.choices, initial=Qualifier.EXACT
    )
    stated_percent = forms.CharField(
        label=_l("Tỷ lệ nêu trong báo cáo (%)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num", "size": 6}
        ),
    )
    comment = text.TextField(
        label=_l("Ghi chú"),
        required=False,
        max_length=text.limit(Figure, "comment"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )
    explanation = text.TextField(
        label=_l("Giải trình"),
        required=False,
        max_length=text.limit(Figure, "explanation"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )

    def __init__(self, *args, indicator, has_rate, **kwargs):
        super().__init__(*args, prefix=indicator.code, **kwargs)
        self.indicator = indicator
        # A stated percentage is entered beside the indicator a rate names (stated_on).
        if not has_rate:
            del self.fields["stated_percent"]
        # entry.js finds each rate's counts and qualifiers by indicator code.
        self.fields["value"].widget.attrs["data-code"] = indicator.code
        self.fields["qualifier"].widget.attrs["data-qualifier-for"] = indicator.code

    def clean_value(self):
        try:
            return checks.parse_count(self.cleaned_data["value"])
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None

    def clean_stated_percent(self):
        try:
            return checks.parse_percent(self.cleaned_data["stated_percent"])
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None


class ReportDetailsForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = REPORT_FIELDS
        formfield_callback = text.formfield
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class SectionUnitsForm(forms.Form):
    """The unit that produced each section's figures (part of the data, DOMAIN.md §3)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="unit", **kwargs)
        for section in Section:
            self.fields[section.value] = text.TextField(
                label=_l("Đơn vị thực hiện"),
                required=False,
                max_length=text.limit(SectionUnit, "unit_name"),
            )


class ConferenceForm(forms.ModelForm):
    class Meta:
        model = Conference
        fields = CONFERENCE_FIELDS
        formfield_callback = text.formfield
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class _RowForm(forms.ModelForm):
    def has_changed(self):
        # Renumbering the rows (ORDER) alone does not make a blank extra row worth saving.
        return any(name not in ("ORDER", "DELETE") for name in self.changed_data)


class AttendeeForm(_RowForm):
    class Meta:
        model = Attendee
        formfield_callback = text.formfield
        fields = ("honorific", "name", "title")


class DirectiveForm(_RowForm):
    class Meta:
        model = Directive
        formfield_callback = text.formfield
        fields = ("speaker", "speaker_title", "content")
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}


class AwardForm(_RowForm):
    class Meta:
        model = Award
        formfield_callback = text.formfield
        fields = ("recipient_kind", "title", "issuer", "count", "is_many", "recipients")
        widgets = {"recipients": forms.Textarea(attrs={"rows": 2})}


def _rows_formset(model, form):
    return forms.inlineformset_factory(
        Report, model, form=form, extra=1, can_delete=True, can_order=True
    )


AttendeeFormSet = _rows_formset(Attendee, AttendeeForm)
DirectiveFormSet = _rows_formset(Directive, DirectiveForm)
AwardFormSet = _rows_formset(Award, AwardForm)
ROWS = (
    # (formset prefix, audit prefix, formset class, fields written into the audit trail)
    ("attendees", "attendee", AttendeeFormSet, AttendeeForm.Meta.fields),
    ("directives", "directive", DirectiveFormSet, DirectiveForm.Meta.fields),
    ("awards", "award", AwardFormSet, AwardForm.Meta.fields),
)


class ConcurrencyForm(forms.Form):
    """What the page was built from: the report's version and the state of every block."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _l("Trang thiếu thông tin phiên bản. Tải lại trang rồi nhập lại."),
            "invalid": _l("Trang thiếu thông tin phiên bản. Tải lại trang rồi nhập lại."),
        },
    )
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    conflicts = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_base(self):
        try:
            base = json.loads(self.cleaned_data["base"] or "{}")
        except ValueError:
            base = None
        # A damaged base only makes more blocks look changed; it never loses data.
        return base if isinstance(base, dict) else {}

    def clean_conflicts(self):
        return [key for key in self.cleaned_data["conflicts"].split(",") if key]


class TakeForm(forms.Form):
    """The user's choice for one block that someone else changed meanwhile."""

    choice = forms.ChoiceField(
        choices=[("mine", _l("Giữ giá trị của tôi")), ("theirs", _l("Lấy giá trị hiện tại"))],
        widget=forms.RadioSelect,
        error_messages={"required": _l("Chọn giữ giá trị của bạn hay lấy giá trị hiện tại.")},
    )


class ReasonForm(forms.Form):
    """Why a report is returned or reopened."""

    reason = text.TextField(
        label=_l("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
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
    conflict: Conflict | None = None
    take: TakeForm | None = None

    @property
    def stated(self):
        """The stated-percentage field, for indicators a rate names; else None."""
        return self.form["stated_percent"] if "stated_percent" in self.form.fields else None

    @property
    def needs_explanation(self):
        return bool(self.warnings) and not (self.form["explanation"].value() or "").strip()

    @property
    def notes_open(self):
        data = self.form["comment"].value() or self.form["explanation"].value()
        notes_errors = self.form.has_error("comment") or self.form.has_error("explanation")
        return bool(data or self.warnings or notes_errors)


def figure_state(figure) -> dict:
    """A figure as plain strings, to compare what a page was built from with the database."""
    if figure is None:
        return dict(EMPTY_FIGURE)
    return {part: audit_text(getattr(figure, part)) for part in FIGURE_PARTS}


def details_state(report, conference, units, rows) -> dict:
    """Everything that is not a figure, as plain strings. `units`: section -> name;
    `rows`: audit prefix -> model instances in order."""
    state = {f"report.{name}": audit_text(getattr(report, name)) for name in REPORT_FIELDS}
    state.update({f"unit.{s}": units.get(s, "") for s in Section.values})
    for name in CONFERENCE_FIELDS:
        state[f"conference.{name}"] = audit_text(getattr(conference, name, None))
    for _prefix, audit_prefix, _formset, fields in ROWS:
        state[audit_prefix] = "\n".join(
            _row_text(obj, fields) for obj in rows.get(audit_prefix, [])
        )
    return state


def _row_text(obj, fields):
    return " · ".join(audit_text(getattr(obj, name)) for name in fields if getattr(obj, name))


class EntryForm:
    """Every form of the entry page, validated and saved as one."""

    def __init__(self, report, catalog, previous_figures, data=None):
        self.report = report
        self.catalog = catalog
        self.names = {code: i.name for code, i in catalog.indicators.items()}
        self.previous_figures = previous_figures
        self.data = data
        self.is_bound = data is not None
        self.figures = {f.indicator.code: f for f in report.figures.all()}
        self.conference_obj = getattr(report, "conference", None)
        self.units_map = {u.section: u.unit_name for u in report.section_units.all()}
        stated_on = {r.stated_on.code for r in catalog.rates.values()}
        self.figure_forms = {
            code: FigureForm(
                data,
                indicator=indicator,
                has_rate=code in stated_on,
                initial=self._figure_initial(self.figures.get(code)),
            )
            for code, indicator in catalog.indicators.items()
        }
        self.details = ReportDetailsForm(data, instance=report, prefix="report")
        self.units = SectionUnitsForm(data, initial=self.units_map)
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
        if self.is_bound and self.meta.is_valid():
            self.takes = {
                key: TakeForm(data, prefix=f"take-{key}")
                for key in self.meta.cleaned_data["conflicts"]
                if key == DETAILS or key in self.figure_forms
            }

    # --- building

    def _figure_initial(self, figure):
        if figure is None:
            return {}
        return {
            "value": "" if figure.value is None else vietnamese.number(figure.value),
            "qualifier": figure.qualifier,
            "stated_percent": ""
            if figure.stated_percent is None
            else vietnamese.written(figure.stated_percent),
            "comment": figure.comment,
            "explanation": figure.explanation,
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
        state = {part: audit_text(data.get(part)) for part in FIGURE_PARTS}
        if "stated_percent" not in form.fields:
            state["stated_percent"] = current["stated_percent"]
        return state

    def _effective(self):
        """(values, approximate codes) the checks judge: what would be stored."""
        values, approximate = {}, []
        for code in self.figure_forms:
            state = self._new_figure_state(code)
            if state and state["value"]:
                values[code] = int(state["value"])
                if state["qualifier"] != Qualifier.EXACT:
                    approximate.append(code)
        return values, approximate

    def _check_figures(self):
        values, approximate = self._effective()
        previous = {c: f.value for c, f in self.previous_figures.items() if f.value is not None}
        findings = checks.evaluate(
            self.catalog.checks, values, self.names, previous=previous, approximate=approximate
        )
        for finding in checks.errors(findings):
            self.figure_forms[finding.field].add_error("value", finding.message)
        self.warnings = {}
        for finding in checks.warnings(findings):
            self.warnings.setdefault(finding.field, []).append(finding.message)
        return not checks.errors(findings)

    # --- what the template shows

    def rate_results(self):
        """The rates of what is on the page: stored, or as typed after a refused save."""
        if not self.is_bound:
            return self.report.rate_results(self.catalog)
        values, approximate = self._effective()
        exact = {c: v for c, v in values.items() if c not in approximate}
        out = {}
        for code, definition in self.catalog.rates.items():
            state = self._new_figure_state(definition.stated_on.code) or {}
            stated = state.get("stated_percent")
            out[code] = rates.result(
                definition.spec, exact, checks.parse_percent(stated) if stated else None
            )
        return out

    def sections(self):
        """[(Section, unit field, [Row])] in catalogue order."""
        if not self.is_bound:
            previous = {c: f.value for c, f in self.previous_figures.items() if f.value is not None}
            self.warnings = {}
            for finding in checks.warnings(self.report.findings(self.catalog, previous)):
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
                )
                for indicator in self.catalog.section(section)
            ]
            if rows:
                out.append((section, self.units[section.value], rows))
        return out

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
        """Apply the page in one transaction; False when nothing was saved, because of
        errors or because someone saved the report after this page was built (then
        `conflicts` lists what they changed, and the page asks the user to choose)."""
        if not self.is_valid():
            return False
        with transaction.atomic():
            # Write first: SQLite then holds its write lock before anything is read (a
            # read-then-write transaction fails with "database is locked" under
            # contention); PostgreSQL holds the row until commit.
            Report.objects.filter(pk=self.report.pk).update(version=F("version"))
            report = Report.objects.select_for_update().get(pk=self.report.pk)
            current = self._read_current(report)
            if report.version != self.meta.cleaned_data["version"]:
                changed = self._changed_meanwhile(current)
                if changed:
                    self._ask(report, current, changed)
                    return False
            entries = []
            for code in self.figure_forms:
                self._save_figure(report, code, current, user, entries)
            if self._take(DETAILS) != "theirs":
                self._save_details(report, current, user, entries)
            self.saved_changes = len(entries)
            if not entries:
                return True
            for entry in entries:
                entry.report, entry.user, entry.source = report, user, AuditEntry.Source.FORM
            AuditEntry.objects.bulk_create(entries)
            report.version += 1
            report.updated_by = user
            report.save(update_fields=["version", "updated_by", "updated_at", *REPORT_FIELDS])
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
            report,
            current.conference,
            {s: u.unit_name for s, u in current.units.items()},
            current.rows,
        )
        return current

    def _changed_meanwhile(self, current):
        """Blocks stored differently now than when the page was built, except figures
        that the user sets to what is stored anyway."""
        base = self.meta.cleaned_data["base"]
        keys = [DETAILS, *self.figure_forms]
        changed = []
        for key in keys:
            empty = {} if key == DETAILS else EMPTY_FIGURE
            now = current.state.get(key, empty)
            if now == base.get(key, empty):
                continue
            if key != DETAILS and self._new_figure_state(key) == now:
                continue
            changed.append(key)
        return changed

    def _ask(self, report, current, changed):
        """Show what changed meanwhile, with both values, and rebase the page on now."""
        who = report.updated_by
        who = (who.get_full_name() or who.username) if who else _("Người khác")
        self.stale_by = (who, report.updated_at)
        for key in changed:
            if key == DETAILS:
                theirs = current.state[DETAILS]
                base = self.meta.cleaned_data["base"].get(DETAILS, {})
                changes = [
                    (audit_label(name, self.names), value, "")
                    for name, value in theirs.items()
                    if value != base.get(name, "")
                ]
                label = _("Thông tin báo cáo và hội nghị")
            else:
                mine = self._new_figure_state(key)
                theirs = current.state.get(key, EMPTY_FIGURE)
                changes = []
                for part in FIGURE_PARTS:
                    if theirs[part] == mine[part]:
                        continue
                    name = key if part == "value" else f"{key}:{part}"
                    changes.append(
                        (
                            audit_label(name, self.names),
                            audit_display(name, theirs[part], self.names),
                            audit_display(name, mine[part], self.names),
                        )
                    )
                label = self.names.get(key, key)
            self.conflicts.append(Conflict(key, label, changes))
        # What the user chose to take from the others is shown as stored now: asked again
        # about a newer change, the page must not carry its old values into the next save.
        self._show_stored([key for key in self.takes if self._take(key) == "theirs"], current)
        # The next save is based on what is stored now, and must say what to keep.
        self.meta = ConcurrencyForm(
            initial={
                "version": report.version,
                "base": json.dumps(current.state, ensure_ascii=False, sort_keys=True),
                "conflicts": ",".join(changed),
            }
        )
        self.takes = {key: TakeForm(prefix=f"take-{key}") for key in changed}

    def _show_stored(self, keys, current):
        """Rebuild the rows of `keys` (indicator codes, DETAILS) from the stored values."""
        stated_on = {r.stated_on.code for r in self.catalog.rates.values()}
        data = self.data.copy()
        for key in keys:
            if key == DETAILS:
                continue
            stored = {**EMPTY_FIGURE, **self._figure_initial(current.figures.get(key))}
            for part in FIGURE_PARTS:
                data[f"{key}-{part}"] = stored[part]
            form = FigureForm(
                data, indicator=self.catalog.indicators[key], has_rate=key in stated_on
            )
            form.is_valid()
            self.figure_forms[key] = form
        if DETAILS in keys:
            report = current.report
            units = {s: u.unit_name for s, u in current.units.items()}
            self.details = ReportDetailsForm(instance=report, prefix="report")
            self.units = SectionUnitsForm(initial=units)
            conference = current.conference or Conference(report=report)
            self.conference = ConferenceForm(instance=conference, prefix="conference")
            self.formsets = {
                audit_prefix: formset(instance=report, prefix=prefix)
                for prefix, audit_prefix, formset, _fields in ROWS
            }

    def _save_figure(self, report, code, current, user, entries):
        new = self._new_figure_state(code)
        old = current.state.get(code, EMPTY_FIGURE)
        if new == old:
            return
        figure = current.figures.get(code)
        # Blank is "not reported": the row goes, it never becomes 0.
        if not any(new[part] for part in FIGURE_PARTS if part != "qualifier"):
            if figure is not None:
                figure.delete()
        else:
            data = self.figure_forms[code].cleaned_data
            figure = figure or Figure(report=report, indicator=self.catalog.indicators[code])
            figure.value = data["value"]
            figure.qualifier = data["qualifier"]
            if "stated_percent" in data:
                figure.stated_percent = data["stated_percent"]
            figure.comment = data["comment"]
            figure.explanation = data["explanation"]
            figure.updated_by = user
            figure.save()
        for part in FIGURE_PARTS:
            if new[part] != old[part]:
                name = code if part == "value" else f"{code}:{part}"
                entries.append(AuditEntry(field=name, old_value=old[part], new_value=new[part]))

    def _save_details(self, report, current, user, entries):
        data = self.details.cleaned_data
        for name in REPORT_FIELDS:
            if audit_text(getattr(report, name)) != audit_text(data[name]):
                entries.append(
                    AuditEntry(
                        field=f"report.{name}",
                        old_value=audit_text(getattr(report, name)),
                        new_value=audit_text(data[name]),
                    )
                )
                setattr(report, name, data[name])
        for section in Section.values:
            row = current.units.get(section)
            old, new = (row.unit_name if row else ""), self.units.cleaned_data[section].strip()
            if old == new:
                continue
            entries.append(AuditEntry(field=f"unit.{section}", old_value=old, new_value=new))
            if not new:
                row.delete()
            elif row:
                row.unit_name = new
                row.save()
            else:
                SectionUnit.objects.create(report=report, section=section, unit_name=new)
        self._save_conference(report, current.conference, entries)
        for _prefix, audit_prefix, _formset, fields in ROWS:
            self._save_rows(audit_prefix, fields, current.rows[audit_prefix], entries)

    def _save_conference(self, report, conference, entries):
        data = self.conference.cleaned_data
        changes = [
            (name, audit_text(getattr(conference, name, None)), audit_text(data[name]))
            for name in CONFERENCE_FIELDS
        ]
        changes = [c for c in changes if c[1] != c[2]]
        if not changes:
            return
        conference = conference or Conference(report=report)
        for name, old, new in changes:
            setattr(conference, name, data[name])
            entries.append(AuditEntry(field=f"conference.{name}", old_value=old, new_value=new))
        conference.save()

    def _save_rows(self, audit_prefix, fields, stored, entries):
        formset = self.formsets[audit_prefix]
        for form in formset.deleted_forms:
            if form.instance.pk:
                entries.append(
                    AuditEntry(field=audit_prefix, old_value=_row_text(form.instance, fields))
                )
                form.instance.delete()
        kept = []
        for position, form in enumerate(formset.ordered_forms, start=1):
            row = form.instance
            changed = [name for name in form.changed_data if name in fields]
            if row.pk is None:
                entries.append(AuditEntry(field=audit_prefix, new_value=_row_text(row, fields)))
            else:
                kept.append(row.pk)
                for name in changed:
                    entries.append(
                        AuditEntry(
                            field=f"{audit_prefix}.{name}",
                            old_value=audit_text(form.initial.get(name)),
                            new_value=audit_text(form.cleaned_data[name]),
                        )
                    )
            if row.pk is None or changed or row.position != position:
                row.position = position
                row.save()
        before = [row.pk for row in stored if row.pk in kept]
        if before != kept:
            names = {row.pk: _row_text(row, fields[:2]) for row in stored}
            entries.append(
                AuditEntry(
                    field=f"{audit_prefix}s.order",
                    old_value="\n".join(names[pk] for pk in before),
                    new_value="\n".join(names[pk] for pk in kept),
                )
            )


@dataclass
class _Current:
    """The report's rows as stored now, read under the lock."""

    report: Report
    figures: dict = field(default_factory=dict)
    conference: Conference | None = None
    units: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_l("Tệp mẫu đã điền (.xlsx)"),
        help_text=_l("Tải mẫu của báo cáo này về, điền số liệu rồi tải lên tại đây."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        # Refused before reading a byte of it: nothing near this size is a template.
        if file.size > upload.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn giới hạn %(limit)s MB; mẫu nhập số liệu chỉ vài chục KB.")
                % {"limit": vietnamese.number(upload.MAX_UPLOAD_BYTES // 1024 // 1024)}
            )
        return file
