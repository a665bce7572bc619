"""Helpers for the kept-upload tests: the tokens a page carries, old tokens, kept files."""

import html
import re
import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from app import kept_uploads, storage


def tokens(page: str, field: str) -> list[str]:
    """The kept-file tokens the page carries for ``field`` (its hidden inputs)."""
    pattern = rf'<input type="hidden" name="{re.escape(field)}_kept" value="([^"]+)">'
    return [html.unescape(t) for t in re.findall(pattern, page)]


def kept_keys() -> list[str]:
    """Every key under ``kept/`` on the app's storage backend (call in an app context)."""
    return list(storage.backend().written_before(kept_uploads.FOLDER, time.time() + 3600))


def aged(token: str, seconds: int, secret: str) -> str:
    """The same payload as ``token``, signed ``seconds`` ago (as if kept back then)."""

    class Earlier(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    serializer = URLSafeTimedSerializer(secret, salt="kept-upload")
    payload = serializer.loads(token)
    return URLSafeTimedSerializer(secret, salt="kept-upload", signer=Earlier).dumps(payload)
