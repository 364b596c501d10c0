"""A stated percentage is read one way (`checks.parse_percent`): typed on the entry page, in a
cell of the Excel template, in the JSON import."""

from decimal import Decimal

import pytest

from officereports.reports import checks, interchange
from officereports.reports.models import Figure
from tests.conftest import (
    entry_url,
    set_template_cell,
    template_workbook,
    upload_file,
    workbook_file,
)

NOT_A_NUMBER = "Nhập tỷ lệ dạng số, ví dụ 77,18."
NEGATIVE = "Tỷ lệ không được âm."
TOO_LARGE = "Tỷ lệ quá lớn. Kiểm tra lại số chữ số."
DECIMALS = "Tỷ lệ ghi tối đa 2 chữ số thập phân, ví dụ 98,25."


# ---------------------------------------------------------------------------
# The parser alone (no database)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("77,18", "77.18"),
        ("77.18", "77.18"),
        ("77,18%", "77.18"),
        (" 77,18 % ", "77.18"),
        ("77,10", "77.10"),  # the digits as given; the column stores two decimals
        ("100", "100"),
        ("+5", "5"),
        (",5", "0.5"),
        ("-0", "0"),
        ("99999,99", "99999.99"),
        (77.18, "77.18"),  # a float by its shortest form, not 77.1799999…
        (100, "100"),
        (Decimal("98.20"), "98.20"),
    ],
)
def test_a_percentage_is_read_to_the_digits_given(raw, expected):
    value = checks.parse_percent(raw)
    assert isinstance(value, Decimal)
    assert str(value) == expected


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_a_blank_percentage_is_none(raw):
    assert checks.parse_percent(raw) is None


@pytest.mark.parametrize(
    "raw, message",
    [
        ("nhiều", NOT_A_NUMBER),
        ("1e9", NOT_A_NUMBER),
        ("1.000,5", NOT_A_NUMBER),  # a percentage has no thousands
        ("7.7.18", NOT_A_NUMBER),
        ("1 000", NOT_A_NUMBER),
        ("--3", NOT_A_NUMBER),
        ("-", NOT_A_NUMBER),
        ("%", NOT_A_NUMBER),
        ("٣", NOT_A_NUMBER),  # digits of other scripts
        ("NaN", NOT_A_NUMBER),
        (float("nan"), NOT_A_NUMBER),
        (float("inf"), NOT_A_NUMBER),
        (Decimal("Infinity"), NOT_A_NUMBER),
        (True, NOT_A_NUMBER),
        ([77], NOT_A_NUMBER),
        ("-3", NEGATIVE),
        (-0.5, NEGATIVE),
        ("100000", TOO_LARGE),
        (1e20, TOO_LARGE),
        ("98,255", DECIMALS),
        (0.1 + 0.2, DECIMALS),
    ],
)
def test_a_bad_percentage_is_refused_in_words(raw, message):
    with pytest.raises(ValueError) as refused:
        checks.parse_percent(raw)
    assert str(refused.value) == message


# ---------------------------------------------------------------------------
# Each path uses it


def test_the_entry_page_reads_77_18_percent(client, entry, draft_hue):
    data = entry()
    data["advisory.program_passed-stated_percent"] = "77,10%"
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 302
    figure = Figure.objects.get(report=draft_hue, indicator__code="advisory.program_passed")
    assert figure.stated_percent == Decimal("77.10")


def test_the_upload_refuses_a_cell_with_three_decimals_in_the_parsers_words(
    client, staff, draft_hue
):
    wb = template_workbook(client, staff)
    row = set_template_cell(wb, "advisory.program_passed", 7, 77.185)
    response = upload_file(client, workbook_file(wb))
    assert response.context["problems"] == [
        f"Trang “Số liệu”, dòng {row}, cột “Tỷ lệ nêu trong báo cáo (%)”: "
        f"{DECIMALS} (giá trị: 77.185)"
    ]


def test_the_upload_reads_a_percent_formatted_cell(client, staff, draft_hue):
    wb = template_workbook(client, staff)
    row = set_template_cell(wb, "advisory.program_passed", 7, 0.771)
    wb["Số liệu"].cell(row, 7).number_format = "0.00%"
    response = upload_file(client, workbook_file(wb))
    assert response.status_code == 302
    figures = client.session["excel_upload"]["figures"]
    assert figures["advisory.program_passed"]["stated_percent"] == "77.1"


def _hue_with_stated(seed_data, stated):
    (hue,) = [r for r in seed_data["reports"] if r["office"] == "thua-thien-hue"]
    hue["figures"]["advisory.program_passed"]["stated_percent"] = stated
    return {**seed_data, "reports": [hue]}


@pytest.mark.parametrize("stated", ["77,18", "77.18", "77,18%", 77.18])
def test_the_import_reads_a_percentage_as_the_entry_page_does(db, seed_data, stated):
    (plan,) = interchange.read(_hue_with_stated(seed_data, stated))
    assert plan.figures["advisory.program_passed"]["stated_percent"] == Decimal("77.18")


@pytest.mark.parametrize(
    "stated, message",
    [
        ("1e2", f"{NOT_A_NUMBER} (giá trị: '1e2')"),
        (98.255, f"{DECIMALS} (giá trị: 98.255)"),
        (-1, f"{NEGATIVE} (giá trị: -1)"),
        (True, f"{NOT_A_NUMBER} (giá trị: True)"),
    ],
)
def test_the_import_refuses_a_bad_percentage_in_the_parsers_words(db, seed_data, stated, message):
    with pytest.raises(interchange.ImportRefused) as refused:
        interchange.read(_hue_with_stated(seed_data, stated))
    assert refused.value.problems == [
        f"báo cáo thua-thien-hue/2022, advisory.program_passed: {message}"
    ]
