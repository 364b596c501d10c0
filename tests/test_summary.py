"""The summary page /reports/<office>/<year>/: the article, the figures table, access."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from officereports.reports import totals
from officereports.reports.models import (
    Attendee,
    Award,
    Conference,
    Directive,
    Figure,
    Indicator,
    Report,
)


def url(slug, year):
    return reverse("reports:summary", args=[slug, year])


def add_figures(report, figures):
    """code -> value, or code -> dict of Figure fields."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=figures)}
    for code, spec in figures.items():
        fields = spec if isinstance(spec, dict) else {"value": spec}
        Figure.objects.update_or_create(report=report, indicator=indicators[code], defaults=fields)
    totals.refresh(report)  # written behind the write paths: the totals follow by hand


def article_text(response):
    return response.context["article"].text()


def visible_text(response):
    """The page as a reader sees it: tags dropped, whitespace collapsed."""
    html = re.sub(r"<(script|pre)[^>]*>.*?</\1>", " ", response.text, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# ---------------------------------------------------------------------------
# Access


def test_it_requires_login(client, hue_report):
    response = client.get(url("thua-thien-hue", 2022))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/reports/thua-thien-hue/2022/"


def test_it_checks_ownership(client, outsider, hue_report):
    client.force_login(outsider)
    assert client.get(url("thua-thien-hue", 2022)).status_code == 404


def test_a_year_without_a_report_is_not_found(client, staff, hue_report):
    client.force_login(staff)
    assert client.get(url("thua-thien-hue", 2021)).status_code == 404


def test_a_leader_reads_every_office(client, leader, seed_reports):
    client.force_login(leader)
    assert client.get(url("thua-thien-hue", 2022)).status_code == 200
    assert client.get(url("khanh-hoa", 2020)).status_code == 200


def test_the_home_page_links_to_the_summary(client, staff, hue_report):
    client.force_login(staff)
    response = client.get(reverse("reports:index"))
    assert 'href="/reports/thua-thien-hue/2022/"' in response.text


# ---------------------------------------------------------------------------
# The seed pages reproduce every figure of the articles (DOMAIN.md §8)

KHANH_HOA_FIGURES = ["hơn 52.900", "hơn 20.300", "hơn 600", "100%"]
HUE_FIGURES = [
    "100%",
    "77,18%",
    "57,89%",
    "98,2%",
    "159/206",
    "22/38",
    "754",
    "728",
    "26",
    "83.408",
    "81.948",
    "133",
]


def test_the_khanh_hoa_page_has_every_figure_of_its_article(client, outsider, khanh_hoa_report):
    client.force_login(outsider)
    response = client.get(url("khanh-hoa", 2020))
    text, page = article_text(response), visible_text(response)
    for figure in KHANH_HOA_FIGURES:
        assert figure in text
    assert response.context["article"].headline == (
        "Văn phòng UBND tỉnh Khánh Hòa tổng kết công tác năm 2020: tiếp nhận, xử lý hơn "
        "52.900 văn bản đến"
    )
    assert response.context["article"].paragraphs[:2] == [
        "Chiều 29-12, Văn phòng UBND tỉnh Khánh Hòa tổ chức hội nghị cán bộ, công chức, viên "
        "chức năm 2020. Tham dự hội nghị có các ông: Lê Hữu Hoàng, Phó Chủ tịch Thường trực "
        "UBND tỉnh; Nguyễn Anh Tuấn, Phó Chủ tịch UBND tỉnh. Năm 2020, Văn phòng đã tiếp nhận "
        "và xử lý hơn 52.900 văn bản đến.",
        # A paragraph of one sentence joins the next.
        "Trong công tác văn thư, Văn phòng đã tham mưu UBND tỉnh ban hành hơn 20.300 văn bản "
        "đi. Về giải quyết thủ tục hành chính, Bộ phận tiếp nhận và trả kết quả đã tiếp nhận "
        "hơn 600 hồ sơ thủ tục hành chính. Tỷ lệ hồ sơ trả đúng hạn đạt 100%.",
    ]
    assert (
        "Dịp này, nhiều tập thể và cá nhân được UBND tỉnh và Văn phòng UBND tỉnh khen thưởng."
        in text
    )
    assert "Phó Chủ tịch Thường trực UBND tỉnh Lê Hữu Hoàng yêu cầu Văn phòng UBND tỉnh" in text
    # Everything in the article is on the page, ending with the byline.
    for paragraph in response.context["article"].paragraphs:
        assert paragraph in page
    assert '<p class="byline">MẠNH HÙNG</p>' in response.text


def test_the_hue_page_has_every_figure_of_its_article(client, staff, hue_report):
    client.force_login(staff)
    response = client.get(url("thua-thien-hue", 2022))
    text, page = article_text(response), visible_text(response)
    for figure in HUE_FIGURES:
        assert re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)", text), figure
    assert response.context["article"].paragraphs[:6] == [
        "Văn phòng UBND tỉnh Thừa Thiên Huế tổ chức hội nghị tổng kết công tác năm 2022, triển "
        "khai nhiệm vụ năm 2023. Tham dự hội nghị có ông Nguyễn Văn Phương, Chủ tịch UBND tỉnh. "
        "Năm 2022, Văn phòng đã tham mưu UBND tỉnh thông qua 159/206 nội dung trong chương "
        "trình công tác, đạt 77,18% kế hoạch.",
        "Trong công tác tham mưu, tổng hợp, Văn phòng đã tham mưu UBND tỉnh ban hành 22/38 văn "
        "bản quy phạm pháp luật, đạt 57,89% kế hoạch; giúp UBND tỉnh trình HĐND tỉnh 133 đề "
        "án, báo cáo. 100% nhiệm vụ trọng tâm trong chương trình công tác của UBND tỉnh được "
        "đôn đốc, theo dõi.",
        "Văn phòng đã phục vụ Chủ tịch, các Phó Chủ tịch UBND tỉnh tiếp công dân định kỳ 26 "
        "buổi. Văn phòng cũng đã tiếp nhận 754 đơn thư, trong đó có 728 đơn đủ điều kiện xử lý, "
        "chiếm 96,55%; 26 đơn không đủ điều kiện.",
        "Về giải quyết thủ tục hành chính, Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận "
        "83.408 hồ sơ thủ tục hành chính; giải quyết 81.948 hồ sơ, đạt 98,2% số hồ sơ tiếp "
        "nhận.",
        "Phát biểu chỉ đạo hội nghị, Chủ tịch UBND tỉnh Nguyễn Văn Phương yêu cầu Văn phòng UBND "
        "tỉnh nâng cao vị thế, chất lượng tham mưu và chất lượng phục vụ; quan tâm đào tạo, bồi "
        "dưỡng, xây dựng đội ngũ cán bộ văn phòng chuyên nghiệp; chuyên viên không ngừng nâng "
        "cao trình độ chuyên môn, nghiệp vụ, đạo đức công vụ và tinh thần đoàn kết.",
        "Dịp này, nhiều tập thể và cá nhân được khen thưởng.",
    ]
    assert "Phát biểu chỉ đạo hội nghị, Chủ tịch UBND tỉnh Nguyễn Văn Phương yêu cầu" in text
    assert "Dịp này, nhiều tập thể và cá nhân được khen thưởng." in text
    for paragraph in response.context["article"].paragraphs:
        assert paragraph in page
    assert '<p class="byline">L.THỌ</p>' in response.text
    assert '<p class="source">Nguồn: Báo Thừa Thiên Huế online</p>' in response.text
    assert (
        "<h1>Văn phòng UBND tỉnh Thừa Thiên Huế tổng kết công tác năm 2022: tham mưu thông qua "
        "77,18% nội dung chương trình công tác</h1>"
    ) in (response.text)


def test_the_plain_text_for_copying_is_on_the_page(client, staff, hue_report):
    client.force_login(staff)
    response = client.get(url("thua-thien-hue", 2022))
    assert f'<pre id="article-text" hidden>{article_text(response)}</pre>' in response.text
    assert 'data-copy-target="article-text"' in response.text
    assert "/static/js/copy-text.js" in response.text
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in response.text


def test_a_2025_page_names_the_city_as_it_was_then(client, staff, hue):
    report = Report.objects.create(office=hue, year=2025, status=Report.Status.DRAFT)
    add_figures(report, {"advisory.council_submissions": 40})
    Attendee.objects.create(
        report=report, honorific="ong", name="Nguyễn Văn Phương", title="Chủ tịch UBND thành phố"
    )
    client.force_login(staff)
    response = client.get(url("thua-thien-hue", 2025))
    text = article_text(response)
    assert text.startswith("Văn phòng UBND thành phố Huế tổng kết công tác năm 2025")
    assert "giúp UBND thành phố trình HĐND thành phố 40 đề án, báo cáo" in text
    assert "Thừa Thiên" not in response.text
    # A draft says so to its readers.
    assert "Số liệu chưa được duyệt (Đang soạn)." in response.text


def test_the_headline_written_by_staff_replaces_the_generated_one(client, staff, hue_report):
    hue_report.headline = "Văn phòng UBND tỉnh phải đi đầu trong cải cách hành chính"
    hue_report.save()
    client.force_login(staff)
    response = client.get(url("thua-thien-hue", 2022))
    assert "<h1>Văn phòng UBND tỉnh phải đi đầu trong cải cách hành chính</h1>" in response.text


# ---------------------------------------------------------------------------
# Year on year


def test_it_writes_the_change_from_the_previous_year(client, staff, hue_report, hue):
    previous = Report.objects.create(office=hue, year=2021, status=Report.Status.APPROVED)
    add_figures(
        previous,
        {
            "dossiers.received": 70000,
            "petitions.received": 700,
            "reception.periodic_sessions": 13,
            "advisory.program_passed": 150,
        },
    )
    client.force_login(staff)
    response = client.get(url("thua-thien-hue", 2022))
    text = article_text(response)
    # 83.408 / 70.000 = 1,19154…; 754 / 700 = 1,0771…; 26 / 13 = 2.
    assert "tiếp nhận 83.408 hồ sơ thủ tục hành chính (tăng 19,2% so với năm 2021)" in text
    assert "tiếp nhận 754 đơn thư (tăng 7,7% so với năm 2021)" in text
    assert (
        "phục vụ Chủ tịch, các Phó Chủ tịch UBND tỉnh tiếp công dân định kỳ 26 buổi "
        "(gấp 2 lần so với năm 2021)" in text
    )
    # The table carries the change of every figure reported in both years.
    rows = {row["indicator"]: row for row in response.context["table"].data}
    assert rows["Chương trình, đề án, báo cáo, VBQPPL đã thông qua"]["change"] == (
        "tăng 6% so với năm 2021"
    )
    assert rows["Hồ sơ tiếp nhận"]["change"] == "tăng 19,2% so với năm 2021"
    assert rows["Hồ sơ đã giải quyết"]["change"] is None


# ---------------------------------------------------------------------------
# The figures table


def test_the_table_shows_each_rate_with_what_it_divides_by(client, leader, hue_report):
    client.force_login(leader)
    page = visible_text(client.get(url("thua-thien-hue", 2022)))
    assert (
        "Chương trình, đề án, báo cáo, VBQPPL đã thông qua nội dung 159 77,18% = 159/206, tính "
        "trên số nội dung trong chương trình công tác năm" in page
    )
    assert (
        "Nhiệm vụ trọng tâm được đôn đốc, theo dõi nhiệm vụ 100% do đơn vị nêu, tính trên số "
        "nhiệm vụ trọng tâm" in page
    )
    assert "Hồ sơ đã giải quyết hồ sơ 81.948 98,2% = 81.948/83.408" in page
    assert "Năm 2021 Năm 2022 So với năm trước Tỷ lệ" in page


def test_a_missing_figure_is_a_blank_cell_never_zero(client, leader, khanh_hoa_report):
    client.force_login(leader)
    response = client.get(url("khanh-hoa", 2020))
    cells = re.findall(r'<td class="num">([^<]*)</td>', response.text)
    assert cells == ["", "hơn 52.900", "", "hơn 52.900", "", "hơn 20.300", "", "hơn 600", "", ""]
    assert "Ô trống: không có số liệu (không phải bằng 0)." in response.text


# ---------------------------------------------------------------------------
# Stated vs computed


@pytest.fixture
def disagreeing(hue_report):
    """Huế's work programme with a stated 77,5% that 159/206 (77,18%) does not give."""
    add_figures(hue_report, {"advisory.program_passed": {"stated_percent": Decimal("77.5")}})
    return hue_report


def test_staff_see_a_flag_with_both_values(client, staff, disagreeing):
    client.force_login(staff)
    response = client.get(url("thua-thien-hue", 2022))
    page = visible_text(response)
    assert (
        "Tỷ lệ hoàn thành chương trình công tác: báo cáo nêu 77,5%, tính từ 159/206 được "
        "77,18%." in page
    )
    assert "⚑ báo cáo nêu 77,5%, tính được 77,18%" in page
    # The article prints the computed value.
    assert "đạt 77,18%" in article_text(response)
    assert "77,5" not in article_text(response)


def test_the_chief_and_administrators_see_the_flag_too(client, chief, admin_user, disagreeing):
    for user in (chief, admin_user):
        client.force_login(user)
        assert "báo cáo nêu 77,5%" in client.get(url("thua-thien-hue", 2022)).text


def test_other_readers_see_only_the_computed_value(client, leader, disagreeing):
    client.force_login(leader)
    response = client.get(url("thua-thien-hue", 2022))
    assert "77,5" not in response.text
    assert "⚑" not in response.text
    assert 'class="flags' not in response.text
    assert "đạt 77,18%" in response.text


def test_agreeing_stated_percentages_raise_no_flag(client, staff, hue_report):
    client.force_login(staff)
    response = client.get(url("thua-thien-hue", 2022))
    assert response.context["disagreements"] == []
    assert "⚑" not in response.text


# ---------------------------------------------------------------------------
# Query count


def _grow(report, office):
    """Every indicator reported, many attendees, directives, awards and earlier years."""
    add_figures(report, {i.code: 10 + n for n, i in enumerate(Indicator.objects.all())})
    for n in range(8):
        Attendee.objects.create(report=report, honorific="ba", name=f"Người dự {n}", title="Khách")
        Directive.objects.create(report=report, speaker=f"Lãnh đạo {n}", content="làm tốt hơn")
        Award.objects.create(report=report, recipient_kind="ca_nhan", count=n + 1, title=f"K{n}")
    for year in range(report.year - 6, report.year):
        earlier = Report.objects.create(office=office, year=year)
        add_figures(earlier, {i.code: 5 for i in Indicator.objects.all()})
        Conference.objects.create(report=earlier, date=date(year, 12, 20))


def test_the_query_count_does_not_grow_with_the_data(
    client, staff, hue_report, hue, django_assert_num_queries
):
    client.force_login(staff)
    # 1-3 the session, the user, their memberships, 4 office, 5 report, 6-8 catalogue
    # (indicators, rates, checks), 9 previous report, 10 figures of both years,
    # 11 conference, 12 section units, 13 attendees, 14 directives, 15 awards, 16 former
    # names of the unit.
    with django_assert_num_queries(16):
        first = client.get(url("thua-thien-hue", 2022))
    assert first.status_code == 200
    _grow(hue_report, hue)
    with django_assert_num_queries(16):
        response = client.get(url("thua-thien-hue", 2022))
    assert "Người dự 7, Khách" in response.text
    assert "tiếp nhận 10 văn bản đến (gấp 2 lần so với năm 2021)" in response.text


def test_a_saved_figure_is_on_the_next_page_load(client, staff, hue_report):
    client.force_login(staff)
    assert "81.948" in client.get(url("thua-thien-hue", 2022)).text
    figure = hue_report.figures.get(indicator__code="dossiers.resolved")
    figure.value = 81_950
    figure.save()
    text = client.get(url("thua-thien-hue", 2022)).text
    assert "81.950" in text and "81.948" not in text


def test_the_cached_page_keeps_flags_and_offices_apart(
    client, staff, leader, outsider, disagreeing
):
    """Staff see the flag of a stated rate that disagrees, leaders do not, whoever came
    first; another office's staff get 404 even when the page is cached."""
    flag = "Tỷ lệ nêu trong báo cáo khác tỷ lệ tính từ số liệu"
    client.force_login(leader)
    assert flag not in client.get(url("thua-thien-hue", 2022)).text
    client.force_login(staff)
    assert flag in client.get(url("thua-thien-hue", 2022)).text
    client.force_login(leader)
    assert flag not in client.get(url("thua-thien-hue", 2022)).text
    client.force_login(outsider)
    assert client.get(url("thua-thien-hue", 2022)).status_code == 404
    assert client.get(url("thua-thien-hue", 2023)).status_code == 404


def test_the_page_is_cached_per_language(client, staff, hue_report):
    client.force_login(staff)
    assert "Sao chép văn bản" in client.get(url("thua-thien-hue", 2022)).text
    client.cookies["django_language"] = "en"
    text = client.get(url("thua-thien-hue", 2022)).text
    assert "Copy the text" in text and "Sao chép văn bản" not in text


def test_the_office_staff_get_a_link_to_the_entry_page_and_readers_do_not(
    client, staff, leader, hue_report
):
    edit = 'href="/reports/thua-thien-hue/2022/edit/"'
    workbook = 'href="/reports/thua-thien-hue/2022/report.xlsx"'
    client.force_login(staff)
    response = client.get("/reports/thua-thien-hue/2022/")
    assert edit in response.text and workbook in response.text
    client.force_login(leader)
    response = client.get("/reports/thua-thien-hue/2022/")
    assert edit not in response.text and workbook in response.text
