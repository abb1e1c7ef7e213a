"""Forms for reporting and for moderators' decisions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.validators import Length
from wtforms.validators import Optional as OptionalValue

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
    ReportTarget.SECTION_COMMENT: _l("Comment on a draft"),
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


class RedactForm(FlaskForm):
    passage = TextAreaField(
        _l("Passage to remove"), filters=[strip_filter],
        description=_l("Copy it exactly as it stands in the text above. Every place it occurs "
                       "is replaced by “[redigerat av moderator]”."),
        validators=[NotBlank(_l("Paste the passage to remove.")),
                    Length(max=2000, message=_l("Write at most 2,000 characters."))])
    reason = TextAreaField(
        _l("Reason"), filters=[strip_filter],
        description=_l("E-mailed to whoever wrote it and kept in the audit log. The removed "
                       "text is not kept anywhere."),
        validators=[NotBlank(_l("Give a reason. The author will see it.")),
                    Length(max=2000, message=_l("Write at most 2,000 characters."))])


BLOCK_LENGTHS = {
    "1": _l("1 day"),
    "7": _l("7 days"),
    "30": _l("30 days"),
    "date": _l("Until a date I choose"),
    "indefinite": _l("Until further notice"),
}


class _DateField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Write the date like 2026-03-31."))) from None


class BlockForm(FlaskForm):
    length = RadioField(_l("How long"), validate_choice=False,
                        choices=select_choices(list(BLOCK_LENGTHS.items())),
                        validators=[NotBlank(_l("Choose how long the block lasts."))])
    until_date = _DateField(_l("Last day of the block"), validators=[OptionalValue()],
                            description=_l("Only when you choose a date. The block ends at "
                                           "23:59 that day."))
    reason = TextAreaField(
        _l("Reason"), filters=[strip_filter],
        description=_l("Shown to the person on every page while the block lasts, and "
                       "e-mailed to them."),
        validators=[NotBlank(_l("Give a reason. The person will see it.")),
                    Length(max=2000, message=_l("Write at most 2,000 characters."))])
