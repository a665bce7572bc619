"""The readiness check's way to each fix and back: every "Fix" link opens the form that fixes
a problem with ``next=`` the check itself, at the product, so saving that form is one page
load back on the check (issue 20). Also the short reason shown beside a product that cannot
be ticked, and the title's length against the marketplace's limit."""

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..models import CertificateKind
from .problems import Problem

# The words a claim is made with, as the "Remove the words …" link says them.
CLAIM_WORDS = {
    CertificateKind.OCOP.value: "OCOP",
    CertificateKind.VIETGAP.value: "VietGAP",
    CertificateKind.GLOBALGAP.value: "GlobalGAP",
    CertificateKind.ORGANIC.value: _l("organic"),
}

# A blocker in a few words, beside a product's disabled tick; the full message is below it.
SHORT = {
    "draft": _l("A draft"),
    "category": _l("No category on this marketplace"),
    "category_unmapped": _l("Category not mapped yet"),
    "origin": _l("No origin"),
    "ingredients": _l("No ingredients"),
    "usage": _l("No instructions for use"),
    "storage": _l("No storage instructions"),
    "shelf_life": _l("No shelf life"),
    "certificate_expired": _l("A certificate has expired"),
    "claim": _l("A claim without its certificate"),
    "images_missing": _l("No photo"),
    "image_small": _l("A photo is too small"),
    "image_unprepared": _l("A photo is still being prepared"),
    "description_long": _l("Description too long"),
    "description_short": _l("Description too short"),
    "variants": _l("Too many variants"),
    "title_long": _l("Title too long"),
    "title_short": _l("Title too short"),
    "title_characters": _l("Emoji or Chinese characters in the title"),
    "sku": _l("SKU not accepted"),
    "price": _l("Price out of range"),
    "weight_missing": _l("No package weight"),
    "weight_range": _l("Package weight out of range"),
    "dimensions": _l("No package size"),
    "net_quantity": _l("No net quantity"),
    "variant_name": _l("A variant has no name"),
    "gtin_missing": _l("No GTIN"),
    "gtin": _l("Wrong GTIN"),
    "empty": _l("A required column is empty"),
    "contact_details": _l("Contact details in the listing"),
}


@dataclass(frozen=True)
class Fix:
    label: object  # a (lazy) string
    url: str


def check_url(marketplace: str, cooperative_ids, product_id: int | None = None) -> str:
    """The readiness check of these cooperatives on ``marketplace``, at a product if given."""
    anchor = f"product-{product_id}" if product_id else None
    return url_for(
        "exports.check", marketplace=marketplace, cooperative=list(cooperative_ids), _anchor=anchor
    )


def fix_links(problem: Problem, product, back: str, held=frozenset()) -> list[Fix]:
    """The links that fix ``problem`` of ``product`` (a ProductInfo), each carrying ``back``
    (the check's URL) as ``next``; ``held``: the certificate kinds the product's cooperative
    holds valid today (a claim can then also be fixed by ticking one on the product)."""
    if problem.fix == "mapping":  # the marketplace's category for ours, chosen once
        url = url_for(
            "exports.categories_page",
            marketplace=problem.marketplace,
            next=back,
            _anchor=f"category-{problem.field}",
        )
        return [Fix(_l("Fix"), url)]
    if problem.fix == "images":
        return [Fix(_l("Fix"), url_for("product_images.index", product_id=product.id, next=back))]
    cooperative_id = product.cooperative.id
    if problem.fix == "certificate" and problem.certificate_id:
        url = url_for(
            "certificates.edit",
            cooperative_id=cooperative_id,
            certificate_id=problem.certificate_id,
            next=back,
        )
        return [Fix(_l("Fix"), url)]
    if problem.fix == "claim":
        return _claim_fixes(problem, product, back, held)
    anchor = problem.field or None
    if problem.fix == "cooperative":
        url = url_for("cooperatives.edit", cooperative_id=cooperative_id, next=back, _anchor=anchor)
        return [Fix(_l("Fix"), url)]
    return [Fix(_l("Fix"), _product_form(product, back, anchor))]


def _product_form(product, back: str, anchor: str | None) -> str:
    return url_for("products.edit", product_id=product.id, next=back, _anchor=anchor)


def _claim_fixes(problem: Problem, product, back: str, held) -> list[Fix]:
    """The two real fixes of a claim: take the words out, or add the certificate (its kind
    chosen, linked to the product on saving)."""
    words = CLAIM_WORDS.get(problem.kind, problem.kind)
    fixes = [
        Fix(
            _l("Remove the words %(words)s", words=words),
            _product_form(product, back, problem.field or "description"),
        ),
        Fix(
            _l("Add a %(kind)s certificate", kind=words),
            url_for(
                "certificates.create",
                cooperative_id=product.cooperative.id,
                kind=problem.kind,
                product=product.id,
                next=back,
            ),
        ),
    ]
    if problem.kind in held:
        fixes.append(
            Fix(
                _l("Tick the cooperative's %(kind)s certificate", kind=words),
                _product_form(product, back, "certificate_ids"),
            )
        )
    return fixes


def first_blocker(readiness) -> Problem | None:
    """What keeps a product out of the pack first: its own blockers, then its variants'."""
    for problem in readiness.product_problems:
        if problem.blocking:
            return problem
    for variant in readiness.prepared.product.variants:
        for problem in readiness.variant_problems.get(variant.id, []):
            if problem.blocking:
                return problem
    return None


def short_reason(problem: Problem):
    """A blocker in a few words (its whole message when it has no short form)."""
    return SHORT.get(problem.code, problem.message)
