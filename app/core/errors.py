"""Error pages in the user's language, JSON for API clients."""

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

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
CSRF_EXPLANATION = _l("The form had expired. Go back, reload the page and try again.")


def _render(code: int, explanation=None):
    # Keep the real status (e.g. 416 for a bad Range header); only the wording
    # falls back to the general client or server error.
    known = code if code in TITLES else (400 if 400 <= code < 500 else 500)
    if request.path.startswith("/api/"):
        return {"error": {"status": code, "message": str(TITLES[known])}}, code
    return render_template(
        "errors/error.html",
        code=code,
        title=TITLES[known],
        explanation=explanation or EXPLANATIONS[known],
    ), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, CSRF_EXPLANATION)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in (301, 302, 303, 307, 308):
            return error
        return _render(error.code or 500)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return _render(500)
