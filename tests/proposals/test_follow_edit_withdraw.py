"""Following and notifications; the author editing and withdrawing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.proposals import services
from app.proposals.models import Follow, ProposalHistory, ProposalStatus
from tests.proposals.helpers import key, reload

S = ProposalStatus


def _follows(proposal) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(Follow.user_id).where(
        Follow.proposal_id == proposal.id).order_by(Follow.user_id)))


def test_following_and_unfollowing(client, pf, login_as, resident):
    proposal = pf.proposal()
    client = login_as(resident)

    assert client.post(f"/forslag/{proposal.reference}/bevaka").status_code == 302
    client.post(f"/forslag/{proposal.reference}/bevaka")
    assert resident.id in _follows(proposal)
    assert reload(proposal).follower_count == 2  # the author and the resident

    assert client.post(f"/forslag/{proposal.reference}/sluta-bevaka").status_code == 302
    client.post(f"/forslag/{proposal.reference}/sluta-bevaka")
    assert resident.id not in _follows(proposal)
    assert reload(proposal).follower_count == 1


@pytest.mark.parametrize("status", [S.SUBMITTED, S.HIDDEN])
def test_proposals_that_are_not_public_cannot_be_followed(client, pf, login_as, resident,
                                                          status):
    proposal = pf.proposal(status=status)
    assert login_as(resident).post(f"/forslag/{proposal.reference}/bevaka").status_code == 404
    assert resident.id not in _follows(proposal)


def test_a_new_comment_notifies_followers_and_the_author_but_not_the_writer(
        client, make, pf, login_as, outbox):
    author, follower, writer = make.user(), make.user(), make.user()
    proposal = pf.proposal(author)
    pf.follow(proposal, follower)
    pf.follow(proposal, writer)

    login_as(writer).post(f"/forslag/{proposal.reference}/kommentarer",
                          data={"body": "Jag håller med", "submission_key": key()})

    assert sorted(m.recipient for m in outbox()) == sorted([author.email, follower.email])
    assert all("Jag håller med" in m.body for m in outbox())
    assert all(proposal.reference in m.subject for m in outbox())


def test_unfollowed_users_hear_nothing(app_context, make, pf, moderator, outbox):
    proposal = pf.proposal(follow=False)
    bystander = make.user()
    services.transition(proposal, S.UNDER_CONSIDERATION, moderator)
    db.session.commit()
    assert outbox(bystander.email) == []
    # The author hears about their own proposal by their choice for "my
    # proposals" (tests/core/test_notifications.py), following it or not.
    assert [m.kind for m in outbox()] == ["proposal_status_changed"]


def test_the_author_edits_until_the_first_support(client, make, pf, login_as, resident):
    community = make.community()
    theme = pf.theme()
    proposal = pf.proposal(resident)
    client = login_as(resident)
    assert client.get(f"/forslag/{proposal.reference}/redigera").status_code == 200

    response = client.post(f"/forslag/{proposal.reference}/redigera", data={
        "title": "Ny rubrik för förslaget", "body": "Ny text", "community": str(community.id),
        "theme": str(theme.id), "submission_key": key()})

    assert response.status_code == 302
    proposal = reload(proposal)
    assert (proposal.title, proposal.body, proposal.community_id, proposal.theme_id) == (
        "Ny rubrik för förslaget", "Ny text", community.id, theme.id)

    pf.support(proposal)
    response = client.post(f"/forslag/{proposal.reference}/redigera", data={
        "title": "Ännu en rubrik", "body": "Text", "community": "hela-kommunen",
        "theme": str(theme.id), "submission_key": key()})
    assert response.status_code == 302
    assert reload(proposal).title == "Ny rubrik för förslaget"


def test_no_editing_after_the_first_comment(app_context, pf, resident):
    proposal = pf.proposal(resident)
    pf.comment(proposal)
    proposal = reload(proposal)
    assert not services.can_edit(proposal, resident)
    with pytest.raises(services.ProposalError):
        services.edit_proposal(proposal, resident, "Ny rubrik här", "Text", None,
                               proposal.theme_id)


def test_others_cannot_edit(client, make, pf, login_as):
    proposal = pf.proposal()
    client = login_as(make.user())
    assert client.get(f"/forslag/{proposal.reference}/redigera").status_code == 403
    assert client.post(f"/forslag/{proposal.reference}/redigera", data={
        "title": "Kapat förslag", "body": "x", "community": "hela-kommunen",
        "theme": str(proposal.theme_id), "submission_key": key()}).status_code == 403


@pytest.mark.parametrize("field, value", [("title", " "), ("body", ""), ("theme", "999999"),
                                          ("community", "abc"),
                                          ("body", "Ring 070-123 45 67")])
def test_bad_edits_are_refused(client, pf, login_as, resident, field, value):
    proposal = pf.proposal(resident, title="Originalrubrik")
    data = {"title": "Ny rubrik här", "body": "Text", "community": "hela-kommunen",
            "theme": str(proposal.theme_id), "submission_key": key(), field: value}
    response = login_as(resident).post(f"/forslag/{proposal.reference}/redigera", data=data)
    assert response.status_code == 400
    assert reload(proposal).title == "Originalrubrik"


@pytest.mark.parametrize("status", [S.SUBMITTED, S.PUBLISHED, S.UNDER_CONSIDERATION])
def test_the_author_withdraws_until_answered(client, pf, login_as, resident, status):
    proposal = pf.proposal(resident, status=status)
    response = login_as(resident).post(f"/forslag/{proposal.reference}/dra-tillbaka")
    assert response.status_code == 302
    assert reload(proposal).status == S.WITHDRAWN
    last = db.session.scalars(select(ProposalHistory).order_by(ProposalHistory.id.desc())).first()
    assert (last.to_status, last.actor_id) == ("withdrawn", resident.id)


@pytest.mark.parametrize("status", [S.ANSWERED, S.IMPLEMENTED, S.WITHDRAWN])
def test_an_answered_proposal_cannot_be_withdrawn(client, pf, login_as, resident, status):
    proposal = pf.proposal(resident, status=status)
    before = db.session.scalar(select(func.count()).select_from(ProposalHistory))
    response = login_as(resident).post(f"/forslag/{proposal.reference}/dra-tillbaka")
    assert response.status_code == 302
    assert reload(proposal).status == status
    assert db.session.scalar(select(func.count()).select_from(ProposalHistory)) == before


def test_only_the_author_withdraws(client, make, pf, login_as):
    proposal = pf.proposal()
    response = login_as(make.user()).post(f"/forslag/{proposal.reference}/dra-tillbaka")
    assert response.status_code == 403
    assert reload(proposal).status == S.PUBLISHED


def test_a_withdrawn_proposal_stays_readable(client, pf):
    proposal = pf.proposal(status=S.WITHDRAWN)
    assert client.get(f"/forslag/{proposal.reference}").status_code == 200
