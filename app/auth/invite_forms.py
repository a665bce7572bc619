"""Forms of invitations, codes typed by hand, new passwords and forgotten passwords."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import TOO_LONG, Form, ParsedField, choices
from .codes import parse_code
from .invitations import InvitationData


class InvitationForm(Form):
    errors_elsewhere = "name"

    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter a name.")), Length(max=120, message=TOO_LONG)],
    )
    phone = StringField(
        _l("Phone"),
        validators=[Length(max=20, message=TOO_LONG)],
        render_kw={"inputmode": "tel", "autocomplete": "off"},
    )
    email = StringField(
        _l("Email (optional)"),
        validators=[Length(max=254, message=TOO_LONG)],
        render_kw={"inputmode": "email", "autocomplete": "off"},
    )
    role = SelectField(_l("Rights"), validate_choice=False, default="member")
    submit = SubmitField(_l("Create invitation"))

    def __init__(self, *args, may_grant_manager=False, **kwargs):
        super().__init__(*args, **kwargs)
        offered = [("member", _l("Member: products, batches, labels"))]
        if may_grant_manager:
            offered.append(("manager", _l("Manager: also invites co-workers and manages accounts")))
        self.role.choices = choices(offered)

    def to_data(self, cooperative_id: int) -> InvitationData:
        return InvitationData(
            name=self.name.data,
            cooperative_id=cooperative_id,
            role=self.role.data,
            phone=self.phone.data,
            email=self.email.data,
        )


class NewPasswordForm(Form):
    errors_elsewhere = "password"

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a password.")), Length(max=200, message=TOO_LONG)],
        render_kw={"autocomplete": "new-password", "data-reveal": ""},
    )
    confirm = PasswordField(
        _l("The same password again"),
        validators=[
            DataRequired(_l("Enter the new password again.")),
            EqualTo("password", _l("The two passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password", "data-reveal": ""},
    )
    submit = SubmitField(_l("Save password and sign in"))


class CodeForm(Form):
    code = ParsedField(
        _l("Code"),
        parser=parse_code,
        required=_l("Enter the code from your invitation."),
        validators=[Length(max=40, message=TOO_LONG)],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "characters",
                   "spellcheck": "false", "placeholder": "XXXX-XXXX"},
    )  # fmt: skip
    submit = SubmitField(_l("Continue"))


class ForgotForm(Form):
    login = StringField(
        _l("Email or phone number"),
        validators=[
            DataRequired(_l("Enter your email or phone number.")),
            Length(max=254, message=TOO_LONG),
        ],
        render_kw={"autocomplete": "username"},
    )
    submit = SubmitField(_l("Send me a link"))
