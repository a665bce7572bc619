"""A small in-process cache: values one worker keeps by key, bounded in count and age.

Pure, no Flask. The trace page keeps rendered pages and showcases in one; each worker (process)
has its own, so nothing here is shared between hosts (Redis is for that).
"""

import threading
import time
from collections import OrderedDict


class WorkerStore:
    """Values one worker keeps by key (showcases, rendered pages), the least recently used
    dropped beyond ``size``; none is served older than the caller's ``seconds``."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, seconds: float):
        with self.lock:
            kept = self.entries.get(key)
            if kept is None:
                return None
            if time.monotonic() - kept[0] >= seconds:
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return kept[1]

    def put(self, key, value) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic(), value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
