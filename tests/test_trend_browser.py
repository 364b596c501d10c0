"""The dashboard's trends in Chromium, on a desktop and a phone: each chart says which offices
its lines are, in words a reader sees beside it."""

import pytest

from tests.conftest import ARTIFACTS, screenshot
from tests.test_trends import four_offices  # noqa: F401  (a fixture)

WIDTHS = [1366, 390]


def _trend_notes(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.url_for("/dashboard/"))
    page.wait_for_load_state("networkidle")
    section = page.locator("section[aria-labelledby=trends-title]")
    section.scroll_into_view_if_needed()
    notes = section.locator(".trend-offices")
    for i in range(notes.count()):
        box = notes.nth(i).bounding_box()
        # Seen, not cut off: inside the page's width.
        assert notes.nth(i).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width
    return notes.all_inner_texts()


@pytest.mark.browser
@pytest.mark.usefixtures("four_offices")
@pytest.mark.parametrize("width", WIDTHS)
def test_a_trend_over_many_offices_says_how_many_it_sums(page, browser_login, leader, width):
    browser_login(leader)
    notes = _trend_notes(page, width)
    assert notes == [
        "3 văn phòng có số liệu cả 3 năm (không tính 1 văn phòng thiếu số liệu ở một số năm).",
        "Hồ sơ tiếp nhận: 2 văn phòng có số liệu cả 3 năm (không tính 1 văn phòng thiếu số "
        "liệu ở một số năm); Hồ sơ đã giải quyết: 2 văn phòng có số liệu cả 3 năm.",
    ]
    # Every chart loaded.
    images = page.locator("section[aria-labelledby=trends-title] img")
    assert images.evaluate_all("all => all.every(i => i.complete && i.naturalWidth > 0)")
    screenshot(page, f"trends-many-offices-{width}")
    section = page.locator("section[aria-labelledby=trends-title]")
    section.screenshot(path=str(ARTIFACTS / f"trends-section-many-{width}.png"))


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_offices_in_different_years_are_drawn_apart(
    page, browser_login, leader, seed_reports, width
):
    browser_login(leader)
    notes = _trend_notes(page, width)
    # Khánh Hòa 2020 and Huế 2022: each its own line, never one line from one to the other;
    # a chart only one of them has figures for says so.
    assert notes == [
        "Chỉ Khánh Hòa có số liệu.",
        "Mỗi văn phòng một đường; năm không có số liệu để trống.",
        "Chỉ Thừa Thiên Huế có số liệu.",
    ]
    dossiers = page.locator("section[aria-labelledby=trends-title] figure").nth(1)
    dossiers.locator("summary").click()
    assert dossiers.locator("thead th").all_inner_texts() == [
        "Năm",
        "Hồ sơ tiếp nhận – Thừa Thiên Huế",
        "Hồ sơ đã giải quyết – Thừa Thiên Huế",
        "Hồ sơ tiếp nhận – Khánh Hòa",
    ]
    screenshot(page, f"trends-two-offices-{width}")
    section = page.locator("section[aria-labelledby=trends-title]")
    section.screenshot(path=str(ARTIFACTS / f"trends-section-two-{width}.png"))
