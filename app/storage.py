"""Files kept under MEDIA_ROOT, addressed by content: ``<folder>/<aa>/<sha256>.<ext>``.

The same bytes are stored once; a key never changes meaning, so pages and caches can keep it
forever. Folders in ``PUBLIC_FOLDERS`` may be served to anyone at ``/media/<key>``; the others
(certificate scans, onboarding evidence) only through views that check who is asking.
"""

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import TypeGuard

from flask import current_app

PUBLIC_FOLDERS = ("logos", "images")
_KEY_RE = re.compile(
    r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*/[0-9a-f]{2}/[0-9a-f]{64}(?:-[a-z0-9]+)?\.[a-z0-9]{2,5}$"
)


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


def save(
    data: bytes,
    folder: str,
    ext: str,
    root: Path | None = None,
    variant: str | None = None,
    source: bytes | None = None,
) -> str:
    """Write ``data`` atomically (once) and return its key.

    ``source`` names the file by other bytes than ``data``: a rendition saved with the main
    image as source and a ``variant`` is found from the main key by :func:`variant_key`.
    """
    key = make_key(data if source is None else source, folder, ext, variant)
    target = path_for(key, root)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    return key


def is_valid_key(key: object) -> TypeGuard[str]:
    return isinstance(key, str) and _KEY_RE.match(key) is not None and ".." not in key


def path_for(key: str, root: Path | None = None) -> Path:
    """The file of a key; refuses anything that is not a well-formed key."""
    if not is_valid_key(key):
        raise ValueError(f"not a storage key: {key!r}")
    return (root or media_root()) / key


def is_public(key: str) -> bool:
    return is_valid_key(key) and key.split("/", 1)[0] in PUBLIC_FOLDERS


def read(key: str, root: Path | None = None) -> bytes:
    return path_for(key, root).read_bytes()
