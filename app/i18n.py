"""Language choice and Vietnamese-first formatting of dates and money."""

from datetime import date, datetime
from decimal import Decimal

from flask import current_app, g, has_request_context, request, session
from flask_babel import (
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
    get_translations,
)
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import escape

DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "d MMM yyyy"}
DATETIME_PATTERNS = {"vi": "HH:mm dd/MM/yyyy", "en": "d MMM yyyy, HH:mm"}

# Flask-Babel's lazy strings declare themselves safe HTML (``__html__`` returns the raw text),
# so a template would print ``_l("Unknown “%(name)s”", name=<user text>)`` unescaped. Our
# messages never carry markup: make lazy strings escape like any other text.
LazyString.__html__ = lambda self: str(escape(str(self)))


def request_translations():
    """The request's catalogue, looked up once per request. Flask-Babel's template callables
    look it up on every ``_()`` (locale, identifier, cache: a fifth of a page's rendering)."""
    if not has_request_context():
        return get_translations()  # the CLI may switch language with force_locale
    found = g.get("_translations")
    if found is None:
        found = g._translations = get_translations()
    return found


def install_template_gettext(app) -> None:
    """Templates' ``_()``, ``ngettext()``… through :func:`request_translations`; same
    behaviour (newstyle: autoescaped, %-formatted), less lookup."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def select_locale() -> str:
    """``?lang=`` on public pages, then the session's choice, the user's, then Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    for candidate in (
        request.args.get("lang"),
        session.get("lang"),
        getattr(current_user, "locale", None) if current_user else None,
    ):
        if isinstance(candidate, str) and candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """ "vi" or "en" for this request (asked of Flask-Babel once per request)."""
    if not has_request_context():
        return str(get_locale() or "vi")
    found = g.get("_language")
    if found is None:
        found = g._language = str(get_locale() or "vi")
    return found


def vnd(amount: int | None) -> str:
    """120000 -> "120.000 ₫" (Vietnamese) or "₫120,000" (English)."""
    if amount is None:
        return ""
    return format_currency(int(amount), "VND")


def fmt_decimal(value: Decimal | None) -> str:
    """Decimal("1250.500") -> "1.250,5" (Vietnamese) or "1,250.5" (English); "" for None."""
    if value is None:
        return ""
    return format_decimal(value.normalize() if isinstance(value, Decimal) else value)


def fmt_date(value: date | datetime | None) -> str:
    """22/11/2026 in Vietnamese, 22 Nov 2026 in English."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    language = current_language()
    if language == "vi":  # digits only: no need for Babel's pattern machinery (hot on pages)
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return format_date(value, DATE_PATTERNS.get(language, "dd/MM/yyyy"))


def fmt_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value, DATETIME_PATTERNS.get(current_language(), "HH:mm dd/MM/yyyy"))


class LocalNumber:
    """A number in a lazy message, formatted in the reader's language when the message is
    shown ("100.000" in Vietnamese, "100,000" in English); ``pattern`` as Babel's."""

    def __init__(self, value, pattern: str | None = None):
        self.value, self.pattern = value, pattern

    def __str__(self) -> str:
        from flask_babel import format_decimal

        return format_decimal(self.value, self.pattern)
