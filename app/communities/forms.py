"""Forms for managing local communities."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, Regexp

from app.core.forms import NotBlank, strip_filter

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CommunityForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip_filter], validators=[
        NotBlank(_l("Enter the name of the local community.")),
        Length(max=100, message=_l("The name can be at most 100 characters.")),
    ])
    slug = StringField(
        _l("Address name"),
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        description=_l("Used in the page address, e.g. norrby. Lower-case letters a–z, digits "
                       "and hyphens. Leave empty to make one from the name."),
        validators=[
            Optional(),
            Length(max=100, message=_l("The address name can be at most 100 characters.")),
            Regexp(SLUG_PATTERN, message=_l("Use only lower-case letters a–z, digits and "
                                            "hyphens, e.g. norra-strand.")),
        ])
    description = TextAreaField(
        _l("Short description"), filters=[strip_filter],
        description=_l("A few sentences about the place. You can use simple formatting."),
        validators=[Length(max=2000, message=_l("The description can be at most 2,000 "
                                                "characters."))])
    parent = SelectField(_l("Part of"), validate_choice=True,
                         description=_l("Choose a larger community this one belongs to, if any."))
