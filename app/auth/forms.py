"""Sign-in form."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

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
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))
