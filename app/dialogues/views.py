"""Dialogue pages: lists, the dialogue's story, meetings, sign-up, calendars."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from app.communities.queries import active_communities, community_by_slug
from app.core.forms import EmptyForm, select_choices
from app.core.page_cache import cached_page, register_switch, resident
from app.core.pagination import page_number
from app.core.permissions import Permission, can, requires
from app.core.sections import Section, provide, sections_for
from app.core.sections import register as register_section
from app.dialogues import bp, queries, services
from app.dialogues.calendar import meetings_ics
from app.dialogues.forms import DialogueFilterForm, RegistrationForm, StatusForm
from app.dialogues.labels import (
    LEVEL_EXPLANATIONS,
    LEVEL_LABELS,
    STATUS_LABELS,
    STATUS_STYLES,
    TARGET_GROUP_LABELS,
)
from app.dialogues.models import Dialogue, Meeting, Registration, RegistrationStatus
from app.extensions import db
from app.organisations import contributions
from app.organisations.acting import acting_choices, chosen_organisation

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@bp.record_once
def _label_globals(state) -> None:
    state.app.jinja_env.globals.update(
        dialogue_status_labels=STATUS_LABELS, dialogue_status_styles=STATUS_STYLES,
        level_labels=LEVEL_LABELS, level_explanations=LEVEL_EXPLANATIONS,
        target_group_labels=TARGET_GROUP_LABELS)


# The front and community pages show the newest few dialogues and link to the
# full list, so a municipality with hundreds of dialogues keeps light pages.
SECTION_DIALOGUES = 6


def _community_section(community) -> Section:
    return Section("dialogues/_community_section.html",
                   {"dialogues": queries.community_dialogues(community.id,
                                                             limit=SECTION_DIALOGUES),
                    "meetings": queries.upcoming_meetings(community.id, limit=5)})


def _front_page_section(_obj) -> Section:
    return Section("dialogues/_front_page_section.html",
                   {"dialogues": queries.open_dialogues(limit=SECTION_DIALOGUES),
                    "meetings": queries.upcoming_meetings(limit=5)})


register_section("community_page", _community_section, order=20)


def _registration_counts(organisation_ids: list[int]) -> dict[int, int]:
    """Meeting sign-ups made on behalf of each organisation (cancelled ones excluded)."""
    return dict(db.session.execute(
        select(Registration.organisation_id, func.count())
        .where(Registration.organisation_id.in_(organisation_ids),
               Registration.status != RegistrationStatus.CANCELLED)
        .group_by(Registration.organisation_id)).all())


contributions.register_counter("meeting_registrations", _l("dialogue meeting sign-ups"),
                               _registration_counts)
register_section("front_page", _front_page_section)


def to_utc(value: datetime | None) -> datetime | None:
    """Times are entered in Swedish local time and stored in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=STOCKHOLM).astimezone(UTC)


def to_local(value: datetime | None) -> datetime | None:
    return value.astimezone(STOCKHOLM).replace(tzinfo=None) if value else None


def load(dialogue_id: int) -> Dialogue:
    found = queries.dialogue(dialogue_id)
    if found is None:
        abort(404)
    return found


def load_meeting(dialogue: Dialogue, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id) if meeting_id < 2**31 else None
    if meeting is None or meeting.dialogue_id != dialogue.id:
        abort(404)
    return meeting


@bp.route("/dialoger")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def index():
    form = DialogueFilterForm(request.args)
    form.community.choices = select_choices(
        [("", _("All local communities")), (queries.WHOLE, _("Whole municipality"))]
        + [(str(c.id), c.name) for c in active_communities()])
    form.status.choices = select_choices([("", _("All statuses"))] + [
        (s.value, label) for s, label in STATUS_LABELS.items()])
    form.target_group.choices = select_choices([("", _("All target groups"))] + [
        (g.value, label) for g, label in TARGET_GROUP_LABELS.items()])
    target = form.target_group.data if form.target_group.data in {
        g.value for g in TARGET_GROUP_LABELS} else ""
    found = queries.dialogues(form.community.data or "", form.status.data or "", target,
                              page=page_number())
    args = {key: value for key, value in (("community", form.community.data),
                                          ("status", form.status.data),
                                          ("target_group", target)) if value}
    return render_template("dialogues/index.html", form=form, page=found, args=args,
                           groups=queries.target_groups_by_dialogue(
                               [d.id for d in found.items]))


def _registration_variant(meeting_id: str) -> int:
    """The switch "registration" of a meeting on the dialogue page: 0 for no
    place, 1 for a place, 2 for a place on the waiting list."""
    status = queries.registration_statuses(current_user).get(
        int(meeting_id) if meeting_id.isdigit() else 0)
    return {RegistrationStatus.REGISTERED: 1, RegistrationStatus.WAITLISTED: 2}.get(status, 0)


register_switch("registration", _registration_variant)


@bp.route("/dialoger/<int:dialogue_id>")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def show(dialogue_id: int):
    dialogue = load(dialogue_id)
    organiser = can(current_user, Permission.MANAGE_DIALOGUES)
    return render_template(
        "dialogues/show.html", dialogue=dialogue,
        target_groups=services.target_groups(dialogue),
        proposals=queries.dialogue_proposals(dialogue),
        organiser=organiser, status_form=StatusForm() if organiser else None,
        next_statuses=services.next_statuses(dialogue),
        action_form=EmptyForm(), now=datetime.now(UTC),
        sections=sections_for("dialogue_page", dialogue))


@bp.route("/dialoger/<int:dialogue_id>/moten/<int:meeting_id>/anmalan",
          methods=["GET", "POST"])
@requires(Permission.TAKE_PART)
def register(dialogue_id: int, meeting_id: int):
    dialogue = load(dialogue_id)
    meeting = load_meeting(dialogue, meeting_id)
    form = RegistrationForm()
    form.acting_as.choices = select_choices(acting_choices())
    if form.validate_on_submit():
        organisation = chosen_organisation(form.acting_as.data)
        try:
            registration = services.register(
                meeting, current_user, organisation, form.needs_interpreter.data,
                form.allergies.data, form.accessibility_needs.data)
        except services.DialogueError as error:
            db.session.rollback()
            flash(str(error), "error")
            return render_template("dialogues/register.html", dialogue=dialogue,
                                   meeting=meeting, form=form), 400
        db.session.commit()
        if registration.status == RegistrationStatus.REGISTERED:
            flash(_("You are signed up. We have e-mailed you the meeting for your calendar."),
                  "success")
        else:
            flash(_("The meeting is full, so you are on the waiting list. You get an e-mail "
                    "if a place becomes free."), "success")
        return redirect(url_for("dialogues.show", dialogue_id=dialogue.id)
                        + f"#mote-{meeting.id}")
    status = 400 if form.is_submitted() else 200
    return render_template("dialogues/register.html", dialogue=dialogue, meeting=meeting,
                           form=form), status


@bp.route("/dialoger/<int:dialogue_id>/moten/<int:meeting_id>/avanmalan", methods=["POST"])
@requires(Permission.TAKE_PART)
def unregister(dialogue_id: int, meeting_id: int):
    dialogue = load(dialogue_id)
    meeting = load_meeting(dialogue, meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    registration = db.session.scalars(db.select(Registration).where(
        Registration.meeting_id == meeting.id, Registration.user_id == current_user.id)).first()
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        flash(_("You were not signed up for this meeting."), "info")
    else:
        services.cancel_registration(registration)
        db.session.commit()
        flash(_("Your registration is cancelled."), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + f"#mote-{meeting.id}")


def _ics_response(body: str, filename: str) -> Response:
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@bp.route("/dialoger/<int:dialogue_id>/moten/<int:meeting_id>.ics")
@requires(Permission.PUBLIC)
def meeting_ics(dialogue_id: int, meeting_id: int):
    dialogue = load(dialogue_id)
    meeting = load_meeting(dialogue, meeting_id)
    return _ics_response(meetings_ics([(meeting, dialogue.title)], dialogue.title,
                                      services._host()), f"dialogmote-{meeting.id}.ics")


@bp.route("/dialoger/kalender.ics")
@requires(Permission.PUBLIC)
def calendar_feed():
    slug = request.args.get("lokalsamhalle", "")
    community = community_by_slug(slug) if slug else None
    if slug and community is None:
        abort(404)
    meetings = queries.upcoming_meetings(community.id if community else None)
    name = (_("Dialogue meetings in %(name)s", name=community.name) if community
            else _("Dialogue meetings"))
    return _ics_response(meetings_ics([(m, m.dialogue.title) for m in meetings], name,
                                      services._host()), "dialogmoten.ics")


def _open_for_proposals(dialogue_id: int):
    """For the proposal form: the dialogue, None when unknown, or why it is closed."""
    found = queries.dialogue(dialogue_id)
    if found is None:
        return None
    try:
        services.check_open_for_proposals(found)
    except services.DialogueError as error:
        return str(error)
    return found


provide("dialogue_open_for_proposals", _open_for_proposals)
