"""The statistics page (/statistik): the hand-counted figures in its tables and
charts, the period form, bad input, the few-heard list and its query budget."""

from __future__ import annotations

from datetime import timedelta

import lxml.html
import pytest

from app.core.models import utcnow
from app.extensions import db
from app.stats.period import today
from tests.proposals.helpers import assert_safe
from tests.stats.fixtures import QUERY, build


def tables(html: str) -> dict[str, list[list[str]]]:
    """Every table by its caption: rows of cell texts, headers included."""
    found = {}
    for table in lxml.html.fromstring(html).iter("table"):
        caption = " ".join(table.find("caption").text_content().split())
        found[caption] = [[" ".join(cell.text_content().replace("\u00a0", " ").split())
                           for cell in row.iter("th", "td")] for row in table.iter("tr")]
    return found


def row_of(table: list[list[str]], name: str) -> list[str]:
    return next(row for row in table if row[0].startswith(name))


@pytest.fixture
def world(make, pf, of, df, plf):
    return build(make, pf, of, df, plf)


def test_the_tables_show_the_hand_counted_figures(client, world):
    response = client.get(f"/statistik?{QUERY}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = tables(html)
    status = found["Inkomna förslag efter status i dag"]
    assert row_of(status, "Publicerat")[1] == "2"
    assert row_of(status, "Inskickat")[1] == "1"
    assert row_of(status, "Totalt")[1] == "6"

    proposals = found["Förslag och stöd per lokalsamhälle"]
    assert row_of(proposals, "Hela kommunen, totalt")[1:] == ["6", "4", "4", "2", "3"]
    assert row_of(proposals, "Norrby")[1:] == ["3", "3", "4", "2", "1"]
    assert row_of(proposals, "Förslag om hela kommunen")[1:] == ["1", "0", "0", "0", "1"]

    kinds = found["Deltagare efter slag"]
    assert [row[1] for row in kinds[1:]] == ["4", "1", "1", "1", "7"]
    places = found["Deltagare per lokalsamhälle"]
    assert row_of(places, "Hela kommunen, totalt")[1:] == ["4", "1", "1", "1", "7"]
    assert row_of(places, "Norrby")[1:] == ["4", "1", "1", "0", "6"]
    assert row_of(places, "Västby")[1:] == ["1", "0", "1", "0", "2"]
    assert row_of(places, "Östby") == ["Östby Här hörs få", "0", "0", "0", "0", "0"]
    assert row_of(places, "Gamlaby") == ["Gamlaby (arkiverat)", "1", "0", "0", "0", "1"]

    meetings = found["Inflytandedialoger och deras möten under perioden"]
    assert row_of(meetings, "Västby")[1:] == ["1", "2", "12 (antecknat vid 1 av 2 möten)"]
    assert row_of(meetings, "Hela kommunen, totalt")[1:3] == ["1", "2"]

    answers = found["Svarstider per lokalsamhälle"]
    assert row_of(answers, "Norrby")[1:] == ["1", "10 dagar", "100 % (1 av 1)"]
    assert row_of(answers, "Söderby")[1:] == ["0", "Inga svar", "Inga svar"]

    actions = found["Förslag kopplade till åtgärder och åtgärder genomförda under perioden"]
    assert row_of(actions, "Hela kommunen, totalt")[1:] == ["4", "50 % (2 av 4)", "2"]
    assert row_of(actions, "Norrby")[1:] == ["3", "33 % (1 av 3)", "1"]
    assert row_of(actions, "Söderby")[1:] == ["0", "–", "1"]
    assert "Tomby" not in html
    assert_safe(html)


def test_each_chart_is_an_accessible_svg_beside_its_table(client, world):
    html = client.get(f"/statistik?{QUERY}").get_data(as_text=True)
    document = lxml.html.fromstring(html)
    charts = document.xpath("//main//svg")
    assert len(charts) == 4
    for chart in charts:
        assert chart.get("role") == "img"
        title_id, desc_id = chart.get("aria-labelledby").split()
        assert document.get_element_by_id(title_id).text
        assert document.get_element_by_id(desc_id).text
        assert chart.getparent().getparent().xpath(".//table")
    kinds = document.get_element_by_id("chart-actors-title").getparent()
    values = [text.text for text in kinds.iter("text") if text.get("class") == "chart-value"]
    assert values == ["4", "1", "1", "1"]
    within = document.get_element_by_id("chart-within-title").getparent()
    assert [text.text for text in within.iter("text")
            if text.get("class") == "chart-value"] == ["100 %"]
    assert "<script" not in html.split("<main", 1)[1]


def test_the_few_heard_list_explains_its_limit(client, world):
    html = client.get(f"/statistik?{QUERY}").get_data(as_text=True).replace("\u00a0", " ")
    section = lxml.html.fromstring(html).get_element_by_id("few-heard").getparent()
    text = " ".join(section.text_content().split())
    assert "färre än hälften så många" in text and "mediansamhället" in text
    assert "hade mediansamhället 2 deltagare, så gränsen är 1" in text
    assert [a.text for a in section.iter("a")] == ["Östby"]
    assert section.xpath(".//a/@href") == [f"/lokalsamhallen/{world.ostby.slug}"]


def test_a_year_can_be_chosen(client, world):
    html = client.get("/statistik?year=2026").get_data(as_text=True).replace("\u00a0", " ")
    assert "Period: 1 januari 2026 – 31 december 2026" in html
    option = lxml.html.fromstring(html).xpath("//select[@name='year']/option[@selected]")
    assert [o.get("value") for o in option] == ["2026"]
    # The comment written after June falls in the year but not in the half-year.
    found = tables(html)
    assert row_of(found["Förslag och stöd per lokalsamhälle"], "Norrby")[5] == "2"


def test_the_default_period_is_the_last_twelve_months(client, make, pf):
    place = make.community("Årsby")
    pf.proposal(community=place, commit=False).created_at = utcnow() - timedelta(days=300)
    pf.proposal(community=place, commit=False).created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    html = client.get("/statistik").get_data(as_text=True)
    assert row_of(tables(html)["Förslag och stöd per lokalsamhälle"], "Årsby")[1] == "1"
    assert f'value="{today().isoformat()}"' in html


def test_an_empty_period_shows_zeros_and_says_nobody_took_part(client, world):
    response = client.get("/statistik?start=2020-01-01&end=2020-12-31")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Ingen deltog under perioden" in html
    assert row_of(tables(html)["Deltagare per lokalsamhälle"], "Norrby")[-1] == "0"
    assert "Gamlaby" not in html


@pytest.mark.parametrize("query, message", [
    ("start=abc", "Skriv datumet som år-månad-dag"),
    ("end=2026-13-01", "Skriv datumet som år-månad-dag"),
    ("start=2026-02-30", "Skriv datumet som år-månad-dag"),
    ("start=1900-01-01", "Välj ett datum från år 2000 till 2100."),
    ("start=" + "9" * 5000, "Skriv datumet som år-månad-dag"),
    ("start=2026-06-01&end=2026-01-01", "Första dagen kan inte vara efter sista dagen."),
    ("start=<script>alert(1)</script>", "Skriv datumet som år-månad-dag"),
    ("start=2026-1-1", "Skriv datumet som år-månad-dag"),
    ("year=26", "Skriv året med fyra siffror"),
    ("year=1999", "Skriv året med fyra siffror"),
    ("year=abcd", "Skriv året med fyra siffror"),
    ("year=2026&start=2026-01-01", "Välj antingen ett år eller en första och sista dag"),
])
def test_bad_periods_get_a_clear_message(client, query, message):
    response = client.get(f"/statistik?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="error-summary"' in html and "<table" not in html
    assert_safe(html)


def test_the_page_keeps_its_figures_for_a_while_when_caching(app, client, world, make):
    app.config["STATS_CACHE_SECONDS"] = 600
    try:
        html = client.get(f"/statistik?{QUERY}").get_data(as_text=True)
        assert "Siffrorna uppdateras var 10:e minut" in html
        make.community("Nyby")
        assert "Nyby" not in client.get(f"/statistik?{QUERY}").get_data(as_text=True)
        assert "Nyby" in client.get("/statistik?year=2026").get_data(as_text=True)
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        app.extensions.pop("stats_cache", None)


def test_the_page_does_not_grow_in_queries(client, make, pf, of, df, plf, count_queries):
    counts = []
    for size in (1, 4):  # one world, then five
        for _ in range(size):
            build(make, pf, of, df, plf)
        client.get(f"/statistik?{QUERY}")
        with count_queries() as counter:
            assert client.get(f"/statistik?{QUERY}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 8
