"""A person's proposals, comments, supports and follows: export and erasure."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.core import own_data
from app.core.own_data import iso
from app.extensions import db
from app.organisations.models import Organisation
from app.proposals.models import (
    Comment,
    Follow,
    OrganisationSupport,
    Proposal,
    ProposalNote,
    Support,
)


def _references(model, user: User) -> list[dict]:
    rows = db.session.execute(
        select(Proposal.reference, Proposal.title, model.created_at)
        .join(model, model.proposal_id == Proposal.id)
        .where(model.user_id == user.id).order_by(model.created_at)).all()
    return [{"proposal": ref, "title": title, "at": iso(at)} for ref, title, at in rows]


def _export(user: User) -> dict:
    proposals = db.session.scalars(
        select(Proposal).options(joinedload(Proposal.community), joinedload(Proposal.theme),
                                 joinedload(Proposal.organisation), joinedload(Proposal.group))
        .where(Proposal.author_id == user.id).order_by(Proposal.created_at))
    comments = db.session.execute(
        select(Comment, Proposal.reference).join(Proposal, Proposal.id == Comment.proposal_id)
        .where(Comment.author_id == user.id).order_by(Comment.created_at)).all()
    organisation_supports = db.session.execute(
        select(Proposal.reference, Organisation.name, OrganisationSupport.created_at)
        .join(OrganisationSupport, OrganisationSupport.proposal_id == Proposal.id)
        .join(Organisation, Organisation.id == OrganisationSupport.organisation_id)
        .where(OrganisationSupport.user_id == user.id)
        .order_by(OrganisationSupport.created_at)).all()
    return {
        "proposals": [{
            "reference": p.reference, "title": p.title, "body": p.body, "status": p.status,
            "community": p.community.name if p.community else None, "theme": p.theme.name,
            "on_behalf_of": p.organisation.name if p.organisation else None,
            "together_with_group": p.group.name if p.group else None,
            "created_at": iso(p.created_at), "published_at": iso(p.published_at),
            "answer": p.answer, "decision": p.decision} for p in proposals],
        "comments": [{
            "proposal": reference, "body": comment.body, "created_at": iso(comment.created_at),
            "deleted": comment.is_deleted} for comment, reference in comments],
        "supports": _references(Support, user),
        "follows": _references(Follow, user),
        "supports_on_behalf_of_organisations": [
            {"proposal": ref, "organisation": name, "at": iso(at)}
            for ref, name, at in organisation_supports],
    }


def _erase(user: User) -> None:
    """Follows go (nobody is e-mailed any more); supports stay so the counts
    residents saw remain true, tied to an account that no longer says who."""
    followed = list(db.session.scalars(select(Follow.proposal_id).where(
        Follow.user_id == user.id)))
    if followed:
        db.session.execute(delete(Follow).where(Follow.user_id == user.id))
        db.session.execute(update(Proposal).where(Proposal.id.in_(followed))
                           .values(follower_count=Proposal.follower_count - 1))


def _export_notes(user: User) -> list[dict]:
    """The internal notes the person wrote as staff. They stay after an account is
    deleted: they are part of the proposals' case record."""
    rows = db.session.execute(
        select(ProposalNote, Proposal.reference)
        .join(Proposal, Proposal.id == ProposalNote.proposal_id)
        .where(ProposalNote.author_id == user.id)
        .order_by(ProposalNote.created_at, ProposalNote.id)).all()
    return [{"proposal": reference, "body": note.body, "created_at": iso(note.created_at)}
            for note, reference in rows]


own_data.register_exporter("proposals", _export)
own_data.register_exporter("internal_notes", _export_notes)
own_data.register_eraser(_erase, order=10)
