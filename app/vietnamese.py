"""Text that is always in Vietnamese, whatever the reader's language: marketplace listings,
the import template's lists, the words a product search finds.

Pure: Babel's Vietnamese catalogue, no Flask. Messages are written as usual (``_l("…")``, English
msgids, extracted like any other); these functions read them in Vietnamese.
"""

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations


@cache
def catalogue() -> NullTranslations:
    """The Vietnamese catalogue, loaded once per process."""
    return Translations.load(str(Path(__file__).resolve().parent / "translations"), ["vi"])


def msgid_of(message) -> str:
    """The English text (msgid) of a lazy message, whatever the current language."""
    args = getattr(message, "_args", None)
    return args[0] if args else str(message)


def gettext(msgid: str, **params) -> str:
    """``msgid`` in Vietnamese, %-formatted with ``params`` when there are any."""
    text = catalogue().ugettext(msgid)
    return text % params if params else text


def in_vietnamese(message) -> str:
    """A lazy message (with its parameters, lazy ones in Vietnamese too) in Vietnamese; plain
    text as it is."""
    args = getattr(message, "_args", None)
    if not args:
        return str(message)
    params = getattr(message, "_kwargs", None) or {}
    params = {k: in_vietnamese(v) if getattr(v, "_args", None) else v for k, v in params.items()}
    return gettext(args[0], **params)
