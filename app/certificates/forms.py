"""The certificate form: field checks here, the certificate rules in rules.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..filenames import scan_filename
from ..forms import (
    DOCUMENT_ACCEPT,
    MAX_SCAN_BYTES,
    TOO_LONG,
    DayField,
    Form,
    choices,
    int_or_none,
    read_document,
)
from ..kept_fields import KeepRule, KeepsFiles
from ..models import CertificateKind
from .rules import OCOP_STARS
from .services import CertificateData, Scan


class CertificateForm(KeepsFiles, Form):
    keep_rules = {"scan": KeepRule(MAX_SCAN_BYTES, allow_pdf=True)}

    kind = SelectField(
        _l("Kind of certificate"),
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
    issued_on = DayField(
        _l("Issue date"),
        validators=[InputRequired(_l("Enter the issue date."))],
    )
    expires_on = DayField(
        _l("Expiry date"),
        validators=[Optional()],
    )
    scan = FileField(_l("Scan of the certificate"), render_kw={"accept": DOCUMENT_ACCEPT})
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
