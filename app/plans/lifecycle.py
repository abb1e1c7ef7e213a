"""A plan's life: draft → in consultation → adopted → expired.

- Draft and consultation are chosen freely in the plan's editor.
- Adopted is reached only by recording the political decision (body, date,
  paragraph, registry number), through `app.adoption.services.adopt`, which
  also freezes the consultation's adopted version. The editor never sets it.
- Expired follows adoption: `flask plans expire` ends adopted plans whose
  last year is over, and a moderator can end one early in the editor (or
  take back an early end). A decided plan never goes back to draft or
  consultation, so its consultation stays frozen.

Never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select, update

from app.core import audit
from app.core.i18n import local_now
from app.extensions import db
from app.plans.models import DECIDED_STATUSES, Plan, PlanStatus
from app.plans.services import PlanError

BODY_MAX, PARAGRAPH_MAX, REGISTRY_NUMBER_MAX, TEXT_MAX = 200, 50, 50, 5000
# Older decisions than this are typing mistakes, not plans still in use.
EARLIEST_DECISION = date(1990, 1, 1)


@dataclass
class Decision:
    """The political decision that adopted a plan, as written in the minutes."""

    body: str | None = None               # e.g. Kommunfullmäktige
    decided_on: date | None = None
    paragraph: str | None = None          # e.g. § 45
    registry_number: str | None = None    # the case's diarienummer
    text: str | None = None


def _text(value: str | None, field: str, maximum: int, required: str | None) -> str | None:
    value = (value or "").strip()
    if required and not value:
        raise PlanError(required, field)
    if len(value) > maximum:
        raise PlanError(_("The text can be at most %(n)s characters.", n=maximum), field)
    return value or None


def check_decision(decision: Decision, *, required: bool) -> Decision:
    """The decision cleaned, or `PlanError` naming the field. When recording an
    adoption every part but the text is required; a correction in the editor
    may leave parts empty (plans imported as adopted have none)."""
    body = _text(decision.body, "decision_body", BODY_MAX, required and _(
        "Write which body made the decision, like Kommunfullmäktige."))
    if required and decision.decided_on is None:
        raise PlanError(_("Give the date of the decision, like 2026-03-31."), "decision_date")
    if decision.decided_on is not None:
        if decision.decided_on > local_now().date():
            raise PlanError(_("The date of the decision cannot be in the future. Record the "
                              "decision once it has been made."), "decision_date")
        if decision.decided_on < EARLIEST_DECISION:
            raise PlanError(_("Check the date of the decision: it is before 1990."),
                            "decision_date")
    paragraph = _text(decision.paragraph, "decision_paragraph", PARAGRAPH_MAX, required and _(
        "Write the paragraph in the minutes, like § 45."))
    number = _text(decision.registry_number, "decision_registry_number", REGISTRY_NUMBER_MAX,
                   required and _("Write the registry number (diarienummer) of the decision, "
                                  "like KS 2025/88."))
    text = _text(decision.text, "decision_text", TEXT_MAX, None)
    return Decision(body, decision.decided_on, paragraph, number, text)


def decision_of(plan: Plan) -> Decision:
    return Decision(plan.decision_body, plan.decision_date, plan.decision_paragraph,
                    plan.decision_registry_number, plan.decision_text)


def set_decision(plan: Plan, decision: Decision) -> None:
    plan.decision_body, plan.decision_date = decision.body, decision.decided_on
    plan.decision_paragraph = decision.paragraph
    plan.decision_registry_number = decision.registry_number
    plan.decision_text = decision.text


def is_decided(plan: Plan) -> bool:
    return plan.status in DECIDED_STATUSES


def editor_statuses(plan: Plan | None) -> tuple[PlanStatus, ...]:
    """The statuses the editor offers: before the decision draft and
    consultation; after it adopted and expired (ending early, or taking that back)."""
    if plan is not None and is_decided(plan):
        return DECIDED_STATUSES
    return (PlanStatus.DRAFT, PlanStatus.CONSULTATION)


def check_editor_status(plan: Plan, status: PlanStatus) -> None:
    """Refuse a status the editor may not set; `plan.status` is still the old one."""
    if status in editor_statuses(plan):
        return
    if is_decided(plan):
        raise PlanError(_("An adopted steering document cannot go back to draft or "
                          "consultation: the decision and the adopted version are kept as "
                          "they are."), "status")
    if status == PlanStatus.ADOPTED:
        raise PlanError(_("A steering document is adopted by recording the decision. Save "
                          "the other details, then choose “Record the decision” on this page."),
                        "status")
    raise PlanError(_("Only an adopted steering document can expire."), "status")


def ended(plan: Plan, year: int) -> bool:
    """Whether the plan's period is over in `year` (a plan without a last year never ends)."""
    return plan.last_year is not None and plan.last_year < year


def expire_ended(year: int | None = None) -> list[Plan]:
    """Move every adopted plan whose last year is over to expired, each in the
    audit log; returns the plans it changed. Running it again changes nothing,
    and two runs at once change each plan once (the move is a conditional update)."""
    year = year or local_now().year
    candidates = list(db.session.scalars(select(Plan).where(
        Plan.status == PlanStatus.ADOPTED, Plan.last_year.is_not(None), Plan.last_year < year)
        .order_by(Plan.last_year, Plan.title, Plan.id)))
    changed = []
    for plan in candidates:
        moved = db.session.execute(
            update(Plan).where(Plan.id == plan.id, Plan.status == PlanStatus.ADOPTED)
            .values(status=PlanStatus.EXPIRED)
            .execution_options(synchronize_session=False)).rowcount
        if moved:
            db.session.refresh(plan)
            audit.record("plan.expired", "plan", plan.id, plan.title, actor=audit.SYSTEM,
                         details={"last_year": plan.last_year})
            changed.append(plan)
    db.session.flush()
    return changed
