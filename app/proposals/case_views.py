"""Case handling pages: assigning a proposal, internal notes, the official's
list of proposals to answer and the overdue list."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.core.forms import EmptyForm
from app.core.models import utcnow
from app.core.pagination import page_number
from app.core.permissions import Permission, can, requires
from app.extensions import db
from app.proposals import bp, case_queries, casework, queries
from app.proposals.case_forms import AssignForm, NoteForm
from app.proposals.forms import new_submission_key
from app.proposals.models import Proposal
from app.proposals.services import ProposalError


def _staff_proposal(reference: str) -> Proposal:
    """The proposal, when public or when the viewer moderates (who sees every status)."""
    proposal = queries.proposal_by_reference(reference) if len(reference) < 40 else None
    if proposal is None or not (proposal.is_public or can(current_user, Permission.MODERATE)):
        abort(404)
    return proposal


def case_panel(proposal: Proposal, note_form: NoteForm | None = None) -> dict | None:
    """What the proposal page shows staff about the case; None for everyone else."""
    if not can(current_user, Permission.INTERNAL_NOTES):
        return None
    if note_form is None:
        note_form = NoteForm(formdata=None)
        note_form.submission_key.data = new_submission_key()
    return {"notes": case_queries.notes(proposal), "note_form": note_form,
            "can_answer": proposal.awaits_answer
            and can(current_user, Permission.ANSWER_PROPOSALS, proposal),
            "can_assign": can(current_user, Permission.MODERATE)}


# --- assignment ---------------------------------------------------------------------------

def _official_choices() -> list[SelectChoice]:
    return [SelectChoice("", _("No official"))] + [
        SelectChoice(str(user.id), user.display_name) for user in case_queries.officials()]


def _official_id(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    # Not a number or out of range: the service answers "choose from the list".
    return int(value) if value.isdigit() and len(value) < 11 else 0


def _assign_page(proposal: Proposal, form: AssignForm, status: int = 200):
    form.official.choices = _official_choices()
    return render_template("proposals/assign.html", proposal=proposal, form=form,
                           unassign_form=EmptyForm(), now=utcnow()), status


@bp.route("/forslag/<reference>/tilldela", methods=["GET", "POST"])
@requires(Permission.MODERATE)
def assign(reference: str):
    proposal = _staff_proposal(reference)
    if request.method == "GET":
        form = AssignForm(formdata=None, official=str(proposal.assigned_to_id or ""),
                          unit=proposal.assigned_unit or "")
        return _assign_page(proposal, form)
    form = AssignForm()
    if not form.validate_on_submit():
        return _assign_page(proposal, form, 400)
    try:
        changed = casework.assign(proposal, current_user, _official_id(form.official.data),
                                  form.unit.data)
    except ProposalError as error:
        db.session.rollback()
        getattr(form, error.field or "official").errors.append(str(error))
        return _assign_page(_staff_proposal(reference), form, 400)
    db.session.commit()
    if changed:
        flash(_("The proposal is assigned. An assigned official gets an e-mail."), "success")
    else:
        flash(_("The proposal was already assigned so. Nothing was changed."), "info")
    return redirect(url_for("proposals.show", reference=reference) + "#handlaggning")


@bp.route("/forslag/<reference>/tilldela/ta-bort", methods=["POST"])
@requires(Permission.MODERATE)
def unassign(reference: str):
    proposal = _staff_proposal(reference)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if casework.unassign(proposal, current_user):
        db.session.commit()
        flash(_("The assignment is removed."), "success")
    else:
        flash(_("The proposal was not assigned to anyone."), "info")
    return redirect(url_for("proposals.show", reference=reference) + "#handlaggning")


# --- internal notes -----------------------------------------------------------------------

@bp.route("/forslag/<reference>/anteckningar", methods=["POST"])
@requires(Permission.INTERNAL_NOTES)
def add_note(reference: str):
    proposal = _staff_proposal(reference)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            casework.add_note(proposal, current_user, form.body.data,
                              submission_key=form.submission_key.data)
        except ProposalError as error:
            db.session.rollback()
            form.body.errors.append(str(error))
            proposal = _staff_proposal(reference)
        else:
            db.session.commit()
            flash(_("The note is saved. Only staff can see it."), "success")
            return redirect(url_for("proposals.show", reference=reference) + "#anteckningar")
    if not form.submission_key.data or form.submission_key.errors:
        form.submission_key.data = new_submission_key()
    return render_template("proposals/note_error.html", proposal=proposal,
                           case=case_panel(proposal, form)), 400


# --- lists for officials and moderators ---------------------------------------------------

@bp.route("/konto/att-besvara")
@requires(Permission.ANSWER_PROPOSALS)
def to_answer():
    return render_template("proposals/to_answer.html",
                           proposals=case_queries.to_answer(current_user), now=utcnow())


@bp.route("/moderering/forsenade")
@requires(Permission.MODERATE)
def overdue():
    now = utcnow()
    return render_template("proposals/overdue.html", page=case_queries.overdue(now, page_number()),
                           now=now)
