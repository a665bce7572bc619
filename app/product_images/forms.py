"""Forms of the product photo panel: upload several photos, alt text, move, delete."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, StringField, SubmitField, ValidationError
from wtforms.validators import AnyOf, Length

from ..forms import TOO_LONG, Form
from ..kept_fields import KeepRule, KeepsFiles
from ..uploads import IMAGE_ACCEPT
from .services import max_bytes


class UploadForm(KeepsFiles, Form):
    keep_rules = {"photos": KeepRule(max_bytes)}

    photos = MultipleFileField(
        _l("Add photos"),
        id="photo-files",  # "photos" is the section's anchor
        render_kw={"accept": IMAGE_ACCEPT, "multiple": True, "data-downscale": True},
    )
    submit = SubmitField(_l("Upload"))

    def validate_photos(self, field):
        if not any(f and f.filename for f in field.data or []):
            raise ValidationError(_l("Choose at least one photo."))

    def files(self) -> list[tuple[str, bytes]]:
        """The chosen files as (name, bytes), in the order the browser sent them."""
        return [(f.filename, f.read()) for f in self.photos.data if f and f.filename]


class AltTextForm(Form):
    alt_text = StringField(
        _l("Description for screen readers"),
        validators=[Length(max=200, message=TOO_LONG)],
    )
    submit = SubmitField(_l("Save description"))


class MoveForm(Form):
    direction = HiddenField(validators=[AnyOf(("up", "down"))])


class DeleteForm(Form):
    """Only the CSRF token: the confirmation is the step that shows this form's button."""
