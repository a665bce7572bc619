"""The activity log as people read it: field names in their language, enums by their labels,
dates and money formatted, places and banks by name, the actor "System" when no one signed in
made the change."""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, Enum, inspect, select

from .. import areas
from ..banks import bank_label
from ..extensions import db
from ..i18n import fmt_date, vnd
from ..models import Activity, Cooperative, Marketplace, Step
from .kinds import BY_NAME, Kind

ACTIONS = {
    "created": _l("Added"),
    "changed": _l("Changed"),
    "deleted": _l("Deleted"),
    "recalled": _l("Recalled"),
    "deactivated": _l("Deactivated"),
    "reactivated": _l("Reactivated"),
}

FIELDS = {
    "legal_name": _l("Legal name"),
    "short_name": _l("Short name"),
    "kind": _l("Type"),  # a cooperative's legal form; other rows' kinds are in ROW_FIELDS
    "registration_number": _l("Registration number"),
    "tax_code": _l("Tax code"),
    "street": _l("Street, village"),
    "legacy_address": _l("Address as written before 2025"),
    "representative": _l("Representative"),
    "phone": _l("Phone"),
    "email": _l("Email"),
    "description": _l("Description"),
    "bank_bin": _l("Bank"),
    "bank_account_number": _l("Account number"),
    "bank_account_holder": _l("Account holder"),
    "status": _l("Status"),
    "logo": _l("Logo"),
    "place": _l("Province and commune"),
    "ocop_stars": _l("OCOP stars"),
    "number": _l("Number"),
    "issuer": _l("Issued by"),
    "scope": _l("Scope"),
    "issued_on": _l("Issued on"),
    "expires_on": _l("Expires on"),
    "document_name": _l("File name"),
    "document": _l("Scan of the certificate"),
    "name": _l("Name"),
    "category": _l("Category"),
    "unit": _l("Unit"),
    "shelf_life_days": _l("Shelf life (days)"),
    "storage_instructions": _l("Storage instructions"),
    "usage_instructions": _l("Usage instructions"),
    "ingredients": _l("Ingredients"),
    "warnings": _l("Warnings"),
    "standard_kind": _l("Standard"),
    "standard_number": _l("Standard number"),
    "gtin": _l("GTIN (barcode)"),
    "origin": _l("Origin"),
    "sku": _l("SKU"),
    "price_vnd": _l("Price"),
    "compare_at_vnd": _l("Price before discount"),
    "stock": _l("Stock"),
    "net_quantity": _l("Net quantity"),
    "net_unit": _l("Net unit"),
    "package_weight_g": _l("Package weight (g)"),
    "length_cm": _l("Length (cm)"),
    "width_cm": _l("Width (cm)"),
    "height_cm": _l("Height (cm)"),
    "code": _l("Batch code"),
    "quantity": _l("Quantity"),
    "produced_on": _l("Harvest or production date"),
    "packed_on": _l("Packing date"),
    "recall_reason": _l("Reason for the recall"),
    "recall_advice": _l("What buyers should do"),
    "recalled_on": _l("Recalled on"),
    "closed_on": _l("Closed on"),
    "notes": _l("Notes"),
    "template": _l("Template"),
    "count": _l("Number of labels"),
    "first_serial": _l("First serial"),
    "link": _l("Link form"),
    "full_label": _l("Full label"),
    "cut_marks": _l("Cut marks"),
    "marketplace": _l("Marketplace"),
    "marketplace_category": _l("Marketplace's category"),
    "file_name": _l("File name"),
    "live_url": _l("Listing address"),
    "rejection_reason": _l("Reason for the rejection"),
    "done_on": _l("Done on"),
    "evidence_url": _l("Evidence link"),
    "evidence_note": _l("Evidence note"),
    "evidence_name": _l("Evidence file name"),
    "evidence_file": _l("Evidence file"),
    "role": _l("Role"),
    "is_manager": _l("Manager right"),
    "cooperative_id": _l("Cooperative"),
    "locale": _l("Language"),
    "is_active_account": _l("Can sign in"),
    "password": _l("Password"),
}

# A field name that means something else on another kind of row: that row's own label (a
# certificate's "kind" is not a cooperative's "Type", translated "Loại hình").
ROW_FIELDS = {
    ("certificate", "kind"): _l("Kind of certificate"),
    ("label_run", "kind"): _l("Codes"),
    ("label_run", "template"): _l("Label stock"),
    ("product", "unit"): _l("Sale unit"),
}


def field_label(kind: Kind | None, field: str) -> str:
    """What the log calls ``field`` of a row of ``kind``, in the reader's language."""
    label = ROW_FIELDS.get((kind.name, field)) if kind is not None else None
    return str(label or FIELDS.get(field, field))


@dataclass(frozen=True)
class Line:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    who: str
    cooperative: str
    cooperative_id: int | None
    kind: str
    subject: str
    action: str
    lines: list[Line]


@cache
def _column_types(model: type) -> dict:
    columns: list = list(inspect(model).columns.items())
    return {name: column.type for name, column in columns}


def _column_type(kind: Kind, field: str):
    return _column_types(kind.model).get(field)


def show_value(kind: Kind | None, field: str, value, names: dict[int, str]) -> str:
    """One logged value as the reader reads it; "—" for nothing."""
    if value is None or value == "":
        return "—"
    if kind is not None and field in kind.places:
        province, commune = value
        return areas.place_name(commune, province)
    if field == "bank_bin":
        return bank_label(value)
    if field == "cooperative_id":
        return names.get(value, f"#{value}")
    if field.endswith("_vnd"):
        return vnd(value)
    kind_type = _column_type(kind, field) if kind is not None else None
    labelled = getattr(kind_type, "enum_class", None) if isinstance(kind_type, Enum) else None
    if labelled is not None and hasattr(labelled, "label_of"):
        return labelled.label_of(value)
    if isinstance(kind_type, Boolean):
        return _("Yes") if value else _("No")
    if isinstance(kind_type, Date):
        try:
            return fmt_date(date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _lines(kind: Kind | None, row: Activity, names: dict[int, str]) -> list[Line]:
    """One line per field; an added row shows only its values, a deleted one its old ones."""
    hidden = set(kind.hidden.values()) if kind is not None else set()
    lines = []
    for field, pair in (row.changes or {}).items():
        label = field_label(kind, field)
        if field in hidden:
            lines.append(Line(label, "", _("changed (not shown)")))
            continue
        before, after = pair
        lines.append(
            Line(
                label, show_value(kind, field, before, names), show_value(kind, field, after, names)
            )
        )
    return lines


def _subject(row: Activity) -> str:
    if row.subject_type == "onboarding_step" and "/" in row.subject_label:
        marketplace, step = row.subject_label.split("/", 1)
        return f"{Marketplace.label_of(marketplace)} · {Step.label_of(step)}"
    return row.subject_label


def cooperative_names(ids) -> dict[int, str]:
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    stmt = select(Cooperative.id, Cooperative.short_name, Cooperative.legal_name)
    rows = db.session.execute(stmt.where(Cooperative.id.in_(ids)))
    return {r.id: r.short_name or r.legal_name for r in rows}


def entries(rows: list[Activity]) -> list[Entry]:
    """The rows as pages show them (one query for the cooperatives' names)."""
    wanted = {r.cooperative_id for r in rows}
    for row in rows:
        wanted.update(v for v in row.changes.get("cooperative_id", ()) if v is not None)
    names = cooperative_names(wanted)
    result = []
    for row in rows:
        kind = BY_NAME.get(row.subject_type)
        result.append(
            Entry(
                id=row.id,
                at=row.at,
                who=row.actor_name if row.actor_id is not None else _("System"),
                cooperative=names.get(row.cooperative_id, "") if row.cooperative_id else "",
                cooperative_id=row.cooperative_id,
                kind=str(kind.label) if kind is not None else row.subject_type,
                subject=_subject(row),
                action=str(ACTIONS.get(row.action, row.action)),
                lines=_lines(kind, row, names),
            )
        )
    return result
