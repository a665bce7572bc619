"""The export pack's choice (marketplace, cooperatives) and the listing status form."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from ..forms import Form, choices, int_or_none
from ..models import ListingStatus
from . import profiles


class ChooseForm(Form):
    """GET form: which marketplace, which cooperatives (``?marketplace=…&cooperative=…``)."""

    class Meta:
        csrf = False

    marketplace = SelectField(
        _l("Marketplace"), validators=[InputRequired(_l("Choose a marketplace."))]
    )
    cooperative = SelectMultipleField(
        _l("Cooperatives"),
        coerce=int_or_none,
        validate_choice=False,  # checked below, with our own message
        validators=[InputRequired(_l("Choose at least one cooperative."))],
    )

    def __init__(self, cooperatives, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.marketplace.choices = choices(
            [(None, _l("Choose…"))] + [(p.id, p.name) for p in profiles.all_profiles().values()]
        )
        self.cooperative.choices = choices((c.id, c.display_name) for c in cooperatives)

    def validate_cooperative(self, field):
        allowed = {int(choice.value) for choice in field.choices}
        if not field.data or any(value not in allowed for value in field.data):
            raise ValidationError(_l("Choose cooperatives from the list."))


class SelectionForm(Form):
    """POST from the readiness page: the ticked products of the chosen cooperatives, to
    download as a pack or to send to a partner's API."""

    marketplace = StringField(validators=[InputRequired()])
    cooperative = SelectMultipleField(coerce=int_or_none, validate_choice=False)
    product = SelectMultipleField(coerce=int_or_none, validate_choice=False)


class ListingForm(Form):
    errors_elsewhere = "status"
    variant_id = StringField(validators=[InputRequired()])
    marketplace = SelectField(_l("Marketplace"))
    status = SelectField(_l("Status"))
    live_url = StringField(_l("Listing address (URL)"), validators=[Length(max=500)])
    reason = TextAreaField(_l("Why it was rejected"), validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.marketplace.choices = choices((p.id, p.name) for p in profiles.all_profiles().values())
        self.status.choices = choices([
            (ListingStatus.LIVE.value, _l("Live on the marketplace")),
            (ListingStatus.REJECTED.value, _l("Rejected by the marketplace")),
            (ListingStatus.DRAFT.value, _l("Back to draft")),
        ])  # fmt: skip
