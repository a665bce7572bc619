"""Error pages: every failure answers with a clear page, in the user's language."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Not allowed"), _l("Your account may not open this page.")),
    404: (_l("Page not found"), _l("There is no page at this address. Check the link or go back.")),
    405: (_l("Not allowed"), _l("This page does not accept that kind of request.")),
    413: (_l("File too large"), _l("The file or form you sent is too large.")),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts in a short time. Wait a few minutes, then try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error happened. Nothing was saved; try again later."),
    ),
}
CSRF_MESSAGE = (
    _l("Form expired"),
    _l("This form has expired or did not come from this site. Reload the page and send it again."),
)


def _page(code: int, title, message):
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_http(error: HTTPException):
    code = error.code or 500
    title, message = MESSAGES.get(code, (error.name, error.description))
    return _page(code, title, message)


def handle_csrf(error: CSRFError):
    return _page(400, *CSRF_MESSAGE)


def handle_unexpected(error: Exception):
    db.session.rollback()
    if isinstance(error, HTTPException):
        return handle_http(error)
    return _page(500, *MESSAGES[500])


def register(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
