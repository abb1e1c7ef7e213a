"""The answer form of a proposal (/forslag/<reference>/besvara): for democracy
developers, admins, and the official the proposal is assigned to."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.core.models import utcnow
from app.core.permissions import Permission, can, requires
from app.extensions import db
from app.moderation import answers, bp
from app.moderation.answer_forms import AnswerForm
from app.plans import chain
from app.plans.models import PlanStatus
from app.proposals import queries as proposal_queries
from app.proposals.models import Decision, Proposal


def _proposal_or_404(reference: str) -> Proposal:
    proposal = proposal_queries.proposal_by_reference(reference) if len(reference) < 40 \
        else None
    if proposal is None or not (proposal.is_public or can(current_user, Permission.MODERATE)):
        abort(404)
    if not can(current_user, Permission.ANSWER_PROPOSALS, proposal):
        abort(403)
    return proposal


def _excerpt(text: str, length: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _action_choices(exclude: set[int]) -> tuple[list[SelectChoice], dict[int, object]]:
    """Actions of adopted plans not yet linked, grouped by plan (<optgroup>)."""
    choices = [SelectChoice("", _("No action"))]
    by_id = {}
    for action in answers.adopted_actions():
        by_id[action.id] = action
        if action.id in exclude:
            continue
        plan = action.commitment.challenge.plan
        group = f"{plan.title} ({plan.registry_number})" if plan.registry_number else plan.title
        choices.append(SelectChoice(str(action.id), _excerpt(action.text), optgroup=group))
    return choices, by_id


def _page(proposal: Proposal, form: AnswerForm, status: int = 200):
    existing = chain.proposal_links(proposal, with_drafts=True)
    choices, _by_id = _action_choices({link.action_id for link in existing})
    for row in form.links:
        row.action.choices = choices
    return render_template("moderation/answer.html", proposal=proposal, form=form,
                           links=existing, answerable=answers.can_be_answered(proposal),
                           not_answerable=answers.not_answerable_message(proposal),
                           now=utcnow()), status


def _decision(form: AnswerForm) -> Decision | None:
    try:
        return Decision(form.decision.data or "")
    except ValueError:
        if not form.decision.errors:
            form.decision.errors.append(_("Choose a decision from the list."))
        return None


def _link_rows(form: AnswerForm) -> list | None:
    """The rows that name an action, as (action, motivation); None when a row
    needs fixing (its fields carry the messages)."""
    rows, ok, seen = [], True, set()
    for row in form.links:
        value = (row.action.data or "").strip()
        text = (row.motivation.data or "").strip()
        if not value and not text:
            continue
        action = None
        if not value:
            row.action.errors.append(_("Choose an action, or empty the motivation of this row."))
        else:
            action_id = int(value) if value.isdigit() and len(value) < 11 else 0
            action = chain.action_by_id(action_id)
            if action is None:
                row.action.errors.append(_("Choose an action from the list."))
            elif action.commitment.challenge.plan.status != PlanStatus.ADOPTED:
                row.action.errors.append(answers.not_adopted_message())
                action = None
            elif action.id in seen:
                row.action.errors.append(answers.twice_message())
                action = None
        if not text:
            row.motivation.errors.append(
                _("Write a motivation. It is shown publicly with the link."))
        if action is None or not text or row.motivation.errors:
            ok = False
            continue
        seen.add(action.id)
        rows.append((action, text))
    return rows if ok else None


def _field(form: AnswerForm, name: str):
    """The form field a service error names, e.g. "links-1-motivation"."""
    if name.startswith("links-"):
        _prefix, index, field = name.split("-", 2)
        return getattr(form.links[int(index)].form, field)
    return getattr(form, name, form.decision)


@bp.route("/forslag/<reference>/besvara", methods=["GET", "POST"])
@requires(Permission.ANSWER_PROPOSALS)
def answer(reference: str):
    proposal = _proposal_or_404(reference)
    if request.method == "GET":
        return _page(proposal, AnswerForm(formdata=None))
    form = AnswerForm()
    valid = form.validate_on_submit()
    decision = _decision(form)
    rows = _link_rows(form)
    if decision is not None and answers.is_same_answer(proposal, decision,
                                                       form.motivation.data or ""):
        flash(_("The proposal is already answered with this answer."), "info")
        return redirect(url_for("proposals.show", reference=reference) + "#svar")
    if not valid or decision is None or rows is None:
        return _page(proposal, form, 400)
    try:
        answered = answers.answer_proposal(proposal, current_user, decision,
                                           form.motivation.data, rows)
    except answers.AnswerError as error:
        db.session.rollback()
        _field(form, error.field or "decision").errors.append(str(error))
        return _page(_proposal_or_404(reference), form, 400)
    db.session.commit()
    if answered:
        flash(_("The proposal is answered. The author and the followers get an e-mail."),
              "success")
    else:
        flash(_("The proposal is already answered with this answer."), "info")
    return redirect(url_for("proposals.show", reference=reference) + "#svar")
