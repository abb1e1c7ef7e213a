"""Load the demo proposals through the same services residents use."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import delete, select, update

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core.mail import OutboxMessage
from app.core.models import utcnow
from app.demo import proposals_data as data
from app.extensions import db
from app.proposals import services
from app.proposals.models import (
    Comment,
    Decision,
    Proposal,
    ProposalHistory,
    ProposalStatus,
    Support,
    Theme,
)

FIRST_NAMES = ["Maja", "Elsa", "Alice", "Wilma", "Ebba", "Olivia", "Astrid", "Saga",
               "Noah", "William", "Hugo", "Liam", "Oscar", "Lucas", "Elias", "Vincent",
               "Karin", "Lena", "Anders", "Per", "Birgitta", "Mohammed", "Amira", "Leila",
               "Johan", "Sara", "Mikael", "Ingrid", "Sven", "Yusuf"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
              "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson",
              "Lindberg", "Holm", "Berglund", "Ali", "Hassan", "Sandberg", "Lund", "Ek"]


def _supporters(count: int, password_hash: str) -> list[User]:
    rng = random.Random(2026)
    users = []
    for n in range(1, count + 1):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        user = User(email=f"invanare{n:03d}@example.org", display_name=name,
                    password_hash=password_hash, role="resident", locale="sv",
                    consented_at=utcnow(), email_verified_at=utcnow())
        users.append(user)
    db.session.add_all(users)
    db.session.flush()
    return users


# Proposals and comments sent on behalf of the demo organisations, by title.
ON_BEHALF = {
    "Gemensam marknadsföring av Strandvik": "foretag@example.org",
    "Sommarjobb för unga i besöksnäringen": "foretag@example.org",
    "Naturstig runt Hedåssjön": "forening@example.org",
    "Wifi i bygdegården": "forening@example.org",
}
ORGANISATION_SUPPORTS = {
    "foretag@example.org": ["Skyltning till fiskehamnen", "Fler parkeringar för husbilar",
                            "Gemensam evenemangskalender för hela kommunen"],
    "forening@example.org": ["Bokbuss till Hedås", "Bättre busstider till Hedås",
                             "Laddstolpar vid bygdegården i Hedås",
                             "Gemensam evenemangskalender för hela kommunen"],
}


def load_demo_proposals(organisations: dict | None = None) -> None:
    organisations = organisations or {}
    users = {u.email: u for u in db.session.scalars(select(User))}
    communities = {c.slug: c for c in db.session.scalars(select(LocalCommunity))}
    themes = {t.name: t for t in db.session.scalars(select(Theme))}
    moderator = users["demokrati@example.org"]
    official = users["tjansteperson@example.org"]
    authors = [users[e] for e in ("anna@example.org", "erik@example.org",
                                  "foretag@example.org", "forening@example.org")]
    needed = max(entry[6] for entry in data.PROPOSALS)
    supporters = _supporters(needed + 10, users["anna@example.org"].password_hash)
    now = utcnow()
    rng = random.Random(42)

    for index, (title, body, slug, theme, status, decision, support_count,
                comments) in enumerate(data.PROPOSALS):
        author = authors[index % len(authors)]
        organisation = None
        if title in ON_BEHALF and ON_BEHALF[title] in organisations:
            author = users[ON_BEHALF[title]]
            organisation = organisations[ON_BEHALF[title]]
        community = communities[slug] if slug else None
        proposal = services.submit_proposal(author, title, body,
                                            community.id if community else None,
                                            themes[theme].id, organisation=organisation)
        submitted_at = now - timedelta(days=120 - index * 3, hours=rng.randint(0, 12))
        if status != ProposalStatus.SUBMITTED:
            if status == ProposalStatus.HIDDEN:
                services.refuse(proposal, moderator, data.HIDDEN_REASON)
            else:
                if proposal.status == ProposalStatus.SUBMITTED:
                    services.approve(proposal, moderator)
                _advance(proposal, status, decision, moderator, official)
        _add_supports(proposal, supporters, author, support_count)
        for email, text in comments:
            # Business and association representatives comment for their organisation.
            on_behalf = organisations.get(email) if email in ("foretag@example.org",
                                                               "forening@example.org") else None
            services.add_comment(proposal, users[email], text,
                                 organisation=on_behalf if on_behalf and on_behalf.is_verified
                                 else None)
        for email, titles in ORGANISATION_SUPPORTS.items():
            if title in titles and email in organisations and proposal.support_open:
                services.support_as_organisation(proposal, users[email], organisations[email])
        _backdate(proposal, submitted_at)
    # The notifications the demo itself caused would only clutter the outbox.
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.kind.like("proposal_%")))


def _advance(proposal: Proposal, status: str, decision: str | None, moderator: User,
             official: User) -> None:
    if status in (ProposalStatus.UNDER_CONSIDERATION, ProposalStatus.ANSWERED,
                  ProposalStatus.IMPLEMENTED):
        services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator,
                            notify=False)
    if status in (ProposalStatus.ANSWERED, ProposalStatus.IMPLEMENTED):
        services.transition(proposal, ProposalStatus.ANSWERED, official,
                            reason=data.ANSWERS[decision], decision=Decision(decision),
                            notify=False)
    if status == ProposalStatus.IMPLEMENTED:
        services.transition(proposal, ProposalStatus.IMPLEMENTED, official, notify=False)
    if status == ProposalStatus.WITHDRAWN:
        services.withdraw(proposal, db.session.get(User, proposal.author_id))


def _add_supports(proposal: Proposal, supporters: list[User], author: User,
                  count: int) -> None:
    chosen = [u for u in supporters if u.id != author.id][:count]
    db.session.add_all(Support(proposal_id=proposal.id, user_id=u.id) for u in chosen)
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                       .values(support_count=len(chosen)))
    if proposal.status != ProposalStatus.PUBLISHED or len(chosen) >= 100:
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                           .values(threshold_reached_at=proposal.published_at
                                   if len(chosen) >= 100 else None))


def _backdate(proposal: Proposal, submitted_at) -> None:
    """Spread the demo over the last months so lists and timelines look lived-in."""
    db.session.flush()
    db.session.refresh(proposal)
    shift = utcnow() - submitted_at
    for entry in db.session.scalars(select(ProposalHistory).where(
            ProposalHistory.proposal_id == proposal.id).order_by(ProposalHistory.id)):
        entry.created_at = entry.created_at - shift
    for comment in db.session.scalars(select(Comment).where(
            Comment.proposal_id == proposal.id)):
        comment.created_at = comment.created_at - shift + timedelta(days=2)
    proposal.created_at = proposal.created_at - shift
    review_time = timedelta(days=1)
    for name in ("published_at", "answered_at", "threshold_reached_at"):
        value = getattr(proposal, name)
        if value is not None:
            setattr(proposal, name, value - shift + review_time)
    if proposal.support_window_ends_at is not None:
        proposal.support_window_ends_at -= shift
