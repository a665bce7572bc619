"""The product form with its variant rows: field checks here, the product rules in rules.py.

Numbers are typed the Vietnamese way ("120.000 đ"), so they are text fields read by the rules'
parsers: ``data`` keeps what was typed (shown again on an error), ``value`` the parsed result.
The database checks (SKUs and GTIN unique, certificates valid today) are the service's.
"""

from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from .. import areas
from ..forms import TOO_LONG, Form, ParsedField, choices, int_or_none
from ..models import ProductStatus, StandardKind
from ..numbers import grouped
from ..text import clean
from . import categories
from .rules import (
    MAX_SHELF_LIFE_DAYS,
    UNITS,
    parse_gtin,
)
from .services import ProductData, ProductFilters
from .variant_form import VariantForm, between

MAX_VARIANT_ROWS = 50  # marketplaces take at most 50 SKUs per product


def _category_choices() -> list[SelectChoice]:
    found = [SelectChoice("", _l("— choose a category —"))]
    for group, leaves in categories.grouped_choices():
        found += [SelectChoice(code, label, optgroup=group) for code, label in leaves]
    return found


class ProductForm(Form):
    errors_elsewhere = "name"
    name = StringField(
        _l("Product name"),
        validators=[
            DataRequired(_l("Enter the product name.")),
            Length(max=200, message=TOO_LONG),
        ],
    )
    category = SelectField(_l("Category"), validate_choice=False)
    description = TextAreaField(_l("Description"), validators=[Length(max=5000, message=TOO_LONG)])
    origin_province_code = SelectField(_l("Province"), coerce=int_or_none, validate_choice=False)
    origin_commune_code = SelectField(_l("Commune"), coerce=int_or_none, validate_choice=False)
    refresh = SubmitField(_l("Show this province's communes"))
    unit = SelectField(_l("Sale unit"), validate_choice=False)
    shelf_life_days = ParsedField(
        _l("Shelf life (days)"), parser=between(1, MAX_SHELF_LIFE_DAYS),
        render_kw={"inputmode": "numeric"},
    )  # fmt: skip
    storage_instructions = TextAreaField(
        _l("Storage instructions"), validators=[Length(max=2000, message=TOO_LONG)]
    )
    usage_instructions = TextAreaField(
        _l("Usage instructions"), validators=[Length(max=2000, message=TOO_LONG)]
    )
    ingredients = TextAreaField(_l("Ingredients"), validators=[Length(max=2000, message=TOO_LONG)])
    warnings = TextAreaField(_l("Warnings"), validators=[Length(max=2000, message=TOO_LONG)])
    standard_kind = SelectField(
        _l("Standard applied"),
        choices=choices([(None, _l("— none —")), *StandardKind.choices()]),
        validate_choice=False,
    )
    standard_number = StringField(
        _l("Standard number"), validators=[Length(max=80, message=TOO_LONG)]
    )
    gtin = ParsedField(_l("GTIN (barcode number)"), parser=parse_gtin)
    certificate_ids = SelectMultipleField(
        _l("Certificates"),
        coerce=int_or_none,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    status = SelectField(
        _l("Status"), choices=choices(ProductStatus.choices()), validate_choice=False
    )
    variants = FieldList(FormField(VariantForm), min_entries=1, max_entries=MAX_VARIANT_ROWS)
    add_variant = SubmitField(_l("Add another variant"))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, certificates=(), certificate_label=str, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = _category_choices()
        self.origin_province_code.choices = choices(
            [(None, _l("— choose a province —"))] + [(a.code, a.name) for a in areas.provinces()]
        )
        self.origin_commune_code.choices = choices(
            [(None, _l("— whole province —"))]
            + [(a.code, a.name) for a in areas.communes(self.origin_province_code.data)]
        )
        units = [(None, _l("— choose —"))] + list(UNITS.items())
        if self.unit.data and self.unit.data not in UNITS:  # an imported unit, kept as written
            units.append((self.unit.data, self.unit.data))
        self.unit.choices = choices(units)
        self.certificate_ids.choices = [(c.id, certificate_label(c)) for c in certificates]

    @property
    def wants_rerender(self) -> bool:
        """A button that changes the form rather than saving it was pressed."""
        return bool(self.refresh.data or self.add_variant.data)

    def add_row(self) -> None:
        """A blank row (its name field focused, so the page opens at it without JavaScript)."""
        if len(self.variants) < MAX_VARIANT_ROWS:
            self.variants.append_entry({"net_unit": "g"})
            name = self.variants[-1].form.name
            name.render_kw = {**(name.render_kw or {}), "autofocus": True}

    def next_row_anchor(self) -> str:
        """The id the next added row will have: "Add a variant" posts to it as a fragment,
        so the answer opens at the new row."""
        return f"{self.variants.name}-{self.variants.last_index + 1}"

    @staticmethod
    def row_template() -> VariantForm:
        """A blank row named ``variants-__index__-…``: forms.js copies it to add a row in
        place; without JavaScript nobody sees it."""
        return VariantForm(prefix="variants-__index__-", data={"net_unit": "g"})

    def validate_category(self, field):
        if not categories.is_leaf(field.data):
            raise ValidationError(_l("Choose a category from the list."))

    def validate_origin_province_code(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the province the product comes from."))
        if areas.province(field.data) is None:
            raise ValidationError(_l("Unknown province code."))

    def validate_origin_commune_code(self, field):
        if field.data is not None and not areas.commune_in_province(
            field.data, self.origin_province_code.data
        ):
            raise ValidationError(_l("This commune code is unknown or not in the chosen province."))

    def validate_unit(self, field):
        field.data = clean(field.data)  # the codes are Vietnamese words: compare them as NFC
        if not field.data:
            raise ValidationError(_l("Choose the unit the product is sold by."))
        if field.data not in UNITS and field.data != self.unit.object_data:
            raise ValidationError(_l("Choose a unit from the list."))

    def validate_standard_kind(self, field):
        field.data = field.data or None
        if field.data is not None and StandardKind.of(field.data) is None:
            raise ValidationError(_l("Choose a standard from the list."))

    def validate_standard_number(self, field):
        if self.standard_kind.data and not field.data:
            raise ValidationError(_l("Enter the standard's number, e.g. TCVN 4850:2010."))

    def validate_certificate_ids(self, field):
        offered = {value for value, _label in field.choices}
        if any(value not in offered for value in field.data or ()):
            raise ValidationError(
                _l("Tick only certificates of this cooperative that are valid today.")
            )

    def validate_status(self, field):
        if ProductStatus.of(field.data) is None:
            raise ValidationError(_l("Choose a status from the list."))

    def validate(self, extra_validators=None) -> bool:
        """Check the filled-in rows only: blank extra rows are ignored, removed rows skipped.

        A product keeps at least one variant; when every row is blank the first is checked,
        so its fields say what to fill in.
        """
        entries = self.variants.entries
        filled = [e for e in entries if not e.form.is_blank] or entries[:1]
        self._checked = [e for e in filled if not e.form.remove.data]
        self.variants.entries = self._checked
        try:
            valid = super().validate(extra_validators)
        finally:
            self.variants.entries = entries
        if not self._checked:
            self.add_error(
                filled[0].form.remove.name,
                _l("A product needs at least one variant: keep this one or add another."),
            )
            valid = False
        return valid

    def to_data(self) -> ProductData:
        return ProductData(
            name=self.name.data,
            category=self.category.data,
            description=self.description.data,
            origin_province_code=self.origin_province_code.data,
            origin_commune_code=self.origin_commune_code.data,
            unit=self.unit.data,
            shelf_life_days=self.shelf_life_days.value,
            storage_instructions=self.storage_instructions.data,
            usage_instructions=self.usage_instructions.data,
            ingredients=self.ingredients.data,
            warnings=self.warnings.data,
            standard_kind=self.standard_kind.data,
            standard_number=self.standard_number.data if self.standard_kind.data else "",
            gtin=self.gtin.value,
            status=self.status.data or ProductStatus.DRAFT,
            certificate_ids=list(self.certificate_ids.data or ()),
            variants=[e.form.to_data() for e in self._checked],
        )

    def field_named(self, name: str):
        """The field whose input is called ``name`` ("gtin", "variants-1-sku"), or None."""
        for field in self:
            if field.name == name:
                return field
        for entry in self.variants.entries:
            for field in entry.form:
                if field.name == name:
                    return field
        return None

    def error_field(self, name: str | None):
        """The input called ``name``, a variant row's included; else the name field."""
        field = self.field_named(name) if name else None
        return field if field is not None else super().error_field(name)

    def add_error(self, name: str | None, message) -> None:
        """Show ``message`` at the input called ``name`` (the name field if there is none)."""
        field = self.error_field(name)
        super().add_error(name, message)
        if field not in self._fields.values():  # a row's field: make the form count it
            self.variants.errors = [*self.variants.errors, {name: [message]}]


class ArchiveForm(Form):
    """Only the CSRF token: archiving and restoring are deliberate POSTs."""


def initial_data(product=None, cooperative=None, gtin_digits: str = "") -> dict:
    """What the form shows before it is submitted: the product's values, prices written the
    Vietnamese way; for a new product the cooperative's province and commune."""
    if product is None:
        return dict(
            origin_province_code=cooperative.province_code if cooperative else None,
            origin_commune_code=cooperative.commune_code if cooperative else None,
            status=ProductStatus.DRAFT.value,
            variants=[{"net_unit": "g"}],
        )
    number = lambda n: "" if n is None else grouped(n)  # noqa: E731
    plain = lambda n: "" if n is None else str(n)  # noqa: E731
    values = {
        name: getattr(product, name)
        for name in (
            "name", "category", "description", "origin_province_code", "origin_commune_code",
            "unit", "storage_instructions", "usage_instructions", "ingredients", "warnings",
            "standard_kind", "standard_number", "status",
        )
    }  # fmt: skip
    values["shelf_life_days"] = plain(product.shelf_life_days)
    values["gtin"] = gtin_digits
    values["certificate_ids"] = [c.id for c in product.certificates]
    values["variants"] = [
        dict(
            id=str(v.id),
            name=v.name,
            sku=v.sku,
            price_vnd=number(v.price_vnd),
            compare_at_vnd=number(v.compare_at_vnd),
            stock=plain(v.stock),
            net_quantity=(v.net_quantity or "").replace(".", ","),
            net_unit=v.net_unit,
            package_weight_g=plain(v.package_weight_g),
            length_cm=plain(v.length_cm),
            width_cm=plain(v.width_cm),
            height_cm=plain(v.height_cm),
        )
        for v in product.variants
    ] or [{"net_unit": "g"}]
    return values


class FilterForm(Form):
    """The staff list's filters: a GET form, so a filtered list is a link one can share."""

    class Meta:
        csrf = False  # read-only GET form

    q = StringField(_l("Search"), validators=[Length(max=100)])
    cooperative = SelectField(_l("Cooperative"), coerce=int_or_none, validate_choice=False)
    group = SelectField(_l("Category group"), validate_choice=False)
    status = SelectField(
        _l("Status"),
        choices=choices(
            [
                (None, _l("On sale and drafts")),
                ("active", _l("On sale")),
                ("draft", _l("Drafts")),
                ("archived", _l("Archived")),
                ("all", _l("All, archived included")),
            ]
        ),
        validate_choice=False,
    )

    def __init__(self, cooperatives=(), **kwargs):
        super().__init__(**kwargs)
        self._cooperatives = {c.id for c in cooperatives}
        self.cooperative.choices = choices(
            [(None, _l("All cooperatives"))] + [(c.id, c.display_name) for c in cooperatives]
        )
        self.group.choices = choices(
            [(None, _l("All categories"))] + [(g.code, g.label) for g in categories.GROUPS]
        )

    def to_data(self) -> ProductFilters:
        """The filters asked for; a value outside the choices (a tampered link) is ignored."""
        cooperative = self.cooperative.data if self.cooperative.data in self._cooperatives else None
        return ProductFilters(
            query=clean(self.q.data),
            cooperative_id=cooperative,
            group=self.group.data or "",
            status=self.status.data or "",
        )
