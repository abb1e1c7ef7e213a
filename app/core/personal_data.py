"""Find Swedish personal identity numbers and phone numbers in free text.

Residents sometimes paste their own or a neighbour's personnummer or phone
number into a proposal. Publishing it by accident is a personal-data breach,
so texts containing one are refused with a message asking the writer to
remove it. Look-alikes (dates, amounts, postal codes, years) must pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# 10 or 12 digits: (CC)YYMMDD, an optional separator (- or +, or a space), NNNC.
_IDENTITY = re.compile(
    r"(?<![\d\w])(?P<century>\d{2})?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"(?P<sep>[-+ ]?)(?P<serial>\d{3})(?P<check>\d)(?![\d\w])"
)

# Swedish numbers: +46 / 0046 / 0, then an area or mobile code not starting
# with 0, then 7–9 digits in all, spaces or hyphens allowed between digits.
# Not right after "digit-", "digit/" or "digit.": that is the month or day of a date
# ("2026-01-05 2026-02-10" is two dates, not 01-05 2026-02).
_PHONE = re.compile(
    r"(?<![\d\w+])(?<!\d[-/.])(?:\+46|0046|0)[ -]?(?:\(0\)[ -]?)?[1-9](?:[ -]?\d){6,8}"
    r"(?![\d\w])"
)

# Opening hours written without separators, e.g. 0800-1700.
_TIME_RANGE = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d-(?:[01]\d|2[0-3])[0-5]\d")


@dataclass(frozen=True)
class Finding:
    kind: str  # "identity_number" or "phone_number"
    text: str


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _plausible_date(century: str | None, yy: str, mm: str, dd: str) -> bool:
    day = int(dd)
    if day > 60:  # samordningsnummer: the day plus 60
        day -= 60
    years = [int(century + yy)] if century else [1900 + int(yy), 2000 + int(yy)]
    for year in years:
        try:
            date(year, int(mm), day)
        except ValueError:
            continue
        return True
    return False


def find_identity_numbers(text: str) -> list[str]:
    found = []
    for match in _IDENTITY.finditer(text):
        parts = match.groupdict()
        if parts["century"] and parts["century"] not in ("18", "19", "20"):
            continue
        if not _plausible_date(parts["century"], parts["yy"], parts["mm"], parts["dd"]):
            continue
        ten = parts["yy"] + parts["mm"] + parts["dd"] + parts["serial"] + parts["check"]
        if luhn_valid(ten):
            found.append(match.group(0))
    return found


def find_phone_numbers(text: str) -> list[str]:
    return [match.group(0) for match in _PHONE.finditer(text)
            if not _TIME_RANGE.fullmatch(match.group(0))]


def find_personal_data(text: str | None) -> list[Finding]:
    if not text:
        return []
    findings = [Finding("identity_number", value) for value in find_identity_numbers(text)]
    for value in find_phone_numbers(text):
        if not any(value in f.text or f.text in value for f in findings):
            findings.append(Finding("phone_number", value))
    return findings
