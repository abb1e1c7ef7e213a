"""The notification settings form: one radio group per category."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from app.core.forms import select_choices
from app.core.notifications import CATEGORY_HINTS, CATEGORY_LABELS, MODE_LABELS, Category, Mode


class UnsubscribeForm(FlaskForm):
    """Only the button: the signed link is the proof, so no CSRF token (a
    mail program's one-click request cannot carry one)."""

    class Meta:
        csrf = False


def settings_form(categories: list[Category], current: dict[Category, Mode]) -> FlaskForm:
    """A form with a field per category the person can choose for, named after it."""

    class NotificationSettingsForm(FlaskForm):
        pass

    for category in categories:
        setattr(NotificationSettingsForm, category.value, RadioField(
            CATEGORY_LABELS[category], description=CATEGORY_HINTS[category],
            choices=select_choices((mode.value, MODE_LABELS[mode]) for mode in Mode),
            default=current[category].value,
            validators=[InputRequired(_l("Choose how you want to hear about this."))]))
    return NotificationSettingsForm()
