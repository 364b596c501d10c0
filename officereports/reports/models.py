import functools
import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from officereports.reports import periods, rates, vietnamese
from officereports.reports.checks import MAX_COUNT
from officereports.reports.values import ReportValues

# Workflow events (submit, return, approve, reopen) for the operators' log, at INFO.
workflow_log = logging.getLogger("officereports.workflow")


class Section(models.TextChoices):
    DOCUMENTS = "documents", _("Công tác văn thư, xử lý văn bản")
    ADVISORY = "advisory", _("Công tác tham mưu, tổng hợp")
    RECEPTION = "reception", _("Tiếp công dân")
    PETITIONS = "petitions", _("Xử lý đơn thư")
    DOSSIERS = "dossiers", _("Giải quyết thủ tục hành chính")


class Qualifier(models.TextChoices):
    EXACT = rates.EXACT, _("chính xác")
    HON = "hon", _("hơn")
    TREN = "tren", _("trên")
    GAN = "gan", _("gần")
    KHOANG = "khoang", _("khoảng")


class ChangeKind(models.TextChoices):
    """How an office stated a change: "tăng 27%" / "giảm 4,1%", or "gấp 2 lần"."""

    PERCENT = "percent", _("tăng, giảm theo %")
    TIMES = "times", _("gấp … lần")


class Role(models.TextChoices):
    STAFF = "staff", _("Chuyên viên Văn phòng")
    CHIEF = "chief", _("Chánh Văn phòng / Phó Chánh Văn phòng")
    LEADER = "leader", _("Lãnh đạo (chỉ xem)")


# ---------------------------------------------------------------------------
# Administrative units and offices


# A sort key has three characters for each character of a name (vietnamese.name_keys).
NAME_KEY_LENGTH = 3 * 100 + 2


def _keep_name_keys(row, save_kwargs):
    """Set `row`'s sort and search keys from its name, before it is saved (also when only
    some fields are saved and the name is one of them)."""
    row.sort_key, row.search_key = vietnamese.name_keys(row.name)
    fields = save_kwargs.get("update_fields")
    if fields is not None and "name" in fields:
        save_kwargs["update_fields"] = {*fields, "sort_key", "search_key"}


class AdministrativeUnit(models.Model):
    """A provincial-level unit with a stable identity; earlier names live in UnitName."""

    class Kind(models.TextChoices):
        TINH = "tinh", _("tỉnh")
        THANH_PHO = "thanh_pho", _("thành phố")

    slug = models.SlugField(_("mã định danh"), unique=True, help_text=_("Không đổi khi đổi tên."))
    # The current name, or the last one for a unit that has ended. On PostgreSQL the column
    # uses the ICU "vi" collation (migration 0002) so that Đ sorts after D.
    name = models.CharField(_("tên hiện tại"), max_length=100)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.TINH)
    # Kept from `name` on every save (`vietnamese.name_keys`): lists sort by `sort_key` in
    # Vietnamese order on any database, searches look for unaccented words in `search_key`.
    sort_key = models.CharField(max_length=NAME_KEY_LENGTH, editable=False, default="")
    search_key = models.CharField(max_length=100, editable=False, default="")
    region = models.CharField(_("vùng"), max_length=100, blank=True)
    ended = models.DateField(_("ngày chấm dứt"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_parts",
        verbose_name=_("sáp nhập vào"),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["sort_key"]

    def __str__(self):
        return self.label()

    def save(self, *args, **kwargs):
        _keep_name_keys(self, kwargs)
        super().save(*args, **kwargs)

    def name_on(self, day: date) -> tuple[str, str]:
        """(name, kind) valid on `day`. Uses prefetched `former_names` when available, or the
        list `former_names_by_date` (`Prefetch(..., to_attr=...)`, oldest first) that pages
        naming thousands of offices read without copying a queryset for each name."""
        former_names = getattr(self, "former_names_by_date", None)
        if former_names is None:
            former_names = sorted(self.former_names.all(), key=lambda n: n.valid_to)
        for former in former_names:
            if day <= former.valid_to:
                return former.name, former.kind
        return self.name, self.kind

    def name_in(self, year: int) -> tuple[str, str]:
        # A report is written at the end of its year, under the name valid then.
        day = date(year, 12, 31)
        if self.ended and self.ended < day:
            day = self.ended
        return self.name_on(day)

    def label(self, year: int | None = None) -> str:
        """ "tỉnh Khánh Hòa", "thành phố Huế": as written inside a sentence."""
        name, kind = self.name_in(year) if year else (self.name, self.kind)
        return f"{_vietnamese_kind(kind)} {name}"

    def predecessors(self):
        """Units merged into this one (their history stays readable under their own slug)."""
        return self.merged_parts.all()


@functools.cache
def _vietnamese_kind(kind: str) -> str:
    # Part of a proper name ("Văn phòng UBND tỉnh Khánh Hòa"): Vietnamese in every
    # language; only the admin's list of kinds is translated. Read once per kind: a
    # workbook names tens of thousands of offices.
    with translation.override("vi"):
        return str(AdministrativeUnit.Kind(kind).label)


class UnitName(models.Model):
    """A name a unit carried until `valid_to` (e.g. Thừa Thiên Huế until 31/12/2024)."""

    unit = models.ForeignKey(AdministrativeUnit, models.CASCADE, related_name="former_names")
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=10, choices=AdministrativeUnit.Kind.choices)
    valid_to = models.DateField(_("dùng đến ngày"))
    # As the unit's (`AdministrativeUnit.sort_key`): a former name is searched too.
    sort_key = models.CharField(max_length=NAME_KEY_LENGTH, editable=False, default="")
    search_key = models.CharField(max_length=100, editable=False, default="")

    class Meta:
        verbose_name = _("tên cũ")
        verbose_name_plural = _("tên cũ")
        ordering = ["unit", "valid_to"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_to"], name="reports_unitname_one_per_date"
            ),
        ]

    def __str__(self):
        return _("%(name)s (đến %(date)s)") % {
            "name": self.name,
            "date": f"{self.valid_to:%d/%m/%Y}",
        }

    def save(self, *args, **kwargs):
        _keep_name_keys(self, kwargs)
        super().save(*args, **kwargs)


def first_day(year: int, period: str = periods.YEAR) -> date:
    """The first day of the first month `period` of `year` covers: a unit that ended before
    it has no report to make for it (one ended in June reports for the year and quarter II,
    not for quarter III)."""
    return date(year, periods.months_of(period)[0], 1)


class OfficeQuerySet(models.QuerySet):
    def expected_in(self, year, period=periods.YEAR):
        """Offices whose unit existed during `period` of `year` (those expected to report
        for it); the same rule as `Office.is_expected_in`, in SQL."""
        return self.filter(
            Q(unit__ended__isnull=True) | Q(unit__ended__gte=first_day(year, period))
        )

    def visible_to(self, user):
        """Offices whose reports `user` may read: all for administrators and for leaders
        assigned without an office, otherwise those of the user's memberships."""
        ids = self.visible_ids(user)
        return self.all() if ids is None else self.filter(id__in=ids)

    def visible_ids(self, user) -> list[int] | None:
        """The ids of the offices `visible_to(user)`, or None for every office."""
        return access_of(user).visible_ids()

    def named(self, text):
        """Offices whose unit's name, current or former, contains `text` with or without
        its diacritics: "thua thien hue", "Huế" and "hue" all find Huế's office."""
        key = vietnamese.search_key(text)
        q = self.filter(
            Q(unit__search_key__contains=key) | Q(unit__former_names__search_key__contains=key)
        )
        return q.distinct()


@dataclass(frozen=True)
class Access:
    """A user's memberships as pages need them: what they may read and their role in it.

    `memberships` are (office id, office slug, role); a leader's without an office has
    (None, None, "leader") and reads every office.
    """

    superuser: bool
    memberships: tuple = ()

    @property
    def everything(self) -> bool:
        return self.superuser or any(office_id is None for office_id, _s, _r in self.memberships)

    def visible_ids(self) -> list[int] | None:
        if self.everything:
            return None
        return sorted({office_id for office_id, _s, _r in self.memberships})

    def may_read(self, slug: str) -> bool:
        """Whether the office `slug` (if it exists) is visible."""
        return self.everything or any(s == slug for _o, s, _r in self.memberships)

    def role(self, office_id=None, slug=None) -> str | None:
        """The role for an office given by id or slug: the office's own membership, else a
        leader's for every office; chief before staff before leader."""
        roles = {r for o, s, r in self.memberships if o is None or o == office_id or s == slug}
        return next((r for r in (Role.CHIEF, Role.STAFF, Role.LEADER) if r in roles), None)


NOBODY = Access(superuser=False)


def access_of(user) -> Access:
    """The user's Access, read once per request: one query the first time it is asked of a
    user object (`request.user` lives as long as its request), kept on that object after."""
    if not user.is_authenticated:
        return NOBODY
    if not hasattr(user, "_access"):
        rows = Membership.objects.filter(user=user).values_list("office_id", "office__slug", "role")
        user._access = Access(user.is_superuser, tuple(rows))
    return user._access


class Office(models.Model):
    """The Office of a unit's People's Committee, addressed by a permanent slug."""

    slug = models.SlugField(
        _("mã định danh"),
        unique=True,
        help_text=_("Dùng trong địa chỉ trang; không đổi khi đơn vị đổi tên."),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        related_name="offices",
        verbose_name=_("đơn vị hành chính"),
    )

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn phòng")
        verbose_name_plural = _("văn phòng")
        ordering = ["unit__sort_key"]

    def __str__(self):
        return self.name()

    def name(self, year: int | None = None) -> str:
        """ "Văn phòng UBND tỉnh Thừa Thiên Huế" for 2022, "… thành phố Huế" for 2025."""
        return f"Văn phòng UBND {self.unit.label(year)}"

    def is_expected_in(self, year, period=periods.YEAR) -> bool:
        """Whether the office's unit existed during `period` of `year`
        (`OfficeQuerySet.expected_in`)."""
        return self.unit.ended is None or self.unit.ended >= first_day(year, period)

    def role_of(self, user) -> str | None:
        """The user's role for this office, None when they have none."""
        return access_of(user).role(office_id=self.id)


class Membership(models.Model):
    """What a user may do for an office. A leader with no office reads every office."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="memberships",
        verbose_name=_("người dùng"),
    )
    office = models.ForeignKey(
        Office,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("văn phòng"),
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office"], name="reports_membership_one_per_office"
            ),
            models.CheckConstraint(
                condition=Q(office__isnull=False) | Q(role=Role.LEADER),
                name="reports_membership_office_unless_leader",
            ),
        ]

    def __str__(self):
        where = self.office.slug if self.office_id else _("mọi văn phòng")
        return f"{self.user} – {self.get_role_display()} – {where}"


# ---------------------------------------------------------------------------
# The indicator catalogue (data; built-in rows come from catalog.BUILTIN via migration 0003)

code_validator = RegexValidator(
    r"^[a-z_]+\.[a-z_]+$",
    _("Mã gồm chữ thường không dấu, dạng 'nhom.ten', ví dụ dossiers.received."),
)


def in_reader_language(vietnamese: str, english: str) -> str:
    """Catalogue text for the page being rendered: the English text on English pages where
    the catalogue has one, else the Vietnamese. The article and the workbooks are rendered
    under `translation.override("vi")`, so they keep the Vietnamese."""
    if english and translation.get_language() == "en":
        return english
    return vietnamese


class Aggregation(models.TextChoices):
    """How an indicator adds up over the parts of a year (catalog.AGGREGATION)."""

    SUM = "sum", _("Cộng các kỳ")
    LAST = "last", _("Lấy kỳ cuối")
    FIRST = "first", _("Lấy kỳ đầu")


class Indicator(models.Model):
    code = models.CharField(
        _("mã chỉ tiêu"), max_length=64, unique=True, validators=[code_validator]
    )
    section = models.CharField(_("lĩnh vực"), max_length=20, choices=Section.choices)
    name = models.CharField(_("tên chỉ tiêu"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    unit = models.CharField(
        _("đơn vị tính"), max_length=50, help_text=_("Ví dụ: văn bản, hồ sơ, buổi.")
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    required = models.BooleanField(
        _("bắt buộc"),
        default=False,
        help_text=_("Gửi duyệt cần có số liệu này, hoặc đánh dấu “Không phát sinh” kèm lý do."),
    )
    description = models.TextField(_("giải thích"), blank=True)
    # How the article writes the figure: "{verb} {count} {noun}" ("số hóa 12.000 hồ sơ").
    verb = models.CharField(
        _("động từ trong bài viết"),
        max_length=100,
        blank=True,
        help_text=_("Việc đã làm với số liệu, ví dụ: tiếp nhận, giải quyết, số hóa."),
    )
    noun = models.CharField(
        _("danh từ trong bài viết"),
        max_length=200,
        blank=True,
        help_text=_("Cái được đếm, ví dụ: hồ sơ trực tuyến. Để trống thì dùng đơn vị tính."),
    )
    aggregation = models.CharField(
        _("cộng qua các kỳ"),
        max_length=5,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_(
            "Cách tính số cả năm từ các tháng, quý: cộng (số phát sinh trong kỳ), lấy kỳ cuối "
            "(số tồn tại ngày chốt), lấy kỳ đầu (số kỳ trước chuyển sang)."
        ),
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("danh mục chỉ tiêu")
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.code} – {self.name}"

    @property
    def display_name(self) -> str:
        """The name in the reader's language (`in_reader_language`)."""
        return in_reader_language(self.name, self.name_en)


class RateDefinition(models.Model):
    """A computed percentage: sum of numerator codes / sum of denominator codes × 100."""

    code = models.CharField(_("mã tỷ lệ"), max_length=64, unique=True, validators=[code_validator])
    name = models.CharField(_("tên tỷ lệ"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    numerator = models.JSONField(_("tử số"), help_text=_("Danh sách mã chỉ tiêu được cộng lại."))
    denominator = models.JSONField(_("mẫu số"), help_text=_("Danh sách mã chỉ tiêu được cộng lại."))
    decimals = models.PositiveSmallIntegerField(
        _("số chữ số thập phân"), default=1, validators=[MaxValueValidator(4)]
    )
    basis = models.CharField(
        _("chia cho"),
        max_length=200,
        help_text=_("Tỷ lệ này chia cho gì, ví dụ: số hồ sơ đã giải quyết."),
    )
    basis_en = models.CharField(
        _("chia cho (tiếng Anh)"),
        max_length=200,
        blank=True,
        help_text=_("Cho trang tiếng Anh, ví dụ: dossiers resolved."),
    )
    stated_on = models.ForeignKey(
        Indicator,
        models.PROTECT,
        related_name="stated_rates",
        verbose_name=_("tỷ lệ nêu trong báo cáo ghi ở chỉ tiêu"),
        help_text=_("Chỉ tiêu mà tỷ lệ do đơn vị tự nêu được nhập kèm."),
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_share = models.BooleanField(
        _("là phần của tổng (không quá 100%)"),
        default=False,
        help_text=_(
            "Tử số là một phần của mẫu số, ví dụ hồ sơ trực tuyến trên hồ sơ tiếp nhận: "
            "tỷ lệ nêu trong báo cáo không được lớn hơn 100%."
        ),
    )

    class Meta:
        verbose_name = _("tỷ lệ")
        verbose_name_plural = _("danh mục tỷ lệ")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decimals__lte=4), name="reports_ratedefinition_decimals_lte_4"
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    @property
    def display_name(self) -> str:
        """The name in the reader's language (`in_reader_language`)."""
        return in_reader_language(self.name, self.name_en)

    @property
    def display_basis(self) -> str:
        """What the rate divides by, in the reader's language (`in_reader_language`)."""
        return in_reader_language(self.basis, self.basis_en)

    @property
    def spec(self) -> rates.RateSpec:
        return rates.RateSpec(
            self.code, tuple(self.numerator), tuple(self.denominator), self.decimals
        )

    def clean(self):
        known = set(Indicator.objects.values_list("code", flat=True))
        for field in ("numerator", "denominator"):
            codes = getattr(self, field)
            if (
                not isinstance(codes, list)
                or not codes
                or not all(isinstance(c, str) for c in codes)
            ):
                raise ValidationError(
                    {field: _('Nhập một danh sách mã chỉ tiêu, ví dụ ["dossiers.resolved"].')}
                )
            unknown = [c for c in codes if c not in known]
            if unknown:
                raise ValidationError(
                    {
                        field: _("Mã chỉ tiêu không có trong danh mục: %(codes)s")
                        % {"codes": ", ".join(unknown)}
                    }
                )


class FigureCheck(models.Model):
    """A rule between figures (DOMAIN.md §6): sum(left) ≤ or = sum(right)."""

    class Operator(models.TextChoices):
        LE = "le", _("không lớn hơn")
        EQ = "eq", _("bằng")

    class Severity(models.TextChoices):
        ERROR = "error", _("lỗi (không lưu được)")
        WARNING = "warning", _("cảnh báo (cần giải trình khi gửi)")

    code = models.CharField(_("mã kiểm tra"), max_length=64, unique=True)
    left = models.JSONField(_("vế trái"))
    operator = models.CharField(_("phép so sánh"), max_length=2, choices=Operator.choices)
    right = models.JSONField(_("vế phải"))
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices)

    class Meta:
        verbose_name = _("kiểm tra số liệu")
        verbose_name_plural = _("kiểm tra số liệu")
        ordering = ["code"]

    def __str__(self):
        return self.code


# ---------------------------------------------------------------------------
# Reports and figures


PERIOD_CHOICES = [(kind, periods.kind_label(kind)) for kind in periods.KINDS]


def period_display(kind: str, year: int) -> str:
    """`periods.label` in the reader's language (the Vietnamese is the msgid)."""
    first, last = periods.months_of(kind)
    params = {"year": year, "month": first, "quarter": periods.ROMAN.get(last // 3, "")}
    if kind == periods.YEAR:
        return _("năm %(year)s") % params
    if kind == periods.FIRST_9_MONTHS:
        return _("9 tháng đầu năm %(year)s") % params
    if kind == periods.FIRST_6_MONTHS:
        return _("6 tháng đầu năm %(year)s") % params
    if kind in periods.QUARTERS:
        return _("quý %(quarter)s năm %(year)s") % params
    return _("tháng %(month)s/%(year)s") % params


def period_kind_display(kind: str) -> str:
    """`periods.kind_label` ("Quý I", "9 tháng đầu năm") in the reader's language, for the
    period choices of the pages."""
    first, last = periods.months_of(kind)
    if kind == periods.YEAR:
        return _("Năm")
    if kind == periods.FIRST_9_MONTHS:
        return _("9 tháng đầu năm")
    if kind == periods.FIRST_6_MONTHS:
        return _("6 tháng đầu năm")
    if kind in periods.QUARTERS:
        return _("Quý %(quarter)s") % {"quarter": periods.ROMAN[last // 3]}
    return _("Tháng %(month)s") % {"month": first}


def period_kind_choices() -> list:
    """(kind, its name in the reader's language) of every period kind, the year first."""
    return [(kind, period_kind_display(kind)) for kind in periods.KINDS]


class ReportQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def yearly(self):
        """The yearly reports (not those of a month, a quarter, 6 or 9 months)."""
        return self.filter(period=periods.YEAR)

    def visible_to(self, user):
        return self.filter(office__in=Office.objects.visible_to(user))

    def approved(self):
        return self.filter(status=Report.Status.APPROVED)


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Chờ duyệt")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")

    office = models.ForeignKey(
        Office, models.PROTECT, related_name="reports", verbose_name=_("văn phòng")
    )
    year = models.PositiveSmallIntegerField(
        _("năm báo cáo"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The year or a part of it (periods.py): one report per office and period.
    period = models.CharField(
        _("kỳ báo cáo"), max_length=16, choices=PERIOD_CHOICES, default=periods.YEAR
    )
    period_start = models.DateField(
        _("kỳ báo cáo từ ngày"), blank=True, help_text=_("Mặc định 15/12 năm trước.")
    )
    period_end = models.DateField(
        _("đến ngày"), blank=True, help_text=_("Mặc định 14/12 năm báo cáo.")
    )
    headline = models.CharField(
        _("tiêu đề bài viết"),
        max_length=250,
        blank=True,
        help_text=_("Để trống để dùng tiêu đề tự sinh."),
    )
    byline = models.CharField(_("tác giả (bút danh)"), max_length=100, blank=True)
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    # The province's index of serving citizens and businesses (Decision 766/QĐ-TTg), read on
    # the national portal: a score and a rank, not counts (never summed; a lower rank is
    # better), with the date they were read.
    index_score = models.DecimalField(
        _("điểm Bộ chỉ số phục vụ người dân, doanh nghiệp"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Theo Quyết định 766/QĐ-TTg, trên thang 100 điểm."),
    )
    index_band = models.CharField(
        _("xếp loại"), max_length=60, blank=True, help_text=_("Ví dụ: khá tốt.")
    )
    index_rank = models.PositiveSmallIntegerField(
        _("xếp hạng"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    index_rank_of = models.PositiveSmallIntegerField(
        _("trên tổng số tỉnh, thành phố"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("63 trước ngày 01/7/2025, 34 từ ngày đó."),
    )
    index_as_of = models.DateField(_("số liệu chỉ số tính đến ngày"), null=True, blank=True)
    # Parts II and III of the Word report (Decree 30/2020 layout): the office's own words;
    # left empty, the document leaves those parts for staff to write.
    assessment = models.TextField(_("đánh giá chung"), max_length=5000, blank=True)
    direction = models.TextField(_("phương hướng, nhiệm vụ"), max_length=5000, blank=True)
    # Bumped on every save (entry page, upload, admin) and every workflow step: a save based
    # on an older version is stale.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # Made up by `manage.py demo_data` to show the product, never an office's figures: its
    # pages and workbooks say so, and `demo_data --remove` deletes exactly these reports.
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo năm")
        verbose_name_plural = _("báo cáo năm")
        ordering = ["-year", "office__unit__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "period"], name="reports_report_one_per_office_period"
            ),
            models.CheckConstraint(
                condition=Q(period__in=periods.KINDS), name="reports_report_period_kind"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="reports_report_year_range"
            ),
            models.CheckConstraint(
                condition=Q(period_start__lt=models.F("period_end")),
                name="reports_report_period_order",
            ),
            models.CheckConstraint(
                condition=Q(index_rank__isnull=True)
                | Q(index_rank_of__isnull=True)
                | Q(index_rank__lte=models.F("index_rank_of")),
                name="reports_report_index_rank_within",
                violation_error_message=_("Thứ hạng không được lớn hơn tổng số tỉnh, thành phố."),
            ),
        ]

    def __str__(self):
        when = self.year if self.is_yearly else self.period_label
        return f"{self.office.name(self.year)} – {when}"

    def save(self, *args, **kwargs):
        if not (self.period_start and self.period_end):
            start, end = periods.default_dates(self.period, self.year)
            self.period_start = self.period_start or start
            self.period_end = self.period_end or end
        super().save(*args, **kwargs)

    @staticmethod
    def default_period(year: int, kind: str = periods.YEAR) -> tuple[date, date]:
        # Decree 09/2019/NĐ-CP: the reporting year runs 15/12 of the previous year to 14/12.
        return periods.default_dates(kind, year)

    def url(self, name: str = "summary") -> str:
        """The address of one of the report's pages (reports/urls.py `REPORT_PAGES`)."""
        where = {"slug": self.office.slug, "year": self.year}
        if not self.is_yearly:
            where["period"] = self.period
        return reverse(f"reports:{name}", kwargs=where)

    @property
    def is_yearly(self) -> bool:
        return self.period == periods.YEAR

    @property
    def period_label(self) -> str:
        """ "năm 2024", "quý I năm 2024", "9 tháng đầu năm 2024", "tháng 9/2024": in the
        article, the workbooks and the audit trail (Vietnamese documents)."""
        return periods.label(self.period, self.year)

    @property
    def period_display(self) -> str:
        """The period in the reader's language, for the pages around the documents."""
        return period_display(self.period, self.year)

    @property
    def period_kind(self) -> str:
        """The kind of period without its year, in the reader's language: "Năm", "Quý I"."""
        return period_kind_display(self.period)

    @property
    def last_year_display(self) -> str:
        """The same period of the year before, in the reader's language."""
        return period_display(self.period, self.year - 1)

    def clean(self):
        if self.year is None:  # the year's own error is reported by its field
            return
        errors = periods.date_errors(self.year, self.period_start, self.period_end)
        if errors:
            raise ValidationError(errors)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED

    def previous(self):
        """The same office's report for the year before, or None (one query)."""
        return self.office.reports.filter(year=self.year - 1, period=self.period).first()

    def office_name(self) -> str:
        return self.office.name(self.year)

    def figure_map(self) -> dict[str, "Figure"]:
        """code -> Figure for the figures with a value or a stated percentage.

        Runs one query unless `figures__indicator` was prefetched.
        """
        return {
            f.indicator.code: f
            for f in self.figures.all()
            if f.value is not None or f.stated_percent is not None
        }

    def not_applicable(self) -> dict[str, "Figure"]:
        """code -> Figure marked "không phát sinh" (uses prefetched figures)."""
        return {f.indicator.code: f for f in self.figures.all() if f.not_applicable}

    def missing_required(self, catalog) -> list["Indicator"]:
        """Required indicators with neither a value nor a "không phát sinh" with its reason
        (uses prefetched figures)."""
        figures = {f.indicator.code: f for f in self.figures.all()}
        missing = []
        for code, indicator in catalog.indicators.items():
            figure = figures.get(code)
            if not indicator.required or (figure is not None and figure.value is not None):
                continue
            if figure is not None and figure.not_applicable and figure.explanation.strip():
                continue
            missing.append(indicator)
        return missing

    def values(self) -> dict[str, int]:
        """code -> count for every reported count (approximate ones included)."""
        return {code: f.value for code, f in self.figure_map().items() if f.value is not None}

    def numbers(self) -> ReportValues:
        """The report's numbers as plain values (uses prefetched figures): what its rates and
        checks are computed from."""
        return ReportValues.of_figures(self.figures.all())

    def rate_results(self, catalog) -> dict[str, rates.RateResult]:
        """code -> RateResult for every catalogued rate (`ReportValues.rate`)."""
        return self.numbers().rate_results(catalog)

    def unit_name(self, section: str) -> str:
        """The unit that produced a section's figures, "" when not recorded (uses prefetch)."""
        for row in self.section_units.all():
            if row.section == section:
                return row.unit_name
        return ""

    # --- entry and workflow (DOMAIN.md §1; the rules live in WORKFLOW below the class)

    def may_edit(self, role, is_superuser=False) -> bool:
        """Staff and chiefs edit drafts and returned reports; administrators edit any report
        that is not approved. An approved report is locked for everyone: it changes only
        after it is reopened, with a reason."""
        if self.status == self.Status.APPROVED:
            return False
        if is_superuser:
            return True
        return role in EDIT_ROLES and self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def locked_message(self) -> str:
        """Why a save into this report was refused: its status no longer allows editing."""
        if self.status == self.Status.APPROVED:
            return _(
                "Chưa lưu: báo cáo vừa được duyệt nên số liệu đã khóa; không có gì thay đổi. "
                "Nếu cần sửa, báo cáo phải được mở lại (có ghi lý do)."
            )
        return _(
            "Chưa lưu: báo cáo đang ở trạng thái “%(status)s” nên bạn không sửa được; không "
            "có gì thay đổi."
        ) % {"status": self.get_status_display()}

    def actions_for(self, role, is_superuser=False) -> list[str]:
        """The workflow actions (keys of WORKFLOW) this role may take now."""
        return [
            name
            for name, step in WORKFLOW.items()
            if self.status in step.sources and (is_superuser or role in step.roles)
        ]

    def findings(self, catalog, previous=None):
        """The checks on the stored figures (uses prefetched figures); `previous`: last
        year's numbers (ReportValues), for the year-on-year warning."""
        return self.numbers().findings(catalog, previous)

    def unexplained(self, catalog, previous=None):
        """Findings that stop a submission: errors, and warnings whose figure carries no
        written explanation."""
        figures = self.figure_map()
        return [
            f
            for f in self.findings(catalog, previous)
            if f.severity == "error"
            or f.field not in figures
            or not figures[f.field].explanation.strip()
        ]


# What pages and exports read of one report besides its figures (one query each, prefetched).
REPORT_PARTS = ("office__unit__former_names", "section_units", "attendees", "directives", "awards")


class SectionUnit(models.Model):
    """Which unit produced a section's figures, e.g. "Trung tâm Phục vụ hành chính công tỉnh"."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="section_units")
    section = models.CharField(_("lĩnh vực"), max_length=20, choices=Section.choices)
    unit_name = models.CharField(_("đơn vị thực hiện"), max_length=200, blank=True)
    # The section counts the work of every administrative body of the province, not the
    # office's: the article attributes it to them, never to the office.
    province_wide = models.BooleanField(
        _("số liệu toàn tỉnh"),
        default=False,
        help_text=_(
            "Số liệu của các cơ quan hành chính nhà nước các cấp trên địa bàn tỉnh, không "
            "riêng của Văn phòng."
        ),
    )

    class Meta:
        verbose_name = _("đơn vị thực hiện")
        verbose_name_plural = _("đơn vị thực hiện")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section"], name="reports_sectionunit_one_per_section"
            ),
        ]

    def __str__(self):
        return f"{self.get_section_display()}: {self.unit_name}"


class Figure(models.Model):
    """One indicator's value in one report. No row, or a null value, means not reported."""

    report = models.ForeignKey(
        Report, models.CASCADE, related_name="figures", verbose_name=_("báo cáo")
    )
    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="figures", verbose_name=_("chỉ tiêu")
    )
    value = models.BigIntegerField(
        _("số liệu"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_COUNT)],
    )
    qualifier = models.CharField(
        _("cách ghi"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        help_text=_('"hơn 52.900": số thật ít nhất bằng số ghi.'),
    )
    round_in_text = models.BooleanField(
        _("ghi số tròn trong bài"),
        default=False,
        help_text=_('Số chính xác được viết tròn trong bài, ví dụ 52.937 thành "hơn 52.900".'),
    )
    stated_percent = models.DecimalField(
        _("tỷ lệ nêu trong báo cáo (%)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    # What the stated percentage is of, as the office wrote it ("so với kế hoạch").
    percent_of = models.CharField(
        _("tỷ lệ trên"),
        max_length=200,
        blank=True,
        help_text=_("Tỷ lệ nêu trong báo cáo tính trên gì, ví dụ: tổng số hồ sơ tiếp nhận."),
    )
    # A change the office stated ("tăng gần 15% so với năm trước", "gấp 2 lần"), kept as
    # stated even when the previous period is not in the system.
    stated_change = models.DecimalField(
        _("tăng, giảm nêu trong báo cáo"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Phần trăm tăng (số dương) hoặc giảm (số âm), hoặc số lần khi chọn “gấp”."),
    )
    stated_change_kind = models.CharField(
        _("cách ghi tăng, giảm"),
        max_length=10,
        choices=ChangeKind.choices,
        default=ChangeKind.PERCENT,
    )
    stated_change_qualifier = models.CharField(
        _("mức độ chính xác của tăng, giảm"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
    )
    # Limits of free text, declared once: every path (entry form, upload, import, admin)
    # refuses longer text (reports/text.py).
    comment = models.TextField(_("ghi chú"), max_length=2000, blank=True)
    explanation = models.TextField(
        _("giải trình"),
        max_length=2000,
        blank=True,
        help_text=_("Bắt buộc khi gửi duyệt nếu số liệu có cảnh báo."),
    )
    # "Không phát sinh": nothing to count this period (value stays empty, never 0); the
    # reason is written in `explanation`.
    not_applicable = models.BooleanField(
        _("không phát sinh"),
        default=False,
        help_text=_("Không có số liệu trong kỳ; ghi lý do ở phần giải trình."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        ordering = ["indicator__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="reports_figure_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="reports_figure_value_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(value__lte=MAX_COUNT), name="reports_figure_value_not_absurd"
            ),
            models.CheckConstraint(
                condition=Q(stated_percent__gte=0), name="reports_figure_stated_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(value__isnull=True),
                name="reports_figure_not_applicable_has_no_value",
            ),
            models.CheckConstraint(
                condition=~Q(stated_change_kind="times") | Q(stated_change__gt=0),
                name="reports_figure_times_positive",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} = {self.value}"

    @property
    def is_exact(self) -> bool:
        return self.value is not None and rates.is_exact(self.qualifier)

    def clean(self):
        if self.not_applicable and self.value is not None:
            raise ValidationError(
                {"value": _("Đã đánh dấu “Không phát sinh”: xóa số liệu hoặc bỏ đánh dấu.")}
            )
        if self.not_applicable and not self.explanation.strip():
            raise ValidationError({"explanation": _("Ghi lý do không phát sinh vào ô giải trình.")})
        if (
            self.stated_change_kind == ChangeKind.TIMES
            and self.stated_change is not None
            and self.stated_change <= 0
        ):
            raise ValidationError(
                {"stated_change": _("Số lần phải lớn hơn 0, ví dụ gấp 2,76 lần.")}
            )


class ReportTotal(models.Model):
    """What the dashboard, the year roll-up and the leadership workbook read of one report,
    one row per (report, code), kept by `totals.record_write` in the transaction of every
    write (`totals.refresh`; `manage.py rebuild_totals` rebuilds them all).

    An indicator's row: its count (`value`, with its `qualifier`), the percentage stated
    beside it, whether it carries a written explanation. A rate's row: the numerator and
    denominator summed from the report's exact counts, only when every term is there and
    exact (`rates.terms`). Rows, not columns: the catalogue is data, and the pages sum them
    with one GROUP BY whatever codes an administrator adds."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="totals")
    code = models.CharField(max_length=64)
    value = models.BigIntegerField(null=True)
    qualifier = models.CharField(max_length=10, blank=True)
    stated = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    explained = models.BooleanField(default=False)
    numerator = models.BigIntegerField(null=True)
    denominator = models.BigIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="reports_total_one_per_code"),
        ]
        indexes = [models.Index(fields=["code", "report"], name="reports_total_code")]

    def __str__(self):
        return f"{self.report_id} {self.code}"


class Export(models.Model):
    """A leadership workbook built by a worker (exports.py), kept under what it was made of
    (`key`) until a day old. `params` is what the leader asked for; `content` is empty until
    the worker has written it."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    params = models.JSONField()
    task_id = models.CharField(max_length=64, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------------------
# The year-end conference


class Conference(models.Model):
    class PartOfDay(models.TextChoices):
        SANG = "sang", _("Sáng")
        CHIEU = "chieu", _("Chiều")
        TOI = "toi", _("Tối")

    report = models.OneToOneField(Report, models.CASCADE, related_name="conference")
    date = models.DateField(
        _("ngày tổ chức"),
        null=True,
        blank=True,
        help_text=_("Không phải năm báo cáo: hội nghị có thể họp vào năm sau."),
    )
    part_of_day = models.CharField(_("buổi"), max_length=10, choices=PartOfDay.choices, blank=True)
    title = models.CharField(_("tên hội nghị"), max_length=250, blank=True)
    place = models.CharField(_("địa điểm"), max_length=250, blank=True)
    staff_attending = models.PositiveIntegerField(
        _("số cán bộ, công chức dự"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
    )

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")

    def __str__(self):
        return self.title or str(self.report)


class Attendee(models.Model):
    class Honorific(models.TextChoices):
        ONG = "ong", _("ông")
        BA = "ba", _("bà")

    report = models.ForeignKey(Report, models.CASCADE, related_name="attendees")
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    honorific = models.CharField(
        _("danh xưng"), max_length=3, choices=Honorific.choices, blank=True
    )
    name = models.CharField(_("họ và tên"), max_length=100)
    title = models.CharField(
        _("chức vụ"),
        max_length=250,
        blank=True,
        help_text=_("Như trong năm báo cáo, ví dụ: Phó Chủ tịch UBND tỉnh."),
    )

    class Meta:
        verbose_name = _("đại biểu dự")
        verbose_name_plural = _("đại biểu dự")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.name} – {self.title}" if self.title else self.name


class Directive(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="directives")
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    speaker = models.CharField(_("người phát biểu"), max_length=100)
    speaker_title = models.CharField(_("chức vụ"), max_length=250, blank=True)
    content = models.TextField(_("nội dung chỉ đạo"), max_length=5000)

    class Meta:
        verbose_name = _("ý kiến chỉ đạo")
        verbose_name_plural = _("ý kiến chỉ đạo")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.speaker}: {self.content[:60]}"


class Award(models.Model):
    """A commendation: names, only a count, or only "nhiều" (many) are all valid records."""

    class Recipient(models.TextChoices):
        COLLECTIVE = "tap_the", _("tập thể")
        INDIVIDUAL = "ca_nhan", _("cá nhân")

    report = models.ForeignKey(Report, models.CASCADE, related_name="awards")
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    recipient_kind = models.CharField(_("đối tượng"), max_length=10, choices=Recipient.choices)
    title = models.CharField(
        _("hình thức khen thưởng"),
        max_length=250,
        blank=True,
        help_text=_("Ví dụ: Bằng khen của Chủ tịch UBND tỉnh, Tập thể lao động xuất sắc."),
    )
    issuer = models.CharField(
        _("cấp khen thưởng"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: UBND tỉnh, Văn phòng."),
    )
    count = models.PositiveIntegerField(_("số lượng"), null=True, blank=True)
    is_many = models.BooleanField(_('chỉ biết là "nhiều"'), default=False)
    recipients = models.TextField(
        _("danh sách"), max_length=5000, blank=True, help_text=_("Mỗi dòng một tên.")
    )

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(is_many=True, count__isnull=False), name="reports_award_many_or_count"
            ),
        ]

    def __str__(self):
        return f"{self.get_recipient_kind_display()}: {self.title or self.issuer}"

    def clean(self):
        if self.is_many and self.count is not None:
            raise ValidationError(
                {"count": _('Ghi số lượng hoặc đánh dấu "nhiều", không ghi cả hai.')}
            )

    def recipient_names(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


# ---------------------------------------------------------------------------
# Login failures


class LoginFailure(models.Model):
    """A wrong username or password at a login form (officereports.security): counted in
    the database, so that every app server and every worker sees the same count."""

    username = models.CharField(max_length=150)  # as typed, casefolded
    address = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("lần đăng nhập sai")
        verbose_name_plural = _("lần đăng nhập sai")
        indexes = [
            models.Index(fields=["username", "address", "at"], name="loginfailure_user_addr"),
            models.Index(fields=["address", "at"], name="loginfailure_addr"),
        ]

    def __str__(self):
        return f"{self.username} @ {self.address}, {self.at:%Y-%m-%d %H:%M:%S}"


# ---------------------------------------------------------------------------
# Audit


class AuditEntry(models.Model):
    """Who changed what, when, from which value: figures, conference rows and statuses.
    Written and read only through `officereports.reports.audit`."""

    class Source(models.TextChoices):
        FORM = "form", _("nhập trên web")
        IMPORT = "import", _("nhập tệp JSON")
        EXCEL = "excel", _("tải lên Excel")
        ADMIN = "admin", _("trang quản trị")

    report = models.ForeignKey(Report, models.CASCADE, related_name="audit_entries")
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    # An indicator code, "code:part", "status", or "<model>.<field>" (see audit.py).
    field = models.CharField(_("nội dung"), max_length=100)
    old_value = models.TextField(_("giá trị cũ"), blank=True)
    new_value = models.TextField(_("giá trị mới"), blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.field}: {self.old_value} → {self.new_value}"


# ---------------------------------------------------------------------------
# Workflow: draft → submitted → approved, or returned with a reason; reopened by an admin.


@dataclass(frozen=True)
class Step:
    roles: frozenset  # who may take it, besides administrators
    sources: frozenset  # the statuses it starts from
    target: str
    needs_reason: bool
    verb: str  # "gửi duyệt": used in messages


EDIT_ROLES = frozenset({Role.STAFF, Role.CHIEF})

WORKFLOW = {
    "submit": Step(
        EDIT_ROLES,
        frozenset({Report.Status.DRAFT, Report.Status.RETURNED}),
        Report.Status.SUBMITTED,
        False,
        _("gửi duyệt"),
    ),
    "return": Step(
        frozenset({Role.CHIEF}),
        frozenset({Report.Status.SUBMITTED}),
        Report.Status.RETURNED,
        True,
        _("trả lại"),
    ),
    "approve": Step(
        frozenset({Role.CHIEF}),
        frozenset({Report.Status.SUBMITTED}),
        Report.Status.APPROVED,
        False,
        _("duyệt"),
    ),
    # Staff take back a submission the chief has not acted on yet.
    "withdraw": Step(
        EDIT_ROLES,
        frozenset({Report.Status.SUBMITTED}),
        Report.Status.DRAFT,
        False,
        _("rút lại"),
    ),
    # Only an administrator reopens an approved (locked) report, and says why.
    "reopen": Step(
        frozenset(),
        frozenset({Report.Status.APPROVED}),
        Report.Status.DRAFT,
        True,
        _("mở lại"),
    ),
}


def log_status_change(report, user, action, old, reason=""):
    """One log line per workflow step (the audit trail holds the same, for readers)."""
    workflow_log.info(
        "report %s/%s %s by %s at %s: %s -> %s; reason: %r",
        report.office.slug,
        report.year,
        action,
        user.get_username() if user else "-",
        report.updated_at.isoformat(),
        old,
        report.status,
        reason,
    )
