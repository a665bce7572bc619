"""Scans through Redis: a view pushes its row on a Redis list (in the same round trip as the
page's generation check, app/page_cache.py), and a drainer writes the list into the scans
table in batches. A web worker killed outright loses nothing: the rows are in Redis, not in
its memory (the ScanWriter of app/scans/services.py, used without Redis, keeps them in memory
for up to ``SCAN_FLUSH_SECONDS``).

The drainer is a daemon thread of every web worker (started by its first request), which
every ``SCAN_FLUSH_SECONDS`` takes a short Redis lock, so one worker of one host drains at a
time, writes up to ``SCAN_DRAIN_ROWS`` rows in one INSERT, and only then trims them off the
list. So it runs wherever the web runs, with or without a ``flask worker``. A drainer killed
between its commit and its trim leaves those rows to be written again by the next one (at
most ``SCAN_DRAIN_ROWS`` scans counted twice, once in a blue moon); none is ever lost. Staff
pages drain before they count (:func:`drain_now`), so their numbers include the last scans.
``flask scans drain`` does it by hand.
"""

import json
import os
import threading
import time
import uuid
from datetime import date, datetime

from flask import Flask, current_app
from sqlalchemy.exc import IntegrityError

from ..generations import RedisGenerations, generations
from .services import is_link_preview, scan_row, scan_writer, write_scans

SCAN_DRAIN_ROWS = 500
LOCK_SECONDS = 30  # longer than any drain; a drainer that died frees it after this
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"


def queued(app: Flask) -> RedisGenerations | None:
    """Redis, when scans go through it: ``REDIS_URL`` set and ``SCAN_BATCH_SIZE`` above 1
    (1 writes each scan with its page, as the tests do)."""
    if not app.config.get("REDIS_URL") or app.config["SCAN_BATCH_SIZE"] <= 1:
        return None
    counters = generations(app)
    if isinstance(counters, RedisGenerations):
        return counters
    found = app.extensions.get("scan_redis")
    if found is None:  # pages are not kept (TRACE_CACHE_SECONDS=0), scans still go by Redis
        found = app.extensions["scan_redis"] = RedisGenerations(
            app.config["REDIS_URL"], app.config["REDIS_PREFIX"]
        )
    return found


def list_key(redis: RedisGenerations) -> str:
    return f"{redis.prefix}scans"


def encode(row: dict) -> bytes:
    return json.dumps(row, default=str).encode()


def _decode(raw: bytes) -> dict:
    row = json.loads(raw)
    row["scanned_at"] = datetime.fromisoformat(row["scanned_at"])
    row["day"] = date.fromisoformat(row["day"])
    return row


def push(app: Flask, row: dict) -> bool:
    """Push one scan on the list; False when Redis does not answer (the caller writes it)."""
    redis = queued(app)
    if redis is None or not redis.usable():
        return False
    try:
        redis.redis.rpush(list_key(redis), encode(row))
    except Exception:
        redis.failed("pushing a scan")
        return False
    start_drainer(app)
    return True


def enqueue(app: Flask, row: dict) -> None:
    """A scan that may wait: on the Redis list, else (no Redis, or it does not answer) with
    the worker's :class:`~app.scans.services.ScanWriter`. Needs ``SCAN_BATCH_SIZE`` above 1."""
    if not push(app, row):
        scan_writer(app).add(row)


def queue_view(
    app: Flask,
    batch_id: int,
    code_seen: str,
    remote_addr: str | None,
    user_agent: str,
    serial_check: str | None = None,
) -> None:
    """A trace page's view as a scan that may wait (:func:`enqueue`): none for a link
    preview; a failure is logged, never shown to the buyer. Needs no request context (the
    front of app/public/front.py answers outside one)."""
    if is_link_preview(user_agent):
        return  # a shared link's preview: nobody opened the page
    try:
        secret = app.config["SECRET_KEY"]
        row = scan_row(
            batch_id, code_seen, remote_addr, user_agent, secret, serial_check=serial_check
        )
        enqueue(app, row)
    except Exception:  # a lost scan must never cost the buyer the page
        app.logger.exception("scan of %s not recorded", code_seen)


def _write(app: Flask, raw: list) -> None:
    """Write the rows; one the database refuses (its batch was deleted since) is logged and
    left out rather than holding up the others."""
    rows = []
    for value in raw:
        try:
            rows.append(_decode(value))
        except (ValueError, KeyError, TypeError):
            app.logger.error("scan %r in Redis cannot be read; dropped", value[:200])
    try:
        write_scans(rows)
    except IntegrityError:
        for row in rows:
            try:
                write_scans([row])
            except IntegrityError:
                app.logger.warning("scan of batch %s refused; dropped", row.get("batch_id"))


def drain(app: Flask) -> int:
    """Write what waits on the list, in batches, under the lock; the number written."""
    redis = queued(app)
    if redis is None or not redis.usable():
        return 0
    client, key = redis.redis, list_key(redis)
    lock, token = f"{key}:lock", uuid.uuid4().hex
    written = 0
    try:
        if not client.set(lock, token, nx=True, ex=LOCK_SECONDS):
            return 0
        try:
            while raw := client.lrange(key, 0, SCAN_DRAIN_ROWS - 1):
                with app.app_context():
                    _write(app, raw)
                client.ltrim(key, len(raw), -1)
                written += len(raw)
        finally:
            client.eval(_RELEASE, 1, lock, token)
    except Exception:  # Redis or the database: the rows stay on the list for the next tick
        app.logger.exception("scans not drained from Redis")
    return written


def drain_now() -> None:
    """Before staff count scans: write the waiting ones (nothing to do without Redis)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if queued(app) is not None:
        drain(app)


def _drain_forever(app: Flask) -> None:
    while True:
        time.sleep(app.config["SCAN_FLUSH_SECONDS"])
        redis = queued(app)
        if redis is not None and redis.usable():  # usable() also sends kept bumps
            drain(app)


def start_drainer(app: Flask) -> None:
    """The worker's drainer thread, once per process (a fork starts its own)."""
    if app.extensions.get("scan_drainer_pid") == os.getpid():
        return
    app.extensions["scan_drainer_pid"] = os.getpid()
    threading.Thread(target=_drain_forever, args=(app,), daemon=True, name="scan-drainer").start()
