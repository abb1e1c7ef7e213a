"""The actor directory (per community and for the whole municipality) and the
organisation's own page, with their contributions."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext

from app.extensions import db
from app.proposals.models import Comment, OrganisationSupport, ProposalStatus
from tests.organisations.helpers import assert_safe, shown, text_of


def _counts(html: str) -> tuple[int, int, int]:
    """(proposals, supports, comments) shown in a piece of a page; a count the
    page leaves out is 0."""
    text = text_of(html)
    with force_locale("sv"):
        labels = [gettext("proposals"), gettext("supports"), gettext("comments")]
    found = []
    for label in labels:
        match = re.search(rf"(\d+) {re.escape(label)}(?!\w)", text)
        found.append(int(match.group(1)) if match else 0)
    return tuple(found)


def _card(html: str, organisation) -> str:
    """The piece of a directory from the organisation's link to the next one."""
    link = f'href="/organisationer/{organisation.id}"'
    assert link in html
    segment = html[html.index(link):]
    following = re.search(r'href="/organisationer/\d+"', segment[len(link):])
    return segment[:len(link) + following.start()] if following else segment


def _org_support(proposal, organisation, user) -> None:
    db.session.add(OrganisationSupport(proposal_id=proposal.id, organisation_id=organisation.id,
                                       user_id=user.id))
    proposal.organisation_support_count += 1
    db.session.commit()


@pytest.fixture
def town(of, make, pf):
    """Two communities, two themes and organisations of every kind and status."""
    north = make.community("Norrby")
    south = make.community("Söderby")
    culture = pf.theme("Kultur")
    business_theme = pf.theme("Näringsliv")
    orgs = {
        "bakery": of.organisation(name="Bageriet AB", kind="company", communities=[north],
                                  themes=[business_theme]),
        "choir": of.organisation(name="Kören", kind="association", communities=[north, south],
                                 themes=[culture]),
        "church": of.organisation(name="Församlingen", kind="other", communities=[south],
                                  themes=[culture]),
        "pending": of.organisation(name="Nya klubben", kind="association",
                                   communities=[north], status="unverified"),
        "refused": of.organisation(name="Avslagna AB", kind="company", communities=[north],
                                   status="refused"),
    }
    return {"north": north, "south": south, "culture": culture,
            "business_theme": business_theme, **orgs}


def _listed(client, url: str, town) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    assert_safe(html)
    return {key for key in ("bakery", "choir", "church", "pending", "refused")
            if shown(town[key].name) in html}


def test_the_community_directory_lists_verified_organisations_active_there(client, town):
    assert _listed(client, f"/lokalsamhallen/{town['north'].slug}/aktorer", town) == \
        {"bakery", "choir"}
    assert _listed(client, f"/lokalsamhallen/{town['south'].slug}/aktorer", town) == \
        {"choir", "church"}
    assert _listed(client, "/organisationer", town) == {"bakery", "choir", "church"}


def test_the_directory_filters_by_type_and_theme(client, town):
    north = f"/lokalsamhallen/{town['north'].slug}/aktorer"
    assert _listed(client, f"{north}?kind=company", town) == {"bakery"}
    assert _listed(client, f"{north}?kind=association", town) == {"choir"}
    assert _listed(client, f"{north}?theme={town['culture'].id}", town) == {"choir"}
    assert _listed(client, f"/organisationer?theme={town['culture'].id}", town) == \
        {"choir", "church"}
    assert _listed(client, f"/organisationer?kind=other&theme={town['culture'].id}",
                   town) == {"church"}
    assert _listed(client, f"/organisationer?kind=company&theme={town['culture'].id}",
                   town) == set()


@pytest.mark.parametrize("query", ["kind=government", "theme=abc", "theme=-1",
                                   "theme=99999999999999999999", "kind=%00&theme=%20",
                                   "kind=<script>&theme=1e3"])
def test_unknown_filter_values_are_ignored(client, town, query):
    assert _listed(client, f"/organisationer?{query}", town) <= {"bakery", "choir", "church"}


def test_an_unknown_community_is_404(client):
    assert client.get("/lokalsamhallen/finns-inte/aktorer").status_code == 404


def test_the_community_page_shows_its_actors(client, town):
    html = client.get(f"/lokalsamhallen/{town['north'].slug}").get_data(as_text=True)
    assert shown(town["bakery"].name) in html and shown(town["choir"].name) in html
    assert shown(town["church"].name) not in html and shown(town["pending"].name) not in html


def test_each_actor_shows_its_role_and_contributions(client, town, make, pf):
    choir, bakery = town["choir"], town["bakery"]
    singer = make.user()
    own = pf.proposal(singer, community=town["north"])
    own.organisation_id = choir.id
    hidden = pf.proposal(singer, status=ProposalStatus.HIDDEN)
    hidden.organisation_id = choir.id
    other = pf.proposal()
    _org_support(other, choir, singer)
    _org_support(other, bakery, singer)
    pf.comment(other, singer, commit=False)
    db.session.flush()
    for comment in db.session.scalars(db.select(Comment)):
        comment.organisation_id = choir.id
    pf.comment(other, singer, commit=False)  # a personal comment: not the choir's
    db.session.commit()

    html = client.get(f"/lokalsamhallen/{town['north'].slug}/aktorer").get_data(as_text=True)

    # Hidden proposals do not count; the personal comment does not either.
    assert _counts(_card(html, choir)) == (1, 1, 1)
    assert _counts(_card(html, bakery)) == (0, 1, 0)
    assert "Vi driver bygdegården." in html  # the role text (factory), escaped below
    assert_safe(html)


def test_the_organisation_page_shows_details_members_and_contributions(client, of, make, pf,
                                                                       town):
    choir = town["choir"]
    choir.website = "https://koren.example.se"
    choir.contact_email = "kontakt@koren.example.se"
    choir.org_number = "802002-8711"
    shown_member = make.user(display_name="Synliga Sara")
    hidden_member = make.user(display_name="Dolda Dag")
    of.member(choir, shown_member, shown_publicly=True)
    of.member(choir, hidden_member, shown_publicly=False)
    proposal = pf.proposal(shown_member, title="Körstämma i parken")
    proposal.organisation_id = choir.id
    db.session.commit()

    response = client.get(f"/organisationer/{choir.id}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert shown(choir.name) in html
    assert "Vi arbetar för bygden" in html and "Vi driver bygdegården." in html
    assert "mailto:kontakt@koren.example.se" in html
    assert 'href="https://koren.example.se"' in html
    assert "802002-8711" in html
    assert shown(town["north"].name) in html and shown(town["south"].name) in html
    assert shown(town["culture"].name) in html
    assert "Synliga Sara" in html and "Dolda Dag" not in html
    assert "Körstämma i parken" in html
    # The counts come before the lists of proposals (whose cards have counts too).
    section = html[html.find("Körstämma i parken") - 1:]
    assert _counts(html[:len(html) - len(section)].split("<main")[-1]) == (1, 0, 0)
    assert_safe(html)


@pytest.mark.parametrize("url", ["/organisationer/999999", "/organisationer/0",
                                 "/organisationer/99999999999999999999999",
                                 "/organisationer/abc", "/organisationer/999999/redigera"])
def test_unknown_organisations_are_404(client, make, login_as, url):
    assert login_as(make.user()).get(url).status_code == 404


def test_the_community_page_shows_the_first_six_organisations_by_name(client, make, of):
    north = make.community("Norrby", slug="norrby")
    for letter in "HGFEDCBA":
        of.organisation(name=f"Aktör {letter}", communities=[north])
    html = client.get("/lokalsamhallen/norrby").get_data(as_text=True)
    assert [letter for letter in "ABCDEFGH" if f"Aktör {letter}" in html] == list("ABCDEF")
