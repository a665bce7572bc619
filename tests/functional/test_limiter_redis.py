"""Several workers share login throttling through Redis."""

import pytest

from app.extensions import limiter
from tests.support.redis_workers import redis_answers, redis_workers

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")


def _fail(worker, login):
    return worker.test_client().post("/auth/login", data={"login": login, "password": "x"})


def test_two_workers_count_failed_logins_together(app, officer):
    with redis_workers(app) as workers:
        for i in range(5):
            assert _fail(workers[i % 2], officer.email).status_code == 200
        assert limiter.storage.__class__.__name__.startswith("Redis")
        assert _fail(workers[1], officer.email).status_code == 429
