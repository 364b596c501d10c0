"""The summary written as a press article, from computed values (never stored prose).

`Facts` is what one report says, read once from the database (`Facts.from_report`);
`build(facts)` turns it into an `Article`: headline, paragraphs, byline, source. Nothing here
queries the database, so tests build `Facts` by hand, with any subset of the data.

How the article is written, for any subset of figures (DOMAIN.md §7a):
- the headline and the lead state the key result (the work programme, dossiers on time,
  documents…); with a conference, the lead names the event and the first figures name the
  period; without one, the lead is the key result itself, and its figures are not repeated;
- each section writes groups of clauses, one sentence per group, grouped by what they
  measure: the first under the section's subject ("Văn phòng", the unit that produced the
  figures, or every administrative body of the province for a province-wide section), the
  next ones "… cũng đã …", and sentences with their own subject ("Tỷ lệ … đạt …");
- a paragraph's opener announces only the sections it contains;
- a stated change or a stated percentage follows its count as the office stated it; a
  figure an administrator added is written from its verb and noun (Indicator.verb/noun);
- wording of numbers, rates, changes and lists comes from `vietnamese.py` only.

The article is a Vietnamese document, like the press article it imitates: its sentences are not
translated (the page around it is).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation

from officereports.reports import periods, vietnamese
from officereports.reports.catalog import PLAN_RATES, RATES
from officereports.reports.rates import RateResult

# Short names of the areas, for the lead of a year whose figures are all province-wide.
AREAS = {
    "documents": "xử lý văn bản",
    "advisory": "tham mưu tổng hợp",
    "reception": "tiếp công dân",
    "petitions": "xử lý đơn thư",
    "dossiers": "giải quyết thủ tục hành chính",
}

# The indicators beside which the built-in rates take a stated percentage: there the rate
# prints it; on any other indicator the figure's own sentence does (`_Writer.tail`).
STATED_ON = frozenset(rate[-1] for rate in RATES)

# Counts that get their year-on-year change in the text: the totals a reader compares, not
# every part (the table below the article carries the change of every figure).
YEAR_ON_YEAR = {
    "documents.incoming",
    "documents.outgoing",
    "advisory.council_submissions",
    "advisory.meetings",
    "reception.periodic_sessions",
    "reception.turns",
    "petitions.received",
    "dossiers.received",
}

OFFICE = "Văn phòng"

# Forms of commendation that are given ("được tặng Bằng khen"); anything else is a title.
AWARDS_GIVEN = (
    "bằng khen",
    "giấy khen",
    "cờ thi đua",
    "huân chương",
    "huy chương",
    "kỷ niệm chương",
)


def clean(text: str | None) -> str:
    """User-typed text with runs of whitespace collapsed and no trailing punctuation."""
    return " ".join((text or "").split()).rstrip(" .,;:…")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    # "Văn bản mật" -> "văn bản mật" inside a sentence; "HĐND …" keeps its capitals.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def stated(value: Decimal) -> Decimal:
    """A stated percentage with the digits its author wrote: the database keeps 98,2 as 98.20."""
    return value.normalize()


def shown_percent(result: RateResult) -> str:
    """ "77,18%": the computed rate at its catalogued decimals, else the stated one as written."""
    if result.computed is not None:
        return vietnamese.percent(result.computed)
    return vietnamese.percent(stated(result.stated))


@dataclass(frozen=True)
class Disagreement:
    """A stated percentage the counts do not reproduce (shown to the office's staff only)."""

    code: str
    name: str
    computed: Decimal
    stated: Decimal
    numerator: int
    denominator: int


@dataclass
class Facts:
    """Everything the article says about one report, read from the database beforehand.

    `figures` and `previous` map indicator codes to objects with `value`, `qualifier`,
    `round_in_text` and `is_exact` (Figure rows); `rates` maps rate codes to RateResult.
    """

    year: int
    office_name: str  # "Văn phòng UBND tỉnh Thừa Thiên Huế", as named in the report year
    kind: str  # "tỉnh" or "thành phố", for "UBND tỉnh" / "HĐND thành phố"
    figures: Mapping = field(default_factory=dict)
    rates: Mapping[str, RateResult] = field(default_factory=dict)
    previous: Mapping = field(default_factory=dict)
    previous_year: int | None = None
    units: Mapping[str, str] = field(default_factory=dict)
    conference: object = None  # Conference row or None
    attendees: list = field(default_factory=list)
    directives: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    headline: str = ""
    byline: str = ""
    source: str = ""
    # code -> (name, unit, verb, noun) of the catalogue, for figures without a sentence
    indicators: Mapping[str, tuple] = field(default_factory=dict)
    rate_names: Mapping[str, str] = field(default_factory=dict)
    # code -> Figure marked "không phát sinh": no sentence, "không phát sinh" in the table.
    not_applicable: Mapping = field(default_factory=dict)
    # The year or a part of it (periods.py), with its dates; a part's article names them.
    period: str = periods.YEAR
    period_start: object = None
    period_end: object = None
    # Sections counting every administrative body of the province (SectionUnit.province_wide).
    province_wide: frozenset = frozenset()
    # Indicators whose stated percentage a rate prints (RateDefinition.stated_on).
    stated_on: frozenset = STATED_ON
    # The Decision 766 index: an object with index_score, index_band, index_rank,
    # index_rank_of, index_as_of (the Report), or None.
    index: object = None

    @classmethod
    def from_report(cls, report, catalog, previous=None):
        """Read a report whose figures, section units, conference rows and unit names were
        prefetched (see views.summary); `previous` is last year's report or None."""
        # The article is Vietnamese whatever the reader's language: names come from the
        # Vietnamese labels of the models.
        with translation.override("vi"):
            _, kind = report.office.unit.name_in(report.year)
            kind_label = str(report.office.unit.Kind(kind).label)
            office_name = report.office_name()
        return cls(
            year=report.year,
            office_name=office_name,
            kind=kind_label,
            figures=report.figure_map(),
            rates=report.rate_results(catalog),
            previous=previous.figure_map() if previous else {},
            previous_year=previous.year if previous else None,
            units={s.section: s.unit_name for s in report.section_units.all()},
            province_wide=frozenset(
                s.section for s in report.section_units.all() if s.province_wide
            ),
            stated_on=frozenset(r.stated_on.code for r in catalog.rates.values()),
            index=report,
            conference=getattr(report, "conference", None),
            attendees=list(report.attendees.all()),
            directives=list(report.directives.all()),
            awards=list(report.awards.all()),
            headline=report.headline,
            byline=report.byline,
            source=report.source,
            indicators={
                code: (i.name, i.unit, i.verb, i.noun) for code, i in catalog.indicators.items()
            },
            rate_names={code: r.name for code, r in catalog.rates.items()},
            not_applicable=report.not_applicable(),
            period=report.period,
            period_start=report.period_start,
            period_end=report.period_end,
        )

    @property
    def has_conference(self) -> bool:
        c = self.conference
        details = c is not None and (c.date or clean(c.title) or clean(c.place))
        return bool(details or self.attendees or self.directives)

    @property
    def province(self) -> str:
        """Who a province-wide section's figures belong to."""
        return f"các cơ quan hành chính nhà nước các cấp trên địa bàn {self.kind}"

    @property
    def province_subject(self) -> str:
        """A province-wide section's subject, signposted: "trên địa bàn tỉnh, các cơ quan …"."""
        return f"trên địa bàn {self.kind}, các cơ quan hành chính nhà nước các cấp"

    def again(self, section) -> str:
        """The subject of a section said a second time: "toàn tỉnh", "Trung tâm", "Ban"."""
        if section in self.province_wide:
            return f"toàn {self.kind}"
        unit = clean(self.units.get(section))
        if unit.startswith(("Trung tâm", "Bộ phận")):
            return " ".join(unit.split()[:2])
        return unit.split()[0] if len(unit.split()) > 3 else ""

    def subject(self, section) -> str:
        """Who did the work a section counts: every body of the province, the unit that
        produced the figures, or the office."""
        if section in self.province_wide:
            return self.province_subject
        return clean(self.units.get(section)) or OFFICE

    @property
    def is_yearly(self) -> bool:
        return self.period == periods.YEAR

    @property
    def period_label(self) -> str:
        """ "năm 2024", "quý I năm 2024", "9 tháng đầu năm 2024", "tháng 9/2024"."""
        return periods.label(self.period, self.year)

    @property
    def review(self) -> str:
        """The year-end "tổng kết", a part's "sơ kết"."""
        return periods.review_word(self.period)

    @property
    def span(self) -> str:
        """ " (tính từ ngày 15/12/2023 đến ngày 14/9/2024)" after a part's name: a quarter or
        a month is read with its cut-offs; the year's are known and left unsaid."""
        if self.is_yearly or not (self.period_start and self.period_end):
            return ""
        start, end = self.period_start, self.period_end
        return (
            f" (tính từ ngày {vietnamese.press_date(start)} đến ngày {vietnamese.press_date(end)})"
        )


@dataclass
class Article:
    headline: str
    paragraphs: list[str]
    byline: str = ""
    source: str = ""
    disagreements: list[Disagreement] = field(default_factory=list)
    # section code -> the sentences about that section's figures, without the paragraph's
    # opener: for documents that set each section under its own heading (the Word report).
    sections: dict[str, list[str]] = field(default_factory=dict)

    @property
    def source_line(self) -> str:
        return f"Nguồn: {self.source}" if self.source else ""

    def text(self) -> str:
        """The article as plain text, for the "copy text" action."""
        parts = [self.headline, *self.paragraphs, self.byline, self.source_line]
        return "\n\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Sentence:
    subject: str
    predicate: str

    def text(self, opener: str = "") -> str:
        body = f"{self.subject} {self.predicate}" if self.subject else self.predicate
        return f"{opener}{body}." if opener else _capitalise(body) + "."


class _Writer:
    """Wording of one report's figures; every method returns "" or None for what is absent."""

    def __init__(self, facts: Facts):
        self.facts = facts
        self.ubnd = f"UBND {facts.kind}"
        self.hdnd = f"HĐND {facts.kind}"
        # Codes a sentence asked about; the others are written from their verb and noun.
        self.seen: set[str] = set()
        # section -> the clauses of the section's key result, for the lead (`_key`).
        self.key: dict[str, list[str]] = {}
        # "hồ sơ năm trước chuyển sang", "đến cuối năm"; "kỳ" in a part of the year.
        self.before = "năm trước" if facts.is_yearly else "kỳ trước"
        self.end = "cuối năm" if facts.is_yearly else "cuối kỳ báo cáo"

    def fig(self, code):
        self.seen.add(code)
        figure = self.facts.figures.get(code)
        return figure if figure is not None and figure.value is not None else None

    def num(self, code) -> str:
        """ "hơn 52.900": the figure as written, with its qualifier; "không có" for a
        reported zero (every caller puts a noun after it)."""
        f = self.fig(code)
        return vietnamese.count_in_text(f.value, f.qualifier, f.round_in_text)

    def none(self, code) -> bool:
        """The figure was reported as zero."""
        f = self.fig(code)
        return f is not None and vietnamese.is_none(f.value, f.qualifier)

    def change(self, code) -> str:
        """ "tăng 18,5% so với năm 2019" between exact counts of both years, for the totals a
        reader compares (YEAR_ON_YEAR) and for any figure whose change the office stated; the
        office's own wording ("tăng gần 15% so với năm trước") when last year is not here.
        A change from or to "hơn 52.900" would claim a precision it does not have."""
        current, before = self.fig(code), self.facts.previous.get(code)
        stated = getattr(current, "stated_change", None) if current else None
        if code not in YEAR_ON_YEAR and stated is None:
            return ""
        if current and before and before.value is not None:
            if not (current.is_exact and before.is_exact):
                return ""
            return (
                vietnamese.change(
                    current.value,
                    before.value,
                    self.facts.previous_year,
                    same_period=not self.facts.is_yearly,
                )
                or ""
            )
        if stated is None:
            return ""
        than = "so với cùng kỳ năm trước" if not self.facts.is_yearly else "so với năm trước"
        wording = vietnamese.stated_change(
            stated, current.stated_change_kind, current.stated_change_qualifier
        )
        return f"{wording} {than}"

    def share(self, code) -> str:
        """ ", chiếm 41,27% tổng số hồ sơ": a percentage the office stated on a figure that no
        rate prints, with the digits its author wrote and what it is of."""
        f = self.fig(code)
        value = getattr(f, "stated_percent", None) if f else None
        if value is None or code in self.facts.stated_on:
            return ""
        of = clean(getattr(f, "percent_of", ""))
        verb = "chiếm" if value <= 100 else "bằng"
        return f", {verb} {vietnamese.percent(stated(value))}" + (f" {of}" if of else "")

    def tail(self, code) -> str:
        """What follows a count's noun: its stated share, then its change."""
        if self.none(code):
            return ""
        change = self.change(code)
        return self.share(code) + (f" ({change})" if change else "")

    def count(self, code, noun) -> str:
        """ "hơn 20.300 văn bản đi (tăng …)"; "không có văn bản đi" for a zero."""
        return f"{self.num(code)} {noun}{self.tail(code)}"

    def did(self, verb, code, noun, extra="") -> str:
        """ "tiếp nhận 754 đơn thư" and `extra`; "không tiếp nhận đơn thư nào" for a zero."""
        if self.none(code):
            return vietnamese.none_done(verb, noun) + extra
        return f"{verb} {self.num(code)} {noun}{self.tail(code)}{extra}"

    def counted(self, parts, noun) -> str:
        """ "5 vụ việc mới và 3 cũ", "12 đơn khiếu nại, 8 tố cáo": (code, label) of the
        reported parts, each count before its label and the noun said after the first only;
        a part reported as zero is "không có {noun} {label}"."""
        items, said = [], False
        for code, label in parts:
            if not self.fig(code):
                continue
            if self.none(code):
                items.append(f"{vietnamese.NONE} {noun} {label}")
                continue
            items.append(
                f"{self.num(code)} {label if said else f'{noun} {label}'}{self.tail(code)}"
            )
            said = True
        return vietnamese.join(items)

    def rate(self, code) -> str | None:
        result = self.facts.rates.get(code)
        if result is None or result.shown is None:
            return None
        return shown_percent(result)

    def part_of(self, part, whole, noun) -> str:
        """ "159/206 nội dung" for two plain exact counts, as the articles write them;
        "hơn 150 trên tổng số 206 nội dung" otherwise."""
        p, w = self.fig(part), self.fig(whole)
        if p.value > w.value:
            # "49/45" reads as a slip: a result above its plan names the plan apart.
            return f"{self.num(part)} {noun} (kế hoạch {self.num(whole)})"
        if p.is_exact and w.is_exact and not (p.round_in_text or w.round_in_text):
            return f"{vietnamese.number(p.value)}/{vietnamese.number(w.value)} {noun}"
        return f"{self.num(part)} trên tổng số {self.num(whole)} {noun}"

    def above_plan(self, code, with_rate=False) -> str | None:
        """ "đạt 112% kế hoạch, vượt kế hoạch", "gấp 10 lần kế hoạch": a plan rate above
        100%; None otherwise."""
        result = self.facts.rates.get(code)
        if code not in PLAN_RATES or result is None or result.shown is None:
            return None
        if result.shown <= 100:
            return None
        if result.computed is not None:
            ratio = Decimal(result.numerator) / Decimal(result.denominator)
            rate = result.computed
        else:
            rate = stated(result.stated)
            ratio = rate / 100
        return vietnamese.above_plan(rate, ratio, with_rate=with_rate)

    def outcome(self, code) -> str | None:
        """ "đạt 77,18%" (after "tỷ lệ hoàn thành …"), or the wording of a result above its
        plan."""
        rate = self.rate(code)
        if rate is None:
            return None
        return self.above_plan(code, with_rate=True) or f"đạt {rate}"

    def against(self, code) -> str:
        # A plan rate is read against the plan: "đạt 77,18% kế hoạch"; in a part of the
        # year, against the year's plan.
        if code not in PLAN_RATES:
            return ""
        return " kế hoạch" if self.facts.is_yearly else " kế hoạch năm"

    def reached(self, code) -> str:
        """ ", đạt 77,18% kế hoạch" after a count."""
        rate = self.rate(code)
        if rate is None:
            return ""
        return f", {self.above_plan(code) or f'đạt {rate}{self.against(code)}'}"

    def taking(self, code) -> str:
        """ ", chiếm 96,55%" after a part of a whole."""
        rate = self.rate(code)
        return f", chiếm {rate}" if rate else ""


# A section is written as groups in reading order, one sentence each: a list of clauses is
# what the section's subject did ("tiếp nhận 754 đơn thư", under "Văn phòng đã …"), a
# Sentence has its own subject ("Tỷ lệ … đạt 100%"). `_sentences` gives the groups their
# subject: the first "X đã …", the next "X cũng đã …".


def _ratio(w, part, whole, rate_code, noun, done, planned, rate_only) -> list:
    """A part of a planned whole: "thông qua 159/206 …, đạt 77,18% kế hoạch"; the rate alone,
    when only a stated percentage is known, as its own sentence (`rate_only(rate, outcome)`,
    with the outcome "đạt 77,18% kế hoạch" or "đạt 112% kế hoạch, vượt kế hoạch")."""
    has_part, has_whole, rate = w.fig(part), w.fig(whole), w.rate(rate_code)
    if has_part and has_whole:
        items = [f"{done} {w.part_of(part, whole, noun)}{w.reached(rate_code)}{w.tail(part)}"]
        if w.tail(whole):
            # A change or share stated on the plan itself is said with the plan.
            items.append(f"{planned} {w.count(whole, noun)}")
        return items
    if has_part:
        return [w.did(done, part, noun, "" if w.none(part) else w.reached(rate_code))]
    items = [w.did(planned, whole, noun)] if has_whole else []
    return items + ([rate_only(rate, w.outcome(rate_code))] if rate else [])


def _documents(w: _Writer) -> list:
    clauses = []
    inc, done = w.fig("documents.incoming"), w.fig("documents.incoming_processed")
    processed_rate = w.rate("rate.documents_processed")
    same = (
        inc
        and done
        and w.num("documents.incoming") == w.num("documents.incoming_processed")
        and not w.tail("documents.incoming_processed")
    )
    total_alone = []
    if w.fig("documents.total") and not (inc or done or w.fig("documents.outgoing")):
        # Only the headline total was published ("xử lý trên 95.000 văn bản").
        clauses.append(w.did("xử lý", "documents.total", "văn bản đến và đi"))
    elif w.fig("documents.total"):
        total_alone.append(
            Sentence("tổng số văn bản đến và đi", f"là {w.count('documents.total', 'văn bản')}")
        )
    if same:
        # Khánh Hòa: "hơn 52.900" received and "hơn 52.900" processed is one phrase; two
        # equal exact counts too, with their rate ("đạt 100%"), never the count twice.
        clauses.append(
            w.did(
                "tiếp nhận và xử lý",
                "documents.incoming",
                "văn bản đến",
                ""
                if w.none("documents.incoming") or not processed_rate
                else f", tỷ lệ xử lý đạt {processed_rate}",
            )
        )
        w.seen.add("documents.incoming_processed")
    else:
        if inc:
            clauses.append(w.did("tiếp nhận", "documents.incoming", "văn bản đến"))
        if done:
            clauses.append(
                w.did(
                    "xử lý",
                    "documents.incoming_processed",
                    "văn bản" if inc else "văn bản đến",
                    ""
                    if w.none("documents.incoming_processed")
                    else w.reached("rate.documents_processed"),
                )
            )
    rates_alone = []
    if not done and processed_rate:
        rates_alone.append(Sentence("tỷ lệ văn bản đến được xử lý", f"đạt {processed_rate}"))
    out, electronic = w.fig("documents.outgoing"), w.fig("documents.outgoing_electronic")
    if out:
        clause = w.did(f"tham mưu {w.ubnd} ban hành", "documents.outgoing", "văn bản đi")
        clauses.append(clause)
        all_signed = electronic and w.num("documents.outgoing_electronic") == w.num(
            "documents.outgoing"
        )
        if electronic and w.none("documents.outgoing_electronic"):
            clauses[-1] += ", không có văn bản nào được ký số, phát hành điện tử"
        elif all_signed and not w.tail("documents.outgoing_electronic"):
            clauses[-1] += ", tất cả đều được ký số, phát hành điện tử"
        elif electronic:
            # A clause of its own: "văn bản" said at most twice in it.
            clauses.append(
                w.did("ký số, phát hành điện tử", "documents.outgoing_electronic", "văn bản")
            )
    elif electronic:
        clauses.append(
            w.did("ký số, phát hành điện tử", "documents.outgoing_electronic", "văn bản đi")
        )
    if clauses:
        w.key["documents"] = clauses[:1]
    return [clauses, *rates_alone, *total_alone]


def _advisory(w: _Writer) -> list:
    programme = _ratio(
        w,
        "advisory.program_passed",
        "advisory.program_planned",
        "rate.program_completion",
        "nội dung trong chương trình công tác"
        + ("" if w.facts.is_yearly else f" năm {w.facts.year}"),
        f"tham mưu {w.ubnd} thông qua",
        "theo dõi",
        lambda _rate, outcome: Sentence("tỷ lệ hoàn thành chương trình công tác", outcome),
    )
    if programme and isinstance(programme[0], str):
        w.key["advisory"] = programme[:1]
    programme += _ratio(
        w,
        "advisory.legal_issued",
        "advisory.legal_planned",
        "rate.legal_completion",
        "văn bản quy phạm pháp luật",
        f"tham mưu {w.ubnd} ban hành",
        "theo dõi việc xây dựng",
        lambda _rate, outcome: Sentence(
            "tỷ lệ hoàn thành xây dựng văn bản quy phạm pháp luật", outcome
        ),
    )
    if w.fig("advisory.council_submissions"):
        programme.append(
            w.did(
                f"giúp {w.ubnd} trình {w.hdnd}",
                "advisory.council_submissions",
                "đề án, báo cáo",
            )
        )
    # Huế 2022 states only the share of key tasks: a sentence whose subject is the share.
    key_tasks = f"nhiệm vụ trọng tâm trong chương trình công tác của {w.ubnd}"
    followed = _ratio(
        w,
        "advisory.key_tasks_monitored",
        "advisory.key_tasks",
        "rate.key_tasks_monitored",
        key_tasks,
        "đôn đốc, theo dõi",
        "đôn đốc, theo dõi",
        lambda rate, _outcome: Sentence(f"{rate} {key_tasks}", "được đôn đốc, theo dõi"),
    )
    groups = _split(programme) + _split(followed) + _government(w)
    if not w.key.get("advisory"):
        # Without the work programme, the section's first result is a key result only when
        # no other section has one (`_key`).
        first = next(
            (g for g in groups if isinstance(g, list) and g and not g[0].startswith("không")),
            None,
        )
        w.key["advisory:fallback"] = list(first) if first else []
    meetings = []
    if w.fig("advisory.meetings"):
        clause = w.did("phục vụ", "advisory.meetings", "cuộc họp, hội nghị")
        if w.fig("advisory.meetings_online") and w.none("advisory.meetings_online"):
            clause += ", không có cuộc họp trực tuyến"
        elif w.fig("advisory.meetings_online"):
            clause += (
                f", trong đó có {w.num('advisory.meetings_online')} cuộc họp trực tuyến"
                f"{w.tail('advisory.meetings_online')}"
            )
        meetings.append(clause)
    elif w.fig("advisory.meetings_online"):
        meetings.append(w.did("phục vụ", "advisory.meetings_online", "cuộc họp trực tuyến"))
    return groups + [meetings]


def _have(text: str) -> str:
    """ "có 7 đơn khiếu nại"; a list that opens with none is already "không có …"."""
    return text if text.startswith(vietnamese.NONE) else f"có {text}"


def _split(items) -> list:
    """Items of one measure as groups: the clauses together, then each own-subject
    sentence."""
    clauses = [i for i in items if isinstance(i, str)]
    return ([clauses] if clauses else []) + [i for i in items if isinstance(i, Sentence)]


def _government(w: _Writer) -> list:
    """Tasks the Government and the Prime Minister assigned to the provincial committee, on
    which the office advises: "tham mưu UBND tỉnh thực hiện 642 nhiệm vụ được Chính phủ, Thủ
    tướng Chính phủ giao, đã hoàn thành 515, đạt 80,2%, trong đó có 498 nhiệm vụ hoàn thành
    đúng hạn; có 37 nhiệm vụ quá hạn"."""
    given, done = w.fig("advisory.gov_tasks"), w.fig("advisory.gov_tasks_done")
    on_time, overdue = w.fig("advisory.gov_tasks_on_time"), w.fig("advisory.gov_tasks_overdue")
    rate = w.rate("rate.gov_tasks_done")
    assigned = "được Chính phủ, Thủ tướng Chính phủ giao"
    clauses, alone = [], []
    if given:
        clauses.append(
            w.did(f"tham mưu {w.ubnd} thực hiện", "advisory.gov_tasks", f"nhiệm vụ {assigned}")
        )
    if done:
        if given and not w.none("advisory.gov_tasks"):
            if w.none("advisory.gov_tasks_done"):
                clauses[-1] += ", chưa hoàn thành nhiệm vụ nào"
            else:
                # The committee completes them: said without a subject.
                clauses[-1] += (
                    f", {w.num('advisory.gov_tasks_done')} nhiệm vụ đã hoàn thành"
                    f"{w.tail('advisory.gov_tasks_done')}{w.reached('rate.gov_tasks_done')}"
                )
        else:
            clauses.append(
                w.did(
                    f"tham mưu {w.ubnd} hoàn thành",
                    "advisory.gov_tasks_done",
                    f"nhiệm vụ {assigned}",
                )
                + ("" if w.none("advisory.gov_tasks_done") else w.reached("rate.gov_tasks_done"))
            )
        if on_time:
            clauses[-1] += (
                ", không có nhiệm vụ nào hoàn thành đúng hạn"
                if w.none("advisory.gov_tasks_on_time")
                else f"; trong đó có {w.count('advisory.gov_tasks_on_time', 'nhiệm vụ hoàn thành đúng hạn')}"
            )
    elif on_time:
        clauses.append(
            w.did(
                f"tham mưu {w.ubnd} hoàn thành đúng hạn",
                "advisory.gov_tasks_on_time",
                f"nhiệm vụ {assigned}",
            )
        )
        if rate:
            alone.append(Sentence(f"tỷ lệ hoàn thành nhiệm vụ {assigned}", f"đạt {rate}"))
    elif rate:
        alone.append(Sentence(f"tỷ lệ hoàn thành nhiệm vụ {assigned}", f"đạt {rate}"))
    if overdue and clauses:
        # "…; còn 5 nhiệm vụ quá hạn": what is left of the tasks just counted.
        clauses.append(
            "không để nhiệm vụ nào quá hạn"
            if w.none("advisory.gov_tasks_overdue")
            else f"còn {w.count('advisory.gov_tasks_overdue', 'nhiệm vụ quá hạn')}"
        )
    elif overdue:
        alone.append(
            Sentence("", f"không có nhiệm vụ {assigned} nào quá hạn")
            if w.none("advisory.gov_tasks_overdue")
            else Sentence(
                "", f"có {w.count('advisory.gov_tasks_overdue', f'nhiệm vụ {assigned} quá hạn')}"
            )
        )
    return ([clauses] if clauses else []) + alone


def _reception(w: _Writer) -> list:
    province = "reception" in w.facts.province_wide
    sessions = []
    periodic, adhoc = w.fig("reception.periodic_sessions"), w.fig("reception.adhoc_sessions")
    leaders = f"Chủ tịch, các Phó Chủ tịch {w.ubnd}"
    # The office serves its leaders' sessions; every body of the province holds its own.
    serve = "tổ chức" if province else f"phục vụ {leaders} tiếp công dân"
    kinds = [
        (code, label)
        for code, label in (
            ("reception.periodic_sessions", "định kỳ"),
            ("reception.adhoc_sessions", "đột xuất"),
        )
        if w.fig(code)
    ]
    if kinds and not any(w.none(code) for code, _label in kinds):
        # "phục vụ Chủ tịch, các Phó Chủ tịch UBND tỉnh tiếp công dân định kỳ 12 buổi và
        # đột xuất 2 buổi".
        sessions.append(
            f"{serve} "
            + vietnamese.join(f"{label} {w.count(code, 'buổi')}" for code, label in kinds)
            if not province
            else f"{serve} "
            + vietnamese.join(
                f"{w.count(code, 'buổi')} tiếp công dân {label}" for code, label in kinds
            )
        )
    elif periodic or adhoc:
        noun = "buổi tiếp công dân"
        sessions.append(
            w.did("tổ chức", "reception.periodic_sessions", f"{noun} định kỳ") if periodic else ""
        )
        if adhoc:
            sessions.append(w.did("tổ chức", "reception.adhoc_sessions", f"{noun} đột xuất"))
    totals = _received(w, "reception.turns", "reception.people", "reception.cases", "tiếp")
    new_old = w.counted([("reception.cases_new", "mới"), ("reception.cases_old", "cũ")], "")
    if totals and new_old:
        totals += f" (gồm {new_old.replace('  ', ' ')})"
    elif new_old:
        totals = f"tiếp nhận {w.counted([('reception.cases_new', 'mới'), ('reception.cases_old', 'cũ')], 'vụ việc')}"
    crowds = w.fig("reception.crowd_delegations")
    crowd_people = w.fig("reception.delegation_people")
    crowd = ""
    if crowds and not w.none("reception.crowd_delegations"):
        crowd = w.count("reception.crowd_delegations", "đoàn đông người")
        if crowd_people and w.none("reception.delegation_people"):
            crowd += ", không có lượt người nào"
        elif crowd_people:
            crowd += f" với {w.count('reception.delegation_people', 'lượt người')}"
        crowd = f"tiếp {crowd}"
    elif crowds:
        crowd = "không có đoàn đông người"
    elif crowd_people:
        crowd = (
            f"tiếp {w.count('reception.delegation_people', 'lượt người trong các đoàn đông người')}"
        )
    groups = [[c for c in sessions if c]] if any(sessions) else []
    if totals or crowd:
        groups.append([c for c in (totals, crowd) if c])
    by_kind = [
        (
            label,
            _received(
                w,
                f"reception.{kind}.turns",
                f"reception.{kind}.people",
                f"reception.{kind}.cases",
                "",
            ),
        )
        for kind, label in (
            ("regular", "tiếp thường xuyên"),
            ("leaders", "lãnh đạo tiếp định kỳ, đột xuất"),
            ("online", "tiếp trực tuyến"),
        )
    ]
    by_kind = [f"{label} {text}" for label, text in by_kind if text]
    if by_kind:
        groups.append(Sentence("", ("về hình thức, " if totals else "") + "; ".join(by_kind)))
    if groups and isinstance(groups[0], list):
        w.key["reception"] = groups[0][:1]
    return groups


def _received(w: _Writer, turns_code, people_code, cases_code, verb) -> str:
    """ "tiếp 236 lượt công dân (318 lượt người), liên quan đến 164 vụ việc": the parts that
    exist, a zero said as none, each stated change right after its own count."""
    turns, people, cases = w.fig(turns_code), w.fig(people_code), w.fig(cases_code)
    if not (turns or people or cases):
        return ""
    noun = "lượt công dân" if verb else "lượt"
    text = ""
    if turns:
        text = f"không có {noun} nào" if w.none(turns_code) else w.count(turns_code, noun)
    if people and w.none(people_code):
        text += (", " if text else "") + "không có lượt người nào"
    elif people:
        many = w.count(people_code, "lượt người")
        if text and not w.none(turns_code) and not w.tail(turns_code):
            text = f"{text} ({many})"
        else:
            text = f"{text}, với {many}" if text else many
    if cases and w.none(cases_code):
        text += (", " if text else "") + "không có vụ việc nào"
    elif cases:
        text += (", liên quan đến " if text else "") + w.count(cases_code, "vụ việc")
    return f"{verb} {text}" if verb else text


def _petitions(w: _Writer) -> list:
    groups = []
    eligible_share = w.taking("rate.petitions_eligible")
    parts = []
    if w.fig("petitions.eligible"):
        parts.append(
            f"{w.count('petitions.eligible', 'đơn đủ điều kiện xử lý')}"
            + ("" if w.none("petitions.eligible") else eligible_share)
        )
    if w.fig("petitions.ineligible"):
        parts.append(w.count("petitions.ineligible", "đơn không đủ điều kiện"))
    received = []
    if w.fig("petitions.received"):
        clause = w.did("tiếp nhận", "petitions.received", "đơn thư")
        if parts and not w.none("petitions.received"):
            # "…, chiếm 96,55%; 26 đơn không đủ điều kiện": a share ends its part.
            clause += f", trong đó {_have('; '.join(parts))}"
        received.append(clause)
    elif parts:
        received.append(f"xác định {'; '.join(parts)}")
    if received:
        w.key["petitions"] = received[:1]
        groups.append(received)
    rate = w.rate("rate.petitions_eligible")
    if rate and not w.fig("petitions.eligible"):
        groups.append(Sentence("tỷ lệ đơn đủ điều kiện xử lý", f"là {rate}"))
    kinds = w.counted(
        [
            ("petitions.complaints", "khiếu nại"),
            ("petitions.denunciations", "tố cáo"),
            ("petitions.proposals", "kiến nghị, phản ánh"),
        ],
        "đơn",
    )
    if kinds:
        groups.append(Sentence("", f"về nội dung, {_have(kinds)}"))
    handled = [
        w.did(verb, code, noun)
        for code, verb, noun in (
            ("petitions.guided", "hướng dẫn", "đơn"),
            ("petitions.transferred", "chuyển", "đơn đến cơ quan có thẩm quyền"),
            ("petitions.urged", "đôn đốc giải quyết", "đơn"),
            ("petitions.within_competence", "thụ lý", "đơn thuộc thẩm quyền"),
        )
        if w.fig(code)
    ]
    if handled:
        # Two to a clause: "đơn" said at most twice in one.
        pairs = [", ".join(handled[i : i + 2]) for i in range(0, len(handled), 2)]
        groups.append(Sentence("", "qua phân loại, đã " + "; ".join(pairs)))
    groups += _cases(w)
    return groups


def _cases(w: _Writer) -> list:
    """Cases within the body's competence, resolved, and what the resolution found."""
    new, old = w.fig("petitions.cases_new"), w.fig("petitions.cases_carried_over")
    resolved = w.fig("petitions.cases_resolved")
    groups = []
    within = ""
    exact = new and old and new.is_exact and old.is_exact
    new_old = w.counted(
        [
            ("petitions.cases_new", "mới"),
            ("petitions.cases_carried_over", f"{w.before} chuyển sang"),
        ],
        "vụ việc",
    )
    if exact:
        total = vietnamese.number(new.value + old.value)
        within = f"{total} vụ việc thuộc thẩm quyền (gồm {new_old.replace(' vụ việc', '', 1)})"
    elif new_old:
        within = f"{new_old} thuộc thẩm quyền"
    if resolved and exact and resolved.is_exact and not w.none("petitions.cases_resolved"):
        groups.append(
            # Cases are resolved by whoever has the competence, not by the office: said
            # without crediting anyone.
            Sentence(
                "số vụ việc thuộc thẩm quyền đã giải quyết",
                f"là {w.num('petitions.cases_resolved')}/"
                f"{within.replace(' vụ việc thuộc thẩm quyền', '', 1)}"
                f"{w.tail('petitions.cases_resolved')}{w.reached('rate.petitions_cases_resolved')}",
            )
        )
    else:
        if within:
            groups.append(Sentence("", f"có {within}"))
        if resolved:
            groups.append(
                [
                    w.did("giải quyết", "petitions.cases_resolved", "vụ việc")
                    + (
                        ""
                        if w.none("petitions.cases_resolved")
                        else w.reached("rate.petitions_cases_resolved")
                    )
                ]
            )
        elif w.rate("rate.petitions_cases_resolved"):
            groups.append(
                Sentence(
                    "tỷ lệ giải quyết vụ việc thuộc thẩm quyền",
                    f"đạt {w.rate('rate.petitions_cases_resolved')}",
                )
            )
    found = []
    for kind, noun in (("complaints", "khiếu nại"), ("denunciations", "tố cáo")):
        items = []
        for suffix, label in (
            ("correct", "đúng"),
            ("partly", "có đúng có sai"),
            ("wrong", "sai"),
            ("withdrawn", "rút đơn"),
        ):
            code = f"petitions.{kind}_{suffix}"
            if not w.fig(code):
                continue
            if w.none(code):
                items.append(f"không có vụ nào {label}")
            else:
                said = f"vụ {noun}" if not items else "vụ"
                items.append(f"{w.num(code)} {said} {label}{w.tail(code)}")
        if items:
            found.append(
                vietnamese.join(items)
                if not found
                else f"về tố cáo, {_have(vietnamese.join(items))}"
            )
    if found:
        groups.append(Sentence("", "qua giải quyết, " + _have("; ".join(found))))
    return groups


def _dossiers(w: _Writer) -> list:
    groups = []
    received = []
    online = w.fig("dossiers.received_online")
    if w.fig("dossiers.received"):
        clause = w.did("tiếp nhận", "dossiers.received", "hồ sơ thủ tục hành chính")
        if online and w.none("dossiers.received_online"):
            clause += ", không có hồ sơ trực tuyến"
        elif online and not w.none("dossiers.received"):
            clause += (
                f", trong đó có {w.num('dossiers.received_online')} hồ sơ trực tuyến"
                f"{w.tail('dossiers.received_online')}{w.taking('rate.dossiers_online')}"
            )
        received.append(clause)
    elif online:
        received.append(
            w.did(
                "tiếp nhận",
                "dossiers.received_online",
                "hồ sơ trực tuyến",
                "" if w.none("dossiers.received_online") else w.taking("rate.dossiers_online"),
            )
        )
    carried = []
    if w.fig("dossiers.carried_over"):
        carried.append(
            Sentence("", f"{vietnamese.NONE} hồ sơ {w.before} chuyển sang")
            if w.none("dossiers.carried_over")
            else Sentence(
                f"số hồ sơ {w.before} chuyển sang",
                f"là {w.num('dossiers.carried_over')}{w.tail('dossiers.carried_over')}",
            )
        )
    resolved_rate = w.rate("rate.dossiers_resolved")
    both = w.fig("dossiers.resolved_on_time_or_early")
    only_both = both and not (
        w.fig("dossiers.resolved_early") and w.fig("dossiers.resolved_on_time")
    )
    on_time = w.rate("rate.dossiers_on_time")
    result = w.facts.rates.get("rate.dossiers_on_time")
    on_time_said = False
    if w.fig("dossiers.resolved"):
        clause = w.did("giải quyết", "dossiers.resolved", "hồ sơ")
        # None resolved says it all; "đạt 0%" after it would only repeat it.
        if resolved_rate and not w.none("dossiers.resolved"):
            clause += f", đạt {resolved_rate} số hồ sơ tiếp nhận"
        received.append(clause)
        if only_both and not w.none("dossiers.resolved"):
            # Many offices publish only this count: said with what it is among.
            share = (
                f", đạt {on_time} số hồ sơ đã giải quyết"
                if on_time and result.computed is not None
                else ""
            )
            whole = w.fig("dossiers.resolved")
            if w.none("dossiers.resolved_on_time_or_early"):
                said = "trong đó không có hồ sơ nào được trả kết quả trước và đúng hạn"
            elif (
                both.value == whole.value
                and both.is_exact
                and whole.is_exact
                and not w.tail("dossiers.resolved_on_time_or_early")
            ):
                # "… 1.198 hồ sơ; trong đó có 1.198 hồ sơ …" says one count twice.
                said = f"toàn bộ được trả kết quả trước và đúng hạn{share}"
            else:
                counted = w.count(
                    "dossiers.resolved_on_time_or_early",
                    "hồ sơ được trả kết quả trước và đúng hạn",
                )
                said = f"trong đó có {counted}{share}"
            received.append(said)
            on_time_said = result is not None and result.computed is not None
    elif only_both:
        received.append(
            w.did("trả kết quả trước và đúng hạn", "dossiers.resolved_on_time_or_early", "hồ sơ")
        )
    if received:
        groups.append(received)
    groups += carried
    own = []
    if not online and w.rate("rate.dossiers_online"):
        own.append(("tỷ lệ hồ sơ nộp trực tuyến", w.rate("rate.dossiers_online")))
    if not w.fig("dossiers.resolved") and resolved_rate:
        own.append(("tỷ lệ hồ sơ đã giải quyết", resolved_rate))
    timing = []
    for code, label, rate_code in (
        ("dossiers.resolved_early", "trả kết quả trước hạn", "rate.dossiers_early"),
        ("dossiers.resolved_on_time", "đúng hạn", None),
        ("dossiers.resolved_late", "quá hạn", "rate.dossiers_late"),
    ):
        if not w.fig(code):
            continue
        if w.none(code):
            timing.append(f"không có hồ sơ {label}")
        else:
            share = w.taking(rate_code) if rate_code else ""
            timing.append(f"{w.count(code, 'hồ sơ')} {label}{share}")
    if both and not only_both:
        parts = w.fig("dossiers.resolved_early").value + w.fig("dossiers.resolved_on_time").value
        exact = all(
            w.fig(c).is_exact and not w.fig(c).round_in_text
            for c in (
                "dossiers.resolved_on_time_or_early",
                "dossiers.resolved_early",
                "dossiers.resolved_on_time",
            )
        )
        if not (exact and both.value == parts):
            timing.append(
                f"tổng cộng {w.count('dossiers.resolved_on_time_or_early', 'hồ sơ')} "
                "trước và đúng hạn"
            )
    if timing:
        among = "trong số hồ sơ đã giải quyết, " if w.fig("dossiers.resolved") else ""
        groups.append(Sentence("", among + _have("; ".join(timing))))
    if on_time and not on_time_said and result.computed is not None:
        # The computed rate counts early and on-time returns: say so, or a reader checks it
        # against the on-time count alone.
        own.append(("tỷ lệ hồ sơ giải quyết trước và đúng hạn", on_time))
    elif on_time and not on_time_said:
        # Khánh Hòa 2020 states only this percentage, beside "hơn 600" dossiers received.
        own.append(("tỷ lệ hồ sơ trả đúng hạn", on_time))
    for code, count_code, name in (
        ("rate.dossiers_early", "dossiers.resolved_early", "tỷ lệ trả kết quả trước hạn"),
        ("rate.dossiers_late", "dossiers.resolved_late", "tỷ lệ trả kết quả quá hạn"),
    ):
        # A share said beside its count is not said again; nor one of none ("0%").
        if w.rate(code) and not w.none(count_code) and not any(w.taking(code) in t for t in timing):
            own.append((name, w.rate(code)))
    digital = []
    for code, verb, rate_code, basis in (
        ("dossiers.digitised", "số hóa", "rate.dossiers_digitised", "số hồ sơ tiếp nhận"),
        (
            "dossiers.electronic_result",
            "trả kết quả điện tử cho",
            "rate.dossiers_electronic_result",
            "số hồ sơ đã giải quyết",
        ),
        ("dossiers.paid_online", "thu phí, lệ phí trực tuyến đối với", None, ""),
    ):
        if w.fig(code):
            rate = w.rate(rate_code) if rate_code and not w.none(code) else None
            digital.append(w.did(verb, code, "hồ sơ", f", đạt {rate} {basis}" if rate else ""))
        elif rate_code and w.rate(rate_code):
            name = {"dossiers.digitised": "được số hóa"}.get(code, "được trả kết quả điện tử")
            own.append((f"tỷ lệ hồ sơ {name}", w.rate(rate_code)))
    if own:
        # A late share "is"; the others "reach".
        groups.append(
            Sentence(
                "",
                "; ".join(
                    f"{name} {'là' if 'quá hạn' in name else 'đạt'} {rate}" for name, rate in own
                ),
            )
        )
    if digital:
        groups.append(digital)
    if w.fig("dossiers.returned_withdrawn"):
        groups.append(
            Sentence(
                "",
                "không có hồ sơ nào bị trả lại hoặc rút"
                if w.none("dossiers.returned_withdrawn")
                else f"có {w.count('dossiers.returned_withdrawn', 'hồ sơ bị trả lại hoặc được rút')}",
            )
        )
    end = f"đến {w.end}, "
    if w.fig("dossiers.pending"):
        if w.none("dossiers.pending"):
            clause = "không còn hồ sơ nào đang giải quyết"
        else:
            clause = f"còn {w.count('dossiers.pending', 'hồ sơ đang giải quyết')}"
            if w.fig("dossiers.pending_overdue") and w.none("dossiers.pending_overdue"):
                clause += ", không có hồ sơ quá hạn"
            elif w.fig("dossiers.pending_overdue"):
                clause += (
                    f", trong đó có {w.num('dossiers.pending_overdue')} hồ sơ đã quá hạn"
                    f"{w.tail('dossiers.pending_overdue')}"
                )
        groups.append(Sentence("", end + clause))
    elif w.fig("dossiers.pending_overdue"):
        groups.append(
            Sentence(
                "",
                end
                + (
                    "không có hồ sơ đang giải quyết quá hạn"
                    if w.none("dossiers.pending_overdue")
                    else f"còn {w.count('dossiers.pending_overdue', 'hồ sơ đang giải quyết quá hạn')}"
                ),
            )
        )
    groups += _index(w)
    # The key result is what was received and resolved; what was received alone is a key
    # result only when nothing else is (`_key`).
    w.key["dossiers"] = [c for c in received if c.startswith(("tiếp nhận", "giải quyết"))]
    return groups


def _index(w: _Writer) -> list:
    """The Decision 766 index: "Tính đến ngày 31/12/2023, tỉnh đạt 82,45/100 điểm Bộ chỉ số …
    (theo Quyết định số 766/QĐ-TTg), xếp loại khá tốt, đứng thứ 12/63 tỉnh, thành phố"."""
    index = w.facts.index
    score = getattr(index, "index_score", None)
    band = clean(getattr(index, "index_band", ""))
    rank, rank_of = getattr(index, "index_rank", None), getattr(index, "index_rank_of", None)
    as_of = getattr(index, "index_as_of", None)
    if score is None and not band and rank is None:
        return []
    name = (
        "Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ "
        "công (theo Quyết định số 766/QĐ-TTg)"
    )
    parts = [
        f"đạt {vietnamese.written(score)}/100 điểm {name}"
        if score is not None
        else f"có kết quả {name}"
    ]
    if band:
        parts.append(f"xếp loại {band}")
    if rank is not None:
        parts.append(
            f"đứng thứ {rank}/{rank_of} tỉnh, thành phố" if rank_of else f"xếp thứ {rank} toàn quốc"
        )
    when = f"tính đến ngày {vietnamese.press_date(as_of)}, " if as_of else ""
    return [Sentence("", f"{when}{w.facts.kind} " + ", ".join(parts))]


SECTIONS = {
    "documents": _documents,
    "advisory": _advisory,
    "reception": _reception,
    "petitions": _petitions,
    "dossiers": _dossiers,
}

# What a paragraph's first sentence says it is about; reception and petitions share a
# paragraph, each section with its own opener, so that no opener announces what the paragraph
# does not contain.
OPENERS = {
    "documents": "Trong công tác văn thư, ",
    "advisory": "Trong công tác tham mưu, tổng hợp, ",
    # Their sentences name the work ("tiếp công dân", "đơn thư"): no opener to repeat it.
    "reception": "",
    "petitions": "",
    "dossiers": "Về giải quyết thủ tục hành chính, ",
}
PARAGRAPHS = [("documents",), ("advisory",), ("reception",), ("petitions",), ("dossiers",)]
# Sentences that frame themselves ("Về nội dung, …", "Trong số …"): no opener before them,
# which would stack two frames.
FRAMED = (
    "về ",
    "trong số ",
    "đối với ",
    "đến cuối ",
    "tính đến ",
    "qua giải quyết",
    "qua phân loại",
    "trong đó",
)


def _sentences(subject: str, groups: list, again: str = "") -> list[Sentence]:
    """Sentences of a section's groups: the first group of clauses "X đã a; b", the next
    "X cũng đã …" (X said again as `again`, when given: "toàn tỉnh", "Trung tâm"), then
    "Bên cạnh đó, X đã …", then "X còn …"; own-subject sentences as they are."""
    out: list[Sentence] = []
    said = 0
    for group in groups:
        if isinstance(group, Sentence):
            out.append(group)
            continue
        clauses = [c for c in group if c]
        if not clauses:
            continue
        body = "; ".join(clauses)
        if said == 0:
            out.append(Sentence(subject, f"đã {body}"))
        elif said == 1:
            out.append(Sentence(again or subject, f"cũng đã {body}"))
        elif said == 2:
            out.append(Sentence(f"bên cạnh đó, {again or subject}", f"đã {body}"))
        else:
            out.append(Sentence(again or subject, f"còn {body}"))
        said += 1
    return out


def _other_figures(w: _Writer) -> dict[str, list]:
    """Indicators an administrator added to the catalogue, by section: "số hóa 12.000 hồ sơ",
    from the indicator's verb and noun under the section's subject like the built-in ones;
    without a verb, a sentence of their own: "Có 12 cuộc kiểm tra công vụ"."""
    groups: dict[str, list] = {}
    for code, (name, unit, *wording) in w.facts.indicators.items():
        if code in w.seen or not w.fig(code):
            continue
        verb, noun = (wording + ["", ""])[:2]
        section = code.split(".", 1)[0]
        section = section if section in SECTIONS else "other"
        if clean(verb):
            groups.setdefault(section, []).append(
                [w.did(clean(verb), code, clean(noun) or clean(unit))]
            )
            continue
        named = _lower_first(clean(name))
        unit = clean(unit)
        # "cuộc kiểm tra công vụ" is its own noun; "hồ sơ" + "được số hóa" is not.
        thing = clean(noun) or (named if not unit or named.startswith(unit) else f"{unit} {named}")
        text = f"không có {thing}" if w.none(code) else f"có {w.count(code, thing)}"
        groups.setdefault(section, []).append(Sentence("", text))
    return groups


def _person(name: str, title: str) -> str:
    """ "Chủ tịch UBND tỉnh Nguyễn Văn Phương": the news style, title before the name."""
    return f"{clean(title)} {clean(name)}" if clean(title) else clean(name)


def _attendees(attendees: list) -> str:
    """ "Tham dự hội nghị có các ông: A, Phó Chủ tịch UBND tỉnh; B, …"."""
    people = [a for a in attendees if clean(a.name)]
    if not people:
        return ""
    items = [
        f"{clean(a.name)}, {clean(a.title)}" if clean(a.title) else clean(a.name) for a in people
    ]
    honorifics = {a.honorific for a in people}
    if len(honorifics) == 1 and "" not in honorifics:
        word = {"ong": "ông", "ba": "bà"}[honorifics.pop()]
        if len(people) == 1:
            return f"Tham dự hội nghị có {word} {items[0]}."
        return f"Tham dự hội nghị có các {word}: {'; '.join(items)}."
    # Mixed or unknown honorifics: each person gets their own.
    words = {"ong": "ông ", "ba": "bà ", "": ""}
    items = [f"{words[a.honorific or '']}{item}" for a, item in zip(people, items, strict=True)]
    separator = " "
    return f"Tham dự hội nghị có{separator}{'; '.join(items)}."


def _staff(facts: Facts) -> str:
    c = facts.conference
    n = getattr(c, "staff_attending", None) if c is not None else None
    return f"{vietnamese.number(n)} cán bộ, công chức" if n else ""


def _event(facts: Facts) -> str:
    """The conference: "Chiều 29-12, Văn phòng UBND tỉnh Khánh Hòa tổ chức hội nghị tổng kết
    công tác năm 2020, triển khai nhiệm vụ năm 2021 tại …. Tham dự hội nghị có …"."""
    name = clean(facts.office_name)
    c = facts.conference
    title = clean(c.title) if c else ""
    if not title:
        title = f"hội nghị {facts.review} công tác {facts.period_label}"
        if facts.is_yearly:
            title += f", triển khai nhiệm vụ năm {facts.year + 1}"
    place = clean(c.place) if c else ""
    where = f" tại {place}" if place else ""
    opening = f"{name} tổ chức {_lower_first(title)}{where}."
    if c is not None and c.date:
        opening = f"{vietnamese.dateline(c.date, c.part_of_day)}, {opening}"
    attendees = _attendees(facts.attendees)
    staff = _staff(facts)
    if attendees and staff:
        attendees = f"{attendees[:-1]}, cùng {staff} của Văn phòng."
    elif staff:
        attendees = f"Hội nghị có {staff} tham dự."
    return " ".join(p for p in (opening, attendees) if p)


def _key(w: _Writer) -> tuple[str, list[str]] | None:
    """(section, clauses) of the key result the lead states: the work programme, then
    dossiers received and resolved, documents, petitions, reception, dossiers received;
    never a province-wide section's, which is not the office's work."""
    resolved = w.facts.figures.get("dossiers.resolved")
    strong = resolved is not None and resolved.value
    order = ["advisory", "documents", "petitions", "reception", "dossiers", "advisory:fallback"]
    if strong:
        order.insert(1, "dossiers")
    for key in order:
        section = key.split(":")[0]
        clauses = w.key.get(key)
        if clauses and section not in w.facts.province_wide:
            return section, clauses
    return None


def _opening(facts: Facts) -> str:
    """ "Năm 2022", "Quý I năm 2024 (tính từ …)", "Trong 6 tháng đầu năm 2021 (tính từ …)":
    the period opening a sentence (never with a numeral)."""
    label = facts.period_label
    opening = f"Trong {label}" if label[:1].isdigit() else _capitalise(label)
    return opening + facts.span


def _lead(facts: Facts, key, with_figures: list[str]) -> str:
    """The event when there was a conference, then the period and its key result, said by
    the office (or the unit of the office that produced it)."""
    name = clean(facts.office_name)
    event = _event(facts) if facts.has_conference else ""
    if key is not None:
        section, clauses = key
        unit = clean(facts.units.get(section))
        # After the event the office is named already.
        office = OFFICE if event else name
        subject = f"{unit} thuộc {office}" if unit else office
        said = f"{_opening(facts)}, {subject} đã {'; '.join(clauses)}."
        return " ".join(p for p in (event, said) if p)
    if event:
        return event
    if with_figures:
        areas = vietnamese.join(AREAS[s] for s in with_figures)
        if all(s in facts.province_wide for s in with_figures):
            return f"{_opening(facts)}, {name} tổng hợp kết quả {areas} của {facts.province}."
        return f"{_opening(facts)}, {name} báo cáo kết quả công tác {areas}."
    return f"{name} chưa có số liệu công tác {facts.period_label}{facts.span}."


def _directives(facts: Facts) -> list[str]:
    """One paragraph per directive: "Phát biểu chỉ đạo hội nghị, Chủ tịch UBND tỉnh X đề nghị
    Văn phòng UBND tỉnh …"."""
    office = f"Văn phòng UBND {facts.kind}"
    rows = [d for d in facts.directives if clean(d.content) and clean(d.speaker)]
    out = []
    for i, d in enumerate(rows):
        speaker = _person(d.speaker, d.speaker_title)
        content = clean(d.content)
        if content[0].islower():
            # A leader asks the office under him: "yêu cầu", then "đề nghị".
            body = f"{speaker} {'yêu cầu' if i == 0 else 'cũng đề nghị'} {office} {content}"
        else:
            # A directive typed as a full sentence is kept as it is, after a colon.
            body = f"{speaker} nhấn mạnh: {content}"
        if i == 0 and facts.has_conference:
            out.append(f"Phát biểu chỉ đạo hội nghị, {body}.")
        else:
            out.append(_capitalise(body) + ".")
    return out


def _award_recipients(awards: list) -> str:
    """ "3 tập thể và 12 cá nhân", "nhiều tập thể và cá nhân", "2 cá nhân (A và B)"."""
    kinds = {"tap_the": "tập thể", "ca_nhan": "cá nhân"}
    if len(awards) > 1 and all(a.is_many for a in awards):
        nouns = list(dict.fromkeys(kinds[a.recipient_kind] for a in awards))
        return f"nhiều {vietnamese.join(nouns)}"
    items = []
    for a in awards:
        noun = kinds[a.recipient_kind]
        names = [clean(n) for n in a.recipient_names() if clean(n)]
        if a.is_many:
            items.append(f"nhiều {noun}")
        elif a.count or names:
            listed = f" ({vietnamese.join(names)})" if names else ""
            items.append(f"{vietnamese.number(a.count or len(names))} {noun}{listed}")
        else:
            items.append(f"các {noun}")
    return vietnamese.join(items)


def _awards(facts: Facts) -> str:
    # An award of 0 recipients is no award; say nothing about it.
    awards = [a for a in facts.awards if a.count != 0]
    if not awards:
        return ""
    groups: dict[tuple[str, str], list] = {}
    for a in awards:
        groups.setdefault((clean(a.title), clean(a.issuer)), []).append(a)
    clauses = []
    for (title, issuer), rows in groups.items():
        # A Bằng khen or Giấy khen is given ("tặng"); a title of emulation is conferred
        # ("công nhận danh hiệu").
        if title and not title.lower().startswith(AWARDS_GIVEN):
            if not title.lower().startswith("danh hiệu"):
                title = f"danh hiệu {title}"
            verb = f"được {issuer} công nhận {title}" if issuer else f"được công nhận {title}"
        elif title and issuer:
            verb = f"được {issuer} tặng {title}"
        elif title:
            verb = f"được tặng {title}"
        elif issuer:
            verb = f"được {issuer} khen thưởng"
        else:
            verb = "được khen thưởng"
        clauses.append(f"{_award_recipients(rows)} {verb}")
    opener = "Dịp này" if facts.has_conference else _capitalise(facts.period_label)
    return f"{opener}, {'; '.join(clauses)}."


def _disagreements(facts: Facts) -> list[Disagreement]:
    return [
        Disagreement(
            code,
            facts.rate_names.get(code, code),
            r.computed,
            stated(r.stated),
            r.numerator,
            r.denominator,
        )
        for code, r in facts.rates.items()
        if r.disagrees
    ]


def _key_phrase(facts: Facts) -> tuple[str, bool]:
    """The key result as a headline says it, and whether the office is its subject:
    ("tham mưu thông qua 77,18% nội dung chương trình công tác", True), ("100% hồ sơ thủ tục
    hành chính được trả đúng hạn", False); ("", False) when the report has none of these (or
    only province-wide)."""
    w = _Writer(facts)

    def own(section):
        return section not in facts.province_wide

    def some(code):
        # A 0% result is no headline.
        result = facts.rates.get(code)
        return result is not None and result.shown is not None and result.shown > 0

    rate = w.rate("rate.program_completion")
    if (
        own("advisory")
        and some("rate.program_completion")
        and not w.above_plan("rate.program_completion")
    ):
        year = "" if facts.is_yearly else " năm"
        return f"tham mưu thông qua {rate} nội dung chương trình công tác{year}", True
    on_time = facts.rates.get("rate.dossiers_on_time")
    # Dossiers make the key result only with what was resolved (the lead's, `_key`).
    resolved = w.fig("dossiers.resolved") and not w.none("dossiers.resolved")
    if own("dossiers") and resolved and some("rate.dossiers_on_time"):
        done = "giải quyết trước và đúng hạn" if on_time.computed is not None else "trả đúng hạn"
        return f"{shown_percent(on_time)} hồ sơ thủ tục hành chính được {done}", False
    rate = w.rate("rate.dossiers_resolved")
    if own("dossiers") and resolved and some("rate.dossiers_resolved"):
        return f"{rate} hồ sơ thủ tục hành chính được giải quyết", False
    if own("documents") and w.fig("documents.incoming") and not w.none("documents.incoming"):
        processed = ", xử lý" if w.fig("documents.incoming_processed") else ""
        return f"tiếp nhận{processed} {w.num('documents.incoming')} văn bản đến", True
    if own("petitions") and w.fig("petitions.received") and not w.none("petitions.received"):
        return f"tiếp nhận {w.num('petitions.received')} đơn thư", True
    return "", False


def headline(facts: Facts) -> str:
    """The headline staff wrote, else one that states the key result: "Văn phòng UBND tỉnh
    Lai Châu tham mưu thông qua 85,59% nội dung chương trình công tác năm 2019"; after a
    conference, the event and its result."""
    if clean(facts.headline):
        return clean(facts.headline)
    name = clean(facts.office_name)
    key, active = _key_phrase(facts)
    if facts.has_conference:
        event = f"{name} {facts.review} công tác {facts.period_label}"
        return f"{event}: {key}" if key else event
    if not key:
        return f"Kết quả công tác {facts.period_label} của {name}"
    if not facts.is_yearly and key.endswith("chương trình công tác năm"):
        # "… trong quý I năm 2024 tham mưu thông qua 23,29% nội dung chương trình công tác
        # năm": the period once.
        return f"{name} trong {facts.period_label} {key}"
    programme = key.endswith("chương trình công tác")
    when = f" {facts.period_label}" if programme else f" trong {facts.period_label}"
    return f"{name} {key}{when}" if active else f"{name}: {key}{when}"


def build(facts: Facts) -> Article:
    w = _Writer(facts)
    by_section = {section: write(w) for section, write in SECTIONS.items()}
    for section, groups in _other_figures(w).items():
        by_section.setdefault(section, []).extend(groups)
    # Each section in full, the key result included, for documents that set each section
    # under its own heading (the Word report).
    in_full = {
        section: [
            s.text() for s in _sentences(facts.subject(section), groups, facts.again(section))
        ]
        for section, groups in by_section.items()
        if section in SECTIONS
    }
    key = _key(w)
    if key is not None:
        # The lead states it; the section does not repeat it.
        section, clauses = key
        by_section[section] = [
            [c for c in g if c not in clauses] if isinstance(g, list) else g
            for g in by_section[section]
        ]
    sentences = {
        section: _sentences(facts.subject(section), groups, facts.again(section))
        for section, groups in by_section.items()
    }
    with_figures = [s for s in SECTIONS if sentences.get(s) or (key and key[0] == s)]
    paragraphs = [_lead(facts, key, with_figures)]
    # After a conference's lead without a key result, the first figures name the period.
    period_opener = f"{_opening(facts)}, " if facts.has_conference and key is None else ""
    bodies = []
    for group in [*PARAGRAPHS, ("other",)]:
        texts = []
        for section in group:
            said = sentences.get(section) or []
            if not said:
                continue
            opener = OPENERS.get(section, "Ngoài ra, ")
            if not said[0].subject and said[0].predicate.startswith(FRAMED):
                opener = ""
            if period_opener:
                opener, period_opener = period_opener, ""
            texts += [said[0].text(opener)] + [s.text() for s in said[1:]]
        if not texts:
            continue
        # A paragraph of one sentence joins the next one's: no one-line paragraphs.
        if bodies and len(bodies[-1]) == 1:
            # "Văn phòng đã …. Văn phòng cũng đã …": the same subject again says so.
            subject = bodies[-1][0].split(" đã ", 1)[0]
            if texts[0].startswith(f"{subject} đã "):
                texts[0] = texts[0].replace(" đã ", " cũng đã ", 1)
            bodies[-1] += texts
        else:
            bodies.append(texts)
    paragraphs += [" ".join(texts) for texts in bodies]
    paragraphs += _directives(facts)
    paragraphs.append(_awards(facts))
    return Article(
        headline=headline(facts),
        paragraphs=[p for p in paragraphs if p],
        byline=clean(facts.byline),
        source=clean(facts.source),
        disagreements=_disagreements(facts),
        sections={section: said for section, said in in_full.items() if said},
    )
