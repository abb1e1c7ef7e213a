"""Organisation pages: register, edit, members, invitations, directory."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.communities.queries import active_communities, active_themes, community_or_404
from app.core.forms import EmptyForm, form_status, select_choices
from app.core.page_cache import cached_page
from app.core.permissions import Permission, can, requires
from app.core.sections import Section, sections_for
from app.core.sections import register as register_section
from app.extensions import db
from app.organisations import bp, contributions, queries, services
from app.organisations.forms import (
    DirectoryFilterForm,
    InviteForm,
    MemberRoleForm,
    OrganisationForm,
    VisibilityForm,
)
from app.organisations.labels import KIND_LABELS, ROLE_LABELS, STATUS_LABELS
from app.organisations.models import Invitation, Membership, Organisation


def _community_section(community) -> Section:
    return Section("organisations/_community_section.html",
                   {"organisations": queries.directory(community.id, limit=6),
                    "counts": queries.kind_counts(community.id)})


register_section("community_page", _community_section, order=30)


@bp.record_once
def _label_globals(state) -> None:
    state.app.jinja_env.globals.update(
        organisation_kind_labels=KIND_LABELS, organisation_role_labels=ROLE_LABELS,
        organisation_status_labels=STATUS_LABELS)


def _choices(form: OrganisationForm) -> None:
    form.communities.choices = select_choices((c.id, c.name) for c in active_communities())
    form.themes.choices = select_choices((t.id, t.name) for t in active_themes())


def _details(form: OrganisationForm) -> dict:
    return {"name": form.name.data, "kind": form.kind.data, "org_number": form.org_number.data,
            "description": form.description.data, "role_text": form.role_text.data,
            "website": form.website.data, "contact_email": form.contact_email.data,
            "community_ids": form.communities.data or [], "theme_ids": form.themes.data or []}


def _load(organisation_id: int) -> Organisation:
    organisation = queries.organisation(organisation_id)
    if organisation is None:
        abort(404)
    if not organisation.is_verified and not (
            services.membership(organisation, current_user) is not None
            or can(current_user, Permission.VERIFY_ORGANISATIONS)):
        abort(404)
    return organisation


def _load_as_admin(organisation_id: int) -> Organisation:
    organisation = _load(organisation_id)
    if not services.is_admin(organisation, current_user):
        abort(403)
    return organisation


@bp.route("/organisationer")
@requires(Permission.PUBLIC)
@cached_page
def index():
    return _directory(None)


@bp.route("/lokalsamhallen/<slug>/aktorer")
@requires(Permission.PUBLIC)
@cached_page
def community_directory(slug: str):
    return _directory(community_or_404(slug))


def _directory(community):
    form = DirectoryFilterForm(request.args)
    form.kind.choices = select_choices([("", _("All types"))] + [
        (k.value, label) for k, label in KIND_LABELS.items()])
    form.theme.choices = select_choices([("", _("All themes"))] + [
        (str(t.id), t.name) for t in active_themes()])
    kind = form.kind.data if form.kind.data in {k.value for k in KIND_LABELS} else None
    theme = form.theme.data if (form.theme.data or "").isdigit() and \
        len(form.theme.data) < 10 else None
    organisations = queries.directory(community.id if community else None, kind,
                                      int(theme) if theme else None)
    return render_template("organisations/directory.html", form=form, community=community,
                           organisations=organisations,
                           contributions=contributions.counts(o.id for o in organisations),
                           counts=queries.kind_counts(community.id if community else None))


@bp.route("/organisationer/<int:organisation_id>")
@requires(Permission.PUBLIC)
@cached_page
def show(organisation_id: int):
    organisation = _load(organisation_id)
    own = services.membership(organisation, current_user)
    return render_template(
        "organisations/show.html", organisation=organisation,
        members=queries.public_members(organisation), own_membership=own,
        is_admin=own is not None and own.role == "admin",
        sections=sections_for("organisation_page", organisation),
        visibility_form=VisibilityForm(obj=own) if own else None, leave_form=EmptyForm())


@bp.route("/organisationer/ny", methods=["GET", "POST"])
@requires(Permission.ACT_FOR_ORGANISATIONS)
def register():
    form = OrganisationForm()
    _choices(form)
    if form.validate_on_submit():
        try:
            organisation = services.register_organisation(current_user, **_details(form))
        except services.OrganisationError as error:
            getattr(form, error.field or "name").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Thank you! %(name)s is registered. An administrator checks it before "
                    "you can act on its behalf; you get an e-mail when it is done.",
                    name=organisation.name), "success")
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=None), \
        form_status(form)


@bp.route("/organisationer/<int:organisation_id>/redigera", methods=["GET", "POST"])
@requires(Permission.ACT_FOR_ORGANISATIONS)
def edit(organisation_id: int):
    organisation = _load_as_admin(organisation_id)
    form = OrganisationForm(obj=organisation if request.method == "GET" else None)
    _choices(form)
    if request.method == "GET":
        form.communities.data = [c.id for c in organisation.communities]
        form.themes.data = [t.id for t in organisation.themes]
    if form.validate_on_submit():
        try:
            services.update_organisation(organisation, **_details(form))
        except services.OrganisationError as error:
            getattr(form, error.field or "name").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The details of %(name)s are saved.", name=organisation.name), "success")
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=organisation), \
        form_status(form)


@bp.route("/organisationer/<int:organisation_id>/medlemmar", methods=["GET", "POST"])
@requires(Permission.ACT_FOR_ORGANISATIONS)
def members(organisation_id: int):
    organisation = _load_as_admin(organisation_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite(organisation, current_user, form.email.data, form.role.data)
        except services.OrganisationError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("We have sent an invitation to %(email)s.", email=form.email.data),
                  "success")
            return redirect(url_for("organisations.members", organisation_id=organisation.id))
    return render_template("organisations/members.html", organisation=organisation, form=form,
                           members=queries.all_members(organisation),
                           invitations=queries.pending_invitations(organisation),
                           role_form=MemberRoleForm(), action_form=EmptyForm()), \
        form_status(form)


def _member(organisation: Organisation, member_id: int) -> Membership:
    member = db.session.get(Membership, member_id) if member_id <= queries.MAX_ID else None
    if member is None or member.organisation_id != organisation.id:
        abort(404)
    return member


@bp.route("/organisationer/<int:organisation_id>/medlemmar/<int:member_id>/roll",
          methods=["POST"])
@requires(Permission.ACT_FOR_ORGANISATIONS)
def change_member_role(organisation_id: int, member_id: int):
    organisation = _load_as_admin(organisation_id)
    member = _member(organisation, member_id)
    form = MemberRoleForm()
    if not form.validate_on_submit():
        abort(400)
    return _change_members(organisation, lambda: services.change_role(member, form.role.data),
                           _("The role is changed."))


@bp.route("/organisationer/<int:organisation_id>/medlemmar/<int:member_id>/ta-bort",
          methods=["POST"])
@requires(Permission.ACT_FOR_ORGANISATIONS)
def remove_member(organisation_id: int, member_id: int):
    organisation = _load_as_admin(organisation_id)
    member = _member(organisation, member_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _change_members(organisation, lambda: services.remove_member(member),
                           _("The member is removed."))


def _change_members(organisation: Organisation, change, done: str):
    """Run a change to the member list; a refused one (the last administrator)
    is rolled back and explained."""
    try:
        change()
    except services.OrganisationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("organisations.members", organisation_id=organisation.id))


@bp.route("/organisationer/<int:organisation_id>/inbjudningar/<int:invitation_id>/aterkalla",
          methods=["POST"])
@requires(Permission.ACT_FOR_ORGANISATIONS)
def revoke_invitation(organisation_id: int, invitation_id: int):
    organisation = _load_as_admin(organisation_id)
    invitation = db.session.get(Invitation, invitation_id) \
        if invitation_id <= queries.MAX_ID else None
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.revoke_invitation(invitation)
    db.session.commit()
    flash(_("The invitation to %(email)s is withdrawn.", email=invitation.email), "success")
    return redirect(url_for("organisations.members", organisation_id=organisation.id))


@bp.route("/organisationer/<int:organisation_id>/lamna", methods=["POST"])
@requires(Permission.SIGNED_IN)
def leave(organisation_id: int):
    organisation = _load(organisation_id)
    member = services.membership(organisation, current_user)
    if member is None:
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.remove_member(member)
    except services.OrganisationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("organisations.show", organisation_id=organisation.id))
    db.session.commit()
    flash(_("You have left %(name)s.", name=organisation.name), "success")
    return redirect(url_for("organisations.mine"))


@bp.route("/organisationer/<int:organisation_id>/synlighet", methods=["POST"])
@requires(Permission.SIGNED_IN)
def visibility(organisation_id: int):
    organisation = _load(organisation_id)
    member = services.membership(organisation, current_user)
    if member is None:
        abort(403)
    form = VisibilityForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_shown_publicly(member, form.shown_publicly.data)
    db.session.commit()
    flash(_("Your choice is saved."), "success")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


@bp.route("/inbjudan/<token>", methods=["GET", "POST"])
@requires(Permission.ACT_FOR_ORGANISATIONS)
def invitation(token: str):
    found = services.invitation_for_token(token)
    if found is None:
        return render_template("organisations/invitation_invalid.html"), 400
    organisation = queries.organisation(found.organisation_id)
    form = EmptyForm()
    if request.method == "GET" and current_user.email.lower() != found.email:
        # Opened by someone else: say so at once rather than offer buttons that fail.
        flash(_("This invitation was sent to another e-mail address. Sign in with the "
                "address that received it."), "error")
        return render_template("organisations/invitation.html", invitation=found,
                               organisation=organisation, form=form), 403
    if form.validate_on_submit():
        accept = request.form.get("answer") == "accept"
        try:
            services.answer_invitation(found, current_user, accept)
        except services.OrganisationError as error:
            flash(str(error), "error")
            return render_template("organisations/invitation.html", invitation=found,
                                   organisation=organisation, form=form), 403
        db.session.commit()
        if accept:
            flash(_("Welcome to %(name)s!", name=organisation.name), "success")
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
        flash(_("You declined the invitation."), "success")
        return redirect(url_for("organisations.mine"))
    return render_template("organisations/invitation.html", invitation=found,
                           organisation=organisation, form=form)


@bp.route("/konto/organisationer")
@requires(Permission.SIGNED_IN)
def mine():
    return render_template("organisations/mine.html",
                           memberships=queries.memberships(current_user))
