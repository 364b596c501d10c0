"""The entry page: catalogue-driven rows, every check of DOMAIN.md §6 with its exact
message, typed values kept and nothing written on error, blank is "not reported"."""

from decimal import Decimal

import pytest
from django.test import Client

from officereports.reports import catalog as catalog_module
from officereports.reports.models import AuditEntry, Figure, Report, Role
from tests.conftest import _user, entry_url, form_data, without_tokens


def stored(report):
    """Everything a save could touch, to prove that a refused save touched nothing."""
    report = Report.objects.get(pk=report.pk)
    return (
        sorted(
            report.figures.values_list(
                "indicator__code", "value", "qualifier", "stated_percent", "comment", "explanation"
            )
        ),
        report.version,
        report.status,
        AuditEntry.objects.filter(report=report).count(),
        list(report.section_units.values_list("section", "unit_name")),
        list(report.attendees.values_list("name", "position")),
    )


def post(client, report, data, **typed):
    """Post the page with some fields typed (keyword `code__part` → `code-part`)."""
    data = dict(data)
    for key, value in typed.items():
        code, part = key.rsplit("__", 1)
        data[f"{code.replace('__', '.')}-{part}"] = value
    return client.post(entry_url(report), data)


# (check code, part typed 1.200, whole typed 1.000, the message beside the part)
ERRORS = [
    ("petitions.eligible_le_received", "petitions.eligible", "petitions.received",
     "Đơn đủ điều kiện xử lý (1.200) không được lớn hơn Đơn thư tiếp nhận (1.000). Sửa lại một trong hai số."),
    ("petitions.ineligible_le_received", "petitions.ineligible", "petitions.received",
     "Đơn không đủ điều kiện xử lý (1.200) không được lớn hơn Đơn thư tiếp nhận (1.000). Sửa lại một trong hai số."),
    ("dossiers.online_le_received", "dossiers.received_online", "dossiers.received",
     "Hồ sơ tiếp nhận trực tuyến (1.200) không được lớn hơn Hồ sơ tiếp nhận (1.000). Sửa lại một trong hai số."),
    ("dossiers.early_le_resolved", "dossiers.resolved_early", "dossiers.resolved",
     "Hồ sơ trả trước hạn (1.200) không được lớn hơn Hồ sơ đã giải quyết (1.000). Sửa lại một trong hai số."),
    ("dossiers.on_time_le_resolved", "dossiers.resolved_on_time", "dossiers.resolved",
     "Hồ sơ trả đúng hạn (1.200) không được lớn hơn Hồ sơ đã giải quyết (1.000). Sửa lại một trong hai số."),
    ("dossiers.late_le_resolved", "dossiers.resolved_late", "dossiers.resolved",
     "Hồ sơ trả quá hạn (1.200) không được lớn hơn Hồ sơ đã giải quyết (1.000). Sửa lại một trong hai số."),
    ("dossiers.overdue_le_pending", "dossiers.pending_overdue", "dossiers.pending",
     "Hồ sơ đang giải quyết đã quá hạn (1.200) không được lớn hơn Hồ sơ đang giải quyết (1.000). Sửa lại một trong hai số."),
    ("advisory.online_le_meetings", "advisory.meetings_online", "advisory.meetings",
     "Cuộc họp, hội nghị trực tuyến (1.200) không được lớn hơn Cuộc họp, hội nghị phục vụ (1.000). Sửa lại một trong hai số."),
    ("advisory.monitored_le_key_tasks", "advisory.key_tasks_monitored", "advisory.key_tasks",
     "Nhiệm vụ trọng tâm được đôn đốc, theo dõi (1.200) không được lớn hơn Nhiệm vụ trọng tâm trong chương trình công tác (1.000). Sửa lại một trong hai số."),
    ("advisory.gov_done_le_gov_tasks", "advisory.gov_tasks_done", "advisory.gov_tasks",
     "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao đã hoàn thành (1.200) không được lớn hơn Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao (1.000). Sửa lại một trong hai số."),
    ("documents.electronic_le_outgoing", "documents.outgoing_electronic", "documents.outgoing",
     "Văn bản đi điện tử, ký số (1.200) không được lớn hơn Văn bản đi (tham mưu ban hành, phát hành) (1.000). Sửa lại một trong hai số."),
    ("advisory.gov_on_time_le_done", "advisory.gov_tasks_on_time", "advisory.gov_tasks_done",
     "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao hoàn thành đúng hạn (1.200) không được lớn hơn Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao đã hoàn thành (1.000). Sửa lại một trong hai số."),
    ("advisory.gov_overdue_le_gov_tasks", "advisory.gov_tasks_overdue", "advisory.gov_tasks",
     "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao quá hạn (hoàn thành quá hạn hoặc chưa hoàn thành) (1.200) không được lớn hơn Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao (1.000). Sửa lại một trong hai số."),
    ("reception.regular_le_turns", "reception.regular.turns", "reception.turns",
     "Lượt tiếp công dân thường xuyên (1.200) không được lớn hơn Lượt tiếp công dân (tổng số, mọi hình thức) (1.000). Sửa lại một trong hai số."),
    ("reception.leaders_le_turns", "reception.leaders.turns", "reception.turns",
     "Lượt tiếp công dân của lãnh đạo (định kỳ, đột xuất) (1.200) không được lớn hơn Lượt tiếp công dân (tổng số, mọi hình thức) (1.000). Sửa lại một trong hai số."),
    ("reception.online_le_turns", "reception.online.turns", "reception.turns",
     "Lượt tiếp công dân trực tuyến (1.200) không được lớn hơn Lượt tiếp công dân (tổng số, mọi hình thức) (1.000). Sửa lại một trong hai số."),
    ("dossiers.on_time_or_early_le_resolved", "dossiers.resolved_on_time_or_early", "dossiers.resolved",
     "Hồ sơ trả trước hạn và đúng hạn (1.200) không được lớn hơn Hồ sơ đã giải quyết (1.000). Sửa lại một trong hai số."),
    ("dossiers.electronic_result_le_resolved", "dossiers.electronic_result", "dossiers.resolved",
     "Hồ sơ trả kết quả điện tử (1.200) không được lớn hơn Hồ sơ đã giải quyết (1.000). Sửa lại một trong hai số."),
]  # fmt: skip

# A whole made of two parts: (check code, the part typed, the two parts of the whole typed,
# the message beside the part).
SUM_ERRORS = [
    ("petitions.cases_resolved_le_cases", "petitions.cases_resolved", ("petitions.cases_new", "petitions.cases_carried_over"),
     "Vụ việc đã giải quyết (1.200) không được lớn hơn Vụ việc thuộc thẩm quyền phát sinh mới + Vụ việc thuộc thẩm quyền kỳ trước chuyển sang (1.000). Sửa lại một trong hai số."),
]  # fmt: skip

# (typed value, the message beside it)
BAD_COUNTS = [
    ("52,9", "Nhập một số nguyên, không có phần thập phân."),
    ("năm mươi", "Nhập một số nguyên, ví dụ 52.900."),
    ("١٢", "Nhập một số nguyên, ví dụ 52.900."),
    ("-5", "Số liệu không được âm."),
    ("1.000.000.001", "Số liệu quá lớn (tối đa 1.000.000.000). Kiểm tra lại số chữ số."),
    ("9" * 5000, "Số liệu quá lớn (tối đa 1.000.000.000). Kiểm tra lại số chữ số."),
]

# (check code, typed {code: value}, the field the warning is shown beside, the message)
WARNINGS = [
    ("petitions.parts_eq_received", {"petitions.ineligible": "20"}, "petitions.received",
     "Tổng Đơn đủ điều kiện xử lý + Đơn không đủ điều kiện xử lý (748) khác Đơn thư tiếp nhận (754). Kiểm tra lại hoặc ghi giải trình."),
    ("dossiers.parts_eq_resolved",
     {"dossiers.resolved_early": "40.000", "dossiers.resolved_on_time": "40.000", "dossiers.resolved_late": "1.000"},
     "dossiers.resolved",
     "Tổng Hồ sơ trả trước hạn + Hồ sơ trả đúng hạn + Hồ sơ trả quá hạn (81.000) khác Hồ sơ đã giải quyết (81.948). Kiểm tra lại hoặc ghi giải trình."),
    ("advisory.passed_le_planned", {"advisory.program_passed": "210"}, "advisory.program_passed",
     "Chương trình, đề án, báo cáo, VBQPPL đã thông qua (210) lớn hơn Chương trình, đề án, báo cáo, VBQPPL trong chương trình công tác năm (206). Kiểm tra lại hoặc ghi giải trình."),
    ("advisory.legal_issued_le_planned", {"advisory.legal_issued": "40"}, "advisory.legal_issued",
     "Văn bản quy phạm pháp luật đã ban hành (40) lớn hơn Văn bản quy phạm pháp luật theo kế hoạch (38). Kiểm tra lại hoặc ghi giải trình."),
    ("dossiers.resolved_le_available", {"dossiers.carried_over": "0", "dossiers.received": "80.000"}, "dossiers.resolved",
     "Hồ sơ đã giải quyết (81.948) lớn hơn Hồ sơ tiếp nhận + Hồ sơ kỳ trước chuyển sang (80.000). Kiểm tra lại hoặc ghi giải trình."),
    ("documents.total_eq_parts", {"documents.incoming": "50.000", "documents.outgoing": "20.000", "documents.total": "71.000"}, "documents.total",
     "Tổng Văn bản đến (tiếp nhận) + Văn bản đi (tham mưu ban hành, phát hành) (70.000) khác Tổng số văn bản đến và đi (71.000). Kiểm tra lại hoặc ghi giải trình."),
    ("reception.kinds_eq_turns", {"reception.regular.turns": "100", "reception.leaders.turns": "20", "reception.online.turns": "5", "reception.turns": "130"}, "reception.turns",
     "Tổng Lượt tiếp công dân thường xuyên + Lượt tiếp công dân của lãnh đạo (định kỳ, đột xuất) + Lượt tiếp công dân trực tuyến (125) khác Lượt tiếp công dân (tổng số, mọi hình thức) (130). Kiểm tra lại hoặc ghi giải trình."),
    ("reception.new_old_eq_cases", {"reception.cases_new": "60", "reception.cases_old": "30", "reception.cases": "100"}, "reception.cases",
     "Tổng Vụ việc mới + Vụ việc cũ (90) khác Vụ việc (tổng số) (100). Kiểm tra lại hoặc ghi giải trình."),
    ("petitions.kinds_eq_eligible", {"petitions.complaints": "100", "petitions.denunciations": "28", "petitions.proposals": "500"}, "petitions.eligible",
     "Tổng Đơn khiếu nại + Đơn tố cáo + Đơn kiến nghị, phản ánh (628) khác Đơn đủ điều kiện xử lý (728). Kiểm tra lại hoặc ghi giải trình."),
    ("petitions.handling_eq_eligible", {"petitions.guided": "300", "petitions.transferred": "250", "petitions.urged": "100", "petitions.within_competence": "70"}, "petitions.eligible",
     "Tổng Đơn hướng dẫn + Đơn chuyển cơ quan có thẩm quyền + Đơn đôn đốc giải quyết + Đơn thuộc thẩm quyền (720) khác Đơn đủ điều kiện xử lý (728). Kiểm tra lại hoặc ghi giải trình."),
    ("dossiers.early_on_time_eq_both", {"dossiers.resolved_early": "40.000", "dossiers.resolved_on_time": "40.000", "dossiers.resolved_on_time_or_early": "81.000"}, "dossiers.resolved_on_time_or_early",
     "Tổng Hồ sơ trả trước hạn + Hồ sơ trả đúng hạn (80.000) khác Hồ sơ trả trước hạn và đúng hạn (81.000). Kiểm tra lại hoặc ghi giải trình."),
    ("dossiers.digitised_le_received", {"dossiers.digitised": "90.000"}, "dossiers.digitised",
     "Hồ sơ được số hóa (90.000) lớn hơn Hồ sơ tiếp nhận (83.408). Kiểm tra lại hoặc ghi giải trình."),
    ("dossiers.paid_online_le_received", {"dossiers.paid_online": "90.000"}, "dossiers.paid_online",
     "Hồ sơ thanh toán trực tuyến (90.000) lớn hơn Hồ sơ tiếp nhận (83.408). Kiểm tra lại hoặc ghi giải trình."),
    ("petitions.outcomes_le_resolved",
     {"petitions.cases_resolved": "10", "petitions.complaints_correct": "2", "petitions.complaints_partly": "2", "petitions.complaints_wrong": "2", "petitions.complaints_withdrawn": "2",
      "petitions.denunciations_correct": "1", "petitions.denunciations_partly": "1", "petitions.denunciations_wrong": "1", "petitions.denunciations_withdrawn": "1"},
     "petitions.complaints_correct",
     "Khiếu nại đúng + Khiếu nại có đúng, có sai + Khiếu nại sai + Khiếu nại rút đơn + Tố cáo đúng + Tố cáo có đúng, có sai + Tố cáo sai + Tố cáo rút đơn (12) lớn hơn Vụ việc đã giải quyết (10). Kiểm tra lại hoặc ghi giải trình."),
]  # fmt: skip


def test_every_error_and_warning_check_of_the_catalogue_is_tested(catalog):
    assert {c.code for c in catalog.checks if c.severity == "error"} == {
        e[0] for e in ERRORS + SUM_ERRORS
    }
    assert {c.code for c in catalog.checks if c.severity == "warning"} == {w[0] for w in WARNINGS}


@pytest.mark.parametrize("check,part,whole,message", ERRORS, ids=[e[0] for e in ERRORS])
def test_a_part_larger_than_its_whole_is_refused_beside_the_part(
    client, entry, draft_hue, check, part, whole, message
):
    data = entry()
    data.update({f"{part}-value": "1.200", f"{whole}-value": "1.000", "byline": "X"})
    data["petitions.complaints-value"] = "12"  # a valid change that must not be saved either
    before = stored(draft_hue)

    response = client.post(entry_url(draft_hue), data)

    assert response.status_code == 200
    assert response.context["entry"].figure_forms[part].errors["value"] == [message]
    assert message in response.text
    typed = form_data(response.text)
    assert typed[f"{part}-value"] == "1.200"
    assert typed[f"{whole}-value"] == "1.000"
    assert typed["petitions.complaints-value"] == "12"
    assert stored(draft_hue) == before


@pytest.mark.parametrize("check,part,wholes,message", SUM_ERRORS, ids=[e[0] for e in SUM_ERRORS])
def test_a_part_larger_than_its_whole_of_two_parts_is_refused_beside_the_part(
    client, entry, draft_hue, check, part, wholes, message
):
    data = entry()
    data.update(
        {f"{part}-value": "1.200", f"{wholes[0]}-value": "700", f"{wholes[1]}-value": "300"}
    )
    before = stored(draft_hue)

    response = client.post(entry_url(draft_hue), data)

    assert response.status_code == 200
    assert response.context["entry"].figure_forms[part].errors["value"] == [message]
    assert stored(draft_hue) == before


@pytest.mark.parametrize(
    "typed,message", BAD_COUNTS, ids=[b[1][:20] + b[0][:8] for b in BAD_COUNTS]
)
def test_a_count_that_is_not_a_count_is_refused_with_a_vietnamese_message(
    client, entry, draft_hue, typed, message
):
    data = entry()
    data["dossiers.received-value"] = typed
    data["dossiers.pending-value"] = "300"
    before = stored(draft_hue)

    response = client.post(entry_url(draft_hue), data)

    assert response.status_code == 200
    assert response.context["entry"].figure_forms["dossiers.received"].errors["value"] == [message]
    assert form_data(response.text)["dossiers.received-value"] == typed
    assert form_data(response.text)["dossiers.pending-value"] == "300"
    assert stored(draft_hue) == before


def test_the_summary_at_the_top_links_each_problem_to_its_field(client, entry, draft_hue):
    data = entry()
    data["petitions.eligible-value"] = "7.280"
    data["dossiers.received-value"] = "-1"
    response = client.post(entry_url(draft_hue), data)
    assert response.context["problems"] == [
        (
            "id_petitions.eligible-value",
            "Đơn đủ điều kiện xử lý (7.280) không được lớn hơn Đơn thư tiếp nhận (754). Sửa lại "
            "một trong hai số.",
            "error",
        ),
        ("id_dossiers.received-value", "Hồ sơ tiếp nhận: Số liệu không được âm.", "error"),
        (
            "id_petitions.received-value",
            "Tổng Đơn đủ điều kiện xử lý + Đơn không đủ điều kiện xử lý (7.306) khác Đơn thư "
            "tiếp nhận (754). Kiểm tra lại hoặc ghi giải trình.",
            "warning",
        ),
    ]
    assert 'href="#id_petitions.eligible-value"' in response.text


@pytest.mark.parametrize("check,typed,field,message", WARNINGS, ids=[w[0] for w in WARNINGS])
def test_a_warning_allows_a_draft_and_is_shown_beside_its_field(
    client, entry, draft_hue, check, typed, field, message
):
    data = entry()
    data.update({f"{code}-value": value for code, value in typed.items()})

    response = client.post(entry_url(draft_hue), data)

    assert response.status_code == 302
    values = dict(draft_hue.figures.values_list("indicator__code", "value"))
    for code, value in typed.items():
        assert values[code] == int(value.replace(".", ""))
    page = client.get(entry_url(draft_hue))
    row = next(
        r
        for _s, _u, _w, rows in page.context["sections"]
        for r in rows
        if r.indicator.code == field
    )
    assert row.warnings == [message]
    assert row.needs_explanation
    assert ("id_" + field + "-value", message, "warning") in page.context["problems"]


def test_a_value_far_from_last_year_is_a_warning(client, entry, draft_hue, hue):
    Report.objects.create(office=hue, year=2021).figures.create(
        indicator=catalog_module.load().indicators["dossiers.received"], value=41_000
    )
    page = client.get(entry_url(draft_hue))
    row = next(
        r
        for _s, _u, _w, rows in page.context["sections"]
        for r in rows
        if r.indicator.code == "dossiers.received"
    )
    assert row.warnings == [
        "Hồ sơ tiếp nhận (83.408) chênh lệch hơn 50% so với năm trước (41.000). "
        "Kiểm tra lại hoặc ghi giải trình."
    ]
    # Last year's value is shown beside the field.
    assert row.previous.value == 41_000
    assert '<td class="num prev" data-label="Năm 2021">41.000</td>' in page.text


def test_it_reads_counts_written_the_vietnamese_way(client, entry, draft_hue):
    data = entry()
    assert data["dossiers.received-value"] == "83.408"
    data["documents.incoming-value"] = " 52.900 "
    data["documents.incoming-qualifier"] = "hon"
    data["documents.outgoing-value"] = "20 300"

    assert client.post(entry_url(draft_hue), data).status_code == 302

    incoming = draft_hue.figures.get(indicator__code="documents.incoming")
    assert (incoming.value, incoming.qualifier) == (52_900, "hon")
    assert draft_hue.figures.get(indicator__code="documents.outgoing").value == 20_300
    assert entry()["documents.incoming-value"] == "52.900"


def test_a_blank_value_is_not_reported_never_zero(client, entry, draft_hue, staff):
    data = entry()
    data["advisory.council_submissions-value"] = ""

    assert client.post(entry_url(draft_hue), data).status_code == 302

    assert not draft_hue.figures.filter(indicator__code="advisory.council_submissions").exists()
    assert list(
        AuditEntry.objects.filter(field="advisory.council_submissions", source="form").values_list(
            "old_value", "new_value", "user", "source"
        )
    ) == [("133", "", staff.pk, "form")]


def test_a_figure_with_only_a_stated_percentage_keeps_it(client, entry, draft_hue):
    data = entry()
    assert data["advisory.key_tasks_monitored-value"] == ""
    assert data["advisory.key_tasks_monitored-stated_percent"] == "100"
    data["advisory.meetings-value"] = "310"

    assert client.post(entry_url(draft_hue), data).status_code == 302

    figure = draft_hue.figures.get(indicator__code="advisory.key_tasks_monitored")
    assert (figure.value, figure.stated_percent) == (None, Decimal("100.00"))


def test_a_stated_percentage_is_read_with_a_decimal_comma(client, entry, draft_hue):
    data = entry()
    assert data["dossiers.resolved-stated_percent"] == "98,2"
    data["dossiers.resolved-stated_percent"] = "98,25"
    assert client.post(entry_url(draft_hue), data).status_code == 302
    figure = draft_hue.figures.get(indicator__code="dossiers.resolved")
    assert figure.stated_percent == Decimal("98.25")
    assert list(
        AuditEntry.objects.filter(
            field="dossiers.resolved:stated_percent", source="form"
        ).values_list("old_value", "new_value")
    ) == [("98.2", "98.25")]


@pytest.mark.parametrize(
    "typed,message",
    [
        ("nhiều", "Nhập tỷ lệ dạng số, ví dụ 77,18."),
        ("-3", "Tỷ lệ không được âm."),
        ("98,255", "Tỷ lệ ghi tối đa 2 chữ số thập phân, ví dụ 98,25."),
        ("1e9", "Nhập tỷ lệ dạng số, ví dụ 77,18."),
    ],
)
def test_a_bad_stated_percentage_is_refused(client, entry, draft_hue, typed, message):
    data = entry()
    data["advisory.program_passed-stated_percent"] = typed
    before = stored(draft_hue)
    response = client.post(entry_url(draft_hue), data)
    errors = response.context["entry"].figure_forms["advisory.program_passed"].errors
    assert errors["stated_percent"] == [message]
    assert stored(draft_hue) == before


def test_the_page_shows_each_rate_computed_by_the_server(client, entry, draft_hue):
    response = client.get(entry_url(draft_hue))
    assert 'data-rate="rate.program_completion"' in response.text
    assert ">77,18%</output>" in response.text
    assert ">57,89%</output>" in response.text
    assert ">98,2%</output>" in response.text
    # Key tasks: only a stated percentage, no counts: nothing computed, nothing shown as 0.
    assert 'data-rate="rate.key_tasks_monitored"' in response.text
    assert ">chưa tính được</output>" in response.text


def test_after_a_refused_save_the_rates_are_those_of_the_typed_counts(client, entry, draft_hue):
    data = entry()
    data["advisory.program_planned-value"] = "200"
    data["petitions.eligible-value"] = "7.280"
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 200
    assert ">79,5%</output>" not in response.text
    assert ">79,50%</output>" in response.text  # 159/200, two decimals as the rate defines


def test_a_new_report_saves_any_subset_of_figures(client, staff, hue):
    report = Report.objects.create(office=hue, year=2023)
    client.force_login(staff)
    data = form_data(client.get(entry_url(report)).text)
    data["reception.periodic_sessions-value"] = "24"

    assert client.post(entry_url(report), data).status_code == 302

    assert list(report.figures.values_list("indicator__code", "value")) == [
        ("reception.periodic_sessions", 24)
    ]
    report.refresh_from_db()
    assert (report.version, report.updated_by) == (2, staff)


def test_saving_nothing_new_writes_nothing(client, entry, draft_hue):
    before = stored(draft_hue)
    response = client.post(entry_url(draft_hue), entry(), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Không có thay đổi nào để lưu."]
    assert stored(draft_hue) == before


def test_each_row_follows_the_catalogue(client, entry, draft_hue, catalog):
    response = client.get(entry_url(draft_hue))
    rows = [r for _s, _u, _w, rows in response.context["sections"] for r in rows]
    assert [r.indicator.code for r in rows] == list(catalog.indicators)
    # A stated percentage beside every indicator: of what a rate says, or of `percent_of`.
    assert all("stated_percent" in r.form.fields for r in rows)


def test_an_inactive_indicator_has_no_row(client, entry, draft_hue):
    Figure.objects.filter(indicator__code="reception.cases").delete()
    from officereports.reports.models import Indicator

    Indicator.objects.filter(code="reception.cases").update(is_active=False)
    data = entry()
    assert "reception.cases-value" not in data
    assert client.post(entry_url(draft_hue), data).status_code == 302


def test_the_entry_page_runs_a_fixed_number_of_queries(
    client, entry, draft_hue, django_assert_num_queries
):
    # The session, the user, their memberships; office, report; figures with indicators
    # (2), section units, former names; catalogue (3); previous year's figures; conference,
    # attendees, directives, awards; status history; whether the office has months or
    # quarters of the year ("Điền từ các tháng/quý", yearly reports only).
    with django_assert_num_queries(19):
        first = client.get(entry_url(draft_hue))
    with django_assert_num_queries(19):
        again = client.get(entry_url(draft_hue))
    assert again.status_code == 200
    assert without_tokens(again.text) == without_tokens(first.text)


def test_each_reader_posts_with_their_own_csrf_token(staff, hue, draft_hue):
    """The entry page's forms post with the reader's token, also when a refused save shows
    the page again, and a colleague's page carries a token of their own session."""
    colleague = _user("staff2", Role.STAFF, hue)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    page = client.get(entry_url(draft_hue)).text
    data = form_data(page)
    data["dossiers.received-value"] = "abc"
    refused = client.post(entry_url(draft_hue), data)
    assert refused.status_code == 200
    data = form_data(refused.text)
    data["dossiers.received-value"] = "83.500"
    assert client.post(entry_url(draft_hue), data).status_code == 302
    assert Figure.objects.get(report=draft_hue, indicator__code="dossiers.received").value == 83_500

    other = Client(enforce_csrf_checks=True)
    other.force_login(colleague)
    page = other.get(entry_url(draft_hue)).text
    data = form_data(page)
    assert data["dossiers.received-value"] == "83.500"
    data["petitions.complaints-value"] = "45"
    assert other.post(entry_url(draft_hue), data).status_code == 302


def test_the_assessment_and_direction_are_saved_and_audited(client, entry, draft_hue, staff):
    data = entry()
    assert (data["report-assessment"], data["report-direction"]) == ("", "")
    data["report-assessment"] = "Hoàn thành tốt nhiệm vụ.\nCòn chậm ở một số hồ sơ."
    data["report-direction"] = "Tiếp tục cải cách hành chính."

    assert client.post(entry_url(draft_hue), data).status_code == 302

    draft_hue.refresh_from_db()
    assert draft_hue.assessment == "Hoàn thành tốt nhiệm vụ.\nCòn chậm ở một số hồ sơ."
    assert draft_hue.direction == "Tiếp tục cải cách hành chính."
    assert list(
        AuditEntry.objects.filter(field__in=["report.assessment", "report.direction"])
        .order_by("field")
        .values_list("field", "old_value", "new_value", "user", "source")
    ) == [
        (
            "report.assessment",
            "",
            "Hoàn thành tốt nhiệm vụ.\nCòn chậm ở một số hồ sơ.",
            staff.pk,
            "form",
        ),
        ("report.direction", "", "Tiếp tục cải cách hành chính.", staff.pk, "form"),
    ]
    # Read back into the page as written.
    assert entry()["report-assessment"] == "Hoàn thành tốt nhiệm vụ.\nCòn chậm ở một số hồ sơ."
