"""Dialogue, meeting, registration and feedback forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from app.core.forms import CheckboxList, NotBlank, select_choices, strip_filter
from app.dialogues.labels import LEVEL_LABELS, STATUS_LABELS, TARGET_GROUP_LABELS


def _text(label, maximum, required_message=None, description=None):
    validators = [Length(max=maximum, message=_l("The text can be at most %(n)s characters.",
                                                 n=maximum))]
    if required_message:
        validators.insert(0, NotBlank(required_message))
    return TextAreaField(label, filters=[strip_filter], validators=validators,
                         description=description)


class DialogueForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip_filter], validators=[
        NotBlank(_l("Write a title for the dialogue.")),
        Length(max=150, message=_l("The title can be at most 150 characters."))])
    question = _text(_l("The question we ask"), 2000, _l("Write the question the dialogue "
                                                         "asks."))
    influence_scope = _text(_l("What you can influence"), 2000, _l(
        "Say what participants can actually influence."),
        _l("Be honest about the limits: what is already decided, and what is open."))
    description = _text(_l("Description"), 10000)
    community = SelectField(_l("Local community"), validate_choice=False)
    participation_level = SelectField(
        _l("Level on the participation ladder"), validate_choice=True,
        choices=select_choices((level.value, label) for level, label in LEVEL_LABELS.items()))
    target_groups = CheckboxList(_l("Target groups"), validate_choice=True,
                                 choices=select_choices((group.value, label) for group, label
                                                        in TARGET_GROUP_LABELS.items()))
    organising_unit = StringField(_l("Organising unit"), filters=[strip_filter], validators=[
        Length(max=200, message=_l("The text can be at most %(n)s characters.", n=200))])
    partners = CheckboxList(_l("Partner organisations"), coerce=int, validate_choice=True)
    responsible = CheckboxList(_l("Responsible democracy developers"), coerce=int,
                               validate_choice=True)
    proposals_from = DateField(_l("Proposals from (optional)"), validators=[Optional()])
    proposals_until = DateField(_l("Proposals until (optional)"), validators=[Optional()])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), validate_choice=True, choices=select_choices(
        (s.value, label) for s, label in STATUS_LABELS.items()))


class MeetingForm(FlaskForm):
    title = StringField(_l("Name of the meeting"), filters=[strip_filter], validators=[
        NotBlank(_l("Write a name for the meeting.")),
        Length(max=150, message=_l("The name can be at most 150 characters."))])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[
        InputRequired(_l("Give the date and time the meeting starts."))])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[
        InputRequired(_l("Give the date and time the meeting ends."))])
    place = StringField(_l("Place"), filters=[strip_filter], validators=[
        Length(max=200, message=_l("The text can be at most %(n)s characters.", n=200))])
    address = StringField(_l("Address"), filters=[strip_filter], validators=[
        Length(max=300, message=_l("The text can be at most %(n)s characters.", n=300))])
    step_free = BooleanField(_l("Step-free access"))
    hearing_loop = BooleanField(_l("Hearing loop"))
    accessibility_info = _text(_l("More about accessibility"), 2000)
    online_url = URLField(_l("Link for taking part online (optional)"), filters=[strip_filter],
                          validators=[Optional(), Length(max=500, message=_l(
                              "The text can be at most %(n)s characters.", n=500)),
                              URL(message=_l("Write the whole address, like "
                                             "https://www.example.se."))])
    capacity = IntegerField(_l("Number of places"), validators=[
        InputRequired(_l("Give the number of places.")),
        NumberRange(min=1, max=100000, message=_l("Give a number of places from 1 to "
                                                  "100,000."))])
    registration_deadline = DateTimeLocalField(_l("Last time to sign up (optional)"),
                                               format="%Y-%m-%dT%H:%M",
                                               validators=[Optional()])
    description = _text(_l("Description"), 5000)


class RegistrationForm(FlaskForm):
    acting_as = SelectField(_l("Sign up as"), validate_choice=False)
    needs_interpreter = StringField(
        _l("Interpreter (optional)"), filters=[strip_filter],
        description=_l("Which language or sign language. Only the organisers see this."),
        validators=[Length(max=100, message=_l("The text can be at most %(n)s characters.",
                                               n=100))])
    allergies = StringField(
        _l("Allergies or food (optional)"), filters=[strip_filter],
        description=_l("Only the organisers see this."),
        validators=[Length(max=300, message=_l("The text can be at most %(n)s characters.",
                                               n=300))])
    accessibility_needs = StringField(
        _l("Accessibility needs (optional)"), filters=[strip_filter],
        description=_l("For example a wheelchair place or seeing the speaker's face. Only the "
                       "organisers see this."),
        validators=[Length(max=300, message=_l("The text can be at most %(n)s characters.",
                                               n=300))])


class OutcomeForm(FlaskForm):
    attendees = IntegerField(_l("Number of attendees"), validators=[
        InputRequired(_l("Give the number of attendees.")),
        NumberRange(min=0, max=100000, message=_l("Give a number from 0 to 100,000."))])
    organisations_present = CheckboxList(_l("Organisations present"), coerce=int,
                                         validate_choice=True)
    summary = _text(_l("Summary"), 10000, _l("Write a short summary of the meeting."))


class MeetingProposalForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip_filter], validators=[
        NotBlank(_l("Write a title for the proposal.")),
        Length(min=5, max=120, message=_l("The title must be 5–120 characters."))])
    body = _text(_l("The proposal as it was raised"), 5000, _l("Describe the proposal."))
    theme = SelectField(_l("Theme"), validate_choice=True, coerce=str)


class FeedbackForm(FlaskForm):
    heard = _text(_l("What we heard"), 10000, _l("Write what you heard in the dialogue."))
    next_steps = _text(_l("What happens next"), 10000, _l("Write what happens next."))


class DialogueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    community = SelectField(_l("Local community"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False)
    target_group = SelectField(_l("Target group"), validate_choice=False)
