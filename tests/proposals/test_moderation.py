"""Pre-moderation: new proposals wait in a queue until approved or refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.proposals import services
from app.proposals.models import Proposal, ProposalHistory, ProposalStatus
from tests.proposals.helpers import assert_safe, key, reload


def _submit(client, theme) -> Proposal:
    response = client.post("/forslag/nytt", data={
        "title": "Belysning på gångvägen", "body": "Det är mörkt på kvällarna.",
        "community": "hela-kommunen", "theme": str(theme.id), "submission_key": key(),
        "action": "send"})
    assert response.status_code == 302
    db.session.expire_all()
    return db.session.scalars(select(Proposal)).one()


def test_with_premoderation_a_new_proposal_waits_and_is_not_public(
        client, make, pf, login_as, resident, moderator):
    proposal = _submit(login_as(resident), pf.theme())
    assert proposal.status == ProposalStatus.SUBMITTED

    # The author sees it; others do not.
    assert client.get(f"/forslag/{proposal.reference}").status_code == 200
    assert login_as(make.user()).get(f"/forslag/{proposal.reference}").status_code == 404
    assert login_as(moderator).get(f"/forslag/{proposal.reference}").status_code == 200
    assert proposal.reference in login_as(moderator).get("/moderering").get_data(as_text=True)
    assert proposal.reference not in client.get("/forslag").get_data(as_text=True)


def test_anonymous_visitors_do_not_see_a_waiting_proposal(app, pf):
    proposal = pf.proposal(status=ProposalStatus.SUBMITTED)
    anonymous = app.test_client()
    assert anonymous.get(f"/forslag/{proposal.reference}").status_code == 404
    assert proposal.reference not in anonymous.get("/forslag").get_data(as_text=True)
    assert proposal.reference not in anonymous.get("/forslag.atom").get_data(as_text=True)


def test_premoderation_is_on_by_default_and_off_publishes_at_once(
        client, pf, login_as, resident, participation):
    participation(premoderation=False)
    proposal = _submit(login_as(resident), pf.theme())
    assert proposal.status == ProposalStatus.PUBLISHED
    assert proposal.published_at is not None
    assert proposal.support_window_ends_at is not None
    assert [h.to_status for h in db.session.scalars(
        select(ProposalHistory).order_by(ProposalHistory.id))] == ["submitted", "published"]


def test_the_queue_lists_waiting_proposals_only_oldest_first(client, pf, login_as, moderator):
    first = pf.proposal(status=ProposalStatus.SUBMITTED)
    second = pf.proposal(status=ProposalStatus.SUBMITTED)
    public = pf.proposal()
    html = login_as(moderator).get("/moderering").get_data(as_text=True)
    assert html.index(first.reference) < html.index(second.reference)
    assert public.reference not in html
    assert_safe(html)


@pytest.mark.parametrize("role", ["resident", "official"])
def test_only_moderators_reach_the_queue(client, make, login_as, role):
    assert login_as(make.user(role)).get("/moderering").status_code == 403


def test_anonymous_is_sent_to_sign_in_from_the_queue(client):
    assert client.get("/moderering").status_code == 302


def test_approving_publishes_and_tells_the_author(client, pf, login_as, moderator, outbox):
    proposal = pf.proposal(status=ProposalStatus.SUBMITTED)
    author_email = db.session.get(type(moderator), proposal.author_id).email

    response = login_as(moderator).post(f"/moderering/{proposal.reference}/godkann")

    assert response.status_code == 302
    proposal = reload(proposal)
    assert proposal.status == ProposalStatus.PUBLISHED
    assert proposal.published_at is not None
    last = db.session.scalars(select(ProposalHistory).order_by(ProposalHistory.id.desc())).first()
    assert (last.from_status, last.to_status, last.actor_id) == (
        "submitted", "published", moderator.id)
    assert len(outbox(author_email)) == 1
    assert proposal.reference in outbox(author_email)[0].subject
    assert proposal.reference in client.get("/forslag").get_data(as_text=True)


def test_refusing_needs_a_reason(client, pf, login_as, moderator, outbox):
    proposal = pf.proposal(status=ProposalStatus.SUBMITTED)
    for reason in ("", "   "):
        response = login_as(moderator).post(f"/moderering/{proposal.reference}/avvisa",
                                            data={"reason": reason})
        assert response.status_code == 400
    assert reload(proposal).status == ProposalStatus.SUBMITTED
    assert outbox() == []


def test_refusing_hides_it_and_the_author_sees_the_reason_and_gets_mail(
        client, make, pf, login_as, moderator, outbox):
    author = make.user()
    proposal = pf.proposal(author, status=ProposalStatus.SUBMITTED)
    reason = "Förslaget gäller en privat tomt <script>x</script>"

    response = login_as(moderator).post(f"/moderering/{proposal.reference}/avvisa",
                                        data={"reason": reason})

    assert response.status_code == 302
    proposal = reload(proposal)
    assert proposal.status == ProposalStatus.HIDDEN
    assert proposal.moderation_reason == reason
    history = db.session.scalars(select(ProposalHistory).order_by(ProposalHistory.id.desc())
                                 ).first()
    assert (history.to_status, history.reason, history.actor_id) == ("hidden", reason,
                                                                     moderator.id)
    mails = outbox(author.email)
    assert len(mails) == 1 and "Förslaget gäller en privat tomt" in mails[0].body

    page = login_as(author).get(f"/forslag/{proposal.reference}")
    assert page.status_code == 200
    assert "Förslaget gäller en privat tomt &lt;script&gt;" in page.get_data(as_text=True)
    assert login_as(make.user()).get(f"/forslag/{proposal.reference}").status_code == 404
    assert proposal.reference not in login_as(moderator).get("/moderering").get_data(
        as_text=True)


def test_approving_twice_is_refused_without_an_error(client, pf, login_as, moderator):
    proposal = pf.proposal(status=ProposalStatus.SUBMITTED)
    client = login_as(moderator)
    client.post(f"/moderering/{proposal.reference}/godkann")
    response = client.post(f"/moderering/{proposal.reference}/godkann")
    assert response.status_code == 302
    assert db.session.query(ProposalHistory).filter_by(
        proposal_id=proposal.id, to_status="published").count() == 1


def test_moderating_an_unknown_reference_is_404(client, login_as, moderator):
    client = login_as(moderator)
    assert client.post("/moderering/F-2026-9999/godkann").status_code == 404
    assert client.post("/moderering/F-2026-9999/avvisa", data={"reason": "x"}).status_code == 404


def test_residents_cannot_approve_or_refuse(client, pf, login_as, resident):
    proposal = pf.proposal(status=ProposalStatus.SUBMITTED)
    client = login_as(resident)
    assert client.post(f"/moderering/{proposal.reference}/godkann").status_code == 403
    assert client.post(f"/moderering/{proposal.reference}/avvisa",
                       data={"reason": "nej"}).status_code == 403
    assert reload(proposal).status == ProposalStatus.SUBMITTED


def test_a_hidden_proposal_can_be_published_again(app_context, pf, moderator):
    proposal = pf.proposal(status=ProposalStatus.SUBMITTED)
    services.refuse(proposal, moderator, "Skriv om")
    services.approve(proposal, moderator)
    db.session.commit()
    assert reload(proposal).status == ProposalStatus.PUBLISHED
