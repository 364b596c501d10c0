"""The demo data set (`manage.py demo_data`): deterministic, every status, written through the
import and the workflow (totals and audit as any report's), within the checks, marked on
every page and workbook that shows it, and removed by one command leaving the seed reports
exactly as published."""

from collections import Counter
from io import BytesIO, StringIO

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from openpyxl import load_workbook

from officereports.reports import catalog as catalog_module
from officereports.reports import checks, demo, totals, workflow
from officereports.reports.interchange import export_reports, import_reports
from officereports.reports.models import (
    AuditEntry,
    Figure,
    Office,
    Report,
    ReportTotal,
)
from tests.conftest import CONFIRM, entry_url, form_data, screenshot

BANNER = "Dữ liệu minh họa"


def _offices():
    q = Office.objects.select_related("unit").prefetch_related("unit__former_names")
    return {o.slug: o for o in q}


@pytest.fixture
def loaded(db):
    """`make run`'s data: the seed reports and accounts, then the demo data set."""
    cache.clear()
    call_command("seed_demo", stdout=StringIO())
    call_command("demo_data", stdout=StringIO())
    yield
    cache.clear()


def _total_rows(reports):
    q = ReportTotal.objects.filter(report__in=reports)
    return sorted(
        q.values_list(
            "report_id", "code", "value", "qualifier", "stated", "explained", "numerator",
            "denominator",
        )
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Generating


def test_the_generator_is_deterministic(db):
    catalog, offices = catalog_module.load(), _offices()
    first = demo.generate(catalog, offices)
    second = demo.generate(catalog, offices)
    assert first.document == second.document
    assert first.steps == second.steps
    # Forty-five reports: ten offices, 2021–2025 but for the merged ones and the seed years.
    assert len(first.document["reports"]) == 45


def test_two_loads_write_the_same_reports(db):
    catalog, offices = catalog_module.load(), _offices()
    demo.load(catalog, offices)
    exported = export_reports(Report.objects.filter(is_demo=True))
    demo.remove()
    demo.load(catalog, offices)
    assert export_reports(Report.objects.filter(is_demo=True)) == exported


def test_it_covers_offices_years_and_every_status(loaded):
    reports = Report.objects.filter(is_demo=True)
    assert Counter(reports.values_list("status", flat=True)) == {
        "approved": 40,
        "submitted": 2,
        "returned": 2,
        "draft": 1,
    }
    by_office = {}
    for slug, year in reports.values_list("office__slug", "year"):
        by_office.setdefault(slug, []).append(year)
    assert {slug: sorted(years) for slug, years in by_office.items()} == {
        "ha-noi": [2021, 2022, 2023, 2024, 2025],
        "nghe-an": [2021, 2022, 2023, 2024, 2025],
        "quang-ninh": [2021, 2022, 2023, 2024, 2025],
        "da-nang": [2021, 2022, 2023, 2024, 2025],
        "quang-nam": [2021, 2022, 2023, 2024],
        "lao-cai": [2021, 2022, 2023, 2024, 2025],
        "yen-bai": [2021, 2022, 2023, 2024],
        "ha-tinh": [2021, 2022, 2023, 2024, 2025],
        # The seed offices around their seed years (2020, 2022): the seed years stay seeds.
        "khanh-hoa": [2021, 2022, 2023, 2024],
        "thua-thien-hue": [2023, 2024, 2025],
    }


def test_offices_merged_in_2025_report_up_to_2024_and_their_successor_after(loaded):
    for part, successor in (("quang-nam", "da-nang"), ("yen-bai", "lao-cai")):
        office = Office.objects.select_related("unit__merged_into").get(slug=part)
        assert office.unit.merged_into.slug == successor
        assert str(office.unit.ended) == "2025-06-30"
        assert not Report.objects.filter(office=office, year=2025).exists()
    # Đà Nẵng's 2025 counts Quảng Nam's work too: more than either had in 2024.
    da_nang = {
        f.report.year: f.value
        for f in Figure.objects.filter(
            indicator__code="documents.incoming", report__office__slug="da-nang"
        ).select_related("report")
    }
    quang_nam_2024 = Figure.objects.get(
        indicator__code="documents.incoming", report__office__slug="quang-nam", report__year=2024
    ).value
    assert da_nang[2025] > max(da_nang[2024], quang_nam_2024)
    # Each jump of Lào Cai's submitted 2025 report says why.
    lao_cai = Report.objects.get(office__slug="lao-cai", year=2025)
    explained = lao_cai.figures.exclude(explanation="").values_list("explanation", flat=True)
    assert set(explained) == {
        "Từ 01/07/2025, tỉnh Yên Bái hợp nhất vào tỉnh Lào Cai: số liệu năm 2025 gồm cả các "
        "đơn vị cũ."
    }


def test_huế_is_a_city_in_its_2025_report(loaded):
    report = Report.objects.get(office__slug="thua-thien-hue", year=2025)
    assert report.office_name() == "Văn phòng UBND thành phố Huế"
    assert report.section_units.get().unit_name == "Trung tâm Phục vụ hành chính công thành phố"
    assert report.attendees.first().title.endswith("UBND thành phố")
    earlier = Report.objects.get(office__slug="thua-thien-hue", year=2024)
    assert earlier.office_name() == "Văn phòng UBND tỉnh Thừa Thiên Huế"


def test_sizes_follow_the_province_and_the_seed_offices_continue_their_series(loaded):
    def value(slug, year, code):
        return Figure.objects.get(
            report__office__slug=slug, report__year=year, indicator__code=code
        ).value

    # Hà Nội handles several times the documents of Hà Tĩnh.
    assert value("ha-noi", 2023, "documents.incoming") > 2 * value(
        "ha-tinh", 2023, "documents.incoming"
    )
    # Huế 2023 follows its published 83.408 dossiers of 2022 within the year's usual change.
    assert 83_408 * 0.9 < value("thua-thien-hue", 2023, "dossiers.received") < 83_408 * 1.15
    # Khánh Hòa counts the dossiers of the Office's own unit, as in its seed article (hơn 600).
    assert 600 * 0.9 < value("khanh-hoa", 2021, "dossiers.received") < 600 * 1.15


def test_rounded_counts_and_missing_figures_are_there(loaded):
    demo_figures = Figure.objects.filter(report__is_demo=True)
    qualifiers = Counter(demo_figures.values_list("qualifier", flat=True))
    assert {"hon", "gan", "khoang"} <= set(qualifiers)
    # A figure left out is no row (never a 0): Nghệ An publishes no petitions by kind.
    nghe_an = Report.objects.get(office__slug="nghe-an", year=2023)
    codes = set(nghe_an.figures.values_list("indicator__code", flat=True))
    assert "petitions.complaints" not in codes
    assert "petitions.received" in codes
    # Đà Nẵng's 2025 draft has its petitions and dossiers still to enter.
    draft = Report.objects.get(office__slug="da-nang", year=2025)
    assert draft.status == "draft"
    assert not draft.figures.filter(indicator__code__startswith="dossiers.").exists()


# ---------------------------------------------------------------------------
# Written as any report is


def test_per_report_totals_equal_a_rebuild(loaded):
    reports = Report.objects.all()
    kept = _total_rows(reports)
    assert kept
    totals.rebuild()
    assert _total_rows(reports) == kept


def test_every_report_passes_the_checks(loaded):
    catalog = catalog_module.load()
    for report in Report.objects.filter(is_demo=True).prefetch_related("figures__indicator"):
        previous = report.previous()
        before = previous.numbers() if previous else None
        findings = report.findings(catalog, before)
        assert [f for f in findings if f.severity == "error"] == [], report
        values = report.values()
        for part, whole in (
            ("dossiers.resolved_on_time", "dossiers.resolved"),
            ("dossiers.received_online", "dossiers.received"),
            ("petitions.eligible", "petitions.received"),
            ("advisory.program_passed", "advisory.program_planned"),
        ):
            if part in values and whole in values:
                assert values[part] <= values[whole], (report, part)
        if report.status != "draft":
            # What a submission needs: every required figure, every warning explained.
            assert report.missing_required(catalog) == [], report
            assert report.unexplained(catalog, before) == [], report


def test_each_report_has_its_import_and_workflow_in_the_audit_trail(loaded):
    report = Report.objects.get(office__slug="khanh-hoa", year=2024)
    steps = list(
        report.audit_entries.filter(field="status")
        .order_by("id")
        .values_list("old_value", "new_value", "reason")
    )
    assert steps == [
        ("draft", "submitted", ""),
        (
            "submitted",
            "returned",
            "Tổng hồ sơ trả trước hạn, đúng hạn và quá hạn chưa bằng số hồ sơ đã giải quyết; "
            "đề nghị rà soát lại với Bộ phận tiếp nhận và trả kết quả.",
        ),
    ]
    imported = report.audit_entries.filter(source="import", field__contains=".")
    assert imported.filter(new_value__gt="").count() >= report.figures.count()
    # The warning the chief returned it for, and the staff's explanation.
    resolved = report.figures.get(indicator__code="dossiers.resolved")
    assert resolved.explanation == (
        "Có hồ sơ liên thông chưa phân loại trước hạn, đúng hạn hay quá hạn."
    )


# ---------------------------------------------------------------------------
# Loading next to other reports, and removing


def test_it_leaves_an_existing_report_alone_and_loads_once(db):
    call_command("seed_demo", stdout=StringIO())
    office = Office.objects.get(slug="khanh-hoa")
    staff = User.objects.get(username="cv.khanhhoa")
    own = workflow.start(office, 2022, staff)
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "Đã nạp 44 báo cáo minh họa của 10 văn phòng" in out.getvalue()
    own.refresh_from_db()
    assert not own.is_demo
    assert not own.figures.exists()
    again = StringIO()
    call_command("demo_data", stdout=again)
    assert again.getvalue() == "Dữ liệu minh họa đã có; không nạp thêm.\n"
    assert Report.objects.filter(is_demo=True).count() == 44


def _seed_state():
    seeds = Report.objects.filter(is_demo=False)
    return (
        export_reports(seeds),
        _total_rows(seeds),
        sorted(seeds.values_list("pk", "version", "status", "updated_at")),
        sorted(
            AuditEntry.objects.filter(report__in=seeds).values_list(
                "pk", "field", "old_value", "new_value"
            )
        ),
    )


def test_remove_deletes_exactly_the_demo_reports_and_leaves_the_seeds_as_published(db):
    call_command("seed_demo", stdout=StringIO())
    before = _seed_state()
    counts = (Figure.objects.count(), ReportTotal.objects.count(), AuditEntry.objects.count())
    call_command("demo_data", stdout=StringIO())
    assert Report.objects.filter(is_demo=True).count() == 45
    out = StringIO()
    call_command("demo_data", "--remove", stdout=out)
    assert out.getvalue().startswith("Đã xóa 45 báo cáo minh họa (")
    assert not Report.objects.filter(is_demo=True).exists()
    assert (
        Figure.objects.count(),
        ReportTotal.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    assert _seed_state() == before
    # The published figures, exactly.
    figures = {
        (f.report.office.slug, f.indicator.code): (f.value, f.qualifier, f.stated_percent)
        for f in Figure.objects.select_related("report__office", "indicator")
    }
    assert figures[("khanh-hoa", "documents.incoming")] == (52900, "hon", None)
    assert figures[("khanh-hoa", "documents.outgoing")] == (20300, "hon", None)
    assert figures[("khanh-hoa", "dossiers.received")] == (600, "hon", None)
    assert str(figures[("khanh-hoa", "dossiers.resolved_on_time")][2]) == "100.00"
    assert figures[("thua-thien-hue", "advisory.program_planned")] == (206, "exact", None)
    assert figures[("thua-thien-hue", "advisory.program_passed")][:2] == (159, "exact")
    assert figures[("thua-thien-hue", "advisory.legal_issued")][:2] == (22, "exact")
    assert figures[("thua-thien-hue", "petitions.received")] == (754, "exact", None)
    assert figures[("thua-thien-hue", "dossiers.received")] == (83408, "exact", None)
    assert figures[("thua-thien-hue", "dossiers.resolved")][:2] == (81948, "exact")
    assert Report.objects.count() == 2


def test_the_export_carries_the_mark_and_the_import_keeps_it(db):
    catalog, offices = catalog_module.load(), _offices()
    demo.load(catalog, offices)
    document = export_reports(Report.objects.filter(office__slug="ha-tinh", year=2023))
    assert document["reports"][0]["demo"] is True
    demo.remove()
    (report,) = import_reports(document)
    assert report.is_demo
    seed = export_reports(Report.objects.filter(is_demo=False))
    assert all("demo" not in r for r in seed["reports"])


# ---------------------------------------------------------------------------
# Marked wherever it shows


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_demo_reports_pages_carry_the_banner_and_a_seed_reports_do_not(loaded, client):
    client.force_login(User.objects.get(username="chanh.hue"))
    demo_report = Report.objects.get(office__slug="thua-thien-hue", year=2025)
    for url in (
        "/reports/thua-thien-hue/2025/",
        entry_url(demo_report),
        "/reports/thua-thien-hue/2025/history/",
    ):
        html = _page(client, url)
        assert (
            f"<strong>{BANNER}</strong>: báo cáo này do phần mềm tạo ra để giới thiệu sản phẩm, "
            "không phải số liệu thật của văn phòng." in html
        ), url
    seed = Report.objects.get(office__slug="thua-thien-hue", year=2022)
    for url in ("/reports/thua-thien-hue/2022/", entry_url(seed)):
        assert BANNER not in _page(client, url), url
    # The report list marks each demo report.
    index = _page(client, "/")
    assert index.count('<span class="demo-tag">minh họa</span>') == 3


def test_a_report_started_after_a_demo_year_says_its_last_year_is_demo(loaded, client):
    staff = User.objects.get(username="cv.khanhhoa")
    client.force_login(staff)
    client.post("/reports/khanh-hoa/2025/create/")
    report = Report.objects.get(office__slug="khanh-hoa", year=2025)
    assert not report.is_demo
    html = _page(client, entry_url(report))
    assert "số liệu năm trước trên trang này là báo cáo minh họa" in html


def test_the_dashboard_and_roll_up_say_when_they_count_demo_reports(loaded, client):
    client.force_login(User.objects.get(username="lanhdao"))
    for _read in ("computed", "from the cache"):
        html = _page(client, "/dashboard/")
        assert f"<strong>{BANNER}</strong>: số liệu trên trang này gồm cả báo cáo minh họa" in html
    assert BANNER in _page(client, "/reports/year/2023/")
    # Only the seed year counted (2020: Khánh Hòa's seed; no demo report that year).
    assert BANNER not in _page(client, "/reports/year/2020/")


def test_the_dashboard_has_no_banner_without_demo_reports(db, client):
    cache.clear()
    call_command("seed_demo", stdout=StringIO())
    client.force_login(User.objects.get(username="lanhdao"))
    assert BANNER not in _page(client, "/dashboard/")


def _cells(content):
    book = load_workbook(BytesIO(content))
    return {
        sheet.title: [c for row in sheet.iter_rows(values_only=True) for c in row if c]
        for sheet in book.worksheets
    }


def test_workbooks_with_demo_data_carry_a_note(loaded, client):
    note = (
        "Tệp có số liệu minh họa do phần mềm tạo ra để giới thiệu sản phẩm, không phải số "
        "liệu thật của văn phòng."
    )
    client.force_login(User.objects.get(username="lanhdao"))
    cells = _cells(client.get("/reports/thua-thien-hue/2024/report.xlsx").content)
    assert note in cells["Thông tin tệp"]
    seed = _cells(client.get("/reports/thua-thien-hue/2022/report.xlsx").content)
    assert note not in seed["Thông tin tệp"]
    offices = _cells(client.get("/dashboard/offices.xlsx?year=2024").content)
    assert "Dữ liệu minh họa: " + note in offices["Năm 2024"]
    assert note in offices["Thông tin tệp"]
    years = _cells(client.get("/reports/ha-noi/years.xlsx").content)
    assert "Dữ liệu minh họa: " + note in years["Các năm"]


@pytest.mark.browser
def test_a_leader_sees_the_demo_data_marked_in_the_browser(loaded, page, browser_login):
    leader = User.objects.get(username="lanhdao")
    browser_login(leader, password="demo-officereports")
    page.goto(page.url_for("/dashboard/"))
    banner = page.locator("main > p.demo-banner")
    assert banner.is_visible()
    assert banner.inner_text().startswith("Dữ liệu minh họa: số liệu trên trang này gồm cả")
    screenshot(page, "demo-dashboard")
    page.goto(page.url_for("/reports/da-nang/2024/"))
    assert (
        page.locator("main > p.demo-banner")
        .inner_text()
        .startswith("Dữ liệu minh họa: báo cáo này do phần mềm tạo ra")
    )
    screenshot(page, "demo-summary-da-nang-2024")


def test_the_readmes_walkthrough_works_on_the_demo_data(loaded, client):
    """README "Walkthrough by role", step by step, with the demo accounts."""
    # Staff: fix the returned Khánh Hòa 2024 (three dossiers on time more), then submit.
    client.force_login(User.objects.get(username="cv.khanhhoa"))
    returned = Report.objects.get(office__slug="khanh-hoa", year=2024)
    page = client.get(entry_url(returned))
    assert "Lý do: <em>Tổng hồ sơ trả trước hạn, đúng hạn và quá hạn chưa bằng" in page.text
    data = form_data(page.text)
    on_time = checks.parse_count(data["dossiers.resolved_on_time-value"])
    data["dossiers.resolved_on_time-value"] = str(on_time + 3)
    data["dossiers.resolved-explanation"] = ""
    assert client.post(entry_url(returned), data).status_code == 302
    client.post(entry_url(returned, "submit"), CONFIRM)
    returned.refresh_from_db()
    assert returned.status == "submitted"
    # Staff: start next year.
    client.post("/reports/khanh-hoa/2025/create/")
    assert Report.objects.get(office__slug="khanh-hoa", year=2025).status == "draft"

    # Chief: review the warning and its explanation, return, then approve once resubmitted.
    chief = User.objects.get(username="chanh.hue")
    client.force_login(chief)
    submitted = Report.objects.get(office__slug="thua-thien-hue", year=2025)
    page = client.get(entry_url(submitted)).text
    assert "Trước khi duyệt" in page
    assert "Năm 2025 trình HĐND nhiều đề án, nghị quyết về sắp xếp đơn vị hành chính." in page
    client.post(entry_url(submitted, "return"), {"reason": "Kiểm tra lại số đề án trình HĐND."})
    submitted.refresh_from_db()
    assert submitted.status == "returned"
    client.force_login(User.objects.get(username="cv.hue"))
    client.post(entry_url(submitted, "submit"), CONFIRM)
    client.force_login(chief)
    client.post(entry_url(submitted, "approve"), CONFIRM)
    submitted.refresh_from_db()
    assert submitted.status == "approved"

    # Leadership: dashboard, comparison, downloads.
    client.force_login(User.objects.get(username="lanhdao"))
    page = _page(client, "/dashboard/?rate=rate.program_completion")
    for label in ("So sánh giữa các văn phòng", "Gồm cả số liệu chưa duyệt", "Phạm vi"):
        assert label in page
    assert "Tải Excel: các văn phòng" in page
    assert client.get("/dashboard/offices.xlsx?year=2025").status_code == 200
    assert "Tổng hợp số liệu năm 2024" in _page(client, "/reports/year/2024/")
