"""Recording the decision (moderators and administrators), and what adoption
adds to the plan's public page (the whole road) and to its editor."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.adoption import bp, queries, services
from app.adoption.forms import AdoptionForm
from app.consultation import queries as consultation_queries
from app.consultation.handling import report_of
from app.core.forms import form_status
from app.core.permissions import Permission, requires
from app.core.sections import Section
from app.core.sections import register as register_section
from app.extensions import db
from app.plans import lifecycle
from app.plans.models import Plan

ID = "int(max=2147483647)"


def _plan(plan_id: int) -> Plan:
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        abort(404)
    return plan


def _decision(form: AdoptionForm) -> lifecycle.Decision:
    return lifecycle.Decision(form.decision_body.data, form.decision_date.data,
                              form.decision_paragraph.data, form.decision_registry_number.data,
                              form.decision_text.data)


def _page(plan: Plan, form: AdoptionForm, problem: str = "", status: int = 200):
    return render_template("adoption/adopt.html", plan=plan, form=form, problem=problem,
                           decided=lifecycle.is_decided(plan),
                           preview=services.preview(plan)), status


@bp.route(f"/admin/styrdokument/<{ID}:plan_id>/anta", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def adopt(plan_id: int):
    plan = _plan(plan_id)
    form = AdoptionForm()
    if request.method == "GET" and not form.decision_registry_number.data:
        form.decision_registry_number.data = plan.registry_number
    if not form.validate_on_submit():
        return _page(plan, form, status=form_status(form))
    try:
        adopted = services.adopt(plan, _decision(form), current_user)
    except services.AlreadyDecided as error:
        db.session.rollback()
        plan = _plan(plan_id)
        if services.same_decision(plan, _decision(form)):
            # The same form sent twice: the first one adopted the plan.
            flash(_("The decision is recorded."), "success")
            return redirect(url_for("plans.show", plan_id=plan.id) + "#vagen")
        return _page(plan, form, str(error), 400)
    except services.AdoptionError as error:
        db.session.rollback()
        plan = _plan(plan_id)
        field = form._fields.get(error.field or "")
        if field is None:
            return _page(plan, form, str(error), 400)
        field.errors = [*field.errors, str(error)]
        return _page(plan, form, status=400)
    db.session.commit()
    message = _("%(title)s is adopted.", title=plan.title)
    if adopted.version is not None:
        message += " " + _("Version %(number)s of the draft is the adopted version and the "
                           "consultation is closed.", number=adopted.version.number)
    if adopted.notified:
        message += " " + ngettext("%(num)s participant in the consultation is notified.",
                                  "%(num)s participants in the consultation are notified.",
                                  adopted.notified)
    flash(message, "success")
    return redirect(url_for("plans.show", plan_id=plan.id) + "#vagen")


# What adoption adds to the plans' pages


def _road(plan: Plan) -> Section | None:
    """The whole road of an adopted (or expired) plan that went through a
    consultation: period, versions, participants, report, decision."""
    if not lifecycle.is_decided(plan):
        return None
    consultation = consultation_queries.consultation_for(plan)
    if consultation is None:
        return None  # the decision is in the page's header; there is no road to show
    return Section("adoption/_road.html", {
        "consultation": consultation,
        "versions": consultation_queries.versions(consultation),
        "participants": queries.participants(consultation),
        "report": report_of(consultation)})


def _editor_panel(plan: Plan) -> Section:
    return Section("adoption/_editor_section.html", {"decided": lifecycle.is_decided(plan)})


register_section("plan_page", _road, order=90)
register_section("plan_editor", _editor_panel, order=110)
