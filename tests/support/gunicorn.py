"""Live gunicorn servers for the tests: the app as production serves it
(``gunicorn -c deploy/gunicorn.conf.py wsgi:app``), on a free loopback port, configured
through the environment only."""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests

from tests.support.redis_workers import REDIS_URL
from tests.support.s3 import free_port

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60  # a busy machine may take a while to import the app in every worker


class Gunicorn:
    """One gunicorn master and its workers; :attr:`url` once :meth:`wait_ready` returns.
    ``env`` changes this process's environment (GUNICORN_WORKERS, DATABASE_URL, ...; None
    removes a variable); the server's output goes to ``log`` for a failing test to show."""

    def __init__(self, env: dict[str, str | None], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        environment = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        environment = {name: value for name, value in environment.items() if value is not None}
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT,
                env=environment,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self) -> None:
        """Wait until ``/healthz`` answers 200 (or fail with the server's last words)."""
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError(f"gunicorn did not answer:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def servers(env: dict[str, str | None], folder: Path, count: int = 1) -> Iterator[list[Gunicorn]]:
    """``count`` gunicorn servers with the same settings ``env``, started together (one
    start-up waited for, not ``count``), their logs in ``folder``; stopped after."""
    with ExitStack() as stack:
        started = []
        for _ in range(count):
            server = Gunicorn(env, folder / f"gunicorn-{uuid.uuid4().hex}.log")
            stack.callback(server.stop)
            started.append(server)
        for server in started:
            server.wait_ready()
        yield started


@contextmanager
def gunicorns(env: dict[str, str | None], folder: Path, count: int = 1) -> Iterator[list[str]]:
    """As :func:`servers`, yielding their base URLs."""
    with servers(env, folder, count) as started:
        yield [server.url for server in started]


def production_env(jobs_app, media_root: Path, **extra: str | None) -> dict[str, str | None]:
    """Settings for gunicorn serving what ``jobs_app`` (tests/support/jobs.py ``rq_app``)
    uses (its database, its queue, its media settings) the way a host runs it: the
    development config read from the environment, CSRF checked, its own ``media_root``."""
    names = ("STORAGE", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "JOBS_QUEUE")
    worker_env = jobs_app.config["TEST_WORKER_ENV"]
    env: dict[str, str | None] = {name: worker_env.get(name) for name in names}
    env |= {
        "LENSAN_ENV": "development",
        "DATABASE_URL": jobs_app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "one-secret-for-every-host",
        "MEDIA_ROOT": str(media_root),
        "REDIS_URL": REDIS_URL,
        "JOBS": "rq",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "1",
        "PROMETHEUS_MULTIPROC_DIR": None,
    }
    return env | extra
