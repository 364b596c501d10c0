"""The summary's table with what an office stated: a percentage on an indicator no rate
uses (as written, with what it is of), a change (as stated when last year is not in the
system; computed, with a flag for staff when they differ, when it is)."""

from decimal import Decimal

from officereports.reports.models import Report
from tests.test_summary import add_figures, url, visible_text


def rows_of(response):
    return {row["indicator"]: row for row in response.context["table"].data}


def test_a_stated_percentage_on_an_indicator_no_rate_uses_is_shown_as_written(
    client, leader, hue_report
):
    add_figures(
        hue_report,
        {
            "documents.incoming": {
                "value": 12000,
                "stated_percent": Decimal("41.27"),
                "percent_of": "tổng số văn bản",
            },
            # Stored 41.30: the author wrote "41,3", never re-rounded to two decimals.
            "documents.outgoing": {"value": 5000, "stated_percent": Decimal("41.30")},
        },
    )
    client.force_login(leader)
    response = client.get(url("thua-thien-hue", 2022))
    rows = rows_of(response)
    assert rows["Văn bản đến (tiếp nhận)"]["stated"] == ("41,27%", "tổng số văn bản")
    outgoing = rows["Văn bản đi (tham mưu ban hành, phát hành)"]["stated"]
    assert outgoing == ("41,3%", "")
    page = visible_text(response)
    assert "12.000 41,27% do đơn vị nêu, tính trên tổng số văn bản" in page
    assert "5.000 41,3% do đơn vị nêu" in page
    assert response.context["table"].as_values().__next__()[-1] == "Tỷ lệ"


def test_a_stated_change_is_shown_as_stated_without_last_year(client, leader, hue_report):
    add_figures(
        hue_report,
        {
            "documents.incoming": {
                "value": 12000,
                "stated_change": Decimal("15"),
                "stated_change_qualifier": "gan",
            },
            "documents.outgoing": {"value": 5000, "stated_change": Decimal("-4.1")},
            "dossiers.received_online": {
                "value": 40000,
                "stated_change": Decimal("2"),
                "stated_change_kind": "times",
            },
        },
    )
    assert not Report.objects.filter(office=hue_report.office, year=2021).exists()
    client.force_login(leader)
    response = client.get(url("thua-thien-hue", 2022))
    rows = rows_of(response)
    assert rows["Văn bản đến (tiếp nhận)"]["change"] == "tăng gần 15%"
    assert rows["Văn bản đi (tham mưu ban hành, phát hành)"]["change"] == "giảm 4,1%"
    assert rows["Hồ sơ tiếp nhận trực tuyến"]["change"] == "gấp 2 lần"
    assert "⚑" not in response.text


def _two_years(hue_report, stated):
    previous = Report.objects.create(
        office=hue_report.office, year=2021, status=Report.Status.APPROVED
    )
    add_figures(previous, {"dossiers.received": 70000})
    # 83.408 / 70.000: tăng 19,15…%
    add_figures(hue_report, {"dossiers.received": {"value": 83408, "stated_change": stated}})


def test_a_stated_change_the_two_years_do_not_give_is_flagged_for_staff(
    client, staff, leader, hue_report
):
    _two_years(hue_report, Decimal("15"))
    client.force_login(staff)
    response = client.get(url("thua-thien-hue", 2022))
    row = rows_of(response)["Hồ sơ tiếp nhận"]
    assert (row["change"], row["change_flag"]) == ("tăng 19,2% so với năm 2021", "tăng 15%")
    page = visible_text(response)
    assert "tăng 19,2% so với năm 2021 ⚑ báo cáo nêu tăng 15%" in page
    assert (
        "Hồ sơ tiếp nhận: báo cáo nêu tăng 15%, tính từ số liệu: tăng 19,2% so với năm 2021."
        in page
    )
    assert response.context["change_disagreements"] == [
        ("Hồ sơ tiếp nhận", "tăng 15%", "tăng 19,2% so với năm 2021")
    ]

    client.force_login(leader)
    response = client.get(url("thua-thien-hue", 2022))
    assert "⚑" not in response.text
    assert "báo cáo nêu tăng 15%" not in response.text
    assert rows_of(response)["Hồ sơ tiếp nhận"]["change"] == "tăng 19,2% so với năm 2021"


def test_a_stated_change_that_agrees_at_its_precision_raises_no_flag(client, staff, hue_report):
    _two_years(hue_report, Decimal("19"))
    client.force_login(staff)
    response = client.get(url("thua-thien-hue", 2022))
    assert rows_of(response)["Hồ sơ tiếp nhận"]["change_flag"] is None
    assert response.context["change_disagreements"] == []
    assert "⚑" not in response.text
