"""The conference, its rows (attendees, directives, awards), the section units and the
article's details on the entry page, each change audited."""

from datetime import date

from officereports.reports.models import AuditEntry
from tests.conftest import entry_url, form_data


def audit(report, prefix):
    q = AuditEntry.objects.filter(report=report, source="form", field__startswith=prefix)
    return sorted(q.values_list("field", "old_value", "new_value"))


def test_it_adds_edits_and_removes_attendees(client, entry, draft_hue):
    data = entry()
    assert data["attendees-0-name"] == "Nguyễn Văn Phương"
    assert data["attendees-TOTAL_FORMS"] == "2"  # one stored, one blank row to add
    data["attendees-0-title"] = "Chủ tịch UBND tỉnh Thừa Thiên Huế"
    data.update(
        {
            "attendees-1-honorific": "ong",
            "attendees-1-name": "Hoàng Hải Minh",
            "attendees-1-title": "Phó Chủ tịch UBND tỉnh",
        }
    )
    assert client.post(entry_url(draft_hue), data).status_code == 302
    assert list(draft_hue.attendees.values_list("name", "title", "position")) == [
        ("Nguyễn Văn Phương", "Chủ tịch UBND tỉnh Thừa Thiên Huế", 1),
        ("Hoàng Hải Minh", "Phó Chủ tịch UBND tỉnh", 2),
    ]
    assert audit(draft_hue, "attendee") == [
        ("attendee", "", "ong · Hoàng Hải Minh · Phó Chủ tịch UBND tỉnh"),
        ("attendee.title", "Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh Thừa Thiên Huế"),
    ]

    data = entry()
    data["attendees-0-DELETE"] = "on"
    assert client.post(entry_url(draft_hue), data).status_code == 302
    assert list(draft_hue.attendees.values_list("name", "position")) == [("Hoàng Hải Minh", 1)]
    assert ("attendee", "ong · Nguyễn Văn Phương · Chủ tịch UBND tỉnh Thừa Thiên Huế", "") in audit(
        draft_hue, "attendee"
    )


def test_it_reorders_rows_and_records_the_new_order(client, entry, draft_hue):
    draft_hue.attendees.create(name="Hoàng Hải Minh", title="Phó Chủ tịch UBND tỉnh", position=2)
    data = entry()
    # What the ↑/↓ buttons do: renumber the "Thứ tự" fields.
    data["attendees-0-ORDER"], data["attendees-1-ORDER"] = "2", "1"

    assert client.post(entry_url(draft_hue), data).status_code == 302

    assert list(draft_hue.attendees.values_list("name", "position")) == [
        ("Hoàng Hải Minh", 1),
        ("Nguyễn Văn Phương", 2),
    ]
    assert audit(draft_hue, "attendees.order") == [
        (
            "attendees.order",
            "ong · Nguyễn Văn Phương\nHoàng Hải Minh",
            "Hoàng Hải Minh\nong · Nguyễn Văn Phương",
        )
    ]


def test_a_row_needs_its_name_and_nothing_is_saved_without_it(client, entry, draft_hue):
    data = entry()
    data["attendees-1-title"] = "Phó Chủ tịch UBND tỉnh"
    data["documents.incoming-value"] = "1.000"
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 200
    assert response.context["entry"].formsets["attendee"].forms[1].errors["name"] == [
        "Trường này là bắt buộc."
    ]
    assert form_data(response.text)["attendees-1-title"] == "Phó Chủ tịch UBND tỉnh"
    assert not draft_hue.figures.filter(indicator__code="documents.incoming").exists()


def test_an_award_is_either_counted_or_many(client, entry, draft_hue):
    data = entry()
    new = int(data["awards-TOTAL_FORMS"]) - 1  # the blank row
    data[f"awards-{new}-recipient_kind"] = "tap_the"
    data[f"awards-{new}-count"] = "5"
    data[f"awards-{new}-is_many"] = "on"
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 200
    assert response.context["entry"].formsets["award"].forms[new].errors["count"] == [
        'Ghi số lượng hoặc đánh dấu "nhiều", không ghi cả hai.'
    ]
    del data[f"awards-{new}-is_many"]
    data[f"awards-{new}-title"] = "Giấy khen của Chánh Văn phòng"
    data[f"awards-{new}-recipients"] = "Phòng Tổng hợp\nPhòng Hành chính - Tổ chức"
    assert client.post(entry_url(draft_hue), data).status_code == 302
    award = draft_hue.awards.get(title="Giấy khen của Chánh Văn phòng")
    assert (award.count, award.recipient_names()) == (
        5,
        ["Phòng Tổng hợp", "Phòng Hành chính - Tổ chức"],
    )


def test_it_saves_the_conference_the_section_units_and_the_byline(client, entry, draft_hue):
    data = entry()
    assert data["unit-dossiers"] == "Trung tâm Phục vụ hành chính công tỉnh"
    data.update(
        {
            "conference-date": "2023-01-10",
            "conference-part_of_day": "sang",
            "conference-title": "Hội nghị cán bộ, công chức, viên chức năm 2022",
            "unit-dossiers": "",
            "unit-petitions": "Ban Tiếp công dân tỉnh",
            "report-byline": "L.THỌ - H.N",
        }
    )
    assert client.post(entry_url(draft_hue), data).status_code == 302

    draft_hue.refresh_from_db()
    conference = draft_hue.conference
    assert (conference.date, conference.part_of_day) == (date(2023, 1, 10), "sang")
    assert dict(draft_hue.section_units.values_list("section", "unit_name")) == {
        "petitions": "Ban Tiếp công dân tỉnh"
    }
    assert draft_hue.byline == "L.THỌ - H.N"
    assert audit(draft_hue, "unit.") == [
        ("unit.dossiers", "Trung tâm Phục vụ hành chính công tỉnh", ""),
        ("unit.petitions", "", "Ban Tiếp công dân tỉnh"),
    ]
    assert audit(draft_hue, "conference.") == [
        ("conference.date", "", "2023-01-10"),
        ("conference.part_of_day", "", "sang"),
        ("conference.title", "", "Hội nghị cán bộ, công chức, viên chức năm 2022"),
    ]
    assert audit(draft_hue, "report.") == [("report.byline", "L.THỌ", "L.THỌ - H.N")]


def test_a_reporting_period_must_end_after_it_starts(client, entry, draft_hue):
    data = entry()
    data["report-period_end"] = "2021-12-01"
    response = client.post(entry_url(draft_hue), data)
    assert response.status_code == 200
    assert response.context["entry"].details.errors["period_end"] == [
        "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."
    ]
