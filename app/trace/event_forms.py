"""The trace event form: one form for every kind; only the chosen kind's fields are used.

Field formats are checked here; the event rules (event_rules.py) run here too, so every
problem shows at once, and again in ``record_event`` so that no caller can skip them.
"""

from datetime import UTC, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional

from .. import areas
from ..clock import LOCAL
from ..filenames import scan_filename
from ..forms import (
    DOCUMENT_ACCEPT,
    MAX_SCAN_BYTES,
    TOO_LONG,
    DayField,
    Form,
    choices,
    int_or_none,
    read_document,
)
from ..kept_fields import KeepRule, KeepsFiles
from ..models import EventKind
from ..product_images.services import max_bytes
from ..uploads import IMAGE_ACCEPT
from .event_rules import DETAILS, GROUPS, InspectionResult, clean_details, problems
from .events import Document, EventData, batch_provinces, plots_of

PREFIXES = ("input", "harvest", "inspection", "transport")

#: Kinds usually written down later, back home: their time starts empty (the date is today,
#: editable); an event without a time is kept at the start of its day and shown as a date.
LOGGED_LATER = frozenset({EventKind.HARVEST, EventKind.PACKING})


def chosen_kind(value: str | None) -> EventKind | None:
    """The kind named in ``?kind=`` (None when absent or unknown)."""
    return EventKind.of(value or "")


def field_name(key: str, kind: str) -> str | None:
    """The form field that shows a problem keyed ``key`` (None: the form as a whole)."""
    if key == "occurred_at":
        return "occurred_on"
    if key == "document":
        return "inspection_document"
    if key.startswith("details."):
        group = GROUPS.get(kind)
        return f"{group}_{key.removeprefix('details.')}" if group else None
    if key == "supersedes":
        return None
    return key


def _longest(group: str, member: str) -> dict:
    """The input's ``maxlength``: the longest a detail may be (event_rules.DETAILS), shown at
    the field so no limit is found only after saving."""
    kind = next(k for k, g in GROUPS.items() if g == group)
    return {"maxlength": DETAILS[kind][member]}


class EventForm(KeepsFiles, Form):
    keep_rules = {
        "inspection_document": KeepRule(MAX_SCAN_BYTES, allow_pdf=True),
        "photos": KeepRule(max_bytes),
    }

    kind = SelectField(
        _l("What happened"),
        choices=choices([(None, _l("— choose —")), *EventKind.choices()]),
        validate_choice=False,  # event_rules.problems() says what is wrong
    )
    occurred_on = DayField(
        _l("Date"),
        validators=[InputRequired(_l("Enter the date it happened."))],
    )
    occurred_time = TimeField(_l("Time"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Length(max=200, message=TOO_LONG)])
    commune_code = SelectField(_l("Commune"), coerce=int_or_none, validate_choice=False)
    plot_id = SelectField(_l("Plot or facility"), coerce=int_or_none, validate_choice=False)
    actor = StringField(_l("Done by"), validators=[Length(max=120, message=TOO_LONG)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000, message=TOO_LONG)])
    public = BooleanField(_l("Show this event to buyers on the trace page"), default=True)

    input_product = StringField(_l("Product applied"), render_kw=_longest("input", "product"))
    input_active_ingredient = StringField(
        _l("Active ingredient"), render_kw=_longest("input", "active_ingredient")
    )
    input_dose = StringField(_l("Dose"), render_kw=_longest("input", "dose"))
    input_phi_days = StringField(
        _l("Pre-harvest interval (days)"), render_kw={"inputmode": "numeric"}
    )
    harvest_quantity = StringField(_l("Quantity"), render_kw={"inputmode": "decimal"})
    harvest_unit = StringField(_l("Unit"), render_kw=_longest("harvest", "unit"))
    inspection_result = SelectField(
        _l("Result"),
        choices=choices([(None, _l("— choose —")), *InspectionResult.choices()]),
        validate_choice=False,
    )
    inspection_result_text = TextAreaField(
        _l("Details of the result"), render_kw=_longest("inspection", "result_text")
    )
    inspection_lab = StringField(
        _l("Laboratory or inspector"), render_kw=_longest("inspection", "lab")
    )
    inspection_document = FileField(
        _l("Test report or certificate"), render_kw={"accept": DOCUMENT_ACCEPT}
    )
    transport_from = StringField(_l("Departure place"), render_kw=_longest("transport", "from"))
    transport_to = StringField(_l("Destination"), render_kw=_longest("transport", "to"))
    transport_carrier = StringField(_l("Carrier"), render_kw=_longest("transport", "carrier"))

    photos = MultipleFileField(
        _l("Photos of what was done"),
        render_kw={"accept": IMAGE_ACCEPT, "multiple": True, "data-downscale": True},
    )
    keep_photos = BooleanField(_l("Keep the photos of the event being corrected"), default=True)
    submit = SubmitField(_l("Save the event"))

    def __init__(self, batch, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        communes = [a for p in sorted(batch_provinces(batch)) for a in areas.communes(p)]
        self.commune_code.choices = choices(
            [(None, _l("— none —"))] + [(a.code, a.name) for a in communes]
        )
        self.plot_id.choices = choices(
            [(None, _l("— none —"))] + [(p.id, p.name) for p in plots_of(batch)]
        )
        self.document = None

    def occurred_at(self) -> datetime | None:
        """The date at the time given, or at the start of the day when no time is given."""
        if self.occurred_on.data is None or self.occurred_time.errors:
            return None
        return datetime.combine(
            self.occurred_on.data, self.occurred_time.data or time(0, 0), tzinfo=LOCAL
        )

    def raw_details(self) -> dict:
        """The kind-specific fields of the chosen kind, by details member name."""
        group = GROUPS.get(self.kind.data)
        if group is None:
            return {}
        prefix = f"{group}_"
        return {
            f.name.removeprefix(prefix): f.data
            for f in self
            if f.name.startswith(prefix) and f.type != "FileField"
        }

    def validate_inspection_document(self, field):
        """Judge the document by its content and size; keep it as ``self.document``."""
        self.document = None
        upload = field.data
        if not upload or self.kind.data != EventKind.INSPECTION:
            return
        data, ext = read_document(upload)
        self.document = Document(
            data, ext, scan_filename(upload.filename, ext, "bien-ban-kiem-nghiem")
        )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        kind = self.kind.data or ""
        errors = problems(kind, self.occurred_at(), datetime.now(LOCAL))
        if self.occurred_at() is None:
            errors.pop("occurred_at", None)  # the date or time field says why already
        errors.update(clean_details(kind, self.raw_details())[1])
        for key, message in errors.items():
            self.add_error(key, message)
        return valid and not errors

    def error_field(self, name: str | None):
        """The field for a message keyed by an ``EventData`` name (None: a flash)."""
        name = field_name(name, self.kind.data) if name else None
        return self[name] if name and name in self else None

    def files(self) -> list[tuple[str, bytes]]:
        return [(f.filename, f.read()) for f in self.photos.data or [] if f and f.filename]

    def to_data(self) -> EventData:
        return EventData(
            kind=self.kind.data,
            occurred_at=self.occurred_at(),
            place=self.place.data,
            commune_code=self.commune_code.data,
            plot_id=self.plot_id.data,
            actor=self.actor.data,
            notes=self.notes.data,
            public=self.public.data,
            details=self.raw_details(),
            document=self.document,
            keep_photos=self.keep_photos.data,
        )


def initial_data(batch, user, now: datetime, kind: EventKind | None = None) -> dict:
    """A new event of ``kind``: today (and now, unless the kind is usually written down
    later), by the signed-in person, on the batch's plot and commune."""
    local = now.astimezone(LOCAL)
    plot = batch.plot
    return {
        "kind": kind.value if kind else None,
        "occurred_on": local.date(),
        "occurred_time": None
        if kind in LOGGED_LATER
        else local.time().replace(second=0, microsecond=0),
        "actor": user.name,
        "plot_id": batch.plot_id,
        "commune_code": plot.commune_code if plot else batch.cooperative.commune_code,
        "harvest_unit": batch.unit,
        "public": True,
    }


def correction_data(event) -> dict:
    """The form filled with what the event to correct says."""
    stored = event.occurred_at
    local = (stored if stored.tzinfo else stored.replace(tzinfo=UTC)).astimezone(LOCAL)
    data = {
        "kind": event.kind,
        "occurred_on": local.date(),
        "occurred_time": None
        if local.time() == time(0, 0)
        else local.time().replace(second=0, microsecond=0),
        "place": event.place,
        "commune_code": event.commune_code,
        "plot_id": event.plot_id,
        "actor": event.actor,
        "notes": event.notes,
        "public": event.public,
        "keep_photos": True,
    }
    group = GROUPS.get(event.kind)
    for key, value in (event.details or {}).items():
        if group and key not in ("document_key", "document_name"):
            data[f"{group}_{key}"] = "" if value is None else str(value)
    return data
