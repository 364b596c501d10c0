"""What the chief sees before approving (open warnings with their explanations), how the
article words a result above its plan, and stated shares above 100% refused everywhere."""

import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from officereports.reports import checks, narrative, rates, vietnamese
from officereports.reports.catalog import load
from officereports.reports.models import Figure, Report
from tests.conftest import complete_required, entry_url

EXPLANATION = "Có 25 nội dung phát sinh ngoài chương trình, được UBND tỉnh bổ sung."
PROGRAM_WARNING = (
    "Chương trình, đề án, báo cáo, VBQPPL đã thông qua (231) lớn hơn Chương trình, đề án, "
    "báo cáo, VBQPPL trong chương trình công tác năm (206). Kiểm tra lại hoặc ghi giải trình."
)


def _set(report, code, **fields):
    Figure.objects.update_or_create(
        report=report, indicator=load().indicators[code], defaults=fields
    )


@pytest.fixture
def submitted(hue_report):
    """Huế 2022, submitted with a result above its plan, explained."""
    complete_required(hue_report)
    _set(hue_report, "advisory.program_passed", value=231, explanation=EXPLANATION)
    Report.objects.filter(pk=hue_report.pk).update(status=Report.Status.SUBMITTED)
    return hue_report


def test_the_chief_sees_each_open_warning_with_its_explanation_beside_approve(
    client, chief, submitted
):
    client.force_login(chief)
    response = client.get(entry_url(submitted))
    assert response.context["review"] == {
        "warnings": [
            {
                "code": "advisory.program_passed",
                "name": "Chương trình, đề án, báo cáo, VBQPPL đã thông qua",
                "message": PROGRAM_WARNING,
                "explanation": EXPLANATION,
            }
        ],
        "not_applicable": [
            {
                "code": "documents.incoming",
                "name": "Văn bản đến (tiếp nhận)",
                "reason": "Không phát sinh trong kỳ báo cáo.",
            },
            {
                "code": "documents.outgoing",
                "name": "Văn bản đi (tham mưu ban hành, phát hành)",
                "reason": "Không phát sinh trong kỳ báo cáo.",
            },
        ],
    }
    text = response.text
    workflow = text[text.index('<aside class="workflow card"') : text.index("</aside>")]
    # In the workflow box, before the approve button.
    assert workflow.index(EXPLANATION) < workflow.index("Duyệt báo cáo</button>")
    assert f"Giải trình: <em>{EXPLANATION}</em>" in workflow
    assert '<a href="#row-advisory.program_passed">' in workflow


def test_a_draft_shows_no_review(client, staff, draft_hue):
    client.force_login(staff)
    assert client.get(entry_url(draft_hue)).context["review"] is None


def _article(client, user, report):
    client.force_login(user)
    response = client.get(entry_url(report, "summary"))
    return " ".join(response.context["article"].paragraphs)


@pytest.mark.parametrize(
    "passed, wording",
    [
        (159, "thông qua 159/206 nội dung trong chương trình công tác, đạt 77,18% kế hoạch;"),
        (
            231,
            "thông qua 231 nội dung trong chương trình công tác (kế hoạch 206), đạt 112,14% kế hoạch, vượt kế hoạch;",
        ),
        (2060, "trong chương trình công tác (kế hoạch 206), gấp 10 lần kế hoạch;"),
        (570, "trong chương trình công tác (kế hoạch 206), gấp 2,77 lần kế hoạch;"),
    ],
)
def test_the_article_words_a_result_above_its_plan(client, staff, hue_report, passed, wording):
    _set(hue_report, "advisory.program_passed", value=passed)
    text = _article(client, staff, hue_report)
    assert wording in text
    assert "1.000%" not in text and "276,7" not in text


def test_a_stated_rate_above_its_plan_keeps_its_figure_and_says_so():
    spec = rates.RateSpec(
        "rate.legal_completion", ("advisory.legal_issued",), ("advisory.legal_planned",), 2
    )
    for stated, wording in [
        ("112", "tỷ lệ hoàn thành xây dựng văn bản quy phạm pháp luật đạt 112% kế hoạch, "
         "vượt kế hoạch."),
        ("1000", "tỷ lệ hoàn thành xây dựng văn bản quy phạm pháp luật đạt 1.000%, gấp 10 lần "
         "kế hoạch."),
        ("57.89", "tỷ lệ hoàn thành xây dựng văn bản quy phạm pháp luật đạt 57,89%."),
    ]:  # fmt: skip
        facts = narrative.Facts(
            year=2022,
            office_name="Văn phòng UBND tỉnh Thừa Thiên Huế",
            kind="tỉnh",
            rates={"rate.legal_completion": rates.result(spec, {}, Decimal(stated))},
        )
        assert narrative.build(facts).paragraphs[-1].endswith(wording)


def test_above_plan_wording():
    assert vietnamese.above_plan(Decimal("112"), Decimal("1.12")) == (
        "đạt 112% kế hoạch, vượt kế hoạch"
    )
    assert vietnamese.above_plan(Decimal("200"), Decimal("2")) == "gấp 2 lần kế hoạch"
    assert vietnamese.above_plan(Decimal("250"), Decimal("2.5")) == "gấp 2,5 lần kế hoạch"


# --- a stated share cannot exceed its whole

ONLINE_ERROR = (
    "Tỷ lệ hồ sơ trực tuyến nêu trong báo cáo (120%) không được lớn hơn 100%: tử số là một "
    "phần của số hồ sơ tiếp nhận. Sửa lại tỷ lệ."
)


def test_the_checks_refuse_a_share_above_100_but_not_a_plan_rate(db):
    catalog = load()
    stated = {
        "dossiers.received_online": Decimal("120"),
        "petitions.eligible": Decimal("100"),
        "advisory.program_passed": Decimal("112"),
        "advisory.legal_issued": None,
    }
    assert checks.stated_shares(catalog.rates.values(), stated) == [
        checks.Finding("stated_share", "error", "dossiers.received_online", ONLINE_ERROR)
    ]


def test_the_entry_form_refuses_a_share_above_100_next_to_the_field(client, entry, draft_hue):
    stored = list(
        Figure.objects.filter(report=draft_hue).values_list("indicator__code", "stated_percent")
    )
    data = entry()
    data["dossiers.received_online-stated_percent"] = "120"
    data["advisory.program_passed-stated_percent"] = "112"  # a plan can be exceeded
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 200
    forms = response.context["entry"].figure_forms
    assert forms["dossiers.received_online"].errors == {"stated_percent": [ONLINE_ERROR]}
    assert forms["advisory.program_passed"].errors == {}
    assert (
        "#id_dossiers.received_online-stated_percent",
        f"Hồ sơ tiếp nhận trực tuyến: {ONLINE_ERROR}",
    ) == (
        "#" + forms["dossiers.received_online"]["stated_percent"].id_for_label,
        response.context["problems"][0][1],
    )
    # Nothing was written.
    assert (
        list(
            Figure.objects.filter(report=draft_hue).values_list("indicator__code", "stated_percent")
        )
        == stored
    )


def test_the_upload_refuses_a_share_above_100_naming_the_row(client, staff, draft_hue):
    client.force_login(staff)
    template = client.get(reverse("reports:template", args=["thua-thien-hue", 2022]))
    wb = load_workbook(BytesIO(template.content))
    ws = wb["Số liệu"]
    rows = {ws.cell(r, 2).value: r for r in range(8, ws.max_row + 1) if ws.cell(r, 2).value}
    ws.cell(rows["petitions.eligible"], 7).value = 104
    buffer = BytesIO()
    wb.save(buffer)
    response = client.post(
        reverse("reports:upload", args=["thua-thien-hue", 2022]),
        {"file": SimpleUploadedFile("mau.xlsx", buffer.getvalue())},
    )
    assert response.context["problems"] == [
        f"Trang “Số liệu”, dòng {rows['petitions.eligible']}: Tỷ lệ đơn đủ điều kiện xử lý nêu "
        "trong báo cáo (104%) không được lớn hơn 100%: tử số là một phần của số đơn thư "
        "tiếp nhận. Sửa lại tỷ lệ."
    ]
    assert response.context["pending"] is None


def test_the_import_refuses_a_share_above_100(db, seed_data, tmp_path):
    figures = seed_data["reports"][1]["figures"]
    figures["advisory.key_tasks_monitored"]["stated_percent"] = "150"
    path = tmp_path / "in.json"
    path.write_text(json.dumps(seed_data), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_reports", str(path))
    assert (
        "- báo cáo thua-thien-hue/2022, advisory.key_tasks_monitored: Tỷ lệ nhiệm vụ trọng tâm "
        "được đôn đốc, theo dõi nêu trong báo cáo (150%) không được lớn hơn 100%: tử số là một "
        "phần của số nhiệm vụ trọng tâm. Sửa lại tỷ lệ."
    ) in str(excinfo.value).splitlines()
    assert not Report.objects.exists()
