"""Reading the API's query parameters strictly: a value that cannot be used is a
400 that names the parameter and says what it accepts, never a silent default.

An empty value (`?status=`) counts as not given, as in the site's filter forms.
"""

from __future__ import annotations

import unicodedata

from flask import request
from flask_babel import gettext as _

from app.api.errors import bad_parameter

MAX_ID = 2**31 - 1
DEFAULT_LIMIT = 25
MAX_LIMIT = 100


def raw(name: str) -> str | None:
    """The parameter's single value, None when absent or empty."""
    values = request.args.getlist(name)
    if len(values) > 1:
        raise bad_parameter(name, _("Give %(name)s only once.", name=name))
    value = values[0] if values else ""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise bad_parameter(name, _("%(name)s must not contain control characters.",
                                    name=name))
    return value or None


def whole_number(name: str, low: int = 1, high: int = MAX_ID) -> int | None:
    value = raw(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 10 \
            or not low <= int(value) <= high:
        raise bad_parameter(name, _("%(name)s must be a whole number from %(low)s to "
                                    "%(high)s.", name=name, low=low, high=high))
    return int(value)


def limit() -> int:
    found = whole_number("limit", 1, MAX_LIMIT)
    return DEFAULT_LIMIT if found is None else found


def choice(name: str, choices) -> str | None:
    value = raw(name)
    if value is not None and value not in choices:
        raise bad_parameter(name, _("%(name)s must be one of: %(choices)s.", name=name,
                                    choices=", ".join(choices)))
    return value


def text(name: str, max_length: int) -> str:
    value = (raw(name) or "").strip()
    if len(value) > max_length:
        raise bad_parameter(name, _("%(name)s can be at most %(max)s characters.", name=name,
                                    max=max_length))
    return value
