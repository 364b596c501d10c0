"""The entry page's plain Django forms: one row per catalogued indicator, the report's
details, the units that produced each section, the conference and its rows (attendees,
directives, awards), the page's concurrency fields and the small workflow forms.

`entry.EntryForm` puts them together into the entry page.
"""

import json
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from officereports.reports import checks, periods, text, vietnamese
from officereports.reports.models import (
    Attendee,
    Award,
    ChangeKind,
    Conference,
    Directive,
    Figure,
    Qualifier,
    Report,
    Section,
    SectionUnit,
    period_kind_display,
)

MIN_YEAR, MAX_YEAR = 1990, 2100  # as Report.year's validators

REPORT_FIELDS = (
    "headline",
    "byline",
    "source",
    "assessment",
    "direction",
    "period_start",
    "period_end",
    "index_score",
    "index_band",
    "index_rank",
    "index_rank_of",
    "index_as_of",
)
CONFERENCE_FIELDS = ("date", "part_of_day", "title", "place", "staff_attending")


class DayMonthYearInput(forms.DateInput):
    """A date typed and shown dd/mm/yyyy in every browser: a text box, because a type=date
    box shows the browser's own order (mm/dd/yyyy in an English browser). The numeric keypad
    of some phones has no "/": "-", "." and eight digits (29122020) are read too."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "pattern": r"\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{8}|\d{4}-\d{2}-\d{2}",
            "autocomplete": "off",
            "size": 10,
            **(attrs or {}),
        }
        super().__init__(attrs, format="%d/%m/%Y")


class DateField(forms.DateField):
    """A date as DayMonthYearInput takes it; the formats read are DATE_INPUT_FORMATS
    (officereports/formats: day first in both languages)."""

    widget = DayMonthYearInput
    default_error_messages = {
        "invalid": _l("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 29/12/2020."),
    }

    def to_python(self, value):
        value = value.strip() if isinstance(value, str) else value
        if isinstance(value, str) and len(value) == 8 and value.isdigit():
            value = f"{value[:2]}/{value[2:4]}/{value[4:]}"
        return super().to_python(value)


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
    percent_of = text.TextField(
        label=_l("Tỷ lệ trên"),
        required=False,
        max_length=text.limit(Figure, "percent_of"),
        widget=forms.TextInput(
            attrs={"placeholder": _l("ví dụ: tổng số hồ sơ tiếp nhận"), "size": 24}
        ),
    )
    stated_change = forms.CharField(
        label=_l("Tăng, giảm so với năm trước"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "inputmode": "decimal",
                "autocomplete": "off",
                "class": "num",
                "size": 6,
                "placeholder": "-4,1",
            }
        ),
    )
    stated_change_kind = forms.ChoiceField(
        label=_l("Cách ghi tăng, giảm"),
        choices=ChangeKind.choices,
        initial=ChangeKind.PERCENT,
        required=False,
        # Beside the box the visible label names: the choices say what they are themselves.
        widget=forms.Select(attrs={"aria-label": _l("Cách ghi tăng, giảm")}),
    )
    stated_change_qualifier = forms.ChoiceField(
        label=_l("Mức độ"),
        choices=Qualifier.choices,
        initial=Qualifier.EXACT,
        required=False,
        widget=forms.Select(attrs={"aria-label": _l("Mức độ")}),
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
    # Nothing to count this period: the value stays empty (never 0), the reason is written
    # in the explanation.
    not_applicable = forms.BooleanField(label=_l("Không phát sinh"), required=False)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, prefix=indicator.code, **kwargs)
        self.indicator = indicator
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

    def clean(self):
        data = super().clean()
        # A page without the boxes (an older page, a script) states no change.
        data["stated_change_kind"] = data.get("stated_change_kind") or ChangeKind.PERCENT
        data["stated_change_qualifier"] = data.get("stated_change_qualifier") or Qualifier.EXACT
        if "stated_change" in data:
            # The kind decides whether a sign is allowed: read here, once both are known.
            kind = data["stated_change_kind"]
            try:
                data["stated_change"] = checks.parse_change(data["stated_change"], kind)
            except ValueError as e:
                self.add_error("stated_change", str(e))
            else:
                if data["stated_change"] is None:
                    # Nothing stated: no kind nor qualifier to keep either.
                    data["stated_change_kind"] = ChangeKind.PERCENT
                    data["stated_change_qualifier"] = Qualifier.EXACT
        if data.get("not_applicable"):
            if data.get("value") is not None:
                self.add_error(
                    "value", _("Đã đánh dấu “Không phát sinh”: xóa số liệu hoặc bỏ đánh dấu.")
                )
            if data.get("stated_percent") is not None:
                self.add_error(
                    "stated_percent",
                    _("Đã đánh dấu “Không phát sinh”: xóa tỷ lệ hoặc bỏ đánh dấu."),
                )
            if not (data.get("explanation") or "").strip() and not self.has_error("explanation"):
                self.add_error("explanation", _("Ghi lý do không phát sinh vào ô giải trình."))
        return data


class ScoreField(forms.DecimalField):
    """The index score typed the Vietnamese way ("82,45") or the English way ("82.45")."""

    default_error_messages = {
        "invalid": _l("Nhập điểm dạng số, ví dụ 82,45."),
        "max_decimal_places": _l("Điểm ghi tối đa 2 chữ số thập phân, ví dụ 82,45."),
        "max_digits": _l("Điểm chỉ số tối đa là 100."),
        "max_whole_digits": _l("Điểm chỉ số tối đa là 100."),
    }

    def __init__(self, *args, **kwargs):
        kwargs["localize"] = False
        super().__init__(*args, **kwargs)
        self.widget = forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num", "size": 6}
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return vietnamese.written(value)
        return value


class ReportDetailsForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = REPORT_FIELDS
        formfield_callback = text.formfield
        field_classes = {
            "period_start": DateField,
            "period_end": DateField,
            "index_as_of": DateField,
            "index_score": ScoreField,
        }
        error_messages = {
            "index_score": {
                "max_value": _l("Điểm chỉ số tối đa là 100."),
                "min_value": _l("Điểm chỉ số không được âm."),
            },
            "index_rank": {"min_value": _l("Xếp hạng bắt đầu từ 1.")},
            "index_rank_of": {"min_value": _l("Tổng số tỉnh, thành phố phải từ 1 trở lên.")},
        }

    def clean(self):
        data = super().clean()
        rank, rank_of = data.get("index_rank"), data.get("index_rank_of")
        if rank is not None and rank_of is not None and rank > rank_of:
            self.add_error(
                "index_rank",
                _("Xếp hạng %(rank)s lớn hơn tổng số %(of)s tỉnh, thành phố.")
                % {"rank": rank, "of": rank_of},
            )
        return data


def wide_key(section: str) -> str:
    """The field (and `details_state` key suffix) of a section's "Số liệu toàn tỉnh" box."""
    return f"{section}_wide"


class SectionUnitsForm(forms.Form):
    """The unit that produced each section's figures (part of the data, DOMAIN.md §3), and
    whether they are the whole province's (SectionUnit.province_wide)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="unit", **kwargs)
        for section in Section:
            self.fields[section.value] = text.TextField(
                label=_l("Đơn vị thực hiện"),
                required=False,
                max_length=text.limit(SectionUnit, "unit_name"),
            )
            self.fields[wide_key(section.value)] = forms.BooleanField(
                label=_l("Số liệu toàn tỉnh"), required=False
            )


class ConferenceForm(forms.ModelForm):
    class Meta:
        model = Conference
        fields = CONFERENCE_FIELDS
        formfield_callback = text.formfield
        field_classes = {"date": DateField}


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


# At most this many rows of each kind on one report, far above any real conference (a few
# dozen attendees, a handful of directives and awards). A page posting more is refused with a
# message, and no more forms than the cap are ever built (absolute_max), however many the
# page claims.
MAX_ATTENDEES = 200
MAX_DIRECTIVES = 50
MAX_AWARDS = 50


def _rows_formset(model, form, max_num, too_many):
    base = type(
        "RowsFormSet",
        (forms.BaseInlineFormSet,),
        {"default_error_messages": {"too_many_forms": too_many}},
    )
    return forms.inlineformset_factory(
        Report,
        model,
        form=form,
        formset=base,
        extra=1,
        can_delete=True,
        can_order=True,
        max_num=max_num,
        absolute_max=max_num,
        validate_max=True,
    )


AttendeeFormSet = _rows_formset(
    Attendee,
    AttendeeForm,
    MAX_ATTENDEES,
    _l("Tối đa %(num)d đại biểu dự; bỏ bớt dòng rồi lưu lại."),
)
DirectiveFormSet = _rows_formset(
    Directive,
    DirectiveForm,
    MAX_DIRECTIVES,
    _l("Tối đa %(num)d ý kiến chỉ đạo; bỏ bớt dòng rồi lưu lại."),
)
AwardFormSet = _rows_formset(
    Award,
    AwardForm,
    MAX_AWARDS,
    _l("Tối đa %(num)d hình thức khen thưởng; bỏ bớt dòng rồi lưu lại."),
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
        """The state of every block as the page read it; None when missing or damaged.
        A damaged base only makes every field the user sends count as changed by them
        (asked about when someone else changed it too); it never loses data."""
        try:
            base = json.loads(self.cleaned_data["base"] or "null")
        except ValueError:
            base = None
        return base if isinstance(base, dict) else None

    def clean_conflicts(self):
        return [key for key in self.cleaned_data["conflicts"].split(",") if key]


class TakeForm(forms.Form):
    """The user's choice for one block that someone else changed meanwhile."""

    choice = forms.ChoiceField(
        choices=[("mine", _l("Giữ giá trị của tôi")), ("theirs", _l("Lấy giá trị hiện tại"))],
        widget=forms.RadioSelect,
        error_messages={"required": _l("Chọn giữ giá trị của bạn hay lấy giá trị hiện tại.")},
    )


class ConfirmForm(forms.Form):
    """The ticked box that confirms a submission or an approval (no script needed)."""

    confirm = forms.BooleanField(required=True)


class ReasonForm(forms.Form):
    """Why a report is returned or reopened."""

    reason = text.TextField(
        label=_l("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class StartReportForm(forms.Form):
    """The report list's "create a report for any period": an office the user enters figures
    for, a period kind and a year. `create_any` creates that report (or opens it)."""

    office = forms.ChoiceField(
        label=_l("Văn phòng"),
        error_messages={
            "required": _l("Chọn văn phòng."),
            "invalid_choice": _l("Chọn văn phòng trong danh sách."),
        },
    )
    period = forms.ChoiceField(
        label=_l("Kỳ báo cáo"),
        # In the reader's language (PERIOD_CHOICES are the Vietnamese labels).
        choices=lambda: [(kind, period_kind_display(kind)) for kind in periods.KINDS],
        initial=periods.YEAR,
        error_messages={
            "required": _l("Chọn kỳ báo cáo."),
            "invalid_choice": _l("Chọn kỳ báo cáo trong danh sách."),
        },
    )
    year = forms.IntegerField(
        label=_l("Năm"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"class": "year-input"}),
        error_messages={
            "required": _l("Nhập năm báo cáo."),
            "invalid": _l("Nhập năm bằng chữ số, ví dụ 2024."),
            "min_value": _l("Năm báo cáo phải từ %(limit_value)s đến 2100."),
            "max_value": _l("Năm báo cáo phải từ 1990 đến %(limit_value)s."),
        },
    )

    def __init__(self, offices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offices = {office.slug: office for office in offices}
        self.fields["office"].choices = [(o.slug, o.name()) for o in offices]
        if len(offices) == 1:
            self.fields["office"].initial = offices[0].slug
            self.fields["office"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        office, year = self.offices.get(data.get("office")), data.get("year")
        if office is not None and year is not None and not office.is_expected_in(year):
            self.add_error(
                "year",
                _("%(office)s không còn trong năm %(year)s.")
                % {"office": office.name(), "year": year},
            )
        return data
