"""Registration, sign-in, password reset and the user's own account pages."""

import json

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from app.accounts import bp, services
from app.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from app.accounts.models import DELETED_NAME, User
from app.communities.queries import community_select_choices
from app.core.forms import EmptyForm, form_status, select_choices
from app.core.i18n import select_locale
from app.core.permissions import Permission, requires
from app.core.security import safe_next_url
from app.extensions import db, limiter, login_manager

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Sign in to continue.")
login_manager.login_message_category = "info"


@bp.record_once
def _deleted_name_global(state) -> None:
    state.app.jinja_env.globals["deleted_name"] = DELETED_NAME


@login_manager.user_loader
def load_user(session_id: str):
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or not user.active:
        return None
    return user


def _auth_limit():
    return current_app.config["AUTH_RATE_LIMIT"]


def _only_posts() -> bool:
    return request.method != "POST"


@bp.route("/konto/registrera", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
@limiter.limit(_auth_limit, exempt_when=_only_posts)
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegisterForm()
    if form.validate_on_submit():
        services.register_user(form.email.data, form.display_name.data, form.password.data,
                               locale=select_locale())
        db.session.commit()
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/register.html", form=form), form_status(form)


@bp.route("/konto/verifiera/<token>")
@requires(Permission.PUBLIC)
def verify_email(token: str):
    user = services.verify_email(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    db.session.commit()
    flash(_("Thank you! Your e-mail address is confirmed."), "success")
    return redirect(url_for("accounts.profile" if current_user.is_authenticated
                            else "accounts.login"))


@bp.route("/konto/logga-in", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
@limiter.limit(_auth_limit, exempt_when=_only_posts)
def login():
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("site.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The e-mail address or the password is wrong."))
            return render_template("accounts/login.html", form=form), 400
        db.session.commit()
        login_user(user, remember=form.remember.data)
        flash(_("You are signed in."), "success")
        return redirect(next_url or url_for("site.index"))
    return render_template("accounts/login.html", form=form), form_status(form)


@bp.route("/konto/logga-ut", methods=["POST"])
@requires(Permission.SIGNED_IN)
def logout():
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("site.index"))
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("site.index"))


@bp.route("/konto/glomt-losenord", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
@limiter.limit(_auth_limit, exempt_when=_only_posts)
def forgot_password():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/forgot_password.html", form=form), form_status(form)


@bp.route("/konto/nytt-losenord/<token>", methods=["GET", "POST"])
@requires(Permission.PUBLIC)
@limiter.limit(_auth_limit, exempt_when=_only_posts)
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_new_password(user, form.password.data)
        db.session.commit()
        logout_user()
        flash(_("Your password is changed. Sign in with the new password."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), form_status(form)


@bp.route("/konto", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def profile():
    form = ProfileForm(obj=current_user if request.method == "GET" else None)
    form.home_community.choices = select_choices(
        [("", _("No local community chosen"))] + community_select_choices())
    if request.method == "GET":
        form.home_community.data = str(current_user.home_community_id or "")
    if form.validate_on_submit():
        community_id = int(form.home_community.data) if form.home_community.data else None
        services.update_profile(current_user, form.display_name.data, community_id,
                                form.locale.data)
        db.session.commit()
        flash(_("Your details are saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form,
                           logout_form=EmptyForm(),
                           resend_form=EmptyForm()), form_status(form)


@bp.route("/konto/skicka-bekraftelse", methods=["POST"])
@requires(Permission.SIGNED_IN)
@limiter.limit(_auth_limit)
def resend_verification():
    form = EmptyForm()
    if form.validate_on_submit() and current_user.email_verified_at is None:
        services.send_verification(current_user)
        db.session.commit()
        flash(_("We have sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/konto/losenord", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.password.data)
        except services.AccountError as error:
            form.current_password.errors.append(str(error))
        else:
            db.session.commit()
            # Other sessions end with the new session version; keep this one.
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. You are signed out on other devices."),
                  "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), form_status(form)


@bp.route("/konto/e-post", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(current_user, form.email.data,
                                          form.current_password.data)
        except services.AccountError as error:
            getattr(form, error.field or "current_password").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("We have sent a confirmation link to %(email)s. Your address changes "
                    "when you follow it.", email=form.email.data), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_email.html", form=form), form_status(form)


@bp.route("/konto/e-post/bekrafta/<token>")
@requires(Permission.PUBLIC)
def confirm_email_change(token: str):
    user = services.confirm_email_change(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    db.session.commit()
    flash(_("Your new e-mail address is saved."), "success")
    return redirect(url_for("accounts.profile" if current_user.is_authenticated
                            else "accounts.login"))



@bp.app_context_processor
def inject_role_label():
    from app.accounts.forms import role_label

    return {"role_label": role_label}


@bp.route("/konto/mina-uppgifter")
@requires(Permission.SIGNED_IN)
def own_data():
    return render_template("accounts/own_data.html")


@bp.route("/konto/mina-uppgifter.json")
@requires(Permission.SIGNED_IN)
def own_data_download():
    body = json.dumps(services.export_own_data(current_user), ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/konto/radera", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
@limiter.limit(_auth_limit, exempt_when=_only_posts)
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user, form.password.data)
        except services.AccountError as error:
            db.session.rollback()
            if error.field == "password":
                form.password.errors.append(str(error))
            return _delete_page(form, 400)
        db.session.commit()
        logout_user()
        flash(_("Your account is deleted. What you wrote stays, signed “%(name)s”. Thank you "
                "for taking part.", name=DELETED_NAME), "success")
        return redirect(url_for("site.index"))
    return _delete_page(form, form_status(form))


def _delete_page(form: DeleteAccountForm, status: int):
    return render_template("accounts/delete.html", form=form,
                           obstacles=services.deletion_obstacles(current_user)), status
