"""Error pages in the user's language, JSON for API clients.

When the database cannot be reached (PostgreSQL stopped or restarting, the
network to it cut, the SQLite file's folder gone, every pooled connection busy
for too long), every request that needs it gets a 503 that says so in plain
words, with `Retry-After`, instead of a stack trace. That page is rendered
without the context processors, the signed-in user or the settings row, all of
which would ask the database again. The engine checks a pooled connection before
using it (`pool_pre_ping`, app/core/database.py), so when the database returns,
the next request gets a fresh connection: no restart is needed.
"""

import contextlib
import logging
import sqlite3

from flask import Flask, current_app, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core import i18n
from app.core.permissions import AccountBlocked
from app.extensions import db

log = logging.getLogger("inflytande.errors")

# Errors that can mean "the database is not there right now"; is_unavailable()
# tells them from a bug in a query, which stays a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeoutError)
# SQLite reports a misspelt column as an OperationalError too: only these are outages.
SQLITE_UNAVAILABLE = ("unable to open database file", "database is locked",
                      "database table is locked", "disk i/o error", "database or disk is full")
RETRY_AFTER_SECONDS = 30


def is_unavailable(error: BaseException | None) -> bool:
    if not isinstance(error, DATABASE_UNAVAILABLE):
        return False
    original = getattr(error, "orig", None)
    if isinstance(original, sqlite3.Error) and not getattr(error, "connection_invalidated",
                                                           False):
        return str(original).lower().startswith(SQLITE_UNAVAILABLE)
    return True

TITLES = {
    400: _l("Something in the request was wrong"),
    403: _l("You do not have access"),
    404: _l("The page does not exist"),
    405: _l("That cannot be done here"),
    413: _l("What you sent is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is temporarily unavailable"),
}
EXPLANATIONS = {
    400: _l("Check what you sent and try again."),
    403: _l("Your role does not give access to this page. Contact the municipality if "
            "you think this is wrong."),
    404: _l("The address may be mistyped, or the page has been removed."),
    405: _l("The page does not accept this kind of request."),
    413: _l("Make the file smaller and try again."),
    429: _l("You have made too many attempts in a short time. Wait a while and try again."),
    500: _l("An unexpected error occurred. The error has been logged. Try again in a while."),
    503: _l("Try again in a while."),
}
# For API clients: a stable code per status, and a message about the request
# rather than about a page.
API_CODES = {
    400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    413: "too_large", 429: "rate_limited", 500: "server_error", 503: "unavailable",
}
API_MESSAGES = {
    400: _l("The request was not valid."),
    404: _l("Nothing exists at this address."),
    405: _l("This address does not accept that method."),
    429: _l("Too many requests in a short time. Wait the number of seconds given in the "
            "Retry-After header and try again, or sign in."),
    500: _l("An unexpected error occurred. The error has been logged. Try again in a while."),
    503: _l("The service cannot reach its database right now. Try again in a while."),
}
UNAVAILABLE_EXPLANATION = _l("Right now nothing can be shown or saved. The fault is ours, "
                             "not yours. Wait a few minutes and try again.")
UNAVAILABLE_UNSAVED = _l("If you had just sent something, for example a proposal or a "
                         "comment, it may not have been saved. Check when the service "
                         "works again, and send it again if it is missing.")
CSRF_EXPLANATION = _l("The form had expired. Go back, reload the page and try again.")
BLOCKED_TITLE = _l("Your account is blocked")


def _api_error(code: int, known: int):
    return {"error": {"code": API_CODES.get(known, "error"), "status": code,
                      "message": str(API_MESSAGES.get(known, TITLES[known]))}}, code


def _render(code: int, explanation=None, blocked: bool = False):
    # Keep the real status (e.g. 416 for a bad Range header); only the wording
    # falls back to the general client or server error.
    known = code if code in TITLES else (400 if 400 <= code < 500 else 500)
    if request.path.startswith("/api/"):
        return _api_error(code, known)
    try:
        page = render_template(
            "errors/error.html",
            code=code,
            title=BLOCKED_TITLE if blocked else TITLES[known],
            explanation=explanation or EXPLANATIONS[known],
            block_explained=blocked,
        )
    except DATABASE_UNAVAILABLE as error:
        # The error page itself needs the database (settings, the signed-in user).
        if not is_unavailable(error):
            raise
        return database_unavailable(error)
    return page, code


def database_unavailable(error: Exception):
    """The 503 for a database that cannot be reached, HTML or API JSON.

    Other errors of the same classes (a query's bug) go on to be a 500; so does
    everything while exceptions propagate (tests, the debugger), where the real
    error is more useful than the page."""
    if not is_unavailable(error) or _propagating():
        raise error
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    # The driver's first line ("connection refused", "unable to open database file"),
    # never the statement or its parameters, which may hold what a person typed.
    log.error("Database unavailable or busy, answered 503 (%s): %s", type(error).__name__,
              reason[0] if reason else "")
    with contextlib.suppress(SQLAlchemyError):
        db.session.rollback()
    if request.path.startswith("/api/"):
        # The message is translated: in the language of the cookie, since a
        # signed-in person's own choice would need the database.
        with force_locale(i18n.locale_without_database()):
            body, code = _api_error(503, 503)
        headers = {}
    else:
        with force_locale(i18n.locale_without_database()):
            body = current_app.jinja_env.get_template("errors/unavailable.html").render(
                title=TITLES[503], explanation=UNAVAILABLE_EXPLANATION,
                unsaved=UNAVAILABLE_UNSAVED, code=503,
                municipality_name=current_app.config["MUNICIPALITY_NAME"],
                locale=i18n.locale_without_database(),
                retry_path=request.full_path.rstrip("?") if request.method == "GET" else None)
        code = 503
        headers = {"Content-Type": "text/html; charset=utf-8"}
    headers.update({"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"})
    return body, code, headers


def _propagating() -> bool:
    configured = current_app.config.get("PROPAGATE_EXCEPTIONS")
    return configured if configured is not None else current_app.testing or current_app.debug


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, CSRF_EXPLANATION)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in (301, 302, 303, 307, 308):
            return error
        return _render(error.code or 500, blocked=isinstance(error, AccountBlocked))

    for unavailable in DATABASE_UNAVAILABLE:
        app.register_error_handler(unavailable, database_unavailable)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        # A database failure outside the view (in an error page, after the
        # request) reaches here wrapped.
        original = getattr(error, "original_exception", None)
        if is_unavailable(original):
            return database_unavailable(original)
        db.session.rollback()
        return _render(500)
