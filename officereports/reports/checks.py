"""Checks on a report's figures (DOMAIN.md §6), shared by the entry form, imports and uploads.

Errors stop a value from being saved; warnings allow a draft but need a written explanation
before submitting. The rules themselves are catalogue data (FigureCheck); this module only
evaluates them, without touching the database.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from officereports.reports import vietnamese

# Counts above this are typing mistakes, not offices' work (DOMAIN.md §6).
MAX_COUNT = 1_000_000_000

# A value this far above or below the same office's previous year is worth a second look.
YEAR_ON_YEAR_WARNING = 50

ERROR = "error"
WARNING = "warning"
STATED_SHARE = "stated_share"  # the check of `stated_shares`


@dataclass(frozen=True)
class Finding:
    check: str  # the FigureCheck code, or "year_on_year"
    severity: str
    field: str  # the indicator code the message belongs next to
    message: str


def parse_count(raw) -> int | None:
    """A count typed by a person or read from a file: None when blank, else a whole number
    from 0 to 10^9. Raises ValueError with a Vietnamese message.

    "52.900" and "52 900" are read as 52900 (Vietnamese thousands separators); "52,9" is not
    a whole number.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(_("Nhập một số nguyên."))
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(_("Nhập một số nguyên, không có phần thập phân."))
        value = int(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "").replace(".", "")
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        if "," in digits:
            raise ValueError(_("Nhập một số nguyên, không có phần thập phân."))
        if not digits.isascii() or not digits.isdigit():
            raise ValueError(_("Nhập một số nguyên, ví dụ 52.900."))
        # Very long digit strings are too large anyway; int() refuses over 4.300 digits
        # with an English message.
        digits = digits.lstrip("0") or "0"
        value = sign * int(digits) if len(digits) <= 12 else sign * (MAX_COUNT + 1)
    else:
        raise ValueError(_("Nhập một số nguyên, ví dụ 52.900."))
    if value < 0:
        raise ValueError(_("Số liệu không được âm."))
    if value > MAX_COUNT:
        raise ValueError(
            _("Số liệu quá lớn (tối đa %(max)s). Kiểm tra lại số chữ số.")
            % {"max": vietnamese.number(MAX_COUNT)}
        )
    return value


def _names(codes, names):
    return " + ".join(names.get(c, c) for c in codes)


def _sum(codes, values):
    parts = [values.get(c) for c in codes]
    if any(p is None for p in parts):
        return None
    return sum(parts)


def _params(check, names, left, right):
    # Built only for a failing check: the dashboard evaluates every report of a year.
    return {
        "left": _names(check.left, names),
        "right": _names(check.right, names),
        "lv": vietnamese.number(left),
        "rv": vietnamese.number(right),
    }


def evaluate(
    checks: Iterable,
    values: Mapping[str, int | None],
    names: Mapping[str, str],
    previous: Mapping[str, int | None] | None = None,
    approximate: Iterable[str] = (),
) -> list[Finding]:
    """Findings for one report's values (code -> count; missing codes are skipped).

    `checks` are FigureCheck-like objects (code, left, operator, right, severity).
    `approximate` lists codes written "hơn/gần…": an identity (=) cannot be judged on them.
    `previous` holds last year's values for the year-on-year warning.
    """
    approximate = set(approximate)
    findings = []
    for check in checks:
        left, right = _sum(check.left, values), _sum(check.right, values)
        if left is None or right is None:
            continue
        if check.operator == "le" and left > right:
            params = _params(check, names, left, right)
            if check.severity == ERROR:
                message = _(
                    "%(left)s (%(lv)s) không được lớn hơn %(right)s (%(rv)s). Sửa lại một trong hai số."
                )
            else:
                message = _(
                    "%(left)s (%(lv)s) lớn hơn %(right)s (%(rv)s). Kiểm tra lại hoặc ghi giải trình."
                )
            findings.append(Finding(check.code, check.severity, check.left[0], message % params))
        elif check.operator == "eq" and left != right:
            if approximate & set(check.left + check.right):
                continue
            params = _params(check, names, left, right)
            message = _(
                "Tổng %(left)s (%(lv)s) khác %(right)s (%(rv)s). Kiểm tra lại hoặc ghi giải trình."
            )
            findings.append(Finding(check.code, check.severity, check.right[0], message % params))
    for code, value in values.items():
        before = (previous or {}).get(code)
        if value is None or not before:
            continue
        if abs(value - before) * 100 > YEAR_ON_YEAR_WARNING * before:
            message = _(
                "%(name)s (%(value)s) chênh lệch hơn %(limit)s%% so với năm trước (%(before)s). "
                "Kiểm tra lại hoặc ghi giải trình."
            ) % {
                "name": names.get(code, code),
                "value": vietnamese.number(value),
                "limit": YEAR_ON_YEAR_WARNING,
                "before": vietnamese.number(before),
            }
            findings.append(Finding("year_on_year", WARNING, code, message))
    return findings


def errors(findings):
    return [f for f in findings if f.severity == ERROR]


def warnings(findings):
    return [f for f in findings if f.severity == WARNING]


def _typed_decimal(raw, not_a_number) -> Decimal | None:
    """A decimal typed the Vietnamese or the English way ("77,18", "77.18", "-4,1", with or
    without a trailing "%"), or a number as it is; None when blank. Nothing but digits, a
    sign and one separator: "1e9", "7.7.18" and "nhiều" raise ValueError(`not_a_number`)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(not_a_number)
    if isinstance(raw, (int, float, Decimal)):
        value = Decimal(str(raw))
    elif isinstance(raw, str):
        text = raw.strip().removesuffix("%").strip().replace("\u2212", "-").replace(",", ".")
        digits = (text[1:] if text[:1] in ("+", "-") else text).replace(".", "", 1)
        if not digits.isascii() or not digits.isdigit():
            raise ValueError(not_a_number)
        value = Decimal(text)
    else:
        raise ValueError(not_a_number)
    if not value.is_finite():
        raise ValueError(not_a_number)
    return value


def parse_percent(raw) -> Decimal | None:
    """A stated percentage, however it arrives: typed on the entry page, a cell of the Excel
    template, a value of the JSON import. The one parser of all three.

    None when blank (None or spaces). A string is read the Vietnamese way or the English way,
    with or without a trailing "%": "77,18", "77.18" and "77,18%" are all Decimal("77.18")
    (a percentage has no thousands); nothing but digits and one separator ("1e9", "7.7.18"
    and "nhiều" are refused). A number (int, float, Decimal; never a bool) is taken as it is,
    a float by its shortest form (77.18, not 77.179999…). The result keeps the digits it was
    given ("77,10" is Decimal("77.10")), from 0 to under 100.000 with at most two decimals
    (what the column stores). Raises ValueError with a Vietnamese message.
    """
    value = _typed_decimal(raw, _("Nhập tỷ lệ dạng số, ví dụ 77,18."))
    if value is None:
        return None
    if value < 0:
        raise ValueError(_("Tỷ lệ không được âm."))
    if value >= 100_000:
        raise ValueError(_("Tỷ lệ quá lớn. Kiểm tra lại số chữ số."))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_("Tỷ lệ ghi tối đa 2 chữ số thập phân, ví dụ 98,25."))
    return abs(value) if value.is_zero() else value  # "-0" is 0


# What Figure.stated_change stores (max_digits 9, 2 decimals).
MAX_CHANGE = Decimal(10_000_000)


def parse_change(raw, kind: str = "percent") -> Decimal | None:
    """A change an office stated: "-4,1" (giảm 4,1%), "27" (tăng 27%), or for `kind`
    "times" a multiple "2,76" (gấp 2,76 lần). Read like `parse_percent` (Vietnamese or
    English decimals, a trailing "%", a number as it is), but a percentage may carry a sign
    and a multiple must be above 0. None when blank; raises ValueError with a Vietnamese
    message."""
    value = _typed_decimal(raw, _("Nhập số dạng 27, -4,1 hoặc 2,76."))
    if value is None:
        return None
    if kind == "times" and value <= 0:
        raise ValueError(_("Số lần phải lớn hơn 0, ví dụ gấp 2,76 lần."))
    if abs(value) >= MAX_CHANGE:
        raise ValueError(_("Số tăng, giảm quá lớn. Kiểm tra lại số chữ số."))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_("Tăng, giảm ghi tối đa 2 chữ số thập phân, ví dụ 4,15."))
    return abs(value) if value.is_zero() else value


def stated_shares(rate_definitions: Iterable, stated: Mapping[str, Decimal | None]) -> list:
    """Errors for stated percentages above 100 on shares (RateDefinition.is_share: the
    numerator is a part of the denominator, e.g. online dossiers of those received).

    `stated` maps the indicator code a rate is stated on to the stated percentage. A plan
    can be exceeded: plan rates are not shares and may go above 100.
    """
    findings = []
    for definition in rate_definitions:
        value = stated.get(definition.stated_on.code)
        if not definition.is_share or value is None or value <= 100:
            continue
        message = _(
            "%(rate)s nêu trong báo cáo (%(value)s%%) không được lớn hơn 100%%: tử số là một "
            "phần của %(basis)s. Sửa lại tỷ lệ."
        ) % {
            "rate": definition.display_name,
            "value": vietnamese.written(value),
            "basis": definition.display_basis,
        }
        findings.append(Finding(STATED_SHARE, ERROR, definition.stated_on.code, message))
    return findings
