"""Forms for writing the draft, setting the period, commenting and responding."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp

from app.consultation.models import (
    COMMENT_MAX,
    MOTIVATION_MAX,
    NOTE_MAX,
    RESPONSE_MAX,
    SECTION_TEXT_MAX,
    TITLE_MAX,
)
from app.core.forms import NotBlank, select_choices, strip_filter
from app.proposals.forms import drop_control_characters

TEXT_FILTERS = [drop_control_characters, strip_filter]
MARKDOWN_HINT = _l("Empty lines make new paragraphs. **Bold**, *italics*, lists with - and "
                   "### headings work; addresses become links.")


def _max(maximum: int) -> Length:
    return Length(max=maximum, message=_l("The text can be at most %(n)s characters.",
                                          n=f"{maximum:,}".replace(",", " ")))


class _DateField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Write the date like 2026-03-31."))) from None


class PeriodForm(FlaskForm):
    starts_on = _DateField(_l("First day"), validators=[
        InputRequired(_l("Give the first day of the consultation."))])
    ends_on = _DateField(_l("Last day"),
                         description=_l("Comments are accepted until the end of this day."),
                         validators=[InputRequired(_l("Give the last day of the "
                                                      "consultation."))])


class SectionTextForm(Form):
    """One section in the draft editor (no CSRF of its own: the page's form has it)."""

    section_id = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,10}$")])
    title = StringField(_l("Title"), filters=TEXT_FILTERS, validators=[_max(TITLE_MAX)])
    body = TextAreaField(_l("Text"), filters=TEXT_FILTERS, description=MARKDOWN_HINT,
                         validators=[_max(SECTION_TEXT_MAX)])


class DraftForm(FlaskForm):
    sections = FieldList(FormField(SectionTextForm), min_entries=0, max_entries=500)
    note = TextAreaField(
        _l("What is new in this version (optional)"), filters=TEXT_FILTERS,
        description=_l("Shown with the version, like “Vision shortened after the meeting in "
                       "Norrby”."), validators=[_max(NOTE_MAX)])


class NewSectionForm(FlaskForm):
    title = StringField(_l("Title of the new section"), filters=TEXT_FILTERS,
                        description=_l("For example Vision, Principles or Background."),
                        validators=[NotBlank(_l("Write the section's title.")),
                                    _max(TITLE_MAX)])
    body = TextAreaField(_l("Text (optional)"), filters=TEXT_FILTERS,
                         description=MARKDOWN_HINT, validators=[_max(SECTION_TEXT_MAX)])


class SectionCommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), filters=TEXT_FILTERS, validators=[
        NotBlank(_l("Write a comment before you send it.")), _max(COMMENT_MAX)])
    # Checked against the user's verified memberships in the view (403 when tampered).
    acting_as = SelectField(_l("Comment as"), validate_choice=False)
    submission_key = HiddenField(validators=[
        InputRequired(), Length(min=16, max=64), Regexp(r"^[A-Za-z0-9_-]+$")])


class ResponseForm(FlaskForm):
    # An organisation's id, or a group's with the prefix of app.consultation.acting.
    organisation = SelectField(_l("Sent in the name of"), validate_choice=False,
                               description=_l("The response is sent in the name of the "
                                              "organisation or the local development group. "
                                              "Its members can change it until the "
                                              "consultation ends."))
    body = TextAreaField(_l("The consultation response"), filters=TEXT_FILTERS,
                         description=MARKDOWN_HINT, validators=[
                             NotBlank(_l("Write the response before you send it.")),
                             _max(RESPONSE_MAX)])


class CompareForm(FlaskForm):
    class Meta:
        csrf = False

    fran = SelectField(_l("Compare version"), validate_choice=False, validators=[Optional()])
    till = SelectField(_l("with version"), validate_choice=False, validators=[Optional()])


class HandlingForm(FlaskForm):
    """How one comment or response was handled; each item on the page has its
    own form, told apart by a prefix."""

    outcome = RadioField(_l("How was it handled?"), validate_choice=False,
                         validators=[NotBlank(_l("Choose how the input was handled."))])
    motivation = TextAreaField(
        _l("Motivation"), filters=TEXT_FILTERS,
        description=_l("A sentence or two, shown in the consultation report."),
        validators=[NotBlank(_l("Write a short motivation: it is shown in the consultation "
                                "report.")), _max(MOTIVATION_MAX)])
    # A section of a later published version; checked by the service.
    used_section = SelectField(_l("Used in the section (optional)"), validate_choice=False,
                               validators=[Optional(), Regexp(r"^\d{1,10}$", message=_l(
                                   "Choose a section of this draft from the list."))])

    def set_choices(self, outcomes, sections) -> None:
        self.outcome.choices = select_choices(outcomes)
        self.used_section.choices = select_choices(
            [("", _l("No section"))] + [(str(s.id), label) for s, label in sections])
