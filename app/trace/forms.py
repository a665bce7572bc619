"""Forms for plots and batches: field checks here, the rules in rules.py, the database checks
(code unique, plot, variant and inputs of the right cooperative, no cycle) in the service.

Numbers are typed the Vietnamese way ("2,5"), so they are text fields read by the rules'
parsers: ``data`` keeps what was typed, ``value`` the parsed result.
"""

from flask_babel import lazy_gettext as _l
from wtforms import (
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .. import areas
from ..coordinates import parse_point, point_text
from ..forms import (
    TOO_LONG,
    DayField,
    Form,
    ParsedField,
    PlaceChecks,
    choices,
    int_or_none,
)
from ..models import BatchStatus, PlotKind
from ..numbers import decimal_input, parse_decimal_quantity
from ..text import clean
from .rules import (
    BATCH_UNITS,
    LOT_MAX,
    PLANTING_CODE_MAX,
    check_lot,
    check_planting_area_code,
    coordinate_problems,
    date_problems,
    parse_area,
)
from .services import BatchData, BatchFilters, PlotData

CHECKBOXES = dict(widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


class PlotForm(PlaceChecks, Form):
    errors_elsewhere = "name"
    kind = SelectField(
        _l("Kind of place"), choices=choices(PlotKind.choices()), validate_choice=False
    )
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter a name, e.g. Nương Nà Va.")),
            Length(max=120, message=TOO_LONG),
        ],
    )
    province_code = SelectField(_l("Province"), coerce=int_or_none, validate_choice=False)
    commune_code = SelectField(_l("Commune"), coerce=int_or_none, validate_choice=False)
    refresh = SubmitField(_l("Show this province's communes"))
    area_ha = ParsedField(_l("Area (ha)"), parser=parse_area, render_kw={"inputmode": "decimal"})
    crop = StringField(_l("Crop or activity"), validators=[Length(max=120, message=TOO_LONG)])
    planting_area_code = ParsedField(
        _l("Planting-area code (mã số vùng trồng)"),
        parser=check_planting_area_code,
        render_kw={"maxlength": PLANTING_CODE_MAX},
    )
    coordinates = ParsedField(
        _l("Coordinates (latitude, longitude)"),
        parser=parse_point,
        render_kw={"autocomplete": "off", "placeholder": "21.8237, 105.2143"},
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province_code.choices = choices(
            [(None, _l("— choose a province —"))] + [(a.code, a.name) for a in areas.provinces()]
        )
        self.commune_code.choices = choices(
            [(None, _l("— choose a commune —"))]
            + [(a.code, a.name) for a in areas.communes(self.province_code.data)]
        )

    def validate_kind(self, field):
        if field.data not in set(PlotKind):
            raise ValidationError(_l("Choose plot or facility."))

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the coordinates: a pair inside Vietnam."""
        valid = super().validate(extra_validators)
        if self.coordinates.errors:
            return False
        for name, message in coordinate_problems(*self.point()).items():
            self.add_error(name, message)
            valid = False
        return valid

    def point(self) -> tuple:
        """(latitude, longitude), or (None, None) when no coordinates were given."""
        return self.coordinates.value or (None, None)

    def error_field(self, name: str | None):
        """A message about the latitude or the longitude shows at the one coordinates field."""
        if name in ("latitude", "longitude"):
            name = "coordinates"
        return super().error_field(name)

    def to_data(self) -> PlotData:
        return PlotData(
            kind=self.kind.data,
            name=self.name.data,
            province_code=self.province_code.data,
            commune_code=self.commune_code.data,
            area_ha=self.area_ha.value,
            crop=self.crop.data,
            planting_area_code=self.planting_area_code.value or "",
            latitude=self.point()[0],
            longitude=self.point()[1],
        )


def plot_initial(plot=None, cooperative=None) -> dict:
    """What the plot form shows first: the plot's values, or the cooperative's place."""
    if plot is None:
        return dict(
            kind=PlotKind.PLOT.value,
            province_code=cooperative.province_code,
            commune_code=cooperative.commune_code,
        )
    values = {n: getattr(plot, n) for n in ("kind", "name", "province_code", "commune_code")}
    values.update(crop=plot.crop, planting_area_code=plot.planting_area_code)
    values["area_ha"] = decimal_input(plot.area_ha)
    values["coordinates"] = point_text(plot.latitude, plot.longitude)
    return values


class BatchForm(Form):
    errors_elsewhere = "code"
    code = ParsedField(
        _l("Batch code (lot)"),
        parser=check_lot,
        required=_l("Enter the batch code, e.g. LB-LAC-2026-07."),
        render_kw={"maxlength": LOT_MAX, "autocomplete": "off"},
    )
    variant_id = SelectField(_l("Variant"), coerce=int_or_none, validate_choice=False)
    quantity = ParsedField(
        _l("Quantity"), parser=parse_decimal_quantity, render_kw={"inputmode": "decimal"}
    )
    unit = SelectField(_l("Unit"), choices=choices(BATCH_UNITS.items()), validate_choice=False)
    produced_on = DayField(
        _l("Harvest or production date"),
        validators=[InputRequired(_l("Enter the harvest or production date."))],
    )
    packed_on = DayField(_l("Packing date"), validators=[Optional()])
    expires_on = DayField(_l("Expiry date"), validators=[Optional()])
    plot_id = SelectField(_l("Plot or facility"), coerce=int_or_none, validate_choice=False)
    input_ids = SelectMultipleField(
        _l("Made from these batches"), coerce=int_or_none, validate_choice=False, **CHECKBOXES
    )
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000, message=TOO_LONG)])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, variants=(), plots=(), inputs=(), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.variant_id.choices = choices(
            [(None, _l("— whole product —"))] + [(v.id, v.name or v.sku) for v in variants]
        )
        self.plot_id.choices = choices([(None, _l("— none —"))] + [(p.id, p.name) for p in plots])
        self.input_ids.choices = [(b.id, f"{b.code} · {b.product.name}") for b in inputs]

    def validate_unit(self, field):
        field.data = clean(field.data)
        if field.data not in BATCH_UNITS:
            raise ValidationError(_l("Choose a unit from the list."))

    def validate_input_ids(self, field):
        field.data = [i for i in field.data or () if i is not None]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        dates = (self.produced_on, self.packed_on, self.expires_on)
        if self.today is None or any(f.errors for f in dates):
            return valid
        found = date_problems(
            self.produced_on.data, self.packed_on.data, self.expires_on.data, self.today
        )
        for name, message in found.items():
            self.add_error(name, message)
        return valid and not found

    def to_data(self) -> BatchData:
        return BatchData(
            code=self.code.value,
            quantity=self.quantity.value,
            unit=self.unit.data,
            produced_on=self.produced_on.data,
            packed_on=self.packed_on.data,
            expires_on=self.expires_on.data,
            variant_id=self.variant_id.data,
            plot_id=self.plot_id.data,
            input_ids=list(self.input_ids.data or ()),
            notes=self.notes.data,
        )


def batch_initial(batch=None, code: str = "", unit: str = "kg") -> dict:
    """What the batch form shows first: the batch's values, or a suggested code."""
    if batch is None:
        return dict(code=code, unit=unit)
    values = {
        n: getattr(batch, n)
        for n in ("code", "unit", "produced_on", "packed_on", "expires_on", "notes")
    }
    values.update(variant_id=batch.variant_id, plot_id=batch.plot_id)
    values["quantity"] = decimal_input(batch.quantity)
    values["input_ids"] = [b.id for b in batch.inputs]
    return values


class NotesForm(Form):
    """A recalled batch: only its notes may change."""

    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000, message=TOO_LONG)])
    submit = SubmitField(_l("Save"))


class RecallForm(Form):
    errors_elsewhere = "reason"
    reason = TextAreaField(
        _l("Why is the batch recalled?"),
        validators=[
            DataRequired(_l("Say why the batch is recalled.")),
            Length(max=2000, message=TOO_LONG),
        ],
    )
    advice = TextAreaField(
        _l("What should buyers do?"),
        validators=[
            DataRequired(_l("Tell buyers what to do with what they bought.")),
            Length(max=2000, message=TOO_LONG),
        ],
    )
    recalled_on = DayField(
        _l("Recall date"),
        validators=[InputRequired(_l("Enter the date of the recall."))],
    )
    submit = SubmitField(_l("Recall this batch"))

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_recalled_on(self, field):
        if self.today is not None and field.data and field.data > self.today:
            raise ValidationError(_l("The recall date cannot be in the future."))


class StatusForm(Form):
    """Only the CSRF token: closing, reopening and archiving are deliberate POSTs."""


class BatchFilterForm(Form):
    """The staff list's filters: a GET form, so a filtered list is a link one can share."""

    class Meta:
        csrf = False  # read-only GET form

    q = StringField(_l("Batch code"), validators=[Length(max=40)])
    cooperative = SelectField(_l("Cooperative"), coerce=int_or_none, validate_choice=False)
    product = SelectField(_l("Product"), coerce=int_or_none, validate_choice=False)
    status = SelectField(
        _l("Status"),
        choices=choices([(None, _l("Any status")), *BatchStatus.choices()]),
        validate_choice=False,
    )

    def __init__(self, cooperatives=(), products=(), **kwargs):
        super().__init__(**kwargs)
        self._cooperatives = {c.id for c in cooperatives}
        self._products = {p.id for p in products}
        self.cooperative.choices = choices(
            [(None, _l("All cooperatives"))] + [(c.id, c.display_name) for c in cooperatives]
        )
        self.product.choices = choices(
            [(None, _l("All products"))] + [(p.id, p.name) for p in products]
        )

    def to_data(self) -> BatchFilters:
        """The filters asked for; a value outside the choices (a tampered link) is ignored."""
        status = self.status.data if self.status.data in set(BatchStatus) else ""
        return BatchFilters(
            query=clean(self.q.data),
            cooperative_id=self.cooperative.data
            if self.cooperative.data in self._cooperatives
            else None,
            product_id=self.product.data if self.product.data in self._products else None,
            status=status,
        )
