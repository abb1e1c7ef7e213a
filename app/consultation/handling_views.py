"""Handling the input of a consultation (moderators, MANAGE_PLANS) and the
consultation report (samrådsredogörelse): its page, preview and downloads."""

from __future__ import annotations

import re

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.consultation import bp, handling, queries
from app.consultation import report as report_data
from app.consultation import report_formats as formats
from app.consultation.forms import HandlingForm
from app.consultation.models import Consultation, ConsultationResponse, SectionComment
from app.consultation.services import ConsultationError
from app.core.forms import EmptyForm
from app.core.permissions import Permission, can, requires
from app.extensions import db
from app.plans.models import Plan, PlanStatus

ID = "int(max=2147483647)"
ADMIN = f"/admin/styrdokument/<{ID}:plan_id>/samrad"
FILTERS = {"alla": None, "ohanterade": False, "hanterade": True}


def _consultation(plan_id: int) -> tuple[Plan, Consultation]:
    plan = db.session.get(Plan, plan_id)
    consultation = queries.consultation_for(plan) if plan is not None else None
    if consultation is None:
        abort(404)
    return plan, consultation


def _labels() -> dict:
    return {"outcome_labels": report_data.OUTCOME_LABELS,
            "outcome_styles": report_data.OUTCOME_STYLES,
            "participant_labels": report_data.PARTICIPANT_LABELS}


def _outcomes() -> list[tuple[str, str]]:
    return [(value.value, str(label)) for value, label in report_data.OUTCOME_LABELS.items()]


def _prefix(item: report_data.Item) -> str:
    return f"{'k' if item.kind == report_data.COMMENT else 'y'}{item.id}"


def _form_for(material: report_data.Material, item: report_data.Item,
              bound: HandlingForm | None = None) -> HandlingForm:
    if bound is not None:
        form = bound
    else:
        handled = item.handling
        form = HandlingForm(formdata=None, prefix=_prefix(item), data={
            "outcome": handled.outcome if handled else None,
            "motivation": handled.motivation if handled else "",
            "used_section": str(handled.used_section_id or "") if handled else ""})
    labels = {v.id: v.number for v in material.versions}
    form.set_choices(_outcomes(), [
        (s, _("Version %(number)s: %(title)s", number=labels[s.version_id], title=s.title))
        for s in material.later_sections(item)])
    return form


def _handling_page(plan: Plan, consultation: Consultation, *, failed=None, status: int = 200):
    material = report_data.build(consultation)
    shown = request.args.get("visa", "alla")
    if shown not in FILTERS:
        shown = "alla"
    wanted = FILTERS[shown]
    groups = []
    for group in material.groups:
        items = [item for item in group.items
                 if wanted is None or (item.handling is not None) == wanted]
        # Unhandled first, then in the order they came in.
        items.sort(key=lambda item: item.handling is not None)
        groups.append((group, items))
    forms = {}
    for _group, items in groups:
        for item in items:
            bound = failed[1] if failed and failed[0] == (item.kind, item.id) else None
            forms[(item.kind, item.id)] = _form_for(material, item, bound)
    return render_template(
        "consultation/handling.html", plan=plan, consultation=consultation,
        material=material, groups=groups, forms=forms, shown=shown,
        filters=list(FILTERS), publish_form=EmptyForm(), **_labels()), status


@bp.route(f"{ADMIN}/hantering")
@requires(Permission.MANAGE_PLANS)
def handling_page(plan_id: int):
    plan, consultation = _consultation(plan_id)
    return _handling_page(plan, consultation)


def _handle(plan: Plan, consultation: Consultation, item, kind: str):
    material = report_data.build(consultation)
    found = next((i for i in material.items if i.kind == kind and i.id == item.id), None)
    if found is None:
        abort(404)
    form = HandlingForm(prefix=_prefix(found))
    _form_for(material, found, form)
    if form.validate_on_submit():
        section_id = int(form.used_section.data) if form.used_section.data else None
        try:
            handling.handle(plan, item, current_user, outcome=form.outcome.data,
                            motivation=form.motivation.data, used_section_id=section_id)
        except ConsultationError as error:
            db.session.rollback()
            getattr(form, error.field or "motivation").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The handling is saved."), "success")
            return redirect(url_for("consultation.handling_page", plan_id=plan.id,
                                    visa=request.args.get("visa") or None)
                            + f"#{found.anchor}")
    return _handling_page(plan, consultation, failed=((kind, item.id), form), status=400)


@bp.route(f"{ADMIN}/hantering/kommentarer/<{ID}:comment_id>", methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def handle_comment(plan_id: int, comment_id: int):
    plan, consultation = _consultation(plan_id)
    item = db.session.get(SectionComment, comment_id)
    if item is None:
        abort(404)
    return _handle(plan, consultation, item, report_data.COMMENT)


@bp.route(f"{ADMIN}/hantering/yttranden/<{ID}:response_id>", methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def handle_response(plan_id: int, response_id: int):
    plan, consultation = _consultation(plan_id)
    item = db.session.get(ConsultationResponse, response_id)
    if item is None or item.consultation_id != consultation.id:
        abort(404)
    return _handle(plan, consultation, item, report_data.RESPONSE)


@bp.route(f"{ADMIN}/redogorelse/publicera", methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def publish_report(plan_id: int):
    plan, consultation = _consultation(plan_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        handling.publish_report(plan, consultation, current_user)
    except ConsultationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("consultation.handling_page", plan_id=plan.id))
    db.session.commit()
    flash(_("The consultation report is published. Everyone who took part has been told."),
          "success")
    return redirect(url_for("consultation.report", plan_id=plan.id))


# The report


def _report_material(plan_id: int):
    """The plan, its consultation and the material; 404 for an unpublished
    report unless the person may preview it."""
    plan, consultation = _consultation(plan_id)
    editor = can(current_user, Permission.MANAGE_PLANS)
    if plan.status == PlanStatus.DRAFT and not editor:
        abort(404)
    material = report_data.build(consultation)
    if material.report is None and not editor:
        abort(404)
    return plan, material


@bp.route(f"/styrdokument/<{ID}:plan_id>/samrad/redogorelse")
@requires(Permission.PUBLIC)
def report(plan_id: int):
    plan, material = _report_material(plan_id)
    own = material.own(current_user.id) if current_user.is_authenticated else []
    return render_template(
        "consultation/report.html", plan=plan, material=material, own=own,
        by_type=material.by_type(), by_community=material.by_community(),
        by_outcome=material.by_outcome(), totals=material.totals(),
        counting_note=formats.counting_note(), **_labels())


MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
WRITERS = {"csv": formats.to_csv, "docx": formats.to_docx}


@bp.route(f"/styrdokument/<{ID}:plan_id>/samrad/redogorelse.<fmt>")
@requires(Permission.PUBLIC)
def report_download(plan_id: int, fmt: str):
    if fmt not in WRITERS:
        abort(404)
    plan, material = _report_material(plan_id)
    response = Response(WRITERS[fmt](plan, material), mimetype=MIMETYPES[fmt])
    name = re.sub(r"[^A-Za-z0-9]+", "-", plan.registry_number or "").strip("-")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="samradsredogorelse-{name or plan.id}.{fmt}"')
    return response
