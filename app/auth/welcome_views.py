"""Invitations and resets, the invited person's side: open the link or type the code, choose
a password, land signed in; and the forgotten-password page. None of these answers tells
whether an account exists."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import logout_user
from redis.exceptions import RedisError

from ..access import public
from ..extensions import db
from ..jobs import enqueue
from ..models import Invitation, InvitationState, Purpose
from ..services import ServiceError
from . import bp, throttle
from .invitations import MAIL_RESET_HOURS, complete, find_by_code, find_by_token
from .invite_forms import CodeForm, ForgotForm, NewPasswordForm
from .mail import mail_configured
from .services import resolve_login
from .sessions import begin_session

WELCOME = "welcome"  # the session key of the invitation whose link or code was given


def _address() -> str:
    return request.remote_addr or ""


def _state_page(state: InvitationState | None, status: int):
    return render_template("auth/link_state.html", state=state, State=InvitationState), status


@bp.route("/i/<token>")
@public
def open_link(token: str):
    """The link of an invitation or reset: remembered in the session, then taken out of the
    address bar (and out of any Referer) by a redirect."""
    invitation = find_by_token(token)
    if invitation is None:
        return _state_page(None, 404)
    session[WELCOME] = invitation.id
    response = redirect(url_for("auth.welcome"))
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _too_many(form, seconds: int):
    minutes = -(-seconds // 60)
    form.code.errors = [_("Too many wrong codes. Wait %(n)d minutes, then try again.", n=minutes)]
    return render_template("auth/code.html", form=form), 429, {"Retry-After": str(seconds)}


@bp.route("/code", methods=["GET", "POST"])
@public
def enter_code():
    """Type the code of an invitation or reset; wrong codes are throttled like sign-ins."""
    form = CodeForm()
    if form.validate_on_submit():
        wait = throttle.wait_for("code", _address())
        if wait is not None:
            return _too_many(form, wait)
        invitation = find_by_code(form.code.value)
        if invitation is None:
            throttle.spend("code", _address())
            form.code.errors = [_("This code is not valid. Check it, or ask for a new one.")]
        else:
            session[WELCOME] = invitation.id
            return redirect(url_for("auth.welcome"))
    return render_template("auth/code.html", form=form)


def _landing(invitation: Invitation) -> str:
    if invitation.purpose == Purpose.INVITE and invitation.cooperative_id:
        flash(_("Welcome to Lên Sàn! Your password is saved."), "success")
        return url_for("cooperatives.show", cooperative_id=invitation.cooperative_id)
    flash(_("Your new password is saved. Every other device has been signed out."), "success")
    return url_for("dashboard.index")


@bp.route("/welcome", methods=["GET", "POST"])
@public
def welcome():
    """Choose a password for the invitation or reset whose link or code was given."""
    invitation_id = session.get(WELCOME)
    invitation = (
        db.session.get(Invitation, invitation_id) if isinstance(invitation_id, int) else None
    )
    if invitation is None:
        return redirect(url_for("auth.enter_code"))
    state = invitation.state()
    if state != InvitationState.PENDING:
        return _state_page(state, 410)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = complete(invitation, form.password.data)
        except ServiceError as exc:
            db.session.rollback()
            form.add_errors(exc)
        else:
            session.pop(WELCOME, None)
            logout_user()  # whoever was signed in on this browser before
            begin_session(user, remember=False)
            session["lang"] = session.get("lang") or user.locale
            return redirect(_landing(invitation))
    person = invitation.user if invitation.purpose == Purpose.RESET else invitation
    return render_template("auth/welcome.html", form=form, invitation=invitation, person=person)


def _mail_reset(login: str) -> None:
    """Queue a reset mail when ``login`` names an active account with an email (else
    nothing); the job (app/auth/mail_jobs.py) makes the link and sends it."""
    user, _account = resolve_login(login)
    if user is None or not user.email or not user.is_active:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        enqueue(app, "app.auth.mail_jobs:send_reset_mail", user.id)
    except RedisError:  # the page says the same; the person may ask their officer
        app.logger.exception("password reset mail not queued")


@bp.route("/forgot", methods=["GET", "POST"])
@public
def forgot():
    """ "Forgot your password?": a link by mail when the account has an email and mail is
    set up; otherwise the page says to ask the cooperative's officer for a reset code."""
    form = ForgotForm()
    mail = mail_configured()
    if form.validate_on_submit():
        _user, account = resolve_login(form.login.data)
        wait = throttle.wait_for("forgot", _address()) or throttle.wait_for("forgot", account)
        if wait is not None:
            minutes = -(-wait // 60)
            form.login.errors = [_("Too many requests. Wait %(n)d minutes, then try again.",
                                   n=minutes)]  # fmt: skip
            return render_template("auth/forgot.html", form=form, mail=mail), 429
        throttle.spend("forgot", _address())
        throttle.spend("forgot", account)
        if mail:
            _mail_reset(form.login.data)
        return render_template("auth/forgot_sent.html", mail=mail, hours=MAIL_RESET_HOURS)
    return render_template("auth/forgot.html", form=form, mail=mail)
