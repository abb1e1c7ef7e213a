"""Forms for municipality settings and accessibility reports."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import Email, Length, Optional

from app.core.forms import NotBlank, strip_filter


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
