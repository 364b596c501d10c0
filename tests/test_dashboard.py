"""The leadership dashboard: exact KPIs and changes, table, completeness, attention, access,
cache invalidation and pinned query counts."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from bench.data import generate
from officereports.reports import dashboard as board
from officereports.reports import filters, totals
from officereports.reports.models import (
    Figure,
    Indicator,
    Membership,
    RateDefinition,
    Report,
    Role,
)
from tests.conftest import _user, screenshot

URL = "/dashboard/"
# The switch that counts reports not approved yet: Khánh Hòa's 2022 report in `two_years` is
# a draft, counted only with it.
ALL = {"include": "all"}


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache outlives a test's database transaction: start every test without it.
    cache.clear()
    yield
    cache.clear()


def _report(office, year, status=Report.Status.APPROVED, **figures):
    """A report with figures given as code=value, code=(value, qualifier) or
    code=(value, qualifier, stated percent); codes are written with "__" for "."."""
    start, end = Report.default_period(year)
    report = Report.objects.create(
        office=office, year=year, status=status, period_start=start, period_end=end
    )
    indicators = dict(Indicator.objects.values_list("code", "id"))
    for key, spec in figures.items():
        value, qualifier, stated = (
            (*spec, None)[:3] if isinstance(spec, tuple) else (spec, "exact", None)
        )
        Figure.objects.create(
            report=report,
            indicator_id=indicators[key.replace("__", ".")],
            value=value,
            qualifier=qualifier,
            stated_percent=stated,
        )
    totals.refresh(report)  # written behind the write paths: the totals follow by hand
    return report


@pytest.fixture
def two_years(hue, khanh_hoa):
    """Huế and Khánh Hòa, 2021 and 2022, with numbers chosen so that every total can be
    checked by hand (and averaging rates would give a different answer)."""
    _report(
        hue,
        2021,
        documents__incoming=10_000,
        documents__outgoing=2_800,
        advisory__program_planned=100,
        advisory__program_passed=80,
        petitions__received=700,
        petitions__eligible=650,
        petitions__ineligible=50,
        dossiers__received=1_100,
        dossiers__resolved=1_000,
        dossiers__resolved_early=400,
        dossiers__resolved_on_time=500,
    )
    _report(
        hue,
        2022,
        documents__incoming=12_000,
        documents__outgoing=(3_000, "hon"),
        advisory__program_planned=120,
        advisory__program_passed=108,
        petitions__received=754,
        petitions__eligible=700,
        petitions__ineligible=30,
        dossiers__received=1_300,
        dossiers__resolved=1_200,
        dossiers__resolved_early=500,
        dossiers__resolved_on_time=(640, "exact", Decimal("96")),
    )
    _report(
        khanh_hoa,
        2021,
        documents__incoming=5_000,
        documents__outgoing=900,
        advisory__program_planned=50,
        advisory__program_passed=45,
        petitions__received=200,
        petitions__eligible=180,
        petitions__ineligible=20,
        dossiers__received=420,
        dossiers__resolved=400,
        dossiers__resolved_early=150,
        dossiers__resolved_on_time=230,
    )
    _report(
        khanh_hoa,
        2022,
        Report.Status.DRAFT,
        documents__incoming=4_500,
        documents__outgoing=1_000,
        advisory__program_planned=60,
        advisory__program_passed=48,
        petitions__received=220,
        petitions__eligible=200,
        petitions__ineligible=20,
        dossiers__received=520,
        dossiers__resolved=500,
        dossiers__resolved_early=200,
        dossiers__resolved_on_time=250,
    )


def _kpis(response):
    return {k.code: k for k in response.context["kpis"]}


# ---------------------------------------------------------------------------
# Access


def test_its_addresses_are_stable():
    assert reverse("reports:dashboard") == URL
    assert reverse("reports:dashboard_chart", args=["dossiers"]) == "/dashboard/charts/dossiers.svg"


def test_it_requires_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_charts_require_login(client, db):
    response = client.get("/dashboard/charts/documents.svg")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_see_only_their_office(client, staff, seed_reports):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["year"] == 2022
    assert [o.slug for o in response.context["form"].scope_offices()] == ["thua-thien-hue"]
    assert "Khánh Hòa" not in response.text
    assert [row["slug"] for row in response.context["table"].data] == ["thua-thien-hue"]


def test_staff_cannot_choose_another_office(client, staff, seed_reports):
    client.force_login(staff)
    response = client.get(URL, {"scope": "office:khanh-hoa"})
    assert response.status_code == 200
    assert "Chọn một phạm vi trong danh sách." in response.text
    # The figures stay those of the staff's own office.
    assert _kpis(response)["rate.program_completion"].total.value == Decimal("77.18")
    assert "Khánh Hòa" not in response.text


def test_a_leader_sees_only_the_offices_assigned(client, khanh_hoa, seed_reports):
    leader = _user("assigned-leader", Role.LEADER, khanh_hoa)
    client.force_login(leader)
    response = client.get(URL)
    assert response.context["year"] == 2020
    assert [row["slug"] for row in response.context["table"].data] == ["khanh-hoa"]
    assert "Thừa Thiên Huế" not in response.text
    assert client.get(URL, {"scope": "office:thua-thien-hue"}).context["form"].errors == {
        "scope": ["Chọn một phạm vi trong danh sách."]
    }


def test_a_leader_sees_every_office(client, leader, seed_reports):
    client.force_login(leader)
    response = client.get(URL)
    completeness = response.context["completeness"]
    # Every one of the 63 provincial units existed in 2022.
    assert (completeness.expected, completeness.started, completeness.approved) == (63, 1, 1)
    assert len(response.context["form"].scope_offices()) == 63


def test_a_chart_of_an_office_out_of_reach_is_not_found(client, staff, seed_reports):
    client.force_login(staff)
    response = client.get("/dashboard/charts/documents.svg", {"scope": "office:khanh-hoa"})
    assert response.status_code == 404


# ---------------------------------------------------------------------------
# The seed


def test_seed_kpis_for_2022(client, leader, seed_reports):
    client.force_login(leader)
    response = client.get(URL)
    kpis = _kpis(response)
    assert response.context["year"] == 2022
    program = kpis["rate.program_completion"].total
    assert (program.value, program.numerator, program.denominator) == (Decimal("77.18"), 159, 206)
    assert kpis["rate.legal_completion"].total.value == Decimal("57.89")
    assert kpis["petitions.received"].total.value == 754
    assert kpis["rate.petitions_eligible"].total.value == Decimal("96.55")
    assert kpis["dossiers.resolved"].total.value == 81_948
    # Missing is not zero: Huế did not report documents; on-time needs counts it lacks.
    assert kpis["documents.incoming"].total.value is None
    assert kpis["rate.dossiers_on_time"].total.value is None
    # No 2021 report: no change to show.
    assert all(k.change is None for k in kpis.values())
    text = response.text
    assert "77,18%" in text and "159/206" in text and "81.948" in text
    assert "chưa có số liệu" in text
    assert "Không có số liệu năm 2021 để so sánh" in text
    assert ">0<" not in text


def test_seed_kpis_for_2020_keep_approximations(client, leader, seed_reports):
    client.force_login(leader)
    response = client.get(URL, {"year": "2020"})
    kpis = _kpis(response)
    incoming = kpis["documents.incoming"].total
    assert (incoming.value, incoming.qualifier) == (52_900, "hon")
    assert "hơn 52.900" in response.text
    # "hơn 600" dossiers and a stated 100% without counts: nothing to compute a rate from, and
    # a stated percentage only stands for its own office.
    assert kpis["rate.dossiers_on_time"].total.value is None
    assert kpis["rate.dossiers_on_time"].total.stated is None


def test_one_office_shows_its_stated_rate(client, leader, seed_reports):
    client.force_login(leader)
    response = client.get(URL, {"year": "2020", "scope": "office:khanh-hoa"})
    on_time = _kpis(response)["rate.dossiers_on_time"].total
    assert (on_time.value, on_time.stated) == (None, Decimal("100"))
    assert "100%" in response.text
    assert "tỷ lệ do đơn vị nêu, không có số liệu để tính" in response.text


def test_snapshot_rates_match_the_reports(seed_reports, catalog):
    """The dashboard reads figures in bulk; its rates must be exactly the reports' own."""
    offices = [r.office for r in seed_reports]
    snapshot = board.gather(offices, catalog)
    for report in seed_reports:
        entry = snapshot.entries[(report.office_id, report.year)]
        assert entry.rate_results(catalog) == report.rate_results(catalog)


# ---------------------------------------------------------------------------
# A generated multi-year data set


def test_kpis_sum_counts_and_recompute_rates(client, leader, two_years):
    client.force_login(leader)
    response = client.get(URL, ALL)
    assert response.context["year"] == 2022
    kpis = _kpis(response)

    incoming = kpis["documents.incoming"]
    assert (incoming.total.value, incoming.total.reported) == (16_500, 2)
    # Khánh Hòa's 2022 figures are a draft: every card they are part of says so.
    assert (incoming.total.unapproved, incoming.change.unapproved) == (1, True)
    assert all(kpi.unapproved for kpi in kpis.values() if kpi.total.value is not None)
    assert (incoming.change.previous, incoming.change.delta) == (15_000, 1_500)
    assert (incoming.change.text, incoming.change.delta_text) == (
        "tăng 10% so với năm 2021",
        "+1.500",
    )
    assert incoming.change.tone == "neutral"

    # "hơn 3.000" + 1.000 is "hơn 4.000"; the change compares only exact counts (Khánh Hòa).
    outgoing = kpis["documents.outgoing"]
    assert (outgoing.total.value, outgoing.total.qualifier) == (4_000, "hon")
    assert (outgoing.change.previous, outgoing.change.current, outgoing.change.offices) == (
        900,
        1_000,
        1,
    )
    assert outgoing.change.text == "tăng 11,1% so với năm 2021"

    # 156/180 = 86,67%, not the average of 90% and 80%.
    program = kpis["rate.program_completion"]
    assert (program.total.value, program.total.numerator, program.total.denominator) == (
        Decimal("86.67"),
        156,
        180,
    )
    assert program.change.previous == Decimal("83.33")
    assert program.change.text == "tăng 3,34 điểm phần trăm so với năm 2021"
    assert program.change.tone == "good"

    assert kpis["rate.legal_completion"].total.value is None
    assert kpis["rate.legal_completion"].change is None

    petitions = kpis["petitions.received"]
    assert (petitions.total.value, petitions.change.text) == (974, "tăng 8,2% so với năm 2021")
    eligible = kpis["rate.petitions_eligible"]
    assert (eligible.total.value, eligible.change.previous) == (Decimal("92.40"), Decimal("92.22"))

    resolved = kpis["dossiers.resolved"]
    assert (resolved.total.value, resolved.change.text) == (1_700, "tăng 21,4% so với năm 2021")

    # 1.590/1.700 = 93,5% (average of 95% and 90% would be 92,5%); 1.280/1.400 = 91,4%.
    on_time = kpis["rate.dossiers_on_time"]
    assert (on_time.total.value, on_time.total.numerator, on_time.total.denominator) == (
        Decimal("93.5"),
        1_590,
        1_700,
    )
    assert on_time.change.previous == Decimal("91.4")
    assert (on_time.change.text, on_time.change.delta_text) == (
        "tăng 2,1 điểm phần trăm so với năm 2021",
        "+2,1 điểm phần trăm",
    )
    assert on_time.change.tone == "good"

    text = response.text
    assert "16.500" in text and "hơn 4.000" in text and "93,5%" in text and "86,67%" in text
    assert '93,5%<span class="unapproved"' in text
    assert "<strong>+2,1 điểm phần trăm</strong> so với năm 2021" in text


def test_one_office_kpis_and_a_bad_change(client, leader, two_years):
    client.force_login(leader)
    response = client.get(URL, {"scope": "office:khanh-hoa", "year": "2022"} | ALL)
    kpis = _kpis(response)
    on_time = kpis["rate.dossiers_on_time"]
    assert (on_time.total.value, on_time.change.previous) == (Decimal("90.0"), Decimal("95.0"))
    assert on_time.change.text == "giảm 5 điểm phần trăm so với năm 2021"
    assert (on_time.change.direction, on_time.change.tone) == ("down", "bad")
    assert kpis["documents.incoming"].change.text == "giảm 10% so với năm 2021"
    assert kpis["documents.incoming"].change.delta_text == "-500"


def test_a_region_scope_sums_its_offices(client, leader, two_years):
    client.force_login(leader)
    # Huế and Khánh Hòa are both in "Bắc Trung Bộ và Duyên hải miền Trung".
    response = client.get(URL, {"scope": "region:Bắc Trung Bộ và Duyên hải miền Trung"} | ALL)
    assert _kpis(response)["documents.incoming"].total.value == 16_500
    assert response.context["completeness"].expected == 14


def test_the_comparison_is_sorted_best_first(client, leader, two_years):
    client.force_login(leader)
    comparison = client.get(URL, ALL).context["comparison"]
    assert comparison.rows == [
        ("Thừa Thiên Huế", Decimal("95.0"), 1_140, 1_200),
        ("Khánh Hòa", Decimal("90.0"), 450, 500),
    ]
    assert comparison.missing == []
    assert comparison.unapproved == {"Khánh Hòa"}


def test_completeness_lists_who_has_not_submitted(client, leader, two_years):
    client.force_login(leader)
    completeness = client.get(URL).context["completeness"]
    assert (
        completeness.expected,
        completeness.started,
        completeness.submitted,
        completeness.approved,
    ) == (63, 2, 1, 1)
    assert len(completeness.behind) == 62
    assert ("Văn phòng UBND tỉnh Khánh Hòa", "Đang soạn", "/reports/khanh-hoa/2022/") in (
        completeness.behind
    )


def test_the_attention_list_is_written_as_sentences(client, leader, two_years):
    client.force_login(leader)
    response = client.get(URL, ALL)
    attention = response.context["attention"]
    # Khánh Hòa's 2022 report is a draft: "†" after its name.
    assert attention.lowest_on_time == [
        "Khánh Hòa†: tỷ lệ hồ sơ trả đúng hạn 90% (450/500 hồ sơ đã giải quyết), đứng thứ 2/2."
    ]
    assert attention.count_drops == [
        "Văn bản đến (tiếp nhận) của Văn phòng UBND tỉnh Khánh Hòa† giảm 10% so với năm 2021 "
        "(từ 5.000 xuống 4.500)."
    ]
    assert attention.rate_drops == [
        "Tỷ lệ hoàn thành chương trình công tác của Văn phòng UBND tỉnh Khánh Hòa† giảm 10 điểm "
        "phần trăm so với năm 2021 (từ 90% xuống 80%).",
        "Tỷ lệ hồ sơ trả đúng hạn của Văn phòng UBND tỉnh Khánh Hòa† giảm 5 điểm phần trăm so "
        "với năm 2021 (từ 95% xuống 90%).",
        "Tỷ lệ đơn đủ điều kiện xử lý của Văn phòng UBND tỉnh Thừa Thiên Huế giảm 0,02 điểm "
        "phần trăm so với năm 2021 (từ 92,86% xuống 92,84%).",
    ]
    assert attention.flagged == [
        "Văn phòng UBND tỉnh Thừa Thiên Huế: Tổng Đơn đủ điều kiện xử lý + Đơn không đủ điều "
        "kiện xử lý (730) khác Đơn thư tiếp nhận (754). Kiểm tra lại hoặc ghi giải trình.",
        "Văn phòng UBND tỉnh Thừa Thiên Huế nêu tỷ lệ hồ sơ trả đúng hạn là 96%, nhưng số liệu "
        "cho 95% (1.140/1.200).",
    ]
    assert "đứng thứ 2/2" in response.text


def test_the_seed_has_nothing_to_flag(client, leader, seed_reports):
    client.force_login(leader)
    response = client.get(URL)
    assert not response.context["attention"]
    assert "Không có điểm nào cần chú ý trong số liệu năm này." in response.text


# ---------------------------------------------------------------------------
# The offices table


def _slugs(response):
    return [row.record["slug"] for row in response.context["table"].page.object_list]


def test_the_table_links_numbers_to_the_report_and_the_history(client, leader, two_years):
    client.force_login(leader)
    response = client.get(URL, {"name": "Huế"})
    assert _slugs(response) == ["thua-thien-hue"]
    assert '<a href="/reports/thua-thien-hue/2022/" title="">12.000</a>' in response.text
    assert 'href="/reports/thua-thien-hue/2022/history/?code=documents.incoming"' in response.text
    assert 'title="1.140/1.200">95%</a>' in response.text
    assert 'href="/reports/thua-thien-hue/2022/history/?code=dossiers.resolved_on_time"' in (
        response.text
    )


def test_the_table_sorts_by_a_rate_with_missing_values_last(client, leader, two_years):
    client.force_login(leader)
    ascending = client.get(URL, {"sort": "rate_dossiers_on_time"} | ALL)
    assert _slugs(ascending)[:3] == ["khanh-hoa", "thua-thien-hue", ascending_third(ascending)]
    descending = client.get(URL, {"sort": "-rate_dossiers_on_time"} | ALL)
    assert _slugs(descending)[:2] == ["thua-thien-hue", "khanh-hoa"]
    third = list(descending.context["table"].page.object_list)[2].record
    assert third["rate_dossiers_on_time"].value is None


def ascending_third(response):
    # Whoever comes third has no on-time rate (missing sorts after every number).
    row = list(response.context["table"].page.object_list)[2].record
    assert row["rate_dossiers_on_time"].value is None
    return row["slug"]


def test_the_table_filters_by_report_status_and_paginates(client, leader, two_years):
    client.force_login(leader)
    drafts = client.get(URL, {"status": "draft"})
    assert _slugs(drafts) == ["khanh-hoa"]
    missing = client.get(URL, {"status": "none"})
    assert missing.context["table"].paginator.count == 61
    assert len(_slugs(missing)) == 20
    assert len(_slugs(client.get(URL, {"status": "none", "page": "4"}))) == 1


def test_former_names_find_an_office(client, leader, two_years):
    client.force_login(leader)
    assert _slugs(client.get(URL, {"name": "Thừa Thiên"})) == ["thua-thien-hue"]


# ---------------------------------------------------------------------------
# Bad input never breaks the page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "Chọn một năm, ví dụ 2022."),
        ({"year": "1800"}, "1990"),
        ({"rate": "rate.nope"}, "Chọn một tỷ lệ trong danh sách."),
        ({"scope": "region:Atlantis"}, "Chọn một phạm vi trong danh sách."),
    ],
)
def test_bad_selectors_show_a_message(client, leader, two_years, params, message):
    client.force_login(leader)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert message in response.text
    # The rest of the page falls back to the defaults.
    assert response.context["year"] == 2022


@pytest.mark.parametrize(
    ("params", "page"), [({"page": "abc"}, 1), ({"page": "99"}, 4), ({"sort": "nonsense"}, 1)]
)
def test_bad_table_parameters_fall_back_to_a_page(client, leader, two_years, params, page):
    client.force_login(leader)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["table"].page.number == page


def test_a_year_without_reports_says_so(client, leader, two_years):
    client.force_login(leader)
    response = client.get(URL, {"year": "2030"})
    assert response.status_code == 200
    assert all(k.total.value is None for k in response.context["kpis"])
    assert response.context["completeness"].started == 0


def test_without_any_report_the_page_says_so(client, leader, db):
    client.force_login(leader)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Chưa có báo cáo nào đã duyệt trong phạm vi bạn được xem." in response.text
    response = client.get(URL, ALL)
    assert "Chưa có báo cáo nào trong phạm vi bạn được xem." in response.text


# ---------------------------------------------------------------------------
# Live data: a saved change shows on the next request


def test_a_changed_figure_shows_on_the_next_load(client, leader, two_years):
    client.force_login(leader)
    before = client.get(URL, ALL)
    assert _kpis(before)["dossiers.resolved"].total.value == 1_700
    chart_before = client.get("/dashboard/charts/dossiers.svg", ALL).content

    figure = Figure.objects.get(
        report__office__slug="khanh-hoa", report__year=2022, indicator__code="dossiers.resolved"
    )
    figure.value = 450
    figure.save()
    # As every write path ends (entry form, upload, import, admin, workflow): the report's
    # version and totals move with its figures.
    totals.record_write(figure.report, None)

    after = client.get(URL, ALL)
    assert _kpis(after)["dossiers.resolved"].total.value == 1_650
    # 1.590/1.650 = 96,36…% → 96,4%.
    assert _kpis(after)["rate.dossiers_on_time"].total.value == Decimal("96.4")
    assert "96,4%" in after.text
    chart_after = client.get("/dashboard/charts/dossiers.svg", ALL).content.decode()
    # Two offices: each its own line; Khánh Hòa's 2022 rate goes from 450/500 to 450/450.
    line = "Tỷ lệ hồ sơ trả đúng hạn – Khánh Hòa – 2021: 95%; 2022: "
    assert f"{line}90%†." in chart_before.decode()
    assert f"{line}100%†." in chart_after


def test_a_new_status_shows_on_the_next_load(client, leader, two_years):
    client.force_login(leader)
    assert client.get(URL).context["completeness"].submitted == 1
    report = Report.objects.get(office__slug="khanh-hoa", year=2022)
    report.status = Report.Status.SUBMITTED
    report.save()
    assert client.get(URL).context["completeness"].submitted == 2


def test_an_edited_rate_definition_shows_on_the_next_load(client, leader, two_years):
    client.force_login(leader)
    assert _kpis(client.get(URL, ALL))["rate.dossiers_on_time"].total.value == Decimal("93.5")
    definition = RateDefinition.objects.get(code="rate.dossiers_on_time")
    definition.decimals = 2
    definition.save()
    assert _kpis(client.get(URL, ALL))["rate.dossiers_on_time"].total.value == Decimal("93.53")


def test_a_deleted_report_disappears(client, leader, two_years):
    client.force_login(leader)
    assert _kpis(client.get(URL, ALL))["documents.incoming"].total.value == 16_500
    Report.objects.get(office__slug="khanh-hoa", year=2022).delete()
    assert _kpis(client.get(URL, ALL))["documents.incoming"].total.value == 12_000


def test_an_unchanged_chart_is_not_sent_again(client, leader, two_years):
    client.force_login(leader)
    first = client.get("/dashboard/charts/documents.svg")
    assert first["Cache-Control"] == "private, no-store"
    again = client.get("/dashboard/charts/documents.svg", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


# ---------------------------------------------------------------------------
# Query counts: constant whatever the number of offices and years


# Every request behind login: the session, the user, their memberships (the offices they
# may read, or all of them for a leader without an office).
LOGIN_QUERIES = 3
# Then, for the page and each chart: the offices with their units, the catalogue
# (indicators, rates, checks) and the data key (one aggregate over the scope's reports).
SCOPE_QUERIES = LOGIN_QUERIES + 1 + 3 + 1
# The snapshot, read after a change: former unit names, the years with a report, the trend
# charts' yearly counts and rates (one GROUP BY over the reports' totals), the reports of the
# year and the one before, their totals.
SNAPSHOT_QUERIES = 5
# The page: the scope, the snapshot, the table's filter (the offices expected in the year
# are found among the offices already read).
UNCACHED_PAGE_QUERIES = SCOPE_QUERIES + SNAPSHOT_QUERIES + 1
# The page again, its snapshot from the cache: the offices' former names are read again
# (the cache keeps the reports, not the offices).
CACHED_PAGE_QUERIES = SCOPE_QUERIES + 1 + 1
# A chart right after the page (the page left the chart its numbers), or drawn before.
CHART_QUERIES = SCOPE_QUERIES
# A chart with other selectors for the same year: the scope, and the former names.
SNAPSHOT_CHART_QUERIES = SCOPE_QUERIES + 1
# A chart asked for on its own: the scope, then (its data not gathered yet) the snapshot.
LONE_CHART_QUERIES = SCOPE_QUERIES + SNAPSHOT_QUERIES


def _assert_constant_queries(client, django_assert_num_queries):
    cache.clear()
    with django_assert_num_queries(UNCACHED_PAGE_QUERIES):
        response = client.get(URL)
        assert response.status_code == 200
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        assert client.get(URL).status_code == 200
    for name in ("documents", "dossiers", "petitions", "comparison"):
        # As the page's images ask for them.
        src = f"/dashboard/charts/{name}.svg?" + response.context["chart_query"]
        with django_assert_num_queries(CHART_QUERIES):
            assert client.get(src).status_code == 200
        with django_assert_num_queries(CHART_QUERIES):
            assert client.get(src).status_code == 200
        # Other selectors for the same year: the data the page gathered, drawn afresh.
        with django_assert_num_queries(SNAPSHOT_CHART_QUERIES):
            assert client.get(f"/dashboard/charts/{name}.svg").status_code == 200


def test_query_count_with_two_offices(client, leader, two_years, django_assert_num_queries):
    client.force_login(leader)
    _assert_constant_queries(client, django_assert_num_queries)


def test_a_chart_asked_for_on_its_own_gathers_its_data(
    client, leader, two_years, django_assert_num_queries
):
    client.force_login(leader)
    with django_assert_num_queries(LONE_CHART_QUERIES):
        response = client.get("/dashboard/charts/comparison.svg?year=2022&include=all")
    assert "Khánh Hòa" in response.content.decode()
    # The page's charts are those it has just computed, drawn from the same numbers.
    page = client.get(URL)
    src = "/dashboard/charts/dossiers.svg?" + page.context["chart_query"]
    with django_assert_num_queries(CHART_QUERIES):
        drawn = client.get(src).content
    cache.clear()
    assert client.get(src).content == drawn


def test_query_count_with_forty_offices_over_ten_years(client, leader, django_assert_num_queries):
    generate(40, list(range(2016, 2026)))
    client.force_login(leader)
    response = client.get(URL)
    assert len(response.context["years"]) == 10
    assert response.context["completeness"].started >= 30
    _assert_constant_queries(client, django_assert_num_queries)


def test_query_count_for_staff(client, staff, two_years, django_assert_num_queries):
    client.force_login(staff)
    # Staff: the same queries (the leader check runs for everyone but administrators).
    _assert_constant_queries(client, django_assert_num_queries)


def test_membership_changes_change_what_a_leader_sees(client, khanh_hoa, hue, two_years):
    leader = _user("assigned-leader", Role.LEADER, khanh_hoa)
    client.force_login(leader)
    # Khánh Hòa's only 2022 report is a draft: the year is asked for (the default is the
    # latest year with an approved report, 2021).
    assert _kpis(client.get(URL, {"year": 2022} | ALL))["documents.incoming"].total.value == 4_500
    Membership.objects.create(user=leader, office=hue, role=Role.LEADER)
    assert _kpis(client.get(URL, ALL))["documents.incoming"].total.value == 16_500


# ---------------------------------------------------------------------------
# In a real browser


@pytest.mark.browser
def test_a_leader_reads_the_dashboard(page, browser_login, leader, two_years):
    browser_login(leader)
    page.goto(page.url_for(URL + "?include=all"))
    assert page.locator("h1").inner_text() == "Tổng quan công tác năm 2022"
    card = page.locator(".kpi[data-code='rate.dossiers_on_time']")
    assert "93,5%" in card.inner_text()
    assert "+2,1 điểm phần trăm so với năm 2021" in card.inner_text()
    # Every chart loaded as an image.
    page.wait_for_load_state("networkidle")
    images = page.locator("figure.chart img")
    assert images.count() == 4
    assert images.evaluate_all("all => all.every(i => i.complete && i.naturalWidth > 0)")
    page.select_option("#id_scope", "office:khanh-hoa")
    page.click(".dashboard-head button[type=submit]")
    page.wait_for_load_state()
    assert (
        "-5 điểm phần trăm" in page.locator(".kpi[data-code='rate.dossiers_on_time']").inner_text()
    )
    page.goto(page.url_for(URL))
    screenshot(page, "dashboard")


@pytest.mark.browser
def test_the_dashboard_reads_well_with_many_offices(page, browser_login, leader):
    generate(34, list(range(2016, 2026)))
    browser_login(leader)
    page.goto(page.url_for(URL))
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Tổng quan công tác năm 2025"
    # The 29 units merged on 01/07/2025 still had to report for 2025: 63 expected.
    counts = page.locator(".completeness dd").all_inner_texts()
    assert counts[:2] == ["63", str(Report.objects.filter(year=2025).count())]
    assert page.locator("figure.chart img").evaluate_all(
        "all => all.every(i => i.complete && i.naturalWidth > 0)"
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "dashboard_34x10")


def test_the_dashboard_links_to_the_leadership_workbook_with_its_year_and_scope(
    client, leader, seed_reports
):
    client.force_login(leader)
    response = client.get(
        "/dashboard/?year=2022&scope=region:B%E1%BA%AFc+Trung+B%E1%BB%99+v%C3%A0+Duy%C3%AAn+h%E1%BA%A3i+mi%E1%BB%81n+Trung"
    )
    assert response.status_code == 200
    assert (
        'href="/dashboard/offices.xlsx?year=2022&amp;region=B%E1%BA%AFc+Trung+B%E1%BB%99+v%C3%A0+Duy%C3%AAn+h%E1%BA%A3i+mi%E1%BB%81n+Trung"'
        in response.text
    )
    response = client.get("/dashboard/?year=2022&scope=office:thua-thien-hue")
    assert 'href="/reports/thua-thien-hue/years.xlsx"' in response.text


def test_with_many_offices_the_page_shows_the_ends_of_the_comparison(client, leader):
    generate(45, [2024, 2025])
    client.force_login(leader)
    # Every report, drafts too (a tenth of the generated ones): more than 40 to rank.
    response = client.get(URL, ALL)
    comparison = response.context["comparison"]
    rows = list(Report.objects.filter(year=2025))
    ranked = comparison.ranked
    assert len(comparison.rows) == board.COMPARISON_SHOWN == 40
    assert comparison.omitted == ranked - 40
    assert ranked + comparison.missing_count == len(rows)
    # Best first at the top, lowest last, as in the whole ranking.
    values = [r[1] for r in comparison.rows]
    assert values == sorted(values, reverse=True)
    text = response.content.decode()
    assert (
        f"Chỉ nêu 20 văn phòng cao nhất và 20 văn phòng thấp nhất trong {ranked} văn phòng; "
        f"{ranked - 40} văn phòng ở giữa không nêu."
    ) in text
    # Each kind of flagged figure names at most ATTENTION_SHOWN, and counts the rest.
    for _label, count, sentences, more in response.context["attention"].flagged_kinds:
        assert len(sentences) == min(count, board.ATTENTION_SHOWN)
        assert more == count - len(sentences)


def test_the_scope_selector_lists_regions_not_thousands_of_offices(client, leader, monkeypatch):
    client.force_login(leader)
    form = client.get(URL).context["form"]
    # 63 offices: each listed.
    offices = dict(form.fields["scope"].choices)["Văn phòng"]
    assert len(offices) == 63
    monkeypatch.setattr(filters, "SCOPE_OFFICES_LISTED", 10)
    form = client.get(URL, {"scope": "office:khanh-hoa"}).context["form"]
    choices = dict(form.fields["scope"].choices)
    assert choices["Văn phòng"] == [("office:khanh-hoa", "Khánh Hòa")]
    assert form.cleaned_data["scope"] == "office:khanh-hoa"
