"""One product as marketplaces see it: its title, its description, and the value of every
column source a profile may name.

Pure: built from plain records (:class:`ProductInfo`), no database and no request. Listing
text is always Vietnamese (the marketplaces' language), whatever the reader's language: the
messages below are English msgids read from the Vietnamese catalogue.

The description carries what Decree 85/2021/NĐ-CP asks of an online listing: the label's
mandatory content except what belongs to one unit or batch (no production or expiry date,
no lot): name, responsible organisation and address, origin; for food also quantity,
ingredients, usage and storage, warnings and shelf life. Then the certificates valid today
and the traceability link (or, where the marketplace allows no link, the QR code alone).
"""

import html
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from ..certificates.rules import valid_on
from ..models import CertificateKind
from ..products.rules import NET_UNITS
from ..text import fold
from ..vietnamese import gettext as _
from ..vietnamese import in_vietnamese

# Our top-level categories whose products are food (Decree 43/2017, Appendix I, item 1).
FOOD_GROUPS = frozenset({
    "grains_nuts", "rice", "coffee_tea", "fruit", "vegetables", "mushrooms", "honey", "spices",
    "seafood", "meat_eggs", "processed", "drinks",
})  # fmt: skip
SUMMARY_CHARS = 250


@dataclass(frozen=True)
class CertificateInfo:
    id: int
    kind: str
    number: str
    issuer: str
    issued_on: date
    expires_on: date | None
    ocop_stars: int | None = None
    document_key: str | None = None
    document_name: str | None = None

    def is_valid_on(self, day: date) -> bool:
        return valid_on(self.issued_on, self.expires_on, day)


@dataclass(frozen=True)
class PhotoInfo:
    square_key: str | None  # the marketplace square (app/product_images/renditions.py)
    width: int  # of the cleaned original
    height: int


@dataclass(frozen=True)
class VariantInfo:
    id: int
    row: int  # its place in the product form ("variants-<row>-…")
    sku: str
    name: str
    price_vnd: int
    stock: int
    compare_at_vnd: int | None = None
    net_quantity: str = ""
    net_unit: str = "g"
    package_weight_g: int | None = None
    length_cm: int | None = None
    width_cm: int | None = None
    height_cm: int | None = None

    @property
    def quantity_text(self) -> str:
        """ "500 g", "1,5 kg": the net quantity as a Vietnamese label writes it."""
        if not self.net_quantity:
            return ""
        try:
            Decimal(self.net_quantity)
        except InvalidOperation:
            return self.net_quantity
        unit = NET_UNITS.get(self.net_unit)
        unit_text = in_vietnamese(unit) if unit is not None else self.net_unit
        return f"{self.net_quantity.replace('.', ',')} {unit_text}"


@dataclass(frozen=True)
class CooperativeInfo:
    id: int
    slug: str
    legal_name: str
    brand: str  # the short name buyers know
    address: str  # street, commune, province


@dataclass(frozen=True)
class ProductInfo:
    id: int
    slug: str
    name: str
    category: str
    status: str
    unit: str
    cooperative: CooperativeInfo
    origin: str  # "Xã Lâm Bình, Tuyên Quang"; "" when unknown
    origin_province: str  # "Tuyên Quang"
    product_url: str  # the public product page
    trace_url: str  # GS1 Digital Link when the product has a GTIN, else the product page
    image_base: str  # where public images are served: <base>/media/
    description: str = ""
    shelf_life_days: int | None = None
    storage_instructions: str = ""
    usage_instructions: str = ""
    ingredients: str = ""
    warnings: str = ""
    standard_number: str = ""
    gtin: str | None = None
    variants: tuple[VariantInfo, ...] = ()
    photos: tuple[PhotoInfo, ...] = ()
    certificates: tuple[CertificateInfo, ...] = ()  # linked to the product
    today: date = field(default_factory=date.today)

    @property
    def is_food(self) -> bool:
        return self.category.split(".", 1)[0] in FOOD_GROUPS

    @property
    def key(self) -> str:
        """The product's own id in a sheet (parent SKU, Shopify handle, item_group_id):
        stable, unique, at most 50 characters of ``[a-z0-9-]``."""
        suffix = f"-{self.id}"
        return self.slug[: 50 - len(suffix)].rstrip("-") + suffix

    @property
    def valid_certificates(self) -> tuple[CertificateInfo, ...]:
        return tuple(c for c in self.certificates if c.is_valid_on(self.today))

    @property
    def has_variants(self) -> bool:
        return len(self.variants) > 1


# --- titles -----------------------------------------------------------------------------------


def _missing(part: str, folded: str) -> bool:
    """Is ``part`` not already said in the text whose folded form is ``folded``?"""
    return bool(part) and fold(part) not in folded


def suggest_title(
    product: ProductInfo, variant: VariantInfo, maximum: int, folded_name: str | None = None
) -> str:
    """What sells on these platforms: product + origin + cooperative + pack size.

    Parts the name already says are not repeated; when the whole is too long the cooperative
    goes first, then the origin; the name and the pack size stay.
    """
    name = product.name
    pack = variant.name or variant.quantity_text
    folded = fold(name) if folded_name is None else folded_name
    pack = pack if _missing(pack, folded) else ""
    if pack[1:2].islower():  # "Túi 500 g" -> "túi 500 g", as titles write it mid-sentence
        pack = pack[0].lower() + pack[1:]
    origin = product.origin_province if _missing(product.origin_province, folded) else ""
    brand = product.cooperative.brand if _missing(product.cooperative.brand, folded) else ""
    for parts in ((name, origin, brand, pack), (name, origin, pack), (name, pack)):
        title = " ".join(p for p in parts if p)
        if len(title) <= maximum:
            return title
    return title


# --- descriptions -----------------------------------------------------------------------------


def shelf_life_text(days: int) -> str:
    """ "12 tháng", "45 ngày": the shelf life as a marketplace's attribute takes it."""
    if days % 30 == 0 and days >= 60:
        return _("%(months)d months", months=days // 30)
    return _("%(days)d days", days=days)


def _shelf_life(days: int) -> str:
    if days % 30 == 0 and days >= 60:
        return _("%(months)d months from the production date", months=days // 30)
    return _("%(days)d days from the production date", days=days)


def certificate_text(certificate: CertificateInfo) -> str:
    """ "VietGAP số VG-01, do Trung tâm X cấp, hiệu lực đến 30/06/2027" (Decree 85: number,
    date and place of issue)."""
    if certificate.kind == "ocop" and certificate.ocop_stars:
        kind = _("OCOP %(stars)d-star", stars=certificate.ocop_stars)
    else:
        member = CertificateKind.of(certificate.kind)
        kind = in_vietnamese(member.label) if member is not None else certificate.kind
    text = _(
        "%(kind)s no. %(number)s, issued by %(issuer)s on %(date)s",
        kind=kind,
        number=certificate.number,
        issuer=certificate.issuer,
        date=vn_date(certificate.issued_on),
    )
    if certificate.expires_on:
        text += ", " + _("valid until %(date)s", date=vn_date(certificate.expires_on))
    return text


def vn_date(day: date) -> str:
    """30/06/2027: dates in listings and their messages, whatever the reader's language."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _quantity_line(variant: VariantInfo) -> str:
    """ "Túi 1 kg" as it is; "Hộp: 500 g" when the variant's name does not say it."""
    if variant.name and _missing(variant.quantity_text, fold(variant.name)):
        return f"{variant.name}: {variant.quantity_text}"
    return variant.name or variant.quantity_text


def facts(product: ProductInfo) -> list[tuple[str, str]]:
    """(label, text) lines of the mandatory label content, in the order labels print them."""
    lines = [(_("Product name"), product.name)]
    quantities = [v for v in product.variants if v.quantity_text]
    if quantities:
        text = "; ".join(_quantity_line(v) for v in quantities)
        lines.append((_("Net quantity"), text))
    if product.ingredients:
        lines.append((_("Ingredients"), product.ingredients))
    if product.usage_instructions:
        lines.append((_("How to use"), product.usage_instructions))
    if product.storage_instructions:
        lines.append((_("How to store"), product.storage_instructions))
    if product.warnings:
        lines.append((_("Warnings"), product.warnings))
    if product.shelf_life_days:
        lines.append((_("Shelf life"), _shelf_life(product.shelf_life_days)))
        lines.append((_("Production and expiry dates"), _("printed on each package")))
    if product.standard_number:
        lines.append((_("Standard applied"), product.standard_number))
    if product.origin:
        lines.append((_("Origin"), _("%(place)s, Vietnam", place=product.origin)))
    responsible = product.cooperative.legal_name
    if product.cooperative.address:
        responsible += ", " + product.cooperative.address
    lines.append((_("Responsible organisation"), responsible))
    for certificate in product.valid_certificates:
        lines.append((_("Certificate"), certificate_text(certificate)))
    return lines


def traceability_line(product: ProductInfo, link: bool = True) -> str:
    """The description's last line: the QR code and the traceability link, or (where the
    marketplace allows no link in a listing) the QR code alone."""
    if link:
        return _(
            "Traceability: scan the QR code on the package or open %(url)s", url=product.trace_url
        )
    return _(
        "Traceability: the package carries a QR code; scan it to see where the product comes from."
    )


def describe(
    product: ProductInfo, lines: list[tuple[str, str]] | None = None, link: bool = True
) -> str:
    """Plain text, ready to paste: the product's own words, the label content (``lines``
    from :func:`facts`, worked out here when not given), the traceability line (with the
    link unless ``link`` is false)."""
    lines = facts(product) if lines is None else lines
    parts = []
    if product.description:
        parts.append(product.description)
    parts.append(_("PRODUCT INFORMATION") + "\n" + "\n".join(f"- {k}: {v}" for k, v in lines))
    parts.append(traceability_line(product, link))
    return "\n\n".join(parts)


def describe_html(
    product: ProductInfo, lines: list[tuple[str, str]] | None = None, link: bool = True
) -> str:
    """The same as HTML using only tags TikTok Shop accepts (p, ul, li, strong, br), none
    nested inside another of its kind."""
    lines = facts(product) if lines is None else lines
    esc = html.escape
    parts = []
    if product.description:
        paragraphs = [p for p in product.description.split("\n") if p.strip()]
        parts += [f"<p>{esc(p)}</p>" for p in paragraphs]
    parts.append(f"<p><strong>{esc(_('PRODUCT INFORMATION'))}</strong></p>")
    items = "".join(f"<li><strong>{esc(k)}:</strong> {esc(v)}</li>" for k, v in lines)
    parts.append(f"<ul>{items}</ul>")
    parts.append(f"<p>{esc(traceability_line(product, link))}</p>")
    return "".join(parts)


def summary(product: ProductInfo) -> str:
    text = product.description.replace("\n", " ").strip() or product.name
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"
