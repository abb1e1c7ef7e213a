"""Writing a steering document by hand: the list of plans, a plan's details, and
its structure of challenges → quotes from the strategy → actions.

Every page here is for moderators and administrators (MANAGE_PLANS).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.core.forms import EmptyForm, form_status, select_choices
from app.core.permissions import Permission, requires
from app.core.sections import sections_for
from app.extensions import db
from app.plans import bp, editing, lifecycle, queries
from app.plans.forms import ActionForm, ChallengeForm, CommitmentForm, DeleteForm, PlanForm
from app.plans.labels import PLAN_STATUS_LABELS
from app.plans.models import (
    Action,
    Challenge,
    Commitment,
    Plan,
    ProposalActionLink,
)
from app.plans.services import PlanError

ID = "int(max=2147483647)"
DIRECTIONS = ("up", "down")
T = TypeVar("T")


def _field_error(form, error: PlanError) -> None:
    field = form._fields.get(error.field or "") or next(
        f for f in form if f.name != "csrf_token")
    field.errors = [*field.errors, str(error)]


def _attempt(form, write: Callable[[], T]) -> tuple[bool, T | None]:
    """Run one editing write: commit it, or roll it back and show its error on the form.

    Returns (saved, the write's result).
    """
    try:
        result = write()
    except PlanError as error:
        db.session.rollback()
        _field_error(form, error)
        return False, None
    db.session.commit()
    return True, result


def _plan(plan_id: int) -> Plan:
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        abort(404)
    return plan


def _challenge(challenge_id: int) -> Challenge:
    challenge = db.session.scalars(select(Challenge).options(joinedload(Challenge.plan))
                                   .where(Challenge.id == challenge_id)).first()
    if challenge is None:
        abort(404)
    return challenge


def _commitment(commitment_id: int) -> Commitment:
    commitment = db.session.scalars(
        select(Commitment).options(joinedload(Commitment.challenge).joinedload(Challenge.plan))
        .where(Commitment.id == commitment_id)).first()
    if commitment is None:
        abort(404)
    return commitment


def _action(action_id: int) -> Action:
    found = queries.action(action_id)
    if found is None:
        abort(404)
    return found


def _editor_url(plan_id: int, anchor: str = "") -> str:
    url = url_for("plans.edit_plan", plan_id=plan_id)
    return f"{url}#{anchor}" if anchor else url


def _direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        abort(404)
    return direction


def _posted() -> None:
    """Single-button POSTs: a missing or stale CSRF token is a bad request."""
    if not EmptyForm().validate_on_submit():
        abort(400)


# The list and the plan's details


@bp.route("/admin/styrdokument")
@requires(Permission.MANAGE_PLANS)
def admin_plans():
    return render_template("plans/admin_list.html", rows=queries.admin_plans())


def _parent_choices(form: PlanForm, plan: Plan | None) -> None:
    others = db.session.execute(select(Plan.id, Plan.title).order_by(Plan.title, Plan.id)).all()
    form.parent_id.choices = select_choices(
        [("", _("Not part of another document"))]
        + [(str(row.id), row.title) for row in others if plan is None or row.id != plan.id])


DECISION_FIELDS = ("decision_body", "decision_date", "decision_paragraph",
                   "decision_registry_number", "decision_text")


def _fit_to_status(form: PlanForm, plan: Plan | None) -> None:
    """The statuses the plan can have now; the decision's fields only once it is
    decided (before that, the decision is recorded by adopting the plan)."""
    if plan is None or not lifecycle.is_decided(plan):
        for name in DECISION_FIELDS:
            delattr(form, name)
    form.status.choices = select_choices(
        (status.value, PLAN_STATUS_LABELS[status]) for status in lifecycle.editor_statuses(plan))
    if plan is not None and lifecycle.is_decided(plan):
        form.status.description = _(
            "Choose “Expired” to end the document before its last year; it stays readable, "
            "marked as expired. Adopted documents whose last year is over expire by "
            "themselves.")
    else:
        form.status.description = _(
            "A draft is shown only to moderators and administrators. The document becomes "
            "adopted when you record the political decision.")


def _parent_id(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    return int(value) if value.isdigit() and len(value) < 11 else -1


def _details(form: PlanForm) -> editing.PlanDetails:
    decision = {name: form[name].data for name in DECISION_FIELDS if name in form}
    return editing.PlanDetails(
        title=form.title.data, kind=form.kind.data, registry_number=form.registry_number.data,
        owner=form.owner.data or "", first_year=form.first_year.data,
        last_year=form.last_year.data, status=form.status.data,
        parent_id=_parent_id(form.parent_id.data), introduction=form.introduction.data or "",
        **decision)


@bp.route("/admin/styrdokument/nytt", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def create_plan():
    form = PlanForm()
    _parent_choices(form, None)
    _fit_to_status(form, None)
    if form.validate_on_submit():
        saved, plan = _attempt(form, lambda: editing.create_plan(_details(form)))
        if saved:
            flash(_("The steering document is saved. Now add its challenges, quotes and "
                    "actions."), "success")
            return redirect(_editor_url(plan.id))
    return render_template("plans/plan_form.html", form=form, plan=None), form_status(form)


@bp.route(f"/admin/styrdokument/<{ID}:plan_id>/redigera", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def edit_plan(plan_id: int):
    plan = queries.plan_document(plan_id)
    if plan is None:
        abort(404)
    form = PlanForm(obj=plan if request.method == "GET" else None)
    _parent_choices(form, plan)
    _fit_to_status(form, plan)
    if request.method == "GET":
        form.parent_id.data = str(plan.parent_id or "")
    if form.validate_on_submit():
        saved, _result = _attempt(form, lambda: editing.update_plan(plan, _details(form)))
        if saved:
            flash(_("The details are saved."), "success")
            return redirect(_editor_url(plan.id))
        plan = queries.plan_document(plan_id)
    return render_template("plans/edit.html", form=form, plan=plan,
                           sections=sections_for("plan_editor", plan)), form_status(form)


@bp.route(f"/admin/styrdokument/<{ID}:plan_id>/ta-bort", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def delete_plan(plan_id: int):
    plan = _plan(plan_id)
    form = DeleteForm()
    if form.validate_on_submit():
        title = plan.title
        editing.delete_plan(plan)
        db.session.commit()
        flash(_("%(title)s is deleted.", title=title), "success")
        return redirect(url_for("plans.admin_plans"))
    link_count = db.session.scalar(
        select(func.count(ProposalActionLink.id)).join(Action).join(Commitment).join(Challenge)
        .where(Challenge.plan_id == plan.id)) or 0
    return render_template(
        "plans/confirm_delete.html", form=form, plan=plan, what="plan",
        name=plan.title, action_count=editing.action_count(plan), link_count=link_count,
        back=_editor_url(plan.id)), form_status(form)


# Challenges


def _challenge_page(form: ChallengeForm, plan: Plan, challenge: Challenge | None):
    return render_template("plans/challenge_form.html", form=form, plan=plan,
                           challenge=challenge), form_status(form)


@bp.route(f"/admin/styrdokument/<{ID}:plan_id>/utmaningar/ny", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def add_challenge(plan_id: int):
    plan = _plan(plan_id)
    form = ChallengeForm()
    if form.validate_on_submit():
        saved, challenge = _attempt(
            form, lambda: editing.add_challenge(plan, form.title.data, form.description.data))
        if saved:
            flash(_("The challenge is added."), "success")
            return redirect(_editor_url(plan.id, f"utmaning-{challenge.id}"))
    return _challenge_page(form, plan, None)


@bp.route(f"/admin/styrdokument/utmaningar/<{ID}:challenge_id>/redigera",
          methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def edit_challenge(challenge_id: int):
    challenge = _challenge(challenge_id)
    plan = challenge.plan
    form = ChallengeForm(obj=challenge if request.method == "GET" else None)
    if form.validate_on_submit():
        saved, _result = _attempt(form, lambda: editing.update_challenge(
            challenge, form.title.data, form.description.data))
        if saved:
            flash(_("The challenge is saved."), "success")
            return redirect(_editor_url(plan.id, f"utmaning-{challenge.id}"))
    return _challenge_page(form, plan, challenge)


@bp.route(f"/admin/styrdokument/utmaningar/<{ID}:challenge_id>/ta-bort",
          methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def delete_challenge(challenge_id: int):
    challenge = _challenge(challenge_id)
    plan = challenge.plan
    form = DeleteForm()
    if form.validate_on_submit():
        editing.delete_challenge(challenge)
        db.session.commit()
        flash(_("The challenge is deleted."), "success")
        return redirect(_editor_url(plan.id, "struktur"))
    actions = db.session.scalar(select(func.count(Action.id)).join(Commitment)
                                .where(Commitment.challenge_id == challenge.id)) or 0
    return render_template("plans/confirm_delete.html", form=form, plan=plan,
                           what="challenge", name=challenge.title, action_count=actions,
                           back=_editor_url(plan.id, f"utmaning-{challenge.id}")), \
        form_status(form)


@bp.route(f"/admin/styrdokument/utmaningar/<{ID}:challenge_id>/flytta/<direction>",
          methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def move_challenge(challenge_id: int, direction: str):
    challenge = _challenge(challenge_id)
    _posted()
    editing.move_challenge(challenge, _direction(direction))
    db.session.commit()
    return redirect(_editor_url(challenge.plan_id, f"utmaning-{challenge.id}"))


# Quotes from the strategy (commitments)


def _commitment_page(form: CommitmentForm, challenge: Challenge,
                     commitment: Commitment | None):
    return render_template("plans/commitment_form.html", form=form, plan=challenge.plan,
                           challenge=challenge, commitment=commitment), form_status(form)


@bp.route(f"/admin/styrdokument/utmaningar/<{ID}:challenge_id>/citat/nytt",
          methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def add_commitment(challenge_id: int):
    challenge = _challenge(challenge_id)
    form = CommitmentForm()
    if form.validate_on_submit():
        saved, commitment = _attempt(
            form, lambda: editing.add_commitment(challenge, form.quote.data))
        if saved:
            flash(_("The quote is added. Now add the actions that answer to it."), "success")
            return redirect(_editor_url(challenge.plan_id, f"citat-{commitment.id}"))
        challenge = _challenge(challenge_id)
    return _commitment_page(form, challenge, None)


@bp.route(f"/admin/styrdokument/citat/<{ID}:commitment_id>/redigera", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def edit_commitment(commitment_id: int):
    commitment = _commitment(commitment_id)
    form = CommitmentForm(obj=commitment if request.method == "GET" else None)
    if form.validate_on_submit():
        plan_id = commitment.challenge.plan_id
        saved, _result = _attempt(
            form, lambda: editing.update_commitment(commitment, form.quote.data))
        if saved:
            flash(_("The quote is saved."), "success")
            return redirect(_editor_url(plan_id, f"citat-{commitment.id}"))
        commitment = _commitment(commitment_id)
    return _commitment_page(form, commitment.challenge, commitment)


@bp.route(f"/admin/styrdokument/citat/<{ID}:commitment_id>/ta-bort", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def delete_commitment(commitment_id: int):
    commitment = _commitment(commitment_id)
    plan = commitment.challenge.plan
    form = DeleteForm()
    if form.validate_on_submit():
        challenge_id = commitment.challenge_id
        editing.delete_commitment(commitment)
        db.session.commit()
        flash(_("The quote is deleted."), "success")
        return redirect(_editor_url(plan.id, f"utmaning-{challenge_id}"))
    actions = db.session.scalar(select(func.count(Action.id))
                                .where(Action.commitment_id == commitment.id)) or 0
    return render_template("plans/confirm_delete.html", form=form, plan=plan,
                           what="commitment", name=commitment.quote, action_count=actions,
                           back=_editor_url(plan.id, f"citat-{commitment.id}")), \
        form_status(form)


@bp.route(f"/admin/styrdokument/citat/<{ID}:commitment_id>/flytta/<direction>",
          methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def move_commitment(commitment_id: int, direction: str):
    commitment = _commitment(commitment_id)
    _posted()
    plan_id = commitment.challenge.plan_id
    editing.move_commitment(commitment, _direction(direction))
    db.session.commit()
    return redirect(_editor_url(plan_id, f"citat-{commitment.id}"))


# Actions


def _action_choices(form: ActionForm, action: Action | None) -> None:
    form.responsible_user_ids.choices = select_choices(
        (user.id, user.display_name) for user in editing.responsible_candidates(action))
    form.community_ids.choices = select_choices(
        (community.id, community.name) for community in editing.community_candidates(action))


def _action_details(form: ActionForm) -> editing.ActionDetails:
    return editing.ActionDetails(
        text=form.text.data, responsible=form.responsible.data or "",
        responsible_user_ids=tuple(form.responsible_user_ids.data or ()),
        follow_up_report=form.follow_up_report.data or "",
        follow_up_year=form.follow_up_year.data, status=form.status.data,
        progress=form.progress.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
        community_ids=tuple(form.community_ids.data or ()))


def _action_page(form: ActionForm, commitment: Commitment, action: Action | None):
    return render_template("plans/action_form.html", form=form, plan=commitment.challenge.plan,
                           commitment=commitment, action=action), form_status(form)


@bp.route(f"/admin/styrdokument/citat/<{ID}:commitment_id>/atgarder/ny",
          methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def add_action(commitment_id: int):
    commitment = _commitment(commitment_id)
    form = ActionForm()
    _action_choices(form, None)
    if form.validate_on_submit():
        plan_id = commitment.challenge.plan_id
        saved, action = _attempt(
            form, lambda: editing.add_action(commitment, _action_details(form)))
        if saved:
            flash(_("The action is added."), "success")
            return redirect(_editor_url(plan_id, f"atgard-{action.id}"))
        commitment = _commitment(commitment_id)
    return _action_page(form, commitment, None)


@bp.route(f"/admin/styrdokument/atgarder/<{ID}:action_id>/redigera", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def edit_action(action_id: int):
    action = _action(action_id)
    form = ActionForm(obj=action if request.method == "GET" else None)
    _action_choices(form, action)
    if request.method == "GET":
        form.responsible_user_ids.data = [user.id for user in action.responsible_users]
        form.community_ids.data = [community.id for community in action.communities]
    if form.validate_on_submit():
        plan_id = action.commitment.challenge.plan_id
        saved, changed = _attempt(
            form, lambda: editing.update_action(action, _action_details(form), current_user))
        if saved:
            flash(_("The action is saved. Those who follow proposals linked to it are told "
                    "about the new status.") if changed else _("The action is saved."),
                  "success")
            return redirect(_editor_url(plan_id, f"atgard-{action.id}"))
        action = _action(action_id)
    return _action_page(form, action.commitment, action)


@bp.route(f"/admin/styrdokument/atgarder/<{ID}:action_id>/ta-bort", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def delete_action(action_id: int):
    action = _action(action_id)
    plan = action.commitment.challenge.plan
    form = DeleteForm()
    if form.validate_on_submit():
        commitment_id = action.commitment_id
        editing.delete_action(action)
        db.session.commit()
        flash(_("The action is deleted."), "success")
        return redirect(_editor_url(plan.id, f"citat-{commitment_id}"))
    links = db.session.scalar(select(func.count(ProposalActionLink.id))
                              .where(ProposalActionLink.action_id == action.id)) or 0
    return render_template("plans/confirm_delete.html", form=form, plan=plan, what="action",
                           name=action.text, action_count=1, link_count=links,
                           back=_editor_url(plan.id, f"atgard-{action.id}")), \
        form_status(form)


@bp.route(f"/admin/styrdokument/atgarder/<{ID}:action_id>/flytta/<direction>",
          methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def move_action(action_id: int, direction: str):
    action = db.session.scalars(select(Action).options(
        joinedload(Action.commitment).joinedload(Commitment.challenge))
        .where(Action.id == action_id)).first()
    if action is None:
        abort(404)
    _posted()
    plan_id = action.commitment.challenge.plan_id
    editing.move_action(action, _direction(direction))
    db.session.commit()
    return redirect(_editor_url(plan_id, f"atgard-{action.id}"))

