"""The proposal page, the community section and the Atom feeds."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app.extensions import db
from app.proposals import services
from app.proposals.models import Decision, ProposalStatus
from tests.proposals.helpers import assert_safe, key, shown

S = ProposalStatus
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_page_shows_everything_about_the_proposal_safely(client, make, pf, moderator):
    author = make.user(display_name="Anna <i>Andersson</i>")
    community = make.community("Norrby")
    theme = pf.theme("Trafik")
    proposal = pf.proposal(author, community=community, theme_=theme,
                           body="Vi vill ha **fler bänkar**. <script>alert(1)</script>"
                                "[länk](javascript:alert(1)) <img src=x onerror=alert(1)>")
    pf.support(proposal)
    pf.comment(proposal, body="En kommentar <script>alert(2)</script>")
    services.transition(proposal, S.ANSWERED, moderator, reason="Vi **bygger** dem.",
                        decision=Decision.ACCEPTED)
    db.session.commit()

    response = client.get(f"/forslag/{proposal.reference}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert_safe(html)
    assert 'href="javascript' not in html
    assert "<strong>fler bänkar</strong>" in html
    assert "<strong>bygger</strong>" in html
    assert shown(proposal.title) in html
    assert shown(author.display_name) in html
    assert "Norrby" in html and "Trafik" in html
    assert proposal.reference in html
    assert '<span class="stat-number">1</span>' in html
    assert "En kommentar" in html
    assert moderator.display_name in html


def test_a_proposal_for_the_whole_municipality_has_no_community_link(client, pf):
    proposal = pf.proposal()
    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert 'href="/lokalsamhallen/' not in html.split("<main", 1)[-1]


@pytest.mark.parametrize("reference", ["F-2026-9999", "nonsense", "%3Cscript%3E", "x" * 300])
def test_unknown_references_are_404(client, reference):
    response = client.get(f"/forslag/{reference}")
    assert response.status_code == 404
    assert "<script>" not in response.get_data(as_text=True).split("<main", 1)[-1]


def test_the_community_page_lists_its_public_proposals(client, make, pf):
    north = make.community("Norrby", slug="norrby")
    here = pf.proposal(community=north)
    hidden = pf.proposal(community=north, status=S.HIDDEN)
    elsewhere = pf.proposal()

    html = client.get("/lokalsamhallen/norrby").get_data(as_text=True)

    assert here.reference in html
    assert hidden.reference not in html and elsewhere.reference not in html
    assert "/lokalsamhallen/norrby/forslag.atom" in html
    assert_safe(html)


def _feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.get_data())  # noqa: S314 - our own feed, checked for validity


def test_the_feed_is_valid_atom_with_public_proposals_only(client, make, pf):
    community = make.community("Norrby <b>by</b>", slug="norrby")
    public = [pf.proposal(community=community), pf.proposal(status=S.ANSWERED),
              pf.proposal(status=S.WITHDRAWN)]
    waiting = pf.proposal(status=S.SUBMITTED)
    hidden = pf.proposal(status=S.HIDDEN)

    root = _feed(client, "/forslag.atom")

    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text
    assert root.find(f"{ATOM}updated").text
    entries = root.findall(f"{ATOM}entry")
    links = {e.find(f"{ATOM}link").get("href").rsplit("/", 1)[-1] for e in entries}
    assert links == {p.reference for p in public}
    assert waiting.reference not in links and hidden.reference not in links
    titles = {e.find(f"{ATOM}title").text for e in entries}
    assert public[0].title in titles  # hostile markup survives as text, escaped in XML
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("http")
        assert entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}author/{ATOM}name").text


def test_the_community_feed_lists_only_that_community(client, make, pf):
    north = make.community("Norrby", slug="norrby")
    here = pf.proposal(community=north)
    pf.proposal()
    pf.proposal(community=north, status=S.HIDDEN)

    root = _feed(client, "/lokalsamhallen/norrby/forslag.atom")

    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href").rsplit("/", 1)[-1] for e in entries] == [
        here.reference]


def test_an_empty_feed_is_valid(client, make):
    make.community("Norrby", slug="norrby")
    assert _feed(client, "/forslag.atom").findall(f"{ATOM}entry") == []
    assert _feed(client, "/lokalsamhallen/norrby/forslag.atom").findall(f"{ATOM}entry") == []


def test_the_feed_of_an_unknown_community_is_404(client):
    assert client.get("/lokalsamhallen/finns-inte/forslag.atom").status_code == 404


def test_my_proposals_lists_all_of_mine_in_any_status(client, make, pf, login_as, resident):
    mine = [pf.proposal(resident, status=s) for s in (S.SUBMITTED, S.HIDDEN, S.PUBLISHED)]
    theirs = pf.proposal(make.user())
    html = login_as(resident).get("/konto/mina-forslag").get_data(as_text=True)
    for proposal in mine:
        assert proposal.reference in html
    assert theirs.reference not in html
    assert_safe(html)


def test_control_characters_never_reach_the_feed(client, pf, login_as, resident,
                                                 participation):
    participation(premoderation=False)
    theme = pf.theme()
    response = login_as(resident).post("/forslag/nytt", data={
        "title": "Park\x0b med\x00 bänkar", "body": "Text\x1b[31m röd\x08\nrad två",
        "community": "hela-kommunen", "theme": str(theme.id), "submission_key": key(),
        "action": "send"})
    assert response.status_code == 302

    entries = _feed(client, "/forslag.atom").findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Park med bänkar"]


@pytest.mark.parametrize("query", ["cykel%00bana", "%0b%1b"])
def test_control_characters_in_a_search_never_fail(client, pf, query):
    pf.proposal()
    assert client.get(f"/forslag?q={query}").status_code == 200
