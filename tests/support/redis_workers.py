"""Several app instances ("workers") sharing one Redis for their rate limits, on the suite's
database: what several gunicorn workers or hosts do in production."""

import os
import socket
import uuid
from contextlib import contextmanager

from app import create_app
from app.config import TestingConfig
from app.extensions import db as _db
from app.extensions import limiter

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_answers() -> bool:
    """Whether a Redis server answers on 127.0.0.1:6379. With ``REQUIRE_REDIS=1`` (CI) a
    Redis that does not answer is an error, not a reason to skip the tests that need it."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return True
    except OSError:
        pass
    if os.environ.get("REQUIRE_REDIS") == "1":
        raise RuntimeError("REQUIRE_REDIS=1 but no Redis answers on 127.0.0.1:6379")
    return False


@contextmanager
def redis_workers(app, count: int = 2):
    """``count`` apps whose limiter counts live in Redis under a prefix of their own."""

    class RedisConfig(TestingConfig):
        RATELIMIT_STORAGE_URI = REDIS_URL
        RATELIMIT_KEY_PREFIX = f"lensan-test-{uuid.uuid4().hex}"

    workers = [
        create_app(RedisConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
        for _ in range(count)
    ]
    if app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://":  # share the in-memory database
        with app.app_context():
            engine = _db.engine
        for worker in workers:
            worker.extensions["sqlalchemy"]._app_engines[worker] = {None: engine}
    try:
        yield workers
    finally:
        limiter.reset()
        limiter.init_app(app)  # hand the shared limiter back to the suite's in-memory storage
