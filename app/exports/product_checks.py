"""The readiness checks of a product as a whole: status, category, origin, food label content,
certificates and the claims they back, photos, description, contact details where the
marketplace refuses them (see :mod:`.readiness`)."""

import re

from flask_babel import lazy_gettext as _l

from ..certificates.rules import EXPIRING_DAYS
from ..models import CertificateKind, ProductStatus
from ..products import categories
from ..text import fold
from .contact_checks import contact_problems
from .listing import vn_date
from .problems import Problem
from .rows import Prepared

# Claims a listing may only make with a matching certificate valid today (folded text).
OCOP_RE = re.compile(r"\bocop\b(?:\s*(?:hang\s*)?([1-5])\s*(?:sao|\*|★))?|\b([1-5])\s*sao\s*ocop\b")
CLAIMS = (
    (re.compile(r"\bviet\s?gap\b"), CertificateKind.VIETGAP, "VietGAP"),
    (re.compile(r"\bglobal\s?g\.?a\.?p\b"), CertificateKind.GLOBALGAP, "GlobalGAP"),
    (re.compile(r"\b(?:huu co|organic)\b"), CertificateKind.ORGANIC, "hữu cơ / organic"),
)


def product_problems(prepared: Prepared, profile) -> list[Problem]:
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
        problems.append(_category_problem(product, profile))
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
    if not profile.rules.contact_details:
        problems += contact_problems(product, profile)
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


def _category_problem(product, profile) -> Problem:
    """No category on the marketplace: where its template lists the categories, ours is not
    mapped to one yet (fixed once, for everyone, on the mapping page); else the profile has
    none for it (fixed by choosing another category of ours)."""
    if profile.category_list:
        label = categories.get(product.category)
        return Problem(
            "category_unmapped",
            _l(
                "Our category “%(category)s” is not mapped to one of %(marketplace)s's "
                "categories yet.",
                category=label.label if label is not None else product.category,
                marketplace=profile.name,
            ),
            "mapping",
            product.category,
            marketplace=profile.id,
        )
    return Problem(
        "category",
        _l("%(marketplace)s has no category for ours.", marketplace=profile.name),
        "product",
        "category",
    )


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
    named = fold(product.name)
    for match in OCOP_RE.finditer(text):
        claimed = int(match.group(1) or match.group(2) or 0)
        if CertificateKind.OCOP not in kinds or claimed > stars:
            words = f"OCOP {claimed} sao" if claimed else "OCOP"
            in_name = OCOP_RE.search(named) is not None
            problems.append(_claim(words, CertificateKind.OCOP, in_name))
            break
    for pattern, kind, words in CLAIMS:
        if kind not in kinds and pattern.search(text):
            problems.append(_claim(words, kind, pattern.search(named) is not None))
    return problems


def _claim(words: str, kind: CertificateKind, in_name: bool) -> Problem:
    """Fixed by removing the words (from the name, where they are, or the description) or by
    adding the certificate: :mod:`.fixes` offers both."""
    return Problem(
        "claim",
        _l(
            "The name or description says “%(words)s” but no such certificate valid today is "
            "linked to the product.",
            words=words,
        ),
        "claim",
        "name" if in_name else "description",
        kind=kind.value,
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
                    _l(
                        "Photo %(n)d has no square version yet: it is being made (try "
                        "again in a minute), or upload the photo again.",
                        n=n,
                    ),
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
