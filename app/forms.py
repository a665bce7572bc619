"""The base form every feature's forms extend: user text is NFC-normalised on the way in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from . import areas
from .paging import MAX_ID
from .text import clean, clean_multiline

TOO_LONG = _l("At most %(max)d characters.")


class Form(FlaskForm):
    """FlaskForm that cleans every text field before validation."""

    def validate(self, extra_validators=None) -> bool:
        for field in self:
            if isinstance(field, TextAreaField):
                field.data = clean_multiline(field.data)
            elif isinstance(field, StringField) and field.type != "PasswordField":
                field.data = clean(field.data)
        return super().validate(extra_validators)


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs; None becomes the empty "choose…" value."""
    return [SelectChoice("" if value is None else str(value), label) for value, label in pairs]


def int_or_none(value):
    """Coerce a select's value to int; anything else (empty, tampered, or a number no row id
    or code can be, past 32 bits, which would overflow a query) becomes None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -MAX_ID <= number <= MAX_ID else None


class PlaceChecks:
    """Inline checks for a form's ``province_code`` and ``commune_code`` select fields: both
    chosen, from the official 2025 lists, the commune inside the province."""

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
