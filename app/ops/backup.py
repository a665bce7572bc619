"""``flask backup`` / ``flask restore``: the database and the media folder in one archive.

The archive is a tar.gz of ``manifest.json`` (app, migration head, time, database kind, counts),
the database (PostgreSQL: ``pg_dump --format=custom``, restored with ``pg_restore``; SQLite: a
copy made with SQLite's online backup API, so the site may keep running) and ``media/`` (every
file under MEDIA_ROOT). A restore refuses an archive made at another migration head, or a
database that already holds rows, unless told otherwise.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import URL

from ..extensions import db

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite"}


class RestoreRefused(Exception):
    """The archive does not fit this installation; the message says why and what to pass."""


@dataclass
class Restored:
    manifest: dict
    rows: int
    tables: int
    media_files: int


def migration_head() -> str:
    """The newest migration of this code (several heads are joined by "+")."""
    folder = os.path.join(current_app.root_path, "..", "migrations")
    return "+".join(sorted(ScriptDirectory(folder).get_heads()))


def database_kind() -> str:
    kind = db.engine.dialect.name
    if kind not in DUMPS:
        raise RestoreRefused(f"cannot back up a {kind} database")
    return kind


def row_counts() -> dict[str, int]:
    """Rows per table of the app's models (tables not created yet count as missing)."""
    existing = set(inspect(db.engine).get_table_names())
    counts = {}
    for table in db.metadata.sorted_tables:
        if table.name in existing:
            counts[table.name] = db.session.scalar(select(func.count()).select_from(table)) or 0
    db.session.rollback()
    return counts


def _libpq(url: URL) -> tuple[list[str], dict[str, str]]:
    """``--dbname`` arguments and environment for pg_dump / pg_restore (password not in argv)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return ["--dbname", plain.render_as_string(hide_password=False)], env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()}")


def _dump_database(kind: str, target: Path) -> None:
    if kind == "postgresql":
        dbname, env = _libpq(db.engine.url)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *dbname,
              "--file", str(target)], env)  # fmt: skip
        return
    copy = sqlite3.connect(target)
    raw = db.engine.raw_connection()
    try:
        raw.driver_connection.backup(copy)  # type: ignore[union-attr]
    finally:
        raw.close()
        copy.close()


def write_backup(archive: Path) -> dict:
    """Write the archive (atomically: a temporary file renamed at the end); return its manifest."""
    kind = database_kind()
    media = Path(current_app.config["MEDIA_ROOT"])
    counts = row_counts()
    with tempfile.TemporaryDirectory(prefix="lensan-backup-") as work:
        dump = Path(work) / DUMPS[kind]
        _dump_database(kind, dump)
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        manifest = {
            "format": FORMAT,
            "app": "lensan",
            "migration_head": migration_head(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": kind,
            "rows": sum(counts.values()),
            "media_files": len(files),
        }
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DUMPS[kind])
            for path in files:
                tar.add(path, arcname="media/" + path.relative_to(media).as_posix())
        os.replace(partial, archive)
    return manifest


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise RestoreRefused("not a Lên Sàn backup: no manifest.json")
    manifest = json.loads(member.read())
    if manifest.get("app") != "lensan" or manifest.get("format") != FORMAT:
        raise RestoreRefused("not a Lên Sàn backup of a format this version reads")
    return manifest


def _check(manifest: dict, replace: bool, other_head: bool) -> None:
    kind, head = database_kind(), migration_head()
    if manifest["database"] != kind:
        raise RestoreRefused(
            f"the archive holds a {manifest['database']} database; this one is {kind}"
        )
    if manifest["migration_head"] != head and not other_head:
        raise RestoreRefused(
            f"the archive was made at migration {manifest['migration_head']}, this code is at "
            f"{head}; restore it with the code of that migration (then `flask db upgrade`), "
            "or pass --other-head"
        )
    rows = sum(row_counts().values())
    if rows and not replace:
        raise RestoreRefused(
            f"the database already holds {rows} rows; pass --replace to overwrite them"
        )


def _restore_database(kind: str, dump: Path) -> None:
    if kind == "postgresql":
        db.session.remove()
        db.engine.dispose()  # nothing of ours holds a lock on the tables pg_restore drops
        dbname, env = _libpq(db.engine.url)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", *dbname, str(dump)], env)  # fmt: skip
        return
    db.session.remove()
    source = sqlite3.connect(dump)
    raw = db.engine.raw_connection()
    try:
        source.backup(raw.driver_connection)  # type: ignore[arg-type]
    finally:
        raw.close()
        source.close()
    if db.engine.url.database not in (None, "", ":memory:"):
        db.engine.dispose()  # pooled connections of a file database start afresh


def _restore_media(tar: tarfile.TarFile, media: Path) -> int:
    members = [m for m in tar.getmembers() if m.name.startswith("media/") and m.isfile()]
    media.mkdir(parents=True, exist_ok=True)
    for member in members:
        member.name = member.name.removeprefix("media/")
        tar.extract(member, media, filter="data")  # refuses links and paths out of the folder
    return len(members)


def restore_backup(archive: Path, replace: bool = False, other_head: bool = False) -> Restored:
    """Put the archive's database and media back; raises RestoreRefused before changing
    anything when the archive does not fit."""
    try:
        opened = tarfile.open(archive, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError):
        raise RestoreRefused(f"{archive} is not a tar.gz archive") from None
    with opened as tar:
        manifest = read_manifest(tar)
        _check(manifest, replace, other_head)
        kind = manifest["database"]
        with tempfile.TemporaryDirectory(prefix="lensan-restore-") as work:
            member = tar.getmember(DUMPS[kind])
            source = tar.extractfile(member)
            if source is None:
                raise RestoreRefused(f"the archive holds no {DUMPS[kind]}")
            dump = Path(work) / DUMPS[kind]
            with source, dump.open("wb") as out:
                shutil.copyfileobj(source, out)
            _restore_database(kind, dump)
        media_files = _restore_media(tar, Path(current_app.config["MEDIA_ROOT"]))
    db.session.execute(text("SELECT 1"))
    counts = row_counts()
    return Restored(manifest, sum(counts.values()), len(counts), media_files)
