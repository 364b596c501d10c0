"""The home page lists the reports a user may read, and nothing else."""

import pytest
from django.urls import reverse

from tests.conftest import screenshot


def test_it_requires_login(client, db):
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_staff_see_only_their_office(client, staff, seed_reports):
    client.force_login(staff)
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    assert [r.office.slug for r in response.context["reports"]] == ["thua-thien-hue"]
    assert "Văn phòng UBND tỉnh Thừa Thiên Huế" in response.text
    assert "Khánh Hòa" not in response.text


def test_a_leader_sees_every_office(client, leader, seed_reports):
    client.force_login(leader)
    response = client.get(reverse("reports:index"))
    assert [(r.office.slug, r.year) for r in response.context["reports"]] == [
        ("thua-thien-hue", 2022),
        ("khanh-hoa", 2020),
    ]


def test_the_page_is_in_vietnamese(client, staff, seed_reports):
    client.force_login(staff)
    response = client.get(reverse("reports:index"))
    assert '<html lang="vi">' in response.text
    assert "Báo cáo công tác năm" in response.text
    assert "Đăng xuất" in response.text


@pytest.mark.browser
def test_a_user_logs_in_and_sees_their_reports(page, browser_login, staff, seed_reports):
    browser_login(staff)
    assert page.locator("h1").inner_text() == "Báo cáo công tác năm"
    assert page.locator("table.list tbody tr").count() == 1
    assert "Văn phòng UBND tỉnh Thừa Thiên Huế" in page.locator("table.list").inner_text()
    screenshot(page, "index")
