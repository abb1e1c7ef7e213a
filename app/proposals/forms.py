"""Proposal, comment, moderation and filter forms."""

import re
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
)

from app.core.forms import NotBlank, select_choices, strip_filter
from app.proposals.labels import DECISION_LABELS, STATUS_LABELS
from app.proposals.models import PUBLIC_STATUSES, ProposalStatus

WHOLE_MUNICIPALITY = "hela-kommunen"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_control_characters(value):
    """Control characters are invisible, refused by PostgreSQL (NUL) and make
    the Atom feeds invalid XML; tabs and line breaks are kept."""
    return _CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


class KeptWhenNotSent:
    """Stop validating a field the form did not send at all; its value is then
    None and the setting it stands for is left unchanged."""

    def __call__(self, form, field):
        if not field.raw_data:
            field.data = None
            field.errors[:] = []
            raise StopValidation()


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


class ProposalForm(FlaskForm):
    title = StringField(
        _l("Title"), filters=[drop_control_characters, strip_filter],
        description=_l("Say in a few words what you propose. 5–120 characters."),
        validators=[
            NotBlank(_l("Write a title for your proposal.")),
            Length(min=5, max=120, message=_l("The title must be 5–120 characters.")),
        ])
    body = TextAreaField(
        _l("Your proposal"), filters=[drop_control_characters, strip_filter],
        description=_l("Describe what you want to happen, where, and why. At most 5,000 "
                       "characters. You can use simple formatting: **bold**, *italics*, "
                       "lists with - and links."),
        validators=[
            NotBlank(_l("Describe your proposal.")),
            Length(max=5000, message=_l("The description can be at most 5,000 characters.")),
        ])
    community = SelectField(
        _l("Local community"), validate_choice=False,
        description=_l("The part of the municipality the proposal is about. Choose “Whole "
                       "municipality” if it concerns everyone."),
        validators=[InputRequired(_l("Choose a local community."))])
    theme = SelectField(_l("Theme"), validate_choice=False,
                        validators=[InputRequired(_l("Choose a theme."))])
    # Checked against the user's verified memberships in the view (403 when
    # tampered with), so WTForms does not validate the choice itself.
    acting_as = SelectField(_l("Send as"), validate_choice=False,
                            description=_l("You can take part as yourself or on behalf of an "
                                           "organisation you are a member of."))
    # Checked against the user's groups in the view (403 when tampered with).
    group = SelectField(_l("Together with a local development group (optional)"),
                        validate_choice=False,
                        description=_l("The group is shown as co-author of the proposal. You "
                                       "can choose the groups you are a member of."))
    submission_key = HiddenField(validators=[
        InputRequired(), Length(min=16, max=64), Regexp(r"^[A-Za-z0-9_-]+$")])


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"), filters=[drop_control_characters, strip_filter],
        validators=[
            NotBlank(_l("Write a comment before you send it.")),
            Length(max=2000, message=_l("A comment can be at most 2,000 characters.")),
        ])
    parent_id = HiddenField(validators=[Optional(), Regexp(r"^\d{1,12}$")])
    acting_as = SelectField(_l("Comment as"), validate_choice=False)
    submission_key = HiddenField(validators=[
        InputRequired(), Length(min=16, max=64), Regexp(r"^[A-Za-z0-9_-]+$")])


class CommentEditForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"), filters=[drop_control_characters, strip_filter],
        validators=[
            NotBlank(_l("Write a comment before you send it.")),
            Length(max=2000, message=_l("A comment can be at most 2,000 characters.")),
        ])


class RefuseForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), filters=[drop_control_characters, strip_filter],
        description=_l("The author sees this. Say what would need to change."),
        validators=[NotBlank(_l("Give a reason. The author will see it.")),
                    Length(max=2000, message=_l("The reason can be at most 2,000 "
                                                "characters."))])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), validate_choice=True, choices=select_choices([
        (s.value, STATUS_LABELS[s]) for s in ProposalStatus if s != ProposalStatus.SUBMITTED]))
    decision = SelectField(_l("Decision (when answering)"), validate_choice=True,
                           choices=select_choices(
                               [("", _l("No decision"))]
                               + [(d.value, label) for d, label in DECISION_LABELS.items()]))
    reason = TextAreaField(
        _l("Motivation or reason"), filters=[drop_control_characters, strip_filter],
        description=_l("Shown in the proposal's history. Required when answering or "
                       "hiding."),
        validators=[Length(max=5000, message=_l("The text can be at most 5,000 "
                                                "characters."))])


class ThemeForm(FlaskForm):
    name = StringField(
        _l("Name of the theme"), filters=[drop_control_characters, strip_filter],
        validators=[NotBlank(_l("Enter a name for the theme.")),
                    Length(max=80, message=_l("The name can be at most 80 characters."))])


class ParticipationSettingsForm(FlaskForm):
    premoderation = BooleanField(
        _l("Review new proposals before they are published"),
        description=_l("When on, a new proposal waits in the moderation queue as "
                       "“Submitted”."))
    support_threshold = IntegerField(
        _l("Support threshold"),
        description=_l("How many supports send a proposal to consideration."),
        validators=[InputRequired(_l("Enter a number.")),
                    NumberRange(min=1, max=1_000_000, message=_l("Enter a number from 1 "
                                                                 "to 1,000,000."))])
    threshold_counts_organisations = BooleanField(
        _l("Count organisations' supports toward the threshold"),
        description=_l("When off, only residents' own supports count."))
    support_window_days = IntegerField(
        _l("Days to collect supports"),
        description=_l("How long after publication the supports count toward the "
                       "threshold."),
        validators=[InputRequired(_l("Enter a number.")),
                    NumberRange(min=1, max=3650, message=_l("Enter a number of days from 1 "
                                                            "to 3,650."))])
    report_threshold = IntegerField(
        _l("Reports that hide content"),
        description=_l("When this many different people have reported a proposal, comment or "
                       "organisation profile, it is hidden until a moderator has looked."),
        validators=[InputRequired(_l("Enter a number.")),
                    NumberRange(min=1, max=100, message=_l("Enter a number from 1 to 100."))])
    # Not sent at all (a page opened before these fields existed): kept as they are.
    answer_days = IntegerField(
        _l("Days to answer a proposal"),
        description=_l("The response deadline: how many days the municipality takes at most "
                       "to answer. Shown on each proposal's page."),
        validators=[KeptWhenNotSent(), InputRequired(_l("Enter a number.")),
                    NumberRange(min=1, max=3650, message=_l("Enter a number of days from 1 "
                                                            "to 3,650."))])
    answer_clock_basis = RadioField(
        _l("The days are counted from"), validate_choice=False,
        choices=select_choices([
            ("published", _l("when the proposal is published")),
            ("threshold", _l("when the proposal reaches the support threshold (proposals "
                             "below it have no deadline)"))]),
        validators=[KeptWhenNotSent(), AnyOf(("published", "threshold"), message=_l(
            "Choose what the days are counted from."))])

class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), filters=[drop_control_characters, strip_filter],
                    validators=[Optional(), Length(max=200, message=_l(
                        "The search can be at most 200 characters."))])
    # The list template draws these selects itself from (value, label) pairs,
    # so the choices are set per request (see status_choices) and unknown
    # values are dropped by the view instead of being validated here.
    community = SelectField(_l("Local community"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False)
    theme = SelectField(_l("Theme"), validate_choice=False)
    sort = SelectField(_l("Sort by"), validate_choice=False)


def status_choices() -> list[tuple[str, str]]:
    return [("", _l("All statuses"))] + [(s.value, STATUS_LABELS[s]) for s in PUBLIC_STATUSES]
