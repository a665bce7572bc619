"""Short codes an invited person types by hand: 8 characters, read aloud or copied from Zalo.

The alphabet has no letters that look like others (Crockford's base 32: no I, L, O or U), and
the parser forgives how people type: any case, spaces, dashes and dots, a letter O for the
digit 0, I or L for 1, U for V, and the marks a Vietnamese keyboard adds ("đ" for "d").

Pure: no Flask, no database.
"""

import secrets
import unicodedata

from flask_babel import lazy_gettext as _l

from ..rules import RuleError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V", "Đ": "D"})
_SEPARATORS = str.maketrans("", "", " \t\r\n-–—._·/\u00a0\u200b")


def new_code() -> str:
    """A fresh random code (40 bits), without its dash."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """How a code is shown and printed: ``ABCD-EFGH``."""
    return f"{code[:4]}-{code[4:]}"


def parse_code(text: str | None) -> str:
    """The code ``text`` holds, as :func:`new_code` makes it, or RuleError."""
    value = unicodedata.normalize("NFKD", text or "").upper()
    value = "".join(c for c in value if unicodedata.category(c) != "Mn")
    value = value.translate(_LOOK_ALIKES).translate(_SEPARATORS)
    if not value:
        raise RuleError(_l("Enter the code from your invitation."))
    if len(value) != LENGTH or any(c not in ALPHABET for c in value):
        raise RuleError(
            _l("A code has 8 letters and digits, like 7KQM-4XPT. Check it and type it again.")
        )
    return value
