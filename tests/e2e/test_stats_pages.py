"""Browser tests: the statistics page with data, for a chosen year, for an empty
period, with a bad period and in English, with the axe check on every page."""

from __future__ import annotations

import pytest

from tests import dialogue_factories as df
from tests import factories
from tests import organisation_factories as of
from tests import plan_factories as plf
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, follow, submit
from tests.stats.fixtures import build


@pytest.mark.parametrize("width", [375, 1280])
def test_the_statistics_page_with_data_a_year_and_an_empty_period(page, width):
    build(factories, pf, of, df, plf)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/forslag")
    follow(page, page.locator("main a[href='/statistik']"))
    assert page.locator("h1").inner_text() == "Statistik om delaktighet"
    assert page.locator("main svg[role=img]").count() == 4
    assert page.locator("#few-heard ~ ul a").all_inner_texts() == ["Östby"]
    check_a11y(page)

    page.select_option("#year", "2026")
    submit(page, "main form.period-year")
    assert "year=2026" in page.url
    assert "1 januari 2026 – 31 december 2026" in page.locator(".period-line").inner_text()
    check_a11y(page)

    page.fill("#start", "2020-01-01")
    page.fill("#end", "2020-12-31")
    submit(page, "main form.period-dates")
    assert "Ingen deltog under perioden" in page.locator("main").inner_text()
    check_a11y(page)

    page.fill("#start", "2020-06-01")
    page.fill("#end", "2020-01-01")
    submit(page, "main form.period-dates")
    assert page.locator(".error-summary").count() == 1
    assert page.locator("main table").count() == 0
    check_a11y(page)


def test_the_statistics_page_from_the_footer_in_english(page):
    build(factories, pf, of, df, plf)
    page.goto("/")
    follow(page, page.locator("footer a[href='/statistik']"))
    submit(page, "header form.language-switch")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/statistik?start=2026-01-01&end=2026-06-30")
    assert page.locator("h1").inner_text() == "Statistics on participation"
    assert "Few heard here" in page.locator("main").inner_text()
    check_a11y(page)
