"""Adopting a plan. Never commits.

`adopt` records the political decision and moves the plan to adopted in one
step: the newest published version of its draft becomes the adopted version,
the consultation is frozen from then on (app.consultation.services refuses
every change to a decided plan's consultation), the adoption goes in the
audit log, and the consultation's participants are notified.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, update

from app.accounts.models import User
from app.adoption import queries
from app.consultation import services as consultation_services
from app.consultation.models import Consultation, DraftVersion, VersionStatus
from app.core import audit, notifications
from app.core.i18n import date_filter
from app.core.models import utcnow
from app.core.urls import external_url
from app.extensions import db
from app.plans import lifecycle
from app.plans.models import DECIDED_STATUSES, Plan, PlanStatus
from app.plans.services import PlanError

KIND = "plan_adopted"


class AdoptionError(Exception):
    """The adoption was refused; the message is for the person, `field` names
    the form field it concerns (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class AlreadyDecided(AdoptionError):
    """The plan is adopted already (or has expired)."""


@dataclass
class Adopted:
    plan: Plan
    version: DraftVersion | None
    notified: int


@dataclass
class Preview:
    """What adopting the plan now would do, for the form page."""

    consultation: Consultation | None
    version: DraftVersion | None          # the version that would be adopted
    unpublished: DraftVersion | None      # a version being written, which blocks adoption
    participants: queries.Participants


def _versions(consultation: Consultation | None) -> list[DraftVersion]:
    if consultation is None:
        return []
    return list(db.session.scalars(select(DraftVersion).where(
        DraftVersion.consultation_id == consultation.id).order_by(DraftVersion.number)))


def preview(plan: Plan) -> Preview:
    consultation = consultation_services.consultation_of(plan)
    versions = _versions(consultation)
    published = [v for v in versions if v.status == VersionStatus.PUBLISHED]
    unpublished = next((v for v in versions if v.status != VersionStatus.PUBLISHED), None)
    return Preview(consultation, published[-1] if published else None, unpublished,
                   queries.participants(consultation))


def already_decided_message(plan: Plan) -> str:
    if plan.status == PlanStatus.EXPIRED:
        return _("The steering document has expired. It was adopted before and cannot be "
                 "adopted again.")
    return _("The steering document is already adopted. Correct the decision under the "
             "document's details if it was recorded wrongly.")


def adopt(plan: Plan, decision: lifecycle.Decision, actor: User) -> Adopted:
    """Record the decision and adopt the plan (in consultation, or a draft)."""
    if plan.status in DECIDED_STATUSES:
        raise AlreadyDecided(already_decided_message(plan))
    try:
        decision = lifecycle.check_decision(decision, required=True)
    except PlanError as error:
        raise AdoptionError(str(error), error.field) from None
    ahead = preview(plan)
    if ahead.unpublished is not None:
        raise AdoptionError(_(
            "Version %(number)s of the draft is not published. Publish it or throw it away "
            "before you record the decision, so that the adopted version is one everyone "
            "could read.", number=ahead.unpublished.number))
    consultation = ahead.consultation
    if consultation is not None and consultation.ends_on is not None and \
            decision.decided_on < consultation.ends_on:
        raise AdoptionError(_("The decision cannot be dated before the consultation ended "
                              "(%(date)s). Check the date.",
                              date=date_filter(consultation.ends_on)), "decision_date")
    previous = plan.status
    # A conditional update: of two submissions at once, exactly one adopts.
    moved = db.session.execute(
        update(Plan).where(Plan.id == plan.id, Plan.status.not_in(DECIDED_STATUSES))
        .values(status=PlanStatus.ADOPTED, decision_body=decision.body,
                decision_date=decision.decided_on, decision_paragraph=decision.paragraph,
                decision_registry_number=decision.registry_number,
                decision_text=decision.text)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(plan)
    if not moved:
        raise AlreadyDecided(already_decided_message(plan))
    version = ahead.version
    if version is not None:
        version.adopted_at = utcnow()
    db.session.flush()
    audit.record("plan.adopted", "plan", plan.id, plan.title, actor=actor, details={
        "from": previous, "body": decision.body, "date": decision.decided_on,
        "paragraph": decision.paragraph, "registry_number": decision.registry_number,
        "version": version.number if version is not None else None})
    notified = _notify_participants(plan, consultation, actor) if consultation else 0
    return Adopted(plan, version, notified)


def same_decision(plan: Plan, decision: lifecycle.Decision) -> bool:
    """Whether `decision` is the one already recorded (a form sent twice)."""
    try:
        cleaned = lifecycle.check_decision(decision, required=True)
    except PlanError:
        return False
    return cleaned == lifecycle.decision_of(plan)


def _notify_participants(plan: Plan, consultation: Consultation, actor: User) -> int:
    """Tell everyone counted as a participant (app.adoption.queries) that the
    plan they took part in is adopted; not the person who recorded it."""
    people = list(db.session.scalars(select(User).where(
        User.id.in_(queries.participant_user_ids(consultation)), User.id != actor.id)
        .order_by(User.id)))
    url = external_url("plans.show", plan_id=plan.id, _anchor="vagen")
    sent = 0
    for person in people:
        if notifications.notify(
                person, notifications.Category.MY_PROPOSALS, KIND,
                subject=lambda: _("%(title)s is adopted", title=plan.title),
                template=KIND, url=url, plan=plan,
                consultation_url=external_url("consultation.show", plan_id=plan.id)) is not None:
            sent += 1
    return sent
