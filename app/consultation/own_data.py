"""A person's consultation comments and the responses they wrote, in the
download of "Mina uppgifter", with how each was handled once the consultation
report is published. Deleting the account keeps them as part of the
consultation's record, signed as a deleted user, like comments on proposals."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.consultation.models import (
    Consultation,
    ConsultationReport,
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    InputHandling,
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
    handled = _published_handling([c.id for c, *_rest in comments],
                                  [r.id for r, *_rest in responses])
    return {
        "section_comments": [{
            "plan": plan, "section": section, "version": number, "body": comment.body,
            "on_behalf_of": organisation, "for_group": group,
            "created_at": iso(comment.created_at),
            "hidden_by_moderator": comment.is_hidden,
            "handling": handled.get(("comment", comment.id))}
            for comment, section, number, plan, organisation, group in comments],
        "consultation_responses": [{
            "plan": plan, "organisation": organisation, "group": group, "body": response.body,
            "written_first_by_you": response.author_id == user.id,
            "created_at": iso(response.created_at), "updated_at": iso(response.updated_at),
            "handling": handled.get(("response", response.id))}
            for response, plan, organisation, group in responses],
    }


def _published_handling(comment_ids: list[int], response_ids: list[int]) -> dict:
    """How the items were handled, where the consultation report is published."""
    if not comment_ids and not response_ids:
        return {}
    rows = db.session.execute(
        select(InputHandling, DraftSection.title, DraftVersion.number)
        .join(ConsultationReport,
              ConsultationReport.consultation_id == InputHandling.consultation_id)
        .outerjoin(DraftSection, DraftSection.id == InputHandling.used_section_id)
        .outerjoin(DraftVersion, DraftVersion.id == DraftSection.version_id)
        .where(InputHandling.comment_id.in_(comment_ids)
               | InputHandling.response_id.in_(response_ids))).all()
    result = {}
    for row, section, number in rows:
        key = ("comment", row.comment_id) if row.comment_id else ("response", row.response_id)
        result[key] = {"outcome": row.outcome, "motivation": row.motivation,
                       "used_in_section": section, "used_in_version": number,
                       "handled_at": iso(row.handled_at)}
    return result


own_data.register_exporter("consultation", _export)
