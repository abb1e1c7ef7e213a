"""Forms for reporting and for moderators' decisions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from app.core.forms import NotBlank, select_choices, strip_filter
from app.moderation.models import ReportReason, ReportTarget

REASON_LABELS = {
    ReportReason.SPAM: _l("Spam or advertising"),
    ReportReason.OFFENSIVE: _l("Offensive or abusive"),
    ReportReason.PERSONAL_DATA: _l("Contains personal data"),
    ReportReason.OTHER: _l("Something else"),
}

KIND_LABELS = {
    ReportTarget.PROPOSAL: _l("Proposal"),
    ReportTarget.COMMENT: _l("Comment"),
    ReportTarget.ORGANISATION: _l("Organisation profile"),
}


class ReportForm(FlaskForm):
    reason = SelectField(_l("Why do you report this?"), validate_choice=True, default="",
                         choices=select_choices([("", _l("Choose a reason"))]
                                                + list(REASON_LABELS.items())),
                         validators=[NotBlank(_l("Choose why you report this."))])
    text = TextAreaField(
        _l("Tell us more (optional)"), filters=[strip_filter],
        description=_l("Only moderators see this."),
        validators=[Length(max=1000, message=_l("Write at most 1,000 characters."))])


class HideForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), filters=[strip_filter],
        description=_l("Shown in place of the content, and e-mailed to whoever wrote it."),
        validators=[NotBlank(_l("Give a reason. The author will see it.")),
                    Length(max=2000, message=_l("Write at most 2,000 characters."))])


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectField(_l("Show"), validate_choice=True, default="",
                       choices=select_choices([("", _l("Everything reported"))]
                                              + list(KIND_LABELS.items())))
