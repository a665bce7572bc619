"""The secrets of invitations and resets: made here, stored only as keyed hashes."""

import hashlib
import hmac
import secrets

from flask import current_app


def new_token() -> str:
    """A link's secret: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """HMAC-SHA256 of ``secret`` under the app's SECRET_KEY (a stolen database alone does not
    let anyone try the short codes offline)."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()
