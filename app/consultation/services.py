"""Every write of a consultation: its period, the draft's versions and sections,
comments, responses and proposals tied to sections. Never commits.

Each function checks what it is given and raises `ConsultationError(message,
field)` with a message for the person, before anything is written, so a
refused request leaves nothing half-done. Moderators' writes go in the audit
log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.consultation.models import (
    COMMENT_MAX,
    NOTE_MAX,
    RESPONSE_MAX,
    SECTION_TEXT_MAX,
    TITLE_MAX,
    Consultation,
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    SectionComment,
    SectionKind,
    SectionProposal,
    VersionStatus,
)
from app.core import audit
from app.core.i18n import local_now
from app.core.models import utcnow
from app.extensions import db
from app.groups.models import LocalGroup
from app.groups.services import may_act_for
from app.organisations.models import Organisation
from app.plans.models import DECIDED_STATUSES, Challenge, Plan, PlanStatus
from app.proposals.models import Proposal
from app.proposals.services import personal_data_message

# A consultation longer than a year is a mistake in the dates, not a consultation.
MAX_PERIOD_DAYS = 366


class ConsultationError(Exception):
    """A rule refused the operation; the message is for the person."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def today() -> date:
    """The date in the municipality: the period's days are its days."""
    return local_now().date()


# --- whether one can take part --------------------------------------------------


@dataclass(frozen=True)
class Openness:
    """Whether comments, proposals and responses are accepted now, and if not, why."""

    is_open: bool
    reason: str = ""
    days_left: int | None = None


def openness(plan: Plan, consultation: Consultation | None,
             published: DraftVersion | None, on: date | None = None) -> Openness:
    on = on or today()
    if plan.status == PlanStatus.ADOPTED and plan.decision_body and plan.decision_date:
        return Openness(False, _("The steering document was adopted by %(body)s on %(date)s. "
                                 "The consultation is over and it is no longer possible to "
                                 "comment.", body=plan.decision_body,
                                 date=_long_date(plan.decision_date)))
    if plan.status == PlanStatus.ADOPTED:
        return Openness(False, _("The steering document is adopted. The consultation is "
                                 "over and it is no longer possible to comment."))
    if plan.status == PlanStatus.EXPIRED:
        return Openness(False, _("The steering document has expired. The consultation is "
                                 "over and it is no longer possible to comment."))
    if consultation is None or consultation.starts_on is None or consultation.ends_on is None:
        return Openness(False, _("The consultation period is not set yet."))
    if plan.status != PlanStatus.CONSULTATION:
        return Openness(False, _("The steering document is not in consultation."))
    if published is None:
        return Openness(False, _("The draft is not published yet."))
    if on < consultation.starts_on:
        return Openness(False, _("The consultation has not started. It opens on %(date)s.",
                                 date=_long_date(consultation.starts_on)))
    if on > consultation.ends_on:
        return Openness(False, _("The consultation ended on %(date)s. It is no longer "
                                 "possible to comment.", date=_long_date(consultation.ends_on)))
    return Openness(True, days_left=(consultation.ends_on - on).days)


def _long_date(value: date) -> str:
    from app.core.i18n import date_filter

    return date_filter(value)


def _refuse_decided(plan: Plan, adopted_message: str, field: str | None = None) -> None:
    """Once the plan is adopted (or has expired) its consultation is frozen:
    the adopted version is the record of what was decided."""
    if plan.status == PlanStatus.EXPIRED:
        raise ConsultationError(_("The steering document has expired: its consultation and "
                                  "draft can no longer be changed."), field)
    if plan.status in DECIDED_STATUSES:
        raise ConsultationError(adopted_message, field)


def _require_open(plan: Plan, consultation: Consultation | None,
                  published: DraftVersion | None) -> None:
    state = openness(plan, consultation, published)
    if not state.is_open:
        raise ConsultationError(state.reason)


# --- the consultation and its period --------------------------------------------


def consultation_of(plan: Plan) -> Consultation | None:
    return db.session.scalars(select(Consultation).where(Consultation.plan_id == plan.id)).first()


def _ensure_consultation(plan: Plan) -> Consultation:
    """The plan's consultation, created on the first write that needs it."""
    found = consultation_of(plan)
    if found is not None:
        return found
    consultation = Consultation(plan_id=plan.id)
    try:
        with db.session.begin_nested():
            db.session.add(consultation)
            db.session.flush()
    except IntegrityError:
        # The same form sent twice at once: the other request made it.
        return consultation_of(plan)
    audit.record("consultation.created", "plan", plan.id, plan.title)
    return consultation


def set_period(plan: Plan, starts_on: date | None, ends_on: date | None) -> Consultation:
    if starts_on is None:
        raise ConsultationError(_("Give the first day of the consultation."), "starts_on")
    if ends_on is None:
        raise ConsultationError(_("Give the last day of the consultation."), "ends_on")
    if ends_on < starts_on:
        raise ConsultationError(_("The last day cannot be before the first day."), "ends_on")
    if (ends_on - starts_on).days > MAX_PERIOD_DAYS:
        raise ConsultationError(_("A consultation can last at most a year. Check the dates."),
                                "ends_on")
    _refuse_decided(plan, _("The steering document is adopted: its consultation is over and "
                            "cannot be changed."), "starts_on")
    consultation = _ensure_consultation(plan)
    before = (consultation.starts_on, consultation.ends_on)
    consultation.starts_on, consultation.ends_on = starts_on, ends_on
    db.session.flush()
    audit.record("consultation.period_set", "plan", plan.id, plan.title,
                 details={"from": [str(day) if day else None for day in before],
                          "to": [str(starts_on), str(ends_on)]})
    return consultation


# --- versions and sections ------------------------------------------------------


def _versions(consultation: Consultation) -> list[DraftVersion]:
    return list(db.session.scalars(select(DraftVersion).where(
        DraftVersion.consultation_id == consultation.id).order_by(DraftVersion.number)))


def _sections(version: DraftVersion) -> list[DraftSection]:
    return list(db.session.scalars(select(DraftSection).where(
        DraftSection.version_id == version.id).order_by(DraftSection.position, DraftSection.id)))


def _challenges(plan: Plan) -> list[Challenge]:
    return list(db.session.scalars(select(Challenge).where(Challenge.plan_id == plan.id)
                                   .order_by(Challenge.position, Challenge.id)))


def _new_lineage() -> str:
    return uuid.uuid4().hex


def _refuse_published(version: DraftVersion) -> None:
    _refuse_decided(_plan_of(version), _("The steering document is adopted: its draft can "
                                         "no longer be revised."))
    if version.is_published:
        raise ConsultationError(_(
            "Version %(number)s is published and cannot be changed. Start a new version to "
            "revise the draft.", number=version.number))


def new_version(plan: Plan, author: User) -> DraftVersion:
    """A new draft version to write in: a copy of the latest version, with a
    section for each challenge the plan has gained since. While a draft
    version exists it is returned instead (a double click makes one)."""
    _refuse_decided(plan, _("The steering document is adopted: its draft can no longer be "
                            "revised."))
    consultation = _ensure_consultation(plan)
    versions = _versions(consultation)
    if versions and not versions[-1].is_published:
        return versions[-1]
    version = DraftVersion(consultation_id=consultation.id,
                           number=(versions[-1].number + 1) if versions else 1,
                           status=VersionStatus.DRAFT, created_by_id=author.id, note="")
    try:
        with db.session.begin_nested():
            db.session.add(version)
            db.session.flush()
    except IntegrityError:
        # Another request started the same version a moment earlier.
        return _versions(consultation)[-1]
    if versions:
        for section in _sections(versions[-1]):
            db.session.add(DraftSection(
                version_id=version.id, lineage=section.lineage, kind=section.kind,
                challenge_id=section.challenge_id, position=section.position,
                title=section.title, body=section.body))
        db.session.flush()
    sync_challenges(version, plan)
    audit.record("consultation.version_started", "plan", plan.id, plan.title,
                 details={"version": version.number})
    return version


def sync_challenges(version: DraftVersion, plan: Plan) -> None:
    """Give a draft version one section per challenge of the plan, titled as
    the challenge is now; challenges without a section are added last."""
    if version.is_published:
        return
    sections = _sections(version)
    by_challenge = {s.challenge_id: s for s in sections if s.kind == SectionKind.CHALLENGE}
    position = max((s.position for s in sections), default=0)
    for challenge in _challenges(plan):
        section = by_challenge.get(challenge.id)
        if section is None:
            position += 1
            db.session.add(DraftSection(
                version_id=version.id, lineage=_new_lineage(), kind=SectionKind.CHALLENGE,
                challenge_id=challenge.id, position=position, title=challenge.title,
                body=challenge.description or ""))
        elif section.title != challenge.title:
            section.title = challenge.title
    db.session.flush()


def challenges_without_section(version: DraftVersion) -> list[Challenge]:
    """The plan's challenges that a draft version has no section for yet
    (added to the plan after the version was started)."""
    if version.is_published:
        return []
    covered = set(db.session.scalars(select(DraftSection.challenge_id).where(
        DraftSection.version_id == version.id, DraftSection.challenge_id.is_not(None))))
    return [c for c in _challenges(_plan_of(version)) if c.id not in covered]


def _text(value: str | None, field: str, maximum: int, *, required: str | None = None) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if required and not value:
        raise ConsultationError(required, field)
    if len(value) > maximum:
        raise ConsultationError(_("The text can be at most %(n)s characters.", n=maximum),
                                field)
    return value


@dataclass
class SectionText:
    section_id: int
    title: str | None
    body: str | None


def save_sections(version: DraftVersion, texts: list[SectionText], note: str | None) -> int:
    """Save the text of a draft version's sections; returns how many changed.

    Every section id must belong to the version (a tampered form is refused
    as a whole). Challenge sections keep the challenge's title.
    """
    _refuse_published(version)
    sections = {section.id: section for section in _sections(version)}
    changes: list[tuple[DraftSection, str, str]] = []
    for index, text in enumerate(texts):
        section = sections.get(text.section_id)
        if section is None:
            raise ConsultationError(_("The form had a section that is not part of this "
                                      "version. Reload the page and try again."),
                                    "sections")
        field = f"sections-{index}"
        body = _text(text.body, f"{field}-body", SECTION_TEXT_MAX)
        title = section.title
        if section.kind == SectionKind.FREE:
            title = _text(text.title, f"{field}-title", TITLE_MAX,
                          required=_("Write the section's title."))
        changes.append((section, title, body))
    note_text = _text(note, "note", NOTE_MAX)
    changed = 0
    for section, title, body in changes:
        if (section.title, section.body) != (title, body):
            section.title, section.body = title, body
            changed += 1
    version.note = note_text
    db.session.flush()
    sync_challenges(version, _plan_of(version))
    if changed:
        _audit_version(version, "consultation.draft_edited", {"sections": changed})
    return changed


def _plan_of(version: DraftVersion) -> Plan:
    return db.session.scalars(select(Plan).join(Consultation, Consultation.plan_id == Plan.id)
                              .where(Consultation.id == version.consultation_id)).one()


def _audit_version(version: DraftVersion, action: str, details: dict | None = None) -> None:
    plan = _plan_of(version)
    audit.record(action, "plan", plan.id, plan.title,
                 details={"version": version.number, **(details or {})})


def add_section(version: DraftVersion, title: str | None, body: str | None) -> DraftSection:
    """A free section (vision, principles …), placed last. The same title
    sent twice (a double submit) adds one."""
    _refuse_published(version)
    title = _text(title, "title", TITLE_MAX, required=_("Write the section's title."))
    body = _text(body, "body", SECTION_TEXT_MAX)
    sections = _sections(version)
    same = next((s for s in sections if s.kind == SectionKind.FREE and s.title == title), None)
    if same is not None:
        return same
    section = DraftSection(version_id=version.id, lineage=_new_lineage(), kind=SectionKind.FREE,
                           position=max((s.position for s in sections), default=0) + 1,
                           title=title, body=body)
    db.session.add(section)
    db.session.flush()
    _audit_version(version, "consultation.section_added", {"title": title})
    return section


def _section_of(version: DraftVersion, section_id: int) -> DraftSection:
    section = db.session.get(DraftSection, section_id) if 0 < section_id < 2**31 else None
    if section is None or section.version_id != version.id:
        raise ConsultationError(_("The section is not part of this version."))
    return section


def move_section(version: DraftVersion, section_id: int, direction: str) -> None:
    _refuse_published(version)
    if direction not in ("up", "down"):
        raise ConsultationError(_("Move up or down."))
    section = _section_of(version, section_id)
    rows = _sections(version)
    for index, row in enumerate(rows, start=1):
        row.position = index
    index = rows.index(section)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index].position, rows[other].position = rows[other].position, rows[index].position
    db.session.flush()
    _audit_version(version, "consultation.section_moved",
                   {"title": section.title, "direction": direction})


def delete_section(version: DraftVersion, section_id: int) -> None:
    """Only free sections: a challenge's section goes with the challenge."""
    _refuse_published(version)
    section = _section_of(version, section_id)
    if section.kind != SectionKind.FREE:
        raise ConsultationError(_("A challenge's section cannot be removed here. Remove the "
                                  "challenge in the steering document's structure instead."))
    title = section.title
    db.session.delete(section)
    db.session.flush()
    for index, row in enumerate(_sections(version), start=1):
        row.position = index
    _audit_version(version, "consultation.section_removed", {"title": title})


def publish_version(version: DraftVersion, publisher: User) -> None:
    """Freeze the version and make it the one people read and comment on."""
    if version.is_published:
        raise ConsultationError(_("Version %(number)s is already published.",
                                  number=version.number))
    plan = _plan_of(version)
    _refuse_decided(plan, _("The steering document is adopted: no new version of the "
                            "draft can be published."))
    sync_challenges(version, plan)
    sections = _sections(version)
    if not any(section.body.strip() for section in sections):
        raise ConsultationError(_("Write the text of at least one section before you "
                                  "publish."))
    version.status = VersionStatus.PUBLISHED
    version.published_at = utcnow()
    version.published_by_id = publisher.id
    db.session.flush()
    audit.record("consultation.version_published", "plan", plan.id, plan.title,
                 details={"version": version.number, "sections": len(sections)})


def discard_draft(version: DraftVersion) -> None:
    """Throw away a draft version that was never published."""
    _refuse_published(version)
    _audit_version(version, "consultation.draft_discarded")
    db.session.delete(version)
    db.session.flush()


def latest_published(consultation: Consultation | None) -> DraftVersion | None:
    if consultation is None:
        return None
    return db.session.scalars(select(DraftVersion).where(
        DraftVersion.consultation_id == consultation.id,
        DraftVersion.status == VersionStatus.PUBLISHED)
        .order_by(DraftVersion.number.desc()).limit(1)).first()


# --- taking part ----------------------------------------------------------------


def _check_personal_data(text: str, field: str) -> None:
    message = personal_data_message(text)
    if message:
        raise ConsultationError(message, field)


def _current_section(plan: Plan, section: DraftSection) -> tuple[Consultation, DraftVersion]:
    """The consultation and its current version, when the section belongs to it;
    a section of an older version is refused with the way forward."""
    consultation = consultation_of(plan)
    published = latest_published(consultation)
    _require_open(plan, consultation, published)
    if section.version_id != published.id:
        raise ConsultationError(_("The section has been revised in a newer version of the "
                                  "draft. Comment on the newest version."))
    return consultation, published


def _check_sender(author: User, organisation: Organisation | None,
                  group: LocalGroup | None, field: str) -> None:
    """One sender at most besides the person, and a group only for its members
    (the views have already refused other organisations and groups with 403)."""
    if organisation is not None and group is not None:
        raise ConsultationError(_("Choose either an organisation or a local development "
                                  "group, not both."), field)
    if group is not None and not may_act_for(author, group):
        raise ConsultationError(_("Only the members of %(name)s can write in its name.",
                                  name=group.name), field)


def add_comment(plan: Plan, section: DraftSection, author: User, body: str | None,
                organisation: Organisation | None = None,
                submission_key: str | None = None,
                group: LocalGroup | None = None) -> SectionComment:
    """A comment on a section of the current version while the period runs, as
    oneself, for an organisation or for a local development group; the same
    form sent twice adds one comment."""
    existing = _by_key(submission_key, author)
    if existing is not None:
        return existing
    _check_sender(author, organisation, group, "acting_as")
    _current_section(plan, section)
    text = _text(body, "body", COMMENT_MAX, required=_("Write a comment before you send it."))
    _check_personal_data(text, "body")
    comment = SectionComment(section_id=section.id, author_id=author.id,
                             organisation_id=organisation.id if organisation else None,
                             group_id=group.id if group else None,
                             body=text, submission_key=submission_key)
    try:
        with db.session.begin_nested():
            db.session.add(comment)
            db.session.flush()
    except IntegrityError:
        existing = _by_key(submission_key, author)
        if existing is None:
            # The key belongs to someone else's form: a tampered hidden field.
            raise ConsultationError(_("Check what you sent and try again."), "body") from None
        return existing
    return comment


def _by_key(key: str | None, author: User) -> SectionComment | None:
    if not key:
        return None
    return db.session.scalars(select(SectionComment).where(
        SectionComment.submission_key == key, SectionComment.author_id == author.id)).first()


def response_of(consultation: Consultation, organisation: Organisation | None,
                group: LocalGroup | None = None) -> ConsultationResponse | None:
    """The response of the organisation, or of the group."""
    sender = ConsultationResponse.organisation_id == organisation.id if organisation \
        else ConsultationResponse.group_id == group.id
    return db.session.scalars(select(ConsultationResponse).where(
        ConsultationResponse.consultation_id == consultation.id, sender)).first()


def save_response(plan: Plan, organisation: Organisation | None, author: User,
                  body: str | None, group: LocalGroup | None = None
                  ) -> tuple[ConsultationResponse, bool]:
    """Write or rewrite the organisation's (or the group's) response while the
    period runs. Returns (the response, whether it was new)."""
    if organisation is None and group is None:
        raise ConsultationError(_("Choose the organisation or group the response is from."),
                                "organisation")
    _check_sender(author, organisation, group, "organisation")
    consultation = consultation_of(plan)
    published = latest_published(consultation)
    _require_open(plan, consultation, published)
    text = _text(body, "body", RESPONSE_MAX,
                 required=_("Write the response before you send it."))
    _check_personal_data(text, "body")
    response = response_of(consultation, organisation, group)
    if response is not None:
        response.body = text
        response.edited_by_id = author.id
        response.version_id = published.id
        db.session.flush()
        return response, False
    response = ConsultationResponse(
        consultation_id=consultation.id, organisation_id=organisation.id if organisation else None,
        group_id=group.id if group else None, author_id=author.id,
        edited_by_id=author.id, version_id=published.id, body=text)
    try:
        with db.session.begin_nested():
            db.session.add(response)
            db.session.flush()
    except IntegrityError:
        # Two members sent it at the same moment: the later one rewrites it.
        response = response_of(consultation, organisation, group)
        response.body, response.edited_by_id = text, author.id
        db.session.flush()
        return response, False
    return response, True


def open_section_for_proposals(plan: Plan, section: DraftSection) -> str | None:
    """None when a proposal may be tied to the section now, else why not."""
    try:
        _current_section(plan, section)
    except ConsultationError as error:
        return str(error)
    return None


def tie_proposal(proposal: Proposal, section: DraftSection) -> SectionProposal:
    """Tie a newly sent proposal to the section; sending the form twice ties once."""
    existing = db.session.get(SectionProposal, proposal.id)
    if existing is not None:
        return existing
    row = SectionProposal(proposal_id=proposal.id, section_id=section.id)
    db.session.add(row)
    db.session.flush()
    return row

