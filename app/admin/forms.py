"""Forms for administering accounts."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from .. import areas
from ..forms import Form, choices
from ..i18n import role_label
from ..models import Role


class UserForm(Form):
    name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter a name.")), Length(max=120)]
    )
    email = StringField(_l("Email"), validators=[Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Length(max=20)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter a password.")), Length(max=200)]
    )
    role = SelectField(_l("Role"))
    cooperative = SelectField(_l("Cooperative (members)"), validate_choice=False)
    province = SelectField(_l("Province covered (officers)"), validate_choice=False)
    locale = SelectField(_l("Language"), choices=choices([("vi", "Tiếng Việt"), ("en", "English")]))
    submit = SubmitField(_l("Create account"))

    def __init__(self, *args, cooperatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = choices((r.value, role_label(r)) for r in Role)
        self.cooperative.choices = choices(
            [(None, "—")] + [(c.slug, c.display_name) for c in cooperatives]
        )
        self.province.choices = choices(
            [(None, "—")] + [(a.code, a.name) for a in areas.provinces()]
        )
