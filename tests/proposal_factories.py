"""Factories for themes, proposals, comments and supports.

Rows are written directly (not through the services) so a test can set up
any state cheaply; the services are exercised by the tests themselves. Text
fields carry hostile HTML so every page that renders them tests escaping.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlalchemy import select, update

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core.models import utcnow
from app.extensions import db
from app.proposals import search
from app.proposals.models import (
    PUBLIC_STATUSES,
    Comment,
    Follow,
    Proposal,
    ProposalHistory,
    ProposalStatus,
    Support,
    Theme,
)
from app.proposals.services import next_reference
from tests import factories
from tests.factories import HOSTILE

_sequence = itertools.count(1)


def theme(name: str | None = None, *, archived: bool = False, position: int | None = None,
          commit: bool = True) -> Theme:
    n = next(_sequence)
    name = name or f"Tema {n} <b>fet</b>"
    # The migration seeds five themes, which are still there in a run's first test.
    row = db.session.scalars(select(Theme).where(Theme.name == name)).first() or Theme(name=name)
    row.position = position if position is not None else n
    row.archived_at = utcnow() if archived else None
    db.session.add(row)
    if commit:
        db.session.commit()
    return row


def proposal(author: User | None = None, *, title: str | None = None, body: str | None = None,
             community: LocalCommunity | None = None, theme_: Theme | None = None,
             status: ProposalStatus | str = ProposalStatus.PUBLISHED,
             window_days: int = 60, follow: bool = True, commit: bool = True) -> Proposal:
    """A proposal in the given status; public ones have a published date and window."""
    n = next(_sequence)
    author = author or factories.user()
    theme_ = theme_ or theme()
    now = utcnow()
    public = status in PUBLIC_STATUSES
    row = Proposal(
        reference=next_reference(now.year),
        title=title or f"Förslag {n} om parken <script>alert('t')</script>",
        body=body if body is not None else f"Vi vill ha **fler bänkar** i parken {n}. {HOSTILE}",
        community_id=community.id if community else None, theme_id=theme_.id,
        author_id=author.id, status=str(status),
        published_at=now if public else None,
        support_window_ends_at=now + timedelta(days=window_days) if public else None,
    )
    db.session.add(row)
    db.session.flush()
    db.session.add(ProposalHistory(proposal_id=row.id, actor_id=author.id, from_status=None,
                                   to_status=ProposalStatus.SUBMITTED))
    if status != ProposalStatus.SUBMITTED:
        db.session.add(ProposalHistory(proposal_id=row.id, actor_id=None,
                                       from_status=ProposalStatus.SUBMITTED,
                                       to_status=str(status)))
    if follow:
        db.session.add(Follow(proposal_id=row.id, user_id=author.id))
        row.follower_count = 1
    search.index_proposal(row)
    if commit:
        db.session.commit()
    return row


def comment(proposal_: Proposal, author: User | None = None, *, body: str | None = None,
            parent: Comment | None = None, commit: bool = True) -> Comment:
    author = author or factories.user()
    row = Comment(proposal_id=proposal_.id, author_id=author.id,
                  body=body or f"Bra idé! {HOSTILE}",
                  parent_id=parent.id if parent else None)
    db.session.add(row)
    db.session.execute(update(Proposal).where(Proposal.id == proposal_.id)
                       .values(comment_count=Proposal.comment_count + 1))
    if commit:
        db.session.commit()
    return row


def support(proposal_: Proposal, user: User | None = None, *, commit: bool = True) -> Support:
    user = user or factories.user()
    row = Support(proposal_id=proposal_.id, user_id=user.id)
    db.session.add(row)
    db.session.execute(update(Proposal).where(Proposal.id == proposal_.id)
                       .values(support_count=Proposal.support_count + 1))
    if commit:
        db.session.commit()
    return row


def follow(proposal_: Proposal, user: User, *, commit: bool = True) -> Follow:
    row = Follow(proposal_id=proposal_.id, user_id=user.id)
    db.session.add(row)
    db.session.execute(update(Proposal).where(Proposal.id == proposal_.id)
                       .values(follower_count=Proposal.follower_count + 1))
    if commit:
        db.session.commit()
    return row
