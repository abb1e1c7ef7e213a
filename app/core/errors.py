"""Error pages in the user's language, JSON for API clients."""

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core.permissions import AccountBlocked
from app.extensions import db

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
}
CSRF_EXPLANATION = _l("The form had expired. Go back, reload the page and try again.")
BLOCKED_TITLE = _l("Your account is blocked")


def _render(code: int, explanation=None, blocked: bool = False):
    # Keep the real status (e.g. 416 for a bad Range header); only the wording
    # falls back to the general client or server error.
    known = code if code in TITLES else (400 if 400 <= code < 500 else 500)
    if request.path.startswith("/api/"):
        return {"error": {"code": API_CODES.get(known, "error"), "status": code,
                          "message": str(API_MESSAGES.get(known, TITLES[known]))}}, code
    return render_template(
        "errors/error.html",
        code=code,
        title=BLOCKED_TITLE if blocked else TITLES[known],
        explanation=explanation or EXPLANATIONS[known],
        block_explained=blocked,
    ), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, CSRF_EXPLANATION)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in (301, 302, 303, 307, 308):
            return error
        return _render(error.code or 500, blocked=isinstance(error, AccountBlocked))

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return _render(500)
