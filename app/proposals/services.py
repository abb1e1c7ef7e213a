"""Every write to proposals: one function per domain operation. Never commits."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.core import audit, notifications
from app.core.models import utcnow
from app.core.notifications import Category
from app.core.permissions import Role
from app.core.personal_data import find_personal_data
from app.core.urls import external_url
from app.extensions import db
from app.groups.models import LocalGroup
from app.organisations.models import Organisation
from app.proposals import search
from app.proposals.deadlines import ClockBasis, start_clock
from app.proposals.models import (
    Comment,
    Decision,
    Follow,
    HistoryEvent,
    OrganisationSupport,
    Proposal,
    ProposalHistory,
    ProposalStatus,
    ReferenceCounter,
    Support,
)
from app.site.services import get_settings

EDIT_WINDOW = timedelta(minutes=15)

S = ProposalStatus
TRANSITIONS: dict[ProposalStatus, set[ProposalStatus]] = {
    S.SUBMITTED: {S.PUBLISHED, S.HIDDEN, S.WITHDRAWN},
    S.PUBLISHED: {S.UNDER_CONSIDERATION, S.ANSWERED, S.HIDDEN, S.WITHDRAWN},
    S.UNDER_CONSIDERATION: {S.ANSWERED, S.HIDDEN, S.WITHDRAWN},
    S.ANSWERED: {S.IMPLEMENTED, S.UNDER_CONSIDERATION, S.HIDDEN},
    S.IMPLEMENTED: {S.HIDDEN},
    S.HIDDEN: {S.PUBLISHED},
    S.WITHDRAWN: set(),
}


class ProposalError(Exception):
    """A domain rule refused the operation; the message is for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def personal_data_message(text: str) -> str | None:
    findings = find_personal_data(text)
    if not findings:
        return None
    if any(f.kind == "identity_number" for f in findings):
        return _("The text contains what looks like a personal identity number (%(found)s). "
                 "Remove it before you send: everything here is public.",
                 found=findings[0].text)
    return _("The text contains what looks like a phone number (%(found)s). Remove it "
             "before you send: everything here is public.", found=findings[0].text)


def _check_personal_data(text: str, field: str) -> None:
    message = personal_data_message(text)
    if message:
        raise ProposalError(message, field=field)


def next_reference(year: int) -> str:
    """F-2026-0042: unique per year, numbered under a row lock."""
    result = db.session.execute(
        update(ReferenceCounter).where(ReferenceCounter.year == year)
        .values(last_value=ReferenceCounter.last_value + 1)
        .returning(ReferenceCounter.last_value))
    value = result.scalar()
    if value is None:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(ReferenceCounter).values(year=year, last_value=1))
            value = 1
        except IntegrityError:
            # Another submission created this year's row first.
            value = db.session.execute(
                update(ReferenceCounter).where(ReferenceCounter.year == year)
                .values(last_value=ReferenceCounter.last_value + 1)
                .returning(ReferenceCounter.last_value)).scalar_one()
    return f"F-{year}-{value:04d}"


def _record(proposal: Proposal, actor: User | None, from_status: str | None, to_status: str,
            reason: str | None = None, decision: str | None = None) -> None:
    db.session.add(ProposalHistory(
        proposal_id=proposal.id, actor_id=actor.id if actor else None,
        from_status=from_status, to_status=to_status, reason=reason, decision=decision))


def _by_submission_key(model, key: str | None, author: User):
    if not key:
        return None
    return db.session.scalars(select(model).where(model.submission_key == key,
                                                  model.author_id == author.id)).first()


def submit_proposal(author: User, title: str, body: str, community_id: int | None,
                    theme_id: int, submission_key: str | None = None,
                    organisation: Organisation | None = None,
                    dialogue_id: int | None = None,
                    group: LocalGroup | None = None) -> Proposal:
    """Create a proposal, by the author or on behalf of a verified organisation
    (checked by the caller with acting_organisation), optionally together with
    a local development group (checked with app.groups.services.acting_group).
    Sending the same form twice returns the first one."""
    existing = _by_submission_key(Proposal, submission_key, author)
    if existing is not None:
        return existing
    _check_personal_data(title, "title")
    _check_personal_data(body, "body")
    settings = get_settings()
    now = utcnow()
    proposal = Proposal(
        reference=next_reference(now.year), title=title.strip(), body=body.strip(),
        community_id=community_id, theme_id=theme_id, author_id=author.id,
        organisation_id=organisation.id if organisation else None, dialogue_id=dialogue_id,
        group_id=group.id if group else None,
        status=ProposalStatus.SUBMITTED, submission_key=submission_key)
    try:
        with db.session.begin_nested():
            db.session.add(proposal)
            db.session.flush()
    except IntegrityError:
        existing = _by_submission_key(Proposal, submission_key, author)
        if existing is None:
            # The key belongs to someone else's form: a tampered hidden field.
            raise ProposalError(_("Check what you sent and try again."),
                                field="submission_key") from None
        return existing
    _record(proposal, author, None, ProposalStatus.SUBMITTED)
    _follow(proposal, author)
    if not settings.premoderation:
        _publish(proposal, None)
    search.index_proposal(proposal)
    return proposal


def _publish(proposal: Proposal, actor: User | None) -> None:
    settings = get_settings()
    now = utcnow()
    from_status = proposal.status
    proposal.status = ProposalStatus.PUBLISHED
    proposal.published_at = now
    proposal.moderation_reason = None
    if proposal.support_window_ends_at is None:
        proposal.support_window_ends_at = now + timedelta(days=settings.support_window_days)
    start_clock(proposal, ClockBasis.PUBLISHED, now)
    _record(proposal, actor, from_status, ProposalStatus.PUBLISHED)


def transition(proposal: Proposal, to_status: ProposalStatus, actor: User | None,
               reason: str | None = None, decision: Decision | None = None,
               notify: bool = True) -> None:
    """The only way a proposal changes status."""
    current = ProposalStatus(proposal.status)
    if to_status not in TRANSITIONS[current]:
        raise ProposalError(_("A proposal that is “%(current)s” cannot become “%(target)s”.",
                              current=status_label(current), target=status_label(to_status)))
    if to_status == ProposalStatus.ANSWERED:
        if decision is None or not (reason or "").strip():
            raise ProposalError(_("An answer needs a decision and a motivation."),
                                field="reason")
        proposal.decision = decision
        proposal.answer = reason.strip()
        proposal.answered_by_id = actor.id if actor else None
        proposal.answered_by_role = str(actor.role) if actor else None
        proposal.answer_unit = proposal.assigned_unit
        proposal.answered_at = utcnow()
    if to_status == ProposalStatus.HIDDEN and not (reason or "").strip():
        raise ProposalError(_("Give a reason. The author will see it."), field="reason")
    if to_status == ProposalStatus.PUBLISHED:
        _publish(proposal, actor)
    else:
        proposal.status = to_status
        if to_status == ProposalStatus.HIDDEN:
            proposal.moderation_reason = reason.strip()
        _record(proposal, actor, current, to_status, reason=(reason or "").strip() or None,
                decision=decision)
    _audit_transition(proposal, actor, current, to_status, reason)
    if notify:
        notify_followers(proposal, "status_changed", actor)


_AUDITED_STATUS_ACTIONS = {
    ProposalStatus.PUBLISHED: "proposal.published",
    ProposalStatus.HIDDEN: "proposal.hidden",
    ProposalStatus.ANSWERED: "proposal.answered",
}


def _audit_transition(proposal: Proposal, actor: User | None, current: ProposalStatus,
                      to_status: ProposalStatus, reason: str | None) -> None:
    """Staff decisions go in the audit log; an author withdrawing their own
    proposal, or a proposal published without moderation, does not."""
    if actor is None or actor.role == Role.RESIDENT or to_status == ProposalStatus.WITHDRAWN:
        return
    audit.record(_AUDITED_STATUS_ACTIONS.get(to_status, "proposal.status_changed"),
                 "proposal", proposal.reference, proposal.title, actor=actor, reason=reason,
                 details={"from": str(current), "to": str(to_status),
                          "decision": proposal.decision}
                 if to_status == ProposalStatus.ANSWERED
                 else {"from": str(current), "to": str(to_status)})


def approve(proposal: Proposal, moderator: User) -> None:
    transition(proposal, ProposalStatus.PUBLISHED, moderator)


def refuse(proposal: Proposal, moderator: User, reason: str) -> None:
    transition(proposal, ProposalStatus.HIDDEN, moderator, reason=reason)


def restore(proposal: Proposal, moderator: User) -> None:
    """Undo hiding: back to the status the proposal had before, keeping its
    publication date; a proposal hidden before it was ever published is
    published now."""
    if proposal.status != ProposalStatus.HIDDEN:
        raise ProposalError(_("Only a hidden proposal can be restored."))
    before = db.session.scalar(
        select(ProposalHistory.from_status).where(
            ProposalHistory.proposal_id == proposal.id,
            ProposalHistory.to_status == ProposalStatus.HIDDEN,
            ProposalHistory.event == HistoryEvent.STATUS)
        .order_by(ProposalHistory.created_at.desc(), ProposalHistory.id.desc()).limit(1))
    if before in (None, ProposalStatus.SUBMITTED, ProposalStatus.HIDDEN) \
            or proposal.published_at is None:
        transition(proposal, ProposalStatus.PUBLISHED, moderator)
        return
    proposal.status = before
    proposal.moderation_reason = None
    _record(proposal, moderator, ProposalStatus.HIDDEN, before)
    audit.record("proposal.restored", "proposal", proposal.reference, proposal.title,
                 actor=moderator, details={"to": str(before)})
    notify_followers(proposal, "status_changed", moderator)


def withdraw(proposal: Proposal, author: User) -> None:
    if proposal.author_id != author.id:
        raise ProposalError(_("Only the author can withdraw a proposal."))
    transition(proposal, ProposalStatus.WITHDRAWN, author)


def editable(proposal: Proposal) -> bool:
    """Whether its author may still edit the proposal: open, with no supports
    or comments yet."""
    return (proposal.status in (ProposalStatus.SUBMITTED, ProposalStatus.PUBLISHED)
            and proposal.support_count == 0 and proposal.comment_count == 0)


def can_edit(proposal: Proposal, user: User | None) -> bool:
    return (user is not None and getattr(user, "id", None) == proposal.author_id
            and editable(proposal))


def edit_proposal(proposal: Proposal, editor: User, title: str, body: str,
                  community_id: int | None, theme_id: int) -> None:
    if not can_edit(proposal, editor):
        raise ProposalError(_("The proposal can no longer be edited: it has supports or "
                              "comments, or it is no longer open."))
    _check_personal_data(title, "title")
    _check_personal_data(body, "body")
    proposal.title = title.strip()
    proposal.body = body.strip()
    proposal.community_id = community_id
    proposal.theme_id = theme_id
    search.index_proposal(proposal)


def _lock(proposal: Proposal) -> Proposal:
    """Re-read the proposal under a row lock (PostgreSQL) before a counted change.

    FOR NO KEY UPDATE, the lock the counter UPDATE already holds: a plain FOR
    UPDATE would conflict with the KEY SHARE lock that other transactions'
    Support inserts take on this row (foreign key), and deadlock with them.
    """
    return db.session.scalars(
        select(Proposal).where(Proposal.id == proposal.id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)).one()


def _insert_once(row) -> bool:
    """Insert a row guarded by a unique constraint; False when it already exists
    (a double click, or the same request racing itself)."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        return False
    return True


def _adjust(proposal_id: int, counter: str, delta: int) -> None:
    """Change a counter in SQL, so concurrent changes add up exactly."""
    column = getattr(Proposal, counter)
    db.session.execute(update(Proposal).where(Proposal.id == proposal_id)
                       .values({counter: column + delta}))


def _remove_mark(model, proposal: Proposal, user: User, counter: str) -> bool:
    deleted = db.session.query(model).filter_by(
        proposal_id=proposal.id, user_id=user.id).delete(synchronize_session=False)
    if deleted:
        _adjust(proposal.id, counter, -deleted)
    return bool(deleted)


def support(proposal: Proposal, user: User) -> bool:
    """Add the user's support. False when they already support it."""
    if proposal.author_id == user.id:
        raise ProposalError(_("You cannot support your own proposal."))
    if not proposal.support_open:
        raise ProposalError(_("This proposal can no longer be supported."))
    if not _insert_once(Support(proposal_id=proposal.id, user_id=user.id)):
        return False
    _adjust(proposal.id, "support_count", 1)
    proposal = _lock(proposal)
    _check_threshold(proposal)
    return True


def support_as_organisation(proposal: Proposal, user: User, organisation: Organisation) -> bool:
    """The organisation's one support, given by one of its members. False when
    the organisation already supports the proposal."""
    if proposal.organisation_id == organisation.id:
        raise ProposalError(_("An organisation cannot support its own proposal."))
    if not proposal.support_open:
        raise ProposalError(_("This proposal can no longer be supported."))
    if not _insert_once(OrganisationSupport(proposal_id=proposal.id,
                                            organisation_id=organisation.id,
                                            user_id=user.id)):
        return False
    _adjust(proposal.id, "organisation_support_count", 1)
    proposal = _lock(proposal)
    _check_threshold(proposal)
    return True


def withdraw_organisation_support(proposal: Proposal, organisation: Organisation) -> bool:
    if not proposal.support_open:
        raise ProposalError(_("Supports can no longer be changed for this proposal."))
    deleted = db.session.query(OrganisationSupport).filter_by(
        proposal_id=proposal.id, organisation_id=organisation.id).delete(
        synchronize_session=False)
    if not deleted:
        return False
    _adjust(proposal.id, "organisation_support_count", -deleted)
    db.session.refresh(proposal)
    return True


def counted_supports(proposal: Proposal) -> int:
    """Supports that count toward the threshold: residents', plus organisations'
    when the municipality has chosen so."""
    if get_settings().threshold_counts_organisations:
        return proposal.support_count + proposal.organisation_support_count
    return proposal.support_count


def withdraw_support(proposal: Proposal, user: User) -> bool:
    if not proposal.support_open:
        raise ProposalError(_("Supports can no longer be changed for this proposal."))
    if not _remove_mark(Support, proposal, user, "support_count"):
        return False
    db.session.refresh(proposal)
    return True


def _check_threshold(proposal: Proposal) -> None:
    settings = get_settings()
    now = utcnow()
    if (proposal.status == ProposalStatus.PUBLISHED
            and proposal.threshold_reached_at is None
            and counted_supports(proposal) >= settings.support_threshold
            and (proposal.support_window_ends_at is None
                 or now <= proposal.support_window_ends_at)):
        proposal.threshold_reached_at = now
        start_clock(proposal, ClockBasis.THRESHOLD, now)
        transition(proposal, ProposalStatus.UNDER_CONSIDERATION, None,
                   reason=ngettext("The proposal reached %(num)s support.",
                                   "The proposal reached %(num)s supports.",
                                   settings.support_threshold))
        _notify_moderators(proposal)


def _follow(proposal: Proposal, user: User) -> bool:
    if not _insert_once(Follow(proposal_id=proposal.id, user_id=user.id)):
        return False
    _adjust(proposal.id, "follower_count", 1)
    return True


def follow(proposal: Proposal, user: User) -> bool:
    if not proposal.is_public:
        raise ProposalError(_("Only published proposals can be followed."))
    return _follow(proposal, user)


def unfollow(proposal: Proposal, user: User) -> bool:
    return _remove_mark(Follow, proposal, user, "follower_count")


def add_comment(proposal: Proposal, author: User, body: str,
                parent: Comment | None = None, submission_key: str | None = None,
                organisation: Organisation | None = None) -> Comment:
    existing = _by_submission_key(Comment, submission_key, author)
    if existing is not None:
        return existing
    if proposal.status not in SUPPORTS_COMMENTS:
        raise ProposalError(_("Comments are closed for this proposal."))
    _check_personal_data(body, "body")
    if parent is not None:
        if parent.proposal_id != proposal.id:
            raise ProposalError(_("You can only reply to a comment on this proposal."))
        if parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id)
    comment = Comment(proposal_id=proposal.id, author_id=author.id, body=body.strip(),
                      parent_id=parent.id if parent else None, submission_key=submission_key,
                      organisation_id=organisation.id if organisation else None)
    try:
        with db.session.begin_nested():
            db.session.add(comment)
            db.session.flush()
    except IntegrityError:
        existing = _by_submission_key(Comment, submission_key, author)
        if existing is None:
            # The key belongs to someone else's form: a tampered hidden field.
            raise ProposalError(_("Check what you sent and try again.")) from None
        return existing
    _adjust(proposal.id, "comment_count", 1)
    notify_followers(proposal, "comment_added", author, comment=comment)
    return comment


SUPPORTS_COMMENTS = (ProposalStatus.PUBLISHED, ProposalStatus.UNDER_CONSIDERATION,
                     ProposalStatus.ANSWERED, ProposalStatus.IMPLEMENTED)


def comment_editable(comment: Comment) -> bool:
    """Whether its author may still edit the comment (within EDIT_WINDOW)."""
    return not comment.is_deleted and utcnow() - comment.created_at <= EDIT_WINDOW


def can_edit_comment(comment: Comment, user: User | None) -> bool:
    return (user is not None and getattr(user, "id", None) == comment.author_id
            and comment_editable(comment))


def edit_comment(comment: Comment, user: User, body: str) -> None:
    if not can_edit_comment(comment, user):
        raise ProposalError(_("A comment can only be edited by its author, within 15 "
                              "minutes."))
    _check_personal_data(body, "body")
    comment.body = body.strip()
    comment.edited_at = utcnow()


def delete_comment(comment: Comment, user: User) -> None:
    if getattr(user, "id", None) != comment.author_id:
        raise ProposalError(_("Only the author can delete a comment."))
    if comment.is_deleted:
        return
    comment.deleted_at = utcnow()
    comment.body = ""
    _adjust(comment.proposal_id, "comment_count", -1)


def close_expired_windows() -> int:
    """Nothing changes status when a window ends below the threshold; the page
    says so. Returns how many public proposals are past their window."""
    now = utcnow()
    return len(db.session.scalars(select(Proposal.id).where(
        Proposal.status == ProposalStatus.PUBLISHED,
        Proposal.support_window_ends_at < now)).all())


def status_label(status: str) -> str:
    from app.proposals.labels import STATUS_LABELS

    return str(STATUS_LABELS.get(status, status))


def audience(proposal_ids, exclude: User | None = None) -> list[tuple[User, Category]]:
    """Everyone to tell about news on the proposals, each once, with the
    category the news is for them: authors ("my proposals"), then followers,
    then people who support without following. `proposal_ids` is a query of
    proposal ids (or a list of them)."""
    authors = set(db.session.scalars(select(Proposal.author_id).where(
        Proposal.id.in_(proposal_ids))))
    followers = set(db.session.scalars(select(Follow.user_id).where(
        Follow.proposal_id.in_(proposal_ids))))
    supporters = set(db.session.scalars(select(Support.user_id).where(
        Support.proposal_id.in_(proposal_ids))))
    ids = authors | followers | supporters
    if exclude is not None:
        ids.discard(exclude.id)
    if not ids:
        return []
    users = db.session.scalars(select(User).where(User.id.in_(ids), User.active.is_(True))
                               .order_by(User.id)).all()
    return [(user, Category.MY_PROPOSALS if user.id in authors
             else Category.FOLLOWED_PROPOSALS if user.id in followers
             else Category.SUPPORTED_PROPOSALS) for user in users]


def notify_followers(proposal: Proposal, kind: str, actor: User | None,
                     comment: Comment | None = None) -> None:
    """Tell the author, followers and supporters about a status change or a new
    comment (everyone but the person who made it)."""
    url = external_url("proposals.show", reference=proposal.reference)

    def subject() -> str:  # called in each person's language
        if kind == "comment_added":
            return _("New comment on %(reference)s", reference=proposal.reference)
        return _("%(reference)s is now: %(status)s", reference=proposal.reference,
                 status=status_label(proposal.status))

    recipients = audience([proposal.id], actor)
    modes = notifications.modes_for(recipients)
    for user, category in recipients:
        with force_locale(user.locale):
            status = status_label(proposal.status)
        notifications.notify(user, category, f"proposal_{kind}", subject=subject,
                             template=f"proposal_{kind}", url=url, proposal=proposal,
                             comment=comment, author_name=actor.display_name if actor else "",
                             status=status, mode=modes[user.id, category])


def notify_moderators(proposal: Proposal, kind: str, subject, template: str,
                      **context) -> None:
    """Tell every active moderator and administrator about a proposal, as a
    "moderation" notification (e.g. the support threshold reached; a response
    deadline passed). `subject` is a callable giving the text in the
    recipient's language."""
    url = external_url("proposals.show", reference=proposal.reference)
    moderators = db.session.scalars(select(User).where(
        User.role.in_([Role.MODERATOR, Role.ADMIN]), User.active.is_(True))
        .order_by(User.id)).all()
    modes = notifications.modes_for([(user, Category.MODERATION) for user in moderators])
    for user in moderators:
        notifications.notify(user, Category.MODERATION, kind, subject=subject,
                             template=template, url=url, proposal=proposal,
                             mode=modes[user.id, Category.MODERATION], **context)


def _notify_moderators(proposal: Proposal) -> None:
    notify_moderators(proposal, "proposal_threshold",
                      lambda: _("%(reference)s reached the support threshold",
                                reference=proposal.reference),
                      "proposal_threshold")
