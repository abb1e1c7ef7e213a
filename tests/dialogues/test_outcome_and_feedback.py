"""After a meeting organisers record what happened and proposals raised there;
the feedback closes the loop and tells everyone who took part."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.dialogues import services
from app.extensions import db
from app.proposals.models import Proposal, ProposalStatus
from tests.dialogues.helpers import count, meeting_url, reload


def test_organisers_record_attendance_organisations_and_a_summary(client, df, of, login_as,
                                                                  moderator):
    dialogue = df.dialogue(status="open")
    meeting = df.meeting(dialogue, days_ahead=-1)
    present = of.organisation(name="Hembygdsföreningen")
    login_as(moderator)
    assert client.get(meeting_url(meeting, "utfall")).status_code == 200

    response = client.post(meeting_url(meeting, "utfall"), data={
        "attendees": "27", "organisations_present": [str(present.id)],
        "summary": "Många ville ha fler bänkar. <script>alert(1)</script>"})

    assert response.status_code == 302
    meeting = reload(meeting)
    assert meeting.attendees == 27
    assert [o.id for o in meeting.organisations_present] == [present.id]
    html = client.get(f"/dialoger/{dialogue.id}").get_data(as_text=True)
    assert "Många ville ha fler bänkar." in html and "Hembygdsföreningen" in html
    assert "<script>alert(1)</script>" not in html


def test_the_outcome_is_refused_before_the_meeting_starts(client, df, login_as, moderator):
    meeting = df.meeting(df.dialogue(status="open"), days_ahead=2)

    response = login_as(moderator).post(meeting_url(meeting, "utfall"), data={
        "attendees": "5", "summary": "För tidigt."})

    assert response.status_code == 400
    meeting = reload(meeting)
    assert meeting.attendees is None and meeting.summary is None


@pytest.mark.parametrize("data", [
    {"attendees": "-1", "summary": "x"},
    {"attendees": "", "summary": "x"},
    {"attendees": "tjugo", "summary": "x"},
    {"attendees": "5", "summary": ""},
    {"attendees": "5", "summary": "x", "organisations_present": ["99999999"]},
])
def test_bad_outcome_input_is_refused(client, df, login_as, moderator, data):
    meeting = df.meeting(df.dialogue(status="open"), days_ahead=-1)
    response = login_as(moderator).post(meeting_url(meeting, "utfall"), data=data)
    assert response.status_code == 400
    assert reload(meeting).attendees is None


def _proposal_form(theme, **overrides) -> dict:
    data = {"title": "Fler bänkar på torget", "body": "Sagt på mötet: fler bänkar.",
            "community": "hela-kommunen", "theme": str(theme.id), "submission_key": "k" * 24,
            "action": "send"}
    data.update(overrides)
    return data


def test_participants_bring_proposals_within_an_open_dialogue(client, make, df, pf, login_as,
                                                              resident, participation):
    participation(premoderation=False)
    community = make.community("Norrby")
    other = make.community("Söderby")
    dialogue = df.dialogue(status="open", community=community, title="Torgdialogen")
    theme = pf.theme("Trafik")
    login_as(resident)
    assert client.get(f"/forslag/nytt?dialog={dialogue.id}").status_code == 200

    # The community is taken from the dialogue, whatever the form says.
    response = client.post(f"/forslag/nytt?dialog={dialogue.id}",
                           data=_proposal_form(theme, community=str(other.id)))

    assert response.status_code == 302
    proposal = db.session.scalars(select(Proposal)).one()
    assert (proposal.dialogue_id, proposal.community_id) == (dialogue.id, community.id)
    assert proposal.source_meeting_id is None
    page = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Torgdialogen" in page and f"/dialoger/{dialogue.id}" in page
    assert "Torgdialogen" in client.get("/forslag").get_data(as_text=True)
    assert "Fler bänkar på torget" in client.get(f"/dialoger/{dialogue.id}"
                                                ).get_data(as_text=True)


@pytest.mark.parametrize("status", ["planned", "closed", "feedback_published"])
def test_no_proposals_to_a_dialogue_that_is_not_open(client, df, pf, login_as, resident,
                                                     status):
    dialogue = df.dialogue(status=status)
    theme = pf.theme()
    login_as(resident)

    form = client.get(f"/forslag/nytt?dialog={dialogue.id}")
    response = client.post(f"/forslag/nytt?dialog={dialogue.id}", data=_proposal_form(theme))

    for answer in (form, response):
        assert answer.status_code in (302, 400)
        if answer.status_code == 302:
            assert answer.headers["Location"].endswith(f"/dialoger/{dialogue.id}")
    assert count(Proposal) == 0


def test_no_proposals_outside_the_dialogues_period(client, df, pf, login_as, resident):
    dialogue = df.dialogue(status="open")
    dialogue.proposals_until = (dialogue.created_at - timedelta(days=2)).date()
    db.session.commit()
    theme = pf.theme()

    response = login_as(resident).post(f"/forslag/nytt?dialog={dialogue.id}",
                                       data=_proposal_form(theme))

    assert response.status_code in (302, 400)
    assert count(Proposal) == 0
    with pytest.raises(services.DialogueError):
        services.check_open_for_proposals(reload(dialogue))


@pytest.mark.parametrize("value", ["999999", "9" * 30, "abc"])
def test_an_unknown_dialogue_for_a_proposal_is_not_found(client, pf, login_as, resident,
                                                         value):
    theme = pf.theme()
    login_as(resident)
    assert client.get(f"/forslag/nytt?dialog={value}").status_code == 404
    assert client.post(f"/forslag/nytt?dialog={value}",
                       data=_proposal_form(theme)).status_code == 404
    assert count(Proposal) == 0


@pytest.mark.parametrize("premoderation", [True, False])
def test_a_moderator_records_a_proposal_raised_at_a_meeting(client, make, df, pf, login_as,
                                                            moderator, participation,
                                                            premoderation):
    participation(premoderation=premoderation)
    community = make.community()
    dialogue = df.dialogue(status="open", community=community)
    meeting = df.meeting(dialogue, days_ahead=-1, title="Torgmötet")
    theme = pf.theme()
    login_as(moderator)
    assert client.get(meeting_url(meeting, "forslag")).status_code == 200

    response = client.post(meeting_url(meeting, "forslag"), data={
        "title": "Ett presentkort för byn", "body": "Framfört muntligt.",
        "theme": str(theme.id)})

    assert response.status_code == 302
    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.status == ProposalStatus.PUBLISHED
    assert (proposal.dialogue_id, proposal.source_meeting_id, proposal.community_id) == (
        dialogue.id, meeting.id, community.id)
    assert "Torgmötet" in client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    html = client.get(f"/dialoger/{dialogue.id}").get_data(as_text=True)
    assert "Ett presentkort för byn" in html and "Torgmötet" in html


@pytest.mark.parametrize("data", [{"title": "", "body": "x"}, {"title": "Titel ok", "body": ""},
                                  {"title": "Titel ok", "body": "x", "theme": "999999"}])
def test_bad_meeting_proposals_are_refused(client, df, pf, login_as, moderator, data):
    meeting = df.meeting(df.dialogue(status="open"), days_ahead=-1)
    theme = pf.theme()
    response = login_as(moderator).post(meeting_url(meeting, "forslag"),
                                        data={"theme": str(theme.id), **data})
    assert response.status_code == 400
    assert count(Proposal) == 0


def _finished_dialogue(make, df, pf):
    dialogue = df.dialogue(status="open", title="Torgdialogen")
    meeting = df.meeting(dialogue, days_ahead=2)
    services.register(meeting, make.user(email="deltog@example.org"))
    gone = services.register(meeting, make.user(email="avanmald@example.org"))
    services.cancel_registration(gone)
    author = make.user(email="forfattare@example.org")
    proposal = pf.proposal(author, title="Fler bänkar", commit=False)
    proposal.dialogue_id = dialogue.id
    unanswered = pf.proposal(make.user(email="obesvarad@example.org"), title="Mer grönska",
                             commit=False)
    unanswered.dialogue_id = dialogue.id
    dialogue.status = "closed"
    db.session.commit()
    return dialogue, proposal, unanswered


def test_publishing_the_feedback_closes_the_loop(client, make, df, pf, login_as, moderator,
                                                 outbox):
    dialogue, proposal, unanswered = _finished_dialogue(make, df, pf)
    login_as(moderator)
    assert client.get(f"/dialoger/{dialogue.id}/aterkoppling").status_code == 200

    response = client.post(f"/dialoger/{dialogue.id}/aterkoppling", data={
        "heard": "Vi hörde att ni vill ha fler bänkar.",
        "next_steps": "Bänkarna kommer i maj.",
        f"decision_{proposal.id}": "accepted",
        f"motivation_{proposal.id}": "Det ryms i budgeten."})

    assert response.status_code == 302
    dialogue = reload(dialogue)
    assert dialogue.status == "feedback_published"
    assert dialogue.feedback_published_at is not None
    proposal, unanswered = reload(proposal), reload(unanswered)
    assert (proposal.status, proposal.decision) == ("answered", "accepted")
    assert proposal.answer == "Det ryms i budgeten."
    assert unanswered.status == "published"
    told = {m.recipient for m in outbox() if m.kind == "dialogue_feedback"}
    assert told == {"deltog@example.org", "forfattare@example.org", "obesvarad@example.org"}

    # The chain: question → meetings → proposals → answers, on one page.
    html = client.get(f"/dialoger/{dialogue.id}").get_data(as_text=True)
    positions = [html.find(text) for text in (
        "Vad vill du?", dialogue.title, "Fler bänkar", "Det ryms i budgeten.",
        "Vi hörde att ni vill ha fler bänkar.", "Bänkarna kommer i maj.")]
    assert all(p >= 0 for p in positions), positions
    assert html.find("Vad vill du?") < html.find('id="mote-') < html.find("Fler bänkar") \
        < html.find("Det ryms i budgeten.")


def test_feedback_needs_a_closed_dialogue(client, df, login_as, moderator):
    dialogue = df.dialogue(status="open")
    response = login_as(moderator).post(f"/dialoger/{dialogue.id}/aterkoppling", data={
        "heard": "Hört", "next_steps": "Sedan"})
    assert response.status_code == 400
    assert reload(dialogue).status == "open"


@pytest.mark.parametrize("kind", ["no_heard", "no_next", "no_motivation", "bad_decision",
                                  "already_answered"])
def test_bad_feedback_is_refused_and_nothing_is_half_written(client, make, df, pf, login_as,
                                                             moderator, outbox, kind):
    dialogue, proposal, unanswered = _finished_dialogue(make, df, pf)
    data = {"heard": "Hört", "next_steps": "Sedan",
            f"decision_{proposal.id}": "accepted", f"motivation_{proposal.id}": "Därför.",
            f"decision_{unanswered.id}": "rejected",
            f"motivation_{unanswered.id}": "Nej."}
    if kind == "no_heard":
        data["heard"] = "  "
    elif kind == "no_next":
        data["next_steps"] = ""
    elif kind == "no_motivation":
        data[f"motivation_{unanswered.id}"] = ""
    elif kind == "bad_decision":
        data[f"decision_{unanswered.id}"] = "kanske"
    else:
        unanswered.status = "answered"
        unanswered.decision = "accepted"
        unanswered.answer = "Redan besvarat."
        db.session.commit()
    before = len(outbox())

    response = login_as(moderator).post(f"/dialoger/{dialogue.id}/aterkoppling", data=data)

    assert response.status_code == 400
    assert reload(dialogue).status == "closed"
    assert reload(dialogue).feedback_heard is None
    assert reload(proposal).status == "published"
    assert len(outbox()) == before
