"""Restore drill: seed rows and media, back up, empty everything, restore, all is back; and the
restore's refusals (another migration head, a database that holds rows)."""

import io
import json
import os
import tarfile
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app, storage
from app.extensions import db as _db
from tests.support import factories


def _postgres_database():
    """A database of our own next to TEST_DATABASE_URL's, dropped after the test."""
    url = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"{url.database}_drill_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    return url.set(database=name).render_as_string(hide_password=False), admin, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def drill_app(request, tmp_path):
    """An app of its own (its database, its media folder), with the tables created."""
    if request.param == "postgresql":
        if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
            pytest.skip("TEST_DATABASE_URL names no PostgreSQL database")
        uri, admin, drop = _postgres_database()
    else:
        uri, admin, drop = f"sqlite:///{tmp_path / 'drill.sqlite'}", None, None
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=uri, MEDIA_ROOT=str(tmp_path / "media"))
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()
    if admin is not None:
        with admin.connect() as connection:
            connection.execute(text(drop))
        admin.dispose()


def _snapshot(app):
    """Every row of every table, and every media file, as comparable values."""
    with app.app_context():
        rows = {
            table.name: sorted(
                map(repr, _db.session.execute(table.select()).all()),
            )
            for table in _db.metadata.sorted_tables
        }
        _db.session.remove()
    media = app.config["MEDIA_ROOT"]
    files = {}
    for folder, _, names in os.walk(media):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as fh:
                files[os.path.relpath(path, media)] = fh.read()
    return rows, files


def _seed(app):
    with app.app_context():
        coop = factories.CooperativeFactory(short_name="HTX Chè Tân Trào")
        factories.UserFactory(cooperative=coop)
        product = factories.ProductFactory(cooperative=coop)
        factories.BatchFactory(product=product)
        coop.logo_key = storage.save(b"\x89PNG fake logo", "logos", "png")
        storage.save(b"a private scan", "certificates", "pdf")
        _db.session.commit()
        _db.session.remove()


def _empty(app):
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        _db.session.remove()
    for folder, _, names in os.walk(app.config["MEDIA_ROOT"]):
        for name in names:
            os.remove(os.path.join(folder, name))


def test_restore_drill(drill_app, tmp_path):
    _seed(drill_app)
    before = _snapshot(drill_app)
    assert sum(map(len, before[0].values())) >= 4 and len(before[1]) == 2
    runner = drill_app.test_cli_runner()
    archive = tmp_path / "backup.tar.gz"
    made = runner.invoke(args=["backup", "-o", str(archive)])
    assert made.exit_code == 0, made.output
    assert "2 media files" in made.output

    _empty(drill_app)
    assert _snapshot(drill_app) != before
    done = runner.invoke(args=["restore", str(archive)])
    assert done.exit_code == 0, done.output
    assert "Restored the" in done.output and "2 media files" in done.output
    assert _snapshot(drill_app) == before

    # The site keeps working on the restored database: a new row gets a fresh id.
    with drill_app.app_context():
        factories.CooperativeFactory(short_name="HTX mới")
        _db.session.commit()


def test_restore_refuses_a_database_with_rows_unless_told(drill_app, tmp_path):
    _seed(drill_app)
    before = _snapshot(drill_app)
    runner = drill_app.test_cli_runner()
    archive = tmp_path / "backup.tar.gz"
    assert runner.invoke(args=["backup", "-o", str(archive)]).exit_code == 0
    refused = runner.invoke(args=["restore", str(archive)])
    assert refused.exit_code == 1
    assert "Nothing restored" in refused.output and "--replace" in refused.output
    assert _snapshot(drill_app) == before
    replaced = runner.invoke(args=["restore", "--replace", str(archive)])
    assert replaced.exit_code == 0, replaced.output
    assert _snapshot(drill_app) == before


def _with_manifest(archive, out, **changes):
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest.update(changes)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)


def test_restore_refuses_another_migration_head(app, tmp_path):
    drill = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'head.sqlite'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    with drill.app_context():
        _db.create_all()
    runner = drill.test_cli_runner()
    archive, old = tmp_path / "now.tar.gz", tmp_path / "old.tar.gz"
    assert runner.invoke(args=["backup", "-o", str(archive)]).exit_code == 0
    _with_manifest(archive, old, migration_head="0001")
    refused = runner.invoke(args=["restore", str(old)])
    assert refused.exit_code == 1
    assert "made at migration 0001" in refused.output and "--other-head" in refused.output
    assert runner.invoke(args=["restore", "--other-head", str(old)]).exit_code == 0
    with drill.app_context():
        _db.engine.dispose()


def test_a_file_that_is_no_backup_is_refused(app, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        info = tarfile.TarInfo("hello.txt")
        tar.addfile(info, io.BytesIO(b""))
    result = app.test_cli_runner().invoke(args=["restore", str(bogus)])
    assert result.exit_code == 1 and "no manifest.json" in result.output
    bogus.write_bytes(b"not an archive")
    result = app.test_cli_runner().invoke(args=["restore", str(bogus)])
    assert result.exit_code == 1 and "not a tar.gz archive" in result.output
