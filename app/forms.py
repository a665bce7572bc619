"""The shared form machinery: the base form every feature's forms extend (user text is
NFC-normalised on the way in, a service's errors go on fields), the text field read by a rules
parser, the typed date field, scanned documents, select choices and place checks."""

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import TextInput

from . import areas
from .dates import day_text, parse_day
from .paging import MAX_ID
from .rules import RuleError
from .services import ServiceError
from .text import clean, clean_multiline
from .uploads import UploadError, sniff

TOO_LONG = _l("At most %(max)d characters.")

#: A scanned document (certificate, test report, evidence): a PDF or a photo of it.
MAX_SCAN_BYTES = 10 * 1024 * 1024
DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp"
UPLOAD_MESSAGES = {
    "empty": _l("The file is empty."),
    "type": _l("This file is not a PDF, JPEG, PNG or WebP, whatever its name says."),
    "pdf_damaged": _l("This PDF is damaged or incomplete. Scan or save it again."),
    "too_many_pixels": _l("This image is too large in pixels. Scan it at a lower resolution."),
}
SCAN_TOO_LARGE = _l("The file is larger than 10 MB. Scan it at a lower resolution.")


def read_document(upload, too_large=SCAN_TOO_LARGE) -> tuple[bytes, str]:
    """(content, extension) of an uploaded PDF or image, judged by its content and size, or
    ValidationError with the message for the user."""
    data = upload.read(MAX_SCAN_BYTES + 1)
    if len(data) > MAX_SCAN_BYTES:
        raise ValidationError(too_large)
    try:
        _mime, ext = sniff(data, allow_pdf=True)
    except UploadError as exc:
        raise ValidationError(UPLOAD_MESSAGES.get(exc.code, exc.message)) from None
    return data, ext


class Form(FlaskForm):
    """FlaskForm that cleans every text field before validation and shows a service's errors.

    A service's :class:`~app.services.ServiceError` goes on the form with
    ``form.add_errors(error)``: each message beside the field of its name; a message about the
    form as a whole, or about an input the form has no field for, beside the field
    ``errors_elsewhere`` names, or flashed above the form when it names none.
    """

    #: The field that shows messages no field of their own shows (None: they are flashed).
    errors_elsewhere: str | None = None

    def validate(self, extra_validators=None) -> bool:
        for field in self:
            if isinstance(field, TextAreaField):
                field.data = clean_multiline(field.data)
            elif isinstance(field, StringField) and field.type != "PasswordField":
                field.data = clean(field.data)
        return super().validate(extra_validators)

    def error_field(self, name: str | None):
        """The field that shows a message keyed ``name``, or None for a flash."""
        if name is not None and name in self:
            return self[name]
        return self[self.errors_elsewhere] if self.errors_elsewhere else None

    def add_error(self, name: str | None, message) -> None:
        """Show ``message`` beside the field for ``name`` (once), or flash it as an error."""
        field = self.error_field(name)
        if field is None:
            flash(str(message), "error")
        elif message not in field.errors:
            field.errors = [*field.errors, message]

    def add_errors(self, error: ServiceError) -> None:
        """Put every message of a service's ``error`` on the form (see the class docstring)."""
        for name, message in error.errors.items():
            self.add_error(name, message)

    def errors_in_order(self) -> list[tuple]:
        """(field, first message) of every field in error, in the form's order, a variant
        row's fields included; the first gets ``autofocus``, so the page opens at it (and the
        phone scrolls to it) with or without JavaScript. The error summary links to each."""
        found = [(f, f.errors[0]) for f in leaf_fields(self) if f.errors]
        if found:
            first = found[0][0]
            first.render_kw = {**(first.render_kw or {}), "autofocus": True}  # a copy: shared
        return found


def leaf_fields(form):
    """The form's inputs in order: a FieldList's entries and a FormField's fields unpacked."""
    for field in form:
        if isinstance(field, FieldList | FormField):
            yield from leaf_fields(field)
        elif isinstance(field.errors, list | tuple):
            yield field


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


class ParsedField(StringField):
    """A text input read by a rules parser; ``value`` is the result, ``data`` what was typed.

    Numbers, codes and GTINs are typed as people write them ("120.000 đ", "1,5"), so they are
    text read by a pure parser (``app/numbers.py``, a feature's ``rules.py``) that returns the
    clean value or raises :class:`~app.rules.RuleError`, whose message shows beside the field.
    ``required`` is the message when it is left empty, or None when it may be.
    """

    def __init__(self, label=None, validators=None, parser=None, required=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parser = parser
        self.required = required  # the message when it is empty, or None when optional
        self.value = None

    def pre_validate(self, form):
        self.value = None
        self.data = clean(self.data)
        if not self.data:
            if self.required:
                raise StopValidation(self.required)
            return
        try:
            self.value = self.parser(self.data)
        except RuleError as exc:
            raise StopValidation(exc.message) from None


class DayField(Field):
    """A date typed as text, day first whatever the browser's language (``app/dates.py``).

    ``data`` is the date (None when empty or wrong); what was typed is shown back with the
    message when it cannot be read, a date as dd/mm/yyyy otherwise.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"placeholder": _l("dd/mm/yyyy"), "autocomplete": "off"}
        super().__init__(
            label, validators, render_kw=render_kw | kwargs.pop("render_kw", {}), **kwargs
        )

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return day_text(self.data)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_day(clean(valuelist[0]))
        except RuleError as exc:
            self.data = None
            raise ValueError(exc.message) from None


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
