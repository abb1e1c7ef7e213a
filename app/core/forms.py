"""Form building blocks shared by every area."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget


class CheckboxList(SelectMultipleField):
    """Several choices shown as checkboxes instead of a multi-select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EmptyForm(FlaskForm):
    """For single-button actions: carries only the CSRF token."""


class NotBlank:
    """Refuses values that are empty once surrounding whitespace is removed."""

    def __init__(self, message=None):
        self.message = message or _l("This field cannot be empty.")

    def __call__(self, form, field):
        if field.data is None or not str(field.data).strip():
            raise ValidationError(self.message)


def select_choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs; WTForms deprecates plain tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


def form_status(form) -> int:
    """HTTP status for a re-rendered form: 400 when a submission was refused."""
    return 400 if form.is_submitted() and form.errors else 200
