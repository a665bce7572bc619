"""Sign-in, sign-out, the account page and the language switch."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, logout_user

from ..access import STAFF, public, roles_required
from ..extensions import db
from ..redirects import next_or
from ..services import ServiceError
from . import bp, throttle
from .forms import LoginForm, PasswordChangeForm, SignOutEverywhereForm
from .services import authenticate, change_password, end_all_sessions
from .sessions import begin_session


def _too_many(form: LoginForm, exc: throttle.TooManyAttempts):
    minutes = -(-exc.seconds // 60)
    message = ngettext(
        "Too many failed sign-ins. Wait %(num)d minute, then try again.",
        "Too many failed sign-ins. Wait %(num)d minutes, then try again.",
        minutes,
    )
    if not exc.known_device:
        message += " " + _("A device you have signed in with before is not slowed down.")
    form.password.errors.append(message)
    response = current_app.make_response(render_template("auth/login.html", form=form))
    response.status_code = 429
    response.headers["Retry-After"] = str(exc.seconds)
    return response


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Sign in; throttled per address, per account and per known device (auth/throttle.py)."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        device = throttle.read_device(request.cookies.get(throttle.DEVICE_COOKIE))
        try:
            user = authenticate(
                form.login.data, form.password.data, request.remote_addr or "", device
            )
        except throttle.TooManyAttempts as exc:
            return _too_many(form, exc)
        if user is not None:
            begin_session(user, remember=form.remember.data)
            session["lang"] = session.get("lang") or user.locale
            response = redirect(next_or(url_for("dashboard.index")))
            throttle.set_device_cookie(response, throttle.device_cookie(user.id, device))
            return response
        form.password.errors.append(_("Wrong email/phone or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@roles_required(*STAFF)
def logout():
    """Sign out: this account's sessions and remember cookies all stop working."""
    end_all_sessions(current_user)
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.index"))


@bp.route("/account", methods=["GET", "POST"])
@roles_required(*STAFF)
def account():
    """The signed-in user's account: change the password, sign out on every device."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current.data, form.new.data)
        except ServiceError as exc:
            db.session.rollback()
            form.add_errors(exc)
        else:
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            begin_session(user, remember=remembered in request.cookies)
            flash(_("Your password is changed. Other devices have been signed out."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, everywhere=SignOutEverywhereForm())


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@roles_required(*STAFF)
def sign_out_everywhere():
    """End every session of the account, on this device and all others."""
    if not SignOutEverywhereForm().validate_on_submit():
        return redirect(url_for("auth.account"))
    end_all_sessions(current_user._get_current_object())
    logout_user()
    flash(_("You have been signed out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language/<code>")
@public
def set_language(code: str):
    """Remember the chosen language (session, and the account when signed in)."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(next_or(url_for("public.index")))
