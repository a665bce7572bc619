"""The readiness rule for marketplaces that refuse contact details in a listing
(``contact_details = false`` in the profile's rules): every text of ours that reaches the
title or the description is read by :mod:`.contact_details`, and a link, phone number, email,
Zalo id or Facebook page blocks the product, named, with the field that holds it."""

from functools import lru_cache

from flask_babel import lazy_gettext as _l

from . import contact_details
from .listing import ProductInfo
from .problems import Problem

# The product's own texts: attribute, form field, the field's label.
PRODUCT_FIELDS = (
    ("name", "name", _l("Product name")),
    ("description", "description", _l("Description")),
    ("ingredients", "ingredients", _l("Ingredients")),
    ("usage_instructions", "usage_instructions", _l("Usage instructions")),
    ("storage_instructions", "storage_instructions", _l("Storage instructions")),
    ("warnings", "warnings", _l("Warnings")),
    ("standard_number", "standard_number", _l("Standard number")),
)
# The cooperative's, which the description names as the organisation responsible.
COOPERATIVE_FIELDS = (
    ("legal_name", "legal_name", _l("Legal name")),
    ("brand", "short_name", _l("Short name")),
    ("address", "street", _l("Village / street")),
)
KINDS = {
    contact_details.PHONE: lambda text: _l("the phone number %(text)s", text=text),
    contact_details.EMAIL: lambda text: _l("the email address %(text)s", text=text),
    contact_details.LINK: lambda text: _l("the link %(text)s", text=text),
    contact_details.ZALO: lambda text: _l("the Zalo id %(text)s", text=text),
    contact_details.FACEBOOK: lambda text: _l("the Facebook page %(text)s", text=text),
}


SHORT = 300  # characters: the texts many products share (names, variants, instructions)


@lru_cache(maxsize=4096)
def _find_short(text: str) -> tuple:
    return tuple(contact_details.find(text))


def _find(text: str) -> tuple:
    """:func:`contact_details.find`, once per short text: an export reads the same
    cooperative, variant names and instructions on many products (descriptions, each its
    own, are not kept)."""
    return _find_short(text) if len(text) <= SHORT else tuple(contact_details.find(text))


def _problems(text: str, label, profile, fix: str, field: str = "", certificate_id=None):
    """A problem per kind of contact detail in ``text``: "Mô tả có số điện thoại 0912 345
    678, 0987 654 321: Shopee không cho …"."""
    by_kind: dict[str, list[str]] = {}
    for found in _find(text):
        by_kind.setdefault(found.kind, []).append(found.text)
    return [
        Problem(
            "contact_details",
            _l(
                "%(field)s has %(what)s: %(marketplace)s does not allow contact details in a "
                "listing (buyers write through its chat; the QR code on the package leads to "
                "the product's traceability page).",
                field=label,
                what=KINDS[kind](", ".join(texts)),
                marketplace=profile.name,
            ),
            fix,
            field,
            certificate_id=certificate_id,
        )
        for kind, texts in by_kind.items()
    ]


def contact_problems(product: ProductInfo, profile) -> list[Problem]:
    """A blocking problem per text (and kind of contact detail) found in it."""
    problems = []
    for name, field, label in PRODUCT_FIELDS:
        problems += _problems(getattr(product, name), label, profile, "product", field)
    for variant in product.variants:
        field = f"variants-{variant.row}-name"
        problems += _problems(variant.name, _l("Variant name"), profile, "product", field)
    cooperative = product.cooperative
    for name, field, label in COOPERATIVE_FIELDS:
        text = getattr(cooperative, name)
        if name == "brand" and text == cooperative.legal_name:
            continue  # no short name: the brand is the legal name, read once
        problems += _problems(text, label, profile, "cooperative", field)
    for certificate in product.valid_certificates:
        label = _l("Certificate no. %(number)s", number=certificate.number)
        text = f"{certificate.number}\n{certificate.issuer}"
        problems += _problems(text, label, profile, "certificate", certificate_id=certificate.id)
    return problems
