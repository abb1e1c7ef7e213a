"""The moderators' side: the consultation period, and writing, revising and
publishing versions of the draft (MANAGE_PLANS)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.consultation import bp, queries, services
from app.consultation.forms import DraftForm, NewSectionForm, PeriodForm
from app.consultation.models import DraftVersion
from app.core.forms import EmptyForm, form_status
from app.core.permissions import Permission, requires
from app.extensions import db
from app.plans.models import Plan

ID = "int(max=2147483647)"
VERSION = f"/admin/styrdokument/samrad/versioner/<{ID}:version_id>"


def _plan(plan_id: int) -> Plan:
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        abort(404)
    return plan


def _posted() -> None:
    """Single-button POSTs: a missing or stale CSRF token is a bad request."""
    if not EmptyForm().validate_on_submit():
        abort(400)


def _manage_page(plan: Plan, form: PeriodForm, status: int = 200):
    consultation = queries.consultation_for(plan)
    return render_template(
        "consultation/manage.html", plan=plan, consultation=consultation, form=form,
        versions=queries.versions(consultation, drafts=True), action_form=EmptyForm(),
        openness=services.openness(plan, consultation,
                                   services.latest_published(consultation))), status


@bp.route(f"/admin/styrdokument/<{ID}:plan_id>/samrad", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def manage(plan_id: int):
    plan = _plan(plan_id)
    consultation = queries.consultation_for(plan)
    form = PeriodForm(obj=consultation if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.set_period(plan, form.starts_on.data, form.ends_on.data)
        except services.ConsultationError as error:
            db.session.rollback()
            getattr(form, error.field or "starts_on").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The consultation period is saved."), "success")
            return redirect(url_for("consultation.manage", plan_id=plan.id))
    return _manage_page(plan, form, form_status(form))


def _refused(message: str, plan_id: int):
    flash(message, "error")
    return redirect(url_for("consultation.manage", plan_id=plan_id))


@bp.route(f"/admin/styrdokument/<{ID}:plan_id>/samrad/ny-version", methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def start_version(plan_id: int):
    plan = _plan(plan_id)
    _posted()
    try:
        version = services.new_version(plan, current_user)
    except services.ConsultationError as error:
        db.session.rollback()
        return _refused(str(error), plan.id)
    db.session.commit()
    return redirect(url_for("consultation.edit_version", version_id=version.id))


def _editable(version_id: int) -> DraftVersion:
    version = queries.version(version_id)
    if version is None:
        abort(404)
    return version


def _editor_page(version: DraftVersion, form: DraftForm, new_section: NewSectionForm,
                 status: int = 200):
    return render_template("consultation/edit.html", version=version,
                           plan=version.consultation.plan, form=form, new_section=new_section,
                           action_form=EmptyForm(),
                           sections={str(s.id): s for s in version.sections},
                           missing=services.challenges_without_section(version)), status


def _fill(form: DraftForm, version: DraftVersion) -> None:
    for section in version.sections:
        form.sections.append_entry({"section_id": str(section.id), "title": section.title,
                                    "body": section.body})
    form.note.data = version.note


def _frozen(version: DraftVersion):
    """Editing a published version is refused, with the way forward."""
    flash(_("Version %(number)s is published and cannot be changed. Start a new version to "
            "revise the draft.", number=version.number), "error")
    return redirect(url_for("consultation.manage", plan_id=version.consultation.plan_id))


@bp.route(VERSION, methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def edit_version(version_id: int):
    version = _editable(version_id)
    if version.is_published:
        return _frozen(version)
    if request.method == "GET":
        form = DraftForm(formdata=None)
        _fill(form, version)
        return _editor_page(version, form, NewSectionForm(formdata=None))
    form = DraftForm()
    if form.validate_on_submit():
        texts = [services.SectionText(int(entry.section_id.data), entry.title.data,
                                      entry.body.data) for entry in form.sections]
        try:
            changed = services.save_sections(version, texts, form.note.data)
        except services.ConsultationError as error:
            db.session.rollback()
            version = _editable(version_id)
            _field_error(form, error)
        else:
            db.session.commit()
            flash(_("The draft is saved (%(num)s sections changed). It is not public until "
                    "you publish it.", num=changed), "success")
            return redirect(url_for("consultation.edit_version", version_id=version.id))
    return _editor_page(version, form, NewSectionForm(formdata=None), 400)


def _field_error(form: DraftForm, error: services.ConsultationError) -> None:
    """Put the error next to the field it is about (`sections-2-body`)."""
    name = error.field or ""
    if name.startswith("sections-"):
        _prefix, index, field = name.split("-", 2)
        if index.isdigit() and int(index) < len(form.sections.entries):
            entry = form.sections.entries[int(index)]
            getattr(entry, field).errors = [*getattr(entry, field).errors, str(error)]
            return
    target = form.note if name == "note" else None
    if target is not None:
        target.errors = [*target.errors, str(error)]
    else:
        form.form_errors.append(str(error))


@bp.route(f"{VERSION}/avsnitt", methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def add_section(version_id: int):
    version = _editable(version_id)
    if version.is_published:
        return _frozen(version)
    new_section = NewSectionForm()
    if new_section.validate_on_submit():
        try:
            added = services.add_section(version, new_section.title.data,
                                         new_section.body.data)
        except services.ConsultationError as error:
            db.session.rollback()
            version = _editable(version_id)
            getattr(new_section, error.field or "title").errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The section is added last. Move it where it belongs."), "success")
            return redirect(url_for("consultation.edit_version", version_id=version.id)
                            + f"#avsnitt-{added.id}")
    form = DraftForm(formdata=None)
    _fill(form, version)
    return _editor_page(version, form, new_section, 400)


def _section_action(version_id: int, section_id: int, operation, done: str):
    version = _editable(version_id)
    _posted()
    try:
        operation(version, section_id)
    except services.ConsultationError as error:
        db.session.rollback()
        if version.is_published:
            return _frozen(version)
        flash(str(error), "error")
    else:
        db.session.commit()
        if done:
            flash(done, "success")
    return redirect(url_for("consultation.edit_version", version_id=version.id)
                    + (f"#avsnitt-{section_id}" if not done else ""))


@bp.route(f"{VERSION}/avsnitt/<{ID}:section_id>/flytta/<direction>", methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def move_section(version_id: int, section_id: int, direction: str):
    if direction not in ("up", "down"):
        abort(404)
    return _section_action(version_id, section_id, lambda version, sid: services.move_section(
        version, sid, direction), "")


@bp.route(f"{VERSION}/avsnitt/<{ID}:section_id>/ta-bort", methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def delete_section(version_id: int, section_id: int):
    return _section_action(version_id, section_id, services.delete_section,
                           _("The section is removed from the draft."))


@bp.route(f"{VERSION}/publicera", methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def publish(version_id: int):
    version = _editable(version_id)
    _posted()
    plan_id = version.consultation.plan_id
    try:
        services.publish_version(version, current_user)
    except services.ConsultationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("consultation.edit_version", version_id=version_id)
                        if not version.is_published else
                        url_for("consultation.manage", plan_id=plan_id))
    db.session.commit()
    flash(_("Version %(number)s is published. Everyone can read it now, and it can no "
            "longer be changed.", number=version.number), "success")
    return redirect(url_for("consultation.manage", plan_id=plan_id))


@bp.route(f"{VERSION}/kasta", methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def discard(version_id: int):
    version = _editable(version_id)
    _posted()
    plan_id = version.consultation.plan_id
    try:
        services.discard_draft(version)
    except services.ConsultationError as error:
        db.session.rollback()
        return _refused(str(error), plan_id)
    db.session.commit()
    flash(_("The unpublished version is thrown away."), "success")
    return redirect(url_for("consultation.manage", plan_id=plan_id))
