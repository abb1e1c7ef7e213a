"""The person's notifications, their e-mail settings and one-click unsubscribe."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from app.accounts import bp
from app.accounts.models import User
from app.accounts.notification_forms import UnsubscribeForm, settings_form
from app.core import notifications
from app.core.forms import EmptyForm, form_status
from app.core.notifications import (
    CATEGORY_LABELS,
    DIGEST,
    Category,
    Mode,
    Notification,
)
from app.core.page_cache import register_hole
from app.core.permissions import Permission, requires
from app.extensions import csrf, db


@bp.app_context_processor
def inject_unread_count():
    def unread_notification_count() -> int:
        if not current_user.is_authenticated:
            return 0
        try:
            return notifications.unread_count(current_user)
        except SQLAlchemyError:
            # An error page after a database failure must still render.
            db.session.rollback()
            return 0

    return {"unread_notification_count": unread_notification_count,
            "unread_cap": notifications.UNREAD_CAP}


register_hole("notifications", lambda: render_template("_nav_notifications.html"))


def _local(url: str) -> str:
    """A link to this site as a path, so it keeps working if the address changes."""
    base = current_app.config["BASE_URL"].rstrip("/")
    if url == base or url.startswith(base + "/"):
        return url[len(base):] or "/"
    return url


@bp.route("/konto/aviseringar")
@requires(Permission.SIGNED_IN)
def notifications_page():
    page = request.args.get("page", 1, type=int)
    return render_template("accounts/notifications.html",
                           page=notifications.page_of(current_user, max(page, 1)),
                           local=_local)


@bp.route("/konto/aviseringar/<int:notification_id>/last", methods=["POST"])
@requires(Permission.SIGNED_IN)
def mark_notification_read(notification_id: int):
    notification = db.get_or_404(Notification, notification_id)
    if notification.user_id != current_user.id:
        abort(404)  # someone else's: as if it did not exist
    if not EmptyForm().validate_on_submit():
        abort(400)
    notifications.mark_read(notification)
    db.session.commit()
    flash(_("The notification is marked as read."), "success")
    return redirect(url_for("accounts.notifications_page",
                            page=request.form.get("page", 1, type=int)))


@bp.route("/konto/aviseringar/las-alla", methods=["POST"])
@requires(Permission.SIGNED_IN)
def mark_all_notifications_read():
    if not EmptyForm().validate_on_submit():
        abort(400)
    notifications.mark_all_read(current_user)
    db.session.commit()
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("accounts.notifications_page"))


@bp.route("/konto/aviseringar/installningar", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def notification_settings():
    categories = notifications.categories_for(current_user)
    form = settings_form(categories, notifications.modes(current_user))
    if form.validate_on_submit():
        for category in categories:
            notifications.set_mode(current_user, category, Mode(form[category.value].data))
        db.session.commit()
        flash(_("Your choices are saved."), "success")
        return redirect(url_for("accounts.notification_settings"))
    return render_template("accounts/notification_settings.html", form=form,
                           categories=categories), form_status(form)


@bp.route("/konto/aviseringar/avsluta/<token>", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
@csrf.exempt
def unsubscribe(token: str):
    found = notifications.read_unsubscribe_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None or not user.active or user.deleted_at is not None:
        return render_template("accounts/unsubscribe_invalid.html"), 400
    what = found[1]
    categories = ([category for category, mode in notifications.modes(user).items()
                   if mode == Mode.DIGEST] if what == DIGEST
                  else [Category(what)])
    categories = [c for c in categories if c in notifications.categories_for(user)]
    form = UnsubscribeForm()
    if request.method == "POST":
        for category in categories:
            notifications.set_mode(user, category, Mode.OFF)
        db.session.commit()
        return render_template("accounts/unsubscribe_done.html", digest=what == DIGEST,
                               labels=[CATEGORY_LABELS[c] for c in categories])
    return render_template("accounts/unsubscribe.html", form=form, digest=what == DIGEST,
                           labels=[CATEGORY_LABELS[c] for c in categories], token=token)
