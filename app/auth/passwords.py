"""How strong a new password must be, with a message that says what to change.

At least 8 characters; not only digits unless it is long (a phone-style PIN is guessed
first); not one repeated character or a run like "12345678"; not a well-known password;
and not the person's own phone number, email or name. Pure: no Flask, no database.
"""

import unicodedata

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 200
_COMMON = {
    "password", "password1", "password123", "matkhau", "matkhau1", "matkhau123", "12345678",
    "123456789", "1234567890", "87654321", "11111111", "88888888", "66668888", "abc12345",
    "abcd1234", "qwerty123", "qwertyui", "iloveyou", "anhyeuem", "yeuemmai", "admin123",
    "lensan123", "lensan2026", "hoptacxa", "htx12345", "vietnam1", "vietnam123",
}  # fmt: skip
_RUNS = ("0123456789", "9876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def _is_run(text: str) -> bool:
    return len(set(text)) == 1 or any(text in run for run in _RUNS)


def password_problem(password: str, personal: tuple[str | None, ...] = ()):
    """Why ``password`` is too weak (a lazy message), or None when it will do. ``personal``
    holds the person's phone, email and name, none of which may be the password."""
    if len(password) < MIN_LENGTH:
        return _l("The password needs at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("At most %(max)d characters.", max=MAX_LENGTH)
    folded = _fold(password)
    compact = "".join(folded.split())
    if compact.isdigit() and len(compact) < 12:
        return _l("A password of digits only is guessed quickly: add letters, or use 12 digits.")
    if _is_run(compact) or compact in _COMMON:
        return _l("This password is among the first ones an attacker tries. Choose another.")
    for value in personal:
        mine = "".join(_fold(value or "").split())
        if len(mine) >= 4 and (compact == mine or compact in mine or mine.split("@")[0] == compact):
            return _l("The password must not be your phone number, email or name.")
    return None
