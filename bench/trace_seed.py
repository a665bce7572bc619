"""The trace bench's databases: built once per (database, size), reused while they fit.

A database is built by the app itself (its migrations, then ``seed_demo`` for the demo
catalogue with photos, certificates and shops), then filled by bulk inserts of the rows
:mod:`bench.trace_data` makes: ``executemany`` in chunks on SQLite, ``COPY`` on PostgreSQL.
When done it gets a ``bench_meta`` row (the seed's version, its batch count, the migrations'
head); a later run reuses a database whose version and size match, so re-runs start at once
(applying any newer migrations first), and rebuilds any other (another size, another seed, a
build cut short).
"""

import contextlib
import io
import json
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from operator import itemgetter
from pathlib import Path

from bench import trace_data as data

ROOT = Path(__file__).resolve().parents[1]
SEED_VERSION = 2
CHUNK = 50_000  # batches per insert round
BULK_TABLES = ("plots", "batches", "trace_events")


@dataclass(frozen=True)
class Seeded:
    url: str
    media: str
    batches: int
    reused: bool
    seconds: float


def migrations_head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(ROOT / "migrations")).get_current_head() or ""


def _meta(url: str) -> tuple | None:
    """The ``bench_meta`` row of the database at ``url``, or None (no database, no row)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return tuple(
                connection.execute(text("SELECT version, batches, head FROM bench_meta")).one()
            )
    except DBAPIError:
        return None
    finally:
        engine.dispose()


def prepare(url: str, batches: int, media: Path) -> Seeded:
    """The database at ``url`` with ``batches`` bench batches, reused or built afresh."""
    started = time.perf_counter()
    head = migrations_head()
    found = _meta(url) if media.is_dir() else None
    if found is not None and found[:2] == (SEED_VERSION, batches):
        if found[2] != head:  # new migrations since: applied in place, as in production
            _upgrade(url, media, head)
        return Seeded(url, str(media), batches, True, time.perf_counter() - started)
    _recreate(url, media)
    _build(url, batches, media)
    return Seeded(url, str(media), batches, False, time.perf_counter() - started)


def _recreate(url: str, media: Path) -> None:
    """An empty database and media folder where the old ones were."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    shutil.rmtree(media, ignore_errors=True)
    media.mkdir(parents=True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def _places() -> list[tuple[int, int, str]]:
    """Real communes, a few per province, for the cooperatives' addresses."""
    from app import areas

    found = []
    for province in areas.provinces():
        found += [(province.code, c.code, c.name) for c in areas.communes(province.code)[:2]]
    return found


def _migrate() -> None:
    """The app's migrations (in an app context), alembic's line per step kept quiet."""
    import flask_migrate

    with contextlib.redirect_stderr(io.StringIO()) as said:
        try:
            flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        except (Exception, SystemExit):  # flask_migrate exits on alembic's errors
            print(said.getvalue(), file=sys.__stderr__)
            raise


def _upgrade(url: str, media: Path, head: str) -> None:
    from sqlalchemy import text

    from app import create_app
    from app.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, MEDIA_ROOT=str(media))
    with app.app_context():
        _migrate()
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE bench_meta SET head = :h"), {"h": head})
        db.engine.dispose()


def _build(url: str, batches: int, media: Path) -> None:
    """Migrations, the demo, then the bench's rows; ``bench_meta`` last of all."""
    from sqlalchemy import text

    from app import create_app
    from app.demo import seed_demo
    from app.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, MEDIA_ROOT=str(media))
    with app.app_context():
        _migrate()
        seed_demo()
        db.session.commit()
        writer = _Writer(db.engine)
        try:
            indexes = writer.drop_indexes()
            _fill(writer, batches)
            writer.run(indexes)
            writer.finish()
        finally:
            writer.close()
        with db.engine.begin() as connection:
            connection.execute(
                text("CREATE TABLE bench_meta (version int, batches int, head text)")
            )
            connection.execute(
                text("INSERT INTO bench_meta VALUES (:v, :b, :h)"),
                {"v": SEED_VERSION, "b": batches, "h": migrations_head()},
            )
        db.engine.dispose()


def _next_id(writer: "_Writer", table: str) -> int:
    return 1 + (writer.scalar(f"SELECT max(id) FROM {table}") or 0)


def _fill(writer: "_Writer", batches: int) -> None:
    """Cooperatives and products, then plots, batches and events a chunk at a time."""
    coops = data.cooperative_rows(_next_id(writer, "cooperatives"), _places())
    writer.put("cooperatives", coops)
    products = data.product_rows(_next_id(writer, "products"), coops)
    writer.put("products", products)
    ids = {"batch": _next_id(writer, "batches"), "plot": _next_id(writer, "plots")}
    today = date.today()
    plots = -(-batches // data.BATCHES_PER_PLOT)
    for first in range(0, batches, CHUNK):
        last = min(first + CHUNK, batches)
        first_plot = first // data.BATCHES_PER_PLOT
        last_plot = min(-(-last // data.BATCHES_PER_PLOT), plots)
        writer.put(
            "plots", data.plot_rows(ids["plot"], first_plot, last_plot - first_plot, products)
        )
        rows, events = [], []
        for n in range(first, last):
            batch, its_events = data.batch_rows(n, batches, ids, products, today)
            rows.append(batch)
            events += its_events
        writer.put("batches", rows)
        writer.put("trace_events", events)


class _Writer:
    """Rows into tables through the driver itself: COPY on PostgreSQL, executemany on SQLite.

    Columns a row leaves out get the model's default (``""``, ``False``, now...), as the ORM
    would give them; keys that are not columns are ignored.
    """

    def __init__(self, engine) -> None:
        from app.extensions import db

        self.metadata = db.metadata
        self.postgres = engine.dialect.name == "postgresql"
        self.raw = engine.raw_connection()
        self.connection = self.raw.driver_connection
        self.now = datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")
        # Foreign keys unchecked while loading: the rows are consistent by construction.
        if self.postgres:
            self.run(["SET session_replication_role = replica"])
        else:
            self.run(["PRAGMA foreign_keys=OFF", "PRAGMA synchronous=OFF"])

    def run(self, statements: list[str]) -> None:
        cursor = self.connection.cursor()
        for statement in statements:
            cursor.execute(statement)

    def drop_indexes(self) -> list[str]:
        """Drop the secondary indexes of the bulk tables and return their DDL: built once at
        the end from the loaded rows, they cost a fraction of their upkeep row by row."""
        tables = ", ".join(f"'{name}'" for name in BULK_TABLES)
        if self.postgres:
            query = (
                f"SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ({tables}) "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
        else:
            query = (
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({tables})"
            )
        cursor = self.connection.cursor()
        cursor.execute(query)
        found = cursor.fetchall()
        self.run([f'DROP INDEX "{name}"' for name, _ in found])
        return [sql for _, sql in found]

    def scalar(self, sql: str):
        cursor = self.connection.cursor()
        cursor.execute(sql)
        return cursor.fetchone()[0]

    def _default(self, column):
        default = column.default
        if default is None:
            return None
        value = default.arg(None) if default.is_callable else default.arg
        if isinstance(value, datetime):
            return self.now
        if isinstance(value, dict | list):
            return json.dumps(value)
        return value.value if isinstance(value, Enum) else value

    def put(self, name: str, rows: list[dict]) -> None:
        """Insert ``rows``, which all have the same keys."""
        if not rows:
            return
        table = self.metadata.tables[name]
        given = [c.name for c in table.columns if c.name in rows[0]]
        defaulted = [c for c in table.columns if c.name not in rows[0] and c.default is not None]
        names = given + [c.name for c in defaulted]
        tail = tuple(self._default(c) for c in defaulted)
        get = itemgetter(*given)
        values = [get(row) + tail for row in rows]
        cursor = self.connection.cursor()
        if self.postgres:
            with cursor.copy(f"COPY {name} ({', '.join(names)}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in names)
            cursor.executemany(f"INSERT INTO {name} ({', '.join(names)}) VALUES ({marks})", values)

    def finish(self) -> None:
        """Commit; on PostgreSQL move each id sequence past the ids given; gather statistics."""
        cursor = self.connection.cursor()
        if self.postgres:
            for name in ("cooperatives", "products", "plots", "batches", "trace_events"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT max(id) FROM {name}))"
                )
        if self.postgres:
            cursor.execute("SET session_replication_role = DEFAULT")
        self.connection.commit()
        if self.postgres:
            self.connection.autocommit = True
            cursor.execute("VACUUM ANALYZE")  # planner statistics and the visibility map
            self.connection.autocommit = False
        else:
            cursor.execute("ANALYZE")
            self.connection.commit()

    def close(self) -> None:
        self.raw.close()
