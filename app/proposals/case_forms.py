"""Forms of case handling: assignment, internal notes, the statistics period."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import InputRequired, Length, Optional, Regexp

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


EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


class IsoDate:
    """A date written as YYYY-MM-DD, within the years the platform can have data."""

    def __call__(self, form, field):
        try:
            value = date.fromisoformat(field.data)
        except (TypeError, ValueError):
            field.parsed = None
            raise ValidationError(_l("Write the date as year-month-day, e.g. 2026-01-31.")) \
                from None
        if not EARLIEST <= value <= LATEST:
            field.parsed = None
            raise ValidationError(_l("Choose a date from 2000 to 2100."))
        field.parsed = value


class PeriodForm(FlaskForm):
    """The period of the statistics; empty fields mean the last twelve months."""

    class Meta:
        csrf = False

    start = StringField(_l("From"), filters=[strip_filter], render_kw={"type": "date"},
                        description=_l("The first day, e.g. 2026-01-31."),
                        validators=[Optional(), Length(max=10, message=_l(
                            "Write the date as year-month-day, e.g. 2026-01-31.")), IsoDate()])
    end = StringField(_l("To"), filters=[strip_filter], render_kw={"type": "date"},
                      description=_l("The last day, e.g. 2026-12-31."),
                      validators=[Optional(), Length(max=10, message=_l(
                          "Write the date as year-month-day, e.g. 2026-12-31.")), IsoDate()])
