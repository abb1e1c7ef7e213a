"""Locale and time zone choice, and Swedish-first date formatting."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_babel import format_date, format_datetime
from flask_login import current_user

LANGUAGE_COOKIE = "lang"


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    languages = supported_languages()
    signed_in = current_user and getattr(current_user, "is_authenticated", False)
    if signed_in and current_user.locale in languages:
        return current_user.locale
    return locale_without_database()


def locale_without_database() -> str:
    """The language chosen with the cookie, or the default: what an error page uses
    when the signed-in person's own choice cannot be read from the database."""
    chosen = request.cookies.get(LANGUAGE_COOKIE) if request else None
    if chosen in supported_languages():
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def datetime_filter(value, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if fmt == "date":
        return format_date(value, "long")
    return format_datetime(value, "d MMMM y HH:mm" if fmt == "medium" else fmt)


def date_filter(value) -> str:
    if value is None:
        return ""
    return format_date(value, "long")


def local_now() -> datetime:
    """Now in the municipality's time zone (the year of a report, the "this year" of a list)."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
