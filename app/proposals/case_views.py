"""Case handling pages: assigning a proposal, internal notes, the official's
list of proposals to answer, the overdue list, and the public answer statistics."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.communities.models import LocalCommunity
from app.communities.queries import active_communities
from app.core.forms import EmptyForm
from app.core.models import utcnow
from app.core.permissions import Permission, can, requires
from app.extensions import db
from app.proposals import bp, case_queries, casework, queries, stats
from app.proposals.case_forms import AssignForm, NoteForm, PeriodForm
from app.proposals.forms import new_submission_key
from app.proposals.models import Proposal
from app.proposals.services import ProposalError
from app.site.services import get_settings


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


def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


@bp.route("/moderering/forsenade")
@requires(Permission.MODERATE)
def overdue():
    now = utcnow()
    return render_template("proposals/overdue.html", page=case_queries.overdue(now, _page_number()),
                           now=now)


# --- public statistics --------------------------------------------------------------------

def _local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _a_year_before(day: date) -> date:
    try:
        earlier = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        earlier = day.replace(year=day.year - 1, day=28)
    return earlier + timedelta(days=1)


def _period(form: PeriodForm) -> tuple[date, date] | None:
    """The chosen first and last day; the last twelve months when left empty."""
    today = utcnow().astimezone(_local_zone()).date()
    if not form.validate():
        return None
    end = getattr(form.end, "parsed", None) if form.end.data else today
    start = getattr(form.start, "parsed", None) if form.start.data else _a_year_before(end)
    if start > end:
        form.start.errors = [*form.start.errors,
                             _("The first day must not be after the last day.")]
        return None
    return start, end


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=_local_zone())


@bp.route("/statistik")
@requires(Permission.PUBLIC)
def statistics():
    form = PeriodForm(request.args)
    period = _period(form)
    if period is None:
        return render_template("proposals/statistics.html", form=form, rows=None), 400
    start, end = period
    report = stats.answer_times(_local_midnight(start), _local_midnight(end + timedelta(days=1)))
    communities = active_communities()
    known = {community.id for community in communities}
    # Archived communities with answers in the period are listed too.
    missing = [key for key in report.by_community if key is not None and key not in known]
    if missing:
        communities = communities + list(db.session.scalars(
            db.select(LocalCommunity).where(LocalCommunity.id.in_(missing))
            .order_by(LocalCommunity.name)))
    if not form.start.data:
        form.start.data = start.isoformat()
    if not form.end.data:
        form.end.data = end.isoformat()
    rows = [_row(_("Whole municipality"), report.by_community.get(None, stats.EMPTY))]
    rows += [_row(community.name, report.by_community.get(community.id, stats.EMPTY))
             for community in communities]
    return render_template("proposals/statistics.html", form=form, start=start, end=end,
                           total=_row(_("All proposals"), report.total), rows=rows,
                           answer_days=get_settings().answer_days)


def _row(name: str, times: stats.AnswerTimes) -> dict:
    """One line of the table, with numbers written the reader's way (0,5 in Swedish)."""
    return {
        "name": name, "answered": times.answered,
        "median": format_decimal(float(times.median_days), format="#,##0.#")
        if times.median_days is not None else None,
        "within": times.within_deadline,
        "share": format_percent(float(times.share_within), format="#,##0 %")
        if times.share_within is not None else None,
    }
