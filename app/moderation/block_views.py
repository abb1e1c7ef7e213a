"""Moderators block an account from writing for a while, and lift the block."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ROLE_LABELS
from app.accounts.models import User
from app.core.forms import EmptyForm, form_status
from app.core.permissions import Permission, is_blocked, requires
from app.extensions import db
from app.moderation import blocks, bp
from app.moderation.forms import BlockForm

USER_ID = "<int(max=2147483647):user_id>"


@bp.app_context_processor
def _block_state() -> dict:
    return {"account_blocked": is_blocked(current_user)}


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted:
        abort(404)
    return user


@bp.route(f"/moderering/anvandare/{USER_ID}/sparra", methods=["GET", "POST"])
@requires(Permission.MODERATE)
def block(user_id: int):
    user = _user_or_404(user_id)
    problem = blocks.refusal(user, current_user)
    form = BlockForm()
    if problem is None and form.validate_on_submit():
        try:
            until = blocks.block_end(form.length.data, form.until_date.data)
            changed = blocks.block(user, current_user, until, form.reason.data)
        except blocks.BlockError as error:
            db.session.rollback()
            getattr(form, error.field or "reason").errors.append(str(error))
        else:
            db.session.commit()
            if changed:
                flash(_("%(name)s is blocked and has been e-mailed the reason.",
                        name=user.display_name), "success")
            else:
                flash(_("%(name)s was already blocked like that. Nothing changed.",
                        name=user.display_name), "info")
            return redirect(url_for("moderation.blocked"))
    status = 403 if problem else form_status(form)
    return render_template("moderation/block.html", user=user, form=form, problem=problem,
                           role_labels=ROLE_LABELS, lift_form=EmptyForm()), status


@bp.route(f"/moderering/anvandare/{USER_ID}/hav-sparr", methods=["POST"])
@requires(Permission.MODERATE)
def lift(user_id: int):
    user = _user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        blocks.lift(user, current_user)
    except blocks.BlockError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The block on %(name)s is lifted. They have been e-mailed.",
                name=user.display_name), "success")
    return redirect(url_for("moderation.blocked"))


@bp.route("/moderering/sparrade")
@requires(Permission.MODERATE)
def blocked():
    return render_template("moderation/blocked.html", users=blocks.blocked_users(),
                           role_labels=ROLE_LABELS,
                           may_lift=lambda user: blocks.refusal(user, current_user) is None)
