"""The rules a trace event follows: its kind-specific details, its time, and pre-harvest
intervals (PHI, thời gian cách ly) between input applications and harvests.

Pure: no database and no app needed (messages are lazy strings, translated when shown).
Problems are keyed by the name of what is wrong: ``kind``, ``occurred_at`` or
``details.<member>`` (for example ``details.product``).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..enums import LabelledEnum
from ..models import EventKind
from ..numbers import quantity_text_or_none
from ..text import clean, clean_multiline


class InspectionResult(LabelledEnum):
    """An inspection's result, kept in the event's details (``details.result``)."""

    PASS = "pass", _l("Passed")
    FAIL = "fail", _l("Failed")
    OTHER = "other", _l("Other result")  # described in ``details.result_text``


MAX_PHI_DAYS = 365
FUTURE_SLACK = timedelta(hours=1)  # clocks differ; a phone a little ahead is not an error
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
MAX_PHOTOS = 5

# The details members each kind takes, with their longest length; the form's fields are
# named "<group>_<member>" (input_product, transport_to…).
DETAILS: dict[str, dict[str, int | None]] = {
    EventKind.INPUT: {"product": 120, "active_ingredient": 120, "dose": 80, "phi_days": None},
    EventKind.HARVEST: {"quantity": None, "unit": 40},  # "kg", or "thùng 24 hộp 500 g"
    EventKind.INSPECTION: {"result": None, "result_text": 300, "lab": 200},
    EventKind.SHIPPING: {"from": 200, "to": 200, "carrier": 120},
    EventKind.RECEIVING: {"from": 200, "to": 200, "carrier": 120},
}
GROUPS: dict[str, str] = {
    EventKind.INPUT: "input",
    EventKind.HARVEST: "harvest",
    EventKind.INSPECTION: "inspection",
    EventKind.SHIPPING: "transport",
    EventKind.RECEIVING: "transport",
}
TOO_LONG = _l("At most %(max)d characters.")


def parse_days(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raw = clean(None if value is None else str(value))
    return int(raw) if raw.isdigit() and len(raw) <= 4 else None


def _input(raw: dict, errors: dict) -> dict:
    out: dict[str, object] = {
        k: clean(raw.get(k)) for k in ("product", "active_ingredient", "dose")
    }
    if not out["product"]:
        errors["details.product"] = _l("Enter the product applied, e.g. Regent 800WG.")
    phi = raw.get("phi_days")
    if phi in (None, ""):
        out["phi_days"] = None
    else:
        days = parse_days(phi)
        if days is None or not 0 <= days <= MAX_PHI_DAYS:
            errors["details.phi_days"] = _l(
                "Enter the pre-harvest interval as whole days from 0 to %(max)d.",
                max=MAX_PHI_DAYS,
            )
        out["phi_days"] = days
    return out


def _harvest(raw: dict, errors: dict) -> dict:
    quantity = quantity_text_or_none(raw.get("quantity"))
    if quantity is None:
        errors["details.quantity"] = _l("Enter the quantity harvested, a number above 0.")
    unit = clean(raw.get("unit"))
    if not unit:
        errors["details.unit"] = _l("Enter the unit, e.g. kg.")
    return {"quantity": quantity or "", "unit": unit}


def _inspection(raw: dict, errors: dict) -> dict:
    out = {
        "result": clean(raw.get("result")),
        "result_text": clean_multiline(raw.get("result_text")),
        "lab": clean(raw.get("lab")),
    }
    if InspectionResult.of(out["result"]) is None:
        errors["details.result"] = _l("Choose the result of the inspection.")
    elif out["result"] == InspectionResult.OTHER and not out["result_text"]:
        errors["details.result_text"] = _l("Describe the result.")
    return out


def _transport(kind: str, raw: dict, errors: dict) -> dict:
    out = {k: clean(raw.get(k)) for k in ("from", "to", "carrier")}
    if kind == EventKind.SHIPPING and not out["to"]:
        errors["details.to"] = _l("Enter where the goods were shipped to.")
    if kind == EventKind.RECEIVING and not out["from"]:
        errors["details.from"] = _l("Enter where the goods came from.")
    return out


def clean_details(kind: str, raw: dict) -> tuple[dict, dict]:
    """The details of ``kind`` taken from ``raw`` (others dropped), and the problems found."""
    errors: dict = {}
    if kind == EventKind.INPUT:
        details = _input(raw, errors)
    elif kind == EventKind.HARVEST:
        details = _harvest(raw, errors)
    elif kind == EventKind.INSPECTION:
        details = _inspection(raw, errors)
    elif kind in (EventKind.SHIPPING, EventKind.RECEIVING):
        details = _transport(kind, raw, errors)
    else:
        details = {}
    for name, longest in DETAILS.get(kind, {}).items():
        value = details.get(name)
        if longest and isinstance(value, str) and len(value) > longest:
            errors.setdefault(f"details.{name}", _l("At most %(max)d characters.", max=longest))
    return details, errors


def problems(kind: str, occurred_at: datetime | None, now: datetime) -> dict:
    """What is wrong with an event's kind and time (the details: :func:`clean_details`)."""
    errors = {}
    if kind not in {k.value for k in EventKind}:
        errors["kind"] = _l("Choose what happened.")
    if occurred_at is None:
        errors["occurred_at"] = _l("Enter the date and time it happened.")
    elif occurred_at > now + FUTURE_SLACK:
        errors["occurred_at"] = _l("This time is in the future. Record events once they happen.")
    elif occurred_at < EARLIEST:
        errors["occurred_at"] = _l("Enter a date from the year 2000 on.")
    return errors


@dataclass(frozen=True)
class Application:
    """An input applied with a pre-harvest interval."""

    seq: int
    product: str
    applied_on: date  # local day
    phi_days: int
    batch_code: str = ""


@dataclass(frozen=True)
class Harvest:
    """A harvest day: a harvest event (``seq``) or the batch's own date (``seq`` None)."""

    seq: int | None
    harvested_on: date


@dataclass(frozen=True)
class PhiWarning:
    harvest: Harvest
    application: Application

    @property
    def safe_from(self) -> date:
        return self.application.applied_on + timedelta(days=self.application.phi_days)

    def message(self) -> str:
        """ "Thu hoạch ngày 12/07 nằm trong thời gian cách ly 14 ngày của Regent 800WG…" """
        return _(
            "Harvest on %(harvest)s falls within the %(days)d-day pre-harvest interval of "
            "%(product)s applied on %(applied)s (safe from %(safe)s).",
            harvest=_short(self.harvest.harvested_on),
            days=self.application.phi_days,
            product=self.application.product,
            applied=_short(self.application.applied_on),
            safe=_short(self.safe_from),
        )


def _short(day: date) -> str:
    return format_date(day, "dd/MM/yyyy")


def phi_conflicts(harvests, applications) -> list[PhiWarning]:
    """Each harvest day that falls inside an application's interval: on the day applied or
    fewer than ``phi_days`` days after it (harvesting on day ``phi_days`` is allowed)."""
    found = []
    for harvest in harvests:
        for app in applications:
            if 0 <= (harvest.harvested_on - app.applied_on).days < app.phi_days:
                found.append(PhiWarning(harvest, app))
    return found
