"""Free text as people type, paste or send it: one length limit per field, and no control
characters, in every path (entry form, Excel upload, JSON import, admin).

- The limit of a field is its model field's `max_length` (TextFields declare one too);
  `limit(Model, "field")` reads it, so a limit is written once.
- Control characters other than tab, newline and carriage return cannot be shown, printed
  or written to Excel (XML 1.0 forbids most of them), and PostgreSQL refuses NUL. A form
  removes them, turning the line breaks among them (Word's Shift+Enter is U+000B) into
  newlines, and says so; a file (upload, import) that holds one is refused, naming the
  place, so that the file itself gets fixed.
"""

import re

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from officereports.reports import vietnamese

# C0 controls but tab, newline, carriage return; DEL and the C1 controls; lone surrogates
# (a JSON "\ud800") and the two non-characters XML forbids.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Line breaks among them: vertical tab (Word's manual line break), form feed (Word's page
# break), next line.
LINE_BREAKS = re.compile("[\x0b\x0c\x85]")


def clean(value: str) -> tuple[str, int]:
    """`value` without control characters, and how many were removed or replaced."""
    found = len(CONTROL.findall(value))
    if not found:
        return value, 0
    return CONTROL.sub("", LINE_BREAKS.sub("\n", value)), found


def control_problem(value) -> str | None:
    """A Vietnamese sentence naming the first control character of `value`, else None."""
    if not isinstance(value, str):
        return None
    match = CONTROL.search(value)
    if not match:
        return None
    return _(
        "có ký tự điều khiển không hiển thị được (U+%(code)s) ở ký tự thứ %(position)s; "
        "hãy xóa ký tự đó rồi thử lại."
    ) % {
        "code": f"{ord(match.group()):04X}",
        "position": vietnamese.number(match.start() + 1),
    }


def limit(model, name) -> int | None:
    """The length limit of `model.name`, declared once on the model field."""
    return model._meta.get_field(name).max_length


def too_long(limit_value: int, length: int) -> str:
    return _("Tối đa %(limit)s ký tự; nội dung đang có %(length)s ký tự.") % {
        "limit": vietnamese.number(limit_value),
        "length": vietnamese.number(length),
    }


class _MaxLength:
    """Django's MaxLengthValidator with the numbers written the Vietnamese way."""

    def __init__(self, limit_value):
        self.limit_value = limit_value

    def __call__(self, value):
        if len(value) > self.limit_value:
            raise ValidationError(too_long(self.limit_value, len(value)), code="max_length")


class TextField(forms.CharField):
    """A text field that removes control characters (`removed` counts them for the note)
    and shows its limit with a counter (static/js/text-limit.js) instead of the browser's
    `maxlength`, which cuts pasted text silently. An over-long value is refused next to the
    field, the typed text kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.removed = 0
        self.validators = [
            _MaxLength(v.limit_value) if isinstance(v, validators.MaxLengthValidator) else v
            for v in self.validators
        ]

    def to_python(self, value):
        if isinstance(value, str):
            value, self.removed = clean(value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "maxlength" in attrs:
            attrs["data-maxlength"] = attrs.pop("maxlength")
            attrs["data-counter"] = _l("%(used)s/%(limit)s ký tự")
        return attrs


# The blank choice of a select, instead of Django's "---------".
BLANK_CHOICE = _l("— chọn —")


def formfield(db_field, **kwargs):
    """ModelForm's `formfield_callback`: free-text model fields as `TextField`, and a blank
    choice that reads as a word."""
    if isinstance(db_field, (models.CharField, models.TextField)) and not db_field.choices:
        kwargs.setdefault("form_class", TextField)
    field = db_field.formfield(**kwargs)
    choices = list(getattr(field, "choices", None) or [])
    if choices and choices[0][0] == "":
        field.choices = [("", BLANK_CHOICE), *choices[1:]]
    return field


def removed_in(*forms_) -> int:
    """How many control characters the fields of `forms_` removed."""
    return sum(getattr(field, "removed", 0) for form in forms_ for field in form.fields.values())


def removed_note(count: int) -> str:
    return _(
        "Đã bỏ %(count)s ký tự điều khiển không hiển thị được (thường có khi dán từ Word); "
        "dấu xuống dòng của Word được giữ thành xuống dòng thường."
    ) % {"count": vietnamese.number(count)}
