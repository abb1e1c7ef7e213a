"""The form that records the political decision adopting a plan.

Required fields and lengths are checked again by `app.plans.lifecycle`, whose
messages (also the date that lies in the future) are shown next to the same fields.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from app.core.forms import NotBlank, strip_filter
from app.core.i18n import local_now
from app.plans.forms import PlainDateField
from app.plans.lifecycle import BODY_MAX, PARAGRAPH_MAX, REGISTRY_NUMBER_MAX, TEXT_MAX
from app.proposals.forms import drop_control_characters

_FILTERS = [drop_control_characters, strip_filter]


def _max(maximum: int) -> Length:
    return Length(max=maximum, message=_l("The text can be at most %(n)s characters.",
                                          n=maximum))


class AdoptionForm(FlaskForm):
    decision_body = StringField(
        _l("Decided by"), filters=_FILTERS,
        description=_l("The body that adopted the document, like Kommunfullmäktige."),
        validators=[NotBlank(_l("Write which body made the decision, like "
                                "Kommunfullmäktige.")), _max(BODY_MAX)])
    decision_date = PlainDateField(
        _l("Date of the decision"), description=_l("Like 2026-03-31. Not in the future."),
        validators=[InputRequired(_l("Give the date of the decision, like 2026-03-31."))])
    decision_paragraph = StringField(
        _l("Paragraph"), filters=_FILTERS, description=_l("The minutes' paragraph, like § 45."),
        validators=[NotBlank(_l("Write the paragraph in the minutes, like § 45.")),
                    _max(PARAGRAPH_MAX)])
    decision_registry_number = StringField(
        _l("Registry number of the decision"), filters=_FILTERS,
        description=_l("The diarienummer of the decision's case, like KS 2025/88."),
        validators=[NotBlank(_l("Write the registry number (diarienummer) of the decision, "
                                "like KS 2025/88.")), _max(REGISTRY_NUMBER_MAX)])
    decision_text = TextAreaField(
        _l("About the decision (optional)"), filters=_FILTERS,
        description=_l("Shown on the document's page, like “Adopted with two changes after "
                       "the consultation.”"),
        validators=[_max(TEXT_MAX)])

    def validate_decision_date(self, field) -> None:
        # Also checked by the service; here so it shows with the form's other errors.
        if field.data and field.data > local_now().date():
            raise ValidationError(_l("The date of the decision cannot be in the future. Record "
                                     "the decision once it has been made."))
