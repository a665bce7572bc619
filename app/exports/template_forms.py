"""The marketplace template upload form and the category mapping form."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField

from ..forms import Form, choices

ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TemplateForm(Form):
    errors_elsewhere = "file"

    file = FileField(
        _l("The marketplace's template (.xlsx)"),
        validators=[FileRequired(_l("Choose the template file to upload."))],
        render_kw={"accept": ACCEPT},
    )
    # Checked by the service against the template's list (absent when it has none).
    marketplace_category = SelectField(
        _l("For which of the marketplace's categories"), validate_choice=False
    )
    submit = SubmitField(_l("Upload the template"))

    def __init__(self, category_list, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.marketplace_category.choices = choices(
            [(None, _l("Every category (general template)"))] + [(c, c) for c in category_list]
        )


class MappingForm(Form):
    """Only the CSRF token: the selects, one per category of ours, are read by the view (one
    field each would make a form class per marketplace for no gain)."""

    submit = SubmitField(_l("Save the mapping"))
