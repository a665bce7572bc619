"""Answers when a code cannot be resolved: a plain page for people, problem+json for programs.

400 for a code that is not a valid GS1 Digital Link (it never will be: cached for a day), 404 for
a valid one that names nothing we know (it may appear later: cached for a minute). Never a 200.
"""

import json

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l

from ..gs1 import Problem

EXPLANATIONS = {
    Problem.SHAPE: _l(
        "This address is not a valid GS1 Digital Link. It should be /01/ and the product number "
        "(GTIN), then optionally /10/ and the batch code, then /21/ and a serial number."
    ),
    Problem.GTIN_FORMAT: _l("The product number (GTIN) after /01/ must be 8, 12, 13 or 14 digits."),
    Problem.GTIN_CHECK_DIGIT: _l(
        "The last digit of the product number (GTIN) does not match the others: the number was "
        "probably mistyped or misprinted."
    ),
    Problem.UNKNOWN_QUALIFIER: _l(
        "After the product number only /22/ (variant), /10/ (batch code) and /21/ (serial "
        "number) may follow."
    ),
    Problem.QUALIFIER_ORDER: _l(
        "The parts of this address are in the wrong order or repeated: the batch code (/10/) "
        "comes before the serial number (/21/), each at most once."
    ),
    Problem.CPV: _l("The product variant after /22/ is not valid."),
    Problem.LOT: _l(
        "The batch code after /10/ is not valid: it must have 1 to 20 characters, using only "
        "letters without accents, digits and the symbols GS1 allows (such as - . / _)."
    ),
    Problem.SERIAL: _l(
        "The serial number after /21/ is not valid: it must have 1 to 20 characters, using only "
        "letters without accents, digits and the symbols GS1 allows (such as - . / _)."
    ),
    Problem.TPX: _l("The code after /235/ is not valid."),
}
TITLES = {400: _l("This code is not valid"), 404: _l("Code not found")}
MAX_AGE = {400: 86400, 404: 60}


def wants_json() -> bool:
    """Whether the client prefers JSON (problem+json, linkset) to an HTML page."""
    best = request.accept_mimetypes.best_match(
        ["text/html", "application/problem+json", "application/json", "application/linkset+json"]
    )
    return best not in (None, "text/html")


def problem_response(
    status: int, message, *, code: str, detail: str = "", more_href: str | None = None, more=None
) -> Response:
    """The error answer: ``message`` in the user's language; ``detail`` is technical English."""
    path = request.path
    if wants_json():
        body = {
            "type": "about:blank",
            "title": str(TITLES[status]),
            "status": status,
            "detail": str(message),
            "instance": path,
            "code": code,
        }
        if detail:
            body["reason"] = detail
        response = Response(
            json.dumps(body, ensure_ascii=False), status, mimetype="application/problem+json"
        )
    else:
        html = render_template(
            "resolver/problem.html",
            title=TITLES[status],
            message=message,
            path=path,
            more_href=more_href,
            more=more,
        )
        response = Response(html, status, mimetype="text/html")
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE[status]
    return response
