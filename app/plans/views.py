"""Public plan pages: the plan as the document is laid out, and each action."""

from __future__ import annotations

import re

from flask import Response, abort, render_template
from flask_login import current_user

from app.core.page_cache import cached_page, resident
from app.core.permissions import Permission, can, requires
from app.core.sections import sections_for
from app.plans import bp, chain, link_views, queries
from app.plans.exporter import to_csv, to_xlsx
from app.plans.labels import (
    ACTION_STATUS_LABELS,
    ACTION_STATUS_STYLES,
    KIND_LABELS,
    PLAN_STATUS_LABELS,
)
from app.plans.models import PlanStatus


@bp.record_once
def _label_globals(state) -> None:
    state.app.jinja_env.globals.update(
        plan_kind_labels=KIND_LABELS, plan_status_labels=PLAN_STATUS_LABELS,
        action_status_labels=ACTION_STATUS_LABELS, action_status_styles=ACTION_STATUS_STYLES)


def _may_see(plan) -> bool:
    """A draft is seen only by those who edit plans; for everyone else it does not exist."""
    return plan.status != PlanStatus.DRAFT or can(current_user, Permission.MANAGE_PLANS)


def _plan_or_404(plan_id: int):
    plan = queries.plan_document(plan_id)
    if plan is None or not _may_see(plan):
        abort(404)
    return plan


@bp.route("/styrdokument")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def index():
    return render_template("plans/index.html", plans=queries.plans(
        drafts=can(current_user, Permission.MANAGE_PLANS)))


@bp.route("/styrdokument/<int:plan_id>")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def show(plan_id: int):
    plan = _plan_or_404(plan_id)
    # The status words translated once rather than once per action (a plan can
    # have hundreds): this shadows the lazy global of the same name.
    labels = {status: str(label) for status, label in ACTION_STATUS_LABELS.items()}
    return render_template("plans/show.html", plan=plan, link_counts=chain.link_counts(plan),
                           action_status_labels=labels, sections=sections_for("plan_page", plan))


def _filename(plan, extension: str) -> str:
    """`styrdokument-KS-2025-88.csv`: ASCII only, so every browser keeps it."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", plan.registry_number or "").strip("-")
    return f"styrdokument-{name or plan.id}.{extension}"


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/styrdokument/<int:plan_id>.csv")
@requires(Permission.PUBLIC)
def export_csv(plan_id: int):
    plan = _plan_or_404(plan_id)
    # Semicolons: what Swedish Excel expects when the file is opened by double-click.
    return _download(to_csv(queries.plan_draft(plan), delimiter=";"),
                     "text/csv; charset=utf-8", _filename(plan, "csv"))


@bp.route("/styrdokument/<int:plan_id>.xlsx")
@requires(Permission.PUBLIC)
def export_xlsx(plan_id: int):
    plan = _plan_or_404(plan_id)
    return _download(
        to_xlsx(queries.plan_draft(plan)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _filename(plan, "xlsx"))


@bp.route("/atgarder/<int:action_id>")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def action(action_id: int):
    found = queries.action(action_id)
    if found is None or not _may_see(found.commitment.challenge.plan):
        abort(404)
    return link_views.render_action(found)
