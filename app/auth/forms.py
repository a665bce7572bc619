"""Sign-in, password change and "sign out everywhere" forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import TOO_LONG, Form


class LoginForm(Form):
    login = StringField(
        _l("Email or phone number"),
        validators=[
            DataRequired(_l("Enter your email or phone number.")),
            Length(max=254, message=TOO_LONG),
        ],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200, message=TOO_LONG)],
        render_kw={"autocomplete": "current-password", "data-reveal": ""},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))


class PasswordChangeForm(Form):
    errors_elsewhere = "new"

    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200, message=TOO_LONG)],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a password.")), Length(max=200, message=TOO_LONG)],
        render_kw={"autocomplete": "new-password", "data-reveal": ""},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Enter the new password again.")),
            EqualTo("new", _l("The two new passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Change password"))


class SignOutEverywhereForm(Form):
    """Only its CSRF token: the button that ends every session of the account."""

    submit = SubmitField(_l("Sign out on every device"))
