"""The period the statistics cover: a calendar year, or a first and last day.

The page's GET form and /api/v1/stats read the same parameters (`start`,
`end` as YYYY-MM-DD, or `year`) through `resolve`, so both show the same
period for the same question. With nothing chosen, the period is the last
twelve months up to today, which is never almost empty the way "this year"
is in January.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from app.core.models import utcnow

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
DATE_LENGTH = 10


class PeriodError(ValueError):
    """A period that cannot be used; `field` is the parameter at fault."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date
    # Set when the period was chosen as a calendar year.
    year: int | None = None

    def bounds(self) -> tuple[datetime, datetime]:
        """From midnight of the first day up to (not including) midnight after
        the last day, in the municipality's time zone."""
        return (local_midnight(self.first_day),
                local_midnight(self.last_day + timedelta(days=1)))


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=local_zone())


def today() -> date:
    return utcnow().astimezone(local_zone()).date()


def a_year_before(day: date) -> date:
    """The first day of the twelve months that end with `day`."""
    try:
        earlier = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        earlier = day.replace(year=day.year - 1, day=28)
    return earlier + timedelta(days=1)


def parse_day(value: str, field: str) -> date:
    example = "2026-01-31" if field == "start" else "2026-12-31"
    wrong = PeriodError(_("Write the date as year-month-day, e.g. %(example)s.",
                          example=example), field)
    if len(value) != DATE_LENGTH:
        raise wrong
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise wrong from None
    if not EARLIEST <= day <= LATEST:
        raise PeriodError(_("Choose a date from 2000 to 2100."), field)
    return day


def parse_year(value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) == 4) \
            or not EARLIEST.year <= int(value) <= LATEST.year:
        raise PeriodError(_("Write the year with four digits, from 2000 to 2100."), "year")
    return int(value)


def resolve(start: str | None, end: str | None, year: str | None) -> Period:
    """The period asked for by the raw parameters (None or empty when not given)."""
    if year:
        if start or end:
            raise PeriodError(_("Choose either a year or a first and last day, not both."),
                              "year")
        chosen = parse_year(year)
        return Period(date(chosen, 1, 1), date(chosen, 12, 31), chosen)
    last = parse_day(end, "end") if end else None
    first = parse_day(start, "start") if start else None
    last = last or today()
    first = first or a_year_before(last)
    if first > last:
        raise PeriodError(_("The first day must not be after the last day."), "start")
    return Period(first, last)
