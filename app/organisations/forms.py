"""Organisation, invitation and member forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, Email, InputRequired, Length, Optional, ValidationError

from app.core.forms import CheckboxList, NotBlank, select_choices, strip_filter
from app.organisations.labels import KIND_LABELS, ROLE_LABELS
from app.organisations.models import MemberRole
from app.organisations.numbers import normalise


def _valid_org_number(form, field):
    if not field.data:
        field.data = None
        return
    normalised = normalise(field.data)
    if normalised is None:
        raise ValidationError(_l("That is not a valid organisation number. Write ten digits, "
                                 "like 802002-8711. Sole traders leave the field empty."))
    field.data = normalised


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip_filter], validators=[
        NotBlank(_l("Enter the organisation's name.")),
        Length(max=120, message=_l("The name can be at most 120 characters."))])
    kind = SelectField(_l("Type"), validate_choice=True,
                       choices=select_choices((k.value, label)
                                              for k, label in KIND_LABELS.items()))
    org_number = StringField(
        _l("Organisation number (optional)"), filters=[strip_filter],
        description=_l("Ten digits, like 802002-8711. Informal associations without a "
                       "number leave it empty."),
        validators=[Optional(), _valid_org_number])
    description = TextAreaField(
        _l("Short description"), filters=[strip_filter],
        validators=[NotBlank(_l("Describe the organisation in a few sentences.")),
                    Length(max=2000, message=_l("The description can be at most 2,000 "
                                                "characters."))])
    role_text = TextAreaField(
        _l("Our role in the community"), filters=[strip_filter],
        description=_l("What you do for the local community, and what others can turn to "
                       "you for."),
        validators=[Length(max=2000, message=_l("The text can be at most 2,000 "
                                                "characters."))])
    website = URLField(_l("Website (optional)"), filters=[strip_filter], validators=[
        Optional(), Length(max=300, message=_l("The address can be at most 300 characters.")),
        URL(require_tld=True, message=_l("Write the whole address, like "
                                         "https://www.example.se."))])
    contact_email = EmailField(
        _l("Public contact e-mail (optional)"),
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        validators=[Optional(),
                    Length(max=254, message=_l("The e-mail address can be at most 254 "
                                               "characters.")),
                    Email(_l("Enter an e-mail address like namn@exempel.se."),
                          check_deliverability=False)])
    communities = CheckboxList(_l("Local communities you are active in"), coerce=int,
                               validate_choice=True)
    themes = CheckboxList(_l("Themes you work on"), coerce=int, validate_choice=True)


class InviteForm(FlaskForm):
    # New people join as members unless the administrator chooses otherwise.
    email = EmailField(
        _l("E-mail address"), filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        validators=[InputRequired(_l("Enter the e-mail address of the person to invite.")),
                    Length(max=254, message=_l("The e-mail address can be at most 254 "
                                               "characters.")),
                    Email(_l("Enter an e-mail address like namn@exempel.se."),
                          check_deliverability=False)])
    role = SelectField(_l("Role"), validate_choice=True, default=MemberRole.MEMBER.value,
                       choices=select_choices((r.value, label)
                                              for r, label in ROLE_LABELS.items()))


class MemberRoleForm(FlaskForm):
    role = SelectField(_l("Role"), validate_choice=True,
                       choices=select_choices((r.value, label)
                                              for r, label in ROLE_LABELS.items()))


class VisibilityForm(FlaskForm):
    shown_publicly = BooleanField(_l("Show my name on the organisation's page"))


class RefuseOrganisationForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), filters=[strip_filter],
        description=_l("The organisation's administrators see this."),
        validators=[NotBlank(_l("Give a reason. The organisation's administrators will see "
                                "it.")),
                    Length(max=2000, message=_l("The reason can be at most 2,000 "
                                                "characters."))])


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectField(_l("Type"), validate_choice=False)
    theme = SelectField(_l("Theme"), validate_choice=False)
