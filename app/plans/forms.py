"""Forms for importing a plan (the upload, and the confirmation after the preview)
and for writing one by hand."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
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
    ValidationError,
)

from app.core.forms import CheckboxList, NotBlank, select_choices, strip_filter
from app.plans.editing import MAX_YEAR, MIN_YEAR
from app.plans.importer import MAX_FILE_SIZE
from app.plans.labels import ACTION_STATUS_LABELS, KIND_LABELS, PLAN_STATUS_LABELS
from app.plans.models import ActionStatus, PlanKind, PlanStatus
from app.plans.uploads import TOKEN_PATTERN

EXTENSIONS = ("csv", "xlsx", "txt")
_PERIOD = re.compile(r"^((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})$")


def parse_period(text: str | None) -> tuple[int, int] | None:
    """`2025-2027` → (2025, 2027); None for an empty or malformed value."""
    match = _PERIOD.match((text or "").strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def _valid_period(form, field) -> None:
    if not field.data:
        return
    period = parse_period(field.data)
    if period is None:
        raise ValidationError(_l("Write the period as two years, like 2025-2027."))
    if period[0] > period[1]:
        raise ValidationError(_l("The period cannot end before it starts."))


class PlanUploadForm(FlaskForm):
    file = FileField(
        _l("File"),
        description=_l("A CSV or Excel (XLSX) file with the columns utmaning, "
                       "citat_ur_strategin, atgard, ansvarig, uppfoljning, or a Word action "
                       "plan saved as plain text (TXT). At most 10 MB."),
        validators=[
            FileRequired(_l("Choose the file with the plan.")),
            FileAllowed(EXTENSIONS, _l("Choose a CSV, XLSX or TXT file.")),
            FileSize(MAX_FILE_SIZE, message=_l("The file is larger than 10 MB. Split the plan "
                                               "or remove what is not part of it."))])
    title = StringField(
        _l("Title (optional)"), filters=[strip_filter],
        description=_l("Needed for CSV and XLSX files, which have no title. Replaces the "
                       "title of a text file."),
        validators=[Length(max=300, message=_l("The title can be at most 300 characters."))])
    registry_number = StringField(
        _l("Registry number (optional)"), filters=[strip_filter],
        description=_l("The diarienummer, like KS 2025/88."),
        validators=[Length(max=50, message=_l("The registry number can be at most 50 "
                                              "characters."))])
    period = StringField(
        _l("Period (optional)"), filters=[strip_filter],
        description=_l("First and last year, like 2025-2027."),
        validators=[Optional(), _valid_period])
    kind = SelectField(_l("Type of document"), validate_choice=True,
                       default=PlanKind.ACTION_PLAN.value,
                       choices=select_choices((k.value, label)
                                              for k, label in KIND_LABELS.items()))
    owner = StringField(
        _l("Owner (optional)"), filters=[strip_filter],
        description=_l("The department or committee that answers for the plan."),
        validators=[Length(max=200, message=_l("The owner can be at most 200 characters."))])


class PlanConfirmForm(FlaskForm):
    """Carries only the token of the stored upload, and whether to replace."""

    token = HiddenField(validators=[
        InputRequired(_l("The uploaded file is missing. Upload it again.")),
        Regexp(TOKEN_PATTERN, message=_l("The uploaded file is missing. Upload it again."))])
    replace = BooleanField(_l("Replace the existing plan with this one"))


# Writing a plan by hand


class _NumberField(IntegerField):
    """A whole number whose "not a number" message is ours, in plain words."""

    def __init__(self, label=None, validators=None, *, invalid=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(self.invalid)) from None


class PlainDateField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Write the date like 2026-03-31."))) from None


def _max(maximum: int) -> Length:
    return Length(max=maximum, message=_l("The text can be at most %(n)s characters.",
                                          n=maximum))


def _year_field(label, description=None) -> _NumberField:
    return _NumberField(label, description=description,
                        invalid=_l("Write the year with four digits, like 2026."),
                        validators=[Optional(), NumberRange(
                            min=MIN_YEAR, max=MAX_YEAR,
                            message=_l("Give a year from %(first)s to %(last)s.",
                                       first=MIN_YEAR, last=MAX_YEAR))])


class PlanForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip_filter], validators=[
        NotBlank(_l("Write the title of the document.")),
        Length(max=300, message=_l("The title can be at most 300 characters."))])
    kind = SelectField(_l("Type of document"), validate_choice=True,
                       default=PlanKind.ACTION_PLAN.value,
                       choices=select_choices((k.value, label)
                                              for k, label in KIND_LABELS.items()))
    registry_number = StringField(
        _l("Registry number"), filters=[strip_filter],
        description=_l("The diarienummer, like KS 2025/88. Two documents cannot have the "
                       "same number."),
        validators=[NotBlank(_l("Write the registry number (diarienummer), like KS 2025/88.")),
                    Length(max=50, message=_l("The registry number can be at most 50 "
                                              "characters."))])
    owner = StringField(
        _l("Owner (optional)"), filters=[strip_filter],
        description=_l("The department or committee that answers for the plan."),
        validators=[Length(max=200, message=_l("The owner can be at most 200 characters."))])
    first_year = _year_field(_l("First year (optional)"), _l("The first year the document "
                                                             "applies, like 2026."))
    last_year = _year_field(_l("Last year (optional)"), _l("The last year it applies. Leave "
                                                           "empty for a single year."))
    # The view offers the statuses the plan can have now (app.plans.lifecycle);
    # the service explains a refused one in words.
    status = SelectField(_l("Status"), validate_choice=False, default=PlanStatus.DRAFT.value,
                         choices=select_choices((s.value, label)
                                                for s, label in PLAN_STATUS_LABELS.items()))
    decision_body = StringField(
        _l("Adopted by (optional)"), filters=[strip_filter],
        description=_l("The body that adopted the document, like Kommunfullmäktige."),
        validators=[_max(200)])
    decision_date = PlainDateField(_l("Date of the decision (optional)"), validators=[Optional()])
    decision_paragraph = StringField(_l("Paragraph (optional)"), filters=[strip_filter],
                                     description=_l("The minutes' paragraph, like § 45."),
                                     validators=[_max(50)])
    decision_registry_number = StringField(
        _l("Registry number of the decision (optional)"), filters=[strip_filter],
        description=_l("The diarienummer of the decision's case, like KS 2025/88."),
        validators=[_max(50)])
    decision_text = TextAreaField(_l("About the decision (optional)"), filters=[strip_filter],
                                  validators=[_max(5000)])
    parent_id = SelectField(_l("Part of (optional)"), validate_choice=False,
                            description=_l("The strategy this document puts into practice."))
    introduction = TextAreaField(
        _l("Introduction (optional)"), filters=[strip_filter],
        description=_l("Shown above the challenges. Empty lines make new paragraphs; "
                       "addresses become links."),
        validators=[_max(20000)])


class DeleteForm(FlaskForm):
    """The confirmation page's button: a POST without it deletes nothing."""

    confirm = HiddenField(validators=[AnyOf(["yes"])])


class ChallengeForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip_filter], validators=[
        NotBlank(_l("Write the challenge's title.")),
        Length(max=300, message=_l("The title can be at most 300 characters."))])
    description = TextAreaField(_l("Description (optional)"), filters=[strip_filter],
                                validators=[_max(5000)])


class CommitmentForm(FlaskForm):
    quote = TextAreaField(
        _l("Quote from the strategy"), filters=[strip_filter],
        description=_l("The words of the strategy that the actions below answer to."),
        validators=[NotBlank(_l("Write the text quoted from the strategy.")), _max(5000)])


class ActionForm(FlaskForm):
    text = TextAreaField(_l("Action"), filters=[strip_filter], validators=[
        NotBlank(_l("Write what the action is.")), _max(5000)])
    responsible = StringField(
        _l("Responsible (optional)"), filters=[strip_filter],
        description=_l("The department or role, as the document says it."),
        validators=[_max(300)])
    responsible_user_ids = CheckboxList(
        _l("Responsible officials with an account"), coerce=int, validate_choice=True,
        description=_l("They may write updates on the action."))
    follow_up_report = StringField(
        _l("Followed up in (optional)"), filters=[strip_filter],
        description=_l("The report where the action is followed up, like "
                       "Verksamhetsberättelse."),
        validators=[_max(200)])
    follow_up_year = _year_field(_l("Year of the follow-up (optional)"))
    status = SelectField(_l("Status"), validate_choice=True,
                         default=ActionStatus.PLANNED.value,
                         choices=select_choices((s.value, label)
                                                for s, label in ACTION_STATUS_LABELS.items()))
    progress = _NumberField(
        _l("Progress in per cent"), default=0,
        invalid=_l("Give the progress as a whole number from 0 to 100."),
        validators=[InputRequired(_l("Give the progress as a whole number from 0 to 100.")),
                    NumberRange(min=0, max=100, message=_l(
                        "Give the progress as a whole number from 0 to 100."))])
    starts_on = PlainDateField(_l("Start date (optional)"), validators=[Optional()])
    ends_on = PlainDateField(_l("End date (optional)"), validators=[Optional()])
    community_ids = CheckboxList(_l("Local communities it concerns"), coerce=int,
                                 validate_choice=True)

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))
