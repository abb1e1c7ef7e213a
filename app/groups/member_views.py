"""Running a group's members: people invited by e-mail, roles, organisations
asked to join, and each member's own choices (leave, show my name)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.forms import EmptyForm, select_choices
from app.core.permissions import Permission, requires
from app.core.sections import Section
from app.core.sections import register as register_section
from app.extensions import db
from app.groups import bp, queries, services
from app.groups.forms import AskOrganisationForm, GroupVisibilityForm
from app.groups.models import GroupInvitation, GroupMember, LocalGroup, OrganisationStatus
from app.groups.views import load, load_to_administer
from app.organisations import services as organisation_services
from app.organisations.forms import InviteForm, MemberRoleForm


def _organisation_section(organisation) -> Section | None:
    links = queries.groups_of_organisation(organisation.id)
    runs = organisation_services.is_admin(organisation, current_user)
    shown = [link for link in links if link.is_accepted or runs]
    if not shown:
        return None
    return Section("groups/_organisation_section.html", {"links": shown, "runs": runs})


register_section("organisation_page", _organisation_section, order=50)


def _members_page(group: LocalGroup, invite_form: InviteForm, ask_form: AskOrganisationForm,
                  status: int = 200):
    ask_form.organisation.choices = select_choices(
        [("", _("Choose an organisation"))]
        + [(str(o.id), o.name) for o in queries.organisations_to_ask(group)])
    return render_template(
        "groups/members.html", group=group, form=invite_form, ask_form=ask_form,
        members=queries.all_members(group), invitations=queries.pending_invitations(group),
        links=queries.organisation_links(group), role_form=MemberRoleForm(),
        action_form=EmptyForm()), status


def _back_to_members(group: LocalGroup):
    return redirect(url_for("groups.members", group_id=group.id))


@bp.route("/utvecklingsgrupper/<int:group_id>/medlemmar", methods=["GET", "POST"])
@requires(Permission.ADMINISTER_GROUPS)
def members(group_id: int):
    group = load_to_administer(group_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite(group, current_user, form.email.data, form.role.data)
        except services.GroupError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("We have sent an invitation to %(email)s.", email=form.email.data),
                  "success")
            return _back_to_members(group)
    return _members_page(group, form, AskOrganisationForm(formdata=None),
                         400 if form.is_submitted() and form.errors else 200)


@bp.route("/utvecklingsgrupper/<int:group_id>/organisationer", methods=["POST"])
@requires(Permission.ADMINISTER_GROUPS)
def ask_organisation(group_id: int):
    group = load_to_administer(group_id)
    form = AskOrganisationForm()
    form.organisation.choices = []
    if form.validate_on_submit():
        value = form.organisation.data or ""
        try:
            link = services.ask_organisation(
                group, current_user, int(value) if value.isdigit() and len(value) <= 10 else -1)
        except services.GroupError as error:
            form.organisation.errors.append(str(error))
        else:
            name = link.organisation.name
            db.session.commit()
            flash(_("We have asked the administrators of %(name)s. It is shown as a member "
                    "when one of them accepts.", name=name), "success")
            return _back_to_members(group)
    return _members_page(group, InviteForm(formdata=None), form, 400)


def _member(group: LocalGroup, member_id: int) -> GroupMember:
    member = db.session.get(GroupMember, member_id) if member_id <= queries.MAX_ID else None
    if member is None or member.group_id != group.id:
        abort(404)
    return member


def _change_members(group: LocalGroup, change, done: str):
    """Run a change to the members; a refused one (the last administrator) is
    rolled back and explained."""
    try:
        change()
    except services.GroupError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return _back_to_members(group)


@bp.route("/utvecklingsgrupper/<int:group_id>/medlemmar/<int:group_member_id>/roll",
          methods=["POST"])
@requires(Permission.ADMINISTER_GROUPS)
def change_member_role(group_id: int, group_member_id: int):
    group = load_to_administer(group_id)
    member = _member(group, group_member_id)
    form = MemberRoleForm()
    if not form.validate_on_submit():
        abort(400)
    return _change_members(group, lambda: services.change_role(member, form.role.data,
                                                               current_user),
                           _("The role is changed."))


@bp.route("/utvecklingsgrupper/<int:group_id>/medlemmar/<int:group_member_id>/ta-bort",
          methods=["POST"])
@requires(Permission.ADMINISTER_GROUPS)
def remove_member(group_id: int, group_member_id: int):
    group = load_to_administer(group_id)
    member = _member(group, group_member_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _change_members(group, lambda: services.remove_member(member, current_user),
                           _("The member is removed."))


@bp.route("/utvecklingsgrupper/<int:group_id>/inbjudningar/<int:group_invitation_id>/aterkalla",
          methods=["POST"])
@requires(Permission.ADMINISTER_GROUPS)
def revoke_invitation(group_id: int, group_invitation_id: int):
    group = load_to_administer(group_id)
    invitation = db.session.get(GroupInvitation, group_invitation_id) \
        if group_invitation_id <= queries.MAX_ID else None
    if invitation is None or invitation.group_id != group.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.revoke_invitation(invitation)
    db.session.commit()
    flash(_("The invitation to %(email)s is withdrawn.", email=invitation.email), "success")
    return _back_to_members(group)


@bp.route("/utvecklingsgrupper/<int:group_id>/organisationer/<int:link_id>/ta-bort",
          methods=["POST"])
@requires(Permission.ADMINISTER_GROUPS)
def remove_organisation(group_id: int, link_id: int):
    group = load_to_administer(group_id)
    link = queries.organisation_link(group, link_id)
    if link is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = link.organisation.name
    services.remove_organisation(link, current_user)
    db.session.commit()
    flash(_("%(name)s is no longer a member.", name=name), "success")
    return _back_to_members(group)


@bp.route("/utvecklingsgrupper/<int:group_id>/organisationer/<int:link_id>/svar",
          methods=["GET", "POST"])
@requires(Permission.ACT_FOR_ORGANISATIONS)
def organisation_answer(group_id: int, link_id: int):
    """An administrator of the organisation accepts or declines the group's
    request, or later takes the organisation out of the group."""
    group = load(group_id)
    link = queries.organisation_link(group, link_id)
    if link is None:
        abort(404)
    if not organisation_services.is_admin(link.organisation, current_user):
        abort(403)
    form = EmptyForm()
    if form.validate_on_submit():
        names = {"organisation": link.organisation.name, "group": group.name}
        organisation_id = link.organisation_id
        answer = request.form.get("answer")
        pending = link.status == OrganisationStatus.PENDING
        if answer in ("accept", "decline") and pending:
            services.answer_organisation(link, current_user, answer == "accept")
            message = _("%(organisation)s is now a member of %(group)s.") if \
                answer == "accept" else _("You declined for %(organisation)s.")
        elif answer == "leave" and not pending:
            services.remove_organisation(link, current_user, audited=False)
            message = _("%(organisation)s has left %(group)s.")
        else:
            abort(400)
        db.session.commit()
        flash(message % names, "success")
        return redirect(url_for("organisations.show", organisation_id=organisation_id))
    return render_template("groups/organisation_answer.html", group=group, link=link,
                           form=form)


@bp.route("/utvecklingsgrupper/inbjudan/<token>", methods=["GET", "POST"])
@requires(Permission.ACT_FOR_GROUPS)
def invitation(token: str):
    found = services.invitation_for_token(token)
    if found is None:
        return render_template("groups/invitation_invalid.html"), 400
    group = queries.group(found.group_id)
    form = GroupVisibilityForm()
    if request.method == "GET" and current_user.email.lower() != found.email:
        # Opened by someone else: say so at once rather than offer buttons that fail.
        flash(_("This invitation was sent to another e-mail address. Sign in with the "
                "address that received it."), "error")
        return render_template("groups/invitation.html", invitation=found, group=group,
                               form=form), 403
    if form.validate_on_submit():
        accept = request.form.get("answer") == "accept"
        try:
            member = services.answer_invitation(found, current_user, accept)
        except services.GroupError as error:
            flash(str(error), "error")
            return render_template("groups/invitation.html", invitation=found, group=group,
                                   form=form), 403
        if member is not None:
            services.set_shown_publicly(member, form.shown_publicly.data)
        db.session.commit()
        if accept:
            flash(_("Welcome to %(name)s!", name=group.name), "success")
            return redirect(url_for("groups.show", group_id=group.id))
        flash(_("You declined the invitation."), "success")
        return redirect(url_for("groups.mine"))
    return render_template("groups/invitation.html", invitation=found, group=group, form=form)


def _own_membership(group_id: int) -> tuple[LocalGroup, GroupMember]:
    group = load(group_id)
    member = services.membership(group, current_user)
    if member is None:
        abort(403)
    return group, member


@bp.route("/utvecklingsgrupper/<int:group_id>/lamna", methods=["POST"])
@requires(Permission.SIGNED_IN)
def leave(group_id: int):
    group, member = _own_membership(group_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.remove_member(member, current_user)
    except services.GroupError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("groups.show", group_id=group.id))
    db.session.commit()
    flash(_("You have left %(name)s.", name=group.name), "success")
    return redirect(url_for("groups.mine"))


@bp.route("/utvecklingsgrupper/<int:group_id>/synlighet", methods=["POST"])
@requires(Permission.SIGNED_IN)
def visibility(group_id: int):
    group, member = _own_membership(group_id)
    form = GroupVisibilityForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_shown_publicly(member, form.shown_publicly.data)
    db.session.commit()
    flash(_("Your choice is saved."), "success")
    return redirect(url_for("groups.show", group_id=group.id))
