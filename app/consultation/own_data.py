"""A person's consultation comments and the responses they wrote, in the
download of "Mina uppgifter". Deleting the account keeps them as part of the
consultation's record, signed as a deleted user, like comments on proposals."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.consultation.models import (
    Consultation,
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    SectionComment,
)
from app.core import own_data
from app.core.own_data import iso
from app.extensions import db
from app.groups.models import LocalGroup
from app.organisations.models import Organisation
from app.plans.models import Plan


def _export(user: User) -> dict:
    comments = db.session.execute(
        select(SectionComment, DraftSection.title, DraftVersion.number, Plan.title,
               Organisation.name, LocalGroup.name)
        .join(DraftSection, DraftSection.id == SectionComment.section_id)
        .join(DraftVersion, DraftVersion.id == DraftSection.version_id)
        .join(Consultation, Consultation.id == DraftVersion.consultation_id)
        .join(Plan, Plan.id == Consultation.plan_id)
        .outerjoin(Organisation, Organisation.id == SectionComment.organisation_id)
        .outerjoin(LocalGroup, LocalGroup.id == SectionComment.group_id)
        .where(SectionComment.author_id == user.id)
        .order_by(SectionComment.created_at, SectionComment.id)).all()
    responses = db.session.execute(
        select(ConsultationResponse, Plan.title, Organisation.name, LocalGroup.name)
        .join(Consultation, Consultation.id == ConsultationResponse.consultation_id)
        .join(Plan, Plan.id == Consultation.plan_id)
        .outerjoin(Organisation, Organisation.id == ConsultationResponse.organisation_id)
        .outerjoin(LocalGroup, LocalGroup.id == ConsultationResponse.group_id)
        .where((ConsultationResponse.author_id == user.id)
               | (ConsultationResponse.edited_by_id == user.id))
        .order_by(ConsultationResponse.created_at, ConsultationResponse.id)).all()
    return {
        "section_comments": [{
            "plan": plan, "section": section, "version": number, "body": comment.body,
            "on_behalf_of": organisation, "for_group": group,
            "created_at": iso(comment.created_at),
            "hidden_by_moderator": comment.is_hidden}
            for comment, section, number, plan, organisation, group in comments],
        "consultation_responses": [{
            "plan": plan, "organisation": organisation, "group": group, "body": response.body,
            "written_first_by_you": response.author_id == user.id,
            "created_at": iso(response.created_at), "updated_at": iso(response.updated_at)}
            for response, plan, organisation, group in responses],
    }


own_data.register_exporter("consultation", _export)
