"""Cheap password hashes for the test run.

The app hashes with Werkzeug's default (scrypt, about a quarter of a second a hash on the test
machine), and nearly every functional test makes a user and signs in: two hashes each. The
tests check who may sign in, not how hard a hash is to crack, so they hash with one round of
PBKDF2; ``check_password_hash`` reads the method from each hash, so nothing else changes."""

import functools

from werkzeug import security

CHEAP = "pbkdf2:sha256:1"


def use_cheap_hashes() -> None:
    """Make ``werkzeug.security.generate_password_hash`` default to ``CHEAP`` for this process."""
    real = security.generate_password_hash
    if isinstance(real, functools.partial):
        return
    security.generate_password_hash = functools.partial(real, method=CHEAP)
