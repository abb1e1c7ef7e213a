"""Account forms."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError

from app.core.forms import NotBlank, select_choices, strip_filter
from app.core.permissions import Role

COMMON_PASSWORDS = {
    "1234567890", "12345678910", "qwertyuiop", "password123", "losenord123", "lösenord123",
    "sommar2026", "vinter2026", "abcdefghij", "0123456789", "qwerty1234", "password12",
    "iloveyou12", "1q2w3e4r5t", "asdfghjkl1", "sverige123", "hejhejhej1",
}


def _password_strength(form, field):
    password = field.data or ""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise ValidationError(_l("The password must be at least %(n)s characters.", n=minimum))
    if len(set(password)) < 4 or password.lower() in COMMON_PASSWORDS:
        raise ValidationError(_l("The password is too easy to guess. Use a few words you "
                                 "remember, or mix letters and digits."))


def email_field(label=None):
    return EmailField(
        label or _l("E-mail address"),
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        validators=[
            InputRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("The e-mail address can be at most 254 characters.")),
            Email(_l("Enter an e-mail address like namn@exempel.se."),
                  check_deliverability=False),
        ],
    )


def display_name_field():
    return StringField(
        _l("Name shown to others"),
        filters=[strip_filter],
        description=_l("Shown with what you write, for example your first name and "
                       "surname or a nickname."),
        validators=[
            NotBlank(_l("Enter the name others will see.")),
            Length(min=2, max=80, message=_l("The name must be 2–80 characters.")),
        ],
    )


def new_password_field(label=None):
    return PasswordField(
        label or _l("Password"),
        description=_l("At least 10 characters. A few words in a row is easy to remember."),
        validators=[
            InputRequired(_l("Choose a password.")),
            Length(max=200, message=_l("The password can be at most 200 characters.")),
            _password_strength,
        ],
    )


def confirm_field():
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            InputRequired(_l("Repeat the password.")),
            EqualTo("password", message=_l("The passwords are not the same.")),
        ],
    )


class RegisterForm(FlaskForm):
    email = email_field()
    display_name = display_name_field()
    password = new_password_field()
    password_confirm = confirm_field()
    consent = BooleanField(
        _l("I have read how my personal data is handled and agree to it"),
        validators=[InputRequired(_l("You need to agree to how personal data is handled to "
                                     "create an account."))],
    )


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(_l("Password"),
                             validators=[InputRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ResetRequestForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("New password"))
    password_confirm = confirm_field()


def locale_choices():
    return select_choices([("sv", "Svenska"), ("en", "English")])


class ProfileForm(FlaskForm):
    display_name = display_name_field()
    home_community = SelectField(_l("Your local community"), validate_choice=True,
                                 description=_l("The part of the municipality you live in or "
                                                "care most about. You can leave it empty."))
    locale = SelectField(_l("Language"), choices=locale_choices(), validate_choice=True)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[InputRequired(_l("Enter your current "
                                                                  "password."))])
    password = new_password_field(_l("New password"))
    password_confirm = confirm_field()


class ChangeEmailForm(FlaskForm):
    email = email_field(_l("New e-mail address"))
    current_password = PasswordField(_l("Current password"),
                                      validators=[InputRequired(_l("Enter your current "
                                                                   "password."))])


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"),
                             validators=[InputRequired(_l("Enter your password."))])
    understood = BooleanField(
        _l("I understand that my account is deleted for good and cannot be restored."),
        validators=[InputRequired(_l("Tick the box to confirm that you want to delete "
                                     "your account."))])


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


ROLE_LABELS = {
    Role.RESIDENT: _l("Resident"),
    Role.MODERATOR: _l("Democracy developer (moderator)"),
    Role.OFFICIAL: _l("Official"),
    Role.ADMIN: _l("Administrator"),
}


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=select_choices((r.value, ROLE_LABELS[r]) for r in Role),
                       validate_choice=True)


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name or e-mail"), filters=[strip_filter],
                    validators=[Optional(), Length(max=100, message=_l(
                        "The search can be at most 100 characters."))])
    role = SelectField(_l("Role"), choices=select_choices([("", _l("All roles"))]
                       + [(r.value, ROLE_LABELS[r]) for r in Role]), validate_choice=True,
                       default="")  # a link with only ?q= still searches
