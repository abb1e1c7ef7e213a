"""The list at /forslag: filters, sorts, pages, facet counts and search."""

from __future__ import annotations

import re

import pytest

from app.core.models import utcnow
from app.extensions import db
from app.proposals.models import ProposalStatus
from tests.proposals.helpers import assert_safe, option_count

S = ProposalStatus


def _references(html: str) -> list[str]:
    """References of the proposal cards, in page order."""
    return re.findall(r'<a href="/forslag/(F-\d{4}-\d{4})">', html)


def test_only_public_statuses_are_listed(client, pf):
    shown = {status: pf.proposal(status=status) for status in
             (S.PUBLISHED, S.UNDER_CONSIDERATION, S.ANSWERED, S.IMPLEMENTED, S.WITHDRAWN)}
    hidden = pf.proposal(status=S.HIDDEN)
    waiting = pf.proposal(status=S.SUBMITTED)

    response = client.get("/forslag")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert set(_references(html)) == {p.reference for p in shown.values()}
    assert hidden.reference not in html and waiting.reference not in html
    assert_safe(html)


def test_filters_by_community_status_and_theme_with_counts(client, make, pf):
    north, south = make.community("Norrby"), make.community("Söderby")
    traffic, culture = pf.theme("Trafik"), pf.theme("Kultur")
    a = pf.proposal(community=north, theme_=traffic)
    b = pf.proposal(community=north, theme_=culture, status=S.ANSWERED)
    c = pf.proposal(community=south, theme_=traffic)
    d = pf.proposal(theme_=traffic)  # whole municipality
    pf.proposal(community=north, theme_=traffic, status=S.HIDDEN)

    def refs(query: str) -> set[str]:
        return set(_references(client.get(f"/forslag?{query}").get_data(as_text=True)))

    assert refs(f"community={north.id}") == {a.reference, b.reference}
    assert refs("community=hela-kommunen") == {d.reference}
    assert refs("status=answered") == {b.reference}
    assert refs(f"theme={traffic.id}") == {a.reference, c.reference, d.reference}
    assert refs(f"community={north.id}&theme={traffic.id}&status=published") == {a.reference}

    html = client.get(f"/forslag?community={north.id}").get_data(as_text=True)
    assert option_count(html, "community", str(north.id)) == 2
    assert option_count(html, "community", str(south.id)) == 1
    assert option_count(html, "community", "hela-kommunen") == 1
    assert option_count(html, "community", "") == 4
    assert option_count(html, "status", "published") == 1
    assert option_count(html, "status", "answered") == 1
    assert option_count(html, "theme", str(traffic.id)) == 1
    assert option_count(html, "theme", str(culture.id)) == 1


@pytest.mark.parametrize("query", [
    "community=999999", "community=abc", "community=99999999999999999999999",
    "theme=99999999999999999999999", "theme=x", "status=hidden", "status=submitted",
    "status=<script>", "sort=random", "page=abc", "page=-1", "page=0", "page=999999999",
    "q=" + "x" * 500, "q=%22%27*()%3A%5E-", "q=AND OR NOT", "q=%00", "community=%00",
])
def test_unknown_filter_values_never_fail(client, pf, query):
    pf.proposal(status=S.HIDDEN)
    response = client.get(f"/forslag?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert_safe(html)


def test_hidden_statuses_cannot_be_chosen_as_a_filter(client, pf):
    hidden = pf.proposal(status=S.HIDDEN)
    waiting = pf.proposal(status=S.SUBMITTED)
    for status in ("hidden", "submitted"):
        html = client.get(f"/forslag?status={status}").get_data(as_text=True)
        assert hidden.reference not in html and waiting.reference not in html


def test_sorts(client, pf):
    old = pf.proposal()
    popular = pf.proposal()
    talked = pf.proposal()
    answered = pf.proposal(status=S.ANSWERED)
    for _ in range(3):
        pf.support(popular)
    for _ in range(2):
        pf.comment(talked)
    answered.answered_at = utcnow()
    db.session.commit()

    def first(sort: str) -> str:
        return _references(client.get(f"/forslag?sort={sort}").get_data(as_text=True))[0]

    assert first("newest") == answered.reference
    assert first("supports") == popular.reference
    assert first("comments") == talked.reference
    assert first("answered") == answered.reference
    assert _references(client.get("/forslag?sort=newest").get_data(as_text=True))[-1] == \
        old.reference


def test_pages_of_twenty_keep_the_filters_in_their_links(client, make, pf):
    north = make.community("Norrby")
    theme = pf.theme()
    made = [pf.proposal(community=north, theme_=theme) for _ in range(25)]
    pf.proposal(theme_=theme)  # elsewhere

    first = client.get(f"/forslag?community={north.id}").get_data(as_text=True)
    second = client.get(f"/forslag?community={north.id}&page=2").get_data(as_text=True)

    assert len(_references(first)) == 20
    assert len(_references(second)) == 5
    assert set(_references(first)) | set(_references(second)) == {p.reference for p in made}
    next_link = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert f"community={north.id}" in next_link and "page=2" in next_link
    # The same address gives the same page: it can be bookmarked.
    again = client.get(f"/forslag?community={north.id}&page=2").get_data(as_text=True)
    assert _references(again) == _references(second)
    assert client.get("/forslag?page=99").status_code == 200


def test_search_finds_other_forms_of_a_swedish_word(client, pf):
    bana = pf.proposal(title="Ny cykelbana till skolan", body="Säkrare väg.")
    banor = pf.proposal(title="Bänkar i parken", body="Och fler cykelbanor överallt.")
    other = pf.proposal(title="Konstgräsplan", body="Fotboll året runt.")
    hidden = pf.proposal(title="Cykelbana i hemlighet", status=S.HIDDEN)

    for query in ("cykelbanor", "cykelbana", "CYKELBANOR"):
        html = client.get(f"/forslag?q={query}").get_data(as_text=True)
        found = set(_references(html))
        assert found == {bana.reference, banor.reference}, query
        assert other.reference not in found and hidden.reference not in found


def test_search_needs_every_word(client, pf):
    both = pf.proposal(title="Cykelbana till varje skola", body="Text")
    pf.proposal(title="Cykelbana vid sjön", body="Text")
    html = client.get("/forslag?q=cykelbanor skolor").get_data(as_text=True)
    assert set(_references(html)) == {both.reference}


def test_search_combines_with_filters_and_counts(client, make, pf):
    north = make.community("Norrby")
    here = pf.proposal(title="Cykelbana i Norrby", community=north)
    pf.proposal(title="Cykelbana i centrum")
    pf.proposal(title="Parkering i Norrby", community=north)

    html = client.get(f"/forslag?q=cykelbanor&community={north.id}").get_data(as_text=True)

    assert set(_references(html)) == {here.reference}
    assert option_count(html, "community", "") == 2
    assert option_count(html, "community", str(north.id)) == 1


def test_search_for_only_stop_words_or_symbols_lists_everything(client, pf):
    made = {pf.proposal().reference for _ in range(2)}
    for query in ("och", "!!!"):
        assert set(_references(client.get(f"/forslag?q={query}").get_data(as_text=True))) == made


def test_search_sees_edits(app_context, client, pf, resident):
    from app.proposals import services

    proposal = pf.proposal(resident, title="Parkbänkar")
    services.edit_proposal(proposal, resident, "Ny cykelbana", "Text", None, proposal.theme_id)
    db.session.commit()
    assert _references(client.get("/forslag?q=cykelbanor").get_data(as_text=True)) == [
        proposal.reference]
    assert _references(client.get("/forslag?q=parkbänkar").get_data(as_text=True)) == []
