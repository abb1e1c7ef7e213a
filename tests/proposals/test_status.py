"""The status machine: allowed moves, history, answers, and who is told."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.proposals import services
from app.proposals.models import Decision, ProposalHistory, ProposalStatus
from app.proposals.services import TRANSITIONS
from tests.proposals.helpers import reload

S = ProposalStatus


def _history(proposal) -> list[ProposalHistory]:
    db.session.expire_all()
    return list(db.session.scalars(select(ProposalHistory).where(
        ProposalHistory.proposal_id == proposal.id).order_by(ProposalHistory.id)))


INVALID = [(current, target) for current in S for target in S
           if target not in TRANSITIONS[current] and target != S.SUBMITTED]


@pytest.mark.parametrize("current, target", INVALID)
def test_invalid_moves_are_refused_and_leave_no_trace(app_context, pf, moderator, outbox,
                                                      current, target):
    proposal = pf.proposal(status=current)
    before = len(_history(proposal))

    with pytest.raises(services.ProposalError):
        services.transition(proposal, target, moderator, reason="Därför",
                            decision=Decision.ACCEPTED)
    db.session.rollback()

    assert reload(proposal).status == current
    assert len(_history(proposal)) == before
    assert outbox() == []


def test_withdrawn_cannot_be_published_again(app_context, pf, moderator):
    proposal = pf.proposal(status=S.WITHDRAWN)
    with pytest.raises(services.ProposalError):
        services.transition(proposal, S.PUBLISHED, moderator)


def test_a_move_writes_who_from_to_and_why(app_context, pf, moderator):
    proposal = pf.proposal()
    services.transition(proposal, S.UNDER_CONSIDERATION, moderator, reason="Vi utreder")
    db.session.commit()
    last = _history(proposal)[-1]
    assert (last.actor_id, last.from_status, last.to_status, last.reason) == (
        moderator.id, "published", "under_consideration", "Vi utreder")
    assert last.created_at is not None


@pytest.mark.parametrize("decision, reason", [(None, "Motivering"), (Decision.ACCEPTED, ""),
                                              (Decision.ACCEPTED, "   "), (None, None)])
def test_an_answer_needs_a_decision_and_a_motivation(app_context, pf, moderator, decision,
                                                     reason):
    proposal = pf.proposal()
    with pytest.raises(services.ProposalError):
        services.transition(proposal, S.ANSWERED, moderator, reason=reason, decision=decision)
    db.session.rollback()
    proposal = reload(proposal)
    assert proposal.status == S.PUBLISHED
    assert proposal.answer is None and proposal.decision is None


def test_answering_through_the_page_records_the_answer_and_tells_followers(
        client, make, pf, login_as, moderator, outbox):
    author = make.user()
    follower = make.user()
    proposal = pf.proposal(author)
    pf.follow(proposal, follower)
    pf.follow(proposal, moderator)

    response = login_as(moderator).post(f"/forslag/{proposal.reference}/status", data={
        "status": "answered", "decision": "partly_accepted",
        "reason": "Vi bygger **en** bänk. <script>x</script>"})

    assert response.status_code == 302
    proposal = reload(proposal)
    assert (proposal.status, proposal.decision, proposal.answered_by_id) == (
        "answered", "partly_accepted", moderator.id)
    assert proposal.answer.startswith("Vi bygger")
    assert proposal.answered_at is not None
    last = _history(proposal)[-1]
    assert (last.to_status, last.decision) == ("answered", "partly_accepted")
    assert len(outbox(author.email)) == 1
    assert len(outbox(follower.email)) == 1
    assert "Vi bygger" in outbox(follower.email)[0].body
    assert outbox(moderator.email) == []  # not the actor themself

    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert "Vi bygger <strong>en</strong> bänk." in html
    assert "<script>x" not in html


def test_answering_without_a_motivation_through_the_page_changes_nothing(
        client, pf, login_as, moderator, outbox):
    proposal = pf.proposal()
    response = login_as(moderator).post(f"/forslag/{proposal.reference}/status", data={
        "status": "answered", "decision": "accepted", "reason": ""})
    assert response.status_code == 302
    assert reload(proposal).status == S.PUBLISHED
    assert outbox() == []


@pytest.mark.parametrize("data", [
    {"status": "submitted"}, {"status": "nonsense"}, {"status": ""},
    {"status": "answered", "decision": "maybe", "reason": "x"}, {},
    {"status": "hidden", "reason": "x" * 5001},
])
def test_tampered_status_forms_change_nothing(client, pf, login_as, moderator, data):
    proposal = pf.proposal()
    response = login_as(moderator).post(f"/forslag/{proposal.reference}/status", data=data)
    assert response.status_code in (302, 400)
    assert reload(proposal).status == S.PUBLISHED


def test_residents_cannot_change_a_status(client, pf, login_as, resident):
    proposal = pf.proposal()
    response = login_as(resident).post(f"/forslag/{proposal.reference}/status",
                                       data={"status": "hidden", "reason": "x"})
    assert response.status_code == 403
    assert reload(proposal).status == S.PUBLISHED


def test_the_page_shows_the_history_timeline(client, pf, login_as, moderator):
    proposal = pf.proposal()
    services.transition(proposal, S.UNDER_CONSIDERATION, moderator, reason="Utreds av <b>KS</b>")
    services.transition(proposal, S.ANSWERED, moderator, reason="Ja", decision=Decision.ACCEPTED)
    db.session.commit()

    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)

    timeline = html[html.index('class="timeline"'):]
    timeline = timeline[:timeline.index("</ol>")]
    assert timeline.count("<li>") == len(_history(proposal)) == 4
    assert "Utreds av &lt;b&gt;KS&lt;/b&gt;" in timeline
    assert moderator.display_name in timeline


def test_hiding_needs_a_reason_and_shows_it_to_the_author_only(
        client, make, pf, login_as, moderator):
    author = make.user()
    proposal = pf.proposal(author)
    with pytest.raises(services.ProposalError):
        services.transition(proposal, S.HIDDEN, moderator, reason=" ")
    db.session.rollback()
    services.transition(proposal, S.HIDDEN, moderator, reason="Kränkande språk")
    db.session.commit()

    assert "Kränkande språk" in login_as(author).get(
        f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert login_as(make.user()).get(f"/forslag/{proposal.reference}").status_code == 404


def test_a_status_change_notifies_followers_but_not_the_actor(app_context, make, pf, moderator,
                                                              outbox):
    author = make.user()
    followers = [make.user() for _ in range(2)]
    inactive = make.user(active=False)
    proposal = pf.proposal(author)
    for user in [*followers, inactive, moderator]:
        pf.follow(proposal, user)

    services.transition(proposal, S.UNDER_CONSIDERATION, moderator)
    db.session.commit()

    recipients = sorted(m.recipient for m in outbox())
    assert recipients == sorted([author.email] + [f.email for f in followers])
    assert all(proposal.reference in m.subject for m in outbox())


def test_every_history_row_belongs_to_a_real_status(app_context, pf, moderator):
    proposal = pf.proposal(status=S.SUBMITTED)
    services.approve(proposal, moderator)
    services.transition(proposal, S.ANSWERED, moderator, reason="Nej",
                        decision=Decision.REJECTED)
    services.transition(proposal, S.IMPLEMENTED, moderator)
    db.session.commit()
    statuses = db.session.scalars(select(ProposalHistory.to_status).where(
        ProposalHistory.proposal_id == proposal.id).order_by(ProposalHistory.id)).all()
    assert statuses == ["submitted", "published", "answered", "implemented"]
    assert db.session.scalar(select(func.count()).select_from(ProposalHistory)) == 4
