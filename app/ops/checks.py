"""Readiness checks: does each service the app needs answer? Each returns None or a reason."""

from flask import current_app
from sqlalchemy import text

from .. import storage
from ..extensions import db


def check_database() -> str | None:
    db.session.execute(text("SELECT 1"))
    return None


def check_redis() -> str | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    import redis

    client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return None


def check_storage() -> str | None:
    """The media folder exists and the app may write to it, or the bucket answers
    (app/storage.py)."""
    return storage.problem()


CHECKS = {"database": check_database, "redis": check_redis, "storage": check_storage}


def readiness() -> dict[str, str]:
    """``{name: "ok" | "skipped" | "failed"}``; reasons go to the log, not to the answer."""
    results = {}
    for name, check in CHECKS.items():
        if name == "redis" and not current_app.config.get("REDIS_URL"):
            results[name] = "skipped"
            continue
        try:
            reason = check()
        except Exception:
            current_app.logger.exception("readiness check %s failed", name)
            results[name] = "failed"
            if name == "database":
                db.session.rollback()
            continue
        if reason:
            current_app.logger.error("readiness check %s failed: %s", name, reason)
        results[name] = "failed" if reason else "ok"
    return results
