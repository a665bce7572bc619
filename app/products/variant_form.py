"""A variant row of the product form.

Numbers are typed the Vietnamese way ("120.000 đ"), so they are text fields read by the rules'
parsers (:class:`app.forms.ParsedField`).
"""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, ValidationError
from wtforms import Form as PlainForm
from wtforms.validators import Length

from ..forms import TOO_LONG, ParsedField, choices, int_or_none
from ..numbers import bounded, parse_price, parse_quantity_text
from ..text import clean
from .rules import (
    MAX_SIDE_CM,
    MAX_STOCK,
    MAX_WEIGHT_G,
    NET_UNITS,
    check_sku,
)
from .services import VariantData


def between(low: int, high: int):
    return lambda text: bounded(text, low, high)


class VariantForm(PlainForm):
    """One row: a pack size or grade with its own SKU, price, stock and package."""

    id = HiddenField()
    name = ParsedField(
        _l("Variant name"),
        validators=[Length(max=120, message=TOO_LONG)],
        parser=str,
        render_kw={"placeholder": _l("e.g. Hộp 500 g")},
    )
    sku = ParsedField(  # left empty, the service makes one (rules.suggest_sku)
        _l("SKU"), parser=check_sku, render_kw={"maxlength": 50, "autocomplete": "off"}
    )
    price_vnd = ParsedField(
        _l("Price (đồng)"), parser=parse_price, required=_l("Enter the price."),
        render_kw={"inputmode": "numeric"},
    )  # fmt: skip
    compare_at_vnd = ParsedField(
        _l("Price before discount"), parser=parse_price, render_kw={"inputmode": "numeric"}
    )
    stock = ParsedField(
        _l("Stock"), parser=between(0, MAX_STOCK), render_kw={"inputmode": "numeric"}
    )
    net_quantity = ParsedField(
        _l("Net quantity"), parser=parse_quantity_text, render_kw={"inputmode": "decimal"}
    )
    net_unit = SelectField(
        _l("Unit of the net quantity"),
        choices=choices(NET_UNITS.items()),
        validate_choice=False,  # validate_net_unit says what is wrong, in Vietnamese
    )
    package_weight_g = ParsedField(
        _l("Package weight (g)"), parser=between(1, MAX_WEIGHT_G),
        render_kw={"inputmode": "numeric"},
    )  # fmt: skip
    length_cm = ParsedField(
        _l("Length (cm)"), parser=between(1, MAX_SIDE_CM),
        render_kw={"inputmode": "numeric"},
    )  # fmt: skip
    width_cm = ParsedField(
        _l("Width (cm)"), parser=between(1, MAX_SIDE_CM),
        render_kw={"inputmode": "numeric"},
    )  # fmt: skip
    height_cm = ParsedField(
        _l("Height (cm)"), parser=between(1, MAX_SIDE_CM),
        render_kw={"inputmode": "numeric"},
    )  # fmt: skip
    remove = BooleanField(_l("Remove this variant"))

    def validate_net_unit(self, field):
        if field.data not in NET_UNITS:
            raise ValidationError(_l("Choose the unit: g, kg, ml, l or pieces."))

    def validate_compare_at_vnd(self, field):
        price = self.price_vnd.value
        if field.value is not None and price is not None and field.value < price:
            raise ValidationError(_l("The price before discount cannot be lower than the price."))

    @property
    def is_blank(self) -> bool:
        """An extra row nobody filled in (its unit select always has a value)."""
        return not clean(self.id.data) and not any(
            clean(f.data) for f in self if f.type in ("StringField", "ParsedField")
        )

    def to_data(self) -> VariantData:
        return VariantData(
            row=self._prefix.rstrip("-"),
            id=int_or_none(self.id.data),
            name=self.name.data or "",
            sku=self.sku.value or "",
            price_vnd=self.price_vnd.value,
            compare_at_vnd=self.compare_at_vnd.value,
            stock=self.stock.value or 0,
            net_quantity=self.net_quantity.value or "",
            net_unit=self.net_unit.data,
            package_weight_g=self.package_weight_g.value,
            length_cm=self.length_cm.value,
            width_cm=self.width_cm.value,
            height_cm=self.height_cm.value,
        )
