"""Kept pages and scans across real processes: two gunicorn instances (two hosts) sharing the
database and Redis, where a recall made elsewhere turns both pages red at once; and a web
worker killed outright after its views, whose scans all reach the database."""

import os
import signal
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from app import create_app
from app.config import TestingConfig
from app.extensions import db as _db
from app.models import Batch, BatchStatus, Scan
from tests.support import factories
from tests.support.gunicorn import ROOT, servers
from tests.support.redis_workers import REDIS_URL, redis_answers
from tests.support.trace_page import add_event, make_batch, make_product

CODE = "TLB7DAU"
# A person's phone: requests' own agent is a crawler's, and a crawler's view records no scan.
PHONE = {
    "User-Agent": "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/120.0 Mobile Safari/537.36"
}
pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def shared(app, tmp_path):
    """An app on the database the servers share (the suite's PostgreSQL, or a SQLite file),
    keeping pages with its counters in Redis under a prefix of this test's own, as a host or
    ``flask`` command would; yields it with the batch made."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url == "sqlite://":
        url = f"sqlite:///{tmp_path / 'shared.sqlite'}"

    class Shared(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url
        REDIS_URL = REDIS_URL
        REDIS_PREFIX = f"lensan-test-{uuid.uuid4().hex}:"
        TRACE_CACHE_SECONDS = 600

    other = create_app(Shared, MEDIA_ROOT=str(tmp_path / "media"))
    with other.app_context():
        if url != app.config["SQLALCHEMY_DATABASE_URI"]:  # a SQLite file of this test's own
            _db.create_all()
        coop = factories.CooperativeFactory(province_code=8, commune_code=2266)
        batch = make_batch(make_product(coop), public_code=CODE)
        add_event(batch, "harvest", 20, details={"quantity": "1250", "unit": "kg"})
        _db.session.commit()
        yield other
        redis = other.extensions["page_generations"].redis
        for key in redis.scan_iter(Shared.REDIS_PREFIX + "*"):
            redis.delete(key)
        _db.session.remove()
        _db.engine.dispose()


@contextmanager
def gunicorn(shared, tmp_path, workers: int = 1, hosts: int = 1, **env):
    """``hosts`` × ``gunicorn -w <workers>`` (tests/support/gunicorn.py) configured from the
    environment as a deployment is, on the shared database and Redis, started together;
    yields the servers."""
    config = shared.config
    settings = {
        "LENSAN_ENV": "development",
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": config["SECRET_KEY"],
        "MEDIA_ROOT": str(tmp_path / "media"),
        "REDIS_URL": config["REDIS_URL"],
        "REDIS_PREFIX": config["REDIS_PREFIX"],
        "JOBS": "inline",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": "1",
        "PROMETHEUS_MULTIPROC_DIR": None,
        **env,
    }
    with servers(settings, tmp_path, hosts) as started:
        yield started


def test_a_recall_turns_every_hosts_page_red_at_once(shared, tmp_path):
    with gunicorn(shared, tmp_path, hosts=2) as [host_a, host_b]:
        a, b = host_a.url, host_b.url
        for base in (a, b, a, b):  # each host renders, keeps, then serves its kept page
            response = requests.get(f"{base}/t/{CODE}", timeout=10)
            assert response.status_code == 200 and "recall-banner" not in response.text
        etag = response.headers["ETag"]
        kept = requests.get(f"{b}/t/{CODE}", headers={"If-None-Match": etag}, timeout=10)
        assert kept.status_code == 304
        batch = _db.session.execute(_db.select(Batch).filter_by(public_code=CODE)).scalar_one()
        batch.status = BatchStatus.RECALLED
        batch.recall_reason = "Nhãn in sai hạn dùng"
        _db.session.commit()  # as the recall form or a command does, on a third process
        for base in (b, a):
            changed = requests.get(f"{base}/t/{CODE}", headers={"If-None-Match": etag}, timeout=10)
            assert changed.status_code == 200 and "recall-banner" in changed.text


def _worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def test_scans_outlive_a_killed_worker(shared, tmp_path):
    views = 25
    with gunicorn(shared, tmp_path, SCAN_FLUSH_SECONDS="3600") as [server]:
        for _ in range(views):
            page = requests.get(f"{server.url}/t/{CODE}", headers=PHONE, timeout=10)
            assert page.status_code == 200
        (worker,) = _worker_pids(server.process.pid)
        os.kill(worker, signal.SIGKILL)  # no atexit, no flush: what a crash or the OOM killer does
    redis = shared.extensions["page_generations"].redis
    assert redis.llen(shared.config["REDIS_PREFIX"] + "scans") == views  # all waiting in Redis
    env = dict(
        os.environ,
        LENSAN_ENV="development",
        DATABASE_URL=shared.config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY=shared.config["SECRET_KEY"],
        REDIS_URL=REDIS_URL,
        REDIS_PREFIX=shared.config["REDIS_PREFIX"],
        FLASK_APP="wsgi",
    )
    done = subprocess.run(
        [sys.executable, "-m", "flask", "scans", "drain"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"{views} scans written" in done.stdout
    _db.session.rollback()
    assert _db.session.execute(_db.select(_db.func.count(Scan.id))).scalar_one() == views
