"""Every write to dialogues, meetings and registrations. Never commits."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core import audit, notifications
from app.core.mail import queue_mail
from app.core.models import utcnow
from app.core.notifications import Category
from app.core.urls import external_url
from app.dialogues.calendar import meetings_ics
from app.dialogues.models import (
    Dialogue,
    DialogueStatus,
    DialogueTargetGroup,
    Meeting,
    ParticipationLevel,
    Registration,
    RegistrationStatus,
    TargetGroup,
)
from app.extensions import db
from app.organisations.models import Organisation
from app.proposals import services as proposal_services
from app.proposals.models import Decision, Proposal, ProposalStatus

STOCKHOLM = ZoneInfo("Europe/Stockholm")

D = DialogueStatus
TRANSITIONS = {
    D.PLANNED: {D.OPEN},
    D.OPEN: {D.CLOSED, D.PLANNED},
    D.CLOSED: {D.OPEN, D.FEEDBACK_PUBLISHED},
    D.FEEDBACK_PUBLISHED: set(),
}


class DialogueError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _host() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def _set_details(dialogue: Dialogue, *, title: str, question: str, influence_scope: str,
                 description: str, community_id: int | None, participation_level: str,
                 target_groups: list[str], organising_unit: str, partner_ids: list[int],
                 responsible_ids: list[int], proposals_from, proposals_until) -> None:
    if proposals_from and proposals_until and proposals_until < proposals_from:
        raise DialogueError(_("The last day must come after the first day."),
                            field="proposals_until")
    if community_id is not None and db.session.get(LocalCommunity, community_id) is None:
        raise DialogueError(_("Choose a local community from the list."), field="community")
    dialogue.title = title.strip()
    dialogue.question = question.strip()
    dialogue.influence_scope = influence_scope
    dialogue.description = description
    dialogue.community_id = community_id
    dialogue.participation_level = ParticipationLevel(participation_level)
    dialogue.organising_unit = organising_unit
    dialogue.proposals_from = proposals_from
    dialogue.proposals_until = proposals_until
    dialogue.partners = list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(partner_ids)))) if partner_ids else []
    dialogue.responsible = list(db.session.scalars(
        select(User).where(User.id.in_(responsible_ids)))) if responsible_ids else []
    db.session.flush()
    db.session.execute(DialogueTargetGroup.__table__.delete().where(
        DialogueTargetGroup.dialogue_id == dialogue.id))
    for group in dict.fromkeys(target_groups):
        db.session.add(DialogueTargetGroup(dialogue_id=dialogue.id,
                                           target_group=TargetGroup(group)))


def create_dialogue(creator: User, **details) -> Dialogue:
    dialogue = Dialogue(status=DialogueStatus.PLANNED, created_by_id=creator.id)
    dialogue.partners = []
    dialogue.responsible = []
    # No autoflush: the checks in _set_details query before the title is set.
    with db.session.no_autoflush:
        db.session.add(dialogue)
        _set_details(dialogue, **details)
    db.session.flush()
    audit.record("dialogue.created", "dialogue", dialogue.id, dialogue.title, actor=creator)
    return dialogue


def update_dialogue(dialogue: Dialogue, **details) -> None:
    _set_details(dialogue, **details)
    audit.record("dialogue.updated", "dialogue", dialogue.id, dialogue.title)


def target_groups(dialogue: Dialogue) -> list[str]:
    return list(db.session.scalars(select(DialogueTargetGroup.target_group).where(
        DialogueTargetGroup.dialogue_id == dialogue.id)))


def next_statuses(dialogue: Dialogue) -> list[DialogueStatus]:
    """The statuses an organiser can choose now, moving forward first (so the
    preselected choice never sends a dialogue back); publishing feedback has
    its own form."""
    order = list(DialogueStatus)
    current = order.index(DialogueStatus(dialogue.status))
    allowed = [status for status in order
               if status in TRANSITIONS[order[current]]
               and status != DialogueStatus.FEEDBACK_PUBLISHED]
    return sorted(allowed, key=lambda status: (order.index(status) < current,
                                               order.index(status)))


def set_status(dialogue: Dialogue, status: DialogueStatus) -> None:
    if status == DialogueStatus.FEEDBACK_PUBLISHED:
        raise DialogueError(_("Publish the feedback to finish the dialogue."))
    if status not in TRANSITIONS[DialogueStatus(dialogue.status)]:
        raise DialogueError(_("The dialogue cannot move to that status from its current one."))
    audit.record("dialogue.status_changed", "dialogue", dialogue.id, dialogue.title,
                 details={"from": str(dialogue.status), "to": str(status)})
    dialogue.status = status


def _validate_meeting(starts_at: datetime, ends_at: datetime, capacity: int,
                      deadline: datetime | None) -> None:
    if ends_at <= starts_at:
        raise DialogueError(_("The meeting must end after it starts."), field="ends_at")
    if capacity < 1:
        raise DialogueError(_("The number of places must be at least 1."), field="capacity")
    if deadline is not None and deadline > starts_at:
        raise DialogueError(_("The last day to sign up must be before the meeting starts."),
                            field="registration_deadline")


def save_meeting(dialogue: Dialogue, meeting: Meeting | None, **fields) -> Meeting:
    _validate_meeting(fields["starts_at"], fields["ends_at"], fields["capacity"],
                      fields.get("registration_deadline"))
    if meeting is None:
        meeting = Meeting(dialogue_id=dialogue.id)
        db.session.add(meeting)
    elif fields["capacity"] < meeting.registered_count:
        raise DialogueError(_("%(n)s people already have a place. The number of places "
                              "cannot be lower.", n=meeting.registered_count),
                            field="capacity")
    changed_time = meeting.id is not None and (
        meeting.starts_at != fields["starts_at"] or meeting.ends_at != fields["ends_at"])
    for name, value in fields.items():
        setattr(meeting, name, value)
    db.session.flush()
    if meeting.id is not None:
        _fill_from_waitlist(meeting)
    if changed_time:
        _tell_registrants(meeting, "meeting_changed",
                          lambda: _("Changed meeting: %(title)s", title=meeting.title))
    return meeting


def cancel_meeting(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        return
    meeting.cancelled_at = utcnow()
    _tell_registrants(meeting, "meeting_cancelled",
                      lambda: _("Cancelled: %(title)s", title=meeting.title))


def _lock_meeting(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock, so the last place is given once.
    SQLite has no row locks (it ignores FOR UPDATE) and reads outside a
    transaction until the first write: a write that changes nothing first
    takes its database-wide write lock, so two workers cannot both read the
    same count of places and each give the last one."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(Meeting).where(Meeting.id == meeting.id)
                           .values(updated_at=Meeting.updated_at)
                           .execution_options(synchronize_session=False))
    return db.session.scalars(
        select(Meeting).where(Meeting.id == meeting.id).with_for_update()
        .execution_options(populate_existing=True)).one()


def register(meeting: Meeting, user: User, organisation: Organisation | None = None,
             needs_interpreter: str | None = None, allergies: str | None = None,
             accessibility_needs: str | None = None) -> Registration:
    """Sign the user up: a place while there are places, else the waiting list."""
    meeting = _lock_meeting(meeting)
    if meeting.is_cancelled:
        raise DialogueError(_("The meeting is cancelled."))
    now = utcnow()
    if meeting.starts_at <= now:
        raise DialogueError(_("The meeting has already started."))
    if meeting.registration_deadline is not None and now > meeting.registration_deadline:
        raise DialogueError(_("The last day to sign up has passed."))
    existing = db.session.scalars(select(Registration).where(
        Registration.meeting_id == meeting.id, Registration.user_id == user.id)).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise DialogueError(_("You are already signed up for this meeting."))
    registration = existing or Registration(meeting_id=meeting.id, user_id=user.id)
    registration.organisation_id = organisation.id if organisation else None
    registration.needs_interpreter = needs_interpreter or None
    registration.allergies = allergies or None
    registration.accessibility_needs = accessibility_needs or None
    registration.created_at = now
    registration.cancelled_at = None
    registration.reminder_sent_at = None
    if meeting.registered_count < meeting.capacity:
        registration.status = RegistrationStatus.REGISTERED
        registration.confirmed_at = now
        meeting.registered_count += 1
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.confirmed_at = None
        meeting.waitlist_count += 1
    if existing is None:
        db.session.add(registration)
    db.session.flush()
    _send_registration_mail(registration, meeting, user)
    return registration


def cancel_registration(registration: Registration) -> None:
    meeting = _lock_meeting(db.session.get(Meeting, registration.meeting_id))
    db.session.refresh(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        return
    was_registered = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    if was_registered:
        meeting.registered_count -= 1
        _fill_from_waitlist(meeting)
    else:
        meeting.waitlist_count -= 1


def _fill_from_waitlist(meeting: Meeting) -> None:
    """Give free places to the waiting list, first come first served."""
    if meeting.is_cancelled:
        return
    while meeting.registered_count < meeting.capacity:
        waiting = db.session.scalars(
            select(Registration).where(Registration.meeting_id == meeting.id,
                                       Registration.status == RegistrationStatus.WAITLISTED)
            .order_by(Registration.created_at, Registration.id).limit(1)).first()
        if waiting is None:
            return
        waiting.status = RegistrationStatus.REGISTERED
        waiting.confirmed_at = utcnow()
        meeting.registered_count += 1
        meeting.waitlist_count -= 1
        db.session.flush()
        user = db.session.get(User, waiting.user_id)
        _send_registration_mail(waiting, meeting, user, promoted=True)


def _meeting_attachment(meeting: Meeting) -> tuple[str, str, str]:
    dialogue = db.session.get(Dialogue, meeting.dialogue_id)
    return (f"dialogmote-{meeting.id}.ics", "text/calendar",
            meetings_ics([(meeting, dialogue.title)], dialogue.title, _host()))


def _send_registration_mail(registration: Registration, meeting: Meeting, user: User,
                            promoted: bool = False) -> None:
    """Confirm a registration. The confirmation of one's own sign-up is a
    receipt and always goes out at once; a place given from the waiting list
    later is news, and a notification."""
    dialogue = db.session.get(Dialogue, meeting.dialogue_id)
    url = external_url("dialogues.show", dialogue_id=dialogue.id)
    if registration.status == RegistrationStatus.REGISTERED:
        template, attachment = "meeting_confirmed", _meeting_attachment(meeting)
    else:
        template, attachment = "meeting_waitlisted", None
    if promoted:
        notifications.notify(
            user, Category.DIALOGUES, template,
            subject=lambda: _("You got a place: %(title)s", title=meeting.title),
            template=template, url=url, attachment=attachment, meeting=meeting,
            dialogue=dialogue, promoted=True)
        return
    with force_locale(user.locale):
        if registration.status == RegistrationStatus.REGISTERED:
            subject = _("You are signed up: %(title)s", title=meeting.title)
        else:
            subject = _("You are on the waiting list: %(title)s", title=meeting.title)
        body = render_template(f"mail/{template}.txt", user=user, meeting=meeting,
                               dialogue=dialogue, url=url, promoted=False)
        queue_mail(user.email, subject, body, kind=template, attachment=attachment)


def _tell_registrants(meeting: Meeting, template: str, subject) -> None:
    dialogue = db.session.get(Dialogue, meeting.dialogue_id)
    url = external_url("dialogues.show", dialogue_id=dialogue.id)
    users = db.session.scalars(
        select(User).join(Registration, Registration.user_id == User.id)
        .where(Registration.meeting_id == meeting.id,
               Registration.status != RegistrationStatus.CANCELLED)).all()
    attachment = _meeting_attachment(meeting)
    modes = notifications.modes_for([(user, Category.DIALOGUES) for user in users])
    for user in users:
        notifications.notify(user, Category.DIALOGUES, template, subject=subject,
                             template=template, url=url, attachment=attachment,
                             meeting=meeting, dialogue=dialogue,
                             mode=modes[user.id, Category.DIALOGUES])


def record_outcome(meeting: Meeting, attendees: int, organisation_ids: list[int],
                   summary: str) -> None:
    if meeting.starts_at > utcnow():
        raise DialogueError(_("You can record what happened once the meeting has started."))
    if attendees < 0:
        raise DialogueError(_("The number of attendees cannot be negative."),
                            field="attendees")
    meeting.attendees = attendees
    meeting.summary = summary
    meeting.organisations_present = list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(organisation_ids)))) \
        if organisation_ids else []


def record_meeting_proposal(meeting: Meeting, moderator: User, title: str, body: str,
                            theme_id: int) -> Proposal:
    """A proposal raised at a meeting, entered by a moderator so that offline voices
    join the same pipeline; published at once with the meeting as its source."""
    dialogue = db.session.get(Dialogue, meeting.dialogue_id)
    proposal = proposal_services.submit_proposal(
        moderator, title, body, dialogue.community_id, theme_id)
    proposal.dialogue_id = dialogue.id
    proposal.source_meeting_id = meeting.id
    if proposal.status == ProposalStatus.SUBMITTED:
        proposal_services.approve(proposal, moderator)
    audit.record("proposal.recorded", "proposal", proposal.reference, proposal.title,
                 actor=moderator, details={"meeting": meeting.id, "dialogue": dialogue.id})
    return proposal


def check_open_for_proposals(dialogue: Dialogue) -> None:
    if dialogue.status != DialogueStatus.OPEN:
        raise DialogueError(_("The dialogue is not open for proposals."))
    today = utcnow().astimezone(STOCKHOLM).date()
    if dialogue.proposals_from and today < dialogue.proposals_from:
        raise DialogueError(_("The dialogue takes proposals from %(date)s.",
                              date=dialogue.proposals_from.isoformat()))
    if dialogue.proposals_until and today > dialogue.proposals_until:
        raise DialogueError(_("The last day for proposals in this dialogue has passed."))


def publish_feedback(dialogue: Dialogue, moderator: User, heard: str, next_steps: str,
                     answers: dict[int, tuple[str, str]]) -> None:
    """Publish what was heard and what happens next, and answer the dialogue's
    proposals; sets the dialogue to återkopplad and tells everyone involved.

    `answers` maps proposal id to (decision, motivation); empty decisions are
    left as they are.
    """
    if dialogue.status != DialogueStatus.CLOSED:
        raise DialogueError(_("Close the dialogue before you publish the feedback."))
    if not heard.strip() or not next_steps.strip():
        raise DialogueError(_("Write both what you heard and what happens next."),
                            field="heard" if not heard.strip() else "next_steps")
    proposals = {p.id: p for p in db.session.scalars(
        select(Proposal).where(Proposal.dialogue_id == dialogue.id))}
    for proposal_id, (decision, motivation) in answers.items():
        proposal = proposals.get(proposal_id)
        if proposal is None:
            raise DialogueError(_("A proposal in the form does not belong to this dialogue."))
        if not decision:
            continue
        if not motivation.strip():
            raise DialogueError(_("Write a motivation for every proposal you answer."),
                                field=f"motivation_{proposal_id}")
        try:
            if proposal.status == ProposalStatus.PUBLISHED:
                proposal_services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION,
                                             moderator, notify=False)
            proposal_services.transition(proposal, ProposalStatus.ANSWERED, moderator,
                                         reason=motivation, decision=Decision(decision))
        except proposal_services.ProposalError as error:  # e.g. answered already
            raise DialogueError(str(error), field=f"motivation_{proposal_id}") from error
    dialogue.feedback_heard = heard.strip()
    dialogue.feedback_next = next_steps.strip()
    dialogue.feedback_published_at = utcnow()
    dialogue.status = DialogueStatus.FEEDBACK_PUBLISHED
    audit.record("dialogue.feedback_published", "dialogue", dialogue.id, dialogue.title,
                 actor=moderator)
    _tell_participants(dialogue, proposals.values())


def _tell_participants(dialogue: Dialogue, proposals) -> None:
    registrants = set(db.session.scalars(
        select(Registration.user_id).join(Meeting, Meeting.id == Registration.meeting_id)
        .where(Meeting.dialogue_id == dialogue.id,
               Registration.status != RegistrationStatus.CANCELLED)))
    authors = {p.author_id for p in proposals if p.author_id}
    url = external_url("dialogues.show", dialogue_id=dialogue.id)
    for user in db.session.scalars(select(User).where(User.id.in_(registrants | authors),
                                                      User.active.is_(True))):
        notifications.notify(
            user, Category.DIALOGUES, "dialogue_feedback",
            subject=lambda: _("Feedback from %(title)s", title=dialogue.title),
            template="dialogue_feedback", url=url, dialogue=dialogue)


def send_reminders(now: datetime | None = None) -> int:
    """E-mail everyone with a place at a meeting that takes place tomorrow
    (Stockholm time). Each registration is reminded once, however often this runs."""
    now = now or utcnow()
    tomorrow = now.astimezone(STOCKHOLM).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), STOCKHOLM)
    end = start + timedelta(days=1)
    due = db.session.scalars(
        select(Registration).join(Meeting, Meeting.id == Registration.meeting_id)
        .where(Registration.status == RegistrationStatus.REGISTERED,
               Registration.reminder_sent_at.is_(None), Meeting.cancelled_at.is_(None),
               Meeting.starts_at >= start, Meeting.starts_at < end)
        .with_for_update(skip_locked=True)).all()
    sent = 0
    for registration in due:
        # Claim the row first, so two cron runs at once never both send.
        claimed = db.session.execute(
            update(Registration).where(Registration.id == registration.id,
                                       Registration.reminder_sent_at.is_(None))
            .values(reminder_sent_at=now)).rowcount
        if not claimed:
            continue
        meeting = db.session.get(Meeting, registration.meeting_id)
        user = db.session.get(User, registration.user_id)
        dialogue = db.session.get(Dialogue, meeting.dialogue_id)
        notifications.notify(
            user, Category.DIALOGUES, "meeting_reminder",
            subject=lambda title=meeting.title: _("Reminder: %(title)s tomorrow", title=title),
            template="meeting_reminder",
            url=external_url("dialogues.show", dialogue_id=dialogue.id),
            attachment=_meeting_attachment(meeting), meeting=meeting, dialogue=dialogue)
        sent += 1
    return sent
