"""Proposal pages: list, search, submit with preview, detail, taking part."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.communities.queries import active_communities, community_by_slug
from app.core.forms import EmptyForm, form_status, select_choices
from app.core.memo import request_memo
from app.core.page_cache import cached_page, private_value, register_hole, resident
from app.core.permissions import Permission, can, requires
from app.core.sections import Section, call, sections_for
from app.core.sections import register as register_section
from app.extensions import db
from app.groups.acting import chosen_group, group_choices
from app.organisations.acting import acting_choices, chosen_organisation
from app.proposals import bp, participation, queries, services  # noqa: F401 - registers hooks
from app.proposals.case_views import case_panel  # also registers the case handling pages
from app.proposals.forms import (
    WHOLE_MUNICIPALITY,
    CommentEditForm,
    CommentForm,
    FilterForm,
    ProposalForm,
    StatusForm,
    new_submission_key,
    status_choices,
)
from app.proposals.labels import (
    ANSWERER_LABELS,
    DECISION_LABELS,
    SORTS,
    STATUS_HINTS,
    STATUS_LABELS,
    STATUS_STYLES,
)
from app.proposals.models import Comment, Proposal, ProposalStatus
from app.site.services import get_settings


def _community_section(community) -> Section:
    return Section("proposals/_community_section.html",
                   {"proposals": queries.community_proposals(community)})


register_section("community_page", _community_section, order=10)


@bp.record_once
def _label_globals(state) -> None:
    # Globals rather than a context processor, so imported macros see them too.
    state.app.jinja_env.globals.update(
        status_labels=STATUS_LABELS, status_styles=STATUS_STYLES,
        decision_labels=DECISION_LABELS, status_hints=STATUS_HINTS,
        answerer_labels=ANSWERER_LABELS)


def _community_choices(placeholder: bool = True) -> list[tuple[str, str]]:
    choices = [("", _("Choose a local community"))] if placeholder else []
    choices.append((WHOLE_MUNICIPALITY, _("Whole municipality")))
    return choices + [(str(c.id), c.name) for c in active_communities()]


def _theme_choices() -> list[tuple[str, str]]:
    return [("", _("Choose a theme"))] + [(str(t.id), t.name)
                                          for t in queries.active_themes()]


def _community_id(value: str) -> int | None:
    return None if value == WHOLE_MUNICIPALITY else int(value)


def _validate_choices(form: ProposalForm) -> bool:
    """Check the selects against what exists now; tampered values are refused."""
    ok = True
    valid_communities = {choice.value for choice in form.community.choices if choice.value}
    if form.community.data not in valid_communities:
        form.community.errors.append(_("Choose a local community from the list."))
        ok = False
    valid_themes = {choice.value for choice in form.theme.choices if choice.value}
    if form.theme.data not in valid_themes:
        form.theme.errors.append(_("Choose a theme from the list."))
        ok = False
    return ok


def _set_choices(form: ProposalForm) -> None:
    # SelectChoice objects: WTForms deprecates plain tuples for rendered selects.
    form.community.choices = select_choices(_community_choices())
    form.theme.choices = select_choices(_theme_choices())
    form.acting_as.choices = select_choices(acting_choices())


def _chosen_label(field) -> str:
    return next(str(choice.label) for choice in field.choices if choice.value == field.data)


def load_visible(reference: str, *, alone: bool = False) -> Proposal:
    """The proposal, when the person may see it (404 otherwise); `alone`
    leaves out the people and places the whole page shows."""
    proposal = (queries.proposal_row if alone else queries.proposal_by_reference)(reference)
    if proposal is None:
        abort(404)
    if not proposal.is_public and not (
            current_user.is_authenticated
            and (current_user.id == proposal.author_id or can(current_user,
                                                              Permission.MODERATE))):
        abort(404)
    return proposal


@bp.route("/forslag")
@requires(Permission.PUBLIC)
@cached_page(signed_in=resident)
def index():
    form = FilterForm(request.args)
    form.community.choices = [("", _("All local communities"))] + _community_choices(False)
    form.theme.choices = [("", _("All themes"))] + [(str(t.id), t.name)
                                                    for t in queries.all_themes()]
    form.status.choices = status_choices()
    form.sort.choices = list(SORTS.items())
    # Unknown filter values are dropped rather than answered with an error.
    if not form.validate():
        form.q.data = ""
    if form.status.data not in {value for value, _label in form.status.choices}:
        form.status.data = ""
    page_number = request.args.get("page", "1")
    filters = queries.Filters(
        q=form.q.data or "", community=form.community.data or "",
        status=form.status.data or "", theme=form.theme.data or "",
        sort=form.sort.data if form.sort.data in SORTS else "newest",
        page=int(page_number) if page_number.isdigit() and 0 < int(page_number) < 100000 else 1)
    counts = queries.facet_counts(filters)
    page = queries.proposal_page(filters, total=queries.filtered_total(filters, counts))
    return render_template("proposals/index.html", form=form, page=page, counts=counts,
                           filters=filters, sorts=SORTS)


def _dialogue_from_request():
    """The open dialogue a proposal is sent within (?dialog=<id>), if any.

    The dialogues area answers through a provided function, since it sits
    beside this one; a dialogue that is not open sends the user back with why.
    """
    value = request.values.get("dialog", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        abort(404)
    found = call("dialogue_open_for_proposals", int(value))
    if found is None:
        abort(404)
    if isinstance(found, str):
        flash(found, "error")
        abort(redirect(url_for("dialogues.show", dialogue_id=int(value))))
    return found


def _section_from_request():
    """The consultation section a proposal is sent about (?avsnitt=<id>), if any.

    Answered by the consultation area through a provided function; a section
    whose consultation is not open sends the user back to it with why.
    """
    value = request.values.get("avsnitt", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        abort(404)
    found = call("consultation_section_for_proposals", int(value))
    if found is None:
        abort(404)
    if found.problem:
        flash(found.problem, "error")
        abort(redirect(found.url))
    return found


@bp.route("/forslag/nytt", methods=["GET", "POST"])
@requires(Permission.SUBMIT_PROPOSAL)
def new():
    form = ProposalForm()
    _set_choices(form)
    form.group.choices = select_choices(group_choices())
    dialogue = _dialogue_from_request()
    section = _section_from_request()
    if dialogue is not None:
        # A proposal within a dialogue belongs to the dialogue's community.
        form.community.data = str(dialogue.community_id or WHOLE_MUNICIPALITY)
    if request.method == "GET":
        form.submission_key.data = new_submission_key()
        slug = request.args.get("lokalsamhalle", "")
        community = community_by_slug(slug) if slug else None
        if dialogue is not None:
            pass
        elif community is not None and not community.is_archived:
            form.community.data = str(community.id)
        elif slug == WHOLE_MUNICIPALITY:
            form.community.data = WHOLE_MUNICIPALITY
        return render_template("proposals/form.html", form=form, preview=False,
                               dialogue=dialogue, section=section)
    organisation = chosen_organisation(form.acting_as.data)
    group = chosen_group(form.group.data)
    action = request.form.get("action", "preview")
    valid = form.validate_on_submit() & _validate_choices(form)
    # Checked with the rest, so every problem is shown at once.
    for field in (form.title, form.body):
        message = services.personal_data_message(field.data or "")
        if message:
            field.errors = [*field.errors, message]
            valid = False
    if not valid:
        return render_template("proposals/form.html", form=form, preview=False,
                               dialogue=dialogue, section=section), 400
    if action != "send":
        similar = queries.similar_proposals(f"{form.title.data} {form.body.data}")
        return render_template("proposals/form.html", form=form, preview=True,
                               similar=similar, organisation=organisation, group=group,
                               dialogue=dialogue, section=section,
                               community_name=_chosen_label(form.community),
                               theme_name=_chosen_label(form.theme))
    try:
        proposal = services.submit_proposal(
            current_user, form.title.data, form.body.data,
            _community_id(form.community.data), int(form.theme.data),
            submission_key=form.submission_key.data, organisation=organisation,
            group=group, dialogue_id=dialogue.id if dialogue else None)
    except services.ProposalError as error:
        getattr(form, error.field or "body").errors.append(str(error))
        return render_template("proposals/form.html", form=form, preview=False,
                               dialogue=dialogue, section=section), 400
    if section is not None:
        call("tie_proposal_to_section", proposal, section.section_id)
    db.session.commit()
    if proposal.status == ProposalStatus.SUBMITTED:
        flash(_("Thank you! Your proposal %(reference)s is reviewed before it is published. "
                "You get an e-mail when it is done.", reference=proposal.reference), "success")
    else:
        flash(_("Thank you! Your proposal %(reference)s is published.",
                reference=proposal.reference), "success")
    return redirect(url_for("proposals.show", reference=proposal.reference))


def _comment_page_number() -> int:
    page_number = request.args.get("kommentarer", "1")
    return int(page_number) if page_number.isdigit() and int(page_number) < 100000 else 1


def _shown_proposal(reference: str, *, alone: bool = False) -> Proposal:
    """The proposal of this page, loaded once per request: alone, for a page
    from the cache; with all the page shows, for a page to render."""
    memo = request_memo()
    proposal = memo.get("shown_proposal")
    if proposal is None or proposal.reference != reference or not (alone or memo["whole"]):
        proposal = memo["shown_proposal"] = load_visible(reference, alone=alone)
        memo["whole"] = not alone
    return proposal


def _shared_with_residents(reference: str) -> tuple | None:
    """The proposal page is shared between residents (app/core/page_cache.py):
    the support panel and the comment form are holes filled for each person,
    and the author's buttons on the proposal and on their comments are
    switches. The proposal is read here, alone, so a page from the cache
    still answers 404 for a proposal that is no longer visible."""
    if resident() is None:
        return None
    _shown_proposal(reference, alone=True)
    return ("resident",)


def _support_panel() -> str:
    proposal = request_memo()["shown_proposal"]
    return render_template("proposals/_support_panel.html", proposal=proposal,
                           viewer=queries.viewer_state(proposal, current_user),
                           settings=get_settings())


def _comment_form() -> str:
    comment_form = CommentForm(formdata=None)
    comment_form.submission_key.data = new_submission_key()
    proposal = request_memo()["shown_proposal"]
    if queries.viewer_state(proposal, current_user)["member"]:
        comment_form.acting_as.choices = select_choices(acting_choices())
    return render_template("proposals/_comment_form.html", proposal=proposal,
                           comment_form=comment_form, comment_page=_comment_page_number())


register_hole("proposal_support", _support_panel)
register_hole("proposal_comment_form", _comment_form)


@bp.route("/forslag/<reference>")
@requires(Permission.PUBLIC)
@cached_page(signed_in=_shared_with_residents)
def show(reference: str):
    proposal = _shown_proposal(reference)
    comments = queries.comment_page(proposal, _comment_page_number())
    status_form = StatusForm() if can(current_user, Permission.MODERATE) else None
    return render_template(
        "proposals/show.html", proposal=proposal, history=queries.history(proposal),
        comments=comments, reply_key=private_value(new_submission_key()),
        action_form=EmptyForm(), status_form=status_form, settings=get_settings(),
        proposal_editable=services.editable(proposal),
        sections=sections_for("proposal_page", proposal), case=case_panel(proposal),
        comment_editable=services.comment_editable)


@bp.route("/forslag/<reference>/redigera", methods=["GET", "POST"])
@requires(Permission.SUBMIT_PROPOSAL)
def edit(reference: str):
    proposal = load_visible(reference)
    if proposal.author_id != current_user.id:
        abort(403)
    if not services.can_edit(proposal, current_user):
        flash(_("The proposal can no longer be edited: it has supports or comments, or it "
                "is no longer open."), "error")
        return redirect(url_for("proposals.show", reference=reference))
    form = ProposalForm(obj=proposal if request.method == "GET" else None)
    _set_choices(form)
    if request.method == "GET":
        form.community.data = str(proposal.community_id or WHOLE_MUNICIPALITY)
        form.theme.data = str(proposal.theme_id)
        form.submission_key.data = new_submission_key()
        return render_template("proposals/edit.html", form=form, proposal=proposal)
    if form.validate_on_submit() & _validate_choices(form):
        try:
            services.edit_proposal(proposal, current_user, form.title.data, form.body.data,
                                   _community_id(form.community.data), int(form.theme.data))
        except services.ProposalError as error:
            getattr(form, error.field or "body").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("proposals.show", reference=reference))
    return render_template("proposals/edit.html", form=form, proposal=proposal), 400


def _action(reference: str, operation, success: str | None, fail: str | None = None):
    proposal = load_visible(reference)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        changed = operation(proposal)
    except services.ProposalError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("proposals.show", reference=reference))
    db.session.commit()
    if changed is False and fail:
        flash(fail, "info")
    elif success:
        flash(success, "success")
    return redirect(url_for("proposals.show", reference=reference))


@bp.route("/forslag/<reference>/stod", methods=["POST"])
@requires(Permission.TAKE_PART)
def support(reference: str):
    organisation = chosen_organisation(request.form.get("organisation"))
    if organisation is not None:
        return _action(reference,
                       lambda p: services.support_as_organisation(p, current_user, organisation),
                       _("%(name)s now supports the proposal.", name=organisation.name),
                       _("%(name)s already supports this proposal.", name=organisation.name))
    return _action(reference, lambda p: services.support(p, current_user),
                   _("Thank you for your support!"), _("You already support this proposal."))


@bp.route("/forslag/<reference>/ta-tillbaka-stod", methods=["POST"])
@requires(Permission.TAKE_PART)
def unsupport(reference: str):
    organisation = chosen_organisation(request.form.get("organisation"))
    if organisation is not None:
        return _action(reference,
                       lambda p: services.withdraw_organisation_support(p, organisation),
                       _("The support of %(name)s is withdrawn.", name=organisation.name),
                       _("%(name)s did not support this proposal.", name=organisation.name))
    return _action(reference, lambda p: services.withdraw_support(p, current_user),
                   _("Your support is withdrawn."), _("You did not support this proposal."))


@bp.route("/forslag/<reference>/bevaka", methods=["POST"])
@requires(Permission.TAKE_PART)
def follow(reference: str):
    return _action(reference, lambda p: services.follow(p, current_user),
                   _("You follow the proposal and get an e-mail when something happens."),
                   _("You already follow this proposal."))


@bp.route("/forslag/<reference>/sluta-bevaka", methods=["POST"])
@requires(Permission.TAKE_PART)
def unfollow(reference: str):
    return _action(reference, lambda p: services.unfollow(p, current_user),
                   _("You no longer follow the proposal."), None)


@bp.route("/forslag/<reference>/dra-tillbaka", methods=["POST"])
@requires(Permission.SUBMIT_PROPOSAL)
def withdraw(reference: str):
    proposal = load_visible(reference)
    if proposal.author_id != current_user.id:
        abort(403)
    return _action(reference, lambda p: services.withdraw(p, current_user),
                   _("Your proposal is withdrawn."))


@bp.route("/forslag/<reference>/kommentarer", methods=["POST"])
@requires(Permission.TAKE_PART)
def comment(reference: str):
    proposal = load_visible(reference)
    form = CommentForm()
    form.acting_as.choices = select_choices(acting_choices())
    organisation = chosen_organisation(form.acting_as.data)
    parent = None
    if form.validate_on_submit():
        if form.parent_id.data:
            parent_id = int(form.parent_id.data)
            # An id beyond the column's range cannot exist (and cannot be bound).
            parent = db.session.get(Comment, parent_id) if parent_id <= queries.MAX_ID else None
            if parent is None or parent.proposal_id != proposal.id:
                abort(404)
        try:
            services.add_comment(proposal, current_user, form.body.data, parent=parent,
                                 submission_key=form.submission_key.data,
                                 organisation=organisation)
        except services.ProposalError as error:
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your comment is published."), "success")
            return redirect(url_for("proposals.show", reference=reference,
                                    kommentarer=request.args.get("kommentarer", 1))
                            + "#kommentarer")
    return render_template("proposals/comment_error.html", proposal=proposal, form=form), 400


def _own_comment(reference: str, comment_id: int) -> tuple[Proposal, Comment]:
    proposal = load_visible(reference)
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.proposal_id != proposal.id:
        abort(404)
    if comment.author_id != current_user.id:
        abort(403)
    return proposal, comment


@bp.route("/forslag/<reference>/kommentarer/<int(max=2147483647):comment_id>/redigera",
          methods=["GET", "POST"])
@requires(Permission.TAKE_PART)
def edit_comment(reference: str, comment_id: int):
    proposal, comment = _own_comment(reference, comment_id)
    if not services.can_edit_comment(comment, current_user):
        flash(_("A comment can only be edited by its author, within 15 minutes."), "error")
        return redirect(url_for("proposals.show", reference=reference) + "#kommentarer")
    form = CommentEditForm(obj=comment if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.edit_comment(comment, current_user, form.body.data)
        except services.ProposalError as error:
            form.body.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your comment is saved."), "success")
            return redirect(url_for("proposals.show", reference=reference)
                            + f"#kommentar-{comment.id}")
    return render_template("proposals/comment_edit.html", proposal=proposal, comment=comment,
                           form=form), form_status(form) if not form.body.errors else 400


@bp.route("/forslag/<reference>/kommentarer/<int(max=2147483647):comment_id>/ta-bort",
          methods=["POST"])
@requires(Permission.TAKE_PART)
def delete_comment(reference: str, comment_id: int):
    _proposal, comment = _own_comment(reference, comment_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.delete_comment(comment, current_user)
    db.session.commit()
    flash(_("Your comment is deleted."), "success")
    return redirect(url_for("proposals.show", reference=reference) + "#kommentarer")


@bp.route("/forslag/<reference>/status", methods=["POST"])
@requires(Permission.MODERATE)
def change_status(reference: str):
    proposal = load_visible(reference)
    form = StatusForm()
    if form.validate_on_submit():
        from app.proposals.models import Decision

        try:
            services.transition(proposal, ProposalStatus(form.status.data), current_user,
                                reason=form.reason.data,
                                decision=Decision(form.decision.data) if form.decision.data
                                else None)
        except services.ProposalError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("proposals.show", reference=reference) + "#status-form")
        db.session.commit()
        flash(_("The status is changed to “%(status)s”.",
                status=STATUS_LABELS[ProposalStatus(form.status.data)]), "success")
        return redirect(url_for("proposals.show", reference=reference))
    flash(_("Choose a status from the list."), "error")
    return redirect(url_for("proposals.show", reference=reference) + "#status-form")


@bp.route("/konto/mina-forslag")
@requires(Permission.SIGNED_IN)
def mine():
    return render_template("proposals/mine.html", proposals=queries.own_proposals(current_user))
