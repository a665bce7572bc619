"""The demo, seeded once per test session and copied into the database of each test that reads it.

Seeding takes seconds (photos, label PDFs, hash chains); copying its rows takes milliseconds.
The copy is plain rows, table by table in foreign-key order, so it is the same on SQLite and
PostgreSQL, and each test still starts from an empty database and is emptied after (conftest's
``_clean_state``): a test that writes to the demo leaks nothing into the next."""

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from app.demo import seed_demo
from app.extensions import db
from tests.support.database import empty_database


@dataclass(frozen=True)
class DemoSnapshot:
    lines: list[str]  # what seeding printed
    rows: dict[str, list[dict]]  # table name -> rows in primary-key order
    media: Path  # the files seeding wrote under MEDIA_ROOT


def _rows(table) -> list[dict]:
    stmt = select(table).order_by(*table.primary_key.columns)
    return [dict(row) for row in db.session.execute(stmt).mappings()]


def take_snapshot(app) -> DemoSnapshot:
    """Seed the demo into the (empty) test database and keep its rows and files; the database
    is left as it was found: empty."""
    media = Path(tempfile.mkdtemp(prefix="demo-media-"))
    with app.app_context():
        assert_empty()
        root = app.config["MEDIA_ROOT"]
        app.config["MEDIA_ROOT"] = str(media)  # the files land in the snapshot, not the run's
        try:
            lines = seed_demo()
            rows = {table.name: _rows(table) for table in db.metadata.sorted_tables}
        finally:
            app.config["MEDIA_ROOT"] = root
            db.session.remove()
    empty_database(app)
    return DemoSnapshot(lines, rows, media)


def assert_empty() -> None:
    """The demo goes into an empty database (its ids start at 1): ask for ``demo`` before any
    fixture that makes rows."""
    for table in db.metadata.sorted_tables:
        count = db.session.execute(select(func.count()).select_from(table)).scalar_one()
        assert count == 0, f"{table.name} has rows: request the demo fixture before the others"


def restore(app, snapshot: DemoSnapshot) -> None:
    """Copy the demo's rows into the current (empty) database and its files under MEDIA_ROOT."""
    assert_empty()
    for table in db.metadata.sorted_tables:
        if rows := snapshot.rows[table.name]:
            db.session.execute(table.insert(), rows)
    if db.engine.dialect.name == "postgresql":
        for table in db.metadata.sorted_tables:
            if "id" in table.columns and snapshot.rows[table.name]:
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT MAX(id) FROM {table.name}))"
                    )
                )
    db.session.commit()
    shutil.copytree(snapshot.media, app.config["MEDIA_ROOT"], dirs_exist_ok=True)
