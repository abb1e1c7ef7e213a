"""Moderators redact a passage from a proposal, a comment or an organisation profile."""

from __future__ import annotations

from flask import flash, redirect, render_template
from flask_babel import ngettext
from flask_login import current_user

from app.core.forms import form_status
from app.core.permissions import Permission, requires
from app.extensions import db
from app.moderation import bp, redaction
from app.moderation.forms import RedactForm
from app.moderation.views import KIND_ARGUMENT, _item_or_404


@bp.route(f"/moderering/<{KIND_ARGUMENT}>/<int(max=2147483647):item_id>/redigera",
          methods=["GET", "POST"])
@requires(Permission.MODERATE)
def redact(kind: str, item_id: int):
    item = _item_or_404(kind, item_id)
    form = RedactForm()
    if form.validate_on_submit():
        try:
            count = redaction.redact(item, current_user, form.passage.data, form.reason.data)
        except redaction.RedactionError as error:
            db.session.rollback()
            getattr(form, error.field or "passage").errors.append(str(error))
        else:
            db.session.commit()
            flash(ngettext("The passage is removed from %(num)s place. The author has been "
                           "told why.", "The passage is removed from %(num)s places. The "
                           "author has been told why.", count), "success")
            return redirect(item.url())
    fields = [(redaction.field_labels()[name], getattr(item.obj, name) or "")
              for name, _limit in redaction.FIELDS[item.kind]]
    return render_template("moderation/redact.html", item=item, form=form, kind_slug=kind,
                           fields=fields, mark=redaction.mark()), form_status(form)
