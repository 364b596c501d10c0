"""Two people editing the same report: a save based on stale data is never applied
silently; the later saver sees what changed meanwhile, with both values, and chooses."""

import threading

import pytest
from django.db import connection
from django.test import Client

from officereports.reports.models import Report
from tests.conftest import entry_url, form_data


def value(report, code):
    return report.figures.get(indicator__code=code).value


@pytest.mark.parametrize("choice,kept", [("theirs", 82_000), ("mine", 81_950)])
def test_the_later_save_shows_both_values_and_the_user_chooses(two_pages, draft_hue, choice, kept):
    (a, page_a), (b, page_b) = two_pages
    page_b["dossiers.resolved-value"] = "82.000"
    assert b.post(entry_url(draft_hue), page_b).status_code == 302

    page_a["dossiers.resolved-value"] = "81.950"
    page_a["petitions.complaints-value"] = "10"
    response = a.post(entry_url(draft_hue), page_a)

    # Nothing of A's is saved yet, not even the figure nobody else touched.
    assert response.status_code == 200
    assert value(draft_hue, "dossiers.resolved") == 82_000
    assert not draft_hue.figures.filter(indicator__code="petitions.complaints").exists()
    [conflict] = response.context["entry"].conflicts
    assert (conflict.key, conflict.changes) == (
        "dossiers.resolved",
        [("Hồ sơ đã giải quyết", "82.000", "81.950")],
    )
    assert "Có người đã lưu báo cáo này trong lúc bạn nhập" in response.text
    assert "chief đã lưu lúc" in response.text
    page_a = form_data(response.text)
    assert page_a["dossiers.resolved-value"] == "81.950"  # what A typed is still there
    assert page_a["petitions.complaints-value"] == "10"

    page_a["take-dossiers.resolved-choice"] = choice
    assert a.post(entry_url(draft_hue), page_a).status_code == 302
    assert value(draft_hue, "dossiers.resolved") == kept
    assert value(draft_hue, "petitions.complaints") == 10


def test_a_figure_changed_by_the_other_person_only_is_taken_without_asking(two_pages, draft_hue):
    # Was: A was asked about B's figures, and "keep mine" restored what A had read.
    (a, page_a), (b, page_b) = two_pages
    page_b["petitions.received-value"] = "760"
    page_b["petitions.ineligible-value"] = "32"
    b.post(entry_url(draft_hue), page_b)

    page_a["advisory.meetings-value"] = "300"
    assert a.post(entry_url(draft_hue), page_a).status_code == 302

    assert [value(draft_hue, c) for c in ("petitions.received", "petitions.ineligible")] == [
        760,
        32,
    ]
    assert value(draft_hue, "advisory.meetings") == 300


def test_a_choice_must_be_made(two_pages, draft_hue):
    (a, page_a), (b, page_b) = two_pages
    page_b["dossiers.resolved-value"] = "82.000"
    b.post(entry_url(draft_hue), page_b)
    page_a["dossiers.resolved-value"] = "81.950"
    page_a = form_data(a.post(entry_url(draft_hue), page_a).text)
    version = Report.objects.get(pk=draft_hue.pk).version

    response = a.post(entry_url(draft_hue), page_a)

    assert response.status_code == 200
    take = response.context["entry"].takes["dossiers.resolved"]
    assert take.errors["choice"] == ["Chọn giữ giá trị của bạn hay lấy giá trị hiện tại."]
    assert Report.objects.get(pk=draft_hue.pk).version == version


def test_the_article_details_are_protected_too(two_pages, draft_hue):
    (a, page_a), (b, page_b) = two_pages
    page_b["report-byline"] = "H.N"
    b.post(entry_url(draft_hue), page_b)
    page_a["report-byline"] = "L.THỌ - H.N"
    response = a.post(entry_url(draft_hue), page_a)
    [conflict] = response.context["entry"].conflicts
    assert (conflict.key, conflict.changes) == (
        "details",
        [("Báo cáo: tác giả (bút danh)", "H.N", "")],
    )
    page_a = form_data(response.text)
    page_a["take-details-choice"] = "mine"
    a.post(entry_url(draft_hue), page_a)
    assert Report.objects.get(pk=draft_hue.pk).byline == "L.THỌ - H.N"


def _save(client, report, **typed):
    """Read the page, type `code=value` (dots for the code's dots: `dossiers__resolved`), save."""
    page = form_data(client.get(entry_url(report)).text)
    for code, typed_value in typed.items():
        page[f"{code.replace('__', '.')}-value"] = typed_value
    assert client.post(entry_url(report), page).status_code == 302


def test_a_value_taken_from_the_other_person_stays_theirs_when_asked_again(two_pages, draft_hue):
    """Found by the load test: A takes B's value, but B saves again before A does, so A is
    asked about B's new change. The page must now show B's first value where A took it,
    or A's next save writes A's old value over it."""
    (a, page_a), (b, _page_b) = two_pages
    _save(b, draft_hue, dossiers__resolved="82.000")
    page_a["dossiers.resolved-value"] = "81.950"
    page_a["petitions.complaints-value"] = "10"
    page_a = form_data(a.post(entry_url(draft_hue), page_a).text)
    page_a["take-dossiers.resolved-choice"] = "theirs"
    page_a["petitions.received-value"] = "770"  # A changes this one too...
    _save(b, draft_hue, petitions__received="760")  # ...and so does B, first

    response = a.post(entry_url(draft_hue), page_a)

    assert [c.key for c in response.context["entry"].conflicts] == ["petitions.received"]
    page_a = form_data(response.text)
    assert page_a["dossiers.resolved-value"] == "82.000"  # as stored, as A chose
    page_a["take-petitions.received-choice"] = "theirs"
    assert a.post(entry_url(draft_hue), page_a).status_code == 302
    assert value(draft_hue, "dossiers.resolved") == 82_000
    assert value(draft_hue, "petitions.received") == 760
    assert value(draft_hue, "petitions.complaints") == 10


def test_details_taken_from_the_other_person_stay_theirs_when_asked_again(two_pages, draft_hue):
    (a, page_a), (b, _page_b) = two_pages
    page = form_data(b.get(entry_url(draft_hue)).text)
    page["report-byline"] = "H.N"
    b.post(entry_url(draft_hue), page)
    page_a["report-byline"] = "L.THỌ - H.N"
    page_a = form_data(a.post(entry_url(draft_hue), page_a).text)
    page_a["take-details-choice"] = "theirs"
    page_a["petitions.received-value"] = "770"  # A changes this one too...
    _save(b, draft_hue, petitions__received="760")  # ...and so does B, first

    response = a.post(entry_url(draft_hue), page_a)

    assert [c.key for c in response.context["entry"].conflicts] == ["petitions.received"]
    page_a = form_data(response.text)
    assert page_a["report-byline"] == "H.N"
    page_a["take-petitions.received-choice"] = "theirs"
    assert a.post(entry_url(draft_hue), page_a).status_code == 302
    assert Report.objects.get(pk=draft_hue.pk).byline == "H.N"
    assert value(draft_hue, "petitions.received") == 760


# The test database of SQLite is in memory with a shared cache, where a second writer gets
# "database table is locked" at once instead of waiting; a SQLite file waits (the save
# writes first, so it cannot deadlock). The deterministic tests above run on both.
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel writers need PostgreSQL or a file"
)
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_never_lose_an_update(staff, chief, draft_hue):
    """Both pages built from version 1 and posted at once, from two threads (each with its
    own database connection): one save is applied, the other is asked to choose."""
    clients = [Client(), Client()]
    clients[0].force_login(staff)
    clients[1].force_login(chief)
    pages = [form_data(c.get(entry_url(draft_hue)).text) for c in clients]
    pages[0]["dossiers.resolved-value"] = "81.000"
    pages[1]["dossiers.resolved-value"] = "82.000"
    start = threading.Barrier(2)
    results = [None, None]

    def save(i):
        try:
            start.wait()
            results[i] = clients[i].post(entry_url(draft_hue), pages[i])
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    codes = sorted(r.status_code for r in results)
    assert codes == [200, 302]
    winner = next(i for i in (0, 1) if results[i].status_code == 302)
    loser = results[1 - winner]
    stored = value(draft_hue, "dossiers.resolved")
    assert stored == [81_000, 82_000][winner]
    assert Report.objects.get(pk=draft_hue.pk).version == 2
    [conflict] = loser.context["entry"].conflicts
    typed = ["81.000", "82.000"][1 - winner]
    assert conflict.changes == [("Hồ sơ đã giải quyết", f"{stored:,}".replace(",", "."), typed)]
