"""What the public sees of the chain: on proposal, dialogue, community, action and
plan pages."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.plans.models import ActionStatus
from app.proposals.models import Decision, ProposalStatus


def test_the_proposal_page_shows_its_actions_after_the_answer(client, pf, plf):
    plan = plf.plan(title="Kulturplan för Sjövik")
    action = plf.action(plf.commitment(plan), text="Öppna biblioteket på lördagar",
                        status=ActionStatus.ONGOING, progress=30)
    proposal = pf.proposal(status=ProposalStatus.ANSWERED)
    proposal.answer, proposal.decision = "Vi gör det.", Decision.ACCEPTED
    db.session.commit()
    plf.proposal_link(proposal, action)

    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)

    heading = html.index("Åtgärder som förslaget har lett till")
    assert html.index("Kommunens svar") < heading < html.index('id="comments-heading"')
    section = html[heading:html.index('id="comments-heading"')]
    assert f'href="/atgarder/{action.id}"' in section
    assert "Öppna biblioteket på lördagar" in section
    assert "Kulturplan för Sjövik" in section
    assert "Pågår" in section and "30 % klart" in section
    assert "Kultur och fritid" in section  # responsible
    assert "Verksamhetsberättelse 2026" in section  # follow-up
    assert "Motivering" in section
    assert "<script>alert" not in html


def test_a_proposal_without_actions_says_so(client, pf):
    html = client.get(f"/forslag/{pf.proposal().reference}").get_data(as_text=True)
    assert "Förslaget är inte kopplat till någon åtgärd än." in html


def test_the_dialogue_page_shows_its_actions(client, df, plf):
    dialogue = df.dialogue()
    action = plf.action(text="Rusta upp torget", progress=80)
    plf.dialogue_link(dialogue, action)
    html = client.get(f"/dialoger/{dialogue.id}").get_data(as_text=True)
    section = html[html.index("Åtgärder som dialogen har lett till"):]
    assert "Rusta upp torget" in section and "80 % klart" in section
    assert "<script>alert" not in html


def test_the_community_page_lists_the_actions_that_concern_it(client, make, plf):
    norrby = make.community("Norrby", slug="norrby")
    other = make.community("Söderby", slug="soderby")
    plf.action(text="Ny lekplats i Norrby", progress=20, communities=(norrby,))
    plf.action(text="Bredband i Söderby", communities=(other,))

    html = client.get("/lokalsamhallen/norrby").get_data(as_text=True)

    assert "Åtgärder i Norrby" in html
    assert "Ny lekplats i Norrby" in html and "20 % klart" in html
    assert "Bredband i Söderby" not in html
    assert "senast ändrade" not in html
    assert "<script>alert" not in html


def test_the_community_page_shows_at_most_ten_actions(client, make, plf):
    norrby = make.community("Norrby", slug="norrby")
    commitment = plf.commitment()
    for n in range(12):
        plf.action(commitment, text=f"Åtgärd nummer {n}", communities=(norrby,), commit=False)
    db.session.commit()
    html = client.get("/lokalsamhallen/norrby").get_data(as_text=True)
    assert html.count("Åtgärd nummer") == 10
    assert "De 10 senast ändrade av 12 åtgärder visas." in html


def test_a_community_without_actions_has_no_actions_section(client, make):
    make.community("Norrby", slug="norrby")
    assert "Åtgärder i Norrby" not in client.get("/lokalsamhallen/norrby").get_data(
        as_text=True)


def test_the_action_page_lists_public_proposals_twenty_at_a_time(client, make, pf, plf):
    action = plf.action()
    author = make.user()
    public = [pf.proposal(author, title=f"Synligt förslag {n:02d}", commit=False)
              for n in range(23)]
    hidden = pf.proposal(author, title="Dolt förslag", status=ProposalStatus.HIDDEN,
                         commit=False)
    waiting = pf.proposal(author, title="Väntande förslag", status=ProposalStatus.SUBMITTED,
                          commit=False)
    for proposal in [*public, hidden, waiting]:
        plf.proposal_link(proposal, action, commit=False)
    db.session.commit()

    first = client.get(f"/atgarder/{action.id}").get_data(as_text=True)
    second = client.get(f"/atgarder/{action.id}?page=2").get_data(as_text=True)
    beyond = client.get(f"/atgarder/{action.id}?page=99").get_data(as_text=True)

    assert first.count("Synligt förslag") == 20
    assert "23 förslag" in first
    assert f'href="/atgarder/{action.id}?page=2"' in first
    assert second.count("Synligt förslag") == 3
    assert beyond.count("Synligt förslag") == 3  # past the end: the last page
    for html in (first, second):
        assert "Dolt förslag" not in html and "Väntande förslag" not in html
        assert "<script>alert" not in html
    assert public[0].reference in second  # oldest link last
    assert "Motivering" in first


@pytest.mark.parametrize("page", ["0", "-1", "abc", "9999999999999"])
def test_odd_page_numbers_show_the_first_page(client, pf, plf, page):
    action = plf.action()
    plf.proposal_link(pf.proposal(title="Det enda förslaget"), action)
    response = client.get(f"/atgarder/{action.id}?page={page}")
    assert response.status_code == 200
    assert "Det enda förslaget" in response.get_data(as_text=True)


def test_the_action_page_lists_linked_dialogues(client, df, plf):
    action = plf.action()
    plf.dialogue_link(df.dialogue(title="Dialog om torget"), action)
    html = client.get(f"/atgarder/{action.id}").get_data(as_text=True)
    section = html[html.index("Inflytandedialoger som är kopplade till åtgärden"):]
    assert "Dialog om torget" in section


def test_the_plan_page_counts_public_links_per_action(client, make, pf, df, plf):
    plan = plf.plan()
    commitment = plf.commitment(plan)
    busy = plf.action(commitment)
    quiet = plf.action(commitment)
    only_dialogue = plf.action(commitment)
    hidden_only = plf.action(commitment)
    plf.proposal_link(pf.proposal(status=ProposalStatus.SUBMITTED), hidden_only)
    for _ in range(2):
        plf.proposal_link(pf.proposal(), busy)
    plf.proposal_link(pf.proposal(status=ProposalStatus.HIDDEN), busy)
    plf.dialogue_link(df.dialogue(), busy)
    plf.dialogue_link(df.dialogue(), only_dialogue)

    html = client.get(f"/styrdokument/{plan.id}").get_data(as_text=True)

    def row(action):
        start = html.index(f'href="/atgarder/{action.id}"')
        return html[start:html.index("</tr>", start)]

    assert "Kopplade förslag: 2 · Kopplade dialoger: 1" in row(busy)
    assert "Kopplade" not in row(quiet)
    assert "Kopplade dialoger: 1" in row(only_dialogue)
    assert "Kopplade förslag" not in row(only_dialogue)
    assert "Kopplade" not in row(hidden_only)


def test_actions_of_a_draft_plan_are_not_shown_to_the_public(client, login_as, make, pf, df,
                                                           plf, moderator):
    from app.plans.models import PlanStatus

    norrby = make.community("Norrby")
    draft = plf.plan(status=PlanStatus.DRAFT)
    action = plf.action(plf.commitment(draft), text="Hemlig åtgärd", communities=(norrby,))
    proposal = pf.proposal(make.user())
    dialogue = df.dialogue()
    plf.proposal_link(proposal, action)
    plf.dialogue_link(dialogue, action)
    for url in (f"/forslag/{proposal.reference}", f"/dialoger/{dialogue.id}",
                f"/lokalsamhallen/{norrby.slug}"):
        assert "Hemlig åtgärd" not in client.get(url).get_data(as_text=True), url
    # Those who link see the link, so they can remove it.
    page = login_as(moderator).get(f"/forslag/{proposal.reference}/koppla")
    assert "Hemlig åtgärd" in page.get_data(as_text=True)
