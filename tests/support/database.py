"""Emptying the test database between tests."""

from sqlalchemy import text

from app.extensions import db, limiter


def empty_database(app) -> None:
    """Delete every row of every table and reset the rate-limit counters."""
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            # trace_events refers to itself (a correction supersedes an event): unlink first.
            db.session.execute(text("UPDATE trace_events SET supersedes_id = NULL"))
            for table in tables:
                db.session.execute(text(f"DELETE FROM {table}"))
        db.session.commit()
    limiter.reset()
