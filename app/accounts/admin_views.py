"""Admin pages for user accounts: list, search, roles, deactivation."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from app.accounts import bp, services
from app.accounts.forms import ROLE_LABELS, RoleForm, UserSearchForm
from app.accounts.models import User
from app.core.forms import EmptyForm
from app.core.permissions import Permission, Role, requires
from app.extensions import db

PER_PAGE = 50


@bp.route("/admin/anvandare")
@requires(Permission.MANAGE_USERS)
def admin_users():
    form = UserSearchForm(request.args)
    query = select(User).order_by(User.display_name, User.id)
    if form.validate():
        if form.q.data:
            pattern = f"%{form.q.data.lower()}%"
            query = query.where(or_(func.lower(User.display_name).like(pattern),
                                    func.lower(User.email).like(pattern)))
        if form.role.data:
            query = query.where(User.role == form.role.data)
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", form=form, page=page, role_labels=ROLE_LABELS)


@bp.route("/admin/anvandare/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def admin_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = RoleForm(obj=user if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        try:
            services.set_role(user, Role(form.role.data), current_user)
        except services.AccountError as error:
            form.role.errors.append(str(error))
            status = 400
        else:
            db.session.commit()
            flash(_("The role of %(name)s is now %(role)s.", name=user.display_name,
                    role=ROLE_LABELS[Role(form.role.data)]), "success")
            return redirect(url_for("accounts.admin_user", user_id=user.id))
    elif form.is_submitted():
        status = 400
    return render_template("admin/user.html", user=user, form=form,
                           toggle_form=EmptyForm(), role_labels=ROLE_LABELS), status


@bp.route("/admin/anvandare/<int:user_id>/inaktivera", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def admin_deactivate_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        try:
            services.deactivate(user, current_user)
        except services.AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The account of %(name)s is deactivated. They can no longer sign in.",
                    name=user.display_name), "success")
    return redirect(url_for("accounts.admin_user", user_id=user.id))


@bp.route("/admin/anvandare/<int:user_id>/aktivera", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def admin_reactivate_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        try:
            services.reactivate(user)
        except services.AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The account of %(name)s is active again.", name=user.display_name),
                  "success")
    return redirect(url_for("accounts.admin_user", user_id=user.id))
