"""Sign-in throttling by address, by account and by known device.

Counts live in Flask-Limiter's storage (``memory://``, or Redis with ``REDIS_URL``), so the
workers of a deployment share them. Only failed password checks count.

- **Unknown device**: ``LOGIN_RATE_LIMIT`` per address and ``LOGIN_ACCOUNT_RATE_LIMIT`` per
  account. The account is the user the login resolves to (any way of writing the phone or
  email) or, when none matches, the normalised login itself. Past the account limit, unknown
  devices get one try per ``LOGIN_BACKOFF_SECONDS`` (counted from the last failure) instead
  of waiting for the hour's limit to pass: once an attacker stops, the owner is in within a
  minute, and from a known device at once.
- **Known device** (a browser holding a signed cookie from an earlier sign-in to this very
  account): only its own ``LOGIN_RATE_LIMIT``; the address and account counts do not apply,
  so a phone its owner signs in with keeps working while the account is under attack.
"""

import secrets
import time
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, RateLimitItemPerSecond, parse_many

from ..extensions import limiter

DEVICE_COOKIE = "lensan_device"
_DEVICE_SALT = "lensan-known-device"


@dataclass(frozen=True)
class Attempt:
    """Who is trying: the client's address, the account key and a known device's id."""

    address: str
    account: str
    device: str | None = None


class TooManyAttempts(Exception):
    """The attempt is refused before any password check; retry after ``seconds``."""

    def __init__(self, seconds: int, known_device: bool):
        super().__init__(seconds)
        self.seconds = max(1, seconds)
        self.known_device = known_device


def _key(*parts: str) -> list[str]:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    return [prefix, "signin", *parts] if prefix else ["signin", *parts]


def _items(setting: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[setting])


def _wait(item: RateLimitItem, key: list[str]) -> int:
    return int(limiter.limiter.get_window_stats(item, *key).reset_time - time.time()) + 1


def _over(setting: str, key: list[str]) -> int | None:
    """Seconds until the first exhausted limit of ``setting`` for ``key`` frees, or None."""
    strategy = limiter.limiter
    for item in _items(setting):
        if not strategy.test(item, *key):
            return _wait(item, key)
    return None


def check(attempt: Attempt) -> None:
    """Raise :class:`TooManyAttempts` when ``attempt`` may not have its password checked."""
    if attempt.device:
        wait = _over("LOGIN_RATE_LIMIT", _key("device", attempt.device))
        if wait is not None:
            raise TooManyAttempts(wait, known_device=True)
        return
    wait = _over("LOGIN_RATE_LIMIT", _key("address", attempt.address))
    if wait is not None:
        raise TooManyAttempts(wait, known_device=False)
    if _over("LOGIN_ACCOUNT_RATE_LIMIT", _key("account", attempt.account)) is not None:
        gate, key = _backoff(attempt)
        if not limiter.limiter.hit(gate, *key):
            raise TooManyAttempts(_wait(gate, key), known_device=False)


def _backoff(attempt: Attempt) -> tuple[RateLimitItem, list[str]]:
    """The account's back-off: one unknown-device try per window, a window opened by each
    failure (so the first try after the limit waits out the back-off too)."""
    gate = RateLimitItemPerSecond(1, current_app.config["LOGIN_BACKOFF_SECONDS"])
    return gate, _key("backoff", attempt.account)


def record_failure(attempt: Attempt) -> None:
    """Count a wrong password against the device, or against the address and the account."""
    strategy = limiter.limiter
    if attempt.device:
        for item in _items("LOGIN_RATE_LIMIT"):
            strategy.hit(item, *_key("device", attempt.device))
        return
    for item in _items("LOGIN_RATE_LIMIT"):
        strategy.hit(item, *_key("address", attempt.address))
    for item in _items("LOGIN_ACCOUNT_RATE_LIMIT"):
        strategy.hit(item, *_key("account", attempt.account))
    gate, key = _backoff(attempt)
    strategy.hit(gate, *key)


# --- The known-device cookie ------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_DEVICE_SALT)


def read_device(cookie: str | None) -> tuple[int, str] | None:
    """(user id, device id) from a known-device cookie this site signed, while still valid."""
    if not cookie or len(cookie) > 300:
        return None
    max_age = current_app.config["KNOWN_DEVICE_DAYS"] * 86400
    try:
        user_id, device = _serializer().loads(cookie, max_age=max_age)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(device, str):
        return None
    return user_id, device


def device_cookie(user_id: int, previous: tuple[int, str] | None) -> str:
    """The cookie value that makes this browser known to ``user_id`` (same device id when it
    was known to that account already)."""
    device = previous[1] if previous and previous[0] == user_id else secrets.token_urlsafe(12)
    return _serializer().dumps([user_id, device])


def set_device_cookie(response, value: str) -> None:
    """Attach the known-device cookie: long-lived, HTTP only, sent to the sign-in pages only."""
    config = current_app.config
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=config["KNOWN_DEVICE_DAYS"] * 86400,
        path="/auth/",
        secure=bool(config.get("REMEMBER_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )


# --- Codes typed by hand and password-reset requests --------------------------------------------


def wait_for(kind: str, *parts: str) -> int | None:
    """Seconds before ``kind`` may be tried again by ``parts`` (an address, an account), or
    None; counted by :func:`spend` under ``LOGIN_RATE_LIMIT``, like failed sign-ins."""
    return _over("LOGIN_RATE_LIMIT", _key(kind, *parts))


def spend(kind: str, *parts: str) -> None:
    """Count one try of ``kind`` (a wrong invitation code, a reset asked for)."""
    for item in _items("LOGIN_RATE_LIMIT"):
        limiter.limiter.hit(item, *_key(kind, *parts))
