"""Browser tests: the open-data page, reached from the footer, with the axe check,
on a phone and a desktop width."""

from __future__ import annotations

import pytest

from tests import dialogue_factories as df
from tests import factories
from tests import plan_factories as plf
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, follow, submit


def _data():
    norrby = factories.community("Norrby", slug="norrby")
    plf.action(plf.commitment(plf.plan(title="Handlingsplan för levande landsbygd")))
    pf.proposal(title="Fler bänkar vid torget", community=norrby)
    df.dialogue(title="Dialog om torget", community=norrby)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_open_data_page_from_the_footer(page, width):
    _data()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    follow(page, page.locator("footer a[href='/oppna-data']"))
    page.wait_for_url("**/oppna-data")

    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").count() == 1
    assert page.locator("a[href$='.csv']").count() == 3
    assert page.locator("a[rel='license']").count() == 1
    assert page.locator("a[href='/api/v1/openapi.json']").count() == 1
    check_a11y(page)


def test_the_files_download_from_the_page(page):
    _data()
    page.goto("/oppna-data")
    with page.expect_download() as download:
        page.locator("a[href='/oppna-data/forslag.csv']").click()
    path = download.value.path()
    with open(path, encoding="utf-8-sig") as file:
        content = file.read()
    assert content.startswith("reference;title;")
    assert "Fler bänkar vid torget" in content


def test_the_open_data_page_in_english(page):
    _data()
    page.goto("/oppna-data")
    submit(page, "header form.language-switch")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/oppna-data")
    check_a11y(page)
