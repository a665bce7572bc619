"""`flask db upgrade` on an empty database gives exactly the models' schema."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from app import create_app
from app.config import TestingConfig
from app.extensions import db as _db


@pytest.fixture
def empty_database_url(app, tmp_path):
    """A fresh SQLite file, or a fresh PostgreSQL schema when the suite runs on PostgreSQL."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    schema = f"mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in url else "?"
    yield f"{url}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def test_migrations_match_models(empty_database_url):
    mig_app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with mig_app.app_context():
        upgrade()
        with _db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, _db.metadata)
            tables = set(inspect(conn).get_table_names())
        assert diff == []
        assert {"users", "cooperatives", "officer_areas", "alembic_version"} <= tables
        downgrade(revision="base")
        with _db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        _db.engine.dispose()


def test_sqlite_runs_with_foreign_keys_wal_and_busy_timeout(tmp_path):
    file_app = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite'}"
    )
    with file_app.app_context(), _db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        _db.engine.dispose()
