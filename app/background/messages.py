"""Jobs' words for people, stored in no language and read in the reader's.

A job's failure reason and its report lines are written once, by a worker that has no reader,
and read later by anyone, in Vietnamese or English. So they are stored as what was meant,
not as text: a lazy message (``_l("… %(name)s …", name=…)``) becomes its English msgid and
its parameters, ``{"msgid": …, "params": {…}}`` (``"plural"`` and ``"n"`` for a plural
message; a parameter may be a message itself), a :class:`~app.i18n.LocalNumber` becomes
``{"number": …}``, a list of messages is read joined by spaces, and text that is in no
catalogue (a partner's answer, an exception's words) stays as it is, ``{"text": …}``.

:func:`read` turns a stored value back into text with gettext, in the current language.
Rows written before (plain text, in Vietnamese) read as they are: a tolerant reader, so
no data migration is needed.
"""

import json
from decimal import Decimal
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as translate  # (names the extractor leaves alone: these
from flask_babel import ngettext as translate_plural  # msgids are data, not literals)
from flask_babel.speaklater import LazyString

from ..i18n import LocalNumber

Stored = Any  # what JSON holds: dict, list, str, int, float
TEXT_MAX = 500  # characters of one text or parameter kept (a partner's page, a traceback)


def neutral(message: Any) -> Stored:
    """``message`` (a lazy message, a number, a list of them, or text) as plain JSON."""
    if isinstance(message, LazyString):
        return _lazy(message)
    if isinstance(message, LocalNumber):
        value = message.value if isinstance(message.value, int) else str(message.value)
        return {"number": value, "pattern": message.pattern}
    if isinstance(message, list | tuple):
        return [neutral(m) for m in message]
    if isinstance(message, bool):
        return str(message)
    if isinstance(message, int | float):
        return message
    return {"text": str(message)[:TEXT_MAX]}


def _lazy(message: LazyString) -> Stored:
    function = getattr(message._func, "__name__", "")
    args, params = message._args, message._kwargs or {}
    stored = {"params": {name: _param(value) for name, value in params.items()}}
    if function == "gettext" and len(args) == 1:
        return {"msgid": args[0], **stored}
    if function == "ngettext" and len(args) == 3:
        return {"msgid": args[0], "plural": args[1], "n": args[2], **stored}
    return {"text": str(message)[:TEXT_MAX]}  # another kind of lazy text: as it reads now


def _param(value: Any) -> Stored:
    """A parameter: text and numbers as they are (``%(x)d`` needs a number), messages neutral."""
    if isinstance(value, str):
        return value[:TEXT_MAX]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutral(value)


def read(stored: Stored) -> str:
    """A stored value as text in the current language; older plain text as it is."""
    if stored is None:
        return ""
    if isinstance(stored, str):
        return stored
    if isinstance(stored, int | float):
        return format_decimal(stored)
    if isinstance(stored, list):
        return " ".join(text for text in (read(m) for m in stored) if text)
    if isinstance(stored, dict):
        return _read_dict(stored)
    return str(stored)


def _read_dict(stored: dict) -> str:
    if "msgid" in stored:
        params = {name: _read_param(value) for name, value in stored.get("params", {}).items()}
        try:
            if "plural" in stored:
                n = int(stored["n"])
                return translate_plural(stored["msgid"], stored["plural"], n, **params)
            return translate(stored["msgid"], **params)
        except (KeyError, TypeError, ValueError):  # parameters that no longer fit the msgid
            return str(stored["msgid"])
    if "number" in stored:
        return str(_number(stored))
    return str(stored.get("text", ""))


class _LocalInt(int):
    """A whole number that reads in the reader's language ("5.000", "5,000") as ``%(n)s``
    and is still a number for ``%(n)d``."""

    pattern: str | None = None

    def __str__(self) -> str:
        return format_decimal(int(self), self.pattern)


def _number(stored: dict) -> Any:
    value = stored["number"]
    if isinstance(value, int):
        number = _LocalInt(value)
        number.pattern = stored.get("pattern")
        return number
    return format_decimal(Decimal(str(value)), stored.get("pattern"))


def _read_param(value: Stored) -> Any:
    if isinstance(value, dict) and "number" in value:
        return _number(value)
    return value if isinstance(value, str | int | float) else read(value)


def dump(message: Any) -> str:
    """``message`` for a text column (a job's ``error``): its neutral form as JSON."""
    return json.dumps(neutral(message), ensure_ascii=False)


def load(text: str | None) -> str:
    """A text column written by :func:`dump` read in the current language; a row written
    before, in Vietnamese, as it is."""
    if not text:
        return ""
    if text.startswith("{") or text.startswith("["):
        try:
            return read(json.loads(text))
        except ValueError:
            pass
    return text
