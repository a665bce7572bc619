"""schema.org JSON-LD for the product and cooperative pages, so search engines show a product
with its price and availability, and a cooperative as an organisation.

Data only, never script: templates write it with Jinja's ``tojson`` (which escapes ``<``,
``>`` and ``&``) inside ``<script type="application/ld+json">``; the trace page carries none.
Every type and property used is a term of schema.org's vocabulary (checked by the tests
against tests/support/schema_org.py). Prices are whole VND; an archived product or one of an
archived cooperative is "Discontinued", a variant with no stock "OutOfStock".
"""

from flask import current_app, url_for

from .. import areas
from ..product_images.panel import product_image_url
from .products import PublicProduct
from .services import PublicProfile

CONTEXT = "https://schema.org"


def _external(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"] + path


def organization(cooperative, page_url: str | None = None) -> dict:
    """A cooperative as an ``Organization``: its names, page and address."""
    data: dict = {
        "@type": "Organization",
        "name": cooperative.legal_name,
        "url": page_url or _external(url_for("public.cooperative", slug=cooperative.slug)),
    }
    if cooperative.short_name and cooperative.short_name != cooperative.legal_name:
        data["alternateName"] = cooperative.short_name
    province = areas.province(cooperative.province_code)
    commune = areas.commune(cooperative.commune_code)
    address = {"@type": "PostalAddress", "addressCountry": "VN"}
    if cooperative.street:
        address["streetAddress"] = cooperative.street
    if commune is not None:
        address["addressLocality"] = commune.name
    if province is not None:
        address["addressRegion"] = province.name
    data["address"] = address
    if cooperative.phone:  # shown on every public page (call, Zalo); the e-mail is not
        data["telephone"] = cooperative.phone
    return data


def cooperative_json_ld(profile: PublicProfile, page_url: str) -> dict:
    data = {"@context": CONTEXT, **organization(profile.cooperative, page_url)}
    if profile.cooperative.description:
        data["description"] = profile.summary
    if profile.cooperative.logo_key:
        from .views import logo_url

        data["logo"] = logo_url(profile.cooperative.logo_key, large=True, external=True)
    if profile.cooperative.tax_code:
        data["taxID"] = profile.cooperative.tax_code
    return data


def _availability(page: PublicProduct, stock: int) -> str:
    if page.archived:
        return f"{CONTEXT}/Discontinued"
    return f"{CONTEXT}/InStock" if stock > 0 else f"{CONTEXT}/OutOfStock"


def product_json_ld(page: PublicProduct, page_url: str) -> dict:
    """A product as a ``Product`` with one ``Offer`` per variant (price in VND)."""
    seller = organization(page.cooperative)
    data: dict = {
        "@context": CONTEXT,
        "@type": "Product",
        "name": page.product.name,
        "description": page.summary,
        "url": page_url,
        "category": page.category,
        "brand": {"@type": "Brand", "name": page.cooperative.display_name},
        "manufacturer": seller,
    }
    if page.images:
        data["image"] = [product_image_url(i, "square", external=True) for i in page.images[:3]]
    if page.product.gtin:
        data["gtin14"] = page.product.gtin
    data["offers"] = [
        {
            "@type": "Offer",
            "name": variant.name,
            "sku": variant.sku,
            "price": variant.price_vnd,
            "priceCurrency": "VND",
            "availability": _availability(page, variant.stock),
            "url": page_url,
            "seller": {"@type": "Organization", "name": seller["name"], "url": seller["url"]},
        }
        for variant in page.variants
    ]
    return data
