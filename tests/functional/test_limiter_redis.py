"""Several workers share login throttling through Redis."""

import socket
import uuid

import pytest

from app import create_app
from app.config import TestingConfig
from app.extensions import db as _db
from app.extensions import limiter


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis answers on 127.0.0.1:6379")


def test_two_workers_count_failed_logins_together(app, officer):
    url = "redis://127.0.0.1:6379/0"

    class RedisConfig(TestingConfig):
        RATELIMIT_STORAGE_URI = url
        RATELIMIT_KEY_PREFIX = f"lensan-test-{uuid.uuid4().hex}"

    workers = [
        create_app(RedisConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
        for _ in range(2)
    ]
    if app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://":
        with app.app_context():
            engine = _db.engine
        for worker in workers:
            worker.extensions["sqlalchemy"]._app_engines[worker] = {None: engine}
    try:
        for i in range(5):
            client = workers[i % 2].test_client()
            assert (
                client.post(
                    "/auth/login", data={"login": officer.email, "password": "x"}
                ).status_code
                == 200
            )
        assert limiter.storage.__class__.__name__.startswith("Redis")
        blocked = (
            workers[1]
            .test_client()
            .post("/auth/login", data={"login": officer.email, "password": "x"})
        )
        assert blocked.status_code == 429
    finally:
        limiter.reset()
        limiter.init_app(app)  # hand the shared limiter back to the suite's in-memory storage
