"""What the front (app/public/front.py) knows it may answer: for a path and query, the key of
the kept page Flask answered there, its endpoint, trace code and the headers Flask's hooks
added. Kept in the worker and, with Redis, shared: a note written by one worker lets every
worker of every host answer that page's next views, fetching note and page in one round trip
the first time.

A note's Redis key is made of the path, query, local day, and the versions of the code and
templates the pages are built with: a deployment or a new day never reads an older note.
"""

import functools
import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date

from flask import Flask

from ..generations import RedisGenerations, generations
from ..page_cache import Entry, code_version, decode, keep_here, redis_page_key
from ..worker_store import WorkerStore

KNOWN = "kept_front"  # app.extensions: the notes this worker keeps
# The versions of the pages the front answers (app/public/kept.py and trace_services.py).
_PAGE_VERSIONS = ("trace_page_version", "cooperative_page_version", "product_page_version")
# The note, and the page it names, in one round trip (KEYS: the note; ARGV: the pages' prefix).
_FETCH = r"""
local note = redis.call('get', KEYS[1])
if not note then return false end
return {note, redis.call('get', ARGV[1] .. cjson.decode(note)['key']) or false}
"""


@dataclass
class Known:
    """A kept page Flask answered: its key, day, endpoint and trace code, the entry while
    Flask answers (not kept with the note), and the headers its hooks added."""

    key: str
    today: date
    endpoint: str
    code_seen: str | None
    entry: Entry | None = None
    hooks: tuple[tuple[str, str], ...] = ()
    noted: int = 0  # the status the hooks' headers were added to: a 304 has fewer (no Vary)

    def shared(self) -> str:
        fields = asdict(self)
        del fields["entry"], fields["today"]
        return json.dumps(fields)


@functools.lru_cache(maxsize=4)
def _versions(versions: tuple) -> str:
    return hashlib.sha256(repr((code_version(), versions)).encode()).hexdigest()[:16]


class Notes:
    """The front's notes for one app: :meth:`get` and :meth:`put` by (path, query)."""

    def __init__(self, app: Flask):
        self.app = app
        self.hooks: dict[tuple, tuple] = {}  # the sets of hooks' headers seen (a handful)

    @property
    def here(self) -> WorkerStore:
        store = self.app.extensions.get(KNOWN)
        if store is None:
            size = self.app.config["TRACE_PAGE_CACHE_SIZE"]
            store = self.app.extensions[KNOWN] = WorkerStore(size)
        return store

    def get(self, where: tuple[str, str], today: date) -> Known | None:
        known = self.here.get(where, self.app.config["TRACE_CACHE_SECONDS"])
        if known is not None and known.today == today:
            return known
        return self._fetch(where, today)

    def put(self, where: tuple[str, str], known: Known) -> None:
        hooks = self.hooks.get(known.hooks, known.hooks)  # one copy for all pages
        if len(self.hooks) < 64:
            self.hooks.setdefault(hooks, hooks)
        note = Known(
            known.key, known.today, known.endpoint, known.code_seen, None, hooks, known.noted
        )
        self.here.put(where, note)
        counters = self._redis()
        if counters is not None:  # not waited for: a note lost costs one view through Flask
            seconds = self.app.config["TRACE_CACHE_SECONDS"]
            key = self._key(counters, where, note.today)
            if not counters.nowait.send("SET", key, note.shared(), "EX", seconds):
                counters.failed("sharing a page's note")

    def _redis(self) -> RedisGenerations | None:
        counters = generations(self.app)
        if isinstance(counters, RedisGenerations) and counters.usable():
            return counters
        return None

    def _key(self, counters: RedisGenerations, where: tuple[str, str], today: date) -> str:
        versions = tuple(str(self.app.extensions.get(name)) for name in _PAGE_VERSIONS)
        made = _versions(versions)
        digest = hashlib.sha256("\x1f".join((*where, today.isoformat(), made)).encode())
        return f"{counters.prefix}front:{digest.hexdigest()[:32]}"

    def _fetch(self, where: tuple[str, str], today: date) -> Known | None:
        """Another worker's note and its page, from Redis; both kept here."""
        counters = self._redis()
        if counters is None:
            return None
        if "front" not in counters.scripts:
            counters.scripts["front"] = counters.redis.register_script(_FETCH)
        try:
            found = counters.scripts["front"](
                keys=[self._key(counters, where, today)], args=[redis_page_key(counters, "")]
            )
        except Exception:
            counters.failed("reading a page's note")
            return None
        if not found or not found[1]:
            return None
        entry = decode(found[1])
        if entry is None:
            return None
        fields = json.loads(found[0])
        hooks = tuple(tuple(pair) for pair in fields.pop("hooks"))
        known = Known(today=today, hooks=hooks, **fields)
        keep_here(self.app, known.key, entry)
        self.here.put(where, known)
        return known
