"""Forms for administering accounts."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from .. import areas
from ..auth.services import NewUser
from ..forms import TOO_LONG, Form, choices, int_or_none
from ..models import Role


class UserForm(Form):
    errors_elsewhere = "name"

    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter a name.")), Length(max=120, message=TOO_LONG)],
    )
    email = StringField(_l("Email"), validators=[Length(max=254, message=TOO_LONG)])
    phone = StringField(_l("Phone"), validators=[Length(max=20, message=TOO_LONG)])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter a password.")), Length(max=200, message=TOO_LONG)],
    )
    role = SelectField(_l("Role"), validate_choice=False, default=Role.MEMBER.value)
    is_manager = BooleanField(
        _l("Manager of the cooperative (invites co-workers, manages accounts)")
    )
    cooperative = SelectField(_l("Cooperative (members)"), validate_choice=False)
    province = SelectField(
        _l("Province covered (officers)"), coerce=int_or_none, validate_choice=False
    )
    locale = SelectField(
        _l("Language"),
        validate_choice=False,
        choices=choices([("vi", "Tiếng Việt"), ("en", "English")]),
    )
    submit = SubmitField(_l("Create account"))

    def __init__(self, *args, cooperatives=(), roles=tuple(Role), **kwargs):
        super().__init__(*args, **kwargs)
        # Least privilege first: members, then officers, then administrators.
        self.role.choices = choices([(r.value, r.label) for r in reversed(Role) if r in roles])
        self.cooperative.choices = choices(
            [(None, "—")] + [(c.slug, c.display_name) for c in cooperatives]
        )
        self.province.choices = choices(
            [(None, "—")] + [(a.code, a.name) for a in areas.provinces()]
        )

    def error_field(self, name: str | None):
        """The service names an officer's areas "areas"; this form has one province field."""
        return super().error_field("province" if name == "areas" else name)

    def to_data(self) -> NewUser:
        return NewUser(
            name=self.name.data,
            password=self.password.data,
            role=self.role.data,
            email=self.email.data,
            phone=self.phone.data,
            cooperative_slug=self.cooperative.data,
            areas=[(self.province.data, None)] if self.province.data else [],
            locale=self.locale.data,
            is_manager=self.is_manager.data,
        )


class RightsForm(Form):
    """Another role, or the manager right, for an existing account."""

    errors_elsewhere = "role"

    role = SelectField(_l("Role"), validate_choice=False)
    is_manager = BooleanField(
        _l("Manager of the cooperative (invites co-workers, manages accounts)")
    )
    submit = SubmitField(_l("Save rights"))

    def __init__(self, *args, roles=tuple(Role), **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = choices([(r.value, r.label) for r in reversed(Role) if r in roles])
