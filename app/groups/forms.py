"""Forms for groups: details, asking an organisation, one's own visibility.

Invitations and roles use the organisations' forms: the roles are the same.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from app.core.forms import NotBlank, strip_filter
from app.groups.models import NAME_MAX, TEXT_MAX


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def _email_validators():
    return [Length(max=254, message=_l("The e-mail address can be at most 254 characters.")),
            Email(_l("Enter an e-mail address like namn@exempel.se."),
                  check_deliverability=False)]


class GroupForm(FlaskForm):
    # Checked against the active communities in the service.
    community = SelectField(_l("Local community"), coerce=str, validate_choice=False,
                            validators=[InputRequired(_l("Choose a local community."))])
    name = StringField(_l("Name"), filters=[strip_filter], validators=[
        NotBlank(_l("Enter the group's name.")),
        Length(max=NAME_MAX, message=_l("The name can be at most 120 characters."))])
    purpose = TextAreaField(
        _l("Purpose"), filters=[strip_filter],
        description=_l("What the group works for and how others can take part. You can use "
                       "simple formatting: **bold**, *italics*, lists with - and links."),
        validators=[NotBlank(_l("Describe the group's purpose in a few sentences.")),
                    Length(max=TEXT_MAX, message=_l("The purpose can be at most 4,000 "
                                                    "characters."))])
    contact_text = TextAreaField(
        _l("How to get in touch (optional)"), filters=[strip_filter],
        description=_l("Shown to everyone, e.g. where and when the group meets. Do not write "
                       "private phone numbers or addresses."),
        validators=[Length(max=2000, message=_l("The text can be at most 2,000 "
                                                "characters."))])
    contact_email = EmailField(
        _l("Public contact e-mail (optional)"), filters=[_lower],
        description=_l("Shown to everyone. Use an address the group shares rather than a "
                       "private one."),
        validators=[Optional(), *_email_validators()])


class NewGroupForm(GroupForm):
    first_admin_email = EmailField(
        _l("E-mail address of the group's first administrator (optional)"), filters=[_lower],
        description=_l("We e-mail an invitation. The administrator then invites the other "
                       "members."),
        validators=[Optional(), *_email_validators()])


class AskOrganisationForm(FlaskForm):
    organisation = SelectField(
        _l("Organisation"), validate_choice=False,
        description=_l("Only verified organisations can be members. An administrator of the "
                       "organisation is asked by e-mail and accepts before it is shown as a "
                       "member."),
        validators=[InputRequired(_l("Choose an organisation."))])


class GroupVisibilityForm(FlaskForm):
    shown_publicly = BooleanField(_l("Show my name on the group's page"))
