"""Public consultation pages: the draft, a section with its comments, versions
and their difference, and organisations' consultation responses."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.consultation import bp, diff, queries, services
from app.consultation.acting import chosen_sender, comment_choices, group_value, sender_choices
from app.consultation.forms import CompareForm, ResponseForm, SectionCommentForm
from app.consultation.handling import report_of
from app.consultation.models import Consultation, DraftSection, DraftVersion
from app.core.forms import select_choices
from app.core.permissions import Permission, can, requires
from app.core.sections import Section, provide
from app.core.sections import register as register_section
from app.extensions import db
from app.groups.services import may_act_for
from app.organisations.queries import verified_memberships
from app.plans.models import DECIDED_STATUSES, Plan, PlanStatus
from app.proposals.forms import new_submission_key

ID = "int(max=2147483647)"
BASE = f"/styrdokument/<{ID}:plan_id>/samrad"


@dataclass
class Context:
    """What every consultation page starts from."""

    plan: Plan
    consultation: Consultation
    current: DraftVersion | None     # the newest published version
    openness: services.Openness


def _is_editor() -> bool:
    return can(current_user, Permission.MANAGE_PLANS)


def _context(plan_id: int) -> Context:
    plan = db.session.get(Plan, plan_id)
    # A plan in draft is seen only by those who edit plans, as on the plan's page.
    if plan is None or (plan.status == PlanStatus.DRAFT and not _is_editor()):
        abort(404)
    consultation = queries.consultation_for(plan)
    if consultation is None:
        abort(404)
    current = services.latest_published(consultation)
    return Context(plan, consultation, current,
                   services.openness(plan, consultation, current))


def _page_number() -> int:
    value = request.args.get("sida", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100000 else 1


@bp.route(BASE)
@requires(Permission.PUBLIC)
def show(plan_id: int):
    ctx = _context(plan_id)
    version = queries.version(ctx.current.id) if ctx.current else None
    return render_template(
        "consultation/show.html", ctx=ctx, version=version,
        versions=queries.versions(ctx.consultation),
        comment_counts=queries.comment_counts(ctx.consultation),
        proposal_counts=queries.proposal_counts(ctx.consultation),
        responses=queries.responses(ctx.consultation),
        may_respond=bool(current_user.is_authenticated and sender_choices()),
        report=report_of(ctx.consultation))


def _section(ctx: Context, section_id: int) -> DraftSection:
    """A section of a published version of this consultation; anything else is 404."""
    found = queries.section(section_id)
    if found is None or found.version.consultation_id != ctx.consultation.id or \
            not found.version.is_published:
        abort(404)
    return found


def _comment_form() -> SectionCommentForm:
    form = SectionCommentForm()
    form.acting_as.choices = select_choices(comment_choices())
    return form


def _section_page(ctx: Context, section: DraftSection, form: SectionCommentForm,
                  status: int = 200):
    newest = None
    if ctx.current is not None and section.version_id != ctx.current.id:
        newest = next((s for s in queries.version(ctx.current.id).sections
                       if s.lineage == section.lineage), None)
    if not form.submission_key.data:
        form.submission_key.data = new_submission_key()
    return render_template(
        "consultation/section.html", ctx=ctx, section=section, newest=newest,
        is_current=ctx.current is not None and section.version_id == ctx.current.id,
        comments=queries.comment_page(ctx.consultation, section.lineage, _page_number()),
        shown=queries.comment_counts(ctx.consultation).get(section.lineage, 0),
        proposals=queries.section_proposals(ctx.consultation, section.lineage),
        form=form), status


@bp.route(f"{BASE}/avsnitt/<{ID}:section_id>")
@requires(Permission.PUBLIC)
def section(plan_id: int, section_id: int):
    ctx = _context(plan_id)
    return _section_page(ctx, _section(ctx, section_id), _comment_form())


@bp.route(f"{BASE}/avsnitt/<{ID}:section_id>/kommentarer", methods=["POST"])
@requires(Permission.TAKE_PART)
def comment(plan_id: int, section_id: int):
    ctx = _context(plan_id)
    found = _section(ctx, section_id)
    form = _comment_form()
    organisation, group = chosen_sender(form.acting_as.data)
    if form.validate_on_submit():
        try:
            added = services.add_comment(ctx.plan, found, current_user, form.body.data,
                                         organisation=organisation, group=group,
                                         submission_key=form.submission_key.data)
        except services.ConsultationError as error:
            db.session.rollback()
            getattr(form, error.field or "body").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Thank you! Your comment is published and becomes part of the "
                    "consultation."), "success")
            return redirect(url_for("consultation.section", plan_id=plan_id,
                                    section_id=found.id, sida=_last_page(ctx, found))
                            + f"#kommentar-{added.id}")
    return _section_page(ctx, found, form, 400)


def _last_page(ctx: Context, found: DraftSection) -> int:
    """The page the newest comment is on, so the person sees what they wrote."""
    total = queries.comment_page(ctx.consultation, found.lineage, 1).total or 0
    return max((total - 1) // queries.COMMENTS_PER_PAGE + 1, 1)


def _version(ctx: Context, version_id: int) -> DraftVersion:
    found = queries.version(version_id)
    if found is None or found.consultation_id != ctx.consultation.id:
        abort(404)
    if not found.is_published and not _is_editor():
        abort(404)
    return found


@bp.route(f"{BASE}/versioner/<{ID}:version_id>")
@requires(Permission.PUBLIC)
def version(plan_id: int, version_id: int):
    ctx = _context(plan_id)
    found = _version(ctx, version_id)
    return render_template("consultation/version.html", ctx=ctx, version=found,
                           versions=queries.versions(ctx.consultation, drafts=_is_editor()))


def _version_choice(value: str | None, versions: list[DraftVersion]) -> DraftVersion | None:
    if not value:
        return None
    found = next((v for v in versions if str(v.id) == value), None)
    if found is None:
        abort(404)  # a version of another draft, or none at all
    return found


@bp.route(f"{BASE}/jamfor")
@requires(Permission.PUBLIC)
def compare(plan_id: int):
    ctx = _context(plan_id)
    versions = queries.versions(ctx.consultation, drafts=_is_editor())
    form = CompareForm(request.args)
    labels = [(str(v.id), _("Version %(number)s", number=v.number)
               + ("" if v.is_published else " (" + _("not published") + ")")) for v in versions]
    form.fran.choices = select_choices(labels)
    form.till.choices = select_choices(labels)
    old = _version_choice(form.fran.data, versions)
    new = _version_choice(form.till.data, versions)
    if old is None and new is None and len(versions) >= 2:
        old, new = versions[-2], versions[-1]
    problem, changes = "", None
    if old is None or new is None:
        problem = _("There is only one version of the draft so far.") if len(versions) < 2 \
            else _("Choose two versions to compare.")
    elif old.id == new.id:
        problem = _("Choose two different versions.")
    else:
        form.fran.data, form.till.data = str(old.id), str(new.id)
        changes = diff.compare(queries.version(old.id).sections, queries.version(new.id).sections)
    return render_template("consultation/compare.html", ctx=ctx, form=form, old=old, new=new,
                           changes=changes, problem=problem, versions=versions)


# Consultation responses


@bp.route(f"{BASE}/yttrande", methods=["GET", "POST"])
@requires(Permission.TAKE_PART)
def respond(plan_id: int):
    ctx = _context(plan_id)
    choices = sender_choices()
    form = ResponseForm()
    form.organisation.choices = select_choices(choices)
    if request.method == "GET":
        wanted = request.args.get("organisation", "") or (choices[0][0] if choices else "")
        organisation, group = chosen_sender(wanted)
        existing = _existing_response(ctx, organisation, group)
        if organisation is not None or group is not None:
            form.organisation.data = wanted
        if existing is not None:
            form.body.data = existing.body
        return _response_page(ctx, form, existing)
    organisation, group = chosen_sender(form.organisation.data)
    if form.validate_on_submit():
        try:
            saved, created = services.save_response(ctx.plan, organisation, current_user,
                                                    form.body.data, group=group)
        except services.ConsultationError as error:
            db.session.rollback()
            getattr(form, error.field or "body").errors.append(str(error))
        else:
            db.session.commit()
            name = (organisation or group).name
            flash(_("Thank you! The response from %(name)s is sent. You can change it until "
                    "the consultation ends.", name=name) if created else
                  _("The response from %(name)s is saved.", name=name), "success")
            return redirect(url_for("consultation.response", plan_id=plan_id,
                                    response_id=saved.id))
    return _response_page(ctx, form, _existing_response(ctx, organisation, group), 400)


def _existing_response(ctx: Context, organisation, group):
    if organisation is None and group is None:
        return None
    return services.response_of(ctx.consultation, organisation, group)


def _response_page(ctx: Context, form: ResponseForm, existing, status: int = 200):
    return render_template("consultation/respond.html", ctx=ctx, form=form,
                           existing=existing), status


@bp.route(f"{BASE}/yttranden/<{ID}:response_id>")
@requires(Permission.PUBLIC)
def response(plan_id: int, response_id: int):
    ctx = _context(plan_id)
    found = queries.response(response_id)
    if found is None or found.consultation_id != ctx.consultation.id:
        abort(404)
    if found.group is not None:
        member = may_act_for(current_user, found.group)
        sender = group_value(found.group_id)
    else:
        member = found.organisation_id is not None and any(
            m.organisation_id == found.organisation_id
            for m in verified_memberships(current_user))
        sender = str(found.organisation_id)
    return render_template("consultation/response.html", ctx=ctx, response=found,
                           may_edit=member and ctx.openness.is_open, sender=sender)


# What the consultation adds to other areas' pages


def _plan_page_section(plan: Plan) -> Section | None:
    if plan.status in DECIDED_STATUSES:
        return None  # the plan's timeline (app/adoption) tells the whole road instead
    consultation = queries.consultation_for(plan)
    if consultation is None:
        return None
    current = services.latest_published(consultation)
    if current is None and not _is_editor():
        return None
    return Section("consultation/_plan_section.html", {
        "consultation": consultation, "current": current,
        "openness": services.openness(plan, consultation, current),
        "report": report_of(consultation)})


def _plan_editor_section(plan: Plan) -> Section:
    consultation = queries.consultation_for(plan)
    return Section("consultation/_editor_section.html", {
        "consultation": consultation,
        "versions": queries.versions(consultation, drafts=True)})


def _proposal_page_section(proposal) -> Section | None:
    tie = queries.tie_of(proposal)
    if tie is None:
        return None
    return Section("consultation/_proposal_section.html", {"tie": tie})


def _group_page_section(group) -> Section:
    comments, responses = queries.group_contributions(group.id)
    return Section("consultation/_group_section.html",
                   {"comments": comments, "responses": responses})


register_section("plan_page", _plan_page_section)
register_section("group_page", _group_page_section, order=20)
register_section("plan_editor", _plan_editor_section)
register_section("proposal_page", _proposal_page_section, order=50)


@dataclass
class ProposalTarget:
    """For the proposal form: the section a new proposal is sent about."""

    section_id: int
    title: str
    plan_title: str
    url: str
    problem: str | None


def _section_for_proposals(section_id: int) -> ProposalTarget | None:
    found = queries.section(section_id)
    if found is None or not found.version.is_published:
        return None
    consultation = db.session.get(Consultation, found.version.consultation_id)
    plan = db.session.get(Plan, consultation.plan_id)
    if plan.status == PlanStatus.DRAFT:
        return None
    return ProposalTarget(
        found.id, found.title, plan.title,
        url_for("consultation.section", plan_id=plan.id, section_id=found.id),
        services.open_section_for_proposals(plan, found))


def _tie(proposal, section_id: int) -> None:
    services.tie_proposal(proposal, db.session.get(DraftSection, section_id))


provide("consultation_section_for_proposals", _section_for_proposals)
provide("tie_proposal_to_section", _tie)

# The moderators' pages, and handling the input with its report.
from app.consultation import editor_views, handling_views  # noqa: E402, F401
