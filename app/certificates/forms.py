"""The certificate form: field checks here, the certificate rules in rules.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..filenames import scan_filename
from ..forms import TOO_LONG, Form, choices, int_or_none
from ..models import CertificateKind
from ..uploads import UploadError, sniff
from .rules import OCOP_STARS
from .services import CertificateData, Scan

MAX_SCAN_BYTES = 10 * 1024 * 1024
ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp"
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the date picker's, and what people type without one
BAD_DATE = _l("Enter a real date, as dd/mm/yyyy.")
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


class CertificateForm(Form):
    kind = SelectField(
        _l("Kind"),
        choices=choices([(None, _l("— choose —")), *CertificateKind.choices()]),
        validate_choice=False,  # rules.problems() says what is wrong, in Vietnamese
    )
    ocop_stars = SelectField(
        _l("OCOP stars"),
        choices=choices(
            [(None, _l("— not OCOP —"))] + [(n, _l("%(num)d stars", num=n)) for n in OCOP_STARS]
        ),
        coerce=int_or_none,
        validate_choice=False,
    )
    number = StringField(
        _l("Certificate or decision number"),
        validators=[
            DataRequired(_l("Enter the number written on the certificate.")),
            Length(max=80, message=TOO_LONG),
        ],
    )
    issuer = StringField(
        _l("Issued by"),
        validators=[
            DataRequired(_l("Enter who issued the certificate.")),
            Length(max=200, message=TOO_LONG),
        ],
    )
    scope = TextAreaField(
        _l("Scope (products, area)"), validators=[Length(max=2000, message=TOO_LONG)]
    )
    issued_on = DateField(
        _l("Issue date"),
        format=DATE_FORMATS,
        invalid_value_message=BAD_DATE,
        validators=[InputRequired(_l("Enter the issue date."))],
    )
    expires_on = DateField(
        _l("Expiry date"),
        format=DATE_FORMATS,
        invalid_value_message=BAD_DATE,
        validators=[Optional()],
    )
    scan = FileField(_l("Scan of the certificate"), render_kw={"accept": ACCEPT})
    remove_scan = BooleanField(_l("Remove the current scan"))
    submit = SubmitField(_l("Save"))

    def validate_scan(self, field):
        """Judge the upload by its content and size; keep it as ``self.scan_upload``."""
        self.scan_upload = None
        upload = field.data
        if not upload:
            return
        data, ext = read_document(upload)
        self.scan_upload = Scan(data=data, ext=ext, name=scan_filename(upload.filename, ext))

    def to_data(self) -> CertificateData:
        return CertificateData(
            kind=self.kind.data,
            number=self.number.data,
            issuer=self.issuer.data,
            issued_on=self.issued_on.data,
            expires_on=self.expires_on.data,
            ocop_stars=self.ocop_stars.data,
            scope=self.scope.data,
        )


class DeleteForm(Form):
    """Only the CSRF token: deleting is a deliberate POST."""

    submit = SubmitField(_l("Delete this certificate"))
