"""The cooperative profile form."""

from dataclasses import fields

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from .. import areas, banks
from ..extensions import db
from ..forms import TOO_LONG, Form, PlaceChecks, choices, int_or_none
from ..kept_fields import KeepRule, KeepsFiles
from ..models import Cooperative, CooperativeKind
from ..text import normalize_phone, normalize_tax_code
from ..uploads import IMAGE_ACCEPT, UploadError, sniff
from .services import CooperativeData

MAX_LOGO_BYTES = 5 * 1024 * 1024
LOGO_MESSAGES = {
    "empty": _l("The file is empty."),
    "type": _l("This file is not a JPEG, PNG or WebP image, whatever its name says."),
    "too_many_pixels": _l("This image is too large in pixels. Save it smaller and try again."),
}
# All three bank fields or none: what to say about each one that is missing.
BANK_MISSING = {
    "bank_bin": _l("Choose the bank of this account."),
    "bank_account_number": _l("Enter the account number."),
    "bank_account_holder": _l("Enter the account holder's name."),
}


class CooperativeForm(KeepsFiles, PlaceChecks, Form):
    errors_elsewhere = "legal_name"
    keep_rules = {"logo": KeepRule(MAX_LOGO_BYTES)}

    legal_name = StringField(
        _l("Legal name"),
        validators=[
            DataRequired(_l("Enter the cooperative's legal name.")),
            Length(max=200, message=TOO_LONG),
        ],
    )
    short_name = StringField(_l("Short name"), validators=[Length(max=80, message=TOO_LONG)])
    kind = SelectField(_l("Type"), choices=choices(CooperativeKind.choices()))
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
    logo = FileField(_l("Logo"), render_kw={"accept": IMAGE_ACCEPT, "data-downscale": True})
    remove_logo = BooleanField(_l("Remove the current logo"))
    bank_bin = SelectField(
        _l("Bank"),
        choices=choices(
            [(None, _l("— no bank account —"))] + [(b.bin, b.label) for b in banks.BANKS]
        ),
        validate_choice=False,  # validate_bank_bin says what is wrong, in Vietnamese
    )
    bank_account_number = StringField(
        _l("Account number"), validators=[Length(max=40, message=TOO_LONG)]
    )
    bank_account_holder = StringField(
        _l("Account holder"), validators=[Length(max=banks.HOLDER_MAX, message=TOO_LONG)]
    )
    sells_by_transfer = BooleanField(_l("Take orders by bank transfer on the product pages"))
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

    def validate_logo(self, field):
        """Judge the upload by its content and size; keep the bytes as ``self.logo_upload``."""
        self.logo_upload = None
        upload = field.data
        if not upload or not getattr(upload, "filename", None):
            return
        data = upload.read(MAX_LOGO_BYTES + 1)
        if len(data) > MAX_LOGO_BYTES:
            raise ValidationError(
                _l("The logo is larger than 5 MB. Save it smaller and try again.")
            )
        try:
            sniff(data)
        except UploadError as exc:
            raise ValidationError(LOGO_MESSAGES.get(exc.code, exc.message)) from None
        self.logo_upload = data

    def validate_bank_bin(self, field):
        field.data = field.data or None
        if field.data and banks.by_bin(field.data) is None:
            raise ValidationError(_l("Choose a bank from the list."))

    def validate_bank_account_number(self, field):
        if field.data:
            number = banks.normalize_account_number(field.data)
            if number is None:
                raise ValidationError(_l("An account number has 6 to 19 digits."))
            field.data = number

    def validate_bank_account_holder(self, field):
        if field.data:
            holder = banks.normalize_holder(field.data)
            if holder is None:
                raise ValidationError(
                    _l("Write the name as the bank prints it: letters, digits and spaces.")
                )
            field.data = holder

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the bank account as a whole: all three fields or none."""
        valid = super().validate(extra_validators)
        bank_fields = [getattr(self, name) for name in BANK_MISSING]
        if any(f.data or f.errors for f in bank_fields):
            for f in bank_fields:
                if not f.data and not f.errors:
                    f.errors.append(BANK_MISSING[f.name])
                    valid = False
        if self.sells_by_transfer.data and not all(f.data for f in bank_fields):
            self.sells_by_transfer.errors.append(
                _l("Orders by transfer need the bank account: fill in its three fields.")
            )
            valid = False
        return valid

    def _unique(self, column, value, message):
        stmt = select(Cooperative.id).where(column == value)
        if self.cooperative_id:
            stmt = stmt.where(Cooperative.id != self.cooperative_id)
        if db.session.execute(stmt).first():
            raise ValidationError(message)

    def to_data(self) -> CooperativeData:
        """The typed values; an optional one left empty is "" or None, as its default says."""
        return CooperativeData(
            **{f.name: self[f.name].data or _empty(f.default) for f in fields(CooperativeData)}
        )


def _empty(default):
    return default if isinstance(default, str | bool) else None


class MoveAnswerForm(Form):
    """The officer's two buttons under a member's waiting move."""

    confirm = SubmitField(_l("Confirm the move"))
    reject = SubmitField(_l("Reject"))
