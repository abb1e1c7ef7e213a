"""Group pages: the public lists and page, and what moderators do with groups."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.communities.queries import active_communities, community_or_404
from app.core.forms import EmptyForm, form_status, select_choices
from app.core.page_cache import cached_page
from app.core.permissions import Permission, can, requires
from app.core.sections import Section, sections_for
from app.core.sections import register as register_section
from app.extensions import db
from app.groups import bp, queries, services
from app.groups.forms import GroupForm, GroupVisibilityForm, NewGroupForm
from app.groups.models import GroupRole, LocalGroup


def _community_section(community) -> Section:
    groups = queries.listing(community.id)
    return Section("groups/_community_section.html",
                   {"groups": groups, "counts": queries.member_counts([g.id for g in groups])})


register_section("community_page", _community_section, order=25)


def load(group_id: int) -> LocalGroup:
    group = queries.group(group_id)
    if group is None:
        abort(404)
    return group


def load_to_administer(group_id: int) -> LocalGroup:
    """The group, when the signed-in person runs it (its administrator, or staff)."""
    group = load(group_id)
    if not can(current_user, Permission.ADMINISTER_GROUPS, group):
        abort(403)
    return group


@bp.route("/utvecklingsgrupper")
@requires(Permission.PUBLIC)
@cached_page
def index():
    return _listing(None)


@bp.route("/lokalsamhallen/<slug>/utvecklingsgrupper")
@requires(Permission.PUBLIC)
@cached_page
def community_index(slug: str):
    return _listing(community_or_404(slug))


def _listing(community):
    groups = queries.listing(community.id if community else None,
                             include_archived=can(current_user, Permission.MANAGE_GROUPS))
    by_community: dict[int, list[LocalGroup]] = {}
    for group in groups:
        by_community.setdefault(group.community_id, []).append(group)
    return render_template("groups/index.html", community=community, groups=groups,
                           by_community=list(by_community.values()),
                           counts=queries.member_counts([g.id for g in groups]))


@bp.route("/utvecklingsgrupper/<int:group_id>")
@requires(Permission.PUBLIC)
@cached_page
def show(group_id: int):
    group = load(group_id)
    own = services.membership(group, current_user)
    members = queries.all_members(group)
    return render_template(
        "groups/show.html", group=group, own_membership=own,
        shown_members=[m for m in members if m.shown_publicly],
        has_admin=any(m.role == GroupRole.ADMIN for m in members),
        other_people=sum(1 for m in members if not m.shown_publicly),
        organisations=queries.organisation_links(group, accepted_only=True),
        administers=can(current_user, Permission.ADMINISTER_GROUPS, group),
        sections=sections_for("group_page", group),
        visibility_form=GroupVisibilityForm(obj=own) if own else None, action_form=EmptyForm())


def _community_choices(form: GroupForm, group: LocalGroup | None) -> None:
    communities = active_communities()
    if group is not None and group.community.is_archived:
        communities = [group.community, *communities]
    form.community.choices = select_choices(
        [("", _("Choose a local community"))] + [(str(c.id), c.name) for c in communities])


def _chosen_community(form: GroupForm) -> int:
    value = form.community.data or ""
    return int(value) if value.isdigit() and len(value) <= 10 else -1


def _details(form: GroupForm) -> dict:
    return {"name": form.name.data, "purpose": form.purpose.data,
            "contact_text": form.contact_text.data, "contact_email": form.contact_email.data}


@bp.route("/utvecklingsgrupper/ny", methods=["GET", "POST"])
@requires(Permission.MANAGE_GROUPS)
def create():
    form = NewGroupForm()
    _community_choices(form, None)
    if request.method == "GET" and request.args.get("lokalsamhalle"):
        found = [c for c in active_communities() if c.slug == request.args["lokalsamhalle"]]
        form.community.data = str(found[0].id) if found else ""
    if form.validate_on_submit():
        try:
            group = services.create_group(
                current_user, community_id=_chosen_community(form),
                first_admin_email=form.first_admin_email.data, **_details(form))
        except services.GroupError as error:
            getattr(form, error.field or "name").errors.append(str(error))
        else:
            db.session.commit()
            if form.first_admin_email.data:
                flash(_("%(name)s is created. We have sent an invitation to %(email)s.",
                        name=group.name, email=form.first_admin_email.data), "success")
            else:
                flash(_("%(name)s is created. Invite its members on the members page.",
                        name=group.name), "success")
            return redirect(url_for("groups.show", group_id=group.id))
    return render_template("groups/form.html", form=form, group=None), form_status(form)


@bp.route("/utvecklingsgrupper/<int:group_id>/redigera", methods=["GET", "POST"])
@requires(Permission.ADMINISTER_GROUPS)
def edit(group_id: int):
    group = load_to_administer(group_id)
    form = GroupForm(obj=group if request.method == "GET" else None)
    moves = can(current_user, Permission.MANAGE_GROUPS)
    if moves:
        _community_choices(form, group)
        if request.method == "GET":
            form.community.data = str(group.community_id)
    else:
        # Which community a group belongs to is the municipality's decision.
        del form.community
    if form.validate_on_submit():
        try:
            services.update_group(group, current_user, **_details(form),
                                  community_id=_chosen_community(form) if moves else None)
        except services.GroupError as error:
            getattr(form, error.field or "name").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The details of %(name)s are saved.", name=group.name), "success")
            return redirect(url_for("groups.show", group_id=group.id))
    return render_template("groups/form.html", form=form, group=group), form_status(form)


@bp.route("/utvecklingsgrupper/<int:group_id>/arkivera", methods=["POST"])
@requires(Permission.MANAGE_GROUPS)
def archive(group_id: int):
    group = load(group_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.archive_group(group, current_user)
    db.session.commit()
    flash(_("%(name)s is archived. Its page remains, but nobody can act on its behalf any "
            "more.", name=group.name), "success")
    return redirect(url_for("groups.show", group_id=group.id))


@bp.route("/utvecklingsgrupper/<int:group_id>/aterstall", methods=["POST"])
@requires(Permission.MANAGE_GROUPS)
def restore(group_id: int):
    group = load(group_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.restore_group(group, current_user)
    db.session.commit()
    flash(_("%(name)s is active again.", name=group.name), "success")
    return redirect(url_for("groups.show", group_id=group.id))


@bp.route("/konto/utvecklingsgrupper")
@requires(Permission.SIGNED_IN)
def mine():
    return render_template("groups/mine.html", memberships=queries.memberships(current_user))
