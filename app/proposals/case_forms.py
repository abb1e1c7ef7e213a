"""Forms of case handling: assignment and internal notes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Regexp

from app.core.forms import NotBlank, strip_filter
from app.proposals.casework import NOTE_MAX
from app.proposals.forms import drop_control_characters
from app.proposals.models import UNIT_MAX

_TEXT_FILTERS = [drop_control_characters, strip_filter]


class AssignForm(FlaskForm):
    # Choices are the active officials, set by the view; the value is checked
    # again by the service, so a tampered id gets a message next to the field.
    official = SelectField(_l("Official"), validate_choice=False,
                           description=_l("Gets an e-mail and finds the proposal under “My "
                                          "proposals to answer”."))
    unit = StringField(
        _l("Unit"), filters=_TEXT_FILTERS,
        description=_l("The administration or unit that prepares the answer, e.g. "
                       "Samhällsbyggnadsförvaltningen. Shown publicly."),
        validators=[Length(max=UNIT_MAX, message=_l("Write at most %(max)s characters.",
                                                    max=UNIT_MAX))])


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("New internal note"), filters=_TEXT_FILTERS,
        description=_l("Seen only by democracy developers, officials and administrators. "
                       "Notes cannot be changed or deleted afterwards. At most 5,000 "
                       "characters."),
        validators=[NotBlank(_l("Write the note before you save it.")),
                    Length(max=NOTE_MAX, message=_l("Write at most %(max)s characters.",
                                                    max=NOTE_MAX))])
    submission_key = HiddenField(validators=[
        InputRequired(), Length(min=16, max=64), Regexp(r"^[A-Za-z0-9_-]+$")])
