"""Anyone can read the list of local communities and each community's page."""

import pytest

from tests.factories import HOSTILE


def test_the_list_shows_active_communities_in_their_order(client, make):
    make.community("Strandvik", slug="strandvik")
    make.community("Norrby", slug="norrby")
    make.community("Gamla byn", slug="gamla-byn", archived=True)

    response = client.get("/lokalsamhallen")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.index("Strandvik") < html.index("Norrby")
    assert "Gamla byn" not in html
    assert 'href="/lokalsamhallen/norrby"' in html


def test_the_list_shows_parents_and_plain_excerpts(client, make):
    town = make.community("Sjövik", slug="sjovik")
    make.community("Sjövik centrum", parent=town, description="**Mitt** i stan " + HOSTILE)

    html = client.get("/lokalsamhallen").get_data(as_text=True)

    assert "Sjövik centrum" in html
    assert "Mitt i stan" in html
    assert "<script>" not in html
    assert "<img src=x" not in html


def test_a_community_page_shows_its_description_safely(client, make):
    make.community("Norrby", slug="norrby", description="Byn vid **sjön**. " + HOSTILE)

    response = client.get("/lokalsamhallen/norrby")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Norrby</h1>" in html
    assert "<strong>sjön</strong>" in html
    assert "<script>" not in html
    assert "<img src=x" not in html


def test_a_community_page_links_its_parent_and_active_parts(client, make):
    town = make.community("Sjövik", slug="sjovik")
    make.community("Centrum", slug="centrum", parent=town)
    make.community("Gamla hamnen", slug="gamla-hamnen", parent=town, archived=True)

    town_html = client.get("/lokalsamhallen/sjovik").get_data(as_text=True)
    part_html = client.get("/lokalsamhallen/centrum").get_data(as_text=True)

    assert 'href="/lokalsamhallen/centrum"' in town_html
    assert "Gamla hamnen" not in town_html
    assert 'href="/lokalsamhallen/sjovik"' in part_html


def test_an_archived_community_page_is_still_reachable_and_says_so(client, make):
    make.community("Gamla byn", slug="gamla-byn", archived=True)
    response = client.get("/lokalsamhallen/gamla-byn")
    assert response.status_code == 200
    assert "Gamla byn" in response.get_data(as_text=True)
    assert "badge-muted" in response.get_data(as_text=True)


def test_a_hostile_name_is_escaped(client, make):
    make.community(HOSTILE[:100], slug="farlig")
    for path in ("/lokalsamhallen", "/lokalsamhallen/farlig", "/"):
        assert "<script>" not in client.get(path).get_data(as_text=True)


@pytest.mark.parametrize("slug", ["finns-inte", "NORRBY", "norrby%20", "%3Cscript%3E",
                                  "x" * 300])
def test_an_unknown_address_is_404(client, make, slug):
    make.community("Norrby", slug="norrby")
    response = client.get(f"/lokalsamhallen/{slug}")
    assert response.status_code == 404
    assert "<script>" not in response.get_data(as_text=True)


def test_the_list_when_there_are_no_communities(client):
    assert client.get("/lokalsamhallen").status_code == 200


def test_the_list_uses_the_same_number_of_queries_for_more_communities(client, make,
                                                                      count_queries):
    parent = make.community()
    for _ in range(2):
        make.community(parent=parent)
    with count_queries() as few:
        client.get("/lokalsamhallen")
    for _ in range(10):
        make.community(parent=parent)
    with count_queries() as many:
        client.get("/lokalsamhallen")
    assert many.count == few.count
