"""What the activity log records: the audited kinds of rows and, for each, the fields whose
changes are written (a whitelist, so that a new column, a secret one perhaps, is never logged
by accident).

``hidden`` fields are logged as changed, never with their values (a password, a stored
file's key). Two place columns are logged together as one ``place`` field, ``[province,
commune]``, which is how people read a place. A kind logged ``on_create_only`` records its
creation and nothing after (a label run's progress is not history).
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..models import (
    Batch,
    CategoryMapping,
    Certificate,
    Cooperative,
    LabelRun,
    Listing,
    MarketplaceTemplate,
    OnboardingStep,
    Product,
    ProductVariant,
    User,
)


@dataclass(frozen=True)
class Kind:
    name: str  # what the log's subject_type holds
    model: type
    label: object  # lazy: what pages call it
    fields: tuple[str, ...]
    hidden: dict[str, str] = field(default_factory=dict)  # column -> the field logged
    places: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> columns
    on_create_only: bool = False


PLACE = {"place": ("province_code", "commune_code")}

KINDS = (
    Kind(
        "cooperative",
        Cooperative,
        _l("Cooperative"),
        (
            "legal_name",
            "short_name",
            "kind",
            "registration_number",
            "tax_code",
            "street",
            "legacy_address",
            "representative",
            "phone",
            "email",
            "description",
            "bank_bin",
            "bank_account_number",
            "bank_account_holder",
            "status",
        ),  # fmt: skip
        hidden={"logo_key": "logo"},
        places=PLACE,
    ),
    Kind(
        "certificate",
        Certificate,
        _l("Certificate"),
        (
            "kind",
            "ocop_stars",
            "number",
            "issuer",
            "scope",
            "issued_on",
            "expires_on",
            "document_name",
        ),  # fmt: skip
        hidden={"document_key": "document"},
    ),
    Kind(
        "product",
        Product,
        _l("Product"),
        (
            "name",
            "category",
            "description",
            "unit",
            "shelf_life_days",
            "storage_instructions",
            "usage_instructions",
            "ingredients",
            "warnings",
            "standard_kind",
            "standard_number",
            "gtin",
            "status",
        ),  # fmt: skip
        places={"origin": ("origin_province_code", "origin_commune_code")},
    ),
    Kind(
        "variant",
        ProductVariant,
        _l("Variant"),
        (
            "sku",
            "name",
            "price_vnd",
            "compare_at_vnd",
            "stock",
            "net_quantity",
            "net_unit",
            "package_weight_g",
            "length_cm",
            "width_cm",
            "height_cm",
        ),  # fmt: skip
    ),
    Kind(
        "batch",
        Batch,
        _l("Batch"),
        (
            "code",
            "quantity",
            "unit",
            "produced_on",
            "packed_on",
            "expires_on",
            "status",
            "recall_reason",
            "recall_advice",
            "recalled_on",
            "closed_on",
            "notes",
        ),  # fmt: skip
    ),
    Kind(
        "label_run",
        LabelRun,
        _l("Label run"),
        ("kind", "template", "count", "first_serial", "link", "full_label", "cut_marks"),
        on_create_only=True,
    ),
    Kind(
        "listing", Listing, _l("Listing"), ("marketplace", "status", "live_url", "rejection_reason")
    ),  # fmt: skip
    Kind(
        "category_mapping",
        CategoryMapping,
        _l("Category mapping"),
        ("marketplace", "category", "marketplace_category"),
    ),
    Kind(
        "marketplace_template",
        MarketplaceTemplate,
        _l("Marketplace template"),
        ("marketplace", "marketplace_category", "file_name"),
        on_create_only=True,
    ),
    Kind(
        "onboarding_step",
        OnboardingStep,
        _l("Onboarding step"),
        ("status", "done_on", "evidence_url", "evidence_note", "evidence_name"),
        hidden={"evidence_key": "evidence_file"},
    ),
    Kind(
        "account",
        User,
        _l("Account"),
        (
            "name",
            "email",
            "phone",
            "role",
            "is_manager",
            "cooperative_id",
            "locale",
            "is_active_account",
        ),  # fmt: skip
        hidden={"password_hash": "password"},
    ),
)

BY_MODEL = {kind.model: kind for kind in KINDS}
BY_NAME = {kind.name: kind for kind in KINDS}
