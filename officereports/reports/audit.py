"""The audit trail: the one place that writes its entries and reads them back in words.

Every change to a report goes through `record` / `record_all`, whichever path made it: the
entry page, the Excel upload, the JSON import, the admin and the workflow. An entry names
what changed by a key:

- an indicator's value by its code ("dossiers.resolved"), its other parts by
  "code:part" ("dossiers.resolved:qualifier"), built by `figure_field`;
- "status" for the workflow;
- "report.<field>", "conference.<field>", "attendee.<field>", "directive.<field>",
  "award.<field>" for the report's details; "attendee" (and "directive", "award") for a
  whole row added or removed, "attendees.order" for their order;
- "unit.<section>" for the unit that produced a section, "province_wide.<section>" for
  whether its figures are the whole province's.

Values are stored as plain text that a machine reads back ("52937", "hon", "2023-12-28",
"True", "77.18"); `display` writes them as people read them ("52.937", "hơn", "28/12/2023",
"có", "77,18%").
"""

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models as db_models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from officereports.reports import vietnamese
from officereports.reports.models import (
    Attendee,
    AuditEntry,
    Award,
    Conference,
    Directive,
    Figure,
    Report,
    Section,
    SectionUnit,
)

Source = AuditEntry.Source

# The parts of a figure audited besides its value, as the history names them.
FIGURE_PARTS = {
    "qualifier": _("cách ghi"),
    "stated_percent": _("tỷ lệ nêu trong báo cáo"),
    "percent_of": _("tỷ lệ trên"),
    "stated_change": _("tăng, giảm nêu trong báo cáo"),
    "stated_change_kind": _("cách ghi tăng, giảm"),
    "stated_change_qualifier": _("mức độ chính xác của tăng, giảm"),
    "comment": _("ghi chú"),
    "explanation": _("giải trình"),
    "round_in_text": _("ghi số tròn"),
    "not_applicable": _("không phát sinh"),
}

# The models whose fields the audit trail names by a prefix ("attendee.name", "conference.date").
MODELS = {
    "report": (Report, _("Báo cáo")),
    "conference": (Conference, _("Hội nghị")),
    "attendee": (Attendee, _("Đại biểu dự")),
    "directive": (Directive, _("Ý kiến chỉ đạo")),
    "award": (Award, _("Khen thưởng")),
}

# What a whole row added or removed is written as ("ong · Nguyễn Văn Phương · Chủ tịch…").
ROW_FIELDS = {
    "attendee": ("honorific", "name", "title"),
    "directive": ("speaker", "speaker_title", "content"),
    "award": ("recipient_kind", "title", "issuer", "count", "is_many", "recipients"),
}
ROW_SEPARATOR = " · "

# "Buổi chiều" reads better in a table than the dateline's bare "Chiều".
PARTS_OF_DAY = {
    Conference.PartOfDay.SANG: _("Buổi sáng"),
    Conference.PartOfDay.CHIEU: _("Buổi chiều"),
    Conference.PartOfDay.TOI: _("Buổi tối"),
}


# ---------------------------------------------------------------------------
# Keys


def figure_field(code: str, part: str = "value") -> str:
    """The key of a figure's part: its code for the value, "code:part" for the others."""
    return code if part == "value" else f"{code}:{part}"


def wide_field(section: str) -> str:
    """The key of a section's "Số liệu toàn tỉnh" (SectionUnit.province_wide)."""
    return f"province_wide.{section}"


def figure_part(field: str, names) -> tuple[str, str] | None:
    """(code, part) of a figure's key, None for any other key. `names` holds the indicator
    codes. Reads the "code.part" form the Excel upload once wrote, too."""
    if field in names:
        return field, "value"
    code, sep, part = field.partition(":")
    if sep and code in names:
        return code, part
    code, sep, part = field.rpartition(".")
    if sep and code in names and part in FIGURE_PARTS:
        return code, part
    return None


def figure_filter(code: str) -> Q:
    """The entries of one figure, every part of it."""
    return Q(field=code) | Q(field__startswith=f"{code}:")


# ---------------------------------------------------------------------------
# Writing


def text(value) -> str:
    """How a value is stored in the audit trail: "" for nothing, plain digits for counts,
    ISO dates, "True"/"False", a row of another table by its name."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def form_text(form, name, *, initial: bool) -> str:
    """A form field's stored (`initial`) or new value as audit text. A choice of a row of
    another table is written by its name, before and after (a form's initial is its key)."""
    value = form.initial.get(name) if initial else form.cleaned_data.get(name)
    field = form.fields.get(name)
    if (
        initial
        and value not in (None, "")
        and isinstance(field, forms.ModelChoiceField)
        and not isinstance(value, db_models.Model)
    ):
        try:
            value = field.to_python(value)
        except ValidationError:  # the row is gone: its key is all there is
            pass
    return text(value)


def row_text(obj, fields=None) -> str:
    """A row of the conference (attendee, directive, award) as one line of audit text."""
    if fields is None:
        fields = ROW_FIELDS[_row_prefix(obj)]
    return ROW_SEPARATOR.join(text(getattr(obj, name)) for name in fields if getattr(obj, name))


def _row_prefix(obj):
    return next(prefix for prefix, (model, _label) in MODELS.items() if isinstance(obj, model))


class Change(NamedTuple):
    """One field's change, to be recorded with the others of the same save."""

    field: str
    old: object = ""
    new: object = ""


def record(report, user, source, field, old="", new="", reason="") -> AuditEntry:
    """Write one entry: `field` (a key, see above) went from `old` to `new`."""
    return AuditEntry.objects.create(
        report=report,
        user=user,
        source=source,
        field=field,
        old_value=text(old),
        new_value=text(new),
        reason=reason,
    )


def record_all(report, user, source, changes, reason="") -> list[AuditEntry]:
    """Write the entries of one save (`Change`s or (field, old, new) tuples), in one query."""
    return AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                report=report,
                user=user,
                source=source,
                field=field,
                old_value=text(old),
                new_value=text(new),
                reason=reason,
            )
            for field, old, new in changes
        ]
    )


# ---------------------------------------------------------------------------
# Reading


def describe(entry, names) -> tuple[str, str, str]:
    """(what changed, old, new) in words, for the history pages. `names` maps indicator
    codes to their names."""
    return (
        label(entry.field, names),
        display(entry.field, entry.old_value, names),
        display(entry.field, entry.new_value, names),
    )


def label(field, names) -> str:
    """What an entry's key names, in words: "Hồ sơ đã giải quyết (cách ghi)"."""
    if field == "status":
        return str(_("Trạng thái"))
    figure = figure_part(field, names)
    if figure:
        code, part = figure
        if part == "value":
            return names[code]
        return f"{names[code]} ({FIGURE_PARTS.get(part, part)})"
    prefix, _sep, rest = field.partition(".")
    if prefix == "unit" and rest in Section.values:
        return f"{_('Đơn vị thực hiện')}: {Section(rest).label}"
    if prefix == "province_wide" and rest in Section.values:
        return f"{_('Số liệu toàn tỉnh')}: {Section(rest).label}"
    if prefix.endswith("s") and rest == "order" and prefix[:-1] in MODELS:
        return f"{MODELS[prefix[:-1]][1]}: {_('thứ tự')}"
    if prefix in MODELS:
        model, name = MODELS[prefix]
        if not rest:
            return str(name)
        try:
            return f"{name}: {model._meta.get_field(rest).verbose_name}"
        except FieldDoesNotExist:  # an unknown field in an old entry is shown as stored
            return field
    return field


def display(field, value, names) -> str:
    """A stored value as people read it: counts with separators, choices by their label,
    dates as 28/12/2023, "có"/"không". A value that does not read as its field's kind (an
    old entry) is shown as stored."""
    if not value:
        return ""
    try:
        return _display(field, value, names)
    except (ValueError, ArithmeticError, KeyError):
        return value


def _display(field, value, names):
    prefix, _sep, rest = field.partition(".")
    # A whole row ("attendee") or their order ("attendees.order"): one row a line.
    row = field if field in ROW_FIELDS else prefix[:-1] if rest == "order" else None
    if row in ROW_FIELDS:
        return "\n".join(_row_display(row, line) for line in value.split("\n"))
    model_field = _model_field(field, names)
    if model_field is None:
        return value
    return _field_display(model_field, value)


def _model_field(field, names):
    if field == "status":
        return Report._meta.get_field("status")
    figure = figure_part(field, names)
    if figure:
        try:
            return Figure._meta.get_field(figure[1])
        except FieldDoesNotExist:
            return None
    prefix, _sep, rest = field.partition(".")
    if prefix == "province_wide" and rest in Section.values:
        return SectionUnit._meta.get_field("province_wide")
    if prefix in MODELS and rest:
        try:
            return MODELS[prefix][0]._meta.get_field(rest)
        except FieldDoesNotExist:
            return None
    return None


def _field_display(model_field, value):
    model, name = model_field.model, model_field.name
    if model is Conference and name == "part_of_day":
        return str(PARTS_OF_DAY[value])
    if model is Attendee and name == "honorific":
        return _capitalized(Attendee.Honorific(value).label)
    if model_field.choices:
        return str(dict(model_field.flatchoices)[value])
    if isinstance(model_field, db_models.BooleanField):
        return str({"True": _("có"), "False": _("không")}[value])
    if isinstance(model_field, db_models.DateTimeField):
        return value
    if isinstance(model_field, db_models.DateField):
        return vietnamese.short_date(date.fromisoformat(value))
    if model is Figure and name == "stated_percent":
        return vietnamese.percent(Decimal(value))
    if isinstance(model_field, db_models.DecimalField):  # a stated change, the index score
        return vietnamese.written(Decimal(value))
    if isinstance(model_field, db_models.IntegerField) and name != "year":
        return vietnamese.number(int(value))
    return value


def _row_display(prefix, value):
    """A whole row's line with its coded parts in words: "Ông · Nguyễn Văn Phương · …"."""
    words = {}
    if prefix == "attendee":
        words = {v: _capitalized(label) for v, label in Attendee.Honorific.choices}
    elif prefix == "award":
        words = {v: str(label) for v, label in Award.Recipient.choices}
        words["True"] = str(_("nhiều"))
    tokens = value.split(ROW_SEPARATOR)
    out = []
    for token in tokens:
        if token in words:
            token = words[token]
        elif prefix == "award" and token.isdigit():
            token = vietnamese.number(int(token))
        out.append(token)
    return ROW_SEPARATOR.join(out)


def _capitalized(label) -> str:
    label = str(label)
    return label[:1].upper() + label[1:]
