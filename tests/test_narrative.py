"""The article built from figures (narrative.py), without a database: any subset of the data
reads as clean Vietnamese and prints every figure that exists."""

import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officereports.reports import catalog as catalog_module
from officereports.reports import narrative, rates, vietnamese
from officereports.reports.catalog import PLAN_RATES
from officereports.reports.models import Attendee, Award, Conference, Directive, Figure

D = Decimal

SPECS = {
    code: rates.RateSpec(code, tuple(num), tuple(den), decimals)
    for code, _name, _en, num, den, decimals, _basis, _stated_on in catalog_module.RATES
}
STATED_ON = {code: stated_on for code, *_rest, stated_on in catalog_module.RATES}
RATE_NAMES = {code: name for code, name, *_rest in catalog_module.RATES}
INDICATORS = {code: (name, unit) for code, _s, name, _en, unit in catalog_module.INDICATORS}
CODES = list(INDICATORS)


def _figure(spec):
    """An int, (value, qualifier), or a dict of Figure fields."""
    if isinstance(spec, int):
        return Figure(value=spec)
    if isinstance(spec, tuple):
        return Figure(value=spec[0], qualifier=spec[1])
    return Figure(**spec)


def make_facts(figures=(), previous=(), stated=(), year=2022, kind="tỉnh", **extra):
    """Facts as Facts.from_report would read them, rates computed as Report.rate_results."""
    figures = {code: _figure(spec) for code, spec in dict(figures).items()}
    for code, percent in dict(stated).items():
        figures.setdefault(code, Figure(value=None)).stated_percent = percent
    exact = {code: f.value for code, f in figures.items() if f.is_exact}
    results = {}
    for code, spec in SPECS.items():
        on = figures.get(STATED_ON[code])
        results[code] = rates.result(spec, exact, on.stated_percent if on else None)
    name = "Thừa Thiên Huế" if kind == "tỉnh" else "Huế"
    extra.setdefault("office_name", f"Văn phòng UBND {kind} {name}")
    return narrative.Facts(
        year=year,
        kind=kind,
        figures=figures,
        rates=results,
        previous={code: _figure(spec) for code, spec in dict(previous).items()},
        previous_year=year - 1 if previous else None,
        indicators=INDICATORS,
        rate_names=RATE_NAMES,
        **extra,
    )


def article_of(**kwargs):
    return narrative.build(make_facts(**kwargs))


def text_of(**kwargs):
    return article_of(**kwargs).text()


def printed(fragment, text):
    """`fragment` appears as whole numbers: "26" is not found inside "1.260" or "126"."""
    return re.search(rf"(?<!\d)(?<!\d[.,]){re.escape(fragment)}(?!\d|[.,]\d)", text) is not None


# ---------------------------------------------------------------------------
# Figures, by section


def test_it_writes_received_and_processed_documents_in_one_phrase_when_equal():
    text = text_of(
        figures={
            "documents.incoming": (52900, "hon"),
            "documents.incoming_processed": (52900, "hon"),
            "documents.outgoing": (20300, "hon"),
        }
    )
    # The lead states the key result; the section does not repeat it.
    assert (
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tiếp nhận và xử lý hơn 52.900 văn bản "
        "đến." in text
    )
    assert (
        "Trong công tác văn thư, Văn phòng đã tham mưu UBND tỉnh ban hành hơn 20.300 văn bản đi."
        in text
    )
    assert text.count("hơn 52.900 văn bản đến; ") == 0
    # Once in the headline, once in the lead.
    assert text.count("52.900") == 2


def test_it_writes_received_and_processed_documents_apart_with_the_rate_when_they_differ():
    text = text_of(figures={"documents.incoming": 1000, "documents.incoming_processed": 985})
    assert "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tiếp nhận 1.000 văn bản đến." in text
    assert "Trong công tác văn thư, Văn phòng đã xử lý 985 văn bản, đạt 98,5%." in text


def test_equal_exact_documents_are_written_apart_to_show_their_rate():
    text = text_of(figures={"documents.incoming": 1000, "documents.incoming_processed": 1000})
    # Two equal exact counts are one phrase, with their rate: never the count twice.
    assert (
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tiếp nhận và xử lý 1.000 văn bản đến, "
        "tỷ lệ xử lý đạt 100%." in text
    )
    assert text.count("1.000") == 2  # the headline and the lead


def test_it_writes_a_fraction_and_the_rate_for_two_exact_counts():
    text = text_of(
        figures={
            "advisory.program_planned": 206,
            "advisory.program_passed": 159,
            "advisory.legal_planned": 38,
            "advisory.legal_issued": 22,
        }
    )
    assert (
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tham mưu UBND tỉnh thông qua 159/206 "
        "nội dung trong chương trình công tác, đạt 77,18% kế hoạch." in text
    )
    assert (
        "Trong công tác tham mưu, tổng hợp, Văn phòng đã tham mưu UBND tỉnh ban hành 22/38 văn "
        "bản quy phạm pháp luật, đạt 57,89% kế hoạch." in text
    )


def test_it_writes_no_fraction_and_no_rate_when_a_count_is_approximate():
    text = text_of(
        figures={"advisory.program_planned": 206, "advisory.program_passed": (150, "hon")}
    )
    assert (
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tham mưu UBND tỉnh thông qua hơn 150 "
        "trên tổng số 206 nội dung trong chương trình công tác." in text
    )
    assert "%" not in text


def test_it_writes_a_rate_known_only_as_a_stated_percentage():
    text = text_of(stated={"advisory.key_tasks_monitored": D("100")})
    assert (
        "Trong công tác tham mưu, tổng hợp, 100% nhiệm vụ trọng tâm trong chương trình công tác "
        "của UBND tỉnh được đôn đốc, theo dõi." in text
    )


def test_a_stated_percentage_is_written_with_the_digits_its_author_wrote():
    text = text_of(stated={"dossiers.resolved": D("98.20")})
    assert "tỷ lệ hồ sơ đã giải quyết đạt 98,2%" in text


def test_it_joins_a_stated_on_time_rate_to_the_dossiers_received():
    text = text_of(
        figures={"dossiers.received": (600, "hon")},
        stated={"dossiers.resolved_on_time": D("100")},
        units={"dossiers": "Bộ phận tiếp nhận và trả kết quả"},
    )
    assert (
        "Năm 2022, Bộ phận tiếp nhận và trả kết quả thuộc Văn phòng UBND tỉnh Thừa Thiên Huế đã "
        "tiếp nhận hơn 600 hồ sơ thủ tục hành chính." in text
    )
    assert "Về giải quyết thủ tục hành chính, tỷ lệ hồ sơ trả đúng hạn đạt 100%." in text


def test_it_names_the_unit_that_handled_the_dossiers():
    text = text_of(
        figures={"dossiers.received": 83408, "dossiers.resolved": 81948},
        units={"dossiers": "Trung tâm Phục vụ hành chính công tỉnh"},
    )
    assert (
        "Năm 2022, Trung tâm Phục vụ hành chính công tỉnh thuộc Văn phòng UBND tỉnh Thừa Thiên "
        "Huế đã tiếp nhận 83.408 hồ sơ thủ tục hành chính; giải quyết 81.948 hồ sơ, đạt 98,2% "
        "số hồ sơ tiếp nhận." in text
    )


def test_the_office_handles_the_dossiers_when_no_unit_is_recorded():
    text = text_of(figures={"dossiers.received": 120})
    assert (
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tiếp nhận 120 hồ sơ thủ tục hành chính."
        in text
    )
    text = text_of(figures={"dossiers.received": 120, "dossiers.carried_over": 5})
    assert "Về giải quyết thủ tục hành chính, số hồ sơ năm trước chuyển sang là 5." in text


def test_it_writes_petitions_with_their_parts_joined_the_vietnamese_way():
    text = text_of(
        figures={
            "reception.periodic_sessions": 26,
            "petitions.received": 754,
            "petitions.eligible": 728,
            "petitions.ineligible": 26,
        }
    )
    assert (
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tiếp nhận 754 đơn thư, trong đó có 728 "
        "đơn đủ điều kiện xử lý, chiếm 96,55%; 26 đơn không đủ điều kiện." in text
    )
    assert (
        "Văn phòng đã phục vụ Chủ tịch, các Phó Chủ tịch UBND tỉnh tiếp công dân định kỳ 26 buổi."
        in text
    )


def test_it_writes_the_dossiers_timing_and_pending_counts():
    text = text_of(
        figures={
            "dossiers.received": 1000,
            "dossiers.received_online": 400,
            "dossiers.resolved": 900,
            "dossiers.resolved_early": 500,
            "dossiers.resolved_on_time": 390,
            "dossiers.resolved_late": 10,
            "dossiers.pending": 100,
            "dossiers.pending_overdue": 3,
        }
    )
    assert (
        "tiếp nhận 1.000 hồ sơ thủ tục hành chính, trong đó có 400 hồ sơ trực tuyến, chiếm 40%; "
        "giải quyết 900 hồ sơ, đạt 90% số hồ sơ tiếp nhận." in text
    )
    assert (
        "Trong số hồ sơ đã giải quyết, có 500 hồ sơ trả kết quả trước hạn, chiếm 55,6%; 390 hồ "
        "sơ đúng hạn; 10 hồ sơ quá hạn, chiếm 1,1%." in text
    )
    assert "Đến cuối năm, còn 100 hồ sơ đang giải quyết, trong đó có 3 hồ sơ đã quá hạn." in text
    # (500 + 390) / 900: early and on-time returns together.
    assert "Tỷ lệ hồ sơ giải quyết trước và đúng hạn đạt 98,9%" in text


def test_it_uses_the_rounded_wording_an_author_asked_for():
    text = text_of(
        figures={"documents.incoming": {"value": 52937, "round_in_text": True}},
    )
    assert "tiếp nhận hơn 52.900 văn bản đến" in text
    assert "52.937" not in text


def test_a_reported_zero_after_a_verb_is_a_negated_verb():
    assert "Văn phòng đã không giúp UBND tỉnh trình HĐND tỉnh đề án, báo cáo nào." in (
        text_of(figures={"advisory.council_submissions": 0})
    )
    assert "Văn phòng đã không phục vụ cuộc họp trực tuyến nào." in text_of(
        figures={"advisory.meetings_online": 0}
    )


def test_a_reported_zero_inside_a_list_is_none_of_it():
    text = text_of(figures={"advisory.meetings": 120, "advisory.meetings_online": 0})
    assert "Văn phòng đã phục vụ 120 cuộc họp, hội nghị, không có cuộc họp trực tuyến." in text
    text = text_of(
        figures={
            "dossiers.resolved": 900,
            "dossiers.resolved_early": 500,
            "dossiers.resolved_on_time": 400,
            "dossiers.resolved_late": 0,
        }
    )
    assert "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã giải quyết 900 hồ sơ." in text
    assert (
        "Trong số hồ sơ đã giải quyết, có 500 hồ sơ trả kết quả trước hạn, chiếm 55,6%; 400 hồ "
        "sơ đúng hạn; không có hồ sơ quá hạn. Tỷ lệ hồ sơ giải quyết trước và đúng hạn đạt 100%."
        in text
    )
    assert "0%" not in text.replace("100%", "")


def test_none_resolved_is_said_once_without_a_zero_rate():
    text = text_of(figures={"dossiers.received": 500, "dossiers.resolved": 0})
    assert (
        "đã tiếp nhận 500 hồ sơ thủ tục hành chính; không giải quyết hồ sơ nào; tỷ lệ hồ sơ"
        not in text
    )
    assert "đã tiếp nhận 500 hồ sơ thủ tục hành chính." in text
    assert "Văn phòng đã không giải quyết hồ sơ nào." in text
    # Neither the text nor the headline states a 0% result.
    assert "0%" not in text


def test_a_rate_that_rounds_to_zero_keeps_a_significant_digit():
    text = text_of(figures={"dossiers.received": 500_000, "dossiers.resolved": 100})
    assert "giải quyết 100 hồ sơ, đạt 0,02% số hồ sơ tiếp nhận." in text
    # 48 of 500.000 is 0,0096%: one significant digit, rounded half-up.
    text = text_of(figures={"dossiers.received": 500_000, "dossiers.resolved": 48})
    assert "giải quyết 48 hồ sơ, đạt 0,01% số hồ sơ tiếp nhận." in text


@pytest.mark.parametrize("code", CODES)
def test_every_figure_reported_as_zero_reads_as_none(code):
    """Alone, and among other figures of its section: never "0 …", never a doubled or
    broken "không"."""
    alone = article_of(figures={code: 0})
    others = {c: 7 for c in CODES if c.split(".")[0] == code.split(".")[0]}
    among = article_of(figures=others | {code: 0})
    for article in (alone, among):
        # The lead may state the figure: every paragraph counts.
        text = "\n".join(article.paragraphs)
        assert not re.search(r"(?<![\d.,/])0(?![\d.,%/])", text), text
        # A part of its plan is a fraction ("0/206 nội dung"); every other zero is words:
        # "không …", or "chưa giải quyết xong vụ việc nào".
        assert "không" in text or " nào" in text or re.search(r"\b0/|/0\b", text), text
        for broken in ("có không", "không có không", "không không", "về không", "với không"):
            assert broken not in text, (broken, text)


def test_the_names_follow_the_kind_of_unit_in_the_report_year():
    text = text_of(
        year=2025,
        kind="thành phố",
        figures={"advisory.council_submissions": 40, "reception.periodic_sessions": 20},
    )
    assert "giúp UBND thành phố trình HĐND thành phố 40 đề án, báo cáo" in text
    assert "Phó Chủ tịch UBND thành phố" in text
    assert "Văn phòng UBND thành phố Huế" in text


def test_an_indicator_added_to_the_catalogue_is_listed_rather_than_left_out():
    indicators = {**INDICATORS, "advisory.inspections": ("Cuộc kiểm tra công vụ", "cuộc")}
    article = narrative.build(
        narrative.Facts(
            year=2022,
            office_name="Văn phòng UBND tỉnh Khánh Hòa",
            kind="tỉnh",
            figures={"advisory.inspections": Figure(value=12)},
            indicators=indicators,
        )
    )
    # Without a verb, a sentence of its own; the unit is not said twice.
    assert "Trong công tác tham mưu, tổng hợp, có 12 cuộc kiểm tra công vụ." in article.text()


def test_an_indicator_added_to_the_catalogue_is_written_from_its_verb_and_noun():
    indicators = {
        **INDICATORS,
        "dossiers.scanned": ("Hồ sơ được quét", "hồ sơ", "quét, lưu trữ", "hồ sơ giấy"),
    }
    article = narrative.build(
        narrative.Facts(
            year=2022,
            office_name="Văn phòng UBND tỉnh Khánh Hòa",
            kind="tỉnh",
            figures={
                "dossiers.received": Figure(value=1000),
                "dossiers.carried_over": Figure(value=20),
                "dossiers.scanned": Figure(value=12000, qualifier="hon"),
            },
            indicators=indicators,
        )
    )
    assert article.paragraphs[1] == (
        "Về giải quyết thủ tục hành chính, số hồ sơ năm trước chuyển sang là 20. Văn phòng đã "
        "quét, lưu trữ hơn 12.000 hồ sơ giấy."
    )


# ---------------------------------------------------------------------------
# Province-wide sections, stated changes and shares, the index, Government tasks


def test_a_province_wide_section_is_the_work_of_the_provinces_bodies():
    article = article_of(
        figures={
            "reception.periodic_sessions": 40,
            "petitions.received": 900,
            "petitions.eligible": 800,
            "dossiers.received": 100,
        },
        province_wide=frozenset({"reception", "petitions"}),
    )
    # The lead is the office's own result, never a province-wide one.
    assert article.paragraphs[0] == (
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tiếp nhận 100 hồ sơ thủ tục hành chính."
    )
    assert article.paragraphs[1:] == [
        "Trên địa bàn tỉnh, các cơ quan hành chính nhà nước các cấp đã tổ chức 40 buổi tiếp công "
        "dân định kỳ. Trên địa bàn tỉnh, các cơ quan hành chính nhà nước các cấp cũng đã tiếp "
        "nhận 900 đơn thư, trong đó có 800 đơn đủ điều kiện xử lý, chiếm 88,89%.",
    ]
    # Only province-wide figures: the office compiles them.
    article = article_of(
        figures={"petitions.received": 900}, province_wide=frozenset({"petitions"})
    )
    assert article.paragraphs[0] == (
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế tổng hợp kết quả xử lý đơn thư của các cơ "
        "quan hành chính nhà nước các cấp trên địa bàn tỉnh."
    )
    assert article.headline == "Kết quả công tác năm 2022 của Văn phòng UBND tỉnh Thừa Thiên Huế"


def test_a_stated_change_with_its_qualifier_follows_its_count():
    text = text_of(
        figures={
            "dossiers.received": {
                "value": 215000,
                "qualifier": "hon",
                "stated_change": D("15"),
                "stated_change_kind": "percent",
                "stated_change_qualifier": "gan",
            }
        }
    )
    assert (
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tiếp nhận hơn 215 nghìn hồ sơ thủ tục "
        "hành chính (tăng gần 15% so với năm trước)." in text
    )


def test_a_stated_multiple_is_said_as_times():
    text = text_of(
        figures={
            "documents.incoming": 100,
            "documents.outgoing": {
                "value": 20300,
                "stated_change": D("2"),
                "stated_change_kind": "times",
            },
        }
    )
    assert (
        "Trong công tác văn thư, Văn phòng đã tham mưu UBND tỉnh ban hành 20.300 văn bản đi "
        "(gấp 2 lần so với năm trước)." in text
    )


def test_a_stated_percentage_no_rate_prints_follows_its_count_with_what_it_is_of():
    text = text_of(
        figures={
            "dossiers.received": 10000,
            "dossiers.paid_online": {
                "value": 4127,
                "stated_percent": D("41.27"),
                "percent_of": "tổng số hồ sơ",
            },
        }
    )
    assert (
        "Về giải quyết thủ tục hành chính, Văn phòng đã thu phí, lệ phí trực tuyến đối với 4.127 "
        "hồ sơ, chiếm 41,27% tổng số hồ sơ." in text
    )


def test_the_decision_766_index_is_one_sentence():
    index = SimpleNamespace(
        index_score=D("82.45"),
        index_band="khá tốt",
        index_rank=12,
        index_rank_of=63,
        index_as_of=date(2023, 12, 31),
    )
    text = text_of(figures={"dossiers.received": 1000}, index=index)
    assert (
        "Tính đến ngày 31/12/2023, tỉnh đạt 82,45/100 điểm Bộ chỉ số phục vụ người dân, doanh "
        "nghiệp trong thực hiện thủ tục hành chính, dịch vụ công (theo Quyết định số 766/QĐ-TTg), "
        "xếp loại khá tốt, đứng thứ 12/63 tỉnh, thành phố." in text
    )


def test_the_government_tasks_are_one_sentence_that_opens_with_them():
    text = text_of(
        figures={
            "advisory.gov_tasks": 120,
            "advisory.gov_tasks_done": 100,
            "advisory.gov_tasks_on_time": 95,
            "advisory.gov_tasks_overdue": 5,
        }
    )
    assert (
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tham mưu UBND tỉnh thực hiện 120 nhiệm "
        "vụ được Chính phủ, Thủ tướng Chính phủ giao, 100 nhiệm vụ đã hoàn thành, đạt 83,3%; trong đó có "
        "95 nhiệm vụ hoàn thành đúng hạn; còn 5 nhiệm vụ quá hạn." in text
    )
    text = text_of(figures={"advisory.gov_tasks": 120, "advisory.gov_tasks_done": 0})
    assert (
        "tham mưu UBND tỉnh thực hiện 120 nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao, chưa "
        "hoàn thành nhiệm vụ nào." in text
    )


# ---------------------------------------------------------------------------
# Headline and lead


def test_the_headline_states_the_key_result():
    figures = {
        "advisory.program_planned": 206,
        "advisory.program_passed": 159,
        "documents.incoming": 52900,
    }
    assert article_of(year=2020, figures=figures).headline == (
        "Văn phòng UBND tỉnh Thừa Thiên Huế tham mưu thông qua 77,18% nội dung chương trình công "
        "tác năm 2020"
    )
    article = article_of(
        year=2020,
        figures=figures,
        office_name="Văn phòng UBND tỉnh Khánh Hòa",
        conference=Conference(date=date(2021, 1, 6), part_of_day="chieu", staff_attending=120),
    )
    assert article.headline == (
        "Văn phòng UBND tỉnh Khánh Hòa tổng kết công tác năm 2020: tham mưu thông qua 77,18% nội "
        "dung chương trình công tác"
    )
    # With a conference the lead names the event, then the period and its key result.
    assert article.paragraphs[:2] == [
        "Chiều 6-1, Văn phòng UBND tỉnh Khánh Hòa tổ chức hội nghị tổng kết công tác năm 2020, "
        "triển khai nhiệm vụ năm 2021. Hội nghị có 120 cán bộ, công chức tham dự. Năm 2020, Văn "
        "phòng đã tham mưu UBND tỉnh thông qua 159/206 nội dung trong chương trình công tác, đạt "
        "77,18% kế hoạch.",
        "Trong công tác văn thư, Văn phòng đã tiếp nhận 52.900 văn bản đến.",
    ]


def test_a_zero_result_is_never_the_headline():
    article = article_of(figures={"advisory.program_planned": 206, "advisory.program_passed": 0})
    assert "0%" not in article.headline
    assert article.headline == "Kết quả công tác năm 2022 của Văn phòng UBND tỉnh Thừa Thiên Huế"


def test_the_lead_of_a_quarter_without_a_conference_names_it_with_its_dates():
    article = article_of(
        year=2023,
        period="quarter-1",
        period_start=date(2022, 12, 15),
        period_end=date(2023, 3, 14),
        figures={"dossiers.received": 5000, "dossiers.resolved": 4800},
    )
    assert article.headline == (
        "Văn phòng UBND tỉnh Thừa Thiên Huế: 96% hồ sơ thủ tục hành chính được giải quyết trong "
        "quý I năm 2023"
    )
    assert article.paragraphs == [
        "Quý I năm 2023 (tính từ ngày 15/12/2022 đến ngày 14/3/2023), Văn phòng UBND tỉnh Thừa "
        "Thiên Huế đã tiếp nhận 5.000 hồ sơ thủ tục hành chính; giải quyết 4.800 hồ sơ, đạt 96% "
        "số hồ sơ tiếp nhận.",
    ]


# ---------------------------------------------------------------------------
# Year-on-year


def test_it_writes_the_change_against_the_previous_year_with_exact_strings():
    text = text_of(
        year=2020,
        figures={
            "documents.incoming": 52900,
            "documents.outgoing": 20300,
            "dossiers.received": 600,
            "petitions.received": 100,
        },
        previous={
            "documents.incoming": 44641,
            "documents.outgoing": 7355,
            "dossiers.received": 620,
            "petitions.received": 100,
        },
    )
    # 52.900 / 44.641 = 1,18500…: up 18,5%; 20.300 / 7.355 = 2,7600…: 2,76 times.
    assert "tiếp nhận 52.900 văn bản đến (tăng 18,5% so với năm 2019)" in text
    assert "ban hành 20.300 văn bản đi (gấp 2,76 lần so với năm 2019)" in text
    # 600 / 620: down 3,2258…%.
    assert "tiếp nhận 600 hồ sơ thủ tục hành chính (giảm 3,2% so với năm 2019)" in text
    assert "tiếp nhận 100 đơn thư (bằng năm 2019)" in text


def test_it_writes_no_change_when_either_year_is_approximate_or_missing():
    text = text_of(
        year=2020,
        figures={"documents.incoming": (52900, "hon"), "documents.outgoing": 20300},
        previous={"documents.incoming": 44641, "dossiers.received": 500},
    )
    assert "so với" not in text


# ---------------------------------------------------------------------------
# Lead, directives, awards, byline


def _khanh_hoa_people():
    return [
        Attendee(honorific="ong", name="Lê Hữu Hoàng", title="Phó Chủ tịch Thường trực UBND tỉnh"),
        Attendee(honorific="ong", name="Nguyễn Anh Tuấn", title="Phó Chủ tịch UBND tỉnh"),
    ]


def test_the_lead_has_the_dateline_the_conference_and_the_attendees_with_titles():
    article = article_of(
        year=2020,
        office_name="Văn phòng UBND tỉnh Khánh Hòa",
        conference=Conference(
            date=date(2020, 12, 29),
            part_of_day="chieu",
            title="hội nghị cán bộ, công chức, viên chức năm 2020",
        ),
        attendees=_khanh_hoa_people(),
    )
    assert article.paragraphs[0] == (
        "Chiều 29-12, Văn phòng UBND tỉnh Khánh Hòa tổ chức hội nghị cán bộ, công chức, "
        "viên chức năm 2020. Tham dự hội nghị có các ông: Lê Hữu Hoàng, Phó Chủ tịch Thường "
        "trực UBND tỉnh; Nguyễn Anh Tuấn, Phó Chủ tịch UBND tỉnh."
    )


def test_a_conference_without_a_date_still_has_a_lead_that_reads_well():
    article = article_of(
        conference=Conference(),
        attendees=[Attendee(honorific="ong", name="Nguyễn Văn Phương", title="Chủ tịch UBND tỉnh")],
    )
    assert article.paragraphs[0] == (
        "Văn phòng UBND tỉnh Thừa Thiên Huế tổ chức hội nghị tổng kết công tác năm 2022, "
        "triển khai nhiệm vụ năm 2023. "
        "Tham dự hội nghị có ông Nguyễn Văn Phương, Chủ tịch UBND tỉnh."
    )


def test_a_date_without_a_part_of_day_and_a_place_are_written():
    article = article_of(
        conference=Conference(date=date(2023, 1, 5), place="Trụ sở UBND tỉnh"),
    )
    assert article.paragraphs[0] == (
        "Ngày 5-1, Văn phòng UBND tỉnh Thừa Thiên Huế tổ chức hội nghị tổng kết công tác "
        "năm 2022, triển khai nhiệm vụ năm 2023 tại Trụ sở UBND tỉnh."
    )


def test_attendees_with_mixed_honorifics_each_get_their_own():
    article = article_of(
        attendees=[
            Attendee(honorific="ong", name="Nguyễn Văn Phương", title="Chủ tịch UBND tỉnh"),
            Attendee(honorific="ba", name="Trần Thị Mai", title=""),
        ]
    )
    assert (
        "Tham dự hội nghị có ông Nguyễn Văn Phương, Chủ tịch UBND tỉnh; bà Trần Thị Mai."
        in (article.paragraphs[0])
    )


def test_without_a_conference_the_lead_summarises_the_year():
    article = article_of(
        figures={"documents.incoming": 100, "dossiers.received": 50},
    )
    # The key result is the lead, and not repeated below it: dossiers received without
    # their resolution come after documents.
    assert article.paragraphs == [
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tiếp nhận 100 văn bản đến.",
        "Về giải quyết thủ tục hành chính, Văn phòng đã tiếp nhận 50 hồ sơ thủ tục hành chính.",
    ]


def test_a_report_with_nothing_says_so_in_one_sentence():
    article = article_of()
    assert article.paragraphs == [
        "Văn phòng UBND tỉnh Thừa Thiên Huế chưa có số liệu công tác năm 2022."
    ]
    assert article.headline == "Kết quả công tác năm 2022 của Văn phòng UBND tỉnh Thừa Thiên Huế"


def test_the_headline_written_by_staff_wins():
    assert article_of(headline=" Văn phòng đi đầu  cải cách ").headline == (
        "Văn phòng đi đầu cải cách"
    )


def test_directives_put_the_title_before_the_name():
    article = article_of(
        attendees=_khanh_hoa_people(),
        directives=[
            Directive(
                speaker="Lê Hữu Hoàng",
                speaker_title="Phó Chủ tịch Thường trực UBND tỉnh",
                content="nâng cao vai trò tham mưu.",
            ),
            Directive(speaker="Nguyễn Anh Tuấn", content="Văn phòng cần đổi mới lề lối làm việc…"),
        ],
    )
    assert (
        "Phát biểu chỉ đạo hội nghị, Phó Chủ tịch Thường trực UBND tỉnh Lê Hữu Hoàng yêu cầu "
        "Văn phòng UBND tỉnh nâng cao vai trò tham mưu." in article.paragraphs
    )
    assert "Nguyễn Anh Tuấn nhấn mạnh: Văn phòng cần đổi mới lề lối làm việc." in article.paragraphs


def _award(kind, **fields):
    return Award(recipient_kind=kind, **fields)


def test_awards_with_counts():
    text = text_of(
        conference=Conference(date=date(2020, 12, 29)),
        awards=[_award("tap_the", count=3), _award("ca_nhan", count=12)],
    )
    assert "Dịp này, 3 tập thể và 12 cá nhân được khen thưởng." in text


def test_awards_known_only_as_many():
    text = text_of(
        conference=Conference(date=date(2020, 12, 29)),
        awards=[
            _award("tap_the", is_many=True, issuer="UBND tỉnh"),
            _award("ca_nhan", is_many=True, issuer="UBND tỉnh"),
        ],
    )
    assert "Dịp này, nhiều tập thể và cá nhân được UBND tỉnh khen thưởng." in text


def test_awards_with_names_titles_and_issuers():
    text = text_of(
        conference=Conference(date=date(2020, 12, 29)),
        awards=[
            _award(
                "ca_nhan",
                title="Bằng khen",
                issuer="Chủ tịch UBND tỉnh",
                recipients="Nguyễn Văn A\n\n Trần Thị B ",
            ),
            _award("tap_the", title="Giấy khen của Chánh Văn phòng", count=4),
            _award("tap_the", count=0),
            _award("ca_nhan", title="Chiến sĩ thi đua cơ sở", count=20),
        ],
    )
    assert (
        "Dịp này, 2 cá nhân (Nguyễn Văn A và Trần Thị B) được Chủ tịch UBND tỉnh tặng Bằng "
        "khen; 4 tập thể được tặng Giấy khen của Chánh Văn phòng; 20 cá nhân được công nhận "
        "danh hiệu Chiến sĩ thi đua cơ sở." in text
    )


def test_the_plain_text_ends_with_the_byline_and_the_source():
    article = article_of(byline="L.THỌ", source="Báo Thừa Thiên Huế online")
    assert article.text().endswith("\n\nL.THỌ\n\nNguồn: Báo Thừa Thiên Huế online")


def test_a_stated_percentage_the_counts_do_not_reproduce_is_a_disagreement():
    article = article_of(
        figures={"advisory.program_planned": 206, "advisory.program_passed": 159},
        stated={"advisory.program_passed": D("77.5")},
    )
    assert article.disagreements == [
        narrative.Disagreement(
            "rate.program_completion",
            "Tỷ lệ hoàn thành chương trình công tác",
            D("77.18"),
            D("77.5"),
            159,
            206,
        )
    ]
    # Readers get the computed value.
    assert "đạt 77,18%" in article.text()
    assert "77,5" not in article.text()


# ---------------------------------------------------------------------------
# Any subset of the data

ARTEFACTS = [
    "None",
    ",,",
    " ,",
    "  ",
    "hơn hơn",
    " .",
    "..",
    ";;",
    " ;",
    ", .",
    "; .",
    ",.",
    ";.",
    "()",
    "( ",
    " )",
    "\n\n\n",
]

NAMES = ["Nguyễn Văn Phương", " Lê Hữu  Hoàng ", "Trần Thị Mai", "", "  "]
AWARD_TITLES = ["Bằng khen của Chủ tịch UBND tỉnh", "", "Giấy khen ", "Tập thể lao động xuất sắc"]
TITLES = [
    "Chủ tịch UBND tỉnh",
    "Phó Chủ tịch Thường trực UBND tỉnh ",
    "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh",
    "Giám đốc Sở Nội vụ.",
    "",
]
CONTENTS = [
    "nâng cao chất lượng tham mưu.",
    "Văn phòng cần đổi mới lề lối làm việc…",
    "  tiếp tục cải cách hành chính;  ",
    "...",
    "",
]
TEXTS = ["Trung tâm Phục vụ hành chính công tỉnh", "Bộ phận tiếp nhận và trả kết quả", "", "  "]
CONFERENCE_TITLES = [
    "hội nghị cán bộ, công chức, viên chức năm 2022",
    "Hội nghị tổng kết công tác năm 2022.",
    "",
    " ",
]
RECIPIENTS = ["Phòng Tổng hợp\nPhòng Kinh tế", "", "Nguyễn Văn A\n  \nTrần Thị B "]

# What a stated percentage is of, as an office writes it; never a unit noun, which the
# author could repeat at will.
PERCENT_OF = ["", "kế hoạch năm", "tổng số", "so với kế hoạch", " cả tỉnh "]


@st.composite
def stated_changes(draw):
    """Figure fields of a change the office stated: a signed percentage, or a multiple."""
    kind = draw(st.sampled_from(["percent", "times"]))
    if kind == "times":
        value = draw(st.decimals("1.01", "20", places=2, allow_nan=False, allow_infinity=False))
    else:
        value = draw(st.decimals("-99.9", "500", places=1, allow_nan=False, allow_infinity=False))
    return {
        "stated_change": value,
        "stated_change_kind": kind,
        "stated_change_qualifier": draw(st.sampled_from(list(vietnamese.QUALIFIERS))),
    }


@st.composite
def figure_values(draw):
    spec = {
        "value": draw(
            st.integers(1, 2_000_000)
            | st.integers(1, 2_000).map(lambda n: n * 1000)
            | st.integers(1, 20).map(lambda n: n * 100_000)
        ),
        "qualifier": draw(st.sampled_from(list(vietnamese.QUALIFIERS))),
        "round_in_text": draw(st.booleans()),
    }
    if draw(st.booleans()):
        spec |= draw(stated_changes())
    if draw(st.integers(0, 3)) == 0:
        spec["stated_percent"] = draw(
            st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False)
        )
        spec["percent_of"] = draw(st.sampled_from(PERCENT_OF))
    return spec


previous_values = st.tuples(
    st.integers(1, 2_000_000), st.sampled_from(list(vietnamese.QUALIFIERS)), st.booleans()
).map(lambda t: {"value": t[0], "qualifier": t[1], "round_in_text": t[2]})

attendees = st.lists(
    st.builds(
        Attendee,
        honorific=st.sampled_from(["ong", "ba", ""]),
        name=st.sampled_from(NAMES),
        title=st.sampled_from(TITLES),
    ),
    max_size=4,
)
directives = st.lists(
    st.builds(
        Directive,
        speaker=st.sampled_from(NAMES),
        speaker_title=st.sampled_from(TITLES),
        content=st.sampled_from(CONTENTS),
    ),
    max_size=3,
)


@st.composite
def awards(draw):
    is_many = draw(st.booleans())
    return Award(
        recipient_kind=draw(st.sampled_from(["tap_the", "ca_nhan"])),
        title=draw(st.sampled_from(AWARD_TITLES)),
        issuer=draw(st.sampled_from(["UBND tỉnh", "", "Văn phòng UBND tỉnh."])),
        is_many=is_many,
        count=None if is_many else draw(st.none() | st.integers(0, 50)),
        recipients="" if is_many else draw(st.sampled_from(RECIPIENTS)),
    )


conferences = st.none() | st.builds(
    Conference,
    date=st.none() | st.dates(date(2020, 12, 1), date(2023, 3, 31)),
    part_of_day=st.sampled_from(["", "sang", "chieu", "toi"]),
    title=st.sampled_from(CONFERENCE_TITLES),
    place=st.sampled_from(["Trụ sở UBND tỉnh", "", " "]),
    staff_attending=st.none() | st.integers(1, 500),
)


@st.composite
def indexes(draw):
    """The Decision 766 index as Facts.from_report reads it from the Report."""
    rank_of = draw(st.none() | st.integers(1, 63))
    rank = draw(st.none() | st.integers(1, rank_of or 63))
    return SimpleNamespace(
        index_score=draw(
            st.none() | st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False)
        ),
        index_band=draw(st.sampled_from(["khá tốt", "tốt", "", " trung bình "])),
        index_rank=rank,
        index_rank_of=rank_of if rank is not None else draw(st.none() | st.integers(1, 63)),
        index_as_of=draw(st.none() | st.dates(date(2020, 1, 1), date(2025, 12, 31))),
    )


# Habits of machine-written prose the provincial press never has (DOMAIN.md §7a).
FILLERS = ["Theo báo cáo tổng kết", "Cụ thể", "ghi nhận kết quả về"]
UNIT_NOUNS = {
    "hồ sơ": r"hồ sơ",
    "văn bản": r"văn bản",
    "đơn": r"đơn(?! thư)",
    "vụ việc": r"vụ việc",
    "nhiệm vụ": r"nhiệm vụ",
    "cuộc họp": r"cuộc họp",
}


def assert_no_habits(text):
    for filler in FILLERS:
        assert filler not in text, (filler, text)
    # Datelines without zero padding: "Chiều 6-1", never "Chiều 06-01".
    assert not re.search(r"\b(Sáng|Chiều|Tối|Ngày) 0\d-", text), text
    assert not re.search(r"\b(Sáng|Chiều|Tối|Ngày) \d{1,2}-0\d\b", text), text
    # A share is "chiếm 96,55%", never a bare "(96,55%)".
    assert not re.search(r"\(\s*[\d.,]+%\s*\)", text), text
    # "trong đó có hơn 90 cuộc họp", never "trong đó" + a bare number.
    assert not re.search(r"trong đó (\d|hơn|gần|trên|khoảng)\b", text), text
    # No unit noun three times in one clause.
    for clause in re.split(r";|\n|\.(?!\d)", text):
        for noun, pattern in UNIT_NOUNS.items():
            found = re.findall(rf"(?<!\w){pattern}(?!\w)", clause)
            assert len(found) <= 2, (noun, clause)
    # An approximate round count from 100.000 up is "hơn 215 nghìn", not "hơn 215.000".
    for match in re.finditer(r"(hơn|gần|trên|khoảng) (\d{1,3}(?:\.\d{3})+)(?![\d,])", text):
        if match.group(0) == "gần 100.000":
            # Rounded up from a count under 100.000 (99.960): vietnamese.rounded keeps
            # digits there, as test_vietnamese asserts.
            continue
        value = int(match.group(2).replace(".", ""))
        assert value < 100_000 or value % 1000, (match.group(0), text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    figures=st.dictionaries(st.sampled_from(CODES), figure_values(), max_size=len(CODES)),
    previous=st.dictionaries(st.sampled_from(CODES), previous_values, max_size=10),
    stated=st.dictionaries(
        st.sampled_from(sorted(set(STATED_ON.values()))),
        st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False),
        max_size=4,
    ),
    units=st.dictionaries(st.sampled_from(list(narrative.AREAS)), st.sampled_from(TEXTS)),
    conference=conferences,
    attendees=attendees,
    directives=directives,
    awards=st.lists(awards(), max_size=4),
    byline=st.sampled_from(["L.THỌ", "", " MẠNH HÙNG "]),
    source=st.sampled_from(["Báo Thừa Thiên Huế online", "", "  "]),
    province_wide=st.frozensets(st.sampled_from(list(narrative.AREAS))),
    index=st.none() | indexes(),
)
def test_any_subset_of_the_data_reads_clean_and_prints_every_figure(
    figures,
    previous,
    stated,
    units,
    conference,
    attendees,
    directives,
    awards,
    byline,
    source,
    province_wide,
    index,
):
    facts = make_facts(
        figures=figures,
        previous=previous,
        stated=stated,
        units=units,
        conference=conference,
        attendees=attendees,
        directives=directives,
        awards=awards,
        byline=byline,
        source=source,
        province_wide=province_wide,
        index=index,
    )
    article = narrative.build(facts)
    text = article.text()
    assert_no_habits(text)

    for artefact in ARTEFACTS:
        assert artefact not in text, (artefact, text)
    # Every count is at least 1 and no award has 0 recipients: a lone "0 " is a missing value.
    assert not re.search(r"(?<![\d.,/])0 ", text), text
    assert article.headline
    for paragraph in article.paragraphs:
        assert paragraph[0].isupper() or paragraph[0].isdigit(), paragraph
        assert paragraph.endswith("."), paragraph
        assert not re.search(r"(,|;|:| và)\.$", paragraph), paragraph

    for code, figure in facts.figures.items():
        if figure.value is not None:
            wording = vietnamese.figure_text(figure.value, figure.qualifier, figure.round_in_text)
            assert printed(wording, text), (code, wording, text)
    for code, result in facts.rates.items():
        if result.computed is not None and code in PLAN_RATES and result.computed >= 200:
            # Several times its plan: "gấp N lần kế hoạch", never a bare "đạt 1.000%".
            times = Decimal(result.numerator) / Decimal(result.denominator)
            assert printed(vietnamese.above_plan(result.computed, times), text), (code, text)
        elif result.computed is not None:
            assert printed(vietnamese.percent(result.computed), text), (code, text)
        elif result.stated is not None:
            # As the author wrote it: 98.20 in the database is "98,2%".
            assert printed(vietnamese.percent(result.stated.normalize()), text), (code, text)
    for person in attendees:
        if narrative.clean(person.name):
            assert narrative.clean(person.name) in text

    for code, figure in facts.figures.items():
        if figure.value is None:
            continue
        if figure.stated_change is not None and code not in facts.previous:
            # No computed change: the office's own, with its digits.
            change = vietnamese.stated_change(
                figure.stated_change, figure.stated_change_kind, figure.stated_change_qualifier
            )
            assert change in text, (code, change, text)
        if figure.stated_percent is not None and code not in facts.stated_on:
            share = vietnamese.percent(figure.stated_percent.normalize())
            assert printed(share, text), (code, share, text)
    # A province-wide section is the province's bodies' work, never the office's.
    for section in province_wide:
        for sentence in article.sections.get(section, []):
            assert not sentence.startswith(narrative.OFFICE), (section, sentence)
            assert f"{narrative.OFFICE} cũng" not in sentence, (section, sentence)
            assert f"{narrative.OFFICE} đã" not in sentence, (section, sentence)
    if index is not None:
        if index.index_score is not None:
            score = f"{vietnamese.written(index.index_score)}/100 điểm"
            assert score in text, (score, text)
        if narrative.clean(index.index_band):
            assert f"xếp loại {narrative.clean(index.index_band)}" in text, text
        if index.index_rank is not None:
            assert printed(str(index.index_rank), text), text
    if facts.has_conference and conference is not None and conference.staff_attending:
        staff = f"{vietnamese.number(conference.staff_attending)} cán bộ, công chức"
        assert staff in text, (staff, text)

    # The page renders the same article with no empty element.
    html = render_to_string("reports/_article.html", {"article": article})
    assert not re.search(r"<(h1|p)[^>]*>\s*</\1>", html), html


def test_each_section_in_full_keeps_the_key_result_the_lead_states():
    """The Word report sets each section under its own heading: the key result is in its
    section there, though the article's lead says it instead."""
    article = article_of(
        figures={"advisory.program_planned": 206, "advisory.program_passed": 159},
    )
    assert article.paragraphs == [
        "Năm 2022, Văn phòng UBND tỉnh Thừa Thiên Huế đã tham mưu UBND tỉnh thông qua 159/206 "
        "nội dung trong chương trình công tác, đạt 77,18% kế hoạch."
    ]
    assert article.sections == {
        "advisory": [
            "Văn phòng đã tham mưu UBND tỉnh thông qua 159/206 nội dung trong chương trình công "
            "tác, đạt 77,18% kế hoạch."
        ]
    }
