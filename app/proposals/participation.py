"""Who takes part: figures by actor type, and organisations' contributions.

Registered with the organisations area (its directory and pages show the
counts) and used by the statistics and follow-up reports.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from app.core.sections import Section
from app.core.sections import register as register_section
from app.extensions import db
from app.organisations import contributions
from app.organisations.models import Organisation, OrganisationKind
from app.proposals.models import (
    PUBLIC_STATUSES,
    Comment,
    OrganisationSupport,
    Proposal,
    Support,
)

ACTOR_TYPES = ("residents", "businesses", "associations", "other_organisations")
_KIND_TO_ACTOR = {
    OrganisationKind.COMPANY: "businesses",
    OrganisationKind.ASSOCIATION: "associations",
    OrganisationKind.OTHER: "other_organisations",
}
WHOLE_MUNICIPALITY = "whole"


def _count_by_organisation(statement: Select, ids: list[int]) -> dict[int, int]:
    return dict(db.session.execute(statement.where(statement.selected_columns[0].in_(ids))
                                   .group_by(statement.selected_columns[0])).all())


def _proposal_counts(ids: list[int]) -> dict[int, int]:
    return _count_by_organisation(
        select(Proposal.organisation_id, func.count())
        .where(Proposal.status.in_(PUBLIC_STATUSES)), ids)


def _support_counts(ids: list[int]) -> dict[int, int]:
    return _count_by_organisation(
        select(OrganisationSupport.organisation_id, func.count()), ids)


def _comment_counts(ids: list[int]) -> dict[int, int]:
    return _count_by_organisation(
        select(Comment.organisation_id, func.count()).where(Comment.deleted_at.is_(None)), ids)


contributions.register_counter("proposals", _l("proposals"), _proposal_counts)
contributions.register_counter("supports", _l("supports"), _support_counts)
contributions.register_counter("comments", _l("comments"), _comment_counts)


def _organisation_section(organisation: Organisation) -> Section:
    from app.proposals.queries import _card_options

    proposals = list(db.session.scalars(
        _card_options(select(Proposal))
        .where(Proposal.organisation_id == organisation.id,
               Proposal.status.in_(PUBLIC_STATUSES))
        .order_by(Proposal.published_at.desc(), Proposal.id.desc()).limit(10)))
    supported = list(db.session.scalars(
        _card_options(select(Proposal))
        .join(OrganisationSupport, OrganisationSupport.proposal_id == Proposal.id)
        .where(OrganisationSupport.organisation_id == organisation.id,
               Proposal.status.in_(PUBLIC_STATUSES))
        .order_by(OrganisationSupport.created_at.desc()).limit(10)))
    return Section("proposals/_organisation_section.html",
                   {"proposals": proposals, "supported": supported,
                    "counts": contributions.counts([organisation.id])[organisation.id]})


register_section("organisation_page", _organisation_section)


GROUP_PAGE_PROPOSALS = 20


def _group_section(group) -> Section:
    """The public proposals a local development group co-authored, newest first."""
    from app.proposals.queries import _card_options

    public = (Proposal.group_id == group.id, Proposal.status.in_(PUBLIC_STATUSES))
    proposals = list(db.session.scalars(
        _card_options(select(Proposal)).where(*public)
        .order_by(Proposal.published_at.desc(), Proposal.id.desc()).limit(GROUP_PAGE_PROPOSALS)))
    total = len(proposals) if len(proposals) < GROUP_PAGE_PROPOSALS else db.session.scalar(
        select(func.count()).select_from(Proposal).where(*public))
    return Section("proposals/_group_section.html", {"proposals": proposals, "total": total})


register_section("group_page", _group_section, order=10)


def participation_by_actor_type(start: datetime | None = None, end: datetime | None = None,
                                community: int | str | None = None
                                ) -> dict[str, dict[str, int]]:
    """Participants and contributions per actor type in a period.

    `community` is a community id, WHOLE_MUNICIPALITY for proposals about the
    whole municipality, or None for everything. A resident is a person acting
    as themself; organisations count once each, by their type.
    """
    def scoped(statement: Select, created_at) -> Select:
        if start is not None:
            statement = statement.where(created_at >= start)
        if end is not None:
            statement = statement.where(created_at < end)
        if community == WHOLE_MUNICIPALITY:
            statement = statement.where(Proposal.community_id.is_(None))
        elif community is not None:
            statement = statement.where(Proposal.community_id == community)
        return statement

    figures = {actor: {"participants": 0, "proposals": 0, "comments": 0, "supports": 0}
               for actor in ACTOR_TYPES}
    residents: set[int] = set()
    organisations: dict[str, set[int]] = {actor: set() for actor in ACTOR_TYPES[1:]}

    def add(actor: str, measure: str, rows) -> None:
        for who, n in rows:
            if who is None:
                continue
            figures[actor][measure] += n
            (residents if actor == "residents" else organisations[actor]).add(who)

    resident_sources = [
        ("proposals", select(Proposal.author_id, func.count()).select_from(Proposal)
         .where(Proposal.organisation_id.is_(None)), Proposal.created_at,
         Proposal.author_id),
        ("comments", select(Comment.author_id, func.count()).select_from(Comment)
         .join(Proposal, Proposal.id == Comment.proposal_id)
         .where(Comment.organisation_id.is_(None)), Comment.created_at, Comment.author_id),
        ("supports", select(Support.user_id, func.count()).select_from(Support)
         .join(Proposal, Proposal.id == Support.proposal_id), Support.created_at,
         Support.user_id),
    ]
    for measure, statement, created_at, who in resident_sources:
        add("residents", measure,
            db.session.execute(scoped(statement, created_at).group_by(who)).all())

    organisation_sources = [
        ("proposals", Proposal.organisation_id, Proposal.created_at, None),
        ("comments", Comment.organisation_id, Comment.created_at, Comment),
        ("supports", OrganisationSupport.organisation_id, OrganisationSupport.created_at,
         OrganisationSupport),
    ]
    for measure, org_column, created_at, model in organisation_sources:
        statement = select(Organisation.kind, org_column, func.count())
        statement = statement.select_from(model) if model is not None else \
            statement.select_from(Proposal)
        if model is not None:
            statement = statement.join(Proposal, Proposal.id == model.proposal_id)
        statement = statement.join(Organisation, Organisation.id == org_column)
        rows = db.session.execute(scoped(statement, created_at)
                                  .group_by(Organisation.kind, org_column)).all()
        for kind, organisation_id, n in rows:
            add(_KIND_TO_ACTOR[OrganisationKind(kind)], measure, [(organisation_id, n)])

    figures["residents"]["participants"] = len(residents)
    for actor, members in organisations.items():
        figures[actor]["participants"] = len(members)
    return figures


