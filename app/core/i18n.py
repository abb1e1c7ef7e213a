"""Locale and time zone choice, Swedish-first date formatting, and the
templates' translation functions."""

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import flask_babel
from babel import dates as babel_dates
from flask import current_app, request
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


def translations():
    """The current locale's catalogue, looked up once per request and locale.

    Flask-Babel finds it anew for every string (the request context, the
    locale, its name, the domain: some 25 µs, against 0.4 µs for the look-up
    itself), and a page translates hundreds of strings. The catalogue is kept
    beside Flask-Babel's own per-request state together with the locale it
    belongs to, so `force_locale` (an e-mail in the recipient's language) and
    `refresh()` still get the right one."""
    state = flask_babel._get_current_context()
    if state is None:
        return flask_babel.get_translations()
    locale = flask_babel.get_locale()
    kept = getattr(state, "inflytande_translations", None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    found = flask_babel.get_translations()
    state.inflytande_translations = (locale, found)
    return found


def install_template_gettext(app) -> None:
    """The templates' _(), gettext() and ngettext() through `translations()`."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: translations().ugettext(string),
        ngettext=lambda singular, plural, n: translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: translations().unpgettext(
            context, singular, plural, n),
        newstyle=True)


def _locale_and_zone() -> tuple:
    return flask_babel.get_locale(), flask_babel.get_timezone()


# The same dates are shown again and again (a comment's time on every view of
# its page); Babel spends ~100 µs on each. The result depends only on these
# arguments, so it is kept (a few hundred KB at most).
@lru_cache(maxsize=4096)
def _format_datetime(value: datetime, pattern: str, locale, zone) -> str:
    return babel_dates.format_datetime(value, pattern, tzinfo=zone, locale=locale)


@lru_cache(maxsize=4096)
def _format_date(value: date, locale, zone) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(zone)
    return babel_dates.format_date(value, "long", locale=locale)


def _aware(value: datetime) -> datetime:
    # Flask-Babel's reading of a naive time: it is in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def datetime_filter(value, fmt: str = "medium") -> str:
    if value is None:
        return ""
    locale, zone = _locale_and_zone()
    if fmt == "date":
        return _format_date(_aware(value) if isinstance(value, datetime) else value,
                            locale, zone)
    return _format_datetime(_aware(value), "d MMMM y HH:mm" if fmt == "medium" else fmt,
                            locale, zone)


def date_filter(value) -> str:
    if value is None:
        return ""
    locale, zone = _locale_and_zone()
    return _format_date(_aware(value) if isinstance(value, datetime) else value, locale, zone)


def local_now() -> datetime:
    """Now in the municipality's time zone (the year of a report, the "this year" of a list)."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
