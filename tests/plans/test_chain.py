"""The traceability chain as services: link, unlink, answer in the same step,
action updates, and who is e-mailed about them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.permissions import Permission, can
from app.extensions import db
from app.plans import links
from app.plans.links import LinkError
from app.plans.models import ActionUpdate, DialogueActionLink, ProposalActionLink
from app.proposals.models import Decision, HistoryEvent, ProposalHistory, ProposalStatus


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def link_events(proposal) -> list[ProposalHistory]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(ProposalHistory).where(ProposalHistory.proposal_id == proposal.id,
                                      ProposalHistory.event != HistoryEvent.STATUS)
        .order_by(ProposalHistory.id)))


def test_linking_records_the_motivation_in_history_and_mails_author_and_followers(
        make, pf, plf, moderator, outbox):
    author = make.user(locale="en")
    follower = make.user()
    proposal = pf.proposal(author)
    pf.follow(proposal, follower)
    action = plf.action()

    link = links.link_proposal(proposal, action, moderator, "  Åtgärden svarar mot förslaget. ")
    db.session.commit()

    assert link.motivation == "Åtgärden svarar mot förslaget."
    [event] = link_events(proposal)
    assert (event.event, event.action_id, event.actor_id) == ("linked", action.id, moderator.id)
    assert event.from_status == event.to_status == ProposalStatus.PUBLISHED
    assert event.reason == "Åtgärden svarar mot förslaget."
    assert event.action_text == action.text
    [to_author] = outbox(author.email)
    assert to_author.subject == f"{proposal.reference} is linked to an action"
    assert "Åtgärden svarar mot förslaget." in to_author.body
    assert f"/atgarder/{action.id}" in to_author.body
    [to_follower] = outbox(follower.email)
    assert to_follower.subject == f"{proposal.reference} är kopplat till en åtgärd"
    assert outbox(moderator.email) == []


def test_linking_alone_leaves_status_and_answer_untouched(pf, plf, moderator):
    proposal = pf.proposal(status=ProposalStatus.UNDER_CONSIDERATION)
    links.link_proposal(proposal, plf.action(), moderator, "Pågår redan i planen.")
    db.session.commit()
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.UNDER_CONSIDERATION
    assert proposal.answer is None and proposal.decision is None


def test_the_answer_can_be_set_in_the_same_step(make, pf, plf, official, outbox):
    author = make.user()
    proposal = pf.proposal(author, status=ProposalStatus.UNDER_CONSIDERATION)

    links.link_proposal(proposal, plf.action(), official, "Ingår i åtgärden.",
                        decision=Decision.ALREADY_UNDER_WAY, answer="Det här görs redan.")
    db.session.commit()
    db.session.refresh(proposal)

    assert proposal.status == ProposalStatus.ANSWERED
    assert (proposal.decision, proposal.answer) == ("already_under_way", "Det här görs redan.")
    assert proposal.answered_by_id == official.id
    # One message tells both: the link and the answer.
    [message] = outbox(author.email)
    assert "Det här görs redan." in message.body and "Ingår i åtgärden." in message.body


def test_an_answer_without_text_is_refused_and_nothing_is_written(pf, plf, moderator, outbox):
    proposal = pf.proposal()
    with pytest.raises(LinkError) as error:
        links.link_proposal(proposal, plf.action(), moderator, "Motivering",
                            decision=Decision.ACCEPTED, answer="  ")
    db.session.rollback()
    assert error.value.field == "answer"
    assert count(ProposalActionLink) == 0
    assert link_events(proposal) == []
    assert outbox() == []


def test_an_answer_the_status_rules_refuse_leaves_no_link(pf, plf, moderator):
    proposal = pf.proposal(status=ProposalStatus.IMPLEMENTED)
    with pytest.raises(LinkError) as error:
        links.link_proposal(proposal, plf.action(), moderator, "Motivering",
                            decision=Decision.ACCEPTED, answer="Ja.")
    db.session.rollback()
    assert error.value.field == "decision"
    assert "kan inte få status ”Besvarat”" in str(error.value)
    assert count(ProposalActionLink) == 0


@pytest.mark.parametrize("motivation", ["", "   ", None, "x" * 2001])
def test_a_missing_or_too_long_motivation_is_refused(pf, plf, moderator, motivation):
    with pytest.raises(LinkError) as error:
        links.link_proposal(pf.proposal(), plf.action(), moderator, motivation)
    assert error.value.field == "motivation"
    assert str(error.value)  # a message for the user, in Swedish
    db.session.rollback()
    assert count(ProposalActionLink) == 0


@pytest.mark.parametrize("status", [ProposalStatus.SUBMITTED, ProposalStatus.HIDDEN,
                                    ProposalStatus.WITHDRAWN])
def test_only_public_proposals_can_be_linked(pf, plf, moderator, status):
    with pytest.raises(LinkError):
        links.link_proposal(pf.proposal(status=status), plf.action(), moderator, "Motivering")
    db.session.rollback()
    assert count(ProposalActionLink) == 0


def test_linking_twice_keeps_one_link_one_event_and_one_message(make, pf, plf, moderator,
                                                                 outbox):
    author = make.user()
    proposal = pf.proposal(author)
    action = plf.action()
    first = links.link_proposal(proposal, action, moderator, "Första")
    db.session.commit()
    again = links.link_proposal(proposal, action, moderator, "Andra")
    db.session.commit()
    assert again.id == first.id and again.motivation == "Första"
    assert count(ProposalActionLink) == 1
    assert len(link_events(proposal)) == 1
    assert len(outbox(author.email)) == 1


def test_one_proposal_can_be_linked_to_several_actions(pf, plf, moderator):
    proposal = pf.proposal()
    links.link_proposal(proposal, plf.action(), moderator, "Ett")
    links.link_proposal(proposal, plf.action(), moderator, "Två")
    db.session.commit()
    assert count(ProposalActionLink) == 2


def test_unlinking_is_recorded_with_its_reason_and_the_action_text_survives_deletion(
        pf, plf, moderator):
    proposal = pf.proposal()
    action = plf.action(text="Bygga en brygga")
    link = links.link_proposal(proposal, action, moderator, "Motivering")
    db.session.commit()

    links.unlink_proposal(link, moderator, "Fel åtgärd.")
    db.session.commit()
    assert count(ProposalActionLink) == 0
    linked, unlinked = link_events(proposal)
    assert (unlinked.event, unlinked.reason, unlinked.action_id) == (
        "unlinked", "Fel åtgärd.", action.id)

    db.session.delete(action)
    db.session.commit()
    for event in link_events(proposal):
        assert event.action_id is None and event.action_text == "Bygga en brygga"


def test_unlinking_needs_a_reason(pf, plf, moderator):
    link = plf.proposal_link(pf.proposal(), plf.action())
    with pytest.raises(LinkError) as error:
        links.unlink_proposal(link, moderator, " ")
    assert error.value.field == "reason"
    db.session.rollback()
    assert count(ProposalActionLink) == 1


def test_dialogues_link_once_and_unlink(df, plf, moderator):
    dialogue = df.dialogue()
    action = plf.action()
    link = links.link_dialogue(dialogue, action, moderator, "Dialogen tog fram åtgärden.")
    links.link_dialogue(dialogue, action, moderator, "Igen")
    db.session.commit()
    assert count(DialogueActionLink) == 1
    with pytest.raises(LinkError):
        links.link_dialogue(dialogue, plf.action(), moderator, "")
    db.session.rollback()
    links.unlink_dialogue(link)
    db.session.commit()
    assert count(DialogueActionLink) == 0


def test_an_update_sets_status_and_progress_and_mails_each_person_once(
        make, pf, plf, official, outbox):
    author = make.user()
    follower = make.user()
    action = plf.action(responsible_users=(official,))
    for _ in range(2):  # the follower follows two of the linked proposals
        proposal = pf.proposal(author)
        pf.follow(proposal, follower)
        plf.proposal_link(proposal, action)
    hidden = pf.proposal(make.user(), status=ProposalStatus.HIDDEN)
    plf.proposal_link(hidden, action)

    update = links.add_update(action, official, "Spaden i marken.", "ongoing", 40)
    db.session.commit()

    db.session.refresh(action)
    assert (action.status, action.progress) == ("ongoing", 40)
    assert (update.status, update.progress, update.author_id) == ("ongoing", 40, official.id)
    assert len(outbox(author.email)) == 1
    [message] = outbox(follower.email)
    assert "Spaden i marken." in message.body and "40 %" in message.body
    # Nobody behind a hidden proposal, and not the one who wrote the update.
    assert len(outbox()) == 2


@pytest.mark.parametrize(("text", "status", "progress", "field"), [
    ("", "ongoing", 10, "text"),
    ("x" * 5001, "ongoing", 10, "text"),
    ("Text", "finished", 10, "status"),
    ("Text", None, 10, "status"),
    ("Text", "ongoing", 101, "progress"),
    ("Text", "ongoing", -1, "progress"),
    ("Text", "ongoing", None, "progress"),
])
def test_bad_updates_are_refused_and_nothing_changes(plf, moderator, text, status, progress,
                                                     field):
    action = plf.action(progress=5)
    with pytest.raises(LinkError) as error:
        links.add_update(action, moderator, text, status, progress)
    db.session.rollback()
    assert error.value.field == field
    assert count(ActionUpdate) == 0
    db.session.refresh(action)
    assert (action.status, action.progress) == ("planned", 5)


def test_officials_update_only_the_actions_they_are_responsible_for(make, plf, official,
                                                                    moderator):
    mine = plf.action(responsible_users=(official,))
    other = plf.action()
    assert can(official, Permission.UPDATE_ACTIONS, mine)
    assert not can(official, Permission.UPDATE_ACTIONS, other)
    assert can(moderator, Permission.UPDATE_ACTIONS, other)
    assert can(make.user("admin"), Permission.UPDATE_ACTIONS, other)
    assert not can(make.user(), Permission.UPDATE_ACTIONS, mine)
