"""Stored files, addressed by key, on the local folder MEDIA_ROOT (the default) or on an
S3-compatible object store (``STORAGE=s3``, see :mod:`app.storage_s3`).

Most files are addressed by content: ``<folder>/<aa>/<sha256>.<ext>``. The same bytes are
stored once; a key never changes meaning, so pages and caches can keep it forever. A few are
addressed by name (``labels/run-<id>.pdf``) and written again in place. Folders in
``PUBLIC_FOLDERS`` may be served to anyone at ``/media/<key>``; the others (certificate scans,
onboarding evidence, kept imports, label PDFs) only through views that check who is asking.

Features call the functions of this module (:func:`save`, :func:`read`, :func:`exists`,
:func:`send` …); they go to the app's backend, made once from its configuration.
"""

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, TypeGuard

from flask import Response, current_app, send_file

PUBLIC_FOLDERS = ("logos", "images")
_KEY_RE = re.compile(
    r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*/[0-9a-f]{2}/[0-9a-f]{64}(?:-[a-z0-9]+)?\.[a-z0-9]{2,5}$"
)
_NAME_RE = re.compile(r"^[a-z0-9_-]+/[a-z0-9][a-z0-9_-]*\.[a-z0-9]{2,5}$")


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def make_key(data: bytes, folder: str, ext: str, variant: str | None = None) -> str:
    digest = hashlib.sha256(data).hexdigest()
    suffix = f"-{variant}" if variant else ""
    return f"{folder}/{digest[:2]}/{digest}{suffix}.{ext.lower()}"


def variant_key(key: str, variant: str, ext: str) -> str:
    """The key of a rendition saved with ``source=`` the bytes behind ``key``."""
    stem = key.rsplit(".", 1)[0]
    return f"{stem}-{variant}.{ext.lower()}"


def is_valid_key(key: object) -> TypeGuard[str]:
    """A content key (what uploads are stored under)."""
    return isinstance(key, str) and _KEY_RE.match(key) is not None and ".." not in key


def is_stored_name(key: object) -> TypeGuard[str]:
    """A content key or a named one such as ``labels/run-12.pdf``."""
    return is_valid_key(key) or (isinstance(key, str) and _NAME_RE.match(key) is not None)


def _checked(key: str) -> str:
    if not is_stored_name(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


def path_for(key: str, root: Path | None = None) -> Path:
    """The local file of a key; refuses anything that is not a well-formed key."""
    return (root or media_root()) / _checked(key)


def is_public(key: str) -> bool:
    return is_valid_key(key) and key.split("/", 1)[0] in PUBLIC_FOLDERS


class Storage(Protocol):
    """What a backend does. Keys are checked by the module's functions before they get here."""

    name: str

    def exists(self, key: str) -> bool: ...

    def read(self, key: str) -> bytes:
        """The bytes; FileNotFoundError when there are none."""

    def write(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` at once (readers see the old bytes or the new)."""

    def write_file(self, key: str, path: Path) -> None:
        """Store the finished local file ``path`` under ``key``; ``path`` is gone after."""

    def scratch_dir(self, key: str) -> Path:
        """Where to write a file that :meth:`write_file` will then store under ``key``."""

    def delete(self, key: str) -> None:
        """Remove ``key``; nothing when it is not there."""

    def touch(self, key: str) -> None:
        """Make ``key`` look freshly written (for :meth:`written_before`)."""

    def written_before(self, folder: str, before: float) -> Iterator[str]:
        """Keys in ``folder`` last written before the timestamp ``before``."""

    def all_keys(self) -> Iterator[str]:
        """Every stored key."""

    def send(self, key: str, mimetype: str, **options: Any) -> Response:
        """A response with the bytes (options as :func:`flask.send_file` takes them)."""

    def problem(self) -> str | None:
        """Why the backend cannot store files now (for /readyz), or None."""


class LocalStorage:
    """Files under a folder, written through a private temporary file moved in place."""

    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def scratch_dir(self, key: str) -> Path:
        folder = self._path(key).parent
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def write(self, key: str, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.scratch_dir(key), prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, self._path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def write_file(self, key: str, path: Path) -> None:
        target = self._path(key)
        if path.parent == target.parent:
            os.replace(path, target)
        else:
            self.write(key, path.read_bytes())
            path.unlink()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def touch(self, key: str) -> None:
        os.utime(self._path(key))

    def written_before(self, folder: str, before: float) -> Iterator[str]:
        for path in (self.root / folder).glob("*/*.*"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < before:
                    yield path.relative_to(self.root).as_posix()

    def all_keys(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            key = path.relative_to(self.root).as_posix()
            if path.is_file() and is_stored_name(key):
                yield key

    def send(self, key: str, mimetype: str, **options: Any) -> Response:
        return send_file(self._path(key), mimetype=mimetype, **options)

    def problem(self) -> str | None:
        if not self.root.is_dir():
            return "media folder missing"
        if not os.access(self.root, os.W_OK | os.X_OK):
            return "media folder not writable"
        return None


def problem() -> str | None:
    """Why the app's storage cannot store files now, or None."""
    return backend().problem()


def make_backend(config) -> Storage:
    """The backend ``config`` asks for: ``STORAGE`` is ``local`` (default) or ``s3``."""
    kind = (config.get("STORAGE") or "local").lower()
    if kind == "local":
        return LocalStorage(Path(config["MEDIA_ROOT"]))
    if kind == "s3":
        if not config.get("S3_BUCKET"):
            raise RuntimeError("STORAGE=s3 needs S3_BUCKET")
        from .storage_s3 import S3Storage

        return S3Storage(
            config["S3_BUCKET"],
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region=config.get("S3_REGION"),
            prefix=config.get("S3_PREFIX") or "",
        )
    raise RuntimeError(f"STORAGE must be 'local' or 's3', not {kind!r}")


_SETTINGS = ("STORAGE", "MEDIA_ROOT", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "S3_PREFIX")


def backend() -> Storage:
    """The app's backend, made on first use and again when its settings change."""
    settings = tuple(current_app.config.get(name) for name in _SETTINGS)
    made = current_app.extensions.get("storage")
    if made is None or made[0] != settings:
        made = current_app.extensions["storage"] = (settings, make_backend(current_app.config))
    return made[1]


def save(
    data: bytes,
    folder: str,
    ext: str,
    variant: str | None = None,
    source: bytes | None = None,
) -> str:
    """Store ``data`` (once) and return its key.

    ``source`` names the file by other bytes than ``data``: a rendition saved with the main
    image as source and a ``variant`` is found from the main key by :func:`variant_key`.
    """
    key = make_key(data if source is None else source, folder, ext, variant)
    store = backend()
    if not store.exists(_checked(key)):
        store.write(key, data)
    return key


def put(key: str, data: bytes) -> None:
    """Store ``data`` under the named ``key``, replacing what was there."""
    backend().write(_checked(key), data)


def put_file(key: str, path: Path) -> None:
    """Store the finished local file ``path`` (written in :func:`scratch_dir`) under ``key``."""
    backend().write_file(_checked(key), path)


def scratch_dir(key: str) -> Path:
    return backend().scratch_dir(_checked(key))


def exists(key: object) -> bool:
    """Whether ``key`` is a well-formed key with something stored under it."""
    return is_stored_name(key) and backend().exists(key)


def read(key: str) -> bytes:
    return backend().read(_checked(key))


def delete(key: str) -> None:
    backend().delete(_checked(key))


def touch(key: str) -> None:
    backend().touch(_checked(key))


def sweep(folder: str, before: float) -> int:
    """Delete what ``folder`` holds that was last written before ``before``; how many."""
    store = backend()
    count = 0
    for key in list(store.written_before(folder, before)):
        with contextlib.suppress(OSError):
            store.delete(key)
            count += 1
    return count


def send(key: str, mimetype: str, **options: Any) -> Response:
    """A response with the stored bytes (404 when there are none), headers as
    :func:`flask.send_file` makes them; the caller sets caching and disposition."""
    return backend().send(_checked(key), mimetype, **options)


def copy_all(source: Storage, target: Storage) -> tuple[int, int]:
    """Copy every key of ``source`` that ``target`` lacks: (copied, already there)."""
    copied = present = 0
    for key in source.all_keys():
        if target.exists(key):
            present += 1
            continue
        target.write(key, source.read(key))
        copied += 1
    return copied, present
