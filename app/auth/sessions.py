"""Sessions that end when the user ends them, and the cache headers that keep them private.

Flask-Login stores ``User.get_id()`` in the session and signs it into the remember cookie.
That id is ``<session token>.<sign-in time>.<nonce>``:

- the **session token** is a random column of the user; replacing it (sign-out, a new password,
  deactivation, "sign out everywhere") makes every session and remember cookie that names the
  old one load nobody;
- the **sign-in time** bounds any session or remember cookie to ``REMEMBER_COOKIE_DURATION``
  server-side, whatever the cookie's own expiry says;
- the **nonce** makes every sign-in's remember cookie different.

A staff session also keeps its last activity (``session["seen"]``); after
``STAFF_IDLE_MINUTES`` without a staff page, the next staff page asks to sign in again (a
browser holding a "keep me signed in" cookie is signed in again from it: the user asked it to).

Caching: staff pages answer ``Cache-Control: private, no-store``; a public page rendered for a
signed-in user, or one that sets a cookie, is made ``private`` so a shared cache never keeps
user data or a ``Set-Cookie``.
"""

import time

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user
from sqlalchemy import select

from ..access import view_access
from ..extensions import db
from ..models import User

SEEN = "seen"
_FLASK_LOGIN_KEYS = ("_user_id", "_fresh", "_id", SEEN)


def _max_age_seconds() -> int:
    return int(current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds())


def load_user(session_id: str) -> User | None:
    """Flask-Login's user loader: the active user whose current token ``session_id`` names,
    when the sign-in it records is younger than ``REMEMBER_COOKIE_DURATION``."""
    if not isinstance(session_id, str):  # a session from before tokens held a number
        return None
    token, _, mark = session_id.partition(".")
    issued, _, nonce = mark.partition(".")
    if not token or not issued.isdigit() or not nonce or len(session_id) > 200:
        return None
    age = time.time() - int(issued)
    if not -60 <= age <= _max_age_seconds():
        return None
    user = db.session.execute(select(User).where(User.session_token == token)).scalar_one_or_none()
    if user is None or not user.is_active:
        return None
    user._sign_in_mark = mark
    return user


def begin_session(user: User, remember: bool) -> None:
    """Sign ``user`` in on this browser with a fresh sign-in mark (a new remember cookie)."""
    user._sign_in_mark = None
    login_user(user, remember=remember)
    session[SEEN] = int(time.time())


def _is_staff_endpoint() -> bool:
    declared = view_access(request.endpoint) if request.endpoint else None
    return declared is not None and not declared[0]


def end_idle_session():
    """``before_request`` hook: on a staff page, end a session idle for longer than
    ``STAFF_IDLE_MINUTES`` and ask to sign in again; otherwise note the activity.

    Public pages neither check nor note it, so they never change the session cookie."""
    if "_user_id" not in session or not _is_staff_endpoint():
        return None
    now = int(time.time())
    minutes = current_app.config["STAFF_IDLE_MINUTES"]
    seen = session.get(SEEN)
    if isinstance(seen, int) and now - seen > minutes * 60:
        for key in _FLASK_LOGIN_KEYS:
            session.pop(key, None)
        g.pop("_login_user", None)
        if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in request.cookies:
            flash(
                _(
                    "You were signed out after %(minutes)d minutes without activity. "
                    "Sign in again to continue.",
                    minutes=minutes,
                ),
                "warning",
            )
            target = request.full_path.rstrip("?") if request.method == "GET" else None
            return redirect(url_for("auth.login", next=target))
        return None  # Flask-Login signs the browser in again from its remember cookie
    session[SEEN] = now
    return None


def private_cache_headers(response):
    """``after_request`` hook: staff pages are never stored; a public answer that carries user
    data or a cookie is never ``public``."""
    if _is_staff_endpoint():
        response.headers["Cache-Control"] = "private, no-store"
        return response
    user = g.get("_login_user")
    personal = (
        (user is not None and user.is_authenticated)
        or session.modified
        or "_remember" in session
        or "Set-Cookie" in response.headers
    )
    if personal and response.cache_control.public:
        response.cache_control.public = False
        response.cache_control.private = True
    return response
