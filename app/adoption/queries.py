"""Who took part in a consultation, and what the plan's road shows, in a fixed
number of queries whatever the consultation's size."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, literal, select, union_all

from app.consultation.models import (
    Consultation,
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    SectionComment,
    SectionProposal,
)
from app.extensions import db
from app.proposals.models import PUBLIC_STATUSES, Proposal

PERSON, ORGANISATION, GROUP = "person", "organisation", "group"


@dataclass(frozen=True)
class Participants:
    """Distinct people, organisations and groups who took part."""

    people: int = 0
    organisations: int = 0
    groups: int = 0

    @property
    def total(self) -> int:
        return self.people + self.organisations + self.groups


def _sections_of(consultation: Consultation):
    return (select(DraftSection.id)
            .join(DraftVersion, DraftVersion.id == DraftSection.version_id)
            .where(DraftVersion.consultation_id == consultation.id))


def _contributions(consultation: Consultation):
    """(kind, id) of everyone behind a shown contribution: a comment that is not
    hidden, a consultation response, a public proposal tied to a section.
    A person who wrote for an organisation or a group counts as a person too."""
    sections = _sections_of(consultation)
    comments = (SectionComment.section_id.in_(sections), SectionComment.hidden_at.is_(None))
    responses = (ConsultationResponse.consultation_id == consultation.id,)
    proposals = (SectionProposal.section_id.in_(sections), Proposal.status.in_(PUBLIC_STATUSES))

    def tied(kind: str, column):
        return (select(literal(kind).label("kind"), column.label("id"))
                .join(SectionProposal, SectionProposal.proposal_id == Proposal.id)
                .where(*proposals))

    return union_all(
        select(literal(PERSON).label("kind"), SectionComment.author_id.label("id"))
        .where(*comments),
        select(literal(ORGANISATION), SectionComment.organisation_id).where(*comments),
        select(literal(GROUP), SectionComment.group_id).where(*comments),
        select(literal(PERSON), ConsultationResponse.author_id).where(*responses),
        select(literal(PERSON), ConsultationResponse.edited_by_id).where(*responses),
        select(literal(ORGANISATION), ConsultationResponse.organisation_id).where(*responses),
        select(literal(GROUP), ConsultationResponse.group_id).where(*responses),
        tied(PERSON, Proposal.author_id),
        tied(ORGANISATION, Proposal.organisation_id),
        tied(GROUP, Proposal.group_id),
    ).subquery()


def participants(consultation: Consultation | None) -> Participants:
    if consultation is None:
        return Participants()
    rows = _contributions(consultation)
    counts = dict(db.session.execute(
        select(rows.c.kind, func.count(rows.c.id.distinct()))
        .where(rows.c.id.is_not(None)).group_by(rows.c.kind)).tuples().all())
    return Participants(counts.get(PERSON, 0), counts.get(ORGANISATION, 0),
                        counts.get(GROUP, 0))


def participant_user_ids(consultation: Consultation):
    """The people counted as participants, as a subquery of user ids."""
    rows = _contributions(consultation)
    return select(rows.c.id).where(rows.c.kind == PERSON, rows.c.id.is_not(None)).distinct()


def adopted_version(consultation: Consultation | None) -> DraftVersion | None:
    if consultation is None:
        return None
    return db.session.scalars(select(DraftVersion).where(
        DraftVersion.consultation_id == consultation.id,
        DraftVersion.adopted_at.is_not(None))).first()
