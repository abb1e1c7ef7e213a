"""The administrators' verification queue."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.forms import EmptyForm
from app.core.permissions import Permission, requires
from app.extensions import db
from app.organisations import bp, queries, services
from app.organisations.forms import RefuseOrganisationForm


@bp.route("/admin/organisationer")
@requires(Permission.VERIFY_ORGANISATIONS)
def verification_queue():
    return render_template("organisations/queue.html",
                           organisations=queries.verification_queue(),
                           action_form=EmptyForm(), refuse_form=RefuseOrganisationForm())


def _pending(organisation_id: int):
    organisation = queries.organisation(organisation_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/admin/organisationer/<int:organisation_id>/verifiera", methods=["POST"])
@requires(Permission.VERIFY_ORGANISATIONS)
def verify(organisation_id: int):
    organisation = _pending(organisation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.verify(organisation, current_user)
    db.session.commit()
    flash(_("%(name)s is verified and can now act on the platform.", name=organisation.name),
          "success")
    return redirect(url_for("organisations.verification_queue"))


@bp.route("/admin/organisationer/<int:organisation_id>/avsla", methods=["POST"])
@requires(Permission.VERIFY_ORGANISATIONS)
def refuse(organisation_id: int):
    organisation = _pending(organisation_id)
    form = RefuseOrganisationForm()
    if form.validate_on_submit():
        services.refuse(organisation, current_user, form.reason.data)
        db.session.commit()
        flash(_("%(name)s is not approved. Its administrators see your reason.",
                name=organisation.name), "success")
        return redirect(url_for("organisations.verification_queue"))
    return render_template("organisations/refuse.html", organisation=organisation,
                           form=form), 400
