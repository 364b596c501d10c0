from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from officereports.reports import models

admin.site.site_header = _("Quản trị Báo cáo công tác Văn phòng UBND")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Danh mục và dữ liệu")


class UnitNameInline(admin.TabularInline):
    model = models.UnitName
    extra = 0


@admin.register(models.AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "region", "ended", "merged_into"]
    list_filter = ["kind", "region", "ended"]
    search_fields = ["name", "slug", "former_names__name"]
    inlines = [UnitNameInline]


@admin.register(models.Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug"]
    search_fields = ["slug", "unit__name"]
    list_select_related = ["unit"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "office"]
    list_filter = ["role"]
    search_fields = ["user__username", "office__slug"]
    autocomplete_fields = ["office"]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "section", "unit", "position", "is_active"]
    list_filter = ["section", "is_active"]
    search_fields = ["code", "name"]
    list_editable = ["position", "is_active"]


@admin.register(models.RateDefinition)
class RateDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "decimals", "basis"]
    search_fields = ["code", "name"]


@admin.register(models.FigureCheck)
class FigureCheckAdmin(admin.ModelAdmin):
    list_display = ["code", "left", "operator", "right", "severity"]
    list_filter = ["severity"]


class FigureInline(admin.TabularInline):
    model = models.Figure
    extra = 0
    fields = [
        "indicator",
        "value",
        "qualifier",
        "round_in_text",
        "stated_percent",
        "comment",
        "explanation",
    ]
    autocomplete_fields = ["indicator"]


class SectionUnitInline(admin.TabularInline):
    model = models.SectionUnit
    extra = 0


class ConferenceInline(admin.StackedInline):
    model = models.Conference
    extra = 0


class AttendeeInline(admin.TabularInline):
    model = models.Attendee
    extra = 0


class DirectiveInline(admin.StackedInline):
    model = models.Directive
    extra = 0


class AwardInline(admin.TabularInline):
    model = models.Award
    extra = 0


@admin.register(models.Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "status", "updated_at"]
    list_filter = ["status", "year"]
    search_fields = ["office__slug", "office__unit__name"]
    list_select_related = ["office__unit"]
    inlines = [
        SectionUnitInline,
        FigureInline,
        ConferenceInline,
        AttendeeInline,
        DirectiveInline,
        AwardInline,
    ]


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
