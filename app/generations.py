"""Generation counters: what tells every worker, on every host, that a cooperative's public
pages changed, so that a page kept from before is never served again.

A counter per cooperative (its batches, events, recalls, products, variants, photos,
certificates, listings, plots, shops and profile all belong to it: app/generation_events.py
bumps it after the commit of any change, from SQLAlchemy's session events, so no view can
forget), one counter ``all`` for changes that cannot be pinned on one cooperative (bulk
statements, tables nobody mapped), and a sequence number bumped with each of them. A kept
page remembers the counters it was rendered at (app/page_cache.py) and is served only while
they are unchanged.

Where the counters live:

- With ``REDIS_URL``: in Redis, shared by every host. Each bump publishes the counters' new
  values, which every worker's mirror reads (app/generation_mirror.py): a kept page is
  checked without a round trip once the mirror knows its counters, else with one script.
  A Redis that does not answer is left alone for ``REDIS_RETRY_SECONDS``: pages are then
  built from the database (the buyer always gets one), and bumps that could not be sent
  are kept by the process and sent first when Redis answers again (by the next request or
  the scan drainer's tick), so kept pages cannot outlive the change that made them old.
- Without Redis (``make run``, a laptop with SQLite and a few gunicorn workers): in a small
  file in the instance folder, ``page_generations``. Each check reads its fixed-width first
  line (one ``pread``, about a microsecond, no lock); only when that sequence number moved
  does the worker read the rest, under a shared ``flock``; a bump rewrites it under an
  exclusive one. We chose a file over a database table because a table costs the query the
  cache is there to save, and over a file's mtime because mtimes are only as fine as the
  kernel's clock tick (two bumps in a few milliseconds could look like one). It is right
  across the workers of one host; several hosts need Redis.
"""

import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from flask import Flask

from .generation_mirror import Mirror, NoWait

ALL = "all"  # the counter every kept page depends on
SEQ = "seq"  # bumped with every counter: "did anything change while I was rendering?"
REDIS_RETRY_SECONDS = 5.0  # a Redis that failed is not asked again before this
_HEADER = 21  # the file's first line: the sequence number, 20 digits and a newline
log = logging.getLogger("lensan.cache")


class Unavailable(Exception):
    """The counters cannot be read now (Redis does not answer): build from the database."""


# Count each counter up and publish their new values, "name value ..." (KEYS: the counters;
# ARGV: the channel, then their names).
_BUMP = r"""
local parts = {}
for i = 1, #KEYS do
  parts[#parts + 1] = ARGV[i + 1] .. ' ' .. redis.call('incr', KEYS[i])
end
redis.call('publish', ARGV[1], table.concat(parts, ' '))
"""


class RedisGenerations:
    """Counters in Redis under ``prefix``; every failure is logged, counted down, retried."""

    def __init__(self, url: str, prefix: str):
        from redis import Redis

        # A page must not wait long for a cache: a Redis that is slow counts as down.
        self.redis = Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
        self.prefix = prefix
        self.down_until = 0.0
        self.pending: set[str] = set()  # bumps not sent yet
        self.lock = threading.Lock()
        self.scripts: dict = {}  # Lua scripts by name, registered once (app/page_cache.py)
        # This process's copy of the counters, and commands sent without waiting for Redis.
        self.mirror = Mirror(self.redis, f"{prefix}gen", REDIS_RETRY_SECONDS)
        self.nowait = NoWait(self.redis)

    def key(self, name: str) -> str:
        return f"{self.prefix}gen:{name}"

    def usable(self) -> bool:
        """False while Redis is left alone after a failure; sends bumps kept from then."""
        if time.monotonic() < self.down_until:
            return False
        if self.pending:
            try:
                self.flush_pending()
            except Exception:
                self.failed("sending kept bumps")
                return False
        return True

    def failed(self, doing: str) -> None:
        self.down_until = time.monotonic() + REDIS_RETRY_SECONDS
        with self.mirror.lock:  # bumps may be missed meanwhile
            self.mirror.reset()
        log.warning("Redis did not answer (%s): pages come from the database", doing, exc_info=True)

    def flush_pending(self) -> None:
        with self.lock:
            names, self.pending = self.pending, set()
        if names:
            try:
                self._send(names)
            except Exception:
                with self.lock:
                    self.pending |= names
                raise

    def _send(self, names: Iterable[str]) -> None:
        """Count the counters up and publish their new values; then one more round trip, so
        that Redis has written the message to every worker before the bump returns."""
        named = [*names, SEQ]
        keys = [self.key(n) for n in named]
        self.redis.eval(_BUMP, len(keys), *keys, self.mirror.channel, *named)
        self.redis.ping()

    def bump(self, names: set[str]) -> None:
        with self.lock:
            self.pending |= names
        if time.monotonic() < self.down_until:
            return  # kept; sent when Redis answers again
        try:
            self.flush_pending()
        except Exception:
            self.failed("bumping generations")

    def read(self, names: tuple[str, ...], pipe=None) -> tuple[int, ...]:
        """The counters ``names`` (``SEQ`` may be one); with ``pipe``, queued on it instead
        (the caller executes it and reads the answer with :meth:`values`)."""
        keys = [self.key(n) for n in names]
        if pipe is not None:
            pipe.mget(keys)
            return ()
        if not self.usable():
            raise Unavailable
        try:
            return self.values(self.redis.mget(keys))
        except Exception as error:
            self.failed("reading generations")
            raise Unavailable from error

    @staticmethod
    def values(raw) -> tuple[int, ...]:
        return tuple(int(v) if v is not None else 0 for v in raw)


class FileGenerations:
    """Counters in one small file shared by the workers of a host."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None
        self.header = b""
        self.counters: dict[str, int] = {}
        self.lock = threading.Lock()
        self.down_until = 0.0

    def _open(self) -> int:
        if self.fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        return self.fd

    def _parse(self, data: bytes) -> dict[str, int]:
        counters = {}
        for line in data[_HEADER:].decode().splitlines():
            name, _, value = line.partition(" ")
            if value.isdigit():
                counters[name] = int(value)
        counters[SEQ] = int(data[: _HEADER - 1] or b"0")
        return counters

    def _read_all(self, fd: int) -> bytes:
        size = os.fstat(fd).st_size
        return os.pread(fd, size, 0) if size else b""

    def _current(self) -> dict[str, int]:
        fd = self._open()
        header = os.pread(fd, _HEADER, 0)
        if header != self.header:
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                data = self._read_all(fd)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
            self.counters = self._parse(data) if data else {}
            self.header = data[:_HEADER]
        return self.counters

    def read(self, names: tuple[str, ...], pipe=None) -> tuple[int, ...]:
        if time.monotonic() < self.down_until:
            raise Unavailable
        try:
            with self.lock:
                counters = self._current()
        except OSError as error:
            self.down_until = time.monotonic() + REDIS_RETRY_SECONDS
            log.warning("%s cannot be read: pages come from the database", self.path)
            raise Unavailable from error
        return tuple(counters.get(n, 0) for n in names)

    def bump(self, names: set[str]) -> None:
        try:
            with self.lock:
                fd = self._open()
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    data = self._read_all(fd)
                    counters = self._parse(data) if data else {SEQ: 0}
                    for name in names:
                        counters[name] = counters.get(name, 0) + 1
                    counters[SEQ] += 1
                    body = "".join(f"{n} {v}\n" for n, v in counters.items() if n != SEQ)
                    text = f"{counters[SEQ]:020d}\n{body}".encode()
                    os.pwrite(fd, text, 0)
                    os.ftruncate(fd, len(text))
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:  # the commit stands; the buyer's page must not fail with it
            log.exception("%s not written: kept pages may be old", self.path)


def generations(app: Flask) -> RedisGenerations | FileGenerations | None:
    """The process's counters for ``app``, or None when public pages are not kept
    (``TRACE_CACHE_SECONDS`` 0, as in most tests)."""
    if not app.config.get("TRACE_CACHE_SECONDS"):
        return None
    found = app.extensions.get("page_generations")
    if found is None:
        url = app.config.get("REDIS_URL")
        if url:
            found = RedisGenerations(url, app.config["REDIS_PREFIX"])
        else:
            found = FileGenerations(Path(app.instance_path) / "page_generations")
        app.extensions["page_generations"] = found
    return found


def cooperative_key(cooperative_id: int) -> str:
    return str(cooperative_id)
