"""Reporting content, and the moderators' queue of reported items."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.forms import EmptyForm, form_status
from app.core.permissions import Permission, requires
from app.core.sections import provide
from app.extensions import db
from app.moderation import bp, services
from app.moderation.forms import (
    KIND_LABELS,
    REASON_LABELS,
    HideForm,
    QueueFilterForm,
    ReportForm,
)
from app.moderation.models import ReportTarget

# The item kinds as they read in addresses.
KIND_SLUGS = {"forslag": ReportTarget.PROPOSAL, "kommentar": ReportTarget.COMMENT,
              "organisation": ReportTarget.ORGANISATION,
              "avsnittskommentar": ReportTarget.SECTION_COMMENT}
SLUG_FOR = {kind: slug for slug, kind in KIND_SLUGS.items()}
KIND_ARGUMENT = "any(" + ", ".join(KIND_SLUGS) + "):kind"


provide("moderation.open_item_count", services.open_item_count)


@bp.record_once
def _globals(state) -> None:
    state.app.jinja_env.globals.update(
        report_reason_labels=REASON_LABELS, report_kind_labels=KIND_LABELS,
        moderation_slug=SLUG_FOR)


def _item_or_404(kind: str, item_id: int) -> services.Item:
    item = services.load_item(KIND_SLUGS[kind], item_id)
    if item is None:
        abort(404)
    return item


@bp.route(f"/anmal/<{KIND_ARGUMENT}>/<int(max=2147483647):item_id>", methods=["GET", "POST"])
@requires(Permission.TAKE_PART)
def report(kind: str, item_id: int):
    item = _item_or_404(kind, item_id)
    if not item.is_visible:
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report(item, current_user, form.reason.data, form.text.data)
        except services.ModerationError as error:
            db.session.rollback()
            if error.field:
                getattr(form, error.field).errors.append(str(error))
                return _report_page(item, form, 400)
            return _report_page(item, form, 400, problem=str(error))
        db.session.commit()
        flash(_("Thank you! A moderator will look at what you reported. The person who wrote "
                "it does not see who reported it."), "success")
        return redirect(item.url())
    return _report_page(item, form, form_status(form))


def _report_page(item: services.Item, form: ReportForm, status: int, problem: str = ""):
    return render_template(
        "moderation/report.html", item=item, form=form, kind_slug=SLUG_FOR[item.kind],
        problem=problem, already=services.already_reported(item, current_user),
        own=current_user.id in services.owner_ids(item)), status


@bp.route("/moderering/anmalningar")
@requires(Permission.MODERATE)
def queue():
    form = QueueFilterForm(request.args)
    kind = form.kind.data if form.validate() else None
    return render_template("moderation/queue.html", form=form,
                           entries=services.reported_items(kind or None),
                           action_form=EmptyForm()), 400 if form.errors else 200


@bp.route(f"/moderering/<{KIND_ARGUMENT}>/<int(max=2147483647):item_id>/dolj",
          methods=["GET", "POST"])
@requires(Permission.MODERATE)
def hide(kind: str, item_id: int):
    item = _item_or_404(kind, item_id)
    form = HideForm()
    if form.validate_on_submit():
        try:
            services.hide(item, current_user, form.reason.data)
        except services.ModerationError as error:
            db.session.rollback()
            form.reason.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("It is hidden. The author has been told why."), "success")
            return redirect(url_for("moderation.queue"))
    return render_template("moderation/hide.html", item=item, form=form,
                           kind_slug=kind), form_status(form)


def _decide(kind: str, item_id: int, decide, done_message: str):
    item = _item_or_404(kind, item_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        decide(item, current_user)
    except services.ModerationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done_message, "success")
    return redirect(url_for("moderation.queue"))


@bp.route(f"/moderering/<{KIND_ARGUMENT}>/<int(max=2147483647):item_id>/aterstall",
          methods=["POST"])
@requires(Permission.MODERATE)
def restore(kind: str, item_id: int):
    return _decide(kind, item_id, services.restore, _("It is shown again."))


@bp.route(f"/moderering/<{KIND_ARGUMENT}>/<int(max=2147483647):item_id>/avfarda",
          methods=["POST"])
@requires(Permission.MODERATE)
def dismiss(kind: str, item_id: int):
    return _decide(kind, item_id, services.dismiss,
                   _("The reports are dismissed. Nothing is hidden."))


# The moderators' other tools add their routes to the blueprint.
from app.moderation import block_views, redact_views  # noqa: E402, F401
