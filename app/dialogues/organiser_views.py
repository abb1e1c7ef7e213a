"""The organisers' side: create dialogues and meetings, participants, outcome, feedback."""

from __future__ import annotations

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.communities.queries import active_communities, active_themes
from app.core.forms import EmptyForm, form_status, select_choices
from app.core.permissions import Permission, requires
from app.dialogues import bp, queries, services
from app.dialogues.forms import (
    DialogueForm,
    FeedbackForm,
    MeetingForm,
    MeetingProposalForm,
    OutcomeForm,
    StatusForm,
)
from app.dialogues.models import DialogueStatus, Meeting
from app.dialogues.views import load, load_meeting, to_local, to_utc
from app.extensions import db
from app.organisations.queries import directory
from app.proposals.labels import DECISION_LABELS
from app.proposals.models import ProposalStatus

WHOLE = queries.WHOLE


def _dialogue_choices(form: DialogueForm) -> None:
    form.community.choices = select_choices(
        [(WHOLE, _("Whole municipality"))] + [(str(c.id), c.name) for c in active_communities()])
    form.partners.choices = select_choices((o.id, o.name) for o in directory(None))
    form.responsible.choices = select_choices((u.id, u.display_name)
                                              for u in queries.moderators())


def _dialogue_details(form: DialogueForm) -> dict:
    community = form.community.data
    return {
        "title": form.title.data, "question": form.question.data,
        "influence_scope": form.influence_scope.data, "description": form.description.data,
        "community_id": None if community == WHOLE else
        (int(community) if (community or "").isdigit() and len(community) < 10 else -1),
        "participation_level": form.participation_level.data,
        "target_groups": form.target_groups.data or [],
        "organising_unit": form.organising_unit.data or "",
        "partner_ids": form.partners.data or [], "responsible_ids": form.responsible.data or [],
        "proposals_from": form.proposals_from.data, "proposals_until": form.proposals_until.data,
    }


def _save_dialogue(form: DialogueForm, dialogue):
    try:
        if dialogue is None:
            dialogue = services.create_dialogue(current_user, **_dialogue_details(form))
        else:
            services.update_dialogue(dialogue, **_dialogue_details(form))
    except services.DialogueError as error:
        db.session.rollback()
        getattr(form, error.field or "title").errors.append(str(error))
        return None
    db.session.commit()
    flash(_("The dialogue is saved."), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id))


@bp.route("/dialoger/ny", methods=["GET", "POST"])
@requires(Permission.MANAGE_DIALOGUES)
def create():
    form = DialogueForm()
    _dialogue_choices(form)
    if request.method == "GET":
        form.community.data = WHOLE
    if form.validate_on_submit():
        response = _save_dialogue(form, None)
        if response is not None:
            return response
    return render_template("dialogues/form.html", form=form, dialogue=None), \
        form_status(form)


@bp.route("/dialoger/<int:dialogue_id>/redigera", methods=["GET", "POST"])
@requires(Permission.MANAGE_DIALOGUES)
def edit(dialogue_id: int):
    dialogue = load(dialogue_id)
    form = DialogueForm(obj=dialogue if request.method == "GET" else None)
    _dialogue_choices(form)
    if request.method == "GET":
        form.community.data = str(dialogue.community_id) if dialogue.community_id else WHOLE
        form.target_groups.data = services.target_groups(dialogue)
        form.partners.data = [o.id for o in dialogue.partners]
        form.responsible.data = [u.id for u in dialogue.responsible]
    if form.validate_on_submit():
        response = _save_dialogue(form, dialogue)
        if response is not None:
            return response
    return render_template("dialogues/form.html", form=form, dialogue=dialogue), \
        400 if form.errors else 200


@bp.route("/dialoger/<int:dialogue_id>/status", methods=["POST"])
@requires(Permission.MANAGE_DIALOGUES)
def change_status(dialogue_id: int):
    dialogue = load(dialogue_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_status(dialogue, DialogueStatus(form.status.data))
    except services.DialogueError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The status is changed."), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id))


def _meeting_fields(form: MeetingForm) -> dict:
    return {"title": form.title.data, "starts_at": to_utc(form.starts_at.data),
            "ends_at": to_utc(form.ends_at.data), "place": form.place.data or "",
            "address": form.address.data or "", "step_free": form.step_free.data,
            "hearing_loop": form.hearing_loop.data,
            "accessibility_info": form.accessibility_info.data or "",
            "online_url": form.online_url.data or None, "capacity": form.capacity.data,
            "registration_deadline": to_utc(form.registration_deadline.data),
            "description": form.description.data or ""}


def _meeting_form(dialogue, meeting: Meeting | None):
    form = MeetingForm(obj=meeting if request.method == "GET" else None)
    if request.method == "GET" and meeting is not None:
        form.starts_at.data = to_local(meeting.starts_at)
        form.ends_at.data = to_local(meeting.ends_at)
        form.registration_deadline.data = to_local(meeting.registration_deadline)
    if form.validate_on_submit():
        try:
            saved = services.save_meeting(dialogue, meeting, **_meeting_fields(form))
        except services.DialogueError as error:
            db.session.rollback()
            getattr(form, error.field or "title").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The meeting is saved."), "success")
            return redirect(url_for("dialogues.show", dialogue_id=dialogue.id)
                            + f"#mote-{saved.id}")
    return render_template("dialogues/meeting_form.html", form=form, dialogue=dialogue,
                           meeting=meeting), 400 if form.errors else 200


@bp.route("/dialoger/<int:dialogue_id>/moten/nytt", methods=["GET", "POST"])
@requires(Permission.MANAGE_DIALOGUES)
def create_meeting(dialogue_id: int):
    return _meeting_form(load(dialogue_id), None)


@bp.route("/dialoger/<int:dialogue_id>/moten/<int:meeting_id>/redigera",
          methods=["GET", "POST"])
@requires(Permission.MANAGE_DIALOGUES)
def edit_meeting(dialogue_id: int, meeting_id: int):
    dialogue = load(dialogue_id)
    return _meeting_form(dialogue, load_meeting(dialogue, meeting_id))


@bp.route("/dialoger/<int:dialogue_id>/moten/<int:meeting_id>/stall-in", methods=["POST"])
@requires(Permission.MANAGE_DIALOGUES)
def cancel_meeting(dialogue_id: int, meeting_id: int):
    dialogue = load(dialogue_id)
    meeting = load_meeting(dialogue, meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.cancel_meeting(meeting)
    db.session.commit()
    flash(_("The meeting is cancelled and everyone signed up has been told."), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id))


@bp.route("/dialoger/<int:dialogue_id>/moten/<int:meeting_id>/deltagare")
@requires(Permission.MANAGE_DIALOGUES)
def participants(dialogue_id: int, meeting_id: int):
    dialogue = load(dialogue_id)
    meeting = load_meeting(dialogue, meeting_id)
    return render_template("dialogues/participants.html", dialogue=dialogue, meeting=meeting,
                           registrations=queries.participants(meeting))


@bp.route("/dialoger/<int:dialogue_id>/moten/<int:meeting_id>/deltagare.csv")
@requires(Permission.MANAGE_DIALOGUES)
def participants_csv(dialogue_id: int, meeting_id: int):
    dialogue = load(dialogue_id)
    meeting = load_meeting(dialogue, meeting_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Name"), _("E-mail address"), _("Organisation"), _("Status"),
                     _("Interpreter"), _("Allergies or food"), _("Accessibility needs"),
                     _("Signed up at")])
    for registration in queries.participants(meeting):
        writer.writerow([
            _safe_cell(registration.user.display_name), _safe_cell(registration.user.email),
            _safe_cell(registration.organisation.name if registration.organisation else ""),
            _("Has a place") if registration.status == "registered" else _("Waiting list"),
            _safe_cell(registration.needs_interpreter or ""),
            _safe_cell(registration.allergies or ""),
            _safe_cell(registration.accessibility_needs or ""),
            to_local(registration.created_at).strftime("%Y-%m-%d %H:%M")])
    # A byte order mark so spreadsheet programs read the Swedish letters right.
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="deltagare-mote-{meeting.id}.csv"'})


def _safe_cell(value: str) -> str:
    """Keep spreadsheet programs from running text that looks like a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.route("/dialoger/<int:dialogue_id>/moten/<int:meeting_id>/utfall", methods=["GET", "POST"])
@requires(Permission.MANAGE_DIALOGUES)
def outcome(dialogue_id: int, meeting_id: int):
    dialogue = load(dialogue_id)
    meeting = load_meeting(dialogue, meeting_id)
    form = OutcomeForm(obj=meeting if request.method == "GET" else None)
    form.organisations_present.choices = select_choices((o.id, o.name)
                                                        for o in directory(None))
    if request.method == "GET":
        form.organisations_present.data = [o.id for o in meeting.organisations_present]
    if form.validate_on_submit():
        try:
            services.record_outcome(meeting, form.attendees.data,
                                    form.organisations_present.data or [], form.summary.data)
        except services.DialogueError as error:
            db.session.rollback()
            getattr(form, error.field or "summary").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("What happened at the meeting is saved."), "success")
            return redirect(url_for("dialogues.show", dialogue_id=dialogue.id)
                            + f"#mote-{meeting.id}")
    return render_template("dialogues/outcome.html", dialogue=dialogue, meeting=meeting,
                           form=form), 400 if form.errors else 200


@bp.route("/dialoger/<int:dialogue_id>/moten/<int:meeting_id>/forslag",
          methods=["GET", "POST"])
@requires(Permission.MANAGE_DIALOGUES)
def meeting_proposal(dialogue_id: int, meeting_id: int):
    dialogue = load(dialogue_id)
    meeting = load_meeting(dialogue, meeting_id)
    form = MeetingProposalForm()
    form.theme.choices = select_choices((str(t.id), t.name) for t in active_themes())
    if form.validate_on_submit():
        from app.proposals.services import ProposalError

        try:
            proposal = services.record_meeting_proposal(meeting, current_user, form.title.data,
                                                        form.body.data, int(form.theme.data))
        except ProposalError as error:
            db.session.rollback()
            getattr(form, error.field or "body").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The proposal %(reference)s from the meeting is recorded.",
                    reference=proposal.reference), "success")
            return redirect(url_for("dialogues.show", dialogue_id=dialogue.id)
                            + "#forslag")
    return render_template("dialogues/meeting_proposal.html", dialogue=dialogue,
                           meeting=meeting, form=form), 400 if form.errors else 200


@bp.route("/dialoger/<int:dialogue_id>/aterkoppling", methods=["GET", "POST"])
@requires(Permission.MANAGE_DIALOGUES)
def feedback(dialogue_id: int):
    dialogue = load(dialogue_id)
    proposals = queries.dialogue_proposals(dialogue)
    form = FeedbackForm()
    answers: dict[int, tuple[str, str]] = {}
    errors: dict[str, str] = {}
    if form.is_submitted():
        for proposal in proposals:
            decision = request.form.get(f"decision_{proposal.id}", "")
            if decision and decision not in {d.value for d in DECISION_LABELS}:
                abort(400)
            answers[proposal.id] = (decision, request.form.get(f"motivation_{proposal.id}",
                                                               "")[:5000])
    if form.validate_on_submit():
        try:
            services.publish_feedback(dialogue, current_user, form.heard.data,
                                      form.next_steps.data, answers)
        except services.DialogueError as error:
            db.session.rollback()
            if error.field in ("heard", "next_steps"):
                getattr(form, error.field).errors.append(str(error))
            else:
                errors[error.field or "form"] = str(error)
        else:
            db.session.commit()
            flash(_("The feedback is published and everyone who took part has been told."),
                  "success")
            return redirect(url_for("dialogues.show", dialogue_id=dialogue.id))
    status = 400 if (form.errors or errors) else 200
    return render_template("dialogues/feedback.html", dialogue=dialogue, form=form,
                           proposals=proposals, answers=answers, errors=errors,
                           decision_labels=DECISION_LABELS,
                           answerable={ProposalStatus.PUBLISHED,
                                       ProposalStatus.UNDER_CONSIDERATION}), status
