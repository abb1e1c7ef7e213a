"""The follow-up report's pages and downloads."""

from __future__ import annotations

import re

from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.i18n import local_now
from app.core.page_cache import cached_page, resident
from app.core.permissions import Permission, can, requires
from app.plans import queries
from app.plans.labels import ACTION_STATUS_LABELS
from app.plans.models import PlanStatus
from app.reports import bp, formats
from app.reports.followup import build, valid_year

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
WRITERS = {"csv": formats.to_csv, "xlsx": formats.to_xlsx, "docx": formats.to_docx}


def _plan_or_404(plan_id: int):
    plan = queries.plan_document(plan_id)
    if plan is None or (plan.status == PlanStatus.DRAFT
                        and not can(current_user, Permission.MANAGE_PLANS)):
        abort(404)
    return plan


def _year_or_404(year: int) -> int:
    if not valid_year(year):
        abort(404)
    return year


def _years(plan) -> list[int]:
    """The years offered: the plan's period, the follow-up years of its actions and
    this year."""
    years = {local_now().year}
    if plan.first_year:
        years.update(range(plan.first_year, (plan.last_year or plan.first_year) + 1))
    years.update(action.follow_up_year for challenge in plan.challenges
                 for commitment in challenge.commitments for action in commitment.actions
                 if action.follow_up_year)
    return sorted(year for year in years if valid_year(year))


@bp.route("/styrdokument/<int:plan_id>/uppfoljning")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def followup_choose(plan_id: int):
    """The year chooser; without JavaScript the form lands here with ?ar=."""
    plan = _plan_or_404(plan_id)
    chosen = request.args.get("ar", "").strip()
    if chosen.isdigit() and len(chosen) == 4 and valid_year(int(chosen)):
        return redirect(url_for("reports.followup", plan_id=plan.id, year=int(chosen)))
    years = _years(plan)
    this_year = local_now().year
    year = this_year if this_year in years else years[-1]
    return redirect(url_for("reports.followup", plan_id=plan.id, year=year))


@bp.route("/styrdokument/<int:plan_id>/uppfoljning/<int:year>")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def followup(plan_id: int, year: int):
    plan = _plan_or_404(plan_id)
    report = build(plan, _year_or_404(year))
    labels = {status: str(label) for status, label in ACTION_STATUS_LABELS.items()}
    return render_template("reports/followup.html", report=report, plan=plan,
                           years=_years(plan), action_status_labels=labels,
                           titles_shown=not report.all_titles)


@bp.route("/styrdokument/<int:plan_id>/uppfoljning/<int:year>.<fmt>")
@requires(Permission.PUBLIC)
def followup_download(plan_id: int, year: int, fmt: str):
    if fmt not in WRITERS:
        abort(404)
    plan = _plan_or_404(plan_id)
    report = build(plan, _year_or_404(year), all_titles=True)
    response = Response(WRITERS[fmt](report), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{filename(plan, year, fmt)}"')
    return response


def filename(plan, year: int, fmt: str) -> str:
    """`uppfoljning-KS-2025-88-2026.xlsx`: ASCII only, so every browser keeps it."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", plan.registry_number or "").strip("-")
    return f"uppfoljning-{name or plan.id}-{year}.{fmt}"
