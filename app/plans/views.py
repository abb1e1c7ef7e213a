"""Public plan pages: the plan as the document is laid out, and each action."""

from __future__ import annotations

from flask import abort, render_template

from app.core.permissions import Permission, requires
from app.plans import bp, queries
from app.plans.labels import (
    ACTION_STATUS_LABELS,
    ACTION_STATUS_STYLES,
    KIND_LABELS,
    PLAN_STATUS_LABELS,
)


@bp.record_once
def _label_globals(state) -> None:
    state.app.jinja_env.globals.update(
        plan_kind_labels=KIND_LABELS, plan_status_labels=PLAN_STATUS_LABELS,
        action_status_labels=ACTION_STATUS_LABELS, action_status_styles=ACTION_STATUS_STYLES)


@bp.route("/styrdokument")
@requires(Permission.PUBLIC)
def index():
    return render_template("plans/index.html", plans=queries.plans())


@bp.route("/styrdokument/<int:plan_id>")
@requires(Permission.PUBLIC)
def show(plan_id: int):
    plan = queries.plan_document(plan_id)
    if plan is None:
        abort(404)
    return render_template("plans/show.html", plan=plan)


@bp.route("/atgarder/<int:action_id>")
@requires(Permission.PUBLIC)
def action(action_id: int):
    found = queries.action(action_id)
    if found is None:
        abort(404)
    return render_template("plans/action.html", action=found,
                           plan=found.commitment.challenge.plan,
                           updates=queries.updates(found))
