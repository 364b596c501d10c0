"""The entry page's stated figures and report details of the new catalogue: a stated change
and what a stated percentage is of (every indicator), a province-wide section, the staff at
the conference, the Decision 766 index; each saved, kept as typed on error, and audited."""

from datetime import date
from decimal import Decimal

import pytest

from officereports.reports.models import AuditEntry, Report
from tests.conftest import entry_url


def audited(report, field):
    return list(
        AuditEntry.objects.filter(report=report, field=field, source="form")
        .order_by("pk")
        .values_list("old_value", "new_value")
    )


def test_a_stated_percentage_and_change_on_an_indicator_no_rate_uses(client, entry, draft_hue):
    data = entry()
    code = "documents.incoming"
    data[f"{code}-stated_percent"] = "41,27"
    data[f"{code}-percent_of"] = "tổng số văn bản"
    data[f"{code}-stated_change"] = "-4,1"
    data[f"{code}-stated_change_kind"] = "percent"
    data[f"{code}-stated_change_qualifier"] = "gan"
    assert client.post(entry_url(draft_hue), data).status_code == 302

    figure = draft_hue.figures.get(indicator__code=code)
    assert (
        figure.stated_percent,
        figure.percent_of,
        figure.stated_change,
        figure.stated_change_kind,
        figure.stated_change_qualifier,
    ) == (Decimal("41.27"), "tổng số văn bản", Decimal("-4.10"), "percent", "gan")
    assert audited(draft_hue, f"{code}:stated_percent") == [("", "41.27")]
    assert audited(draft_hue, f"{code}:percent_of") == [("", "tổng số văn bản")]
    assert audited(draft_hue, f"{code}:stated_change") == [("", "-4.1")]
    assert audited(draft_hue, f"{code}:stated_change_qualifier") == [("exact", "gan")]

    # Shown again as typed, the Vietnamese way.
    again = entry()
    assert again[f"{code}-stated_percent"] == "41,27"
    assert again[f"{code}-stated_change"] == "-4,1"
    assert again[f"{code}-percent_of"] == "tổng số văn bản"


def test_a_multiple_is_saved_and_shown(client, entry, draft_hue):
    data = entry()
    code = "dossiers.received_online"
    data[f"{code}-stated_change"] = "2,76"
    data[f"{code}-stated_change_kind"] = "times"
    assert client.post(entry_url(draft_hue), data).status_code == 302
    figure = draft_hue.figures.get(indicator__code=code)
    assert (figure.stated_change, figure.stated_change_kind) == (Decimal("2.76"), "times")
    assert entry()[f"{code}-stated_change"] == "2,76"
    assert audited(draft_hue, f"{code}:stated_change_kind") == [("percent", "times")]


@pytest.mark.parametrize(
    "typed, kind, message",
    [
        ("nhiều", "percent", "Nhập số dạng 27, -4,1 hoặc 2,76."),
        ("-2", "times", "Số lần phải lớn hơn 0, ví dụ gấp 2,76 lần."),
        ("0", "times", "Số lần phải lớn hơn 0, ví dụ gấp 2,76 lần."),
        ("4,155", "percent", "Tăng, giảm ghi tối đa 2 chữ số thập phân, ví dụ 4,15."),
        ("10000000", "percent", "Số tăng, giảm quá lớn. Kiểm tra lại số chữ số."),
    ],
)
def test_a_bad_stated_change_is_refused_beside_its_box(
    client, entry, draft_hue, typed, kind, message
):
    data = entry()
    code = "documents.outgoing"
    data[f"{code}-stated_change"] = typed
    data[f"{code}-stated_change_kind"] = kind
    data[f"{code}-percent_of"] = "kế hoạch"
    versions = draft_hue.version
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 200
    form = response.context["entry"].figure_forms[code]
    assert form.errors["stated_change"] == [message]
    # Typed values kept, the details open, nothing saved.
    assert f'value="{typed}"' in response.text
    assert 'value="kế hoạch"' in response.text
    assert Report.objects.get(pk=draft_hue.pk).version == versions
    assert not draft_hue.figures.filter(indicator__code=code, percent_of="kế hoạch").exists()


def test_a_province_wide_section_without_a_unit_name_keeps_its_row(client, entry, draft_hue):
    data = entry()
    data["unit-reception"] = ""
    data["unit-reception_wide"] = "on"
    assert client.post(entry_url(draft_hue), data).status_code == 302

    row = draft_hue.section_units.get(section="reception")
    assert (row.unit_name, row.province_wide) == ("", True)
    assert audited(draft_hue, "province_wide.reception") == [("False", "True")]
    assert entry()["unit-reception_wide"] == "on"

    # The history reads naturally.
    response = client.get(entry_url(draft_hue, "history"))
    assert "Số liệu toàn tỉnh: Tiếp công dân" in response.text

    # Unticked with no name: the row goes.
    data = entry()
    del data["unit-reception_wide"]
    assert client.post(entry_url(draft_hue), data).status_code == 302
    assert not draft_hue.section_units.filter(section="reception").exists()
    assert audited(draft_hue, "province_wide.reception") == [
        ("False", "True"),
        ("True", "False"),
    ]


def test_staff_attending_the_conference(client, entry, draft_hue):
    data = entry()
    data["conference-staff_attending"] = "120"
    assert client.post(entry_url(draft_hue), data).status_code == 302
    assert Report.objects.get(pk=draft_hue.pk).conference.staff_attending == 120
    assert audited(draft_hue, "conference.staff_attending") == [("", "120")]
    response = client.get(entry_url(draft_hue, "history"))
    assert "Hội nghị: số cán bộ, công chức dự" in response.text


def test_the_service_index(client, entry, draft_hue):
    data = entry()
    data["report-index_score"] = "82,45"
    data["report-index_band"] = "khá tốt"
    data["report-index_rank"] = "12"
    data["report-index_rank_of"] = "63"
    data["report-index_as_of"] = "31/12/2022"
    assert client.post(entry_url(draft_hue), data).status_code == 302

    report = Report.objects.get(pk=draft_hue.pk)
    assert (
        report.index_score,
        report.index_band,
        report.index_rank,
        report.index_rank_of,
        report.index_as_of,
    ) == (Decimal("82.45"), "khá tốt", 12, 63, date(2022, 12, 31))
    assert audited(draft_hue, "report.index_score") == [("", "82.45")]
    assert audited(draft_hue, "report.index_as_of") == [("", "2022-12-31")]
    again = entry()
    assert (again["report-index_score"], again["report-index_as_of"]) == ("82,45", "31/12/2022")

    response = client.get(entry_url(draft_hue, "history"))
    assert "Báo cáo: điểm Bộ chỉ số phục vụ người dân, doanh nghiệp" in response.text
    assert "82,45" in response.text
    assert "82,45%" not in response.text


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("index_rank", "64", "Xếp hạng 64 lớn hơn tổng số 63 tỉnh, thành phố."),
        ("index_score", "100,5", "Điểm chỉ số tối đa là 100."),
        ("index_score", "nhiều", "Nhập điểm dạng số, ví dụ 82,45."),
        ("index_as_of", "31/13/2022", "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 29/12/2020."),
    ],
)
def test_a_bad_service_index_is_refused_beside_its_field(
    client, entry, draft_hue, field, typed, message
):
    data = entry()
    data["report-index_rank_of"] = "63"
    data[f"report-{field}"] = typed
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 200
    assert response.context["entry"].details.errors[field] == [message]
    assert f'value="{typed}"' in response.text
    assert Report.objects.get(pk=draft_hue.pk).index_rank_of is None
