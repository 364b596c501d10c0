"""Two pages of the same report: a save conflicts only on a field both people changed.

A field the later saver left as they read it (the hidden base state) takes what is stored
now, without asking; a field only they changed is saved; a field both changed to different
values is asked about, named in the summary at the top.
"""

import re

from officereports.reports.models import AuditEntry, Figure, Report
from tests.conftest import entry_url, form_data


def value(report, code):
    figure = Figure.objects.filter(report=report, indicator__code=code).first()
    return figure.value if figure else None


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_a_figure_only_the_other_person_saved_is_kept(two_pages, draft_hue):
    """The case seen: A saved 310 on a figure; B, whose page was read before and who never
    touched that figure, saves another one. B was offered "Giá trị hiện tại 310 / Giá trị
    của bạn (trống)", and "keep mine" deleted A's 310."""
    (a, page_a), (b, page_b) = two_pages
    assert page_b["advisory.meetings-value"] == ""
    page_a["advisory.meetings-value"] = "310"
    assert a.post(entry_url(draft_hue), page_a).status_code == 302
    entries = AuditEntry.objects.filter(report=draft_hue).count()

    page_b["dossiers.resolved-value"] = "82.000"
    response = b.post(entry_url(draft_hue), page_b, follow=True)

    assert response.redirect_chain == [(entry_url(draft_hue), 302)]
    assert messages_of(response) == ["Đã lưu 1 thay đổi."]
    assert response.context["entry"].conflicts == []
    assert value(draft_hue, "advisory.meetings") == 310
    assert value(draft_hue, "dossiers.resolved") == 82_000
    q = AuditEntry.objects.filter(report=draft_hue).order_by("pk")
    assert q.count() == entries + 1
    assert list(q.values_list("field", "old_value", "new_value", "user__username"))[-1] == (
        "dossiers.resolved",
        "81948",
        "82000",
        "chief",
    )


def test_a_figure_both_changed_is_asked_about_and_named_in_the_summary(two_pages, draft_hue):
    (a, page_a), (b, page_b) = two_pages
    page_a["advisory.meetings-value"] = "310"
    page_a["petitions.complaints-value"] = "12"
    assert a.post(entry_url(draft_hue), page_a).status_code == 302
    version = Report.objects.get(pk=draft_hue.pk).version

    page_b["advisory.meetings-value"] = "320"
    page_b["dossiers.resolved-value"] = "82.000"
    response = b.post(entry_url(draft_hue), page_b)

    assert response.status_code == 200
    [conflict] = response.context["entry"].conflicts
    assert (conflict.key, conflict.label, conflict.changes) == (
        "advisory.meetings",
        "Cuộc họp, hội nghị phục vụ",
        [("Cuộc họp, hội nghị phục vụ", "310", "320")],
    )
    summary = re.search(r'<div class="conflicts card".*?</ul>', response.text, re.S).group()
    assert re.findall(r'<li><a href="#conflict-([^"]+)">([^<]+)</a></li>', summary) == [
        ("advisory.meetings", "Cuộc họp, hội nghị phục vụ")
    ]
    # Nothing of B's is saved yet.
    assert Report.objects.get(pk=draft_hue.pk).version == version
    assert value(draft_hue, "advisory.meetings") == 310
    assert value(draft_hue, "dossiers.resolved") == 81_948
    # The page now shows A's figure that B never touched as stored, and B's own values.
    page_b = form_data(response.text)
    assert page_b["petitions.complaints-value"] == "12"
    assert page_b["advisory.meetings-value"] == "320"
    assert page_b["dossiers.resolved-value"] == "82.000"

    page_b["take-advisory.meetings-choice"] = "mine"
    assert b.post(entry_url(draft_hue), page_b).status_code == 302
    assert value(draft_hue, "advisory.meetings") == 320
    assert value(draft_hue, "dossiers.resolved") == 82_000
    assert value(draft_hue, "petitions.complaints") == 12  # "keep mine" kept A's figure


def test_the_same_value_typed_by_both_is_no_conflict(two_pages, draft_hue):
    (a, page_a), (b, page_b) = two_pages
    page_a["advisory.meetings-value"] = "310"
    a.post(entry_url(draft_hue), page_a)
    page_b["advisory.meetings-value"] = "310"
    page_b["dossiers.resolved-value"] = "82.000"
    assert b.post(entry_url(draft_hue), page_b).status_code == 302
    assert [value(draft_hue, c) for c in ("advisory.meetings", "dossiers.resolved")] == [
        310,
        82_000,
    ]


def test_different_parts_of_one_figure_are_merged(two_pages, draft_hue):
    (a, page_a), (b, page_b) = two_pages
    page_a["dossiers.resolved-comment"] = "Theo số liệu của Trung tâm"
    a.post(entry_url(draft_hue), page_a)
    page_b["dossiers.resolved-value"] = "82.000"
    assert b.post(entry_url(draft_hue), page_b).status_code == 302
    figure = Figure.objects.get(report=draft_hue, indicator__code="dossiers.resolved")
    assert (figure.value, figure.comment) == (82_000, "Theo số liệu của Trung tâm")


def test_details_only_the_other_person_changed_are_kept(two_pages, draft_hue):
    (a, page_a), (b, page_b) = two_pages
    attendees = list(draft_hue.attendees.values_list("name", flat=True))
    page_a["report-byline"] = "H.N"
    page_a["attendees-0-name"] = "Nguyễn Văn A"
    a.post(entry_url(draft_hue), page_a)

    page_b["report-source"] = "Văn phòng UBND tỉnh"
    assert b.post(entry_url(draft_hue), page_b).status_code == 302

    report = Report.objects.get(pk=draft_hue.pk)
    assert (report.byline, report.source) == ("H.N", "Văn phòng UBND tỉnh")
    assert list(report.attendees.values_list("name", flat=True)) == [
        "Nguyễn Văn A",
        *attendees[1:],
    ]


def test_details_both_changed_are_asked_about(two_pages, draft_hue):
    (a, page_a), (b, page_b) = two_pages
    page_a["report-byline"] = "H.N"
    page_a["report-source"] = "Báo Thừa Thiên Huế"
    a.post(entry_url(draft_hue), page_a)
    assert page_b["report-byline"] == "L.THỌ"
    page_b["report-byline"] = "L.THỌ - H.N"
    response = b.post(entry_url(draft_hue), page_b)

    [conflict] = response.context["entry"].conflicts
    assert (conflict.key, conflict.changes) == (
        "details",
        [("Báo cáo: tác giả (bút danh)", "H.N", "")],
    )
    page_b = form_data(response.text)
    assert page_b["report-byline"] == "L.THỌ - H.N"
    assert page_b["report-source"] == "Báo Thừa Thiên Huế"  # A's, untouched by B
    page_b["take-details-choice"] = "mine"
    assert b.post(entry_url(draft_hue), page_b).status_code == 302
    report = Report.objects.get(pk=draft_hue.pk)
    assert (report.byline, report.source) == ("L.THỌ - H.N", "Báo Thừa Thiên Huế")


def test_two_changes_valid_alone_but_not_together_are_not_saved(two_pages, draft_hue):
    (a, page_a), (b, page_b) = two_pages
    page_a["advisory.meetings-value"] = "10"
    assert a.post(entry_url(draft_hue), page_a).status_code == 302
    version = Report.objects.get(pk=draft_hue.pk).version

    page_b["advisory.meetings_online-value"] = "20"
    response = b.post(entry_url(draft_hue), page_b)

    assert response.status_code == 200
    assert response.context["entry"].conflicts == []
    form = response.context["entry"].figure_forms["advisory.meetings_online"]
    assert form.errors["value"] == [
        "Cuộc họp, hội nghị trực tuyến (20) không được lớn hơn Cuộc họp, hội nghị phục vụ (10). "
        "Sửa lại một trong hai số."
    ]
    assert Report.objects.get(pk=draft_hue.pk).version == version
    assert value(draft_hue, "advisory.meetings_online") is None
    page_b = form_data(response.text)
    assert page_b["advisory.meetings-value"] == "10"  # as stored now
    page_b["advisory.meetings_online-value"] = "8"
    assert b.post(entry_url(draft_hue), page_b).status_code == 302
    assert [value(draft_hue, c) for c in ("advisory.meetings", "advisory.meetings_online")] == [
        10,
        8,
    ]
