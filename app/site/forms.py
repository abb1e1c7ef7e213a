"""Forms for municipality settings and accessibility reports."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, Length, Optional, ValidationError

from app.core.audit_labels import AUDIT_ACTIONS, TARGET_TYPES
from app.core.forms import NotBlank, select_choices, strip_filter


class SettingsForm(FlaskForm):
    name = StringField(_l("Name of the municipality"), filters=[strip_filter], validators=[
        NotBlank(_l("Enter the name of the municipality.")),
        Length(max=100, message=_l("The name can be at most 100 characters.")),
    ])
    introduction = TextAreaField(
        _l("Introduction on the front page"), filters=[strip_filter],
        description=_l("What the platform is for, in a few sentences. Simple formatting "
                       "works."),
        validators=[Length(max=5000, message=_l("The text can be at most 5,000 characters."))])
    contact = TextAreaField(
        _l("Contact"), filters=[strip_filter],
        description=_l("How residents reach the municipality, shown at the bottom of "
                       "every page."),
        validators=[Length(max=2000, message=_l("The text can be at most 2,000 characters."))])
    privacy_policy = TextAreaField(
        _l("Personal data policy"), filters=[strip_filter],
        validators=[Length(max=20000, message=_l("The text can be at most 20,000 "
                                                 "characters."))])
    accessibility_statement = TextAreaField(
        _l("Accessibility statement"), filters=[strip_filter],
        validators=[Length(max=20000, message=_l("The text can be at most 20,000 "
                                                 "characters."))])


class AccessibilityReportForm(FlaskForm):
    description = TextAreaField(
        _l("What did not work?"), filters=[strip_filter],
        description=_l("Describe what you tried to do and what happened."),
        validators=[
            NotBlank(_l("Describe the problem you met.")),
            Length(max=5000, message=_l("The description can be at most 5,000 characters.")),
        ])
    page_url = StringField(
        _l("Which page? (optional)"), filters=[strip_filter],
        description=_l("The address or the name of the page."),
        validators=[Optional(), Length(max=500, message=_l("The address can be at most "
                                                           "500 characters."))])
    contact_email = EmailField(
        _l("Your e-mail address (optional)"),
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        description=_l("If you want an answer."),
        validators=[Optional(),
                    Length(max=254, message=_l("The e-mail address can be at most 254 "
                                               "characters.")),
                    Email(_l("Enter an e-mail address like namn@exempel.se."),
                          check_deliverability=False)])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("What was done"), validate_choice=True, default="",
                         choices=select_choices(
                             [("", _l("All actions"))] + list(AUDIT_ACTIONS.items())))
    target_type = SelectField(_l("Kind of item"), validate_choice=True, default="",
                              choices=select_choices(
                                  [("", _l("All kinds"))] + list(TARGET_TYPES.items())))
    actor = StringField(_l("Who (name or e-mail)"), filters=[strip_filter],
                        validators=[Optional(), Length(max=100, message=_l(
                            "The search can be at most 100 characters."))])
    q = StringField(_l("Item or reason contains"), filters=[strip_filter],
                    validators=[Optional(), Length(max=100, message=_l(
                        "The search can be at most 100 characters."))])
    date_from = DateField(_l("From date"), validators=[Optional()])
    date_to = DateField(_l("To date"), validators=[Optional()])

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date cannot be before the start date."))
