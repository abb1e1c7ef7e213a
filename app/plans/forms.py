"""Forms for importing a plan: the upload, and the confirmation after the preview."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from app.core.forms import select_choices, strip_filter
from app.plans.importer import MAX_FILE_SIZE
from app.plans.labels import KIND_LABELS
from app.plans.models import PlanKind
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
