"""Reads for the consultation pages, each page a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.consultation.models import (
    Consultation,
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    SectionComment,
    SectionProposal,
    VersionStatus,
)
from app.extensions import db
from app.plans.models import Plan, PlanStatus
from app.proposals.models import PUBLIC_STATUSES, Proposal

COMMENTS_PER_PAGE = 20
MAX_ID = 2**31 - 1


def consultation_for(plan: Plan) -> Consultation | None:
    return db.session.scalars(select(Consultation).where(Consultation.plan_id == plan.id)).first()


def versions(consultation: Consultation | None, *, drafts: bool = False) -> list[DraftVersion]:
    """The versions, oldest first; unpublished ones only when asked for."""
    if consultation is None:
        return []
    query = select(DraftVersion).where(DraftVersion.consultation_id == consultation.id)
    if not drafts:
        query = query.where(DraftVersion.status == VersionStatus.PUBLISHED)
    return list(db.session.scalars(query.order_by(DraftVersion.number)))


def version(version_id: int) -> DraftVersion | None:
    """A version with its sections and its consultation's plan."""
    if not 0 < version_id <= MAX_ID:
        return None
    return db.session.scalars(
        select(DraftVersion).options(
            selectinload(DraftVersion.sections),
            joinedload(DraftVersion.consultation).joinedload(Consultation.plan))
        .where(DraftVersion.id == version_id)).first()


def with_sections(found: DraftVersion | None) -> DraftVersion | None:
    if found is None:
        return None
    return version(found.id)


def section(section_id: int) -> DraftSection | None:
    if not 0 < section_id <= MAX_ID:
        return None
    return db.session.scalars(
        select(DraftSection).options(joinedload(DraftSection.version))
        .where(DraftSection.id == section_id)).first()


def _same_section(consultation: Consultation, lineage: str):
    """The ids of a section in every version of the draft."""
    return (select(DraftSection.id).join(DraftVersion, DraftVersion.id == DraftSection.version_id)
            .where(DraftVersion.consultation_id == consultation.id,
                   DraftSection.lineage == lineage))


def comment_counts(consultation: Consultation | None) -> dict[str, int]:
    """Shown comments per section (by lineage), over every version."""
    if consultation is None:
        return {}
    rows = db.session.execute(
        select(DraftSection.lineage, func.count(SectionComment.id))
        .join(DraftSection, DraftSection.id == SectionComment.section_id)
        .join(DraftVersion, DraftVersion.id == DraftSection.version_id)
        .where(DraftVersion.consultation_id == consultation.id,
               SectionComment.hidden_at.is_(None))
        .group_by(DraftSection.lineage)).all()
    return {lineage: count for lineage, count in rows}


def proposal_counts(consultation: Consultation | None) -> dict[str, int]:
    if consultation is None:
        return {}
    rows = db.session.execute(
        select(DraftSection.lineage, func.count(SectionProposal.proposal_id))
        .join(DraftSection, DraftSection.id == SectionProposal.section_id)
        .join(DraftVersion, DraftVersion.id == DraftSection.version_id)
        .join(Proposal, Proposal.id == SectionProposal.proposal_id)
        .where(DraftVersion.consultation_id == consultation.id,
               Proposal.status.in_(PUBLIC_STATUSES))
        .group_by(DraftSection.lineage)).all()
    return {lineage: count for lineage, count in rows}


def comment_page(consultation: Consultation, lineage: str, page: int):
    """The section's comments in every version, oldest first, 20 a page."""
    statement = (
        select(SectionComment)
        .options(joinedload(SectionComment.author), joinedload(SectionComment.organisation),
                 joinedload(SectionComment.group),
                 joinedload(SectionComment.section).joinedload(DraftSection.version))
        .where(SectionComment.section_id.in_(_same_section(consultation, lineage)))
        .order_by(SectionComment.created_at, SectionComment.id))
    return db.paginate(statement, page=page, per_page=COMMENTS_PER_PAGE, error_out=False,
                       count=True)


def section_proposals(consultation: Consultation, lineage: str) -> list[Proposal]:
    """The published proposals tied to the section, newest first."""
    return list(db.session.scalars(
        select(Proposal).options(joinedload(Proposal.community))
        .join(SectionProposal, SectionProposal.proposal_id == Proposal.id)
        .where(SectionProposal.section_id.in_(_same_section(consultation, lineage)),
               Proposal.status.in_(PUBLIC_STATUSES))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())))


def responses(consultation: Consultation | None) -> list[ConsultationResponse]:
    if consultation is None:
        return []
    return list(db.session.scalars(
        select(ConsultationResponse).options(joinedload(ConsultationResponse.organisation),
                                             joinedload(ConsultationResponse.group),
                                             joinedload(ConsultationResponse.version))
        .where(ConsultationResponse.consultation_id == consultation.id)
        .order_by(ConsultationResponse.created_at, ConsultationResponse.id)))


def response(response_id: int) -> ConsultationResponse | None:
    if not 0 < response_id <= MAX_ID:
        return None
    return db.session.scalars(
        select(ConsultationResponse).options(
            joinedload(ConsultationResponse.organisation), joinedload(ConsultationResponse.group),
            joinedload(ConsultationResponse.author), joinedload(ConsultationResponse.version),
            joinedload(ConsultationResponse.consultation))
        .where(ConsultationResponse.id == response_id)).first()


def tie_of(proposal: Proposal) -> SectionProposal | None:
    """The section a proposal was sent about, with its version and plan."""
    return db.session.scalars(
        select(SectionProposal).options(
            joinedload(SectionProposal.section).joinedload(DraftSection.version)
            .joinedload(DraftVersion.consultation).joinedload(Consultation.plan))
        .where(SectionProposal.proposal_id == proposal.id)).first()


GROUP_PAGE_ITEMS = 20


def group_contributions(group_id: int) -> tuple[list[SectionComment], list[ConsultationResponse]]:
    """A group's shown section comments and its responses, newest first, with
    the plan each belongs to (for the group's page)."""
    comments = list(db.session.scalars(
        select(SectionComment).options(
            joinedload(SectionComment.section).joinedload(DraftSection.version)
            .joinedload(DraftVersion.consultation).joinedload(Consultation.plan))
        .join(DraftSection, DraftSection.id == SectionComment.section_id)
        .join(DraftVersion, DraftVersion.id == DraftSection.version_id)
        .join(Consultation, Consultation.id == DraftVersion.consultation_id)
        .join(Plan, Plan.id == Consultation.plan_id)
        .where(SectionComment.group_id == group_id, SectionComment.hidden_at.is_(None),
               Plan.status != PlanStatus.DRAFT)
        .order_by(SectionComment.created_at.desc(), SectionComment.id.desc())
        .limit(GROUP_PAGE_ITEMS)))
    responses_ = list(db.session.scalars(
        select(ConsultationResponse).options(
            joinedload(ConsultationResponse.consultation).joinedload(Consultation.plan))
        .join(Consultation, Consultation.id == ConsultationResponse.consultation_id)
        .join(Plan, Plan.id == Consultation.plan_id)
        .where(ConsultationResponse.group_id == group_id, Plan.status != PlanStatus.DRAFT)
        .order_by(ConsultationResponse.created_at.desc(), ConsultationResponse.id.desc())
        .limit(GROUP_PAGE_ITEMS)))
    return comments, responses_
