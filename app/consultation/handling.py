"""Handling what came in during a consultation, and publishing the
consultation report (samrådsredogörelse). Never commits.

Rules:

- Moderators and administrators record for each section comment and each
  consultation response an outcome (inarbetad, delvis inarbetad, ej
  inarbetad, noterad) with a required motivation of at most
  MOTIVATION_MAX characters, and optionally the section of a later version
  where it was used: a section of a published version of the same
  consultation with a higher number than the version the item was written on.
- One handling per item, changed in place; who and when are kept, every
  change is in the audit log, and sending the same handling again changes
  nothing.
- Hidden comments are handled like the others; the report shows them as hidden.
- The report is published once, after the consultation has ended and when
  every comment and response is handled (otherwise the moderator is told how
  many are left). Publishing notifies every participant. Handling may still
  be corrected afterwards: the report is generated from it.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.consultation import report as report_data
from app.consultation.models import (
    MOTIVATION_MAX,
    Consultation,
    ConsultationReport,
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    InputHandling,
    Outcome,
    SectionComment,
    VersionStatus,
)
from app.consultation.services import ConsultationError, latest_published, openness
from app.core import audit, notifications
from app.core.models import utcnow
from app.core.urls import external_url
from app.extensions import db
from app.plans.models import Plan

MAX_ID = 2**31 - 1
REPORT_PUBLISHED = "consultation_report_published"


def _version_number(version_id: int | None) -> int:
    if version_id is None:
        return 0
    version = db.session.get(DraftVersion, version_id)
    return version.number if version is not None else 0


def item_version(item: SectionComment | ConsultationResponse) -> int:
    """The number of the version the item was written on (0 when unknown)."""
    if isinstance(item, SectionComment):
        section = db.session.get(DraftSection, item.section_id)
        return _version_number(section.version_id)
    return _version_number(item.version_id)


def consultation_of_item(item: SectionComment | ConsultationResponse) -> int:
    if isinstance(item, ConsultationResponse):
        return item.consultation_id
    return db.session.scalar(
        select(DraftVersion.consultation_id).join(
            DraftSection, DraftSection.version_id == DraftVersion.id)
        .where(DraftSection.id == item.section_id))


def _used_section(consultation_id: int, after: int, section_id: int | None
                  ) -> DraftSection | None:
    if section_id is None:
        return None
    section = db.session.get(DraftSection, section_id) if 0 < section_id <= MAX_ID else None
    version = db.session.get(DraftVersion, section.version_id) if section else None
    if version is None or version.consultation_id != consultation_id or \
            version.status != VersionStatus.PUBLISHED:
        raise ConsultationError(_("Choose a section of this draft from the list."),
                                "used_section")
    if version.number <= after:
        raise ConsultationError(_("Choose a section of a version published after the one "
                                  "the input was written on."), "used_section")
    return section


def handle(plan: Plan, item: SectionComment | ConsultationResponse, moderator: User, *,
           outcome: str | None, motivation: str | None,
           used_section_id: int | None = None) -> InputHandling:
    """Record (or change) how a comment or a response was handled."""
    consultation_id = consultation_of_item(item)
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or consultation.plan_id != plan.id:
        raise ConsultationError(_("The input is not part of this consultation."))
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise ConsultationError(_("Choose how the input was handled."), "outcome") from None
    text = (motivation or "").replace("\r\n", "\n").strip()
    if not text:
        raise ConsultationError(_("Write a short motivation: it is shown in the consultation "
                                  "report."), "motivation")
    if len(text) > MOTIVATION_MAX:
        raise ConsultationError(_("The motivation can be at most %(n)s characters.",
                                  n=f"{MOTIVATION_MAX:,}".replace(",", " ")), "motivation")
    section = _used_section(consultation.id, item_version(item), used_section_id)
    is_comment = isinstance(item, SectionComment)
    column = InputHandling.comment_id if is_comment else InputHandling.response_id
    row = db.session.scalars(select(InputHandling).where(column == item.id)).first()
    wanted = (outcome.value, text, section.id if section else None)
    if row is not None and (row.outcome, row.motivation, row.used_section_id) == wanted:
        return row  # the same form sent again
    if row is None:
        row = InputHandling(consultation_id=consultation.id,
                            comment_id=item.id if is_comment else None,
                            response_id=None if is_comment else item.id,
                            outcome=outcome, motivation=text)
        try:
            with db.session.begin_nested():
                db.session.add(row)
                db.session.flush()
        except IntegrityError:
            # Two moderators (or a double click) at once: change the row the other made.
            row = db.session.scalars(select(InputHandling).where(column == item.id)).one()
    row.outcome, row.motivation = outcome.value, text
    row.used_section_id = section.id if section else None
    row.handled_by_id, row.handled_at = moderator.id, utcnow()
    db.session.flush()
    audit.record("consultation.input_handled", "plan", plan.id, plan.title, details={
        "comment" if is_comment else "response": item.id, "outcome": outcome.value,
        "motivation": text, "used_section": section.title if section else None})
    return row


def report_of(consultation: Consultation) -> ConsultationReport | None:
    return db.session.scalars(select(ConsultationReport).where(
        ConsultationReport.consultation_id == consultation.id)).first()


def publish_report(plan: Plan, consultation: Consultation, publisher: User
                   ) -> ConsultationReport:
    """Publish the report and tell every participant. Refused while the
    consultation runs, while anything is unhandled, and when already published."""
    if report_of(consultation) is not None:
        raise ConsultationError(_("The consultation report is already published."))
    if openness(plan, consultation, latest_published(consultation)).is_open:
        raise ConsultationError(_("The consultation is still open until %(date)s. Publish "
                                  "the report after it has ended.",
                                  date=_long_date(consultation.ends_on)))
    material = report_data.build(consultation)
    left = material.unhandled
    if left:
        raise ConsultationError(ngettext(
            "%(num)s comment or response is not handled yet. Handle every one before you "
            "publish the report.",
            "%(num)s comments and responses are not handled yet. Handle every one before you "
            "publish the report.", left))
    row = ConsultationReport(consultation_id=consultation.id, published_at=utcnow(),
                             published_by_id=publisher.id)
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise ConsultationError(_("The consultation report is already published.")) from None
    audit.record("consultation.report_published", "plan", plan.id, plan.title,
                 details={"comments": material.totals().comments,
                          "responses": material.totals().responses})
    _notify_participants(plan, material, publisher)
    return row


def _long_date(value) -> str:
    from app.core.i18n import date_filter

    return date_filter(value)


def _notify_participants(plan: Plan, material: report_data.Material, publisher: User) -> None:
    """Everyone who wrote a comment or a response (for themself, an organisation
    or a group) is told once, except the one publishing."""
    ids: set[int] = set()
    for item in material.items:
        row = item.row
        ids.update(i for i in (row.author_id, getattr(row, "edited_by_id", None)) if i)
    ids.discard(publisher.id)
    if not ids:
        return
    url = external_url("consultation.report", plan_id=plan.id) + "#dina-synpunkter"
    for user in db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)):
        own = len(material.own(user.id))
        notifications.notify(
            user, notifications.Category.MY_PROPOSALS, REPORT_PUBLISHED,
            subject=lambda: _("The consultation report on %(title)s is published",
                              title=plan.title),
            template=REPORT_PUBLISHED, url=url, plan=plan, own=own)
