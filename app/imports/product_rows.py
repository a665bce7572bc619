"""Checking one row of the product sheet: its cooperative, its product's cells, its variant.

:class:`ProductRules` runs once per row inside :func:`~app.imports.columns.check_rows`; the
rows are gathered into products afterwards (:mod:`app.imports.products`). Keys already in
the database come in as :class:`Existing`, loaded once by the caller.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..products import rules
from ..text import fold, slugify
from . import product_cells as cells
from .columns import Row
from .places import place_key
from .product_columns import VARIANT_KEYS


@dataclass(frozen=True)
class CooperativeRef:
    id: int
    slug: str
    tax_code: str | None
    legal_name: str
    short_name: str = ""
    allowed: bool = True


@dataclass
class Existing:
    """What the database holds, for the cooperatives the file may name."""

    cooperatives: list[CooperativeRef] = field(default_factory=list)
    skus: dict[int, set[str]] = field(default_factory=dict)  # casefolded, per cooperative
    slugs: dict[int, set[str]] = field(default_factory=dict)
    gtins: set[str] = field(default_factory=set)
    default_cooperative: int | None = None  # used when the column is blank (a member's own)
    scope: str = "all"  # whose cooperatives the importer may name: "all", "area" or "own"


def unknown_cooperative(scope: str, name: str):
    """One message for a cooperative that does not exist and one the importer may not act
    on, so that a file cannot ask whether another cooperative's tax code or name exists."""
    if scope == "own":
        return _l(
            "“%(name)s” is not your cooperative: leave this column empty, or write your "
            "cooperative's short code, tax code or name.",
            name=name,
        )
    if scope == "area":
        return _l(
            "No cooperative “%(name)s” in the area you cover: write its short code, tax code "
            "or full name as registered in Lên Sàn.",
            name=name,
        )
    return _l(
        "Unknown cooperative “%(name)s”: write its short code, tax code or full "
        "name as registered in Lên Sàn.",
        name=name,
    )


_TEXT_KEYS = (
    "name", "description", "storage_instructions", "usage_instructions", "ingredients",
    "warnings", "code",
)  # fmt: skip


class _Cooperatives:
    """Finds the cooperative a row names: slug, tax code, or full or short name.

    Only among the cooperatives the importer may act on: the others are as unknown as ones
    that do not exist, and their names cannot make one of the importer's ambiguous.
    """

    def __init__(self, existing: Existing):
        self.existing = existing
        allowed = [c for c in existing.cooperatives if c.allowed]
        self.by_id = {c.id: c for c in allowed}
        self.index: dict[str, CooperativeRef | None] = {}
        for coop in allowed:
            keys = {coop.slug.casefold(), coop.tax_code or "", place_key(coop.legal_name)}
            keys.add(place_key(coop.short_name))
            for key in keys - {""}:
                # None marks a name two cooperatives share: never guessed.
                self.index[key] = coop if self.index.get(key, coop) is coop else None

    def find(self, text: str) -> CooperativeRef | None:
        for key in (text.casefold(), text.replace(" ", ""), place_key(text)):
            if key in self.index:
                return self.index[key]
        return None


class ProductRules:
    """Checks one row (a variant, plus its product's columns) at a time."""

    def __init__(self, existing: Existing):
        self.existing = existing
        self.cooperatives = _Cooperatives(existing)
        # (cooperative text, product key) of the row above
        self.previous: tuple[str, tuple[str, object]] | None = None
        self.skus: dict[tuple[int, str], int] = {}

    def check(self, row: Row) -> dict:
        code, name = row.text("code"), row.text("name")
        key: tuple[str, object]
        if code or name:
            key = ("code", slugify(code, 80)) if code else ("name", fold(name))
        elif self.previous:  # a blank product cell (merged cells): the product of the row above
            key = self.previous[1]
        else:
            key = ("row", row.number)
            row.problem("name", _l("Enter the product name."))
        written = row.text("cooperative")
        above = self.previous
        inherited = not written and above is not None and bool(above[0])
        coop_text = above[0] if above is not None and inherited else written
        # A cooperative carried down from the row above is reported once per product.
        report = above is None or not inherited or key != above[1]
        coop = self._cooperative(row, coop_text, report)
        self.previous = (coop_text, key)
        coop_id = coop.id if coop else ("?", fold(coop_text))
        row.result.notes["product"] = (coop_id, key)
        row.result.notes["coop"] = coop
        row.result.notes["label"] = name or code
        # Kept in the notes, which survive a problem on the row: disagreements between rows
        # of a product are reported whatever else is wrong with them.
        row.result.notes["values"] = self._product(row)
        if any(row.text(k) for k in VARIANT_KEYS):
            row.result.notes["variant_row"] = True
            return {"variant": self._variant(row, coop)}
        return {}

    def _cooperative(self, row: Row, text: str, report: bool) -> CooperativeRef | None:
        """The cooperative named (or, blank, the row above's or the user's own)."""
        if not text:
            if self.existing.default_cooperative is not None:
                return self.cooperatives.by_id.get(self.existing.default_cooperative)
            if report:
                row.problem(
                    "cooperative", _l("Enter the cooperative (short code, tax code or name).")
                )
            return None
        coop = self.cooperatives.find(text)
        if coop is None and report:
            row.problem("cooperative", unknown_cooperative(self.existing.scope, text))
        return coop

    def _parse(self, row: Row, key: str, parse, *args):
        text = row.text(key)
        try:
            return parse(text, *args)
        except cells.CellError as exc:
            row.problem(key, exc.message)
            return None

    def _product(self, row: Row) -> dict:
        """The product's columns given on this row (blank ones left out)."""
        values = {key: row.text(key) for key in _TEXT_KEYS if row.text(key)}
        if row.text("unit"):
            values["unit"] = cells.sale_unit(row.text("unit"))
        if row.text("category"):
            values["category"] = self._parse(row, "category", cells.category)
        if row.text("shelf_life_days"):
            days = (1, rules.MAX_SHELF_LIFE_DAYS, ("ngay", "days", "day"))
            values["shelf_life_days"] = self._parse(
                row, "shelf_life_days", cells.whole_number, *days
            )
        if row.text("standard"):
            parsed = self._parse(row, "standard", cells.standard)
            if parsed:
                values["standard_kind"], values["standard_number"] = parsed
        if row.text("gtin"):
            values["gtin"] = self._parse(row, "gtin", cells.gtin)
        if row.text("status"):
            values["status"] = self._parse(row, "status", cells.status)
        if row.text("images"):
            row.result.notes["images"] = self._parse(row, "images", cells.image_links) or []
        return values

    def _variant(self, row: Row, coop: CooperativeRef | None) -> dict:
        sku = self._parse(row, "sku", cells.sku)
        if sku and coop:
            seen = (coop.id, sku.casefold())
            if sku.casefold() in self.existing.skus.get(coop.id, ()):
                row.problem("sku", _l("This cooperative already has a variant with this SKU."))
            elif seen in self.skus:
                row.problem("sku", _l("Same SKU as row %(row)d of this file.", row=self.skus[seen]))
            else:
                self.skus[seen] = row.number
        price = None
        if not row.text("price"):
            row.problem("price", _l("Enter the price."))
        else:
            price = self._parse(row, "price", cells.price)
        compare_at = self._parse(row, "compare_at", cells.price) if row.text("compare_at") else None
        if price is not None and compare_at is not None and compare_at < price:
            row.problem("compare_at", _l("The price before discount cannot be below the price."))
        net = self._parse(row, "net_quantity", cells.net_quantity) or ("", "g")
        variant = {
            "sku": sku,
            "name": row.text("variant"),
            "price_vnd": price,
            "compare_at_vnd": compare_at,
            "stock": self._count(row, "stock", rules.MAX_STOCK) or 0,
            "net_quantity": net[0],
            "net_unit": net[1],
            "package_weight_g": self._count(
                row, "package_weight_g", rules.MAX_WEIGHT_G, ("g", "gam")
            ),
        }
        for key in ("length_cm", "width_cm", "height_cm"):
            variant[key] = self._count(row, key, rules.MAX_SIDE_CM, ("cm",))
        return variant

    def _count(self, row, key, high, suffixes=()):
        if not row.text(key):
            return None
        return self._parse(row, key, cells.whole_number, 0, high, suffixes)
