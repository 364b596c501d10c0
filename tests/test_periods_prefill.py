"""The year from its parts (prefill.py, Indicator.aggregation) and the previous period beside
each field of the entry page: flows summed, stocks from the last or first part, a missing
part leaves the figure empty and flagged, nothing written until the normal save."""

import re

import pytest

from officereports.reports import periods, prefill
from officereports.reports.models import Figure, Indicator, Report
from officereports.reports.values import ReportValues
from tests.conftest import form_data, screenshot

AGGREGATION = {
    "documents.incoming": "sum",
    "dossiers.received": "sum",
    "dossiers.pending": "last",
    "dossiers.carried_over": "first",
}


def months(**by_code):
    """kind -> ReportValues of twelve months; `by_code`: code (dots as __) -> 12 values, None
    for a count the month lacks."""
    parts = {kind: ReportValues() for kind in periods.MONTHS}
    for code, values in by_code.items():
        for kind, value in zip(periods.MONTHS, values, strict=True):
            parts[kind].put(code.replace("__", "."), value)
    return parts


def test_the_catalogue_says_which_indicators_are_flows_and_which_are_stocks(db):
    aggregation = dict(Indicator.objects.values_list("code", "aggregation"))
    assert aggregation["dossiers.received"] == "sum"
    assert aggregation["documents.outgoing"] == "sum"
    assert aggregation["dossiers.pending"] == "last"
    assert aggregation["dossiers.pending_overdue"] == "last"
    assert aggregation["dossiers.carried_over"] == "first"
    assert aggregation["advisory.program_planned"] == "last"


def test_twelve_months_are_summed_a_stock_is_the_last_month_and_carried_over_the_first():
    parts = months(
        documents__incoming=[1000 + m for m in range(1, 13)],
        dossiers__pending=[50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61],
        dossiers__carried_over=[30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41],
    )
    year = prefill.year_from_parts(parts, AGGREGATION, approved=periods.MONTHS)
    assert year.kinds == periods.MONTHS
    assert year.values.values == {
        "documents.incoming": 12078,
        "dossiers.pending": 61,
        "dossiers.carried_over": 30,
    }
    assert year.missing == {}
    assert (year.absent, year.unapproved) == ([], [])
    assert year.source() == "Điền từ 12 tháng"


def test_a_missing_month_leaves_the_sum_empty_and_flagged():
    incoming = [100] * 12
    incoming[3] = incoming[6] = None
    parts = months(documents__incoming=incoming, dossiers__received=[10] * 12)
    year = prefill.year_from_parts(parts, AGGREGATION)
    assert "documents.incoming" not in year.values.values  # never the smaller total 1.000
    assert year.values.values == {"dossiers.received": 120}
    assert year.missing == {"documents.incoming": ["month-4", "month-7"]}
    assert year.lacking("documents.incoming") == "Thiếu tháng 4, 7"


def test_a_stock_lacking_in_the_last_month_is_flagged_not_taken_from_an_earlier_one():
    pending = [5] * 11 + [None]
    year = prefill.year_from_parts(months(dossiers__pending=pending), AGGREGATION)
    assert year.values.values == {}
    assert year.lacking("dossiers.pending") == "Thiếu tháng 12"


def test_four_quarters_are_used_when_the_months_are_incomplete():
    parts = months(documents__incoming=[100] * 12)
    del parts["month-5"]
    for number, value in enumerate([310, 320, 330, 340], start=1):
        parts[f"quarter-{number}"] = ReportValues({"documents.incoming": value})
    year = prefill.year_from_parts(parts, AGGREGATION)
    assert year.kinds == periods.QUARTERS
    assert year.values.values == {"documents.incoming": 1300}
    assert year.source() == "Điền từ 4 quý"


def test_with_neither_set_complete_the_months_are_used_and_the_missing_ones_named():
    parts = months(documents__incoming=[100] * 12)
    del parts["month-5"]
    parts["quarter-1"] = ReportValues({"documents.incoming": 300})
    year = prefill.year_from_parts(parts, AGGREGATION)
    assert year.kinds == periods.MONTHS
    assert year.absent == ["month-5"]
    assert year.lacking("documents.incoming") == "Thiếu tháng 5"
    # Only quarters: the quarters, the missing ones named as such.
    year = prefill.year_from_parts({"quarter-1": parts["quarter-1"]}, AGGREGATION)
    assert year.absent == ["quarter-2", "quarter-3", "quarter-4"]
    assert year.lacking("documents.incoming") == "Thiếu quý II, III, IV"
    assert prefill.year_from_parts({}, AGGREGATION) is None


def test_a_hon_on_one_month_makes_the_sum_hon():
    parts = months(documents__incoming=[100] * 12)
    parts["month-3"] = ReportValues()
    parts["month-3"].put("documents.incoming", 100, "hon")
    year = prefill.year_from_parts(parts, AGGREGATION)
    assert year.values.values == {"documents.incoming": 1200}
    assert year.values.qualifiers == {"documents.incoming": "hon"}
    # "hơn" and "gần" together only allow "khoảng", as combine_qualifiers says.
    parts["month-4"] = ReportValues()
    parts["month-4"].put("documents.incoming", 100, "gan")
    year = prefill.year_from_parts(parts, AGGREGATION)
    assert year.values.qualifiers == {"documents.incoming": "khoang"}


def test_the_period_just_before():
    assert periods.previous_part("quarter-2", 2024) == ("quarter-1", 2024)
    assert periods.previous_part("quarter-1", 2024) == ("quarter-4", 2023)
    assert periods.previous_part("month-9", 2024) == ("month-8", 2024)
    assert periods.previous_part("month-1", 2024) == ("month-12", 2023)
    assert periods.previous_part("year", 2024) is None
    assert periods.previous_part("first-9-months", 2024) is None


# --- the entry page


def put(report, **by_code):
    for code, value in by_code.items():
        indicator = Indicator.objects.get(code=code.replace("__", "."))
        qualifier = "exact"
        if isinstance(value, tuple):
            qualifier, value = value
        Figure.objects.create(report=report, indicator=indicator, value=value, qualifier=qualifier)


@pytest.fixture
def year_2024(hue):
    """Huế's yearly report of 2024 (a draft, empty) and its twelve months: dossiers received
    100 a month, resolved 98 a month and 101 in December, documents in lacking in April and
    July, month 3 not approved."""
    yearly = Report.objects.create(office=hue, year=2024)
    for number, kind in enumerate(periods.MONTHS, start=1):
        status = Report.Status.DRAFT if number == 3 else Report.Status.APPROVED
        month = Report.objects.create(office=hue, year=2024, period=kind, status=status)
        put(month, dossiers__received=100, dossiers__resolved=101 if number == 12 else 98)
        if number not in (4, 7):
            put(month, documents__incoming=500)
        put(month, dossiers__pending=("hon", 20 + number))
    return yearly


def edit_url(report):
    return report.url("edit")


def test_the_yearly_entry_page_prefills_from_the_months_as_an_unsaved_draft(
    client, staff, year_2024
):
    client.force_login(staff)
    page = client.get(edit_url(year_2024))
    assert "Điền từ các tháng/quý" in page.text
    response = client.get(edit_url(year_2024) + "?prefill=1")
    assert response.status_code == 200
    html = response.text
    data = form_data(html)
    assert data["dossiers.received-value"] == "1.200"
    assert data["dossiers.resolved-value"] == "1.179"
    assert data["documents.incoming-value"] == ""  # April and July lack it: no smaller total
    assert data["dossiers.pending-value"] == "32"
    assert data["dossiers.pending-qualifier"] == "hon"
    row = re.search(r'id="row-documents\.incoming".*?</tr>', html, re.S).group(0)
    assert '<span class="prefill-note warning">Thiếu tháng 4, 7</span>' in row
    row = re.search(r'id="row-dossiers\.received".*?</tr>', html, re.S).group(0)
    assert '<span class="prefill-note muted">Điền từ 12 tháng</span>' in row
    # The rate is computed from the summed counts: 1.179 / 1.200 = 98,25% → 98,3%.
    rate = re.search(r'<output data-rate="rate\.dossiers_resolved"[^>]*>([^<]*)</output>', html)
    assert rate.group(1) == "98,3%"
    assert (
        "Số liệu dưới đây được điền từ 12 tháng nhưng chưa được lưu. Kiểm tra lại rồi bấm "
        "“Lưu nháp”. Chưa được duyệt: tháng 3."
    ) in html
    # Nothing is written until the normal save.
    assert not year_2024.figures.exists()
    assert client.post(edit_url(year_2024), data).status_code == 302
    stored = dict(year_2024.figures.values_list("indicator__code", "value"))
    assert stored == {"dossiers.received": 1200, "dossiers.resolved": 1179, "dossiers.pending": 32}
    assert year_2024.figures.get(indicator__code="dossiers.pending").qualifier == "hon"


def test_a_figure_the_parts_cannot_complete_keeps_its_stored_value(client, staff, year_2024):
    """April and July lack incoming documents: the yearly figure already stored stays as it
    is, flagged, and saving the page neither deletes it nor writes a smaller total."""
    put(year_2024, documents__incoming=52900)
    client.force_login(staff)
    html = client.get(edit_url(year_2024) + "?prefill=1").text
    data = form_data(html)
    assert data["documents.incoming-value"] == "52.900"
    row = re.search(r'id="row-documents\.incoming".*?</tr>', html, re.S).group(0)
    assert '<span class="prefill-note warning">Thiếu tháng 4, 7</span>' in row
    assert client.post(edit_url(year_2024), data).status_code == 302
    assert year_2024.figures.get(indicator__code="documents.incoming").value == 52900


def test_no_prefill_button_without_parts_nor_on_a_part(client, staff, hue, year_2024):
    client.force_login(staff)
    alone = Report.objects.create(office=hue, year=2025)
    assert "Điền từ các tháng/quý" not in client.get(edit_url(alone)).text
    month = Report.objects.get(office=hue, year=2024, period="month-3")
    assert "Điền từ các tháng/quý" not in client.get(edit_url(month)).text
    # Asked for anyway on a part: the page as stored, nothing prefilled.
    data = form_data(client.get(edit_url(month) + "?prefill=1").text)
    assert data["dossiers.received-value"] == "100"


def test_a_quarter_shows_the_previous_quarter_beside_each_field(
    client, staff, hue, django_assert_num_queries
):
    first = Report.objects.create(office=hue, year=2024, period="quarter-1")
    put(first, dossiers__received=1234)
    last_year = Report.objects.create(office=hue, year=2023, period="quarter-2")
    put(last_year, dossiers__received=987)
    second = Report.objects.create(office=hue, year=2024, period="quarter-2")
    put(second, dossiers__resolved=1000)
    client.force_login(staff)
    client.get(edit_url(second))
    # The same count as a yearly report's page less its "Điền từ các tháng/quý" check: last
    # year's same period and the previous quarter come in one query.
    with django_assert_num_queries(18):
        html = client.get(edit_url(second)).text
    assert '<th scope="col" class="num">Quý I năm 2024</th>' in html
    # This period and the same period last year head the other two columns.
    assert '<th scope="col" class="num">Quý II năm 2023</th>' in html
    assert 'data-label="Quý II năm 2024"' in html
    row = re.search(r'id="row-dossiers\.received".*?</tr>', html, re.S).group(0)
    assert '<td class="num prev" data-label="Quý I năm 2024">1.234</td>' in row
    assert ">987</td>" in row


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_fill_the_year_from_the_months_and_save_it(page, browser_login, staff, year_2024):
    browser_login(staff)
    page.goto(page.url_for(edit_url(year_2024)))
    page.click("text=Điền từ các tháng/quý")
    page.wait_for_load_state()
    assert page.input_value("#id_dossiers\\.received-value") == "1.200"
    assert page.locator("#row-documents\\.incoming .prefill-note").inner_text() == (
        "Thiếu tháng 4, 7"
    )
    assert page.locator("output[data-rate='rate.dossiers_resolved']").inner_text() == "98,3%"
    assert not year_2024.figures.exists()
    screenshot(page, "prefill-year-from-months")
    page.locator(".toolbar button.primary").click()
    page.wait_for_load_state()
    assert year_2024.figures.get(indicator__code="dossiers.received").value == 1200


def test_the_page_adds_up_as_the_catalogue_table_says(client, staff, admin_user, year_2024):
    """An administrator sets how an indicator adds up in the admin; the prefill reads it."""
    client.force_login(admin_user)
    indicator = Indicator.objects.get(code="dossiers.received")
    change = client.get(f"/admin/reports/indicator/{indicator.pk}/change/").text
    assert '<select name="aggregation"' in change
    Indicator.objects.filter(pk=indicator.pk).update(aggregation="last")
    client.force_login(staff)
    data = form_data(client.get(edit_url(year_2024) + "?prefill=1").text)
    assert data["dossiers.received-value"] == "100"  # December's, not the sum 1.200
