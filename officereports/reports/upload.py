"""The template round trip: read a filled template, show every change, then apply it.

Reading checks the whole file before anything else happens and collects every problem, each
naming the sheet, the row and what is wrong, so staff fix the file once. The parsed values
(plain JSON) are kept server-side in the session between the preview and the confirmation;
the preview and the write both compare them with the database as it is at that moment.
"""

import math
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from officereports.reports import audit, checks, periods, text, totals, vietnamese
from officereports.reports.excel import (
    QUALIFIER_WORDS,
    TEMPLATE_COLUMNS,
    TEMPLATE_FORMAT,
    TEMPLATE_HEADER_ROW,
    TEMPLATE_PERIOD_ROW,
    TEMPLATE_SHEET,
)
from officereports.reports.models import Figure, Office, Qualifier, Report, period_display
from officereports.reports.values import ReportValues

# A filled template is about 15 KB; anything near these limits is not one.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 500


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_l("Tệp mẫu đã điền (.xlsx)"),
        help_text=_l("Tải mẫu của báo cáo này về, điền số liệu rồi tải lên tại đây."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        # Refused before reading a byte of it: nothing near this size is a template.
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_too_large())
        return file


COLUMN = {name: index for index, name in enumerate(TEMPLATE_COLUMNS)}
CODE, VALUE, QUALIFIER, STATED, COMMENT = (
    COLUMN["Mã chỉ tiêu"],
    COLUMN["Số liệu"],
    COLUMN["Cách ghi"],
    COLUMN["Tỷ lệ nêu trong báo cáo (%)"],
    COLUMN["Ghi chú"],
)
WORD_TO_QUALIFIER = {word.lower(): code for code, word in QUALIFIER_WORDS.items()}


class UploadRefused(Exception):
    """The file was refused; nothing was written. `problems` are sentences in the user's
    language (Vietnamese msgids); sheet and column names stay those of the template."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


class _Problems(list):
    def at(self, row, problem, column=None):
        if column is None:
            where = _("Trang “%(sheet)s”, dòng %(row)s") % {"sheet": TEMPLATE_SHEET, "row": row}
        else:
            where = _("Trang “%(sheet)s”, dòng %(row)s, cột “%(column)s”") % {
                "sheet": TEMPLATE_SHEET,
                "row": row,
                "column": TEMPLATE_COLUMNS[column],
            }
        self.append(f"{where}: {problem}")


def _is_formula(cell) -> bool:
    return cell.data_type == "f"


def _text_of(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _count(cell, row, problems) -> int | None:
    """A count cell: a number (checked by checks.parse_count), never text or a formula."""
    if cell.value is None:
        return None
    if _is_formula(cell):
        problems.at(
            row, _("ô chứa công thức (%(formula)s); hãy nhập số.") % {"formula": cell.value}, VALUE
        )
        return None
    if isinstance(cell.value, str):
        if not cell.value.strip():
            return None
        problems.at(
            row,
            _("ô chứa chữ “%(text)s”, không phải số; hãy nhập số.") % {"text": cell.value.strip()},
            VALUE,
        )
        return None
    if isinstance(cell.value, (datetime, date, time)):
        problems.at(row, _("ô chứa ngày giờ, không phải số liệu; hãy nhập số."), VALUE)
        return None
    if isinstance(cell.value, float) and not math.isfinite(cell.value):
        problems.at(
            row,
            _("ô chứa “%(text)s”, không phải một số; hãy nhập số.") % {"text": _text_of(cell)},
            VALUE,
        )
        return None
    try:
        return checks.parse_count(cell.value)
    except ValueError as e:
        shown = _text_of(cell)
        problems.at(row, _("%(error)s (giá trị: %(value)s)") % {"error": e, "value": shown}, VALUE)
        return None


def _stated(cell, row, problems) -> str | None:
    """A stated percentage (a number, checked by checks.parse_percent), kept as a decimal
    string ("98.2") for the session."""
    if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
        return None
    if _is_formula(cell) or isinstance(cell.value, (str, bool, datetime, date, time)):
        problems.at(
            row, _("tỷ lệ phải là một số, ví dụ 98,2 (không dùng chữ hay công thức)."), STATED
        )
        return None
    raw = cell.value
    # A cell typed as "98,2%" holds 0.982 with a percentage format.
    if "%" in (cell.number_format or ""):
        raw = Decimal(str(raw)) * 100
    try:
        value = checks.parse_percent(raw)
    except ValueError as e:
        shown = _text_of(cell)
        problems.at(row, _("%(error)s (giá trị: %(value)s)") % {"error": e, "value": shown}, STATED)
        return None
    return format(value.normalize(), "f")


def _qualifier(cell, row, problems) -> str:
    if _is_formula(cell):
        problems.at(row, _("ô chứa công thức; hãy chọn từ danh sách."), QUALIFIER)
        return Qualifier.EXACT
    word = _text_of(cell).lower()
    if not word:
        return Qualifier.EXACT
    if word not in WORD_TO_QUALIFIER:
        words = ", ".join(f"“{w}”" for w in QUALIFIER_WORDS.values())
        problems.at(
            row,
            _("“%(text)s” không hợp lệ; chọn một trong %(words)s.")
            % {"text": _text_of(cell), "words": words},
            QUALIFIER,
        )
        return Qualifier.EXACT
    return WORD_TO_QUALIFIER[word]


def _comment(cell, row, problems) -> str:
    if _is_formula(cell):
        problems.at(row, _("ô chứa công thức; ghi chú chỉ nhận chữ."), COMMENT)
        return ""
    value = _text_of(cell)
    limit = text.limit(Figure, "comment")
    if len(value) > limit:
        problems.at(row, text.too_long(limit, len(value)), COMMENT)
        return ""
    problem = text.control_problem(value)
    if problem:
        problems.at(row, problem, COMMENT)
        return ""
    return value


def _open(data: bytes):
    """The workbook, or UploadRefused when the bytes are not an .xlsx we can read safely."""
    not_xlsx = _("Tệp không phải là tệp Excel .xlsx. Hãy tải mẫu về, điền rồi lưu dạng .xlsx.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused([_too_large()])
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UploadRefused([not_xlsx]) from None
    if "xl/workbook.xml" not in names:
        raise UploadRefused([not_xlsx])
    # A small zip can unpack to gigabytes; a template never comes near this.
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise UploadRefused([_too_large()])
    try:
        return load_workbook(BytesIO(data), read_only=True, data_only=False)
    except Exception:
        # openpyxl raises many different exceptions on a damaged file; all mean the same here.
        raise UploadRefused([not_xlsx]) from None


# A number cell (no type, or type "n") and its value, in a sheet's XML.
NUMBER_CELL = re.compile(
    r'<c r="([A-Z]+)([0-9]+)"(?![^>]*\st="(?!n")[^"]*")[^>]*>(?:<f>[^<]*</f>)?<v>([^<]*)</v>'
)


def _damaged(data: bytes) -> list:
    """Why the template sheet could not be read: a number cell that holds no number
    (named by row and column), else damaged XML."""
    problems = _Problems()
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if not name.startswith("xl/worksheets/") or not name.endswith(".xml"):
                continue
            xml = archive.read(name).decode("utf-8", "replace")
            for column, row, raw in NUMBER_CELL.findall(xml):
                try:
                    if math.isfinite(float(raw)):
                        continue
                except ValueError:
                    pass
                index = column_index_from_string(column) - 1
                problems.at(
                    int(row),
                    _("ô chứa “%(text)s”, không phải một số; hãy nhập số.") % {"text": raw},
                    index if index < len(TEMPLATE_COLUMNS) else None,
                )
    if problems:
        return problems
    return [
        _(
            "Trang “%(sheet)s”: tệp bị hỏng, không đọc được nội dung trang. Hãy mở tệp bằng "
            "Excel, lưu lại rồi tải lên, hoặc tải mẫu mới về."
        )
        % {"sheet": TEMPLATE_SHEET}
    ]


def _too_large():
    return _(
        "Tệp lớn hơn giới hạn %(size)s MB; mẫu nhập số liệu chỉ vài chục KB. "
        "Hãy dùng mẫu tải về từ phần mềm."
    ) % {"size": vietnamese.number(MAX_UPLOAD_BYTES // 1024 // 1024)}


def _identify(rows, report):
    """Refuse a file that is not our template, or is the template of another report (office,
    year and period; a template without a period is the yearly report's)."""
    header = rows[TEMPLATE_HEADER_ROW - 1] if len(rows) >= TEMPLATE_HEADER_ROW else []
    ident = rows[2] if len(rows) >= 3 else []
    kind = _text_of(ident[7]) if len(ident) > 7 else ""
    titles = [_text_of(c) for c in header[: len(TEMPLATE_COLUMNS)]]
    if kind != TEMPLATE_FORMAT or titles != TEMPLATE_COLUMNS:
        raise UploadRefused(
            [
                _(
                    "Trang “%(sheet)s”, dòng %(row)s: tệp không đúng mẫu nhập số liệu (dòng "
                    "tiêu đề hoặc thông tin mẫu đã bị sửa). Hãy tải mẫu mới về và điền lại."
                )
                % {"sheet": TEMPLATE_SHEET, "row": TEMPLATE_HEADER_ROW}
            ]
        )
    slug, year = _text_of(ident[2]), _text_of(ident[4])
    period_row = rows[TEMPLATE_PERIOD_ROW - 1] if len(rows) >= TEMPLATE_PERIOD_ROW else []
    period = (_text_of(period_row[4]) if len(period_row) > 4 else "") or periods.YEAR
    if period not in periods.KINDS:
        raise UploadRefused(
            [
                _(
                    "Trang “%(sheet)s”, dòng %(row)s, ô E%(row)s: “%(code)s” không phải mã kỳ "
                    "báo cáo (thông tin mẫu đã bị sửa). Hãy tải mẫu mới về và điền lại."
                )
                % {"sheet": TEMPLATE_SHEET, "row": TEMPLATE_PERIOD_ROW, "code": period}
            ]
        )
    if (slug, year, period) != (report.office.slug, str(report.year), report.period):
        office = Office.objects.select_related("unit").filter(slug=slug).first()
        if office and year.isdigit():
            other = office.name(int(year))
        else:
            other = _("văn phòng “%(slug)s”") % {"slug": slug}
        same_office_year = (slug, year) == (report.office.slug, str(report.year))
        raise UploadRefused(
            [
                _(
                    "Trang “%(sheet)s”, dòng %(row)s: đây là mẫu của %(other)s %(other_period)s, "
                    "không phải của %(office)s %(period)s. Hãy tải mẫu của báo cáo này."
                )
                % {
                    "sheet": TEMPLATE_SHEET,
                    "row": TEMPLATE_PERIOD_ROW if same_office_year else 3,
                    "other": other,
                    "other_period": period_display(period, year),
                    "office": report.office_name(),
                    "period": report.period_display,
                }
            ]
        )


def read_template(data: bytes, report, catalog) -> dict:
    """code -> {"row", "value", "qualifier", "stated_percent", "comment"} for every
    indicator row of the file. Raises UploadRefused listing every problem."""
    wb = _open(data)
    try:
        if TEMPLATE_SHEET not in wb.sheetnames:
            raise UploadRefused(
                [
                    _(
                        "Tệp không có trang “%(sheet)s”: đây không phải mẫu nhập số liệu. "
                        "Hãy tải mẫu về từ phần mềm."
                    )
                    % {"sheet": TEMPLATE_SHEET}
                ]
            )
        ws = wb[TEMPLATE_SHEET]
        rows = []
        try:
            for row in ws.iter_rows(max_row=MAX_ROWS + 1, max_col=len(TEMPLATE_COLUMNS)):
                rows.append(row)
        except Exception:
            # The sheet's XML is read row by row only now: damaged XML, or a number cell
            # openpyxl cannot read ("NaN"), stops it with one of many exceptions.
            raise UploadRefused(_damaged(data)) from None
        if len(rows) > MAX_ROWS:
            raise UploadRefused(
                [
                    _(
                        "Trang “%(sheet)s” có hơn %(max)s dòng; mẫu chỉ có một dòng cho mỗi "
                        "chỉ tiêu."
                    )
                    % {"sheet": TEMPLATE_SHEET, "max": MAX_ROWS}
                ]
            )
        _identify(rows, report)
        problems, parsed = _Problems(), {}
        for number, cells in enumerate(rows[TEMPLATE_HEADER_ROW:], TEMPLATE_HEADER_ROW + 1):
            cells = list(cells) + [None] * (len(TEMPLATE_COLUMNS) - len(cells))
            cells = [c if c is not None else _Empty for c in cells]
            code = _text_of(cells[CODE])
            inputs = [cells[i] for i in (VALUE, QUALIFIER, STATED, COMMENT)]
            if not code:
                if any(_text_of(c) for c in inputs):
                    problems.at(
                        number,
                        _("có số liệu nhưng thiếu mã chỉ tiêu ở cột “%(column)s”.")
                        % {"column": TEMPLATE_COLUMNS[CODE]},
                    )
                continue
            if code not in catalog.indicators:
                problems.at(
                    number,
                    _("mã chỉ tiêu “%(code)s” không có trong danh mục.") % {"code": code},
                    CODE,
                )
                continue
            if code in parsed:
                problems.at(
                    number,
                    _("mã chỉ tiêu “%(code)s” lặp lại (đã có ở dòng %(row)s).")
                    % {"code": code, "row": parsed[code]["row"]},
                    CODE,
                )
                continue
            parsed[code] = {
                "row": number,
                "value": _count(cells[VALUE], number, problems),
                "qualifier": _qualifier(cells[QUALIFIER], number, problems),
                "stated_percent": _stated(cells[STATED], number, problems),
                "comment": _comment(cells[COMMENT], number, problems),
            }
        if problems:
            raise UploadRefused(problems)
        return parsed
    finally:
        wb.close()


class _EmptyCell:
    value = None
    data_type = "n"
    number_format = "General"


_Empty = _EmptyCell()


# ---------------------------------------------------------------------------
# Preview and write


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    row: int
    what: str  # "Số liệu", "Tỷ lệ nêu trong báo cáo", "Ghi chú" (translated)
    old: str
    new: str


def _figure_text(value, qualifier):
    return "" if value is None else vietnamese.qualified(value, qualifier)


def _merged(report, parsed):
    """Each code's stored fields and the fields after the upload (only codes in the file).

    A blank value cell clears the figure: the template was prefilled, so blank is what the
    person left there. The qualifier of a cleared figure is kept (it means nothing alone).
    """
    current = {f.indicator.code: f for f in report.figures.all()}
    out = {}
    for code, new in parsed.items():
        figure = current.get(code)
        old = {
            "value": figure.value if figure else None,
            "qualifier": (figure.qualifier if figure else "") or Qualifier.EXACT,
            "stated_percent": figure.stated_percent if figure else None,
            "comment": figure.comment if figure else "",
            "not_applicable": figure.not_applicable if figure else False,
        }
        stated = new["stated_percent"]
        after = {
            "value": new["value"],
            "qualifier": new["qualifier"] if new["value"] is not None else old["qualifier"],
            "stated_percent": None if stated is None else Decimal(stated),
            "comment": new["comment"],
            # The template has no "không phát sinh" column: a figure so marked stays so
            # while its value cell is blank, and a value typed in the file replaces the mark.
            "not_applicable": old["not_applicable"] and new["value"] is None and stated is None,
        }
        out[code] = (figure, old, after)
    return current, out


def changes(report, catalog, parsed) -> list[Change]:
    """Every figure that would change, old → new, in catalogue order."""
    _current, merged = _merged(report, parsed)
    out = []
    for code, indicator in catalog.indicators.items():
        if code not in merged:
            continue
        _figure, old, new = merged[code]
        row = parsed[code]["row"]

        def add(what, before, after, code=code, name=indicator.display_name, row=row):
            out.append(Change(code, name, row, what, before, after))

        if (old["value"], old["qualifier"]) != (new["value"], new["qualifier"]):
            add(
                _("Số liệu"),
                _figure_text(old["value"], old["qualifier"]),
                _figure_text(new["value"], new["qualifier"]),
            )
        if old["stated_percent"] != new["stated_percent"]:
            add(
                _("Tỷ lệ nêu trong báo cáo"),
                "" if old["stated_percent"] is None else vietnamese.percent(old["stated_percent"]),
                "" if new["stated_percent"] is None else vietnamese.percent(new["stated_percent"]),
            )
        if old["comment"] != new["comment"]:
            add(_("Ghi chú"), old["comment"], new["comment"])
        if old["not_applicable"] != new["not_applicable"]:
            add(_("Không phát sinh"), _("có"), _("không"))
    return out


def findings(report, previous, catalog, parsed) -> list[checks.Finding]:
    """The checks of DOMAIN §6 on the report's figures as they would be after the upload."""
    current, merged = _merged(report, parsed)
    numbers = ReportValues.of_figures(f for code, f in current.items() if code not in merged)
    for code, (_figure, _old, new) in merged.items():
        numbers.put(code, new["value"], new["qualifier"], new["stated_percent"])
    return numbers.findings(catalog, previous.numbers() if previous else None)


def refuse_on_errors(found, parsed):
    """Errors stop the upload: each is reported on the row of the figure it concerns."""
    problems = _Problems()
    for finding in checks.errors(found):
        row = parsed.get(finding.field, {}).get("row")
        if row:
            problems.at(row, finding.message)
        else:
            where = _("Trang “%(sheet)s”") % {"sheet": TEMPLATE_SHEET}
            problems.append(f"{where}: {finding.message}")
    if problems:
        raise UploadRefused(problems)


class Stale(Exception):
    """The report changed after the file was read; the preview no longer holds."""


class Locked(Exception):
    """The report's status no longer lets this user write into it (approved meanwhile);
    the message says so in words."""


def apply(report, catalog, parsed, version, user) -> int:
    """Write the upload atomically, with one audit entry per changed field; returns the
    number of figures changed. Raises Stale when the report moved on since the preview."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        # The status as it is now, under the lock: an approval that landed after the page's
        # checks refuses the write.
        if not locked.may_edit(report.office.role_of(user), user.is_superuser):
            raise Locked(locked.locked_message())
        if locked.version != version:
            raise Stale
        _current, merged = _merged(report, parsed)
        entries, changed = [], 0
        for code, (figure, old, new) in merged.items():
            diff = {k: (old[k], new[k]) for k in new if old[k] != new[k]}
            if not diff:
                continue
            changed += 1
            if figure is None:
                figure = Figure(report=report, indicator=catalog.indicators[code])
            for key, (_before, after) in diff.items():
                setattr(figure, key, after)
                entries.append(audit.Change(audit.figure_field(code, key), old[key], new[key]))
            figure.updated_by = user
            figure.save()
        audit.record_all(report, user, audit.Source.EXCEL, entries)
        totals.record_write(locked, user)
        report.version = locked.version
    return changed
