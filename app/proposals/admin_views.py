"""The moderation queue, themes and participation settings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.communities.queries import community_or_404
from app.core import audit
from app.core.forms import EmptyForm, form_status
from app.core.models import utcnow
from app.core.permissions import Permission, requires
from app.core.sections import call
from app.extensions import db
from app.proposals import bp, queries, services
from app.proposals.deadlines import recompute_deadlines
from app.proposals.forms import ParticipationSettingsForm, RefuseForm, ThemeForm
from app.proposals.models import Proposal, Theme
from app.site.services import get_settings, update_participation_settings


@bp.route("/moderering")
@requires(Permission.MODERATE)
def queue():
    return render_template("proposals/queue.html", proposals=queries.moderation_queue(),
                           approve_form=EmptyForm(), refuse_form=RefuseForm(),
                           reported_count=call("moderation.open_item_count", default=0))


def _waiting(reference: str) -> Proposal:
    proposal = queries.proposal_by_reference(reference)
    if proposal is None:
        abort(404)
    return proposal


@bp.route("/moderering/<reference>/godkann", methods=["POST"])
@requires(Permission.MODERATE)
def approve(reference: str):
    proposal = _waiting(reference)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.approve(proposal, current_user)
    except services.ProposalError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(reference)s is published.", reference=proposal.reference), "success")
    return redirect(url_for("proposals.queue"))


@bp.route("/moderering/<reference>/avvisa", methods=["POST"])
@requires(Permission.MODERATE)
def refuse(reference: str):
    proposal = _waiting(reference)
    form = RefuseForm()
    if form.validate_on_submit():
        try:
            services.refuse(proposal, current_user, form.reason.data)
        except services.ProposalError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(reference)s is refused. The author sees your reason.",
                    reference=proposal.reference), "success")
            return redirect(url_for("proposals.queue"))
    return render_template("proposals/refuse.html", proposal=proposal, form=form), 400


@bp.route("/admin/teman", methods=["GET", "POST"])
@requires(Permission.MANAGE_THEMES)
def themes():
    form = ThemeForm()
    if form.validate_on_submit():
        if _theme_name_taken(form.name.data, None):
            form.name.errors.append(_("There is already a theme with this name."))
        else:
            position = (db.session.scalar(select(func.max(Theme.position))) or 0) + 1
            theme = Theme(name=form.name.data, position=position)
            db.session.add(theme)
            db.session.flush()
            audit.record("theme.created", "theme", theme.id, theme.name)
            db.session.commit()
            flash(_("The theme %(name)s is added.", name=form.name.data), "success")
            return redirect(url_for("proposals.themes"))
    return render_template("proposals/themes.html", form=form, themes=queries.all_themes(),
                           action_form=EmptyForm()), form_status(form)


def _theme_name_taken(name: str, theme: Theme | None) -> bool:
    # Compared in Python: SQLite's lower() folds only ASCII, so "ÖSTRA" and
    # "östra" would count as different names there but not on PostgreSQL.
    query = select(Theme.name)
    if theme is not None:
        query = query.where(Theme.id != theme.id)
    wanted = name.casefold()
    return any(existing.casefold() == wanted for existing in db.session.scalars(query))


@bp.route("/admin/teman/<int(max=2147483647):theme_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_THEMES)
def edit_theme(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = ThemeForm(obj=theme if request.method == "GET" else None)
    if form.validate_on_submit():
        if _theme_name_taken(form.name.data, theme):
            form.name.errors.append(_("There is already a theme with this name."))
        else:
            theme.name = form.name.data
            audit.record("theme.updated", "theme", theme.id, theme.name)
            db.session.commit()
            flash(_("The theme %(name)s is saved.", name=theme.name), "success")
            return redirect(url_for("proposals.themes"))
    return render_template("proposals/theme_form.html", form=form, theme=theme), \
        form_status(form)


@bp.route("/admin/teman/<int(max=2147483647):theme_id>/arkivera", methods=["POST"])
@requires(Permission.MANAGE_THEMES)
def archive_theme(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    if EmptyForm().validate_on_submit():
        theme.archived_at = None if theme.archived_at else utcnow()
        audit.record("theme.archived" if theme.archived_at else "theme.restored", "theme",
                     theme.id, theme.name)
        db.session.commit()
        flash(_("The theme %(name)s is saved.", name=theme.name), "success")
    return redirect(url_for("proposals.themes"))


@bp.route("/admin/forslag", methods=["GET", "POST"])
@requires(Permission.MANAGE_SETTINGS)
def participation_settings():
    settings = get_settings()
    form = ParticipationSettingsForm(obj=settings if request.method == "GET" else None)
    if form.validate_on_submit():
        deadline_before = (settings.answer_days, settings.answer_clock_basis)
        settings = update_participation_settings(
            form.premoderation.data, form.support_threshold.data, form.support_window_days.data,
            form.threshold_counts_organisations.data, report_threshold=form.report_threshold.data,
            answer_days=form.answer_days.data, answer_clock_basis=form.answer_clock_basis.data)
        if (settings.answer_days, settings.answer_clock_basis) != deadline_before:
            db.session.flush()
            recompute_deadlines()
        db.session.commit()
        flash(_("The settings are saved."), "success")
        return redirect(url_for("proposals.participation_settings"))
    return render_template("proposals/settings.html", form=form), form_status(form)


@bp.route("/forslag.atom")
@requires(Permission.PUBLIC)
def feed():
    return _feed(None)


@bp.route("/lokalsamhallen/<slug>/forslag.atom")
@requires(Permission.PUBLIC)
def community_feed(slug: str):
    return _feed(community_or_404(slug))


def _feed(community):
    entries = queries.feed_entries(community)
    updated = max((p.updated_at for p in entries), default=utcnow())
    body = render_template("proposals/feed.xml", entries=entries, community=community,
                           updated=updated)
    return body, 200, {"Content-Type": "application/atom+xml; charset=utf-8"}


