"""Public community pages and their administration."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.communities import bp, queries, services
from app.communities.forms import CommunityForm
from app.communities.models import LocalCommunity
from app.core.forms import EmptyForm, form_status, select_choices
from app.core.page_cache import cached_page, resident
from app.core.permissions import Permission, requires
from app.core.sections import sections_for
from app.extensions import db


@bp.route("/lokalsamhallen")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def index():
    return render_template("communities/index.html",
                           communities=queries.active_communities())


@bp.route("/lokalsamhallen/<slug>")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def show(slug: str):
    community = queries.community_or_404(slug)
    return render_template("communities/show.html", community=community,
                           sections=sections_for("community_page", community))


@bp.route("/admin/lokalsamhallen")
@requires(Permission.MANAGE_COMMUNITIES)
def admin_index():
    return render_template("admin/communities.html",
                           communities=queries.all_communities(), action_form=EmptyForm())


def _parent_choices(exclude: LocalCommunity | None = None):
    return select_choices([("", _("None – a community of its own"))] + [
        (str(c.id), c.name) for c in queries.active_communities()
        if exclude is None or c.id != exclude.id
    ])


def _save(form: CommunityForm, community: LocalCommunity | None):
    parent_id = int(form.parent.data) if form.parent.data else None
    try:
        if community is None:
            community = services.create_community(form.name.data, form.slug.data,
                                                  form.description.data, parent_id)
        else:
            services.update_community(community, form.name.data, form.slug.data,
                                      form.description.data, parent_id)
    except services.CommunityError as error:
        getattr(form, error.field or "name").errors.append(str(error))
        return None
    db.session.commit()
    flash(_("%(name)s is saved.", name=community.name), "success")
    return redirect(url_for("communities.admin_index"))


@bp.route("/admin/lokalsamhallen/ny", methods=["GET", "POST"])
@requires(Permission.MANAGE_COMMUNITIES)
def admin_create():
    form = CommunityForm()
    form.parent.choices = _parent_choices()
    if form.validate_on_submit():
        response = _save(form, None)
        if response is not None:
            return response
    return render_template("admin/community_form.html", form=form, community=None), \
        form_status(form)


@bp.route("/admin/lokalsamhallen/<int:community_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_COMMUNITIES)
def admin_edit(community_id: int):
    community = db.get_or_404(LocalCommunity, community_id)
    form = CommunityForm(obj=community if request.method == "GET" else None)
    form.parent.choices = _parent_choices(exclude=community)
    if request.method == "GET":
        form.parent.data = str(community.parent_id or "")
    if form.validate_on_submit():
        response = _save(form, community)
        if response is not None:
            return response
    return render_template("admin/community_form.html", form=form, community=community), \
        form_status(form)


@bp.route("/admin/lokalsamhallen/<int:community_id>/flytta/<direction>", methods=["POST"])
@requires(Permission.MANAGE_COMMUNITIES)
def admin_move(community_id: int, direction: str):
    community = db.get_or_404(LocalCommunity, community_id)
    if direction not in ("up", "down"):
        abort(404)
    if EmptyForm().validate_on_submit():
        services.move_community(community, direction)
        db.session.commit()
    return redirect(url_for("communities.admin_index") + f"#community-{community.id}")


@bp.route("/admin/lokalsamhallen/<int:community_id>/arkivera", methods=["POST"])
@requires(Permission.MANAGE_COMMUNITIES)
def admin_archive(community_id: int):
    community = db.get_or_404(LocalCommunity, community_id)
    if EmptyForm().validate_on_submit():
        services.archive_community(community)
        db.session.commit()
        flash(_("%(name)s is archived. It is no longer offered as a choice, but its page "
                "remains.", name=community.name), "success")
    return redirect(url_for("communities.admin_index"))


@bp.route("/admin/lokalsamhallen/<int:community_id>/aterstall", methods=["POST"])
@requires(Permission.MANAGE_COMMUNITIES)
def admin_restore(community_id: int):
    community = db.get_or_404(LocalCommunity, community_id)
    if EmptyForm().validate_on_submit():
        services.restore_community(community)
        db.session.commit()
        flash(_("%(name)s is active again.", name=community.name), "success")
    return redirect(url_for("communities.admin_index"))
