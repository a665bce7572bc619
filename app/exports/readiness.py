"""What blocks a listing: for a product and a marketplace profile, every problem of the
product and of each variant, with the form field (or page) that fixes it.

Pure: works on :class:`~app.exports.listing.Prepared` records; messages are lazy strings,
shown in the reader's language. A *blocking* problem keeps the variant out of the pack; the
others are warnings (a certificate expiring soon, photos beyond the marketplace's maximum).
Rules: ../shared/notes/marketplaces-and-law.md, section B, with each profile's own limits.
"""

import re
from dataclasses import dataclass, field

from biip import ParseError
from biip.gtin import Gtin
from flask_babel import lazy_gettext as _l

from ..certificates.rules import EXPIRING_DAYS
from ..models import CertificateKind, ProductStatus
from ..text import fold
from .listing import Prepared, Row, VariantInfo, prepare, value, vn_date

SKU_RE = re.compile(r"^[A-Za-z0-9_-]+$")
# Titles marketplaces refuse: Chinese characters (TikTok Shop) and emoji (Shopee, TikTok).
FORBIDDEN_IN_TITLE_RE = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U0001f000-\U0001faff]"  # ★ stays allowed
)
# Claims a listing may only make with a matching certificate valid today (folded text).
OCOP_RE = re.compile(r"\bocop\b(?:\s*(?:hang\s*)?([1-5])\s*(?:sao|\*|★))?|\b([1-5])\s*sao\s*ocop\b")
CLAIMS = (
    (re.compile(r"\bviet\s?gap\b"), CertificateKind.VIETGAP, "VietGAP"),
    (re.compile(r"\bglobal\s?g\.?a\.?p\b"), CertificateKind.GLOBALGAP, "GlobalGAP"),
    (re.compile(r"\b(?:huu co|organic)\b"), CertificateKind.ORGANIC, "hữu cơ / organic"),
)


@dataclass(frozen=True)
class Problem:
    code: str
    message: object  # a lazy string
    fix: str  # where it is fixed: product, images or certificate
    field: str = ""  # the product form's field, for the link's anchor
    certificate_id: int | None = None
    blocking: bool = True


@dataclass
class Readiness:
    """One product on one marketplace."""

    prepared: Prepared
    product_problems: list[Problem] = field(default_factory=list)
    variant_problems: dict[int, list[Problem]] = field(default_factory=dict)

    def problems_of(self, variant: VariantInfo) -> list[Problem]:
        return self.product_problems + self.variant_problems.get(variant.id, [])

    def blocked(self, variant: VariantInfo) -> bool:
        return any(p.blocking for p in self.problems_of(variant))

    @property
    def ready_variants(self) -> list[VariantInfo]:
        return [v for v in self.prepared.product.variants if not self.blocked(v)]

    @property
    def blocked_variants(self) -> list[VariantInfo]:
        return [v for v in self.prepared.product.variants if self.blocked(v)]


def checked(profile, infos):
    """Each product of ``infos`` prepared for ``profile`` and checked, as they stream past."""
    for info in infos:
        yield check(prepare(info, profile), profile)


def check(prepared: Prepared, profile) -> Readiness:
    found = Readiness(prepared)
    found.product_problems = _product_problems(prepared, profile)
    for variant in prepared.product.variants:
        problems = _variant_problems(prepared, variant, profile)
        if not any(p.blocking for p in found.product_problems + problems):
            problems += _empty_required_cells(prepared, variant, profile)
        found.variant_problems[variant.id] = problems
    return found


# --- the product ------------------------------------------------------------------------------


def _product_problems(prepared: Prepared, profile) -> list[Problem]:
    product, limits = prepared.product, profile.limits
    problems: list[Problem] = []
    if product.status != ProductStatus.ACTIVE:
        problems.append(
            Problem(
                "draft",
                _l("The product is a draft: put it on sale before listing it."),
                "product",
                "status",
            )
        )
    if prepared.category is None:
        problems.append(
            Problem(
                "category",
                _l("%(marketplace)s has no category for ours.", marketplace=profile.name),
                "product",
                "category",
            )
        )
    if not product.origin:
        problems.append(
            Problem(
                "origin", _l("Say where the product comes from."), "product", "origin_province_code"
            )
        )
    if product.is_food:
        problems += _food_problems(product)
    problems += _certificate_problems(product)
    problems += _image_problems(prepared, profile)
    problems += _description_problems(prepared, profile)
    if len(product.variants) > limits.variants_max:
        problems.append(
            Problem(
                "variants",
                _l(
                    "%(marketplace)s takes at most %(max)d variants; this product has %(num)d.",
                    marketplace=profile.name,
                    max=limits.variants_max,
                    num=len(product.variants),
                ),
                "product",
                "variants-0-name",
            )
        )
    return problems


FOOD_FIELDS = (
    ("ingredients", "ingredients", _l("Food listings must give the ingredients.")),
    ("usage_instructions", "usage", _l("Food listings must say how to use the product.")),
    ("storage_instructions", "storage", _l("Food listings must say how to store the product.")),
    ("shelf_life_days", "shelf_life", _l("Food listings must give the shelf life.")),
)


def _food_problems(product) -> list[Problem]:
    """Decree 85/2021: the label content of food, in the listing itself."""
    return [
        Problem(code, message, "product", name)
        for name, code, message in FOOD_FIELDS
        if not getattr(product, name)
    ]


def _certificate_problems(product) -> list[Problem]:
    problems = []
    today = product.today
    for certificate in product.certificates:
        if certificate.expires_on and certificate.expires_on < today:
            problems.append(
                Problem(
                    "certificate_expired",
                    _l(
                        "Certificate no. %(number)s expired on %(date)s: renew it or unlink it "
                        "from the product.",
                        number=certificate.number,
                        date=vn_date(certificate.expires_on),
                    ),
                    "certificate",
                    certificate_id=certificate.id,
                )
            )
        elif certificate.expires_on and (certificate.expires_on - today).days <= EXPIRING_DAYS:
            problems.append(
                Problem(
                    "certificate_expiring",
                    _l(
                        "Certificate no. %(number)s expires on %(date)s.",
                        number=certificate.number,
                        date=vn_date(certificate.expires_on),
                    ),
                    "certificate",
                    certificate_id=certificate.id,
                    blocking=False,
                )
            )
    problems += _claim_problems(product)
    return problems


def _claim_problems(product) -> list[Problem]:
    """OCOP, VietGAP, GlobalGAP or organic words in the name or description need a matching
    certificate linked to the product and valid today (OCOP: at least the stars claimed)."""
    text = fold(f"{product.name}\n{product.description}")
    valid = product.valid_certificates
    kinds = {c.kind for c in valid}
    problems = []
    stars = max((c.ocop_stars or 0 for c in valid if c.kind == CertificateKind.OCOP), default=0)
    for match in OCOP_RE.finditer(text):
        claimed = int(match.group(1) or match.group(2) or 0)
        if CertificateKind.OCOP not in kinds or claimed > stars:
            words = f"OCOP {claimed} sao" if claimed else "OCOP"
            problems.append(_claim(words))
            break
    for pattern, kind, words in CLAIMS:
        if kind not in kinds and pattern.search(text):
            problems.append(_claim(words))
    return problems


def _claim(words: str) -> Problem:
    return Problem(
        "claim",
        _l(
            "The name or description says “%(words)s” but no such certificate valid today is "
            "linked to the product.",
            words=words,
        ),
        "product",
        "certificate_ids",
    )


def _image_problems(prepared: Prepared, profile) -> list[Problem]:
    photos, images = prepared.product.photos, profile.images
    problems = []
    if len(photos) < images.min_count:
        problems.append(
            Problem(
                "images_missing",
                _l(
                    "%(marketplace)s wants at least %(num)d photo.",
                    marketplace=profile.name,
                    num=images.min_count,
                ),
                "images",
            )
        )
    for n, photo in enumerate(photos[: images.max_count], start=1):
        if min(photo.width, photo.height) < images.min_side:
            problems.append(
                Problem(
                    "image_small",
                    _l(
                        "Photo %(n)d is %(width)d × %(height)d px; %(marketplace)s wants at "
                        "least %(min)d px on each side.",
                        n=n,
                        width=photo.width,
                        height=photo.height,
                        marketplace=profile.name,
                        min=images.min_side,
                    ),
                    "images",
                )
            )
        elif photo.square_key is None:
            problems.append(
                Problem(
                    "image_unprepared",
                    _l("Photo %(n)d has no square version yet: upload it again.", n=n),
                    "images",
                )
            )
    if len(photos) > images.max_count:
        problems.append(
            Problem(
                "images_extra",
                _l(
                    "%(marketplace)s takes %(max)d photos; only the first %(max)d go in the pack.",
                    marketplace=profile.name,
                    max=images.max_count,
                ),
                "images",
                blocking=False,
            )
        )
    return problems


def _description_problems(prepared: Prepared, profile) -> list[Problem]:
    sources = {c.source for c in profile.columns}
    limits = profile.limits
    texts = []
    if "description" in sources:
        texts.append(prepared.description)
    if "description_html" in sources:
        texts.append(prepared.description_html)
    for text in texts:
        if len(text) > limits.description_max:
            return [
                Problem(
                    "description_long",
                    _l(
                        "The listing's description would have %(num)d characters; "
                        "%(marketplace)s takes %(max)d. Shorten the description or the "
                        "instructions.",
                        num=len(text),
                        marketplace=profile.name,
                        max=limits.description_max,
                    ),
                    "product",
                    "description",
                )
            ]
        if len(text) < limits.description_min:
            return [
                Problem(
                    "description_short",
                    _l(
                        "The listing's description would have %(num)d characters; "
                        "%(marketplace)s wants at least %(min)d. Describe the product.",
                        num=len(text),
                        marketplace=profile.name,
                        min=limits.description_min,
                    ),
                    "product",
                    "description",
                )
            ]
    return []


# --- each variant -----------------------------------------------------------------------------


def _variant_problems(prepared: Prepared, variant: VariantInfo, profile) -> list[Problem]:
    product, limits = prepared.product, profile.limits
    row = f"variants-{variant.row}"
    problems: list[Problem] = []
    title = prepared.titles[variant.id]
    if len(title) > limits.title_max:
        problems.append(
            Problem(
                "title_long",
                _l(
                    "The title “%(title)s” has %(num)d characters; %(marketplace)s takes "
                    "%(max)d. Shorten the product name.",
                    title=title,
                    num=len(title),
                    marketplace=profile.name,
                    max=limits.title_max,
                ),
                "product",
                "name",
            )
        )
    elif len(title) < limits.title_min:
        problems.append(
            Problem(
                "title_short",
                _l(
                    "The title “%(title)s” has %(num)d characters; %(marketplace)s wants at "
                    "least %(min)d. Add the region, the kind or the pack size to the name.",
                    title=title,
                    num=len(title),
                    marketplace=profile.name,
                    min=limits.title_min,
                ),
                "product",
                "name",
            )
        )
    if FORBIDDEN_IN_TITLE_RE.search(title):
        problems.append(
            Problem(
                "title_characters",
                _l("Marketplaces refuse titles with emoji or Chinese characters: remove them."),
                "product",
                "name",
            )
        )
    if len(variant.sku) > limits.sku_max or not SKU_RE.match(variant.sku):
        problems.append(
            Problem(
                "sku",
                _l(
                    "The SKU must be at most %(max)d letters, digits, “-” or “_”.",
                    max=limits.sku_max,
                ),
                "product",
                f"{row}-sku",
            )
        )
    if not limits.price_min <= variant.price_vnd <= limits.price_max:
        problems.append(
            Problem(
                "price",
                _l(
                    "%(marketplace)s takes prices from %(min)s to %(max)s đồng.",
                    marketplace=profile.name,
                    min=f"{limits.price_min:,}".replace(",", "."),
                    max=f"{limits.price_max:,}".replace(",", "."),
                ),
                "product",
                f"{row}-price_vnd",
            )
        )
    problems += _package_problems(variant, profile, row)
    if product.is_food and not variant.net_quantity:
        problems.append(
            Problem(
                "net_quantity",
                _l("Food listings must give the net quantity of each variant."),
                "product",
                f"{row}-net_quantity",
            )
        )
    if product.has_variants and not variant.name:
        problems.append(
            Problem(
                "variant_name",
                _l("Name this variant (pack size or grade): buyers choose by it."),
                "product",
                f"{row}-name",
            )
        )
    problems += _gtin_problems(product, profile)
    return problems


def _package_problems(variant: VariantInfo, profile, row: str) -> list[Problem]:
    limits = profile.limits
    problems = []
    weight = variant.package_weight_g
    if weight is None and limits.weight_required:
        problems.append(
            Problem(
                "weight_missing",
                _l("Give the package weight: delivery fees are charged by it."),
                "product",
                f"{row}-package_weight_g",
            )
        )
    elif weight is not None and not 0 < weight <= limits.weight_max_g:
        problems.append(
            Problem(
                "weight_range",
                _l(
                    "The package weight must be more than 0 and at most %(max)d kg.",
                    max=limits.weight_max_g // 1000,
                ),
                "product",
                f"{row}-package_weight_g",
            )
        )
    sides = (variant.length_cm, variant.width_cm, variant.height_cm)
    if limits.dimensions_required and (None in sides or min(sides) <= 0):
        problems.append(
            Problem(
                "dimensions",
                _l("Give the package's length, width and height in whole centimetres."),
                "product",
                f"{row}-length_cm",
            )
        )
    return problems


def _gtin_problems(product, profile) -> list[Problem]:
    if not product.gtin:
        if profile.limits.gtin_required:
            return [
                Problem(
                    "gtin_missing",
                    _l(
                        "%(marketplace)s wants the product's GTIN (barcode).",
                        marketplace=profile.name,
                    ),
                    "product",
                    "gtin",
                )
            ]
        return []
    try:
        Gtin.parse(product.gtin)
    except (ParseError, ValueError):
        return [Problem("gtin", _l("The GTIN's check digit is wrong."), "product", "gtin")]
    return []


def _empty_required_cells(prepared: Prepared, variant: VariantInfo, profile) -> list[Problem]:
    """A column the profile requires that would still be empty (a rule this module does not
    know by name): reported by its header."""
    kind = "variant" if prepared.product.has_variants else "simple"
    row = Row(kind, prepared, variant)
    return [
        Problem(
            "empty",
            _l("The column “%(header)s” would be empty.", header=column.header),
            "product",
        )
        for column in profile.columns
        if column.required and kind in column.rows and value(column, row, profile) in ("", None)
    ]
