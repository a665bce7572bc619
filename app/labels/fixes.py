"""Where to fill in what a full label lacks: for each missing text, a link to its field on the
product, batch or cooperative form (the field's id as the fragment, so the page opens there)."""

from flask import url_for

from ..models import Batch
from .layout import FULL_FIELDS

# Missing text -> (form, the field's id there); "{row}" is the batch's variant's row.
WHERE = {
    "product_name": ("product", "name"),
    "responsible": ("cooperative", "legal_name"),
    "address": ("cooperative", "street"),
    "origin": ("product", "origin_province_code"),
    "net_quantity": ("product", "variants-{row}-net_quantity"),
    "produced_on": ("batch", "produced_on"),
    "expires_on": ("batch", "expires_on"),
    "ingredients": ("product", "ingredients"),
    "usage": ("product", "usage_instructions"),
    "storage": ("product", "storage_instructions"),
    "warnings": ("product", "warnings"),
}


def _variant_row(batch: Batch) -> int:
    """The product form's row of the variant whose net quantity the label prints."""
    variants = list(batch.product.variants)
    return variants.index(batch.variant) if batch.variant in variants else 0


def fix_links(batch: Batch, missing: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(what is missing, the URL of its field)`` for each of ``missing``, in label order."""
    pages = {
        "product": url_for("products.edit", product_id=batch.product_id),
        "batch": url_for("trace.batch_edit", batch_id=batch.id),
        "cooperative": url_for("cooperatives.edit", cooperative_id=batch.cooperative_id),
    }
    links = []
    for key in missing:
        form, field_id = WHERE[key]
        anchor = field_id.format(row=_variant_row(batch))
        links.append((str(FULL_FIELDS[key]), f"{pages[form]}#{anchor}"))
    return links
