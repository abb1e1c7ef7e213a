"""Forms of the traceability chain: action updates, linking and unlinking.

Lengths and required fields are checked again by `app.plans.links`, whose
messages are shown next to the same fields.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from app.core.forms import NotBlank, select_choices, strip_filter
from app.plans.labels import ACTION_STATUS_LABELS
from app.plans.links import ANSWER_MAX, MOTIVATION_MAX, UPDATE_MAX
from app.proposals.forms import drop_control_characters
from app.proposals.labels import DECISION_LABELS

_TEXT_FILTERS = [drop_control_characters, strip_filter]
PROGRESS_MESSAGE = _l("Give the progress as a whole number from 0 to 100.")


class ProgressField(IntegerField):
    """A whole number. What cannot be read is left empty, so the range check gives
    its plain message once instead of WTForms' own."""

    def process_formdata(self, valuelist):
        try:
            self.data = int(str(valuelist[0]).strip()) if valuelist else None
        except ValueError:
            self.data = None


class UpdateForm(FlaskForm):
    text = TextAreaField(
        _l("What has happened?"), filters=_TEXT_FILTERS,
        description=_l("Shown publicly on the action's page and e-mailed to the people "
                       "behind its linked proposals. At most 5,000 characters."),
        validators=[NotBlank(_l("Write what has happened.")),
                    Length(max=UPDATE_MAX, message=_l("Write at most %(max)s characters.",
                                                      max=UPDATE_MAX))])
    status = SelectField(_l("Status"), validate_choice=False,
                         validators=[InputRequired(_l("Choose a status from the list."))])
    progress = ProgressField(
        _l("Progress in per cent"), description=_l("A whole number from 0 to 100."),
        validators=[InputRequired(PROGRESS_MESSAGE),
                    NumberRange(min=0, max=100, message=PROGRESS_MESSAGE)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = select_choices(
            (status.value, label) for status, label in ACTION_STATUS_LABELS.items())


def _motivation_field(label, description):
    return TextAreaField(
        label, filters=_TEXT_FILTERS, description=description,
        validators=[NotBlank(_l("Write a motivation. It is shown publicly with the link.")),
                    Length(max=MOTIVATION_MAX, message=_l("Write at most %(max)s characters.",
                                                          max=MOTIVATION_MAX))])


class ProposalLinkForm(FlaskForm):
    # Choices (grouped by plan and challenge) are set by the view; the value is
    # checked against the actions that exist, so a tampered id gets a message.
    action = SelectField(_l("Action"), validate_choice=False,
                         validators=[InputRequired(_l("Choose an action from the list."))])
    motivation = _motivation_field(
        _l("Motivation"),
        _l("Why the proposal belongs to this action. Shown publicly with the link and "
           "e-mailed to the people behind the proposal. At most 2,000 characters."))
    decision = SelectField(
        _l("Decision"), validate_choice=False,
        description=_l("Leave “Do not answer now” to link only. Choose a decision to answer "
                       "the proposal in the same step."))
    answer = TextAreaField(
        _l("Answer"), filters=_TEXT_FILTERS,
        description=_l("Needed only when you choose a decision. Shown publicly as the "
                       "municipality's answer."),
        validators=[Length(max=ANSWER_MAX, message=_l("Write at most %(max)s characters.",
                                                      max=ANSWER_MAX))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = select_choices(
            [("", _l("Do not answer now"))]
            + [(decision.value, label) for decision, label in DECISION_LABELS.items()])


class DialogueLinkForm(FlaskForm):
    action = SelectField(_l("Action"), validate_choice=False,
                         validators=[InputRequired(_l("Choose an action from the list."))])
    motivation = _motivation_field(
        _l("Motivation"),
        _l("Why the dialogue belongs to this action. Shown publicly with the link. At most "
           "2,000 characters."))


class UnlinkForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is the link removed?"), filters=_TEXT_FILTERS,
        validators=[NotBlank(_l("Say why the link is removed.")),
                    Length(max=MOTIVATION_MAX, message=_l("Write at most %(max)s characters.",
                                                          max=MOTIVATION_MAX))])
