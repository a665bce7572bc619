"""Counting the SQL statements a piece of code sends (bounded-query tests)."""

from sqlalchemy import event


class QueryCounter:
    """``with QueryCounter(db.engine) as counter: ...``; then ``counter.count``."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.count += 1
