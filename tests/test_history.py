"""The history of a report and of one figure: who, when, old and new value, why."""

import pytest
from django.urls import reverse

from tests.conftest import CONFIRM, complete_required, entry_url, form_data


@pytest.fixture
def edited(client, staff, chief, draft_hue):
    """Staff change one figure twice and submit; the chief returns with a reason."""
    complete_required(draft_hue)
    client.force_login(staff)
    for resolved in ("81.950", "82.000"):
        data = form_data(client.get(entry_url(draft_hue)).text)
        data["dossiers.resolved-value"] = resolved
        data["petitions.complaints-value"] = "12"
        client.post(entry_url(draft_hue), data)
    client.post(entry_url(draft_hue, "submit"), CONFIRM)
    client.force_login(chief)
    client.post(entry_url(draft_hue, "return"), {"reason": "Kiểm tra lại số hồ sơ"})
    return draft_hue


def test_the_history_of_one_figure(client, leader, edited):
    client.force_login(leader)  # leadership reads histories too
    response = client.get(entry_url(edited, "history") + "?code=dossiers.resolved")
    assert response.status_code == 200
    assert response.context["indicator"].code == "dossiers.resolved"
    rows = [
        (e.user.username if e.user else "", e.source, what, old, new)
        for e, what, old, new in response.context["entries"]
    ]
    assert rows == [
        ("staff", "form", "Hồ sơ đã giải quyết", "81.950", "82.000"),
        ("staff", "form", "Hồ sơ đã giải quyết", "81.948", "81.950"),
        # The import records every part it sets, not only the value.
        ("", "import", "Hồ sơ đã giải quyết (tỷ lệ nêu trong báo cáo)", "", "98,2%"),
        ("", "import", "Hồ sơ đã giải quyết", "", "81.948"),
    ]
    assert "<td>81.948</td><td>81.950</td>" in response.text


def test_the_history_of_the_report_shows_every_change_and_transition(client, staff, edited):
    client.force_login(staff)
    response = client.get(entry_url(edited, "history"))
    newest = [(what, old, new, e.reason) for e, what, old, new in response.context["entries"][:5]]
    assert newest == [
        ("Trạng thái", "Chờ duyệt", "Bị trả lại", "Kiểm tra lại số hồ sơ"),
        ("Trạng thái", "Đang soạn", "Chờ duyệt", ""),
        ("Hồ sơ đã giải quyết", "81.950", "82.000", ""),
        ("Hồ sơ đã giải quyết", "81.948", "81.950", ""),
        ("Đơn khiếu nại", "", "12", ""),
    ]


def test_an_unknown_code_is_not_found(client, staff, draft_hue):
    client.force_login(staff)
    assert client.get(entry_url(draft_hue, "history") + "?code=nope.nope").status_code == 404


def test_the_history_page_runs_a_fixed_number_of_queries(
    client, staff, edited, django_assert_num_queries
):
    client.force_login(staff)
    url = reverse("reports:history", args=["thua-thien-hue", 2022])
    client.get(url)
    # The session, the user, their memberships; office, report, the office's former
    # names (its name in 2022); catalogue (3); entries with their users.
    with django_assert_num_queries(10):
        client.get(url)
