"""Where a form goes back to after saving: a ``next`` address given by the page that linked
to it (the readiness check's "Fix" links, the sign-in page), followed only when it is a path
of this site. Anything else (another host, ``//host``, a backslash or a control character a
browser would read as a slash or drop) is ignored, so a crafted link cannot send a signed-in
user elsewhere."""

from urllib.parse import urlsplit

from flask import request


def safe_path(target) -> str | None:
    """``target`` when it is a same-site relative path (``/…``), else None."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def next_path() -> str | None:
    """The request's ``?next=`` when it is safe to follow, else None."""
    return safe_path(request.args.get("next"))


def next_or(default: str) -> str:
    """Where to go after a save: the safe ``?next=``, else ``default``."""
    return next_path() or default
