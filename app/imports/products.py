"""The product sheet: one row per variant; rows of the same product and cooperative make one
product, whose columns may be repeated or left blank on the rows after its first.

Rows are checked one by one with :func:`check_rows` (cells, the cooperative, SKUs); then
:func:`group_products` gathers them into products, reports values that disagree between rows
of one product and what a product lacks. A product is imported only if all its rows are good.
Keys already in the database come in as :class:`Existing`, loaded once by the caller.
"""

import hashlib
import json
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..text import fold, slugify
from .columns import Preview, RowResult, check_rows
from .problems import Problem
from .product_columns import COLUMNS, PRODUCT_KEYS, SHEET_NAME
from .product_rows import CooperativeRef, Existing, ProductRules
from .reader import MAX_BYTES, MAX_ROWS, read_table

MAX_IMAGES_PER_PRODUCT = 9

__all__ = ["COLUMNS", "SHEET_NAME", "CooperativeRef", "Existing", "ProductPreview"]


@dataclass
class ImageRef:
    """An image link of a product and the row naming it (fetched after the import)."""

    url: str
    row: int


@dataclass
class ProductGroup:
    """The rows of one product and what would be saved from them."""

    cooperative: CooperativeRef | None
    rows: list[RowResult]
    values: dict = field(default_factory=dict)
    images: list[ImageRef] = field(default_factory=list)
    slug: str = ""
    label: str = ""  # the name (or code) the rows give, for the preview

    @property
    def ok(self) -> bool:
        return self.cooperative is not None and all(r.ok for r in self.rows)

    @property
    def variants(self) -> list[dict]:
        return [r.values["variant"] for r in self.rows if r.values.get("variant")]

    @property
    def numbers(self) -> str:
        first, last = self.rows[0].number, self.rows[-1].number
        return str(first) if first == last else f"{first}–{last}"


@dataclass
class ProductPreview:
    """The checked rows and the products they make; what the preview page and the CLI show."""

    rows: list[RowResult]
    products: list[ProductGroup]
    encoding: str | None = None

    @property
    def valid(self) -> list[ProductGroup]:
        return [p for p in self.products if p.ok]

    @property
    def invalid(self) -> list[ProductGroup]:
        return [p for p in self.products if not p.ok]

    @property
    def problems(self) -> list[Problem]:
        return sorted((p for r in self.rows for p in r.problems), key=lambda p: p.row)

    @property
    def variant_count(self) -> int:
        return sum(len(p.variants) for p in self.valid)

    def fingerprint(self) -> str:
        """Short digest of what would be saved: the confirmation must match the preview seen."""
        payload = [
            [p.cooperative.id, p.slug, p.values, p.variants, [i.url for i in p.images]]
            for p in self.valid
            if p.cooperative is not None  # (every valid product has one)
        ]
        data = json.dumps(payload, sort_keys=True, default=str).encode()
        return hashlib.sha256(data).hexdigest()[:32]


_REQUIRED = (
    ("name", _l("Enter the product name.")),
    ("category", _l("Enter the category of the product.")),
    ("unit", _l("Choose the unit the product is sold by.")),
)


def group_products(rows: list[RowResult], existing: Existing, columns) -> list[ProductGroup]:
    """Gather rows into products; report disagreements, missing values, repeats of keys."""
    headers = {c.key: c.header for c in columns}
    groups: dict[object, ProductGroup] = {}  # by the product key each row's check noted
    for result in rows:
        key = result.notes.get("product")
        group = groups.get(key)
        if group is None:
            group = groups[key] = ProductGroup(result.notes.get("coop"), [])
        group.rows.append(result)
        group.label = group.label or result.notes.get("label", "")
    gtins: dict[str, int] = {}
    slugs_taken = {cid: set(s) for cid, s in existing.slugs.items()}
    for group in groups.values():
        _merge(group, headers)
        first = group.rows[0]
        values = group.values
        for key, message in _REQUIRED:
            written = any(key in (r.notes.get("values") or {}) for r in group.rows)
            if not written:  # (a value written but unreadable has its own problem)
                first.problems.append(Problem(first.number, headers[key], message))
        if not any(r.notes.get("variant_row") for r in group.rows):
            first.problems.append(
                Problem(
                    first.number,
                    headers["sku"],
                    _l("This product has no variant: give at least one row with SKU and price."),
                )
            )
        gtin = values.get("gtin")
        if gtin:
            row = _first_row_with(group, "gtin")
            if gtin in existing.gtins:
                row.problems.append(
                    Problem(
                        row.number, headers["gtin"], _l("This GTIN is already used on Lên Sàn.")
                    )
                )
            elif gtin in gtins:
                row.problems.append(Problem(row.number, headers["gtin"], _same_as(gtins[gtin])))
            else:
                gtins[gtin] = row.number
        for variant in group.variants:
            variant["name"] = variant["name"] or _variant_name(variant, values.get("unit", ""))
        if group.cooperative is not None:
            _slug(group, slugs_taken.setdefault(group.cooperative.id, set()), headers)
        _images(group, headers)
    return list(groups.values())


def _variant_name(variant: dict, unit: str) -> str:
    """A variant without a name is called by its net quantity ("1,5 kg"), else the unit."""
    if variant["net_quantity"]:
        return f"{variant['net_quantity'].replace('.', ',')} {variant['net_unit']}"
    return unit or variant["sku"] or ""


def _same_as(number: int):
    return _l("Same as row %(row)d of this file.", row=number)


def _first_row_with(group: ProductGroup, key: str) -> RowResult:
    return next((r for r in group.rows if r.notes.get("values", {}).get(key)), group.rows[0])


def _merge(group: ProductGroup, headers: dict) -> None:
    """The product's values: the first row giving each; a different value later is a problem."""
    given: dict[str, tuple] = {}
    for result in group.rows:
        for key, value in (result.notes.get("values") or {}).items():
            if value is None:
                continue
            if key not in given:
                given[key] = (value, result.number)
            elif not _same(key, value, given[key][0]):
                column = headers.get(key) or headers["standard"]
                result.problems.append(
                    Problem(
                        result.number,
                        column,
                        _l(
                            "Differs from row %(row)d of the same product: give the product's "
                            "details once, or the same on every row.",
                            row=given[key][1],
                        ),
                    )
                )
    group.values = {key: value for key, (value, _row) in given.items()}


def _same(key: str, value, first) -> bool:
    """Names agree spelled with or without diacritics ("Che" is "Chè"); the rest exactly."""
    return fold(value) == fold(first) if key == "name" else value == first


def _slug(group: ProductGroup, taken: set[str], headers: dict) -> None:
    code = group.values.pop("code", "")
    if code:
        slug = slugify(code, 80)
        if slug in taken:
            row = _first_row_with(group, "code")
            row.problems.append(
                Problem(
                    row.number,
                    headers["code"],
                    _l("This cooperative already has a product with this code."),
                )
            )
            return
    else:
        base = slugify(group.values.get("name", ""), 70) or "san-pham"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
    taken.add(slug)
    group.slug = slug


def _images(group: ProductGroup, headers: dict) -> None:
    for result in group.rows:
        for url in result.notes.get("images") or ():
            if any(image.url == url for image in group.images):
                continue
            if len(group.images) >= MAX_IMAGES_PER_PRODUCT:
                result.problems.append(
                    Problem(
                        result.number,
                        headers["images"],
                        _l("At most %(max)d images per product.", max=MAX_IMAGES_PER_PRODUCT),
                    )
                )
                break
            group.images.append(ImageRef(url, result.number))


def preview_products(
    data: bytes,
    existing: Existing | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> ProductPreview:
    """Read and check a product sheet (images not fetched yet: see the import services)."""
    existing = existing or Existing()
    table = read_table(data, sheet_names=(SHEET_NAME,), max_bytes=max_bytes, max_rows=max_rows)
    checked: Preview = check_rows(table, COLUMNS, ProductRules(existing).check)
    products = group_products(checked.rows, existing, COLUMNS)
    return ProductPreview(rows=checked.rows, products=products, encoding=checked.encoding)


__all__ += ["PRODUCT_KEYS", "ImageRef", "ProductGroup", "group_products", "preview_products"]
