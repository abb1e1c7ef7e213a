"""Swedish organisation numbers (organisationsnummer)."""

from __future__ import annotations

import re

from app.core.personal_data import luhn_valid

# ASCII digits only: \d would also take other scripts' digits, stored as a
# different string from the same number (a way past the uniqueness check).
_PATTERN = re.compile(r"^([0-9]{6})-?([0-9]{4})$")


def normalise(value: str) -> str | None:
    """NNNNNN-NNNN when the value is a valid organisation number, else None.

    Ten digits with the Luhn check digit, and a third digit of at least 2,
    which marks a legal person: a sole trader's number is their personal
    identity number, which must not be published here.
    """
    match = _PATTERN.match((value or "").strip().replace(" ", ""))
    if not match:
        return None
    digits = match.group(1) + match.group(2)
    if int(digits[2]) < 2 or not luhn_valid(digits):
        return None
    return f"{match.group(1)}-{match.group(2)}"
