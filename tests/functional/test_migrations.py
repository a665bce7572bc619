"""`flask db upgrade` on an empty database gives exactly the models' schema."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import CheckConstraint, create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

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
            checks = _check_constraints(conn)
        assert diff == []
        # Autogenerate compares no CHECK constraints: the enum columns' are compared here.
        assert checks == _model_check_constraints()
        assert {"users", "cooperatives", "officer_areas", "alembic_version"} <= tables
        downgrade(revision="base")
        with _db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        _db.engine.dispose()


def _check_constraints(conn) -> set[tuple[str, str]]:
    inspector = inspect(conn)
    return {
        (table, found["name"])
        for table in inspector.get_table_names()
        for found in inspector.get_check_constraints(table)
    }


def _model_check_constraints() -> set[tuple[str, str]]:
    return {
        (table.name, str(constraint.name))
        for table in _db.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }


def _rows_at_0010(conn, cooperative_kind="htx"):
    """A cooperative with a member, a certificate, a plot, a product and a batch with an
    event: rows that refer to the tables 0011 rebuilds on SQLite."""
    now = "2026-01-02 03:04:05"
    conn.execute(
        text(
            "INSERT INTO cooperatives (id, slug, legal_name, short_name, kind, province_code,"
            " commune_code, street, legacy_address, representative, description, search_text,"
            " status, created_at, updated_at) VALUES (1, 'htx-a', 'HTX A', '', :kind, 8,"
            " 2269, '', '', '', '', '', 'active', :now, :now)"
        ),
        {"kind": cooperative_kind, "now": now},
    )
    conn.execute(
        text(
            "INSERT INTO users (id, name, email, password_hash, role, cooperative_id, locale,"
            " is_active_account, created_at, session_token) VALUES (1, 'A', 'a@example.vn',"
            " 'x', 'member', 1, 'vi', true, :now, 'token')"
        ),
        {"now": now},
    )
    conn.execute(
        text(
            "INSERT INTO certificates (id, cooperative_id, kind, number, issuer, scope,"
            " issued_on, created_at) VALUES (1, 1, 'vietgap', 'VG-1', 'X', '', '2025-01-01',"
            " :now)"
        ),
        {"now": now},
    )
    conn.execute(
        text(
            "INSERT INTO products (id, cooperative_id, slug, name, category, description, unit,"
            " storage_instructions, usage_instructions, ingredients, warnings,"
            " standard_number, status, search_text, created_at, updated_at) VALUES (1, 1, 'p',"
            " 'P', 'tea', '', 'kg', '', '', '', '', '', 'active', '', :now, :now)"
        ),
        {"now": now},
    )
    conn.execute(
        text(
            "INSERT INTO batches (id, cooperative_id, product_id, code, public_code, unit,"
            " produced_on, status, recall_reason, recall_advice, notes, created_at,"
            " updated_at) VALUES (1, 1, 1, 'L1', 'ABCDEFGHJK', 'kg', '2025-01-01', 'open', '',"
            " '', '', :now, :now)"
        ),
        {"now": now},
    )
    conn.execute(
        text(
            "INSERT INTO trace_events (id, batch_id, seq, kind, occurred_at, place, actor,"
            " notes, public, details, photo_keys, recorded_at, prev_hash, content_hash) VALUES"
            " (1, 1, 1, 'harvest', :now, '', '', '', true, '{}', '[]', :now, '', 'h')"
        ),
        {"now": now},
    )


COUNTED = ("cooperatives", "users", "certificates", "products", "batches", "trace_events")


def test_0011_keeps_every_row_and_then_refuses_unknown_values(empty_database_url):
    mig_app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with mig_app.app_context():
        upgrade(revision="0010")
        with _db.engine.begin() as conn:
            _rows_at_0010(conn)
        upgrade()
        with _db.engine.connect() as conn:
            counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in COUNTED}
            assert counts == dict.fromkeys(COUNTED, 1)
            if conn.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
                assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        with pytest.raises(IntegrityError), _db.engine.begin() as conn:
            conn.execute(text("UPDATE batches SET status = 'lost' WHERE id = 1"))
        downgrade(revision="0010")
        with _db.engine.begin() as conn:
            conn.execute(text("UPDATE batches SET status = 'lost' WHERE id = 1"))
            counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in COUNTED}
            assert counts == dict.fromkeys(COUNTED, 1)
        _db.engine.dispose()


def test_0011_stops_before_changing_anything_when_a_value_is_unknown(empty_database_url, capfd):
    mig_app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with mig_app.app_context():
        upgrade(revision="0010")
        with _db.engine.begin() as conn:
            _rows_at_0010(conn, cooperative_kind="hop_tac_xa")
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits
            upgrade()
        assert "cooperatives.kind: 'hop_tac_xa'" in capfd.readouterr().err
        with _db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0010"
            assert ("cooperatives", "ck_cooperatives_kind") not in _check_constraints(conn)
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
