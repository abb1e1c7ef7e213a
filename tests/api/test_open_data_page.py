"""The open-data page: what can be downloaded, under which licence, how fresh."""

from __future__ import annotations

from tests.api.helpers import build_world


def test_the_page_lists_the_files_the_api_and_the_licence(client, make, pf, df, plf):
    build_world(make, pf, df, plf)
    response = client.get("/oppna-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Öppna data</h1>" in html
    for link in ('href="/oppna-data/forslag.csv"', 'href="/oppna-data/atgarder.csv"',
                 'href="/oppna-data/dialoger.csv"', 'href="/api/v1/"',
                 'href="/api/v1/openapi.json"',
                 'href="https://creativecommons.org/publicdomain/zero/1.0/deed.sv"'):
        assert link in html
    assert "CC0 1.0 Universell" in html
    assert "60 anrop per minut" in html
    assert html.count("<time datetime=") == 3  # last updated, per file
    assert "Hemligt utkast" not in html


def test_the_page_with_no_data_yet(client):
    html = client.get("/oppna-data").get_data(as_text=True)
    assert html.count("Inga uppgifter ännu") == 3


def test_the_page_in_english(client):
    client.post("/sprak", data={"language": "en"})
    html = client.get("/oppna-data").get_data(as_text=True)
    assert "<h1>Open data</h1>" in html
    assert "60 requests per minute" in html


def test_every_page_links_to_it_from_the_footer(client):
    html = client.get("/").get_data(as_text=True)
    footer = html[html.index("<footer"):]
    assert 'href="/oppna-data"' in footer


def test_an_unusual_rate_limit_setting_is_shown_as_written(app):
    from app.api.open_data_views import rate_limit_text

    with app.test_request_context():
        assert rate_limit_text("60 per minute") == "60 anrop per minut"
        assert rate_limit_text("1 per hour") == "1 anrop per timme"
        assert rate_limit_text("100 per 5 minutes") == "100 per 5 minutes"
        assert rate_limit_text("10 per minute; 100 per hour") == "10 per minute; 100 per hour"
