"""The JSON interchange: round trip of the seeds, and bad files refused with nothing written."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from officereports.reports import catalog as catalog_module
from officereports.reports import text
from officereports.reports.interchange import export_reports
from officereports.reports.models import AuditEntry, Figure, Report


def _table_counts():
    return (Report.objects.count(), Figure.objects.count(), AuditEntry.objects.count())


def _import_file(tmp_path, data):
    path = tmp_path / "in.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    call_command("import_reports", str(path))


def test_export_then_import_into_an_empty_database_reproduces_every_report(seed_reports, tmp_path):
    path = tmp_path / "out.json"
    call_command("export_reports", "--output", str(path))
    exported = json.loads(path.read_text(encoding="utf-8"))
    Report.objects.all().delete()
    assert Report.objects.count() == 0

    call_command("import_reports", str(path))

    assert export_reports(Report.objects.all()) == exported
    assert [r["office"] for r in exported["reports"]] == ["khanh-hoa", "thua-thien-hue"]


def test_the_export_carries_the_seed_figures_and_rates(seed_reports, capsys):
    call_command("export_reports", "--office", "thua-thien-hue", "--year", "2022")
    data = json.loads(capsys.readouterr().out)
    (report,) = data["reports"]
    assert report["office_name"] == "Văn phòng UBND tỉnh Thừa Thiên Huế"
    assert report["figures"]["advisory.program_passed"] == {
        "value": 159,
        "qualifier": "exact",
        "stated_percent": "77.18",
        "comment": "",
        "explanation": "",
        "round_in_text": False,
    }
    assert report["rates"]["rate.program_completion"]["computed"] == "77.18"
    assert report["rates"]["rate.legal_completion"]["computed"] == "57.89"
    assert report["rates"]["rate.dossiers_resolved"]["computed"] == "98.2"
    assert report["rates"]["rate.petitions_eligible"]["computed"] == "96.55"
    assert report["rates"]["rate.key_tasks_monitored"] == {
        "computed": None,
        "numerator": None,
        "denominator": None,
        "stated": "100",
        "shown": "100",
        "disagrees": False,
    }
    assert report["section_units"] == {"dossiers": "Trung tâm Phục vụ hành chính công tỉnh"}
    assert report["attendees"] == [
        {"honorific": "ong", "name": "Nguyễn Văn Phương", "title": "Chủ tịch UBND tỉnh"}
    ]


def test_the_khanh_hoa_export_keeps_qualifiers_and_the_conference(seed_reports, capsys):
    call_command("export_reports", "--office", "khanh-hoa")
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    assert report["figures"]["documents.incoming"]["value"] == 52900
    assert report["figures"]["documents.incoming"]["qualifier"] == "hon"
    assert report["figures"]["documents.outgoing"]["value"] == 20300
    assert report["figures"]["dossiers.received"]["value"] == 600
    assert report["conference"] == {
        "date": "2020-12-29",
        "part_of_day": "chieu",
        "title": "hội nghị cán bộ, công chức, viên chức năm 2020",
        "place": "",
        "staff_attending": None,
    }
    assert [a["name"] for a in report["attendees"]] == ["Lê Hữu Hoàng", "Nguyễn Anh Tuấn"]
    assert report["byline"] == "MẠNH HÙNG"
    assert report["rates"]["rate.dossiers_on_time"]["shown"] == "100"


def test_an_import_is_audited(seed_reports):
    entry = AuditEntry.objects.get(report=seed_reports[1], field="dossiers.received")
    assert (entry.source, entry.old_value, entry.new_value) == ("import", "", "83408")


def _one_report(seed_data, **changes):
    report = seed_data["reports"][1]
    report.update(changes)
    return {"format": "officereports/1", "reports": [report]}


@pytest.mark.parametrize(
    "mutate, message",
    [
        (
            lambda d: d["reports"][1].update(office="atlantis"),
            "báo cáo atlantis/2022: không có văn phòng 'atlantis'",
        ),
        (
            lambda d: d["reports"][1]["figures"].update({"dossiers.teleported": {"value": 1}}),
            "báo cáo thua-thien-hue/2022, dossiers.teleported: mã chỉ tiêu không có trong danh mục",
        ),
        (
            lambda d: d["reports"][1]["figures"]["petitions.received"].update(value=-5),
            "báo cáo thua-thien-hue/2022, petitions.received: Số liệu không được âm. (giá trị: -5)",
        ),
        (
            lambda d: d["reports"][1]["figures"]["petitions.received"].update(value=754.5),
            "báo cáo thua-thien-hue/2022, petitions.received: Nhập một số nguyên, không có phần thập phân. (giá trị: 754.5)",
        ),
        (
            lambda d: d["reports"][1]["figures"]["petitions.received"].update(value="nhiều"),
            "báo cáo thua-thien-hue/2022, petitions.received: Nhập một số nguyên, ví dụ 52.900. (giá trị: 'nhiều')",
        ),
        (
            lambda d: d["reports"][1]["figures"]["petitions.eligible"].update(value=800),
            "báo cáo thua-thien-hue/2022, petitions.eligible: Đơn đủ điều kiện xử lý (800) không được lớn hơn Đơn thư tiếp nhận (754). Sửa lại một trong hai số.",
        ),
        (
            lambda d: d["reports"].append(json.loads(json.dumps(d["reports"][1]))),
            "báo cáo thua-thien-hue/2022: trùng lặp trong tệp",
        ),
        (
            lambda d: d["reports"][1]["figures"]["petitions.received"].update(qualifier="about"),
            "báo cáo thua-thien-hue/2022, petitions.received: 'qualifier' = 'about' không hợp lệ (chọn một trong: exact, hon, tren, gan, khoang)",
        ),
        (
            lambda d: d["reports"][1].update(assessment=["Tốt"]),
            "báo cáo thua-thien-hue/2022: 'assessment' phải là chuỗi ký tự",
        ),
        (
            lambda d: d["reports"][1].update(direction="x" * 5001),
            "báo cáo thua-thien-hue/2022: 'direction': " + text.too_long(5000, 5001),
        ),
        (
            lambda d: d["reports"][1]["conference"].update(date="29/12/2022"),
            "báo cáo thua-thien-hue/2022, conference: 'date' = '29/12/2022' không phải ngày dạng YYYY-MM-DD",
        ),
    ],
)
def test_a_bad_file_is_refused_whole_with_a_message_naming_report_code_and_problem(
    db, seed_data, tmp_path, mutate, message
):
    mutate(seed_data)
    with pytest.raises(CommandError) as excinfo:
        _import_file(tmp_path, seed_data)
    assert f"- {message}" in str(excinfo.value).splitlines()
    # The valid Khánh Hòa report in the same file was not written either.
    assert _table_counts() == (0, 0, 0)


def test_a_file_that_is_not_json_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        _import_file(tmp_path, "figures: 52.900")
    assert _table_counts() == (0, 0, 0)


def test_a_report_already_in_the_database_is_refused(seed_reports, seed_data, tmp_path):
    before = _table_counts()
    with pytest.raises(CommandError) as excinfo:
        _import_file(tmp_path, seed_data)
    assert "- báo cáo khanh-hoa/2020: đã có trong cơ sở dữ liệu" in str(excinfo.value)
    assert _table_counts() == before


def test_an_identity_that_does_not_hold_is_imported_as_published(db, seed_data, tmp_path):
    # Published data often fails eligible + ineligible = received: a warning, not an error.
    seed_data["reports"][1]["figures"]["petitions.ineligible"]["value"] = 20
    _import_file(tmp_path, seed_data)
    assert Figure.objects.get(indicator__code="petitions.ineligible").value == 20


def test_the_assessment_and_direction_travel_with_the_report(seed_reports, tmp_path):
    hue = seed_reports[1]
    hue.assessment = "Hoàn thành tốt nhiệm vụ.\nCòn chậm ở một số hồ sơ."
    hue.direction = "Tiếp tục cải cách hành chính."
    hue.save()
    path = tmp_path / "out.json"
    call_command("export_reports", "--output", str(path))
    exported = json.loads(path.read_text(encoding="utf-8"))
    khanh_hoa, written = exported["reports"]
    assert (khanh_hoa["assessment"], khanh_hoa["direction"]) == ("", "")
    assert written["assessment"] == "Hoàn thành tốt nhiệm vụ.\nCòn chậm ở một số hồ sơ."
    assert written["direction"] == "Tiếp tục cải cách hành chính."
    Report.objects.all().delete()
    call_command("import_reports", str(path))
    imported = Report.objects.get(office__slug="thua-thien-hue", year=2022)
    assert (imported.assessment, imported.direction) == (hue.assessment, hue.direction)


def test_a_file_without_the_assessment_and_direction_leaves_them_empty(db, seed_data, tmp_path):
    assert "assessment" not in seed_data["reports"][1]
    _import_file(tmp_path, seed_data)
    report = Report.objects.get(office__slug="thua-thien-hue", year=2022)
    assert (report.assessment, report.direction) == ("", "")


def _every_indicator(catalog):
    """A report with a value for every indicator of the catalogue, and every new key."""
    qualifiers = ["exact", "hon", "tren", "gan", "khoang"]
    figures = {}
    # Decreasing values in catalogue order: each part comes after its whole.
    for i, code in enumerate(catalog.indicators):
        entry = {"value": 100_000 - 1_000 * i, "qualifier": qualifiers[i % 5] if i % 7 else "exact"}
        if i % 3 == 0:
            entry["stated_percent"] = ["41.27", "100", "0.5"][i % 9 // 3]
            entry["percent_of"] = f"tổng số {i}"
        if i % 4 == 1:
            entry.update(stated_change="-4.1", stated_change_kind="percent")
            entry["stated_change_qualifier"] = "gan"
        elif i % 4 == 2:
            entry.update(stated_change="2.76", stated_change_kind="times")
            entry["stated_change_qualifier"] = "exact"
        elif i % 4 == 3:
            entry.update(stated_change="27", stated_change_kind="percent")
            entry["stated_change_qualifier"] = "hon"
        figures[code] = entry
    return {
        "format": "officereports/1",
        "reports": [
            {
                "office": "thua-thien-hue",
                "year": 2024,
                "period": "year",
                "status": "draft",
                "section_units": {"dossiers": "Trung tâm Phục vụ hành chính công tỉnh"},
                "province_wide_sections": ["reception", "dossiers"],
                "service_index": {
                    "score": "82.45",
                    "band": "khá tốt",
                    "rank": 12,
                    "rank_of": 63,
                    "as_of": "2023-12-31",
                },
                "figures": figures,
                "conference": {
                    "date": "2024-12-28",
                    "part_of_day": "sang",
                    "title": "hội nghị cán bộ, công chức năm 2024",
                    "place": "",
                    "staff_attending": 120,
                },
            }
        ],
    }


def test_a_report_with_every_indicator_and_every_new_key_round_trips(db, tmp_path):
    catalog = catalog_module.load()
    assert len(catalog.indicators) == 69
    _import_file(tmp_path, _every_indicator(catalog))
    report = Report.objects.get()
    exported = export_reports(Report.objects.all())
    (entry,) = exported["reports"]
    assert len(entry["figures"]) == 69
    assert entry["province_wide_sections"] == ["reception", "dossiers"]
    assert entry["service_index"] == {
        "score": "82.45",
        "band": "khá tốt",
        "rank": 12,
        "rank_of": 63,
        "as_of": "2023-12-31",
    }
    assert entry["conference"]["staff_attending"] == 120
    assert entry["section_units"] == {"dossiers": "Trung tâm Phục vụ hành chính công tỉnh"}
    sent = _every_indicator(catalog)["reports"][0]["figures"]
    for code, figure in sent.items():
        got = entry["figures"][code]
        for key, value in figure.items():
            assert got[key] == value, (code, key)
        # The stated change keys only when a change is stated, percent_of only when written.
        assert ("stated_change" in got) == ("stated_change" in figure)
        assert ("percent_of" in got) == ("percent_of" in figure)
    stored = report.figures.get(indicator__code=list(catalog.indicators)[2])
    assert (stored.stated_change, stored.stated_change_kind) == (Decimal("2.76"), "times")
    assert AuditEntry.objects.filter(
        field=f"{list(catalog.indicators)[1]}:stated_change", new_value="-4.1"
    ).exists()

    # Into an empty database again: the same export, field by field.
    path = tmp_path / "out.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    Report.objects.all().delete()
    call_command("import_reports", str(path))
    again = export_reports(Report.objects.all())
    assert again["reports"][0].keys() == entry.keys()
    for key in entry:
        assert again["reports"][0][key] == entry[key], key
    for code in entry["figures"]:
        assert again["reports"][0]["figures"][code] == entry["figures"][code], code


def test_a_province_wide_section_may_name_no_unit(db, tmp_path):
    data = _every_indicator(catalog_module.load())
    data["reports"][0]["section_units"] = {"reception": ""}
    _import_file(tmp_path, data)
    units = Report.objects.get().section_units.order_by("section")
    assert list(units.values_list("section", "unit_name", "province_wide")) == [
        ("dossiers", "", True),
        ("reception", "", True),
    ]


def _first(data, code="documents.incoming"):
    return data["reports"][0]["figures"][code]


@pytest.mark.parametrize(
    "mutate, message",
    [
        (
            lambda d: _first(d).update(stated_change="2", stated_change_kind="ratio"),
            "báo cáo thua-thien-hue/2024, documents.incoming: 'stated_change_kind' = 'ratio' không hợp lệ (chọn một trong: percent, times)",
        ),
        (
            lambda d: _first(d).update(stated_change="2", stated_change_qualifier="about"),
            "báo cáo thua-thien-hue/2024, documents.incoming: 'stated_change_qualifier' = 'about' không hợp lệ (chọn một trong: exact, hon, tren, gan, khoang)",
        ),
        (
            lambda d: _first(d).update(stated_change="nhiều"),
            "báo cáo thua-thien-hue/2024, documents.incoming: 'stated_change': Nhập số dạng 27, -4,1 hoặc 2,76. (giá trị: 'nhiều')",
        ),
        (
            lambda d: _first(d).update(stated_change="-2", stated_change_kind="times"),
            "báo cáo thua-thien-hue/2024, documents.incoming: 'stated_change': Số lần phải lớn hơn 0, ví dụ gấp 2,76 lần. (giá trị: '-2')",
        ),
        (
            lambda d: _first(d).update(stated_change="0", stated_change_kind="times"),
            "báo cáo thua-thien-hue/2024, documents.incoming: 'stated_change': Số lần phải lớn hơn 0, ví dụ gấp 2,76 lần. (giá trị: '0')",
        ),
        (
            lambda d: d["reports"][0]["service_index"].update(rank=64),
            "báo cáo thua-thien-hue/2024, service_index: xếp hạng 64 lớn hơn tổng số 63 tỉnh, thành phố",
        ),
        (
            lambda d: d["reports"][0]["service_index"].update(score="100.5"),
            "báo cáo thua-thien-hue/2024, service_index: 'score' = '100.5': điểm phải từ 0 đến 100",
        ),
        (
            lambda d: d["reports"][0]["service_index"].update(score="cao"),
            "báo cáo thua-thien-hue/2024, service_index: 'score' = 'cao' không phải số dạng \"82.45\"",
        ),
        (
            lambda d: d["reports"][0].update(province_wide_sections=["weather"]),
            "báo cáo thua-thien-hue/2024, province_wide_sections: lĩnh vực 'weather' không có",
        ),
        (
            lambda d: d["reports"][0]["conference"].update(staff_attending=-1),
            "báo cáo thua-thien-hue/2024, conference: 'staff_attending' phải là số nguyên từ 0 đến 100.000",
        ),
    ],
)
def test_a_bad_new_key_refuses_the_whole_file(db, tmp_path, mutate, message):
    data = _every_indicator(catalog_module.load())
    mutate(data)
    with pytest.raises(CommandError) as excinfo:
        _import_file(tmp_path, data)
    assert f"- {message}" in str(excinfo.value).splitlines()
    assert _table_counts() == (0, 0, 0)
