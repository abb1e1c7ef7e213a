"""Pages of the traceability chain: action updates, "my actions", linking
proposals and dialogues to actions, and the linked actions shown on proposal,
dialogue and community pages (through the sections registry, since those
areas sit below this one)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.core.forms import EmptyForm
from app.core.i18n import local_now
from app.core.pagination import page_number
from app.core.permissions import Permission, can, requires
from app.core.sections import Section
from app.core.sections import register as register_section
from app.dialogues import queries as dialogue_queries
from app.extensions import db
from app.plans import bp, chain, links, queries
from app.plans.link_forms import DialogueLinkForm, ProposalLinkForm, UnlinkForm, UpdateForm
from app.plans.links import LINKABLE_STATUSES, LinkError
from app.proposals import queries as proposal_queries
from app.proposals.models import Decision

# As everywhere else (form_status): a refused form is shown again with what to fix.
INVALID = 400
# An action due for follow-up this year is listed when it has been silent this long.
DUE_DAYS = 90


# --- sections on the pages of lower areas -------------------------------------------

def _proposal_section(proposal) -> Section:
    return Section("plans/_proposal_section.html", {"links": chain.proposal_links(proposal)})


def _dialogue_section(dialogue) -> Section:
    return Section("plans/_dialogue_section.html", {"links": chain.dialogue_links(dialogue)})


def _community_section(community) -> Section | None:
    actions, total = chain.community_actions(community)
    if not actions:
        return None
    return Section("plans/_community_section.html", {"actions": actions, "total": total})


register_section("proposal_page", _proposal_section)
register_section("dialogue_page", _dialogue_section)
register_section("community_page", _community_section, order=25)


# --- the action page and its updates -------------------------------------------------

def render_action(action, update_form: UpdateForm | None = None, status: int = 200):
    """The action page; `update_form` is given when a refused update is shown again."""
    if update_form is None and can(current_user, Permission.UPDATE_ACTIONS, action):
        update_form = UpdateForm(formdata=None, status=action.status, progress=action.progress)
    return render_template(
        "plans/action.html", action=action, plan=action.commitment.challenge.plan,
        updates=queries.updates(action), update_form=update_form,
        proposals=chain.linked_proposals(action, page_number()),
        dialogues=chain.linked_dialogues(action)), status


def _action_or_404(action_id: int):
    found = queries.action(action_id)
    if found is None:
        abort(404)
    return found


@bp.route("/atgarder/<int(max=2147483647):action_id>/uppdatera", methods=["POST"])
@requires(Permission.UPDATE_ACTIONS)
def update_action(action_id: int):
    action = _action_or_404(action_id)
    if not can(current_user, Permission.UPDATE_ACTIONS, action):
        abort(403)
    form = UpdateForm()
    if form.validate_on_submit():
        try:
            links.add_update(action, current_user, form.text.data, form.status.data,
                             form.progress.data)
        except LinkError as error:
            db.session.rollback()
            getattr(form, error.field or "text").errors.append(str(error))
            action = _action_or_404(action_id)  # reloaded after the rollback
        else:
            db.session.commit()
            flash(_("Your update is published. The people behind the linked proposals get "
                    "an e-mail."), "success")
            return redirect(url_for("plans.action", action_id=action.id) + "#tidslinje")
    return render_action(action, update_form=form, status=INVALID)


@bp.route("/konto/mina-atgarder")
@requires(Permission.UPDATE_ACTIONS)
def my_actions():
    year = local_now().year
    return render_template("plans/mine.html", actions=chain.responsible_actions(current_user),
                           due=chain.responsible_actions_due(current_user, year, DUE_DAYS),
                           year=year, due_days=DUE_DAYS)


# --- linking: the action choice -------------------------------------------------------

def _action_choices(exclude: set[int]) -> list[SelectChoice]:
    """The actions not yet linked, grouped by plan and challenge (<optgroup>)."""
    choices = [SelectChoice("", _("Choose an action"))]
    for action in chain.linkable_actions():
        if action.id in exclude:
            continue
        challenge = action.commitment.challenge
        group = f"{challenge.plan.title} – {challenge.title}"
        choices.append(SelectChoice(str(action.id), _excerpt(action.text), optgroup=group))
    return choices


def _excerpt(text: str, length: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _chosen_action(field):
    """The action the select names, or None with a message next to the field."""
    value = (field.data or "").strip()
    found = chain.action_by_id(int(value)) if value.isdigit() and len(value) < 11 else None
    if found is None:
        field.errors.append(_("Choose an action from the list."))
    return found


# --- linking a proposal ---------------------------------------------------------------

def _proposal_or_404(reference: str):
    proposal = proposal_queries.proposal_by_reference(reference) if len(reference) < 40 \
        else None
    # Not yet public or hidden: only moderators, who see it anyway, may open its links.
    if proposal is None or not (proposal.is_public or can(current_user, Permission.MODERATE)):
        abort(404)
    return proposal


def _proposal_page(proposal, form: ProposalLinkForm | None = None, unlink_form=None,
                   unlink_action_id: int | None = None, status: int = 200):
    existing = chain.proposal_links(proposal, with_drafts=True)
    if form is None:
        form = ProposalLinkForm(formdata=None)
    form.action.choices = _action_choices({link.action_id for link in existing})
    return render_template(
        "plans/link_proposal.html", proposal=proposal, form=form, links=existing,
        linkable=proposal.status in LINKABLE_STATUSES,
        unlink_form=unlink_form or UnlinkForm(formdata=None),
        unlink_action_id=unlink_action_id), status


@bp.route("/forslag/<reference>/koppla", methods=["GET", "POST"])
@requires(Permission.LINK_ACTIONS)
def link_proposal(reference: str):
    proposal = _proposal_or_404(reference)
    if request.method == "GET":
        return _proposal_page(proposal)
    form = ProposalLinkForm()
    valid = form.validate_on_submit()
    action = _chosen_action(form.action)
    decision = _chosen_decision(form)
    if not valid or action is None or form.decision.errors:
        return _proposal_page(proposal, form, status=INVALID)
    if links.proposal_link(proposal, action) is not None:
        # The same form sent twice: the first one linked it.
        flash(_("The proposal is already linked to this action."), "info")
        return redirect(url_for("proposals.show", reference=proposal.reference) + "#atgarder")
    try:
        links.link_proposal(proposal, action, current_user, form.motivation.data,
                            decision=decision, answer=form.answer.data if decision else None)
    except LinkError as error:
        db.session.rollback()
        getattr(form, error.field or "action").errors.append(str(error))
        return _proposal_page(_proposal_or_404(reference), form, status=INVALID)
    db.session.commit()
    if decision is not None:
        flash(_("The proposal is linked to the action and answered."), "success")
    else:
        flash(_("The proposal is linked to the action. Its answer is unchanged."), "success")
    return redirect(url_for("proposals.show", reference=proposal.reference) + "#atgarder")


def _chosen_decision(form: ProposalLinkForm) -> Decision | None:
    value = form.decision.data or ""
    if not value:
        if form.answer.data:
            form.decision.errors.append(
                _("Choose a decision to answer the proposal, or leave the answer empty."))
        return None
    try:
        return Decision(value)
    except ValueError:
        form.decision.errors.append(_("Choose a decision from the list."))
        return None


@bp.route("/forslag/<reference>/koppla/<int(max=2147483647):action_id>/ta-bort",
          methods=["POST"])
@requires(Permission.LINK_ACTIONS)
def unlink_proposal(reference: str, action_id: int):
    proposal = _proposal_or_404(reference)
    action = _action_or_404(action_id)
    form = UnlinkForm()
    if not form.validate_on_submit():
        return _proposal_page(proposal, unlink_form=form, unlink_action_id=action.id,
                              status=INVALID)
    link = links.proposal_link(proposal, action)
    if link is None:
        flash(_("The link was already removed."), "info")
        return redirect(url_for("plans.link_proposal", reference=proposal.reference))
    try:
        links.unlink_proposal(link, current_user, form.reason.data)
    except LinkError as error:  # pragma: no cover - the form checks the same rules
        db.session.rollback()
        form.reason.errors.append(str(error))
        return _proposal_page(_proposal_or_404(reference), unlink_form=form,
                              unlink_action_id=action.id, status=INVALID)
    db.session.commit()
    flash(_("The link is removed. The proposal's history shows why."), "success")
    return redirect(url_for("plans.link_proposal", reference=proposal.reference))


# --- linking a dialogue ---------------------------------------------------------------

def _dialogue_or_404(dialogue_id: int):
    found = dialogue_queries.dialogue(dialogue_id)
    if found is None:
        abort(404)
    return found


def _dialogue_page(dialogue, form: DialogueLinkForm | None = None, status: int = 200):
    existing = chain.dialogue_links(dialogue, with_drafts=True)
    if form is None:
        form = DialogueLinkForm(formdata=None)
    form.action.choices = _action_choices({link.action_id for link in existing})
    return render_template("plans/link_dialogue.html", dialogue=dialogue, form=form,
                           links=existing, unlink_form=EmptyForm()), status


@bp.route("/dialoger/<int(max=2147483647):dialogue_id>/koppla", methods=["GET", "POST"])
@requires(Permission.LINK_ACTIONS)
def link_dialogue(dialogue_id: int):
    dialogue = _dialogue_or_404(dialogue_id)
    if request.method == "GET":
        return _dialogue_page(dialogue)
    form = DialogueLinkForm()
    valid = form.validate_on_submit()
    action = _chosen_action(form.action)
    if not valid or action is None:
        return _dialogue_page(dialogue, form, status=INVALID)
    if links.dialogue_link(dialogue, action) is not None:
        flash(_("The dialogue is already linked to this action."), "info")
        return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + "#atgarder")
    try:
        links.link_dialogue(dialogue, action, current_user, form.motivation.data)
    except LinkError as error:  # pragma: no cover - the form checks the same rules
        db.session.rollback()
        getattr(form, error.field or "action").errors.append(str(error))
        return _dialogue_page(_dialogue_or_404(dialogue_id), form, status=INVALID)
    db.session.commit()
    flash(_("The dialogue is linked to the action."), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id) + "#atgarder")


@bp.route("/dialoger/<int(max=2147483647):dialogue_id>/koppla/"
          "<int(max=2147483647):action_id>/ta-bort", methods=["POST"])
@requires(Permission.LINK_ACTIONS)
def unlink_dialogue(dialogue_id: int, action_id: int):
    dialogue = _dialogue_or_404(dialogue_id)
    action = _action_or_404(action_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    link = links.dialogue_link(dialogue, action)
    if link is None:
        flash(_("The link was already removed."), "info")
    else:
        links.unlink_dialogue(link)
        db.session.commit()
        flash(_("The link is removed."), "success")
    return redirect(url_for("plans.link_dialogue", dialogue_id=dialogue.id))
