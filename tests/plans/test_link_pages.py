"""Linking proposals and dialogues to actions through the pages, and unlinking."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.plans.models import DialogueActionLink, ProposalActionLink
from app.proposals.models import HistoryEvent, Proposal, ProposalHistory, ProposalStatus
from tests.factories import HOSTILE

NOT_BY_ITSELF = "Kopplingen ändrar inte förslagets status eller svar i sig."


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def reload(proposal) -> Proposal:
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


def link_events(proposal) -> list[ProposalHistory]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(ProposalHistory).where(ProposalHistory.proposal_id == proposal.id,
                                      ProposalHistory.event != HistoryEvent.STATUS)
        .order_by(ProposalHistory.id)))


# --- the proposal link page ---------------------------------------------------------

def test_the_page_groups_actions_by_plan_and_challenge_and_leaves_out_linked_ones(
        login_as, official, pf, plf):
    plan = plf.plan(title="Landsbygdsprogram")
    commitment = plf.commitment(plan)
    linked = plf.action(commitment, text="Redan kopplad åtgärd")
    free = plf.action(commitment, text="Ledig åtgärd")
    other = plf.action(text="Åtgärd i en annan plan")
    proposal = pf.proposal()
    plf.proposal_link(proposal, linked)

    response = login_as(official).get(f"/forslag/{proposal.reference}/koppla")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert NOT_BY_ITSELF in html
    assert html.count("<optgroup") == 2
    assert 'label="Landsbygdsprogram – Utmaning' in html
    assert f'<option value="{free.id}">Ledig åtgärd</option>' in html
    assert f'<option value="{other.id}">' in html
    assert f'<option value="{linked.id}">' not in html
    # The existing link is listed with its unlink form.
    assert f'action="/forslag/{proposal.reference}/koppla/{linked.id}/ta-bort"' in html
    assert 'name="decision"><option value="">Besvara inte nu</option>' in html
    assert "<script>alert" not in html


def test_linking_alone_keeps_the_answer_and_tells_the_people_behind(login_as, official, make,
                                                                    pf, plf, outbox):
    author = make.user()
    proposal = pf.proposal(author, status=ProposalStatus.UNDER_CONSIDERATION)
    action = plf.action()

    response = login_as(official).post(f"/forslag/{proposal.reference}/koppla", data={
        "action": str(action.id), "motivation": f"Åtgärden gör det här. {HOSTILE}",
        "decision": "", "answer": ""})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/forslag/{proposal.reference}#atgarder")
    [link] = db.session.scalars(select(ProposalActionLink)).all()
    assert (link.proposal_id, link.action_id, link.created_by_id) == (
        proposal.id, action.id, official.id)
    proposal = reload(proposal)
    assert proposal.status == ProposalStatus.UNDER_CONSIDERATION and proposal.answer is None
    [event] = link_events(proposal)
    assert event.event == "linked"
    [message] = outbox(author.email)
    assert message.kind == "proposal_linked"
    page = login_as(official).get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Åtgärden gör det här." in page and "<script>alert" not in page
    assert "Dess svar är oförändrat." in page


def test_linking_and_answering_in_the_same_step(login_as, moderator, make, pf, plf, outbox):
    author = make.user()
    proposal = pf.proposal(author)
    action = plf.action()

    response = login_as(moderator).post(f"/forslag/{proposal.reference}/koppla", data={
        "action": str(action.id), "motivation": "Ingår i åtgärden.",
        "decision": "already_under_way", "answer": "Det här görs redan."})

    assert response.status_code == 302
    proposal = reload(proposal)
    assert proposal.status == ProposalStatus.ANSWERED
    assert (proposal.decision, proposal.answer) == ("already_under_way", "Det här görs redan.")
    assert len(outbox(author.email)) == 1


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"motivation": ""}, "motivation", "Skriv en motivering."),
    ({"motivation": "   "}, "motivation", "Skriv en motivering."),
    ({"motivation": "x" * 2001}, "motivation", "Skriv högst 2000 tecken."),
    ({"action": ""}, "action", "Välj en åtgärd i listan."),
    ({"action": "999999"}, "action", "Välj en åtgärd i listan."),
    ({"action": "99999999999999999999"}, "action", "Välj en åtgärd i listan."),
    ({"action": "bygdegården"}, "action", "Välj en åtgärd i listan."),
    ({"action": "-1"}, "action", "Välj en åtgärd i listan."),
    ({"decision": "maybe", "answer": "Kanske."}, "decision", "Välj ett beslut i listan."),
    ({"decision": "", "answer": "Ett svar utan beslut."}, "decision", "lämna svaret tomt"),
    ({"decision": "accepted", "answer": ""}, "answer", "beslut och en motivering"),
    ({"decision": "accepted", "answer": "x" * 5001}, "answer", "Skriv högst 5000 tecken."),
])
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_written(
        login_as, official, pf, plf, outbox, change, field, message):
    proposal = pf.proposal()
    action = plf.action()
    data = {"action": str(action.id), "motivation": "Motivering", "decision": "",
            "answer": "", **change}

    response = login_as(official).post(f"/forslag/{proposal.reference}/koppla", data=data)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert count(ProposalActionLink) == 0
    assert link_events(proposal) == []
    assert reload(proposal).status == ProposalStatus.PUBLISHED
    assert outbox() == []


def test_an_answer_the_status_rules_refuse_is_shown_and_nothing_is_written(
        login_as, moderator, pf, plf):
    proposal = pf.proposal(status=ProposalStatus.IMPLEMENTED)
    response = login_as(moderator).post(f"/forslag/{proposal.reference}/koppla", data={
        "action": str(plf.action().id), "motivation": "Motivering", "decision": "accepted",
        "answer": "Ja."})
    assert response.status_code == 400
    assert 'id="decision-error"' in response.get_data(as_text=True)
    assert count(ProposalActionLink) == 0


def test_the_same_link_sent_twice_is_made_once(login_as, official, make, pf, plf, outbox):
    author = make.user()
    proposal = pf.proposal(author)
    action = plf.action()
    client = login_as(official)
    data = {"action": str(action.id), "motivation": "Motivering", "decision": "accepted",
            "answer": "Ja, det gör vi."}

    first = client.post(f"/forslag/{proposal.reference}/koppla", data=data)
    second = client.post(f"/forslag/{proposal.reference}/koppla", data=data)

    assert first.status_code == second.status_code == 302
    assert count(ProposalActionLink) == 1
    assert len(link_events(proposal)) == 1
    assert len(outbox(author.email)) == 1
    page = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Förslaget är redan kopplat till den här åtgärden." in page


@pytest.mark.parametrize("status", [ProposalStatus.SUBMITTED, ProposalStatus.HIDDEN])
def test_a_proposal_that_is_not_public_cannot_be_linked(login_as, make, pf, plf, status):
    proposal = pf.proposal(status=status)
    action = plf.action()
    data = {"action": str(action.id), "motivation": "Motivering"}
    # An official does not see it at all; a moderator sees why it cannot be linked.
    assert login_as(make.user("official")).get(
        f"/forslag/{proposal.reference}/koppla").status_code == 404
    client = login_as(make.user("moderator"))
    page = client.get(f"/forslag/{proposal.reference}/koppla")
    assert page.status_code == 200
    assert "Bara ett publicerat förslag kan kopplas" in page.get_data(as_text=True)
    assert client.post(f"/forslag/{proposal.reference}/koppla", data=data).status_code == 400
    assert count(ProposalActionLink) == 0


@pytest.mark.parametrize("reference", ["F-1999-9999", "okänt", "x" * 300])
def test_an_unknown_proposal_is_not_found(login_as, official, reference):
    client = login_as(official)
    assert client.get(f"/forslag/{reference}/koppla").status_code == 404
    assert client.post(f"/forslag/{reference}/koppla", data={}).status_code == 404


def test_linking_needs_the_permission(client, login_as, make, pf, plf):
    proposal = pf.proposal()
    action = plf.action()
    url = f"/forslag/{proposal.reference}/koppla"
    data = {"action": str(action.id), "motivation": "Motivering"}
    assert client.get(url).headers["Location"].startswith("/konto/logga-in")
    assert client.post(url, data=data).headers["Location"].startswith("/konto/logga-in")
    resident = login_as(make.user())
    assert resident.get(url).status_code == 403
    assert resident.post(url, data=data).status_code == 403
    assert count(ProposalActionLink) == 0


@pytest.mark.parametrize(("role", "shown"), [("anonymous", False), ("resident", False),
                                             ("official", True), ("moderator", True)])
def test_the_proposal_page_links_to_the_link_page_for_those_who_may(client, login_as, make,
                                                                    pf, role, shown):
    proposal = pf.proposal()
    if role != "anonymous":
        login_as(make.user(role))
    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert (f'href="/forslag/{proposal.reference}/koppla"' in html) is shown


# --- unlinking a proposal -----------------------------------------------------------

def test_unlinking_records_the_reason_in_the_history(login_as, official, pf, plf):
    proposal = pf.proposal()
    action = plf.action()
    plf.proposal_link(proposal, action)

    response = login_as(official).post(
        f"/forslag/{proposal.reference}/koppla/{action.id}/ta-bort",
        data={"reason": f"Fel åtgärd. {HOSTILE}"})

    assert response.status_code == 302
    assert count(ProposalActionLink) == 0
    [event] = link_events(proposal)
    assert (event.event, event.actor_id, event.action_id) == ("unlinked", official.id, action.id)
    assert event.reason.startswith("Fel åtgärd.")
    page = login_as(official).get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Fel åtgärd." in page and "<script>alert" not in page


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_unlinking_needs_a_reason(login_as, official, pf, plf, reason):
    proposal = pf.proposal()
    action = plf.action()
    plf.proposal_link(proposal, action)
    response = login_as(official).post(
        f"/forslag/{proposal.reference}/koppla/{action.id}/ta-bort", data={"reason": reason})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="reason-{action.id}-error"' in html
    assert count(ProposalActionLink) == 1
    assert link_events(proposal) == []


def test_unlinking_twice_removes_once(login_as, official, pf, plf):
    proposal = pf.proposal()
    action = plf.action()
    plf.proposal_link(proposal, action)
    client = login_as(official)
    url = f"/forslag/{proposal.reference}/koppla/{action.id}/ta-bort"
    assert client.post(url, data={"reason": "Fel."}).status_code == 302
    assert client.post(url, data={"reason": "Fel."}).status_code == 302
    assert len(link_events(proposal)) == 1
    page = client.get(f"/forslag/{proposal.reference}/koppla").get_data(as_text=True)
    assert "Kopplingen var redan borttagen." in page


@pytest.mark.parametrize("action_id", ["999999", "99999999999999999999", "abc"])
def test_unlinking_an_unknown_action_is_not_found(login_as, official, pf, action_id):
    proposal = pf.proposal()
    response = login_as(official).post(
        f"/forslag/{proposal.reference}/koppla/{action_id}/ta-bort", data={"reason": "Fel."})
    assert response.status_code == 404


def test_unlinking_needs_the_permission(client, login_as, make, pf, plf):
    proposal = pf.proposal()
    action = plf.action()
    plf.proposal_link(proposal, action)
    url = f"/forslag/{proposal.reference}/koppla/{action.id}/ta-bort"
    assert client.post(url, data={"reason": "x"}).headers["Location"].startswith(
        "/konto/logga-in")
    assert login_as(make.user()).post(url, data={"reason": "x"}).status_code == 403
    assert count(ProposalActionLink) == 1


# --- dialogues ----------------------------------------------------------------------

def test_linking_a_dialogue(login_as, official, df, plf):
    dialogue = df.dialogue()
    action = plf.action(text="Rusta upp torget")
    url = f"/dialoger/{dialogue.id}/koppla"
    client = login_as(official)

    page = client.get(url)
    assert page.status_code == 200
    assert f'<option value="{action.id}">Rusta upp torget</option>' in page.get_data(
        as_text=True)

    response = client.post(url, data={"action": str(action.id),
                                      "motivation": f"Dialogen ledde hit. {HOSTILE}"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/dialoger/{dialogue.id}#atgarder")
    [link] = db.session.scalars(select(DialogueActionLink)).all()
    assert (link.dialogue_id, link.action_id, link.created_by_id) == (
        dialogue.id, action.id, official.id)
    html = client.get(f"/dialoger/{dialogue.id}").get_data(as_text=True)
    assert "Åtgärder som dialogen har lett till" in html
    assert "Dialogen ledde hit." in html and "<script>alert" not in html
    assert f'href="/atgarder/{action.id}"' in html


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"motivation": ""}, "motivation", "Skriv en motivering."),
    ({"motivation": "x" * 2001}, "motivation", "Skriv högst 2000 tecken."),
    ({"action": ""}, "action", "Välj en åtgärd i listan."),
    ({"action": "424242"}, "action", "Välj en åtgärd i listan."),
    ({"action": "torget"}, "action", "Välj en åtgärd i listan."),
])
def test_a_dialogue_link_with_bad_input_is_refused(login_as, official, df, plf, change, field,
                                                   message):
    dialogue = df.dialogue()
    data = {"action": str(plf.action().id), "motivation": "Motivering", **change}
    response = login_as(official).post(f"/dialoger/{dialogue.id}/koppla", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    assert count(DialogueActionLink) == 0


def test_a_dialogue_link_sent_twice_is_made_once(login_as, official, df, plf):
    dialogue = df.dialogue()
    data = {"action": str(plf.action().id), "motivation": "Motivering"}
    client = login_as(official)
    assert client.post(f"/dialoger/{dialogue.id}/koppla", data=data).status_code == 302
    assert client.post(f"/dialoger/{dialogue.id}/koppla", data=data).status_code == 302
    assert count(DialogueActionLink) == 1


def test_unlinking_a_dialogue(login_as, official, df, plf):
    dialogue = df.dialogue()
    action = plf.action()
    plf.dialogue_link(dialogue, action)
    client = login_as(official)
    url = f"/dialoger/{dialogue.id}/koppla/{action.id}/ta-bort"
    assert f'action="{url}"' in client.get(f"/dialoger/{dialogue.id}/koppla").get_data(
        as_text=True)
    assert client.post(url).status_code == 302
    assert count(DialogueActionLink) == 0
    assert client.post(url).status_code == 302  # again: already gone, nothing breaks


@pytest.mark.parametrize("url", ["/dialoger/999999/koppla", "/dialoger/99999999999/koppla",
                                 "/dialoger/abc/koppla"])
def test_an_unknown_dialogue_is_not_found(login_as, official, url):
    assert login_as(official).get(url).status_code == 404


def test_unlinking_a_dialogue_from_an_unknown_action_is_not_found(login_as, official, df):
    dialogue = df.dialogue()
    assert login_as(official).post(
        f"/dialoger/{dialogue.id}/koppla/999999/ta-bort").status_code == 404


def test_dialogue_linking_needs_the_permission(client, login_as, make, df, plf):
    dialogue = df.dialogue()
    action = plf.action()
    plf.dialogue_link(dialogue, action)
    urls = [f"/dialoger/{dialogue.id}/koppla",
            f"/dialoger/{dialogue.id}/koppla/{action.id}/ta-bort"]
    for url in urls:
        assert client.post(url, data={}).headers["Location"].startswith("/konto/logga-in")
    resident = login_as(make.user())
    for url in urls:
        assert resident.post(url, data={}).status_code == 403
    assert resident.get(urls[0]).status_code == 403
    assert count(DialogueActionLink) == 1


@pytest.mark.parametrize(("role", "shown"), [("anonymous", False), ("resident", False),
                                             ("official", True), ("admin", True)])
def test_the_dialogue_page_links_to_the_link_page_for_those_who_may(client, login_as, make,
                                                                    df, role, shown):
    dialogue = df.dialogue()
    if role != "anonymous":
        login_as(make.user(role))
    html = client.get(f"/dialoger/{dialogue.id}").get_data(as_text=True)
    assert (f'href="/dialoger/{dialogue.id}/koppla"' in html) is shown
