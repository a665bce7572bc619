"""The server the trace bench measures: gunicorn as deploy/ runs it, on a free local port.

``gunicorn -c deploy/gunicorn.conf.py`` with ``LENSAN_ENV=production`` (JSON logs, metrics in
a multiprocess folder, the page cache and scan batching at their defaults), two workers
(``BENCH_WORKERS``) on 127.0.0.1, and Redis when one answers at ``BENCH_REDIS_URL``. Worker
recycling (the config's ``max_requests = 2000``) is off (``BENCH_MAX_REQUESTS=0``): at the
rates measured here it would restart each worker every few seconds, which production at a
province's rates does about once an hour.

Each worker listens on a socket of its own (``--reuse-port``): the kernel spreads wrk's 32
connections across the workers, as many phones' connections spread. On the one socket they
share otherwise, whichever worker wakes first accepts them: in 5 wrk runs of 11 (1,000,000-batch
SQLite database, 3 December 2026) all 32 landed on one worker, and the run measured one worker
of two whatever the workload (304s at 700-800 req/s, p50 42-45 ms, against 1,750-1,950 req/s,
p50 16-25 ms, when both had connections; with ``--reuse-port``, 1,830-1,920 in every run).
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
# The bench's own Redis database: emptied before each server starts, so no page cached by an
# earlier run is served.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
MAX_REQUESTS = os.environ.get("BENCH_MAX_REQUESTS", "0")
# Settings the bench leaves at the app's defaults, whatever the calling shell says.
_LEFT_AT_DEFAULTS = (
    "TRACE_CACHE_SECONDS",
    "SCAN_BATCH_SIZE",
    "REDIS_URL",
    "JOBS",
    "STORAGE",
    "GUNICORN_THREADS",
    "GUNICORN_ACCESSLOG",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_answers(url: str = REDIS_URL) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def empty_redis(url: str = REDIS_URL) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


def describe(redis_url: str | None) -> str:
    recycle = "off" if MAX_REQUESTS == "0" else MAX_REQUESTS
    return (
        f"gunicorn -c deploy/gunicorn.conf.py: {WORKERS} workers x the config's threads (2), "
        f"max_requests {recycle}, a socket per worker (reuse_port); "
        "LENSAN_ENV=production (page cache and scan batching on); "
        f"Redis: {redis_url or 'none'}"
    )


def command() -> list[str]:
    """gunicorn as deploy/ runs it, with recycling as set and a socket per worker."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    config = ["-c", "deploy/gunicorn.conf.py", "--max-requests", MAX_REQUESTS, "--reuse-port"]
    return [gunicorn, *config, "wsgi:app"]


def start(url: str, media: str, folder: Path, redis_url: str | None) -> tuple:
    """gunicorn serving the database at ``url``; (process, base URL, log path)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in _LEFT_AT_DEFAULTS}
    metrics = folder / "metrics"
    env.update(
        LENSAN_ENV="production",
        DATABASE_URL=url,
        SECRET_KEY="bench-secret-key",
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        MEDIA_ROOT=media,
        PROMETHEUS_MULTIPROC_DIR=str(metrics),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(WORKERS),
        GUNICORN_LOGLEVEL="warning",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
        empty_redis(redis_url)
    args = command()
    log = folder / "gunicorn.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    _wait_ready(base, process, log)
    return process, base, log


def _wait_ready(base: str, process: subprocess.Popen, log: Path) -> None:
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {log}")
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    stop(process)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(35)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
