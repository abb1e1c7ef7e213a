"""Importing a plan through the browser: upload → preview → confirm.

The preview saves nothing: the file waits on disk (see `uploads`) and the
confirmation carries only its token, so the official does not upload twice
and what is saved is exactly what was previewed.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.core.forms import form_status
from app.core.permissions import Permission, requires
from app.extensions import db
from app.plans import bp, services, uploads
from app.plans.drafts import PlanDraft
from app.plans.forms import PlanConfirmForm, PlanUploadForm, parse_period
from app.plans.import_messages import describe, describe_all
from app.plans.importer import PlanImportError, parse_file


def _parse(data: bytes, pending: uploads.PendingImport) -> PlanDraft:
    return parse_file(data, pending.filename, title=pending.title,
                      registry_number=pending.registry_number, period=pending.period)


def _upload_page(form: PlanUploadForm, status: int):
    return render_template("plans/import.html", form=form), status


def _preview_page(draft: PlanDraft, pending: uploads.PendingImport, form: PlanConfirmForm,
                  status: int = 200):
    existing = services.plan_by_registry_number(draft.registry_number)
    changes = services.replace_changes(existing, draft) if existing is not None else None
    return render_template(
        "plans/import_preview.html", draft=draft, pending=pending, form=form,
        existing=existing, changes=changes, warnings=describe_all(draft.warnings)), status


def _pending_from(form: PlanUploadForm) -> uploads.PendingImport:
    return uploads.PendingImport(
        filename=form.file.data.filename, user_id=current_user.id, kind=form.kind.data,
        owner=form.owner.data or "", title=form.title.data or None,
        registry_number=form.registry_number.data or None,
        period=parse_period(form.period.data))


@bp.route("/admin/styrdokument/importera", methods=["GET", "POST"])
@requires(Permission.MANAGE_PLANS)
def import_upload():
    form = PlanUploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, form_status(form))
    data = form.file.data.read()
    pending = _pending_from(form)
    try:
        draft = _parse(data, pending)
    except PlanImportError as error:
        form.file.errors.append(describe(error))
        return _upload_page(form, 400)
    if not draft.title.strip():
        form.title.errors.append(_("The file has no title: enter the plan's title."))
        return _upload_page(form, 400)
    token = uploads.store(data, pending)
    return _preview_page(draft, pending, PlanConfirmForm(formdata=None, token=token))


def _expired(status: int):
    form = PlanUploadForm(formdata=None)
    form.file.errors = [_("The uploaded file is missing or has expired. Upload it again.")]
    return _upload_page(form, status)


@bp.route("/admin/styrdokument/importera/spara", methods=["POST"])
@requires(Permission.MANAGE_PLANS)
def import_confirm():
    form = PlanConfirmForm()
    if not form.validate_on_submit():
        return _expired(400)
    stored = uploads.load(form.token.data)
    if stored is None or stored[1].user_id != current_user.id:
        return _expired(404)
    data, pending = stored
    try:
        draft = _parse(data, pending)
    except PlanImportError as error:  # the file was read once already; only if it changed
        uploads.discard(form.token.data)
        upload_form = PlanUploadForm(formdata=None)
        upload_form.file.errors = [describe(error)]
        return _upload_page(upload_form, 400)
    try:
        plan = services.save_draft(draft, kind=pending.kind, owner=pending.owner,
                                   replace=form.replace.data)
    except services.PlanError as error:
        db.session.rollback()
        form.replace.errors = [str(error)]
        return _preview_page(draft, pending, form, 400)
    db.session.commit()
    uploads.discard(form.token.data)
    flash(ngettext("The plan %(title)s is saved with %(num)s action.",
                   "The plan %(title)s is saved with %(num)s actions.", draft.action_count,
                   title=plan.title), "success")
    return redirect(url_for("plans.show", plan_id=plan.id))
