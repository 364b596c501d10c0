from django.contrib import admin, messages
from django.db import models as db
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from officereports.reports import audit, models, text, totals, vietnamese

admin.site.site_header = _("Quản trị Báo cáo công tác Văn phòng UBND")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Danh mục và dữ liệu")


class NameSearch:
    """The admin's search finds units by their names, current or former, with or without
    diacritics ("thua thien hue" finds Huế), through the stored search keys at
    `name_paths`."""

    name_paths = ()

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        key = vietnamese.search_key(search_term)
        if not key:
            return found, duplicates
        named = Q()
        for path in self.name_paths:
            named |= Q(**{f"{path}__contains": key})
        # `queryset` is already narrowed by the list's filters: search within it.
        return found | queryset.filter(named), True


class UnitNameInline(admin.TabularInline):
    model = models.UnitName
    extra = 0


@admin.register(models.AdministrativeUnit)
class AdministrativeUnitAdmin(NameSearch, admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "region", "ended", "merged_into"]
    list_filter = ["kind", "region", "ended"]
    search_fields = ["slug"]
    name_paths = ["search_key", "former_names__search_key"]
    inlines = [UnitNameInline]


@admin.register(models.Office)
class OfficeAdmin(NameSearch, admin.ModelAdmin):
    list_display = ["__str__", "slug"]
    search_fields = ["slug"]
    name_paths = ["unit__search_key", "unit__former_names__search_key"]
    list_select_related = ["unit"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "office"]
    list_filter = ["role"]
    search_fields = ["user__username", "office__slug"]
    autocomplete_fields = ["office"]


@admin.register(models.LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed logins of the last minutes (officereports.security): read here; deleting a
    username's or an address's rows lifts its wait at once."""

    list_display = ["at", "username", "address"]
    search_fields = ["username", "address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code", "name", "section", "unit", "verb", "noun", "position", "is_active", "required",
        "aggregation",
    ]  # fmt: skip
    list_filter = ["section", "is_active", "required", "aggregation"]
    search_fields = ["code", "name", "verb", "noun"]
    # The article writes a figure "{verb} {count} {noun}": edited beside the name and unit.
    fields = [
        "code", "section", "name", "name_en", "unit", "verb", "noun", "position", "is_active",
        "required", "aggregation", "description",
    ]  # fmt: skip
    list_editable = ["position", "is_active"]


@admin.register(models.RateDefinition)
class RateDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "decimals", "basis", "is_share"]
    search_fields = ["code", "name"]

    # Each report's totals hold its rates' numerators and denominators: a new formula
    # rewrites that rate's rows, from the counts the totals already hold.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        totals.rebuild_rate(obj.spec)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        models.ReportTotal.objects.filter(code=obj.code).delete()


@admin.register(models.FigureCheck)
class FigureCheckAdmin(admin.ModelAdmin):
    list_display = ["code", "left", "operator", "right", "severity"]
    list_filter = ["severity"]


def _is_approved(report):
    return report is not None and report.status == models.Report.Status.APPROVED


class ReportPartInline:
    """The rows of a report: read-only while it is approved (reopened on the entry page,
    with a reason, like for everyone)."""

    def has_add_permission(self, request, obj):
        return not _is_approved(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _is_approved(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_approved(obj) and super().has_delete_permission(request, obj)


class FigureInline(ReportPartInline, admin.TabularInline):
    model = models.Figure
    extra = 0
    fields = [
        "indicator",
        "value",
        "qualifier",
        "round_in_text",
        "stated_percent",
        "percent_of",
        "stated_change",
        "stated_change_kind",
        "stated_change_qualifier",
        "comment",
        "explanation",
        "not_applicable",
    ]
    autocomplete_fields = ["indicator"]


class SectionUnitInline(ReportPartInline, admin.TabularInline):
    model = models.SectionUnit
    extra = 0


class ConferenceInline(ReportPartInline, admin.StackedInline):
    model = models.Conference
    extra = 0


class AttendeeInline(ReportPartInline, admin.TabularInline):
    model = models.Attendee
    extra = 0


class DirectiveInline(ReportPartInline, admin.StackedInline):
    model = models.Directive
    extra = 0


class AwardInline(ReportPartInline, admin.TabularInline):
    model = models.Award
    extra = 0


# Free text in the report's admin as on the entry page: control characters removed (with a
# note), each field's limit shown and enforced (reports/text.py).
TEXT_FIELDS = {
    db.CharField: {"form_class": text.TextField},
    db.TextField: {"form_class": text.TextField},
}
for _inline in (
    FigureInline,
    SectionUnitInline,
    ConferenceInline,
    AttendeeInline,
    DirectiveInline,
    AwardInline,
):
    _inline.formfield_overrides = TEXT_FIELDS

# Conference rows are named in the audit trail like the entry page names them.
_ROW_PREFIX = {models.Attendee: "attendee", models.Directive: "directive", models.Award: "award"}


def _changes(form, names, added, deleted):
    """(field, old, new) for the fields of an inline form that change."""
    names = names if added or deleted else [n for n in form.changed_data if n in names]
    out = []
    for name in names:
        old = "" if added else audit.form_text(form, name, initial=True)
        new = "" if deleted else audit.form_text(form, name, initial=False)
        if old != new:
            out.append((name, old, new))
    return out


def _inline_audit(formset):
    """Audit entries for what an admin inline formset is about to save (call before saving:
    the forms still hold the stored values as `initial`)."""
    entries = []
    deleted_forms = set(formset.deleted_forms)
    for form in formset.forms:
        deleted = form in deleted_forms
        if not deleted and not form.has_changed():
            continue
        obj = form.instance
        added = obj.pk is None
        if added and deleted:
            continue
        fields = [name for name in form.fields if name not in ("id", "DELETE", "report")]
        if isinstance(obj, models.Figure):
            code = obj.indicator.code
            for name, old, new in _changes(
                form, [f for f in fields if f != "indicator"], added, deleted
            ):
                entries.append(audit.Change(audit.figure_field(code, name), old, new))
        elif isinstance(obj, models.SectionUnit):
            for _name, old, new in _changes(form, ["unit_name"], added, deleted):
                entries.append(audit.Change(f"unit.{obj.section}", old, new))
            for _name, old, new in _changes(form, ["province_wide"], added, deleted):
                # An added or removed row that was not province-wide changed nothing of it.
                if {old, new} != {"", "False"}:
                    old, new = old or "False", new or "False"
                    entries.append(audit.Change(audit.wide_field(obj.section), old, new))
        elif isinstance(obj, models.Conference):
            for name, old, new in _changes(form, fields, added, deleted):
                entries.append(audit.Change(f"conference.{name}", old, new))
        else:
            prefix = _ROW_PREFIX[type(obj)]
            if added or deleted:
                text = audit.row_text(obj)
                entries.append(audit.Change(prefix, "" if added else text, text if added else ""))
            else:
                for name, old, new in _changes(form, fields, added, deleted):
                    entries.append(audit.Change(f"{prefix}.{name}", old, new))
    return entries


@admin.register(models.Report)
class ReportAdmin(NameSearch, admin.ModelAdmin):
    list_display = ["__str__", "year", "status", "updated_at"]
    list_filter = ["status", "year", "is_demo"]
    search_fields = ["office__slug"]
    name_paths = ["office__unit__search_key", "office__unit__former_names__search_key"]
    list_select_related = ["office__unit"]
    formfield_overrides = TEXT_FIELDS

    class Media:
        # The same "n/2.000 ký tự" counter as the entry page, for the same limits.
        js = ["js/text-limit.js"]

    inlines = [
        SectionUnitInline,
        FigureInline,
        ConferenceInline,
        AttendeeInline,
        DirectiveInline,
        AwardInline,
    ]

    # An approved report is shown read-only here: it changes only after "Mở lại" on the entry
    # page, with a reason, for administrators too.
    def has_change_permission(self, request, obj=None):
        return not _is_approved(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_approved(obj) and super().has_delete_permission(request, obj)

    def get_object(self, request, object_id, from_field=None):
        """On a save, the row locked for the rest of the request (the admin runs it in one
        transaction), so the permission above judges the status as it is when writing: an
        approval cannot land between that check and the save."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            obj = self.get_queryset(request).select_for_update(of=("self",)).get(pk=obj.pk)
        return obj

    # Changes made here are audited like those of the entry page (source "admin"), and
    # bump the version so that a page opened before them cannot overwrite them.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            return
        if "status" in form.changed_data:
            # An administrator changing the status here approves or reopens like the workflow.
            old = form.initial.get("status")
            models.log_status_change(obj, request.user, "admin-status", old)
        entries = []
        for name in form.changed_data:
            field = "status" if name == "status" else f"report.{name}"
            entries.append(
                audit.Change(
                    field,
                    audit.form_text(form, name, initial=True),
                    audit.form_text(form, name, initial=False),
                )
            )
        self._write_audit(request, obj, entries)

    def save_formset(self, request, form, formset, change):
        entries = _inline_audit(formset)
        super().save_formset(request, form, formset, change)
        self._write_audit(request, form.instance, entries)

    def _write_audit(self, request, report, entries):
        if not entries:
            return
        audit.record_all(report, request.user, audit.Source.ADMIN, entries)
        totals.record_write(report, request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rows = [row for formset in formsets for row in formset.forms]
        removed = text.removed_in(form, *rows)
        if removed:
            messages.info(request, text.removed_note(removed))


@admin.register(models.AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "report", "user", "source", "field", "old_value", "new_value"]
    list_filter = ["source"]
    search_fields = ["field", "report__office__slug"]
    list_select_related = ["report__office__unit", "user"]

    # The audit trail is evidence: it is read here, never edited.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
