"""The upload form and the confirmation form of an import."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SubmitField
from wtforms.validators import DataRequired

from ..forms import Form

ACCEPT = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"


class UploadForm(Form):
    errors_elsewhere = "file"

    file = FileField(
        _l("Spreadsheet (.xlsx or .csv)"),
        validators=[FileRequired(_l("Choose the file to upload."))],
        render_kw={"accept": ACCEPT},
    )
    submit = SubmitField(_l("Check the file"))


class ConfirmForm(Form):
    """Carries only the signed upload token and the digest of the preview the user saw."""

    token = HiddenField(validators=[DataRequired(_l("This upload has expired."))])
    fingerprint = HiddenField(validators=[DataRequired(_l("This upload has expired."))])
    submit = SubmitField(_l("Import the valid rows"))
