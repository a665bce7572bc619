"""The filters of the administrators' activity page: a GET form, so a filtered page is a link
one can share."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, ValidationError
from wtforms.validators import Optional

from ..forms import DayField, Form, choices, int_or_none
from .kinds import KINDS
from .services import Filters


class FilterForm(Form):
    class Meta:
        csrf = False  # read-only GET form

    cooperative = SelectField(_l("Cooperative"), coerce=int_or_none, validate_choice=False)
    person = SelectField(_l("Person"), coerce=int_or_none, validate_choice=False)
    kind = SelectField(_l("Kind of record"), validate_choice=False)
    start = DayField(_l("From date"), validators=[Optional()])
    end = DayField(_l("To date"), validators=[Optional()])

    def __init__(self, cooperatives, people, **kwargs):
        super().__init__(**kwargs)
        self._cooperatives = {ident for ident, _ in cooperatives}
        self._people = {ident for ident, _ in people}
        self.cooperative.choices = choices([(None, _l("All cooperatives")), *cooperatives])
        self.person.choices = choices([(None, _l("Everyone")), *people])
        self.kind.choices = choices(
            [(None, _l("Everything")), *((kind.name, kind.label) for kind in KINDS)]
        )

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date is before the start date."))

    def to_filters(self) -> Filters:
        """The filters asked for; a bad date or a choice outside the lists is left out."""
        self.validate()
        kinds = {kind.name for kind in KINDS}
        return Filters(
            cooperative_id=self.cooperative.data
            if self.cooperative.data in self._cooperatives
            else None,
            actor_id=self.person.data if self.person.data in self._people else None,
            kind=self.kind.data if self.kind.data in kinds else None,
            start=None if self.start.errors else self.start.data,
            end=None if self.end.errors else self.end.data,
        )
