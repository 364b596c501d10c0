"""What the dashboard can be narrowed by: the year, scope and rate selectors, and the filters
of its offices table (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from officereports.reports import vietnamese
from officereports.reports.models import Office, Report, period_kind_choices
from officereports.reports.periods import YEAR

SCOPE_ALL = ""
SCOPE_OFFICE = "office:"
SCOPE_REGION = "region:"
# Up to this many offices the scope selector lists each of them (the 63 provinces do).
SCOPE_OFFICES_LISTED = 100


class DashboardForm(forms.Form):
    """The dashboard's selectors. `offices` are the offices the user may read (with `unit`)."""

    year = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=1990,
        max_value=2100,
        error_messages={"invalid": _("Chọn một năm, ví dụ 2022.")},
    )
    # The kind of report added up: the year (default) or a part of it, each compared with the
    # same part of other years.
    period = forms.ChoiceField(
        label=_("Kỳ báo cáo"),
        required=False,
        error_messages={"invalid_choice": _("Chọn một kỳ báo cáo trong danh sách.")},
    )
    scope = forms.ChoiceField(
        label=_("Phạm vi"),
        required=False,
        error_messages={"invalid_choice": _("Chọn một phạm vi trong danh sách.")},
    )
    rate = forms.ChoiceField(
        label=_("Tỷ lệ để so sánh"),
        required=False,
        error_messages={"invalid_choice": _("Chọn một tỷ lệ trong danh sách.")},
    )
    # Leaders read approved reports unless they ask for the others too (dashboard.INCLUDE_ALL).
    include = forms.ChoiceField(
        label=_("Số liệu"),
        required=False,
        choices=[("", _("Chỉ báo cáo đã duyệt")), ("all", _("Gồm cả số liệu chưa duyệt"))],
        error_messages={"invalid_choice": _("Chọn một mục trong danh sách.")},
    )

    def __init__(self, *args, offices, catalog, **kwargs):
        super().__init__(*args, **kwargs)
        self.offices = offices
        regions = sorted({o.unit.region for o in offices if o.unit.region}, key=vietnamese.sort_key)
        choices = [(SCOPE_ALL, _("Mọi văn phòng được xem"))]
        if len(offices) > 1 and regions:
            choices.append((_("Vùng"), [(SCOPE_REGION + r, r) for r in regions]))
        listed = offices
        if len(offices) > SCOPE_OFFICES_LISTED:
            # Thousands of options help nobody: the regions, and the office already chosen
            # (from the offices table's links or a shared address).
            chosen = self.data.get("scope", "")
            listed = [o for o in offices if SCOPE_OFFICE + o.slug == chosen]
        if listed:
            choices.append((_("Văn phòng"), [(SCOPE_OFFICE + o.slug, o.unit.name) for o in listed]))
        self.fields["scope"].choices = choices
        self.fields["rate"].choices = [(code, d.display_name) for code, d in catalog.rates.items()]
        self.fields["period"].choices = period_kind_choices()

    def period_kind(self) -> str:
        """The period kind chosen (the year when none, or not one of the list)."""
        self.is_valid()
        return self.cleaned_data.get("period") or YEAR

    def scope_offices(self):
        """The offices the selected scope covers (every visible office when none is chosen)."""
        self.is_valid()  # a bad year must not lose a good scope: read what did validate
        scope = self.cleaned_data.get("scope") or SCOPE_ALL
        if scope.startswith(SCOPE_OFFICE):
            return [o for o in self.offices if o.slug == scope.removeprefix(SCOPE_OFFICE)]
        if scope.startswith(SCOPE_REGION):
            return [o for o in self.offices if o.unit.region == scope.removeprefix(SCOPE_REGION)]
        return list(self.offices)


STATUS_NONE = "none"


class DashboardOfficeFilter(django_filters.FilterSet):
    """Filters of the offices table, for one year (`year`) and period kind (`period`)."""

    name = django_filters.CharFilter(label=_("Tên đơn vị"), method="filter_name")
    status = django_filters.ChoiceFilter(
        label=_("Báo cáo"),
        choices=[(STATUS_NONE, _("Chưa có báo cáo")), *Report.Status.choices],
        empty_label=_("Mọi trạng thái"),
        method="filter_status",
    )

    class Meta:
        model = Office
        fields = []

    def __init__(self, *args, year, period=YEAR, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.period = year, period

    def filter_name(self, q, name, value):
        # Former names count too, with or without diacritics: "thua thien hue" and "hue"
        # both find the office of Huế.
        return q.named(value)

    def filter_status(self, q, name, value):
        if value == STATUS_NONE:
            # One report of that year and period, not a report of the year and another
            # of the period (an exclude across a relation would take either).
            having = Report.objects.filter(year=self.year, period=self.period)
            return q.exclude(pk__in=having.values("office_id"))
        return q.filter(reports__year=self.year, reports__period=self.period, reports__status=value)
