"""The readiness checks of each variant of a product: title, SKU, price, package, net
quantity, name, GTIN, and any column the profile requires that would stay empty
(see :mod:`.readiness`)."""

import re

from biip import ParseError
from biip.gtin import Gtin
from flask_babel import lazy_gettext as _l

from ..numbers import grouped
from .listing import VariantInfo
from .problems import Problem
from .rows import Prepared, Row, value

SKU_RE = re.compile(r"^[A-Za-z0-9_-]+$")
# Titles marketplaces refuse: Chinese characters (TikTok Shop) and emoji (Shopee, TikTok).
FORBIDDEN_IN_TITLE_RE = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U0001f000-\U0001faff]"  # ★ stays allowed
)


def variant_problems(prepared: Prepared, variant: VariantInfo, profile) -> list[Problem]:
    """Every problem of ``variant`` on ``profile``'s marketplace."""
    product = prepared.product
    row = f"variants-{variant.row}"
    problems = _title_problems(prepared.titles[variant.id], profile)
    problems += _sku_and_price_problems(variant, profile, row)
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


def _title_problems(title: str, profile) -> list[Problem]:
    """The listing title (product and variant name) against the marketplace's lengths and
    characters."""
    limits = profile.limits
    problems: list[Problem] = []
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
    return problems


def _sku_and_price_problems(variant: VariantInfo, profile, row: str) -> list[Problem]:
    limits = profile.limits
    problems = []
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
                    min=grouped(limits.price_min),
                    max=grouped(limits.price_max),
                ),
                "product",
                f"{row}-price_vnd",
            )
        )
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
    sides = [variant.length_cm, variant.width_cm, variant.height_cm]
    given = [side for side in sides if side is not None]
    if limits.dimensions_required and (len(given) < len(sides) or min(given) <= 0):
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


def empty_required_cells(prepared: Prepared, variant: VariantInfo, profile) -> list[Problem]:
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
