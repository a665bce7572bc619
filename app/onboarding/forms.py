"""The step form: field checks here, the checklist rules in rules.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from ..filenames import scan_filename
from ..forms import (
    DOCUMENT_ACCEPT,
    MAX_SCAN_BYTES,
    TOO_LONG,
    DayField,
    Form,
    choices,
    read_document,
)
from ..kept_fields import KeepRule, KeepsFiles
from ..models import StepStatus
from .rules import URL_MAX
from .services import EvidenceFile, StepData


class StepForm(KeepsFiles, Form):
    keep_rules = {"evidence_file": KeepRule(MAX_SCAN_BYTES, allow_pdf=True)}

    status = SelectField(
        _l("Status"),
        choices=choices(StepStatus.choices()),
        validate_choice=False,  # rules.problems() says what is wrong, in Vietnamese
    )
    done_on = DayField(
        _l("Date done"),
        validators=[Optional()],
    )
    evidence_url = StringField(
        _l("Link"),
        validators=[Length(max=URL_MAX, message=TOO_LONG)],
        render_kw={"inputmode": "url", "autocomplete": "off"},
    )
    evidence_note = TextAreaField(_l("Note"), validators=[Length(max=2000, message=TOO_LONG)])
    evidence_file = FileField(_l("File"), render_kw={"accept": DOCUMENT_ACCEPT})
    remove_evidence = BooleanField(_l("Remove the current file"))
    submit = SubmitField(_l("Save"))

    def validate_evidence_file(self, field):
        """Judge the upload by its content and size; keep it as ``self.evidence_upload``."""
        self.evidence_upload = None
        upload = field.data
        if not upload:
            return
        data, ext = read_document(
            upload, _l("The file is larger than 10 MB. Save it smaller and try again.")
        )
        self.evidence_upload = EvidenceFile(
            data=data, ext=ext, name=scan_filename(upload.filename, ext, fallback="minh-chung")
        )

    def to_data(self) -> StepData:
        return StepData(
            status=self.status.data or "",
            done_on=self.done_on.data,
            evidence_url=self.evidence_url.data or "",
            evidence_note=self.evidence_note.data or "",
        )
