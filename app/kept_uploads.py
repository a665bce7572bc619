"""Files chosen on a form that then failed: kept on the server for a while, never lost.

A phone user who chose a photo or a scan and then mistyped a date should not have to pick the
file again. When such a form is shown again, each chosen file that passed the same checks as a
direct upload (its size, and :func:`app.uploads.sniff`: its real type and decoding limits) is
stored privately under ``kept/`` through the app's storage (local folder or S3) and named by a
signed token: the storage key, the file's name and size, bound to the user and to the form (its
class and address). The page carries the token in a hidden field and shows the file as chosen.

When the form comes back, the token is checked (signature, user, form, age: at most
``MAX_AGE``) and the kept bytes stand in for the upload, so every check of a direct upload runs
on them again. When the form succeeds, every kept file it carried is deleted: a token works
once. Kept files nobody came back for are swept after ``MAX_AGE`` (on every keep, and with
``flask media sweep-kept``).
"""

import contextlib
import io
import os
import secrets
import time
import unicodedata
from dataclasses import dataclass

from flask import current_app
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.datastructures import FileStorage

from . import storage
from .uploads import UploadError, sniff

FOLDER = "kept"  # private: not in storage.PUBLIC_FOLDERS
MAX_AGE = 2 * 60 * 60  # seconds a kept file and its token live
MAX_TOKEN_LENGTH = 1000
NAME_MAX = 120
_SALT = "kept-upload"
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

MESSAGES = {
    "expired": _l(
        "The file chosen earlier was kept for 2 hours only and has expired. Choose it again."
    ),
    "invalid": _l("The file chosen earlier cannot be used on this form. Choose it again."),
    "gone": _l(
        "The file chosen earlier is no longer kept (it was saved already). Choose it again."
    ),
}


class KeptError(ValueError):
    """A token that cannot be used: ``code`` is ``expired``, ``invalid`` or ``gone``."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self):
        return MESSAGES[self.code]


@dataclass(frozen=True)
class Kept:
    """One kept file: its token, storage key, the name it was chosen under, its size."""

    token: str
    key: str
    name: str
    size: int

    def read(self) -> bytes:
        try:
            return storage.read(self.key)
        except OSError:
            raise KeptError("gone") from None

    def upload(self) -> FileStorage:
        """The kept bytes as an upload, for the form's own checks to judge again."""
        return FileStorage(io.BytesIO(self.read()), filename=self.name, name=None)

    @property
    def size_text(self) -> str:
        """The size as people read it: "1,2 MB", "350 KB"."""
        if self.size >= 1024 * 1024:
            return f"{format_decimal(round(self.size / (1024 * 1024), 1))} MB"
        return f"{format_decimal(max(1, round(self.size / 1024)))} KB"


def display_name(name: object) -> str:
    """A chosen file's name, safe to show and store: its last path part, NFC, no control
    characters, at most ``NAME_MAX`` characters ("" when nothing is left)."""
    text = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/")
    text = os.path.basename(text)
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    return text.strip()[:NAME_MAX].strip()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _new_key(ext: str) -> str:
    """A fresh key in the content-key layout (so the sweep finds it), random, never reused."""
    digest = secrets.token_hex(32)
    return f"{FOLDER}/{digest[:2]}/{digest}.{ext}"


def judge(data: bytes, max_bytes: int, allow_pdf: bool) -> str | None:
    """The extension to keep ``data`` under, or None when a direct upload would be refused."""
    if not data or len(data) > max_bytes:
        return None
    try:
        mime, ext = sniff(data, allow_pdf=allow_pdf)
    except UploadError:
        return None
    return _EXTENSIONS.get(mime, ext)


def keep(data: bytes, name: str, ext: str, scope: str) -> Kept:
    """Store ``data`` (already judged) for ``scope`` (user and form); its token."""
    sweep()
    key = _new_key(ext)
    storage.put(key, data)
    shown = display_name(name) or f"file.{ext}"
    token = _serializer().dumps({"k": key, "n": shown, "s": len(data), "f": scope})
    return Kept(token, key, shown, len(data))


def load(token: object, scope: str) -> Kept:
    """The kept file a token names, for this scope only; KeptError otherwise."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise KeptError("invalid")
    try:
        payload = _serializer().loads(token, max_age=MAX_AGE)
    except SignatureExpired:
        raise KeptError("expired") from None
    except BadSignature:
        raise KeptError("invalid") from None
    if not isinstance(payload, dict) or payload.get("f") != scope:
        raise KeptError("invalid")
    key, name, size = payload.get("k"), payload.get("n"), payload.get("s")
    if not (
        storage.is_valid_key(key)
        and key.startswith(f"{FOLDER}/")
        and isinstance(name, str)
        and isinstance(size, int)
    ):
        raise KeptError("invalid")
    if not storage.exists(key):
        raise KeptError("gone")
    return Kept(token, key, name, size)


def discard(kept: Kept) -> None:
    """Delete a kept file (used, or let go of)."""
    with contextlib.suppress(OSError, ValueError):
        storage.delete(kept.key)


def sweep(now: float | None = None) -> int:
    """Delete kept files older than ``MAX_AGE`` (their tokens have expired); how many."""
    return storage.sweep(FOLDER, (time.time() if now is None else now) - MAX_AGE)
