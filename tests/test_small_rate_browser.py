"""The entry page's live rates in Chromium write a rate that would round to 0 with the
fewest more decimals that make it non-zero, as the server does (rates.round_nonzero)."""

import pytest

from officereports.reports import rates, vietnamese
from tests.conftest import entry_url


@pytest.mark.browser
def test_a_tiny_rate_is_not_written_zero_while_typing(page, browser_login, staff, draft_hue):
    browser_login(staff)
    page.goto(page.url_for(entry_url(draft_hue)))
    output = page.locator('output[data-rate="rate.dossiers_resolved"]')
    for received, resolved, expected in (
        ("500.000", "100", "0,02%"),
        ("500.000", "48", "0,01%"),  # 0,0096%: two decimals are enough
        ("200.000", "8", "0,004%"),
        ("500.000", "0", "0%"),  # a true zero stays 0
        ("83.408", "81.948", "98,2%"),
    ):
        page.fill('[name="dossiers.received-value"]', received)
        page.fill('[name="dossiers.resolved-value"]', resolved)
        assert output.inner_text() == expected
        # The same as the server writes it.
        numbers = [int(v.replace(".", "")) for v in (resolved, received)]
        assert output.inner_text() == vietnamese.percent(rates.percent(*numbers, 1))
