"""Sign-in, sign-out and the language switch."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..access import STAFF, public, roles_required
from ..extensions import db, limiter
from ..text import fold
from . import bp
from .forms import LoginForm
from .services import authenticate


def _safe_next(target: str | None, default: str) -> str:
    """Only follow same-site relative paths, never another host."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _failed_login(response) -> bool:
    return response.status_code != 302


def _login_key() -> str:
    return "login:" + fold(request.form.get("login", ""))[:254]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=_failed_login
)
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    methods=["POST"],
    key_func=_login_key,
    deduct_when=_failed_login,
)
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.login.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            session["lang"] = session.get("lang") or user.locale
            return redirect(_safe_next(request.args.get("next"), url_for("dashboard.index")))
        form.password.errors.append(_("Wrong email/phone or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@roles_required(*STAFF)
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.index"))


@bp.route("/language/<code>")
@public
def set_language(code: str):
    """Remember the chosen language (session, and the account when signed in)."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(_safe_next(request.args.get("next"), url_for("public.index")))
