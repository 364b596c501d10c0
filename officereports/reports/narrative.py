"""The yearly summary written as a press article, from computed values (never stored prose).

`Facts` is what one report says, read once from the database (`Facts.from_report`);
`build(facts)` turns it into an `Article`: headline, paragraphs, byline, source. Nothing here
queries the database, so tests build `Facts` by hand, with any subset of the data.

How the sentences hold together for any subset of figures:
- a section writes clauses only for figures that exist, under one subject ("Văn phòng", or the
  unit that produced the section's figures), joined with "; " into one sentence;
- a clause with its own subject (a rate known only as a stated percentage) follows the
  clauses before it, or is a sentence of its own when nothing precedes it;
- the first sentence of the figures gets the year as an opener; subjects are capitalised only
  when they start a sentence, so a proper noun ("Văn phòng", "Trung tâm …") reads right in
  either place;
- wording of numbers, rates, changes and lists comes from `vietnamese.py` only.

The article is a Vietnamese document, like the press article it imitates: its sentences are not
translated (the page around it is).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation

from officereports.reports import periods, vietnamese
from officereports.reports.catalog import PLAN_RATES
from officereports.reports.rates import RateResult

# Short names of the areas, for the lead of a year without a conference.
AREAS = {
    "documents": "xử lý văn bản",
    "advisory": "tham mưu tổng hợp",
    "reception": "tiếp công dân",
    "petitions": "xử lý đơn thư",
    "dossiers": "giải quyết thủ tục hành chính",
}

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
    # code -> (name, unit): names and units of the catalogue, for figures without a sentence
    indicators: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    rate_names: Mapping[str, str] = field(default_factory=dict)
    # code -> Figure marked "không phát sinh": no sentence, "không phát sinh" in the table.
    not_applicable: Mapping = field(default_factory=dict)
    # The year or a part of it (periods.py), with its dates; a part's article names them.
    period: str = periods.YEAR
    period_start: object = None
    period_end: object = None

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
            conference=getattr(report, "conference", None),
            attendees=list(report.attendees.all()),
            directives=list(report.directives.all()),
            awards=list(report.awards.all()),
            headline=report.headline,
            byline=report.byline,
            source=report.source,
            indicators={code: (i.name, i.unit) for code, i in catalog.indicators.items()},
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
        # Codes a sentence asked about; the others get the generic listing (_other_figures).
        self.seen: set[str] = set()
        self.hdnd = f"HĐND {facts.kind}"

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

    def yoy(self, code) -> str:
        """ " (tăng 18,5% so với năm 2019)" between exact counts only: a change from or to
        "hơn 52.900" would claim a precision the figure does not have (as for rates)."""
        if code not in YEAR_ON_YEAR:
            return ""
        current, before = self.fig(code), self.facts.previous.get(code)
        if not (current and before and current.is_exact and before.is_exact):
            return ""
        wording = vietnamese.change(
            current.value,
            before.value,
            self.facts.previous_year,
            same_period=not self.facts.is_yearly,
        )
        return f" ({wording})" if wording else ""

    def count(self, code, noun) -> str:
        """ "hơn 20.300 văn bản đi (tăng …)"."""
        return f"{self.num(code)} {noun}{self.yoy(code)}"

    def did_each(self, verb, parts) -> str:
        """ "phân loại được 3 đơn khiếu nại và 5 đơn tố cáo, không có đơn kiến nghị": the
        `parts` ((code, noun) of reported figures) after the verb, those reported as zero
        after it as none."""
        done = [f"{self.num(code)} {noun}" for code, noun in parts if not self.none(code)]
        none = [noun for code, noun in parts if self.none(code)]
        clause = f"{verb} {vietnamese.join(done)}" if done else ""
        if none:
            clause += (", " if clause else "") + f"{vietnamese.NONE} {vietnamese.join(none)}"
        return clause

    def did(self, verb, code, noun, tail="") -> str:
        """ "tiếp nhận 754 đơn thư" and `tail`; "không tiếp nhận đơn thư nào" for a zero."""
        if self.none(code):
            return vietnamese.none_done(verb, noun) + tail
        return f"{verb} {self.num(code)} {noun}{tail}{self.yoy(code)}"

    def rate(self, code) -> str | None:
        result = self.facts.rates.get(code)
        if result is None or result.shown is None:
            return None
        return shown_percent(result)

    def part_of(self, part, whole, noun) -> str:
        """ "159/206 nội dung" for two plain exact counts, as the articles write them;
        "hơn 150 trên tổng số 206 nội dung" otherwise."""
        p, w = self.fig(part), self.fig(whole)
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
        """ "đạt 77,18%", or the wording of a result above its plan."""
        rate = self.rate(code)
        if rate is None:
            return None
        return self.above_plan(code, with_rate=True) or f"đạt {rate}"

    def reached(self, code) -> str:
        rate = self.rate(code)
        if rate is None:
            return ""
        return f", {self.above_plan(code) or f'đạt {rate}'}"


# A section is written as a list of items in reading order: a str is something the section's
# subject did ("tiếp nhận 754 đơn thư"), a Sentence has its own subject ("tỷ lệ … đạt 100%").
# _sentences() puts the verbs under one subject and "đã", and the own-subject items after them.


def _ratio(w, part, whole, rate_code, noun, done, planned, rate_only) -> list:
    """A part of a planned whole: "thông qua 159/206 …, đạt 77,18%"; the rate alone, when
    only a stated percentage is known, as its own sentence (`rate_only(rate, outcome)`,
    with the outcome "đạt 77,18%" or "đạt 112% kế hoạch, vượt kế hoạch")."""
    has_part, has_whole, rate = w.fig(part), w.fig(whole), w.rate(rate_code)
    if has_part and has_whole:
        return [f"{done} {w.part_of(part, whole, noun)}{w.reached(rate_code)}"]
    if has_part:
        return [w.did(done, part, noun, "" if w.none(part) else w.reached(rate_code))]
    items = [w.did(planned, whole, noun)] if has_whole else []
    return items + ([rate_only(rate, w.outcome(rate_code))] if rate else [])


def _documents(w: _Writer) -> list:
    items = []
    inc, done = w.fig("documents.incoming"), w.fig("documents.incoming_processed")
    processed_rate = w.rate("rate.documents_processed")
    same = inc and done and w.num("documents.incoming") == w.num("documents.incoming_processed")
    if same and not processed_rate:
        # Khánh Hòa: "hơn 52.900" received and "hơn 52.900" processed is one phrase.
        items.append(w.did("tiếp nhận và xử lý", "documents.incoming", "văn bản đến"))
    else:
        if inc:
            items.append(w.did("tiếp nhận", "documents.incoming", "văn bản đến"))
        if done:
            noun = "văn bản" if inc else "văn bản đến"
            items.append(
                w.did("xử lý", "documents.incoming_processed", noun)
                + w.reached("rate.documents_processed")
            )
    if not done and processed_rate:
        items.append(Sentence("tỷ lệ văn bản đến được xử lý", f"đạt {processed_rate}"))
    out, electronic = w.fig("documents.outgoing"), w.fig("documents.outgoing_electronic")
    if out:
        clause = w.did(f"tham mưu {w.ubnd} ban hành", "documents.outgoing", "văn bản đi")
        if electronic:
            clause += (
                f", trong đó {w.num('documents.outgoing_electronic')} văn bản được ký số, "
                "phát hành điện tử"
            )
        items.append(clause)
    elif electronic:
        items.append(
            w.did("ký số, phát hành điện tử", "documents.outgoing_electronic", "văn bản đi")
        )
    return _sentences(None, items)


def _advisory(w: _Writer) -> list:
    key_tasks = f"nhiệm vụ trọng tâm trong chương trình công tác của {w.ubnd}"
    # Huế 2022 states only the share of key tasks: a sentence whose subject is the share,
    # which leads the paragraph.
    items = _ratio(
        w,
        "advisory.key_tasks_monitored",
        "advisory.key_tasks",
        "rate.key_tasks_monitored",
        key_tasks,
        "đôn đốc, theo dõi",
        "đôn đốc, theo dõi",
        lambda rate, _outcome: Sentence(f"{rate} {key_tasks}", "được đôn đốc, theo dõi"),
    )
    if w.fig("advisory.council_submissions"):
        items.append(
            w.did(
                f"tham mưu {w.ubnd} trình {w.hdnd}",
                "advisory.council_submissions",
                "đề án, báo cáo",
            )
        )
    items += _ratio(
        w,
        "advisory.program_passed",
        "advisory.program_planned",
        "rate.program_completion",
        "chương trình, đề án, báo cáo, văn bản quy phạm pháp luật trong chương trình công tác năm",
        f"giúp {w.ubnd} thông qua",
        "theo dõi",
        lambda _rate, outcome: Sentence("tỷ lệ hoàn thành chương trình công tác năm", outcome),
    )
    items += _ratio(
        w,
        "advisory.legal_issued",
        "advisory.legal_planned",
        "rate.legal_completion",
        "văn bản quy phạm pháp luật theo kế hoạch",
        "hoàn thành xây dựng",
        "theo dõi việc xây dựng",
        lambda _rate, outcome: Sentence(
            "tỷ lệ hoàn thành xây dựng văn bản quy phạm pháp luật", outcome
        ),
    )
    items += _ratio(
        w,
        "advisory.gov_tasks_done",
        "advisory.gov_tasks",
        "rate.gov_tasks_done",
        "nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao",
        "hoàn thành",
        "theo dõi",
        lambda _rate, outcome: Sentence(
            "tỷ lệ hoàn thành nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao", outcome
        ),
    )
    if w.fig("advisory.meetings"):
        clause = w.did("phục vụ", "advisory.meetings", "cuộc họp, hội nghị")
        if w.fig("advisory.meetings_online"):
            clause += f", trong đó {w.num('advisory.meetings_online')} cuộc họp trực tuyến"
        items.append(clause)
    elif w.fig("advisory.meetings_online"):
        items.append(w.did("phục vụ", "advisory.meetings_online", "cuộc họp trực tuyến"))
    return _sentences(None, items)


def _reception(w: _Writer) -> list:
    items = []
    periodic, adhoc = w.fig("reception.periodic_sessions"), w.fig("reception.adhoc_sessions")
    leaders = f"Chủ tịch, các Phó Chủ tịch {w.ubnd}"
    if periodic:
        clause = w.did(
            "phục vụ",
            "reception.periodic_sessions",
            "buổi tiếp công dân định kỳ",
            f" của {leaders}",
        )
        if adhoc:
            clause += f" và {w.num('reception.adhoc_sessions')} buổi tiếp đột xuất"
        items.append(clause)
    elif adhoc:
        items.append(
            w.did(
                "phục vụ",
                "reception.adhoc_sessions",
                "buổi tiếp công dân đột xuất",
                f" của {leaders}",
            )
        )
    turns, people = w.fig("reception.turns"), w.fig("reception.people")
    cases, crowds = w.fig("reception.cases"), w.fig("reception.crowd_delegations")
    regular = ""
    # "7 lượt với 7 lượt người về 7 vụ việc"; after a part reported as none, a comma.
    nobody = "không có lượt tiếp công dân thường xuyên nào"
    if turns:
        regular = (
            nobody
            if w.none("reception.turns")
            else f"tiếp công dân thường xuyên {w.count('reception.turns', 'lượt')}"
        )
    if people and regular:
        joint = ", " if w.none("reception.turns") or w.none("reception.people") else " với "
        regular += f"{joint}{w.num('reception.people')} lượt người"
    elif people:
        regular = (
            nobody
            if w.none("reception.people")
            else f"tiếp công dân thường xuyên {w.num('reception.people')} lượt người"
        )
    if cases and regular:
        before = [c for c in ("reception.turns", "reception.people") if w.fig(c)]
        plain = not any(w.none(c) for c in [*before, "reception.cases"])
        regular += f"{' về ' if plain else ', '}{w.num('reception.cases')} vụ việc"
    elif cases:
        regular = w.did("tiếp nhận", "reception.cases", "vụ việc")
    if crowds and regular:
        joint = ", " if w.none("reception.crowd_delegations") else ", trong đó có "
        regular += f"{joint}{w.num('reception.crowd_delegations')} đoàn đông người"
    elif crowds:
        regular = w.did("tiếp", "reception.crowd_delegations", "đoàn đông người")
    if regular:
        items.append(regular)
    return _sentences(w.facts.units.get("reception"), items)


def _petitions(w: _Writer) -> list:
    items = []
    eligible_rate = w.rate("rate.petitions_eligible")
    eligible = "đơn đủ điều kiện xử lý" + (f" ({eligible_rate})" if eligible_rate else "")
    parts = [
        (code, noun)
        for code, noun in (
            ("petitions.eligible", eligible),
            ("petitions.ineligible", "đơn không đủ điều kiện xử lý"),
        )
        if w.fig(code)
    ]
    if w.fig("petitions.received"):
        clause = w.did("tiếp nhận", "petitions.received", "đơn thư")
        if parts:
            listed = vietnamese.join(f"{w.num(code)} {noun}" for code, noun in parts)
            clause += f", trong đó {listed}"
        items.append(clause)
    elif parts:
        items.append(w.did_each("xác định", parts))
    if eligible_rate and not w.fig("petitions.eligible"):
        items.append(Sentence("tỷ lệ đơn đủ điều kiện xử lý", f"là {eligible_rate}"))
    kinds = [
        (code, noun)
        for code, noun in (
            ("petitions.complaints", "đơn khiếu nại"),
            ("petitions.denunciations", "đơn tố cáo"),
            ("petitions.proposals", "đơn kiến nghị, phản ánh"),
        )
        if w.fig(code)
    ]
    if kinds:
        items.append(w.did_each("phân loại được", kinds))
    if w.fig("petitions.within_competence"):
        items.append(w.did("thụ lý", "petitions.within_competence", "đơn thuộc thẩm quyền"))
    if w.fig("petitions.cases_resolved"):
        items.append(w.did("giải quyết", "petitions.cases_resolved", "vụ việc"))
    return _sentences(w.facts.units.get("petitions"), items)


def _dossiers(w: _Writer) -> list:
    items = []
    received, online = w.fig("dossiers.received"), w.fig("dossiers.received_online")
    online_rate = w.rate("rate.dossiers_online")
    online_text = ""
    if online:
        online_text = f"{w.num('dossiers.received_online')} hồ sơ trực tuyến"
        online_text += (
            f" ({online_rate})" if online_rate and not w.none("dossiers.received_online") else ""
        )
    if received:
        clause = w.did("tiếp nhận", "dossiers.received", "hồ sơ thủ tục hành chính")
        clause += f", trong đó {online_text}" if online else ""
        items.append(clause)
    elif online and w.none("dossiers.received_online"):
        items.append(vietnamese.none_done("tiếp nhận", "hồ sơ trực tuyến"))
    elif online:
        items.append(f"tiếp nhận {online_text}")
    if not online and online_rate:
        items.append(Sentence("tỷ lệ hồ sơ nộp trực tuyến", f"đạt {online_rate}"))
    if w.fig("dossiers.carried_over"):
        items.append(
            w.did("tiếp tục giải quyết", "dossiers.carried_over", "hồ sơ kỳ trước chuyển sang")
        )
    timing_parts = [
        (code, f"hồ sơ {noun}")
        for code, noun in (
            ("dossiers.resolved_early", "trả trước hạn"),
            ("dossiers.resolved_on_time", "trả đúng hạn"),
            ("dossiers.resolved_late", "trả quá hạn"),
        )
        if w.fig(code)
    ]
    timing = [f"{w.num(code)} {noun}" for code, noun in timing_parts]
    resolved_rate = w.rate("rate.dossiers_resolved")
    if w.fig("dossiers.resolved"):
        clause = w.did("giải quyết", "dossiers.resolved", "hồ sơ")
        # None resolved says it all; "đạt tỷ lệ 0%" after it would only repeat it.
        if resolved_rate and not w.none("dossiers.resolved"):
            clause += f", đạt tỷ lệ {resolved_rate}"
        clause += f" ({vietnamese.join(timing)})" if timing else ""
        items.append(clause)
    else:
        if timing:
            items.append(w.did_each("giải quyết", timing_parts))
        if resolved_rate:
            items.append(Sentence("tỷ lệ hồ sơ đã giải quyết", f"đạt {resolved_rate}"))
    on_time = w.rate("rate.dossiers_on_time")
    if on_time and w.facts.rates["rate.dossiers_on_time"].computed is not None:
        # The computed rate counts early and on-time returns: say so, or a reader checks it
        # against the on-time count alone.
        items.append(Sentence("tỷ lệ hồ sơ giải quyết trước và đúng hạn", f"đạt {on_time}"))
    elif on_time:
        # Khánh Hòa 2020 states only this percentage, beside "hơn 600" dossiers received.
        items.append(Sentence("tỷ lệ hồ sơ trả đúng hạn", f"đạt {on_time}"))
    if w.fig("dossiers.pending"):
        clause = w.did("còn", "dossiers.pending", "hồ sơ đang giải quyết")
        if not w.none("dossiers.pending"):
            clause = f"đang giải quyết {w.num('dossiers.pending')} hồ sơ"
        if w.fig("dossiers.pending_overdue"):
            clause += f", trong đó {w.num('dossiers.pending_overdue')} hồ sơ đã quá hạn"
        items.append(clause)
    elif w.fig("dossiers.pending_overdue"):
        items.append(w.did("còn", "dossiers.pending_overdue", "hồ sơ đang giải quyết quá hạn"))
    if w.fig("dossiers.returned_withdrawn"):
        items.append(w.did("trả lại hoặc nhận rút", "dossiers.returned_withdrawn", "hồ sơ"))
    return _sentences(w.facts.units.get("dossiers"), items)


SECTIONS = {
    "documents": _documents,
    "advisory": _advisory,
    "reception": _reception,
    "petitions": _petitions,
    "dossiers": _dossiers,
}

# Paragraphs of the figures, with the opener of a paragraph that is not the first (the first
# opens with the year). Reception and petitions share one paragraph.
PARAGRAPHS = [
    (("documents",), "Trong công tác văn thư, "),
    (("advisory",), "Trong công tác tham mưu, tổng hợp, "),
    (("reception", "petitions"), "Về tiếp công dân và xử lý đơn thư, "),
    (("dossiers",), "Về giải quyết thủ tục hành chính, "),
]


def _sentences(unit: str | None, items: list) -> list[Sentence]:
    """ "Văn phòng đã A; B; tỷ lệ C đạt D%; E." from items in reading order (see above).

    An own-subject item joins the verbs before it; one that comes before any verb is a
    sentence of its own ("100% nhiệm vụ … được đôn đốc, theo dõi.")."""
    out: list[Sentence] = []
    clauses: list[str] = []
    for item in items:
        if isinstance(item, Sentence) and not clauses:
            out.append(item)
        elif isinstance(item, Sentence):
            clauses.append(f"{item.subject} {item.predicate}")
        else:
            clauses.append(item)
    if clauses:
        out.append(Sentence(clean(unit) or OFFICE, "đã " + "; ".join(clauses)))
    return out


def _other_figures(w: _Writer) -> list[Sentence]:
    """Indicators an administrator added to the catalogue have no sentence of their own:
    they are listed by name so that no reported figure is left out of the article."""
    items = []
    for code, (name, unit) in w.facts.indicators.items():
        if code in w.seen or not w.fig(code):
            continue
        items.append(f"{_lower_first(clean(name))}: {w.num(code)} {clean(unit)}".rstrip())
    if not items:
        return []
    return [Sentence("", "các số liệu khác gồm " + "; ".join(items))]


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
    separator = ": " if len(items) > 1 else " "
    return f"Tham dự hội nghị có{separator}{'; '.join(items)}."


def _lead(facts: Facts, sections_with_figures: list[str]) -> str:
    name = clean(facts.office_name)
    if facts.has_conference:
        c = facts.conference
        title = clean(c.title) if c else ""
        title = title or f"hội nghị {facts.review} công tác {facts.period_label}"
        place = clean(c.place) if c else ""
        where = f" tại {place}" if place else ""
        opening = f"{name} tổ chức {title}{where}."
        if c is not None and c.date:
            opening = f"{vietnamese.dateline(c.date, c.part_of_day)}, {opening}"
        return " ".join(p for p in (opening, _attendees(facts.attendees)) if p)
    if not sections_with_figures:
        return f"{name} chưa có số liệu công tác {facts.period_label}{facts.span}."
    areas = vietnamese.join(AREAS[s] for s in sections_with_figures)
    return (
        f"Báo cáo công tác {facts.period_label}{facts.span} của {name} ghi nhận kết quả về {areas}."
    )


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
            body = f"{speaker} {'đề nghị' if i == 0 else 'cũng đề nghị'} {office} {content}"
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


def headline(facts: Facts) -> str:
    """The headline staff wrote, else a plain generated one."""
    return (
        clean(facts.headline)
        or f"{clean(facts.office_name)} {facts.review} công tác {facts.period_label}"
    )


def _merge(sentences: list[Sentence]) -> list[Sentence]:
    """Consecutive sentences with the same subject become one: "Văn phòng đã A; B"."""
    out: list[Sentence] = []
    for sentence in sentences:
        last = out[-1] if out else None
        if (
            last
            and last.subject
            and last.subject == sentence.subject
            and last.predicate.startswith("đã ")
            and sentence.predicate.startswith("đã ")
        ):
            out[-1] = Sentence(last.subject, f"{last.predicate}; {sentence.predicate[3:]}")
        else:
            out.append(sentence)
    return out


def build(facts: Facts) -> Article:
    w = _Writer(facts)
    by_section = {section: write(w) for section, write in SECTIONS.items()}
    with_figures = [s for s, sentences in by_section.items() if sentences]
    groups = [
        (_merge([s for section in sections for s in by_section[section]]), opener)
        for sections, opener in PARAGRAPHS
    ]
    groups.append((_other_figures(w), "Ngoài ra, "))
    paragraphs = [_lead(facts, with_figures)]
    # The lead of a conference names no dates: the first figures do.
    year_opener = (
        f"Theo báo cáo {facts.review}, {facts.period_label}{facts.span}, "
        if facts.has_conference
        else f"Cụ thể, {facts.period_label}, "
    )
    for sentences, opener in groups:
        if not sentences:
            continue
        if year_opener:
            opener, year_opener = year_opener, ""
        texts = [sentences[0].text(opener)] + [s.text() for s in sentences[1:]]
        paragraphs.append(" ".join(texts))
    paragraphs += _directives(facts)
    paragraphs.append(_awards(facts))
    return Article(
        headline=headline(facts),
        paragraphs=[p for p in paragraphs if p],
        byline=clean(facts.byline),
        source=clean(facts.source),
        disagreements=_disagreements(facts),
        sections={
            section: [s.text() for s in _merge(sentences)]
            for section, sentences in by_section.items()
            if sentences
        },
    )
