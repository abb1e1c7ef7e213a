"""The answer form: a decision, a public motivation, and a few rows each
linking the proposal to an action with its own public motivation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from app.core.forms import NotBlank, select_choices, strip_filter
from app.moderation.answers import ANSWER_MAX, LINK_ROWS
from app.plans.links import MOTIVATION_MAX
from app.proposals.forms import drop_control_characters
from app.proposals.labels import DECISION_LABELS

_TEXT_FILTERS = [drop_control_characters, strip_filter]


class LinkRowForm(Form):
    """One optional link; a row left empty is skipped. Choices are set by the view."""

    action = SelectField(_l("Action"), validate_choice=False)
    motivation = TextAreaField(
        _l("Why the proposal belongs to this action"), filters=_TEXT_FILTERS,
        description=_l("Shown publicly with the link. At most 2,000 characters."),
        validators=[Length(max=MOTIVATION_MAX, message=_l("Write at most %(max)s characters.",
                                                          max=MOTIVATION_MAX))])


class AnswerForm(FlaskForm):
    decision = SelectField(_l("Decision"), validate_choice=False,
                           validators=[InputRequired(_l("Choose a decision."))])
    motivation = TextAreaField(
        _l("Motivation"), filters=_TEXT_FILTERS,
        description=_l("The municipality's answer, shown publicly and e-mailed to the author "
                       "and followers. At most 5,000 characters. You can use simple "
                       "formatting: **bold**, *italics*, lists with - and links."),
        validators=[NotBlank(_l("Write the motivation of the answer. It is shown publicly.")),
                    Length(max=ANSWER_MAX, message=_l("Write at most %(max)s characters.",
                                                      max=ANSWER_MAX))])
    links = FieldList(FormField(LinkRowForm), min_entries=LINK_ROWS, max_entries=LINK_ROWS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = select_choices(
            [("", _l("Choose a decision"))]
            + [(decision.value, label) for decision, label in DECISION_LABELS.items()])
