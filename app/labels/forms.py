"""The label run form and the reprint form. Numbers are typed the Vietnamese way: a count
may read "1.000", a margin "4,75"."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from ..forms import Form, choices
from ..i18n import LocalNumber
from ..models import LabelKind, LinkForm
from ..models.label import MAX_RUN
from ..trace.rules import PACK_UNITS
from .services import RunRequest
from .templates import TEMPLATES

MAX_MARGIN = Decimal("40")
MAX_REPRINT = 5000


def parse_count(text: str | None, most: int = MAX_RUN) -> int:
    """ "1.000" or "1 000" -> 1000; ValidationError with the allowed range otherwise."""
    value = (text or "").strip().replace(".", "").replace(" ", "")
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise ValidationError(
            _l("Enter a whole number from 1 to %(most)s.", most=LocalNumber(most))
        )
    return int(value)


def _margin(field) -> Decimal | None:
    return parse_margin(field.data)


def parse_margin(text: str | None) -> Decimal | None:
    """ "4,75" -> Decimal("4.75"); empty -> None (the stock's own margin)."""
    value = (text or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationError(_l("Enter millimetres, e.g. 4,75.")) from None
    if not Decimal(0) <= number <= MAX_MARGIN:
        raise ValidationError(_l("A margin is between 0 and 40 mm."))
    return number.quantize(Decimal("0.01"))


def default_count(quantity: Decimal | None, unit: str | None) -> int:
    """How many labels to offer: the batch's quantity when it is counted in packs or pieces
    (a whole number, at most a run), else a sheet of 24."""
    if quantity is None or unit not in PACK_UNITS or quantity != quantity.to_integral_value():
        return 24
    return int(quantity) if 1 <= quantity <= MAX_RUN else 24


class LabelRunForm(Form):
    errors_elsewhere = "template"

    template = SelectField(
        _l("Label stock"), choices=choices((t.name, t.title) for t in TEMPLATES.values())
    )
    kind = RadioField(
        _l("Codes"),
        choices=choices(
            [
                (LabelKind.BATCH.value, _l("Batch labels: every label carries the batch's code")),
                (
                    LabelKind.SERIALIZED.value,
                    _l("Serialized labels: every label its own code, to catch copied labels"),
                ),
            ]
        ),
        default=LabelKind.BATCH.value,
    )
    count = StringField(_l("Number of labels"), validators=[InputRequired()], default="24")
    error_level = SelectField(
        _l("Error correction"),
        choices=choices(
            [
                ("M", _l("M: standard, survives small scratches (recommended)")),
                ("Q", _l("Q: stronger, for rough or curved packs (a larger code)")),
            ]
        ),
        default="M",
    )
    link = SelectField(
        _l("What the QR code opens"),
        choices=choices(
            [
                (LinkForm.SHORT.value, _l("Short link to the trace page (smallest code)")),
                (
                    LinkForm.GS1.value,
                    _l("GS1 Digital Link with the product's GTIN (read by retail tills)"),
                ),
            ]
        ),
        default=LinkForm.SHORT.value,
    )
    full_label = BooleanField(_l("Full label: the mandatory content of Decree 43/2017 (food)"))
    cut_marks = BooleanField(_l("Cut marks"))
    margin_top = StringField(_l("Top margin (mm)"))
    margin_left = StringField(_l("Left margin (mm)"))
    preview = SubmitField(_l("Preview the first page"))
    submit = SubmitField(_l("Create the labels"))

    def validate_count(self, field):
        self.count_value = parse_count(field.data)

    def validate_margin_top(self, field):
        self.margin_top_value = _margin(field)

    def validate_margin_left(self, field):
        self.margin_left_value = _margin(field)

    def to_data(self) -> RunRequest:
        return RunRequest(
            template=self.template.data,
            count=self.count_value,
            kind=self.kind.data,
            error_level=self.error_level.data,
            link=self.link.data,
            full_label=self.full_label.data,
            cut_marks=self.cut_marks.data,
            margin_top=self.margin_top_value,
            margin_left=self.margin_left_value,
        )


class ReprintForm(Form):
    """Labels ``start`` to ``stop`` of a run again, with the same codes: a POST (it may
    start a job), with its CSRF token."""

    start = StringField(_l("From label"), validators=[InputRequired()])
    stop = StringField(_l("To label"), validators=[InputRequired()])

    def __init__(self, *args, run_count: int = MAX_RUN, **kwargs):
        super().__init__(*args, **kwargs)
        self.run_count = run_count

    def validate_start(self, field):
        self.start_value = parse_count(field.data, self.run_count)

    def validate_stop(self, field):
        self.stop_value = parse_count(field.data, self.run_count)
        start = getattr(self, "start_value", None)
        if start is not None and self.stop_value < start:
            raise ValidationError(_l("The last label comes after the first."))
        if start is not None and self.stop_value - start + 1 > MAX_REPRINT:
            raise ValidationError(
                _l("Reprint at most %(most)s labels at a time.", most=LocalNumber(MAX_REPRINT))
            )
