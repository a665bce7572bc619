"""This process's copy of the generation counters in Redis (app/generations.py), so that a kept
page is checked without a round trip, and commands sent to Redis without waiting for it.

Every bump is published on a Redis channel with the counters' new values, and each worker
subscribes to it (:class:`Mirror`). A view reads whatever messages wait on that connection
(it never waits for one) and compares its page's counters with the values the mirror knows:
no round trip when they are known. A bump returns only after a second round trip to Redis
(a ``PING``), so by then Redis has written its message to every subscriber's socket: the
next view of any worker reads it first, and a recall still turns every page red at once.

What the mirror knows comes from those messages and from the answers of round trips made
while it was subscribed (counters only grow: the larger value wins). Any failure forgets
everything (:meth:`Mirror.reset`): views go back to asking Redis until the mirror has
subscribed again and learnt the counters afresh.

:class:`NoWait` sends commands (a scan's ``RPUSH``) on a connection of its own and reads
their answers later, whenever they are there: the view hands them to the kernel and goes on.
A worker killed just after has sent them already.
"""

import contextlib
import threading
import time
from typing import Any

SUBSCRIBED = (b"subscribe", "subscribe")
MESSAGE = (b"message", "message")
UNREAD_LIMIT = 1000  # answers left unread before a sender waits for them


class Mirror:
    """The counters as the messages on ``channel`` and the round trips made say."""

    def __init__(self, redis, channel: str, retry_seconds: float):
        self.redis = redis
        self.channel = channel
        self.retry_seconds = retry_seconds
        self.pubsub: Any = None  # redis-py's PubSub, once subscribing
        self.dropped = False  # its connection dropped and was made again
        self.live = False  # subscribed: no bump can be missed from now on
        self.epoch = 0  # counted up at each reset; a round trip from before one is not learnt
        self.known: dict[str, int] = {}
        self.lock = threading.Lock()
        self.retry_at = 0.0

    def reset(self) -> None:
        """Forget everything (call with the lock held)."""
        self.known.clear()
        self.live = False
        self.dropped = False
        self.epoch += 1
        if self.pubsub is not None:
            with contextlib.suppress(Exception):  # the connection is dropped either way
                self.pubsub.reset()
        self.pubsub = None

    def _catch_up(self) -> None:
        """Read the messages waiting, without waiting for any (lock held)."""
        if self.pubsub is None:
            if time.monotonic() < self.retry_at:
                return
            self.pubsub = self.redis.pubsub()
            self.pubsub.subscribe(self.channel)
            # redis-py connects again by itself after a drop, and messages sent meanwhile are
            # lost: then everything known is forgotten.
            self.pubsub.connection.register_connect_callback(self._reconnected)
        while (message := self.pubsub.get_message(timeout=0)) is not None:
            kind = message.get("type")
            if kind in SUBSCRIBED:
                self.live = True
            elif kind in MESSAGE:
                self._apply(message["data"])
        if self.dropped:
            self.reset()

    def _reconnected(self, connection) -> None:
        self.dropped = True

    def _apply(self, data) -> None:
        words = (data.decode() if isinstance(data, bytes) else str(data)).split()
        for name, value in zip(words[::2], words[1::2], strict=True):
            self.known[name] = max(self.known.get(name, 0), int(value))

    def values(self, names: tuple[str, ...]) -> tuple[tuple[int, ...] | None, int | None]:
        """(the counters' values when all are known, else None; the epoch to learn a round
        trip's answers at, None while not subscribed)."""
        with self.lock:
            try:
                self._catch_up()
            except Exception:
                self.retry_at = time.monotonic() + self.retry_seconds
                self.reset()
                return None, None
            if not self.live:
                return None, None
            found = tuple(self.known.get(n, -1) for n in names)
            return (None if -1 in found else found), self.epoch

    def learn(self, epoch: int | None, names: tuple[str, ...], values: tuple[int, ...]) -> None:
        """Values a round trip answered, asked while subscribed at ``epoch``."""
        with self.lock:
            if epoch is None or epoch != self.epoch or not self.live:
                return
            for name, value in zip(names, values, strict=True):
                self.known[name] = max(self.known.get(name, 0), value)


def message(values: dict[str, int]) -> str:
    """A bump's message: each counter's name and new value."""
    return " ".join(f"{name} {value}" for name, value in values.items())


class NoWait:
    """Commands sent to Redis on a connection of this process's own, their answers read
    later (any error there is logged by the caller and the connection dropped)."""

    def __init__(self, redis):
        self.redis = redis
        self.connection: Any = None
        self.unread = 0
        self.lock = threading.Lock()

    def send(self, *args) -> bool:
        """Send one command; False when it could not be (the caller sends it otherwise)."""
        with self.lock:
            try:
                connection = self.connection
                if connection is None:
                    connection = self.redis.connection_pool.make_connection()
                    connection.connect()
                    self.connection, self.unread = connection, 0
                while self.unread and (
                    self.unread >= UNREAD_LIMIT or connection.can_read(timeout=0)
                ):
                    connection.read_response()
                    self.unread -= 1
                connection.send_command(*args)
                self.unread += 1
                return True
            except Exception:
                self._drop()
                return False

    def _drop(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):  # dropped either way
                self.connection.disconnect()
        self.connection, self.unread = None, 0
