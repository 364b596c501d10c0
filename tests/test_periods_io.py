"""Periods in and out: the JSON interchange, the Excel template and the entry form carry a
report's period, and refuse unknown periods, bad dates and duplicates with nothing written."""

import copy
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from officereports.reports.interchange import ImportRefused, export_reports, import_reports
from officereports.reports.models import AuditEntry, Figure, Office, Report
from tests.conftest import form_data, template_rows, workbook_file

HUE = "thua-thien-hue"
FOUR = {
    # period -> (petitions received, default start, default end)
    "year": (480, date(2023, 12, 15), date(2024, 12, 14)),
    "first-9-months": (350, date(2023, 12, 15), date(2024, 9, 14)),
    "quarter-1": (110, date(2023, 12, 15), date(2024, 3, 14)),
    "month-9": (41, date(2024, 8, 15), date(2024, 9, 14)),
}


def _report(period=None, **changes):
    entry = {"office": HUE, "year": 2024, "figures": {"petitions.received": {"value": 7}}}
    if period is not None:
        entry["period"] = period
    entry.update(changes)
    return entry


def _document(*reports):
    return {"format": "officereports/1", "reports": list(reports)}


def _counts():
    return (Report.objects.count(), Figure.objects.count(), AuditEntry.objects.count())


def _refused(document):
    before = _counts()
    with pytest.raises(ImportRefused) as refused:
        import_reports(document)
    assert _counts() == before
    return refused.value.problems


# ---------------------------------------------------------------------------
# JSON interchange


def test_the_year_and_three_parts_import_side_by_side_and_round_trip(db):
    document = _document(
        *(
            _report(period, figures={"petitions.received": {"value": value}})
            for period, (value, _start, _end) in FOUR.items()
        )
    )
    imported = import_reports(document)
    assert len(imported) == 4
    kept = {
        r.period: (r.figures.get().value, r.period_start, r.period_end)
        for r in Report.objects.filter(office__slug=HUE, year=2024)
    }
    assert kept == FOUR

    exported = export_reports(Report.objects.all())
    assert [(r["period"], r["period_start"], r["period_end"]) for r in exported["reports"]] == [
        ("first-9-months", "2023-12-15", "2024-09-14"),
        ("month-9", "2024-08-15", "2024-09-14"),
        ("quarter-1", "2023-12-15", "2024-03-14"),
        ("year", "2023-12-15", "2024-12-14"),
    ]
    # Into an empty database: the same four reports, exactly.
    AuditEntry.objects.all().delete()
    Report.objects.all().delete()
    assert _counts() == (0, 0, 0)
    import_reports(copy.deepcopy(exported))
    assert Report.objects.count() == 4
    assert export_reports(Report.objects.all()) == exported


def test_a_file_without_periods_is_the_yearly_reports(db):
    hue = Office.objects.get(slug=HUE)
    # A quarter of the same year is already there: the yearly report is another report.
    Report.objects.create(office=hue, year=2024, period="quarter-1")
    (report,) = import_reports(_document(_report()))
    report.refresh_from_db()
    assert (report.period, report.period_start, report.period_end) == (
        "year",
        date(2023, 12, 15),
        date(2024, 12, 14),
    )
    assert sorted(hue.reports.values_list("period", flat=True)) == ["quarter-1", "year"]


KINDS = (
    "year, first-9-months, first-6-months, quarter-1, quarter-2, quarter-3, quarter-4, "
    "month-1, month-2, month-3, month-4, month-5, month-6, month-7, month-8, month-9, "
    "month-10, month-11, month-12"
)


@pytest.mark.parametrize(
    "reports, problems",
    [
        (
            [_report("quarter-5")],
            [
                "báo cáo thua-thien-hue/2024/quarter-5: 'period' = 'quarter-5' không phải kỳ "
                f"báo cáo (chọn một trong: {KINDS})"
            ],
        ),
        (
            [_report(3)],
            [
                "báo cáo thua-thien-hue/2024/3: 'period' = 3 không phải kỳ báo cáo (chọn một "
                f"trong: {KINDS})"
            ],
        ),
        (
            [_report("quarter-1", period_start="2024-03-14", period_end="2023-12-15")],
            [
                "báo cáo thua-thien-hue/2024/quarter-1: 'period_end' (2023-12-15): Ngày kết "
                "thúc kỳ báo cáo phải sau ngày bắt đầu."
            ],
        ),
        (
            [_report("month-9", period_start="2022-08-15", period_end="2025-09-14")],
            [
                "báo cáo thua-thien-hue/2024/month-9: 'period_start' (2022-08-15): Ngày bắt "
                "đầu kỳ báo cáo phải trong khoảng 01/10/2023 – 31/03/2025 (quanh năm 2024).",
                "báo cáo thua-thien-hue/2024/month-9: 'period_end' (2025-09-14): Ngày kết thúc "
                "kỳ báo cáo phải trong khoảng 01/10/2023 – 31/03/2025 (quanh năm 2024).",
            ],
        ),
        (
            [_report("quarter-1"), _report("year"), _report("quarter-1")],
            ["báo cáo thua-thien-hue/2024/quarter-1: trùng lặp trong tệp"],
        ),
        (
            # Absent and "year" are the same period.
            [_report(), _report("year")],
            ["báo cáo thua-thien-hue/2024: trùng lặp trong tệp"],
        ),
    ],
    ids=["unknown", "not a string", "reversed", "out of window", "twice", "year twice"],
)
def test_an_import_with_a_bad_period_is_refused_whole(db, reports, problems):
    # The good report beside the bad one is not written either.
    document = _document(_report("first-6-months"), *reports)
    assert _refused(document) == problems
    assert not Report.objects.exists()


def test_an_import_of_a_period_already_there_is_refused(db):
    hue = Office.objects.get(slug=HUE)
    Report.objects.create(office=hue, year=2024, period="quarter-1")
    document = _document(_report("year"), _report("quarter-1"), _report("month-9"))
    assert _refused(document) == [
        "báo cáo thua-thien-hue/2024/quarter-1: đã có trong cơ sở dữ liệu"
    ]
    assert list(Report.objects.values_list("period", flat=True)) == ["quarter-1"]


# ---------------------------------------------------------------------------
# The Excel template


@pytest.fixture
def quarter(hue):
    """Huế's first quarter of 2024 (a draft) and its yearly report, each with one figure."""
    reports = {}
    for period, value in (("quarter-1", 110), ("year", 480)):
        report = Report.objects.create(office=hue, year=2024, period=period)
        Figure.objects.create(report=report, indicator_id=_indicator(), value=value)
        reports[period] = report
    return reports


def _indicator():
    from officereports.reports import catalog

    return catalog.load().indicators["petitions.received"].pk


def _template(client, report):
    response = client.get(report.url("template"))
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _upload(client, report, wb):
    return client.post(report.url("upload"), {"file": workbook_file(wb)})


def _state():
    return (
        _counts(),
        sorted(Figure.objects.values_list("report__period", "value")),
        sorted(Report.objects.values_list("period", "version")),
    )


def test_the_template_names_its_period(client, staff, quarter):
    client.force_login(staff)
    response = client.get(quarter["quarter-1"].url("template"))
    assert response["Content-Disposition"] == (
        'attachment; filename="mau-nhap-thua-thien-hue-2024-quarter-1.xlsx"'
    )
    response = client.get(quarter["year"].url("template"))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="mau-nhap-thua-thien-hue-2024.xlsx"'
    )
    ws = _template(client, quarter["quarter-1"])["Số liệu"]
    assert ws["A1"].value == "MẪU NHẬP SỐ LIỆU CÔNG TÁC QUÝ I NĂM 2024"
    assert [ws[c].value for c in ("B6", "C6", "D6", "E6")] == [
        "Kỳ báo cáo",
        "Quý I",
        "Mã kỳ báo cáo",
        "quarter-1",
    ]
    ws = _template(client, quarter["year"])["Số liệu"]
    assert (ws["A1"].value, ws["C6"].value, ws["E6"].value) == (
        "MẪU NHẬP SỐ LIỆU CÔNG TÁC NĂM 2024",
        "Năm",
        "year",
    )


def test_a_quarters_template_goes_into_the_quarter(client, staff, quarter):
    client.force_login(staff)
    wb = _template(client, quarter["quarter-1"])
    ws = wb["Số liệu"]
    ws.cell(template_rows(ws)["petitions.received"], 5).value = 120
    response = _upload(client, quarter["quarter-1"], wb)
    assert response.status_code == 302
    page = client.get(response.url)
    assert [(c.code, c.old, c.new) for c in page.context["changes"]] == [
        ("petitions.received", "110", "120")
    ]


QUARTER_INTO_YEAR = (
    "Trang “Số liệu”, dòng 6: đây là mẫu của Văn phòng UBND tỉnh Thừa Thiên Huế quý I năm "
    "2024, không phải của Văn phòng UBND tỉnh Thừa Thiên Huế năm 2024. Hãy tải mẫu của báo "
    "cáo này."
)
YEAR_INTO_QUARTER = (
    "Trang “Số liệu”, dòng 6: đây là mẫu của Văn phòng UBND tỉnh Thừa Thiên Huế năm 2024, "
    "không phải của Văn phòng UBND tỉnh Thừa Thiên Huế quý I năm 2024. Hãy tải mẫu của báo "
    "cáo này."
)


@pytest.mark.parametrize(
    "source, target, change, problem",
    [
        ("quarter-1", "year", {}, QUARTER_INTO_YEAR),
        ("year", "quarter-1", {}, YEAR_INTO_QUARTER),
        # A template made before periods (row 6 empty) is the yearly report's.
        ("year", "quarter-1", dict.fromkeys(("B6", "C6", "D6", "E6")), YEAR_INTO_QUARTER),
        (
            "quarter-1",
            "quarter-1",
            {"E6": "quarter-5"},
            "Trang “Số liệu”, dòng 6, ô E6: “quarter-5” không phải mã kỳ báo cáo (thông tin "
            "mẫu đã bị sửa). Hãy tải mẫu mới về và điền lại.",
        ),
    ],
    ids=["quarter into year", "year into quarter", "template before periods", "unknown code"],
)
def test_an_upload_into_another_period_is_refused(
    client, staff, quarter, source, target, change, problem
):
    client.force_login(staff)
    wb = _template(client, quarter[source])
    ws = wb["Số liệu"]
    ws.cell(template_rows(ws)["petitions.received"], 5).value = 999
    for cell, value in change.items():
        ws[cell] = value
    before = _state()
    response = _upload(client, quarter[target], wb)
    assert response.status_code == 200
    assert response.context["problems"] == [problem]
    assert _state() == before


def test_a_template_before_periods_goes_into_the_yearly_report(client, staff, quarter):
    client.force_login(staff)
    wb = _template(client, quarter["year"])
    ws = wb["Số liệu"]
    for cell in ("B6", "C6", "D6", "E6"):
        ws[cell] = None
    ws.cell(template_rows(ws)["petitions.received"], 5).value = 500
    response = _upload(client, quarter["year"], wb)
    assert response.status_code == 302
    page = client.get(response.url)
    assert [(c.code, c.old, c.new) for c in page.context["changes"]] == [
        ("petitions.received", "480", "500")
    ]


# ---------------------------------------------------------------------------
# The entry form and the admin


@pytest.mark.parametrize(
    "start, end, errors",
    [
        (
            "14/03/2024",
            "15/12/2023",
            {"period_end": ["Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."]},
        ),
        (
            "15/12/2022",
            "14/03/2024",
            {
                "period_start": [
                    "Ngày bắt đầu kỳ báo cáo phải trong khoảng 01/10/2023 – 31/03/2025 "
                    "(quanh năm 2024)."
                ]
            },
        ),
        (
            "15/12/2023",
            "14/06/2025",
            {
                "period_end": [
                    "Ngày kết thúc kỳ báo cáo phải trong khoảng 01/10/2023 – 31/03/2025 "
                    "(quanh năm 2024)."
                ]
            },
        ),
    ],
    ids=["reversed", "starts too early", "ends too late"],
)
def test_the_entry_form_refuses_bad_period_dates(client, staff, quarter, start, end, errors):
    report = quarter["quarter-1"]
    client.force_login(staff)
    data = form_data(client.get(report.url("edit")).text)
    assert (data["report-period_start"], data["report-period_end"]) == ("15/12/2023", "14/03/2024")
    data["report-period_start"], data["report-period_end"] = start, end
    data["report-byline"] = "L.THỌ"
    before = _state()
    response = client.post(report.url("edit"), data)
    assert response.status_code == 200
    details = response.context["entry"].details
    assert details.errors == errors
    for (message,) in errors.values():
        assert message in response.text
    assert _state() == before
    report.refresh_from_db()
    assert (report.period_start, report.period_end, report.byline) == (
        date(2023, 12, 15),
        date(2024, 3, 14),
        "",
    )


def test_the_entry_form_keeps_a_provinces_own_dates(client, staff, quarter):
    report = quarter["quarter-1"]
    client.force_login(staff)
    data = form_data(client.get(report.url("edit")).text)
    data["report-period_start"], data["report-period_end"] = "01/12/2023", "29/02/2024"
    response = client.post(report.url("edit"), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.period_start, report.period_end) == (date(2023, 12, 1), date(2024, 2, 29))


def test_the_admin_refuses_bad_period_dates(client, admin_user, quarter):
    report = quarter["quarter-1"]
    url = reverse("admin:reports_report_change", args=[report.pk])
    client.force_login(admin_user)
    data = form_data(client.get(url).text, "report_form")
    data["period_start"], data["period_end"] = "14/03/2024", "15/12/2023"
    before = _state()
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "period_end": ["Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."]
    }
    assert "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu." in response.text
    assert _state() == before
