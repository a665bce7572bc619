"""The dashboard's filter form: a GET form, so a filtered view is a link one can share."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField

from .. import areas
from ..forms import Form, choices, int_or_none
from ..models import Marketplace, Step
from .services import Filters


class FilterForm(Form):
    class Meta:
        csrf = False  # read-only GET form

    commune = SelectField(_l("Commune"), coerce=int_or_none, validate_choice=False)
    marketplace = SelectField(_l("Marketplace"), validate_choice=False)
    step = SelectField(_l("Onboarding step"), validate_choice=False)
    state = SelectField(
        _l("Step state"),
        choices=choices([("todo", _l("not done yet")), ("done", _l("done"))]),
        default="todo",
        validate_choice=False,
    )
    expiring = BooleanField(_l("Only with a certificate expiring within 60 days"))

    def __init__(self, communes: list[tuple[int, int]], **kwargs):
        super().__init__(**kwargs)
        self._communes = {code for code, _ in communes}
        self.commune.choices = choices(
            [(None, _l("All communes"))]
            + [(code, areas.place_name(code, province)) for code, province in communes]
        )
        self.marketplace.choices = choices([(None, _l("All marketplaces")), *Marketplace.choices()])
        self.step.choices = choices([(None, _l("Any step")), *Step.choices()])

    def to_data(self) -> Filters:
        """The filters asked for; a value outside the choices (a tampered link) is ignored."""
        marketplace = self.marketplace.data if self.marketplace.data in set(Marketplace) else None
        step = self.step.data if self.step.data in set(Step) else None
        commune = self.commune.data if self.commune.data in self._communes else None
        return Filters(
            commune_code=commune,
            marketplace=marketplace,
            step=step,
            step_done=self.state.data == "done",
            expiring=bool(self.expiring.data),
        )
