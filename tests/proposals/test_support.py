"""Supports: one per account, not on one's own proposal, the threshold and window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import func, select

from app.accounts.models import User
from app.core.models import utcnow
from app.extensions import db
from app.proposals import services
from app.proposals.models import Proposal, ProposalHistory, ProposalStatus, Support
from tests.proposals.helpers import is_postgres, reload, run_in_parallel

S = ProposalStatus


def _supports(proposal) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Support).where(
        Support.proposal_id == proposal.id))


def test_supporting_adds_one_row_and_counts_it(client, pf, login_as, resident):
    proposal = pf.proposal()
    response = login_as(resident).post(f"/forslag/{proposal.reference}/stod")
    assert response.status_code == 302
    assert _supports(proposal) == 1
    assert reload(proposal).support_count == 1


def test_supporting_twice_keeps_one_support(client, pf, login_as, resident):
    proposal = pf.proposal()
    client = login_as(resident)
    client.post(f"/forslag/{proposal.reference}/stod")
    client.post(f"/forslag/{proposal.reference}/stod")
    assert _supports(proposal) == 1
    assert reload(proposal).support_count == 1


def test_the_author_cannot_support_their_own_proposal(client, pf, login_as, resident):
    proposal = pf.proposal(resident)
    response = login_as(resident).post(f"/forslag/{proposal.reference}/stod")
    assert response.status_code == 302
    assert _supports(proposal) == 0
    assert reload(proposal).support_count == 0


@pytest.mark.parametrize("status, code", [(S.SUBMITTED, 404), (S.HIDDEN, 404),
                                          (S.WITHDRAWN, 302), (S.ANSWERED, 302),
                                          (S.IMPLEMENTED, 302)])
def test_closed_proposals_cannot_be_supported(client, pf, login_as, resident, status, code):
    proposal = pf.proposal(status=status)
    response = login_as(resident).post(f"/forslag/{proposal.reference}/stod")
    assert response.status_code == code
    assert _supports(proposal) == 0
    assert reload(proposal).support_count == 0


@pytest.mark.parametrize("status", [S.SUBMITTED, S.HIDDEN, S.WITHDRAWN])
def test_the_service_refuses_support_on_closed_proposals(app_context, pf, resident, status):
    proposal = pf.proposal(status=status)
    with pytest.raises(services.ProposalError):
        services.support(proposal, resident)


def test_a_support_can_be_withdrawn_while_open(client, pf, login_as, resident):
    proposal = pf.proposal()
    pf.support(proposal, resident)
    response = login_as(resident).post(f"/forslag/{proposal.reference}/ta-tillbaka-stod")
    assert response.status_code == 302
    assert _supports(proposal) == 0
    assert reload(proposal).support_count == 0
    # Withdrawing again changes nothing.
    client.post(f"/forslag/{proposal.reference}/ta-tillbaka-stod")
    assert reload(proposal).support_count == 0


def test_a_support_cannot_be_withdrawn_once_answered(client, pf, login_as, resident):
    proposal = pf.proposal(status=S.ANSWERED)
    pf.support(proposal, resident)
    login_as(resident).post(f"/forslag/{proposal.reference}/ta-tillbaka-stod")
    assert _supports(proposal) == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, pf):
    proposal = pf.proposal()
    assert client.post(f"/forslag/{proposal.reference}/stod").status_code == 302
    assert _supports(proposal) == 0


def test_supporting_an_unknown_proposal_is_404(client, login_as, resident):
    assert login_as(resident).post("/forslag/F-2026-9999/stod").status_code == 404


def test_reaching_the_threshold_starts_consideration_and_mails_moderators(
        client, make, pf, login_as, participation, outbox):
    participation(threshold=3)
    moderators = [make.user("moderator"), make.user("admin")]
    proposal = pf.proposal()
    pf.support(proposal)
    pf.support(proposal)

    login_as(make.user()).post(f"/forslag/{proposal.reference}/stod")

    proposal = reload(proposal)
    assert proposal.status == S.UNDER_CONSIDERATION
    assert proposal.threshold_reached_at is not None
    last = db.session.scalars(select(ProposalHistory).order_by(ProposalHistory.id.desc())).first()
    assert (last.from_status, last.to_status, last.actor_id) == (
        "published", "under_consideration", None)
    for moderator in moderators:
        assert [m.kind for m in outbox(moderator.email)] == ["proposal_threshold"]


def test_below_the_threshold_nothing_happens(client, make, pf, login_as, participation, outbox):
    participation(threshold=3)
    make.user("moderator")
    proposal = pf.proposal()
    login_as(make.user()).post(f"/forslag/{proposal.reference}/stod")
    assert reload(proposal).status == S.PUBLISHED
    assert [m for m in outbox() if m.kind == "proposal_threshold"] == []


def test_supports_after_the_window_do_not_start_consideration(
        client, make, pf, login_as, participation, outbox):
    participation(threshold=2)
    make.user("moderator")
    proposal = pf.proposal()
    pf.support(proposal)
    proposal.support_window_ends_at = utcnow() - timedelta(days=1)
    db.session.commit()

    login_as(make.user()).post(f"/forslag/{proposal.reference}/stod")

    proposal = reload(proposal)
    assert proposal.support_count == 2
    assert proposal.status == S.PUBLISHED
    assert [m for m in outbox() if m.kind == "proposal_threshold"] == []


def test_the_page_shows_supports_threshold_and_days_left(client, pf, participation):
    participation(threshold=25)
    proposal = pf.proposal()
    for _ in range(3):
        pf.support(proposal)
    proposal.support_window_ends_at = utcnow() + timedelta(days=9, hours=12)
    db.session.commit()

    html = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)

    assert '<span class="stat-number">3</span>' in html
    assert 'max="25"' in html and 'value="3"' in html
    with client.application.test_request_context(), force_locale("sv"):
        days_left = ngettext("%(num)s day left to collect supports.",
                             "%(num)s days left to collect supports.", 10)
        ended = gettext("The time to collect supports has ended without reaching "
                        "%(threshold)s supports. The proposal stays public and can still be "
                        "answered.", threshold=25)
    assert days_left in html
    assert ended not in html


def test_a_window_that_ended_below_the_threshold_leaves_it_public_and_says_so(
        client, pf, participation):
    participation(threshold=25)
    proposal = pf.proposal()
    proposal.support_window_ends_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert services.close_expired_windows() == 1

    response = client.get(f"/forslag/{proposal.reference}")

    assert response.status_code == 200
    assert reload(proposal).status == S.PUBLISHED
    with client.application.test_request_context(), force_locale("sv"):
        ended = gettext("The time to collect supports has ended without reaching "
                        "%(threshold)s supports. The proposal stays public and can still be "
                        "answered.", threshold=25)
    assert ended in response.get_data(as_text=True)
    assert proposal.reference in client.get("/forslag").get_data(as_text=True)


def test_concurrent_supports_are_counted_exactly(app, make, pf, participation, outbox):
    """Parallel on PostgreSQL (one at a time on SQLite): every support is a row,
    the counter equals the rows, and the threshold is crossed exactly once."""
    participation(threshold=5)
    moderator = make.user("moderator")
    proposal = pf.proposal()
    proposal_id = proposal.id
    user_ids = [make.user().id for _ in range(8)]

    def supporter(user_id: int):
        def work() -> bool:
            target = db.session.get(Proposal, proposal_id)
            added = services.support(target, db.session.get(User, user_id))
            db.session.commit()
            return added
        return work

    results = run_in_parallel(app, [supporter(user_id) for user_id in user_ids])

    assert results == [True] * 8
    proposal = reload(proposal)
    assert proposal.support_count == _supports(proposal) == 8
    assert proposal.status == S.UNDER_CONSIDERATION
    assert db.session.scalar(select(func.count()).select_from(ProposalHistory).where(
        ProposalHistory.to_status == S.UNDER_CONSIDERATION)) == 1
    assert len(outbox(moderator.email)) == 1


def test_the_same_account_supporting_in_parallel_counts_once(app, make, pf):
    proposal = pf.proposal()
    proposal_id, user_id = proposal.id, make.user().id

    def work() -> bool:
        added = services.support(db.session.get(Proposal, proposal_id),
                                 db.session.get(User, user_id))
        db.session.commit()
        return added

    results = run_in_parallel(app, [work] * 4)

    assert sorted(results) == [False, False, False, True]
    proposal = reload(proposal)
    assert proposal.support_count == _supports(proposal) == 1


def test_supports_and_withdrawals_in_parallel_keep_the_counter_exact(app, make, pf):
    if not is_postgres():
        pytest.skip("SQLite has one writer at a time: supports cannot race withdrawals there")
    proposal = pf.proposal()
    proposal_id = proposal.id
    leaving = [make.user() for _ in range(4)]
    for user in leaving:
        pf.support(proposal, user)
    joining = [make.user().id for _ in range(4)]

    def add(user_id):
        def work():
            services.support(db.session.get(Proposal, proposal_id), db.session.get(User, user_id))
            db.session.commit()
        return work

    def remove(user_id):
        def work():
            services.withdraw_support(db.session.get(Proposal, proposal_id),
                                      db.session.get(User, user_id))
            db.session.commit()
        return work

    run_in_parallel(app, [add(u) for u in joining] + [remove(u.id) for u in leaving])

    proposal = reload(proposal)
    assert proposal.support_count == _supports(proposal) == 4
