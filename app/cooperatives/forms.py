"""The cooperative profile form."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from .. import areas
from ..extensions import db
from ..forms import TOO_LONG, Form, choices, int_or_none
from ..models import Cooperative, CooperativeKind
from ..text import normalize_phone, normalize_tax_code

KIND_LABELS = {
    CooperativeKind.HTX: _l("Cooperative (HTX)"),
    CooperativeKind.THT: _l("Cooperative group (tổ hợp tác)"),
    CooperativeKind.HKD: _l("Household business"),
    CooperativeKind.DN: _l("Enterprise"),
}


class CooperativeForm(Form):
    legal_name = StringField(
        _l("Legal name"),
        validators=[
            DataRequired(_l("Enter the cooperative's legal name.")),
            Length(max=200, message=TOO_LONG),
        ],
    )
    short_name = StringField(_l("Short name"), validators=[Length(max=80, message=TOO_LONG)])
    kind = SelectField(
        _l("Type"), choices=choices((k.value, label) for k, label in KIND_LABELS.items())
    )
    registration_number = StringField(
        _l("Registration number"),
        validators=[
            Optional(),
            Length(max=30, message=TOO_LONG),
            Regexp(
                r"^[0-9A-Za-z./-]+$",
                message=_l("Use only digits, letters, dots, slashes and dashes."),
            ),
        ],
    )
    tax_code = StringField(
        _l("Tax code"), validators=[Optional(), Length(max=20, message=TOO_LONG)]
    )
    province_code = SelectField(_l("Province"), coerce=int_or_none, validate_choice=False)
    commune_code = SelectField(_l("Commune"), coerce=int_or_none, validate_choice=False)
    refresh = SubmitField(_l("Show this province's communes"))
    street = StringField(_l("Village / street"), validators=[Length(max=200, message=TOO_LONG)])
    legacy_address = StringField(
        _l("Address as written before 2025"), validators=[Length(max=300, message=TOO_LONG)]
    )
    representative = StringField(
        _l("Representative"), validators=[Length(max=120, message=TOO_LONG)]
    )
    phone = StringField(_l("Phone"), validators=[Length(max=20, message=TOO_LONG)])
    email = StringField(
        _l("Email"),
        validators=[
            Optional(),
            Length(max=254, message=TOO_LONG),
            Email(_l("This email address is not valid."), check_deliverability=False),
        ],
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=5000, message=TOO_LONG)])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, cooperative_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cooperative_id = cooperative_id
        self.province_code.choices = choices(
            [(None, _l("— choose a province —"))] + [(a.code, a.name) for a in areas.provinces()]
        )
        self.commune_code.choices = choices(
            [(None, _l("— choose a commune —"))]
            + [(a.code, a.name) for a in areas.communes(self.province_code.data)]
        )

    def validate_province_code(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose a province."))
        if areas.province(field.data) is None:
            raise ValidationError(_l("Unknown province code."))

    def validate_commune_code(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose a commune."))
        if not areas.commune_in_province(field.data, self.province_code.data):
            raise ValidationError(_l("This commune code is unknown or not in the chosen province."))

    def validate_tax_code(self, field):
        code = normalize_tax_code(field.data)
        if code is None:
            raise ValidationError(_l("A tax code has 10 digits (10-3 for a branch) or 12 digits."))
        field.data = code
        self._unique(Cooperative.tax_code, code, _l("Another cooperative has this tax code."))

    def validate_registration_number(self, field):
        self._unique(
            Cooperative.registration_number,
            field.data,
            _l("Another cooperative has this registration number."),
        )

    def validate_phone(self, field):
        if field.data:
            phone = normalize_phone(field.data)
            if phone is None:
                raise ValidationError(_l("This is not a Vietnamese phone number."))
            field.data = phone

    def _unique(self, column, value, message):
        stmt = select(Cooperative.id).where(column == value)
        if self.cooperative_id:
            stmt = stmt.where(Cooperative.id != self.cooperative_id)
        if db.session.execute(stmt).first():
            raise ValidationError(message)
