"""The password-reset mail, sent as a background job (app/jobs.py): the forgotten-password
page answers at once, and as fast whether or not a mail goes out. The job makes the reset
itself, so its secret never sits in a queue."""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..extensions import db
from ..models import User
from .invitations import MAIL_RESET_HOURS, issue_reset
from .mail import send_mail


def send_reset_mail(user_id: int) -> None:
    """Issue a reset for the account and mail its link (nothing for an account that has no
    email, or was deactivated meanwhile). Not retried: each try would make a new link."""
    user = db.session.get(User, user_id)
    if user is None or not user.email or not user.is_active:
        return
    issued = issue_reset(user, by=None, by_mail=True)
    # PUBLIC_BASE_URL, never a request's Host header: that one can be forged.
    link = f"{current_app.config['PUBLIC_BASE_URL']}/auth/i/{issued.token}"
    with force_locale(user.locale):
        subject = _("Choose a new Lên Sàn password")
        body = render_template("auth/reset_email.txt", user=user, link=link, hours=MAIL_RESET_HOURS)
    send_mail(user.email, subject, body)
