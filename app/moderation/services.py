"""Reports and what moderators do about them. Never commits.

An item is a proposal, a comment or an organisation profile. Anyone signed
in reports an item once; when reports from `report_threshold` different
people are open, the item is hidden until a moderator looks. Moderators
hide with a reason (the author is told), restore, or dismiss the reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.consultation.models import Consultation, DraftSection, DraftVersion, SectionComment
from app.core import audit, notifications
from app.core.models import utcnow
from app.core.notifications import Category
from app.core.permissions import Role
from app.core.urls import external_url
from app.extensions import db
from app.moderation.models import (
    ModerationSummary,
    Report,
    ReportReason,
    ReportTarget,
    Resolution,
)
from app.organisations.models import Membership, Organisation
from app.proposals import services as proposal_services
from app.proposals.models import (
    AWAITING_ANSWER_STATUSES,
    Comment,
    Proposal,
    ProposalStatus,
)
from app.site.services import get_settings

TEXT_MAX = 1000
REASON_MAX = 2000
SUMMARY_INTERVAL = timedelta(hours=1)


class ModerationError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class Item:
    """A reportable thing, whatever its kind."""

    kind: ReportTarget
    obj: Proposal | Comment | Organisation | SectionComment

    @property
    def id(self) -> int:
        return self.obj.id

    @property
    def label(self) -> str:
        if self.kind == ReportTarget.PROPOSAL:
            return f"{self.obj.reference} {self.obj.title}"
        if self.kind in (ReportTarget.COMMENT, ReportTarget.SECTION_COMMENT):
            return self.obj.body[:120]
        return self.obj.name

    @property
    def audit_id(self) -> str:
        return self.obj.reference if self.kind == ReportTarget.PROPOSAL else str(self.obj.id)

    @property
    def is_hidden(self) -> bool:
        if self.kind == ReportTarget.PROPOSAL:
            return self.obj.status == ProposalStatus.HIDDEN
        return self.obj.is_hidden

    @property
    def is_visible(self) -> bool:
        """Something the public sees, and so something one can report."""
        if self.kind == ReportTarget.PROPOSAL:
            return self.obj.is_public and self.obj.status != ProposalStatus.WITHDRAWN
        if self.kind in (ReportTarget.COMMENT, ReportTarget.SECTION_COMMENT):
            return not self.obj.is_hidden and not self.obj.is_deleted
        return not self.obj.is_hidden

    def url(self, external: bool = False) -> str:
        from flask import url_for

        build = external_url if external else url_for
        if self.kind == ReportTarget.PROPOSAL:
            return build("proposals.show", reference=self.obj.reference)
        if self.kind == ReportTarget.COMMENT:
            proposal = db.session.get(Proposal, self.obj.proposal_id)
            return build("proposals.show", reference=proposal.reference) + \
                f"#kommentar-{self.obj.id}"
        if self.kind == ReportTarget.SECTION_COMMENT:
            plan_id = db.session.scalar(
                select(Consultation.plan_id)
                .join(DraftVersion, DraftVersion.consultation_id == Consultation.id)
                .join(DraftSection, DraftSection.version_id == DraftVersion.id)
                .where(DraftSection.id == self.obj.section_id))
            return build("consultation.section", plan_id=plan_id,
                         section_id=self.obj.section_id) + f"#kommentar-{self.obj.id}"
        return build("organisations.show", organisation_id=self.obj.id)


_MODELS = {ReportTarget.PROPOSAL: Proposal, ReportTarget.COMMENT: Comment,
           ReportTarget.ORGANISATION: Organisation,
           ReportTarget.SECTION_COMMENT: SectionComment}


def load_item(kind: str, item_id: int) -> Item | None:
    try:
        kind = ReportTarget(kind)
    except ValueError:
        return None
    if not 0 < item_id <= 2**31 - 1:
        return None
    obj = db.session.get(_MODELS[kind], item_id)
    return Item(kind, obj) if obj is not None else None


def owner_ids(item: Item) -> set[int]:
    """Who wrote or runs the item: they cannot report it and are told when it is hidden."""
    if item.kind == ReportTarget.ORGANISATION:
        return set(db.session.scalars(select(Membership.user_id).where(
            Membership.organisation_id == item.id)))
    return {item.obj.author_id} if item.obj.author_id else set()


def already_reported(item: Item, user: User) -> bool:
    return db.session.scalar(select(Report.id).where(
        Report.target_type == item.kind, Report.target_id == item.id,
        Report.reporter_id == user.id)) is not None


def report(item: Item, user: User, reason: str | None, text: str | None) -> Report:
    """Record one person's report; hides the item when enough people have."""
    try:
        reason = ReportReason(reason)
    except ValueError:
        raise ModerationError(_("Choose why you report this."), field="reason") from None
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise ModerationError(_("Write at most %(max)s characters.", max=TEXT_MAX),
                              field="text")
    if user.id in owner_ids(item):
        raise ModerationError(_("You cannot report your own content."))
    if not item.is_visible:
        raise ModerationError(_("This is no longer shown, so it cannot be reported."))
    row = Report(target_type=item.kind, target_id=item.id, reporter_id=user.id,
                 reason=reason, text=text, created_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise ModerationError(_("You have already reported this. A moderator will look at "
                                "it.")) from None
    if _open_reporters(item) >= get_settings().report_threshold:
        with force_locale("sv"):
            reason_text = _("Hidden while a moderator reviews it: several people have "
                            "reported it.")
        _hide(item, None, reason_text)
    return row


def _open_reporters(item: Item) -> int:
    return db.session.scalar(select(func.count(func.distinct(Report.reporter_id))).where(
        Report.target_type == item.kind, Report.target_id == item.id,
        Report.resolved_at.is_(None)))


def _resolve(item: Item, moderator: User | None, resolution: Resolution) -> int:
    return db.session.execute(
        update(Report).where(Report.target_type == item.kind, Report.target_id == item.id,
                             Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolution=resolution,
                resolved_by_id=moderator.id if moderator else None)).rowcount


def _hide(item: Item, moderator: User | None, reason: str) -> None:
    """Hide the item and tell whoever wrote or runs it; `moderator` None means
    the platform did it because of the reports."""
    if item.kind == ReportTarget.PROPOSAL:
        try:
            proposal_services.transition(item.obj, ProposalStatus.HIDDEN, moderator,
                                         reason=reason)
        except proposal_services.ProposalError as error:
            raise ModerationError(str(error)) from None
    else:
        item.obj.hidden_at = utcnow()
        item.obj.hidden_reason = reason
        _tell_owners(item, reason)
    if moderator is None or item.kind != ReportTarget.PROPOSAL:
        # Proposals hidden by a moderator are in the log through their status change.
        audit.record(f"{item.kind}.hidden", item.kind, item.audit_id, item.label,
                     reason=reason, actor=moderator if moderator is not None else audit.SYSTEM,
                     details={"automatic": moderator is None})


def _tell_owners(item: Item, reason: str) -> None:
    users = db.session.scalars(select(User).where(User.id.in_(owner_ids(item)),
                                                  User.active.is_(True))).all()
    url = item.url(external=True)
    for user in users:
        with force_locale(user.locale):
            kind_label = str(KIND_LABELS_FOR_MAIL[item.kind]())
        notifications.notify(user, Category.MY_PROPOSALS, "content_hidden",
                             subject=lambda: _("A moderator has hidden your content"),
                             template="content_hidden", url=url, item=item,
                             kind_label=kind_label, reason=reason)


KIND_LABELS_FOR_MAIL = {
    ReportTarget.PROPOSAL: lambda: _("your proposal"),
    ReportTarget.COMMENT: lambda: _("your comment"),
    ReportTarget.SECTION_COMMENT: lambda: _("your comment"),
    ReportTarget.ORGANISATION: lambda: _("your organisation's profile"),
}


def hide(item: Item, moderator: User, reason: str | None) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Give a reason. The author will see it."), field="reason")
    if len(reason) > REASON_MAX:
        raise ModerationError(_("Write at most %(max)s characters.", max=REASON_MAX),
                              field="reason")
    if item.is_hidden:
        # Hidden by the reports already: the moderator confirms it with a reason of their own.
        _set_reason(item, reason)
        audit.record(f"{item.kind}.hidden", item.kind, item.audit_id, item.label,
                     reason=reason, actor=moderator, details={"confirmed": True})
    else:
        _hide(item, moderator, reason)
    _resolve(item, moderator, Resolution.HIDDEN)


def _set_reason(item: Item, reason: str) -> None:
    if item.kind == ReportTarget.PROPOSAL:
        item.obj.moderation_reason = reason
    else:
        item.obj.hidden_reason = reason


def restore(item: Item, moderator: User) -> None:
    """Show the item again; its open reports are dismissed."""
    if not item.is_hidden:
        raise ModerationError(_("This is not hidden."))
    if item.kind == ReportTarget.PROPOSAL:
        try:
            proposal_services.restore(item.obj, moderator)
        except proposal_services.ProposalError as error:
            raise ModerationError(str(error)) from None
    else:
        item.obj.hidden_at = None
        item.obj.hidden_reason = None
        audit.record(f"{item.kind}.restored", item.kind, item.audit_id, item.label,
                     actor=moderator)
    _resolve(item, moderator, Resolution.DISMISSED)


def dismiss(item: Item, moderator: User) -> int:
    """Nothing wrong: close the open reports (and show the item again if the
    reports had hidden it)."""
    if item.is_hidden and _hidden_by_reports(item):
        restore(item, moderator)
        return 1
    count = _resolve(item, moderator, Resolution.DISMISSED)
    if not count:
        raise ModerationError(_("There are no open reports to dismiss."))
    audit.record("reports.dismissed", item.kind, item.audit_id, item.label, actor=moderator,
                 details={"reports": count})
    return count


def _hidden_by_reports(item: Item) -> bool:
    return _open_reporters(item) > 0


# --- the queue -----------------------------------------------------------------

@dataclass
class QueueEntry:
    item: Item
    reports: list[Report]

    @property
    def first_reported_at(self) -> datetime:
        return self.reports[0].created_at


def reported_items(kind: str | None = None) -> list[QueueEntry]:
    """Items with open reports, the longest-waiting first, with their reports."""
    query = select(Report).where(Report.resolved_at.is_(None))
    if kind:
        query = query.where(Report.target_type == kind)
    reports = list(db.session.scalars(query.order_by(Report.created_at, Report.id)))
    grouped: dict[tuple[str, int], list[Report]] = {}
    for row in reports:
        grouped.setdefault((row.target_type, row.target_id), []).append(row)
    objects: dict[tuple[str, int], object] = {}
    for target in ReportTarget:
        ids = [target_id for (kind_, target_id) in grouped if kind_ == target]
        if ids:
            for obj in db.session.scalars(select(_MODELS[target]).where(
                    _MODELS[target].id.in_(ids))):
                objects[(target.value, obj.id)] = obj
    return [QueueEntry(Item(ReportTarget(key[0]), objects[key]), rows)
            for key, rows in grouped.items() if key in objects]


def open_item_count() -> int:
    """How many items have open reports."""
    return db.session.scalar(select(func.count()).select_from(
        select(Report.target_type, Report.target_id).where(Report.resolved_at.is_(None))
        .distinct().subquery()))


# --- the moderators' summary ---------------------------------------------------

def send_summary(now: datetime | None = None) -> int:
    """Tell moderators what was reported, which proposals came in for review and
    which passed their response deadline unanswered since the last summary: at
    most one message an hour, none when nothing is new. Returns how many
    moderators were told."""
    now = now or utcnow()
    state = db.session.scalars(select(ModerationSummary).with_for_update()).first()
    if state is None:
        state = ModerationSummary(id=1)
        db.session.add(state)
        db.session.flush()
    if state.last_sent_at is not None and now - state.last_sent_at < SUMMARY_INTERVAL:
        return 0
    since = state.last_sent_at
    reports = select(func.count(Report.id)).where(Report.resolved_at.is_(None))
    proposals = select(func.count(Proposal.id)).where(
        Proposal.status == ProposalStatus.SUBMITTED)
    # Past the deadline between the last summary and now, and still unanswered.
    overdue = select(func.count(Proposal.id)).where(
        Proposal.status.in_(AWAITING_ANSWER_STATUSES), Proposal.answer_due_at <= now)
    if since is not None:
        reports = reports.where(Report.created_at > since)
        proposals = proposals.where(Proposal.created_at > since)
        overdue = overdue.where(Proposal.answer_due_at > since)
    new_reports = db.session.scalar(reports)
    new_proposals = db.session.scalar(proposals)
    newly_overdue = db.session.scalar(overdue)
    if not new_reports and not new_proposals and not newly_overdue:
        return 0
    waiting = open_item_count()
    awaiting_review = db.session.scalar(select(func.count(Proposal.id)).where(
        Proposal.status == ProposalStatus.SUBMITTED))
    moderators = db.session.scalars(select(User).where(
        User.role.in_([Role.MODERATOR, Role.ADMIN]), User.active.is_(True))
        .order_by(User.id)).all()
    url = external_url("moderation.queue" if new_reports else
                       "proposals.queue" if new_proposals else "proposals.overdue")
    for user in moderators:
        notifications.notify(
            user, Category.MODERATION, "moderation_summary",
            subject=lambda: (_("New reports to review") if new_reports
                             else _("New proposals to review") if new_proposals
                             else _("Proposals past their response deadline")),
            template="moderation_summary", url=url, new_reports=new_reports,
            waiting=waiting, new_proposals=new_proposals, awaiting_review=awaiting_review,
            review_url=external_url("proposals.queue"), newly_overdue=newly_overdue,
            overdue_url=external_url("proposals.overdue"))
    state.last_sent_at = now
    return len(moderators)
