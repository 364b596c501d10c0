"""The demo data set (`manage.py demo_data`): ten real provinces' offices over 2021–2025 in
every status, so that the dashboard has trends and comparisons from the first click.

The figures are made up, from one seeded random generator: every run writes the same
reports. `generate` is pure (the catalogue's checks and the units' names in, an interchange
document out); `load` writes it through the JSON import (`interchange.import_reports`: the
checks, the audit trail, the per-report totals) and then takes each report's workflow steps
(`workflow.transition`), so that a demo report is written the way any report is. Every demo
report carries `Report.is_demo`; `remove` deletes exactly those, with their figures,
totals and audit entries.

What the series respect:
- sizes scale with the province, and the two seed offices continue from their published
  figures (`fixtures/seed_reports.json`) without touching the seed years;
- on 01/07/2025 Quảng Nam merged into Đà Nẵng and Yên Bái into Lào Cai: the two old units
  report up to 2024 only, and the two that absorbed them report both units' work in 2025,
  with the jump explained; Thừa Thiên Huế is "thành phố Huế" from 2025 (names come from
  the units, as on every page);
- parts never exceed their whole (on time ≤ resolved, online ≤ received…), identities hold
  (but for the two warnings planted for the walkthroughs),
  last year's pending dossiers are this year's carried over, and every warning of a report
  that was submitted carries an explanation (as `views.submit` requires);
- some offices publish rounded counts ("hơn", "gần", "khoảng"), some leave figures out:
  a figure left out is absent, never 0.
"""

import json
import logging
import math
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction

from officereports.reports import checks, rates, workflow
from officereports.reports.interchange import FORMAT, import_reports
from officereports.reports.models import AuditEntry, Figure, Report, ReportTotal

SEED = 2025
SEED_FILE = settings.BASE_DIR / "fixtures" / "seed_reports.json"
MERGER = date(2025, 7, 1)

DRAFT, SUBMITTED, RETURNED, APPROVED = (s.value for s in Report.Status)


@dataclass(frozen=True)
class Profile:
    """One demo office: its size against a mid-size province (1.0), the years it reports,
    the status of the years not approved, and how it writes its figures."""

    slug: str
    scale: float
    years: range = range(2021, 2026)
    # year -> (status, reason the chief gave when returning it); the other years are approved.
    statuses: dict = field(default_factory=dict)
    # Offices merged into this one on 01/07/2025: their work is part of its 2025 report.
    absorbs: tuple = ()
    # The unit whose dossiers the office counts (None: the province's service centre).
    dossiers_unit: str | None = None
    # Families of figures published rounded, with their word (see FAMILIES).
    rounded: dict = field(default_factory=dict)
    # Groups of figures the office does not publish (see GROUPS).
    omits: tuple = ()
    # Rates the office states beside its counts, as the press prints them.
    states: tuple = ()


PROFILES = [
    Profile(
        "ha-noi",
        3.2,
        rounded={"documents_in": "hon", "reception": "khoang"},
        states=("rate.dossiers_on_time",),
    ),
    Profile("nghe-an", 1.6, rounded={"reception": "khoang"}, omits=("petition_kinds",)),
    Profile(
        "quang-ninh",
        1.2,
        statuses={
            2025: (
                RETURNED,
                "Bổ sung số văn bản đi điện tử, ký số và số cuộc họp trực tuyến trước khi gửi lại.",
            )
        },
        states=("rate.program_completion",),
    ),
    Profile("da-nang", 1.1, statuses={2025: (DRAFT, "")}, absorbs=("quang-nam",)),
    Profile(
        "quang-nam",
        1.1,
        years=range(2021, 2025),
        rounded={"meetings": "gan"},
        omits=("dossier_stock",),
    ),
    Profile(
        "lao-cai",
        0.8,
        statuses={2025: (SUBMITTED, "")},
        absorbs=("yen-bai",),
        omits=("gov_tasks",),
    ),
    Profile("yen-bai", 0.6, years=range(2021, 2025), omits=("reception_detail",)),
    Profile(
        "khanh-hoa",
        1.0,
        years=range(2021, 2025),
        statuses={
            2024: (
                RETURNED,
                "Tổng hồ sơ trả trước hạn, đúng hạn và quá hạn chưa bằng số hồ sơ đã giải "
                "quyết; đề nghị rà soát lại với Bộ phận tiếp nhận và trả kết quả.",
            )
        },
        dossiers_unit="Bộ phận tiếp nhận và trả kết quả",
        rounded={"documents_in": "hon", "documents_out": "hon"},
        omits=("reception_detail", "dossier_stock"),
    ),
    Profile(
        "thua-thien-hue",
        1.0,
        years=range(2023, 2026),
        statuses={2025: (SUBMITTED, "")},
        states=("rate.program_completion", "rate.legal_completion", "rate.dossiers_resolved"),
    ),
    Profile("ha-tinh", 0.9, rounded={"dossiers": "hon"}, omits=("petition_kinds",)),
]

# Figures published rounded together: the same word and the same rounding keep a part below
# its whole ("hơn 20.300 văn bản đi, trong đó hơn 19.000 ký số").
FAMILIES = {
    "documents_in": ("documents.incoming", "documents.incoming_processed"),
    "documents_out": ("documents.outgoing", "documents.outgoing_electronic"),
    "meetings": ("advisory.meetings", "advisory.meetings_online"),
    "reception": ("reception.turns", "reception.people"),
    "dossiers": ("dossiers.received", "dossiers.received_online"),
}

# Figures some offices do not publish at all (never the required ones).
GROUPS = {
    "reception_detail": (
        "reception.turns",
        "reception.people",
        "reception.cases",
        "reception.crowd_delegations",
    ),
    "petition_kinds": (
        "petitions.complaints",
        "petitions.denunciations",
        "petitions.proposals",
        "petitions.within_competence",
        "petitions.cases_resolved",
    ),
    "dossier_stock": (
        "dossiers.carried_over",
        "dossiers.pending",
        "dossiers.pending_overdue",
        "dossiers.returned_withdrawn",
    ),
    "gov_tasks": ("advisory.gov_tasks", "advisory.gov_tasks_done"),
}

# A draft in progress has whole sections still to enter (required figures among them).
NOT_YET_ENTERED = ("petitions.", "dossiers.")

# The size of each series for a mid-size province (about Khánh Hòa's or Huế's), and how
# strongly it grows with the province: the work programme does not double with the
# population.
LEVELS = {
    "documents.incoming": (50_000, 1.0),
    "documents.outgoing": (19_000, 1.0),
    "advisory.program_planned": (190, 0.5),
    "advisory.key_tasks": (110, 0.5),
    "advisory.council_submissions": (120, 0.5),
    "advisory.legal_planned": (36, 0.5),
    "advisory.gov_tasks": (280, 0.6),
    "advisory.meetings": (560, 0.6),
    "reception.periodic_sessions": (24, 0.0),
    "reception.adhoc_sessions": (5, 0.3),
    "reception.turns": (900, 1.0),
    "reception.crowd_delegations": (14, 1.0),
    "petitions.received": (740, 1.0),
    "dossiers.received": (80_000, 1.0),
}

# Shares of a whole: (low, high) where each office starts, walking a little each year.
# Some move one way over the years (more online, more digitally signed).
SHARES = {
    "processed": (0.96, 0.995),
    "electronic": (0.78, 0.86),
    "passed": (0.74, 0.95),
    "monitored": (0.97, 1.0),
    "legal_issued": (0.58, 0.95),
    "gov_done": (0.82, 0.96),
    "meetings_online": (0.25, 0.35),
    "people_per_turn": (1.25, 1.7),
    "cases_per_turn": (0.55, 0.8),
    "ineligible": (0.03, 0.1),
    "complaints": (0.18, 0.28),
    "denunciations": (0.08, 0.14),
    "competence": (0.12, 0.22),
    "cases_resolved": (0.7, 0.92),
    "online": (0.3, 0.45),
    "pending": (0.008, 0.02),
    "withdrawn": (0.002, 0.005),
    "overdue": (0.02, 0.08),
    "late": (0.002, 0.01),
    "early": (0.4, 0.6),
}
TRENDS = {"electronic": 0.035, "meetings_online": 0.05, "online": 0.09}
CEILINGS = {"electronic": 0.99, "meetings_online": 0.75, "online": 0.92, "monitored": 1.0}

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE_NAMES = ["Văn", "Minh", "Hữu", "Đức", "Thanh", "Quang", "Ngọc", "Thị"]
GIVEN_NAMES = [
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lâm", "Long", "Nam", "Phong",
    "Sơn", "Tâm", "Thành", "Trung", "Tuấn", "Việt", "Hà", "Lan", "Hương", "Mai",
]  # fmt: skip
DIRECTIVES = [
    "nâng cao chất lượng tham mưu, tổng hợp; bám sát chương trình công tác năm",
    "đẩy mạnh chuyển đổi số, xử lý văn bản và hồ sơ công việc trên môi trường điện tử",
    "tiếp tục cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp",
    "làm tốt công tác tiếp công dân, giải quyết đơn thư ngay từ cơ sở",
    "xây dựng đội ngũ cán bộ văn phòng chuyên nghiệp, tận tụy, đoàn kết",
]
EXPLAINED_MERGER = (
    "Từ 01/07/2025, {parts} hợp nhất vào {unit}: số liệu năm 2025 gồm cả các đơn vị cũ."
)
EXPLAINED_SMALL = "Số lượng nhỏ nên chênh lệch giữa hai năm lớn; đã đối chiếu sổ theo dõi."
EXPLAINED_OTHER = "Đã đối chiếu với sổ theo dõi của đơn vị; số liệu đúng."
# Planted in two reports for the chief to read: a warning with its explanation
# ((office, year, the figure warned) -> explanation; `_plant` makes the figures).
EXPLAINED_PLANTED = {
    ("thua-thien-hue", 2025, "advisory.council_submissions"): (
        "Năm 2025 trình HĐND nhiều đề án, nghị quyết về sắp xếp đơn vị hành chính."
    ),
    ("khanh-hoa", 2024, "dossiers.resolved"): (
        "Có hồ sơ liên thông chưa phân loại trước hạn, đúng hạn hay quá hạn."
    ),
}
# A seed office's shares continue from its published figures: (share, part, whole).
SEED_SHARES = [
    ("processed", "documents.incoming_processed", "documents.incoming"),
    ("passed", "advisory.program_passed", "advisory.program_planned"),
    ("legal_issued", "advisory.legal_issued", "advisory.legal_planned"),
    ("ineligible", "petitions.ineligible", "petitions.received"),
]


@dataclass
class Demo:
    """What `generate` makes: the interchange document, and for each report the workflow
    steps to take after the import, (action, reason) in order."""

    document: dict
    steps: dict  # (slug, year) -> [(action, reason)]

    def keys(self):
        return [(r["office"], r["year"]) for r in self.document["reports"]]


# ---------------------------------------------------------------------------
# Generating


@dataclass(frozen=True)
class _Catalog:
    """What the generator reads of the catalogue."""

    checks: list  # FigureCheck rows
    names: dict  # indicator code -> name, for the checks' messages
    required: frozenset  # Indicator.required
    rates: dict  # rate code -> RateDefinition

    @classmethod
    def of(cls, catalog):
        indicators = catalog.indicators
        return cls(
            list(catalog.checks),
            {code: i.name for code, i in indicators.items()},
            frozenset(code for code, i in indicators.items() if i.required),
            dict(catalog.rates),
        )

    def findings(self, entries, previous=None):
        values = {c: e["value"] for c, e in entries.items()}
        approximate = [c for c, e in entries.items() if not rates.is_exact(e["qualifier"])]
        return checks.evaluate(self.checks, values, self.names, previous, approximate)


def generate(catalog, offices, seed_document=None) -> Demo:
    """The demo reports. `catalog`: the catalogue (`catalog.load()`); `offices`: slug ->
    Office with its unit, for the names as they were each year; `seed_document`: the seed
    reports the two seed offices continue from (default: fixtures/seed_reports.json)."""
    if seed_document is None:
        seed_document = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    known = _Catalog.of(catalog)
    rng = random.Random(SEED)
    series = {p.slug: _Series(p, rng, seed_document["reports"]) for p in PROFILES}
    reports, steps = [], {}
    for year in range(2021, 2026):
        for profile in PROFILES:
            if year not in profile.years:
                continue
            state = series[profile.slug]
            if year == MERGER.year:
                for part in profile.absorbs:
                    state.absorb(series[part])
            status, reason = profile.statuses.get(year, (APPROVED, ""))
            figures = state.figures(year)
            planted = _plant(profile.slug, year, figures)
            entries = _entries(profile, figures, status, rng, known, planted)
            if status != DRAFT:  # a draft's warnings wait for their explanation
                _explain(profile, year, entries, state.previous, known, offices)
            state.previous = {c: e["value"] for c, e in entries.items()}
            office = offices[profile.slug]
            reports.append(_report(profile, office, year, status, entries, state, rng))
            steps[(profile.slug, year)] = STEPS[status](reason)
    return Demo({"format": FORMAT, "reports": reports}, steps)


class _Series:
    """One office's levels and shares, walked from year to year."""

    def __init__(self, profile, rng, seed_reports):
        self.rng = rng
        self.levels = {
            code: base * profile.scale**power * rng.uniform(0.85, 1.15)
            for code, (base, power) in LEVELS.items()
        }
        self.shares = {name: rng.uniform(low, high) for name, (low, high) in SHARES.items()}
        self.pending = None  # last year's pending dossiers: this year's carried over
        self.previous = {}  # last year's published counts, for the year-on-year checks
        # The first year starts from the levels above; a seed office's from its published
        # figures, one year on.
        self.start = profile.years.start
        seeds = [r for r in seed_reports if r["office"] == profile.slug]
        if seeds:
            seed = max(seeds, key=lambda r: r["year"])
            published = {c: f["value"] for c, f in seed["figures"].items() if f.get("value")}
            self.previous = dict(published)
            self.levels |= {c: v for c, v in published.items() if c in self.levels}
            for name, part, whole in SEED_SHARES:
                if part in published and whole in published:
                    self.shares[name] = published[part] / published[whole]
            self.start = None
        # The Chairman and a Vice-chairman at the office's conferences, year after year.
        self.people = [self._person(), self._person()]

    def _person(self):
        rng = self.rng
        middle = rng.choice(MIDDLE_NAMES)
        honorific = "ba" if middle == "Thị" else "ong"
        return honorific, f"{rng.choice(FAMILY_NAMES)} {middle} {rng.choice(GIVEN_NAMES)}"

    def absorb(self, other):
        """The merger of 01/07/2025: the other office's work continues in this one (the
        periodic reception sessions stay those of one Chairman's office)."""
        for code, level in other.levels.items():
            if code != "reception.periodic_sessions":
                self.levels[code] += level
        self.pending = (self.pending or 0) + (other.pending or 0)

    def _walk(self, year):
        if year == self.start:
            return
        rng = self.rng
        for code in self.levels:
            self.levels[code] *= rng.uniform(0.95, 1.09)
        for name, value in self.shares.items():
            value = value * rng.uniform(0.97, 1.03) + TRENDS.get(name, 0)
            self.shares[name] = min(value, CEILINGS.get(name, 0.995))

    def figures(self, year) -> dict:
        """Every indicator's exact count for `year`."""
        self._walk(year)
        level = {code: max(1, round(value)) for code, value in self.levels.items()}
        s = self.shares
        f = {}
        f["documents.incoming"] = level["documents.incoming"]
        f["documents.incoming_processed"] = round(f["documents.incoming"] * s["processed"])
        f["documents.outgoing"] = level["documents.outgoing"]
        f["documents.outgoing_electronic"] = round(f["documents.outgoing"] * s["electronic"])
        f["advisory.program_planned"] = level["advisory.program_planned"]
        f["advisory.program_passed"] = round(f["advisory.program_planned"] * s["passed"])
        f["advisory.key_tasks"] = level["advisory.key_tasks"]
        f["advisory.key_tasks_monitored"] = round(f["advisory.key_tasks"] * s["monitored"])
        f["advisory.council_submissions"] = level["advisory.council_submissions"]
        f["advisory.legal_planned"] = level["advisory.legal_planned"]
        f["advisory.legal_issued"] = round(f["advisory.legal_planned"] * s["legal_issued"])
        f["advisory.gov_tasks"] = level["advisory.gov_tasks"]
        f["advisory.gov_tasks_done"] = round(f["advisory.gov_tasks"] * s["gov_done"])
        f["advisory.meetings"] = level["advisory.meetings"]
        f["advisory.meetings_online"] = round(f["advisory.meetings"] * s["meetings_online"])
        f["reception.periodic_sessions"] = level["reception.periodic_sessions"]
        f["reception.adhoc_sessions"] = level["reception.adhoc_sessions"]
        f["reception.turns"] = level["reception.turns"]
        f["reception.people"] = round(f["reception.turns"] * s["people_per_turn"])
        f["reception.cases"] = round(f["reception.turns"] * s["cases_per_turn"])
        f["reception.crowd_delegations"] = level["reception.crowd_delegations"]
        received = f["petitions.received"] = level["petitions.received"]
        ineligible = f["petitions.ineligible"] = round(received * s["ineligible"])
        eligible = f["petitions.eligible"] = received - ineligible
        f["petitions.complaints"] = round(eligible * s["complaints"])
        f["petitions.denunciations"] = round(eligible * s["denunciations"])
        f["petitions.proposals"] = (
            eligible - f["petitions.complaints"] - f["petitions.denunciations"]
        )
        within = f["petitions.within_competence"] = round(eligible * s["competence"])
        f["petitions.cases_resolved"] = round(within * s["cases_resolved"])
        received = f["dossiers.received"] = level["dossiers.received"]
        f["dossiers.received_online"] = round(received * s["online"])
        carried = self.pending if self.pending is not None else round(received * s["pending"])
        f["dossiers.carried_over"] = carried
        available = received + carried
        pending = f["dossiers.pending"] = round(available * s["pending"])
        withdrawn = f["dossiers.returned_withdrawn"] = round(available * s["withdrawn"])
        resolved = f["dossiers.resolved"] = available - pending - withdrawn
        f["dossiers.pending_overdue"] = round(pending * s["overdue"])
        late = f["dossiers.resolved_late"] = round(resolved * s["late"])
        early = f["dossiers.resolved_early"] = round(resolved * s["early"])
        f["dossiers.resolved_on_time"] = resolved - early - late
        self.pending = pending
        return f


def _plant(slug, year, figures) -> tuple:
    """The figures behind EXPLAINED_PLANTED; returns the codes the warning needs."""
    if (slug, year) == ("thua-thien-hue", 2025):  # the reorganisation's resolutions
        code = "advisory.council_submissions"
        figures[code] = round(figures[code] * 1.7)
        return (code,)
    if (slug, year) == ("khanh-hoa", 2024):  # three dossiers not classified
        figures["dossiers.resolved_on_time"] -= 3
        return (
            "dossiers.resolved",
            "dossiers.resolved_early",
            "dossiers.resolved_on_time",
            "dossiers.resolved_late",
        )
    return ()


def _entries(profile, figures, status, rng, known, planted=()) -> dict:
    """code -> the interchange figure: left out, rounded or stated as the office does."""
    omitted = {code for group in profile.omits for code in GROUPS[group]}
    if status == DRAFT:
        omitted |= {code for code in figures if code.startswith(NOT_YET_ENTERED)}
    omitted |= set(ASKED_FOR.get((profile.slug, status), ()))
    entries = {}
    for code, value in figures.items():
        # Now and then an optional figure is simply not in the year's report.
        kept = code in known.required or code in planted
        if code in omitted or (not kept and rng.random() < 0.05):
            continue
        entries[code] = {"value": value, "qualifier": rates.EXACT}
    exact = len(known.findings(entries))
    for family, word in profile.rounded.items():
        before = {code: entries[code] for code in FAMILIES[family] if code in entries}
        entries |= {code: _rounded(e["value"], word) for code, e in before.items()}
        # Rounded, a part could pass its whole: then the office writes the exact counts.
        if len(known.findings(entries)) > exact:
            entries |= before
    for code in profile.states:
        _state(known.rates[code], entries, figures)
    return entries


# What a chief returned a report for is missing from it (the return's reason says so).
ASKED_FOR = {
    ("quang-ninh", RETURNED): ("documents.outgoing_electronic", "advisory.meetings_online"),
}


def _rounded(value, word) -> dict:
    """ "hơn 52.900" (floor), "gần 53.000" (ceiling), "khoảng 52.900" (nearest): to the
    hundred from 1.000 up, to ten below. Kept exact when the rounding changes nothing."""
    unit = 100 if value >= 1000 else 10
    rounded = {
        "hon": value // unit * unit,
        "gan": math.ceil(value / unit) * unit,
        "khoang": (value + unit // 2) // unit * unit,
    }[word]
    if rounded == value or rounded == 0:
        return {"value": value, "qualifier": rates.EXACT}
    return {"value": rounded, "qualifier": word}


def _state(definition, entries, figures):
    """The office prints the rate beside its count, as its own exact counts give it."""
    beside = definition.stated_on.code
    if beside not in entries:
        return
    numerator = sum(rates.value_of(c, figures) for c in definition.numerator)
    denominator = sum(rates.value_of(c, figures) for c in definition.denominator)
    value = rates.percent(numerator, denominator, definition.decimals)
    if value is not None:
        entries[beside]["stated_percent"] = format(value, "f")


def _explain(profile, year, entries, previous, known, offices):
    """Each warning gets the explanation staff would write: the merger, a small count, or
    the planted ones."""
    # (An error is refused by the import, with its message.)
    for finding in checks.warnings(known.findings(entries, previous)):
        code = finding.field
        value, before = entries[code]["value"], previous.get(code) or 0
        if (profile.slug, year, code) in EXPLAINED_PLANTED:
            text = EXPLAINED_PLANTED[(profile.slug, year, code)]
        elif year == MERGER.year and profile.absorbs:
            parts = ", ".join(offices[p].unit.label(year - 1) for p in profile.absorbs)
            unit = offices[profile.slug].unit.label(year)
            text = EXPLAINED_MERGER.format(parts=parts, unit=unit)
        elif min(value, before) < 50:
            text = EXPLAINED_SMALL
        else:
            text = EXPLAINED_OTHER
        entries[code]["explanation"] = text


def _report(profile, office, year, status, entries, series, rng) -> dict:
    kind = _kind(office, year)
    held = status != DRAFT  # a draft's conference is not held yet
    day = (
        date(year, 12, rng.randint(18, 30))
        if rng.random() < 0.6
        else date(year + 1, 1, rng.randint(5, 20))
    )
    (h1, chairman), (h2, vice) = series.people
    attendees = [{"honorific": h1, "name": chairman, "title": f"Chủ tịch UBND {kind}"}]
    if rng.random() < 0.7:
        attendees.append({"honorific": h2, "name": vice, "title": f"Phó Chủ tịch UBND {kind}"})
    speaker = rng.choice(attendees)
    directives = [
        {
            "speaker": speaker["name"],
            "speaker_title": speaker["title"],
            "content": "; ".join(rng.sample(DIRECTIVES, 2)),
        }
    ]
    awards = [
        {
            "recipient_kind": "tap_the",
            "title": "Tập thể lao động xuất sắc",
            "issuer": f"Chủ tịch UBND {kind}",
            "count": rng.randint(2, 6),
        },
        {
            "recipient_kind": "ca_nhan",
            "title": "Chiến sĩ thi đua cơ sở",
            "issuer": f"Chủ tịch UBND {kind}",
            "count": rng.randint(6, 24),
        },
    ]
    unit = profile.dossiers_unit or f"Trung tâm Phục vụ hành chính công {kind}"
    return {
        "office": profile.slug,
        "year": year,
        "status": DRAFT,  # the steps after the import bring it to its status
        "demo": True,
        "section_units": {"dossiers": unit},
        "figures": entries,
        "conference": {
            "date": day.isoformat() if held else None,
            "part_of_day": rng.choice(["sang", "chieu"]) if held else "",
            "title": f"hội nghị cán bộ, công chức, viên chức năm {year}",
            "place": f"Hội trường UBND {kind}",
        },
        "attendees": attendees if held else [],
        "directives": directives if held else [],
        "awards": awards if status == APPROVED else [],
    }


def _kind(office, year) -> str:
    """ "tỉnh" or "thành phố", as the unit was in `year` ("Chủ tịch UBND thành phố")."""
    return office.unit.label(year).removesuffix(" " + office.unit.name_in(year)[0])


# The workflow steps that bring a report from draft to its status (reason: a return's).
STEPS = {
    DRAFT: lambda reason: [],
    SUBMITTED: lambda reason: [("submit", "")],
    RETURNED: lambda reason: [("submit", ""), ("return", reason)],
    APPROVED: lambda reason: [("submit", ""), ("approve", "")],
}


# ---------------------------------------------------------------------------
# Writing and removing


@contextmanager
def _quiet_workflow_log():
    # The demo's steps are not events an operator needs in the log.
    log = logging.getLogger("officereports.workflow")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)


def load(catalog, offices) -> list[Report]:
    """Write the demo reports that are not there yet (an office's year that already has a
    report, demo or not, is left as it is) and take their workflow steps, in one
    transaction."""
    demo = generate(catalog, offices)
    existing = set(Report.objects.values_list("office__slug", "year"))
    document = dict(demo.document)
    document["reports"] = [
        r for r in demo.document["reports"] if (r["office"], r["year"]) not in existing
    ]
    with transaction.atomic(), _quiet_workflow_log():
        reports = import_reports(document)
        for report in reports:
            for action, reason in demo.steps[(report.office.slug, report.year)]:
                workflow.transition(report, action, None, reason)
    return reports


def remove() -> dict:
    """Delete every demo report with its figures, totals, audit entries and conference rows
    (they go with their report); the other reports stay as they are. Returns what was
    deleted, counted by kind."""
    demo = Report.objects.filter(is_demo=True)
    with transaction.atomic():
        counts = {
            "reports": demo.count(),
            "figures": Figure.objects.filter(report__in=demo).count(),
            "totals": ReportTotal.objects.filter(report__in=demo).count(),
            "audit": AuditEntry.objects.filter(report__in=demo).count(),
        }
        demo.delete()
    return counts
