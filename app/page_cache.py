"""Public pages kept as rendered, so that a page already built for (what was opened,
language, page version, local day) is served, or answered 304, without the database.

Each kept page (:class:`Entry`) remembers the generation counters it depends on and their
values when it was rendered (app/generations.py); it is served only while they are unchanged,
so a recall, a new event, a new certificate or an edit shows on the very next request, on
every worker and host. Rendering reads the sequence number first (:func:`sequence`) and keeps
the page only if nothing was bumped meanwhile: a page built from rows read before a commit
cannot be kept at counters read after it.

Two layers: each worker keeps pages, compressed, in a :class:`~app.worker_store.WorkerStore`
(at most ``TRACE_PAGE_CACHE_SIZE``); with ``REDIS_URL`` they are also in Redis (compressed, for
``TRACE_CACHE_SECONDS``), shared by every worker of every host. A page found in the worker
is checked against the worker's mirror of the counters (app/generation_mirror.py), kept
current by the messages every bump publishes: no round trip, and the scan is sent without
waiting for Redis's answer. Until the mirror knows a page's counters, the check costs one
round trip: a script reading them and pushing the scan. Without Redis the counters come from
the instance folder's file and a page costs no round trip at all.

Only pages that are the same for everyone are kept: a visitor who is signed in, or has
anything but a language in the session (a flashed message), and a request whose query is not
at most ``lang=``, get the page built for them.
"""

import functools
import hashlib
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from flask import Flask, Response, request, session
from werkzeug.http import quote_etag

from .generations import SEQ, RedisGenerations, Unavailable, generations
from .worker_store import WorkerStore

_QUIET_SESSION = frozenset({"lang"})  # what a session may hold for its visitor to get kept pages
_REMEMBER = "remember_token"


@dataclass(frozen=True)
class Entry:
    """A rendered page, compressed (a worker keeps thousands: about 1.5 KB each instead of
    6), and what it depends on."""

    etag: str
    packed: bytes  # the page's HTML, zlib-compressed (Redis keeps the same bytes)
    language: str
    headers: tuple[tuple[str, str], ...] = ()  # more headers the page is sent with
    batch_id: int | None = None  # the batch whose scan a view of the page records
    deps: tuple[str, ...] = ()  # generation counters
    at: tuple[int, ...] = ()  # their values when it was rendered
    size: int = 0  # the HTML's length

    @classmethod
    def of(cls, etag: str, html: str, language: str, **more) -> "Entry":
        body = html.encode()
        return cls(etag, zlib.compress(body, 6), language, size=len(body), **more)

    @property
    def body(self) -> bytes:
        return zlib.decompress(self.packed)

    def response(self, app: Flask, status: int = 200) -> Response:
        """The page (or its 304), headers written out directly: werkzeug's setters parse
        and rebuild them, a good part of a kept page's cost."""
        return app.response_class(
            self.body if status == 200 else None, status, self.headers_for(status)
        )

    def headers_for(self, status: int) -> list[tuple[str, str]]:
        """The page's own headers for a 200, or for a 304 (no type, no length)."""
        return self._headers if status == 200 else self._headers[2:]

    @functools.cached_property
    def _headers(self) -> list[tuple[str, str]]:
        return [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(self.size)),
            ("ETag", quote_etag(self.etag)),
            ("Cache-Control", "public, no-cache"),
            ("Content-Language", self.language),
            *self.headers,
        ]


def _encode(entry: Entry) -> bytes:
    """The page as Redis keeps it, but for its first line: the counters' values, which the
    store script (:data:`_STORE`) writes there."""
    meta = {
        "etag": entry.etag,
        "language": entry.language,
        "headers": entry.headers,
        "batch_id": entry.batch_id,
        "deps": entry.deps,
        "size": entry.size,
    }
    return json.dumps(meta).encode() + b"\n" + entry.packed


def decode(raw) -> Entry | None:
    """A page as Redis keeps it (:func:`_encode`), or None."""
    try:
        at, meta, packed = raw.split(b"\n", 2)
        m = json.loads(meta)
        return Entry(
            m["etag"],
            packed,
            m["language"],
            tuple(tuple(h) for h in m["headers"]),
            m["batch_id"],
            tuple(m["deps"]),
            tuple(int(v) for v in at.split(b",")) if at else (),
            m["size"],
        )
    except (ValueError, KeyError, TypeError):
        return None  # a value from another version of the app: build the page again


# Keep a page in Redis in one round trip, only if the sequence number is still the one read
# before rendering; its first line gets the counters' values (KEYS: sequence, page, a list,
# counters; ARGV: sequence seen, seconds, the page, and a value to push on the list, if any:
# the view's scan, pushed whatever happens to the page). Answers those values, or nil.
_STORE = r"""
if ARGV[4] then redis.call('rpush', KEYS[3], ARGV[4]) end
if (redis.call('get', KEYS[1]) or '0') ~= ARGV[1] then return false end
local at = {}
for i = 4, #KEYS do at[#at + 1] = redis.call('get', KEYS[i]) or '0' end
redis.call('set', KEYS[2], table.concat(at, ',') .. '\n' .. ARGV[3], 'EX', tonumber(ARGV[2]))
return at
"""
# A kept page's check: the counters' values, and the view's scan pushed on the list in the
# same command (KEYS: the list, counters; ARGV: the value, if any). One command costs less
# than a pipeline of two, on every view of every kept page.
_CHECK = r"""
if ARGV[1] then redis.call('rpush', KEYS[1], ARGV[1]) end
return redis.call('mget', unpack(KEYS, 2))
"""


def visitor_language(app: Flask) -> str | None:
    """The language of a page kept for everyone, as app/i18n.py ``select_locale`` would
    choose it; None when this visitor must get a page built for them."""
    languages = app.config["LANGUAGES"]
    if session and not _QUIET_SESSION.issuperset(session.keys()):
        return None
    if _REMEMBER in request.cookies:
        return None
    if request.query_string:  # parsed only when there is one
        asked = request.args.get("lang")
        if len(request.args) != 1 or asked not in languages:
            return None
        return asked
    chosen = session.get("lang")
    return chosen if chosen in languages else app.config["BABEL_DEFAULT_LOCALE"]


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the app's Python source, worked out once per process: Redis outlives a
    deployment, and a change of how pages are built must not serve pages the old code built
    (the templates' and catalogues' version is the caller's)."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def request_key(app: Flask, version: str, today: date, opened: str = "") -> tuple[str, str] | None:
    """(key, language) of the page this request opens (``opened``: the code as the page
    shows it, when that is more than the path says), or None when it is not kept."""
    if generations(app) is None:
        return None
    language = visitor_language(app)
    if language is None:
        return None
    parts = (
        version,
        code_version(),
        app.config["PUBLIC_BASE_URL"],
        request.path,
        opened,
        language,
        today.isoformat(),
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32], language


def keep_here(app: Flask, key: str, entry: Entry) -> None:
    """Keep a page fetched from Redis by another way (app/public/front.py) in this worker."""
    _worker(app).put(key, entry)


def redis_page_key(counters: RedisGenerations, key: str) -> str:
    return _redis_key(counters, key)


def _worker(app: Flask) -> WorkerStore:
    store = app.extensions.get("page_cache")
    if store is None:
        store = app.extensions["page_cache"] = WorkerStore(app.config["TRACE_PAGE_CACHE_SIZE"])
    return store


def _redis_key(counters: RedisGenerations, key: str) -> str:
    return f"{counters.prefix}page:{key}"


Extra = Callable[[Entry], tuple[str, bytes] | None]


def _check_file(app: Flask, counters, key: str) -> tuple[Entry | None, bool, int | None]:
    entry = _worker(app).get(key, app.config["TRACE_CACHE_SECONDS"])
    try:
        values = counters.read((SEQ, *entry.deps) if entry else (SEQ,))
    except Unavailable:
        return None, False, None
    fresh = entry is not None and values[1:] == entry.at
    return (entry if fresh else None), False, values[0]


def lookup(
    app: Flask, key: str, push: Extra | None = None
) -> tuple[Entry | None, bool, int | None]:
    """(the kept page if it is current, whether ``push(entry)``'s (list, value) was pushed
    with the check, and the sequence number when it was read on the way: a page not found
    is then built without asking again). Any failure of Redis is logged and answered
    (None, False, None)."""
    counters = generations(app)
    if counters is None:
        return None, False, None
    if not isinstance(counters, RedisGenerations):
        return _check_file(app, counters, key)
    if not counters.usable():
        return None, False, None
    try:
        entry = _worker(app).get(key, app.config["TRACE_CACHE_SECONDS"])
        if entry is None:  # Redis's copy, and the sequence number should there be none
            pipe = counters.redis.pipeline(transaction=False)
            pipe.get(_redis_key(counters, key))
            counters.read((SEQ,), pipe)
            raw, seq = pipe.execute()
            entry = decode(raw) if raw else None
            if entry is None:
                return None, False, counters.values(seq)[0]
            _worker(app).put(key, entry)
        extra = push(entry) if push is not None else None
        known, epoch = counters.mirror.values(entry.deps)
        if known is not None:  # no round trip: the scan is sent, not waited for
            sent = extra is not None and counters.nowait.send("RPUSH", *extra)
            return (entry if known == entry.at else None), sent, None
        values = counters.values(
            _script(counters, "check", _CHECK)(
                keys=[extra[0] if extra else "", *map(counters.key, entry.deps)],
                args=[extra[1]] if extra else [],
            )
        )
        counters.mirror.learn(epoch, entry.deps, values)
    except Exception:
        counters.failed("reading a kept page")
        return None, False, None
    return (entry if values == entry.at else None), extra is not None, None


def _script(counters: RedisGenerations, name: str, source: str):
    """The Lua script ``source``, registered once per client (then sent by its digest)."""
    if name not in counters.scripts:
        counters.scripts[name] = counters.redis.register_script(source)
    return counters.scripts[name]


def sequence(app: Flask) -> int | None:
    """The sequence number before rendering a page to keep; None when it cannot be kept."""
    counters = generations(app)
    if counters is None:
        return None
    if isinstance(counters, RedisGenerations) and counters.usable():
        known = counters.mirror.values((SEQ,))[0]
        if known is not None:  # no later than any bump that returned before this view
            return known[0]
    try:
        return counters.read((SEQ,))[0]
    except Unavailable:
        return None


def remember(app: Flask, key: str, entry: Entry, seen: int, push: Extra | None = None) -> bool:
    """Keep ``entry`` (its ``deps`` set) at the counters' values now, unless anything was
    bumped since the sequence number ``seen`` was read; with Redis, ``push(entry)``'s (list,
    value) goes in the same round trip. Answers whether it did."""
    counters = generations(app)
    if counters is None:
        return False
    if isinstance(counters, RedisGenerations):
        return _remember_in_redis(app, counters, key, entry, seen, push)
    try:
        values = counters.read((SEQ, *entry.deps))
    except Unavailable:
        return False
    if values[0] == seen:  # else something changed meanwhile: the next view builds it again
        _worker(app).put(key, replace(entry, at=values[1:]))
    return False


def _remember_in_redis(
    app: Flask, counters: RedisGenerations, key: str, entry: Entry, seen: int, push: Extra | None
) -> bool:
    if not counters.usable():
        return False
    extra = push(entry) if push is not None else None
    keys = [counters.key(SEQ), _redis_key(counters, key), extra[0] if extra else ""]
    keys += map(counters.key, entry.deps)
    args = [seen, app.config["TRACE_CACHE_SECONDS"], _encode(entry), *([extra[1]] if extra else [])]
    try:
        epoch = counters.mirror.values(())[1]
        at = _script(counters, "store", _STORE)(keys=keys, args=args)
    except Exception:
        counters.failed("keeping a page")
        return False
    if at is not None:
        values = counters.values(at)
        counters.mirror.learn(epoch, entry.deps, values)
        _worker(app).put(key, replace(entry, at=values))
    return extra is not None
