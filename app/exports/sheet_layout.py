"""How a built-in sheet opens in Excel: each column as wide as what it holds, long text
wrapped, and a note on each header saying what the marketplace accepts there.

Pure: everything comes from the profile (the columns' sources and optional widths, the
limits and photo rules), so a marketplace added as a TOML file gets a readable sheet too.
The notes are in Vietnamese whatever the reader's language, like the sheet itself.
"""

from dataclasses import dataclass

from ..vietnamese import gettext as _

# Widths in Excel's units (about one digit each), by what a column holds.
_TEXT, _LONG, _LINK, _NUMBER = 40, 60, 30, 12
WIDTHS = {
    **dict.fromkeys(("title", "name", "summary", "certificates", "address"), _TEXT),
    **dict.fromkeys(("ingredients", "usage", "storage", "warnings", "manufacturer_address"), _TEXT),
    **dict.fromkeys(("description", "description_html"), _LONG),
    **dict.fromkeys(("trace_url", "product_url"), _TEXT),  # read and typed by hand
    **dict.fromkeys(("row_image_url", "more_image_urls", "image", "image_url"), _LINK),
    **dict.fromkeys(("image_urls", "image_files"), _LINK),
    **dict.fromkeys(("category", "category_path", "origin"), 30),
    **dict.fromkeys(("brand", "cooperative", "option_name", "option_value"), 24),
    **dict.fromkeys(("manufacturer", "shelf_life", "country_of_origin"), 24),
    **dict.fromkeys(("variant_name", "sku", "product_key", "parent_key", "gtin"), 20),
    **dict.fromkeys(("price", "price_with_currency", "compare_at_price", "stock"), _NUMBER),
    **dict.fromkeys(("weight_kg", "weight_g", "length_cm", "width_cm", "height_cm"), _NUMBER),
    **dict.fromkeys(("net_quantity", "shelf_life_days", "availability", "dimensions"), 14),
}
DEFAULT_WIDTH = 14
HEADER_WIDTH_MAX = 24  # a longer header wraps instead of widening its column
# Columns whose text runs long: wrapped, so a row shows it instead of one long line.
WRAPPED = frozenset(
    ("description", "description_html", "summary", "certificates", "ingredients", "usage",
     "storage", "warnings")
)  # fmt: skip
IMAGE_SOURCES = frozenset(
    ("image", "image_url", "image_urls", "more_image_urls", "image_files", "row_image_url")
)
SKU_SOURCES = frozenset(("sku", "product_key", "parent_key"))
PRICE_SOURCES = frozenset(("price", "price_with_currency", "compare_at_price"))


@dataclass(frozen=True)
class SheetLayout:
    widths: tuple[float, ...]
    notes: tuple[str, ...]  # one per header, in Vietnamese
    wrapped: tuple[int, ...]  # the indexes of the columns whose cells wrap


def layout(profile) -> SheetLayout:
    columns = profile.columns
    return SheetLayout(
        widths=tuple(width(c) for c in columns),
        notes=tuple(note(c, profile) for c in columns),
        wrapped=tuple(i for i, c in enumerate(columns) if c.source in WRAPPED),
    )


def width(column) -> float:
    """The profile's width for the column, else one for what it holds, and never narrower
    than its header (up to ``HEADER_WIDTH_MAX``: longer headers wrap)."""
    if column.width:
        return column.width
    header = min(len(column.header) + 2, HEADER_WIDTH_MAX)
    return max(WIDTHS.get(column.source, DEFAULT_WIDTH), header)


def _number(value: int | float) -> str:
    """120000 -> "120.000", as Vietnamese write it."""
    return f"{value:,}".replace(",", ".")


def _length(low: int, high: int) -> str:
    if low > 1:
        return _("%(min)d to %(max)d characters.", min=low, max=high)
    return _("At most %(max)d characters.", max=high)


def _photos(rules) -> str:
    values = dict(
        min=rules.min_count,
        max=rules.max_count,
        side=rules.min_side,
        size=f"{round(rules.max_bytes / 1_048_576, 1):g}".replace(".", ","),
    )
    if rules.square:
        return _(
            "%(min)d–%(max)d square photos, at least %(side)d px, up to %(size)s MB.", **values
        )
    return _("%(min)d–%(max)d photos, at least %(side)d px, up to %(size)s MB.", **values)


def _limit(column, profile) -> str:
    """What the marketplace accepts in the column, from the profile's limits; "" when the
    profile sets no limit on it."""
    source, limits = column.source, profile.limits
    if source == "title":
        return _length(limits.title_min, limits.title_max)
    if source in ("description", "description_html"):
        return _length(limits.description_min, limits.description_max)
    if source in SKU_SOURCES:
        return _length(1, limits.sku_max)
    if source in PRICE_SOURCES:
        low, high = _number(limits.price_min), _number(limits.price_max)
        return _("From %(min)s to %(max)s đồng.", min=low, max=high)
    if source == "stock":
        return _("A whole number, 0 or more.")
    if source in ("weight_kg", "weight_g"):
        kg = source == "weight_kg"
        most = _number(limits.weight_max_g // 1000 if kg else limits.weight_max_g)
        return _("Package weight, at most %(max)s %(unit)s.", max=most, unit="kg" if kg else "g")
    if source in ("length_cm", "width_cm", "height_cm", "dimensions"):
        return _("Package size in centimetres.")
    if source in IMAGE_SOURCES:
        return _photos(profile.images)
    if source in ("option_value", "variant_name"):
        return _("At most %(max)d variants per product.", max=limits.variants_max)
    if source == "gtin":
        return _("The barcode: 8, 12, 13 or 14 digits.")
    if source == "shelf_life_days":
        return _("In days.")
    return ""


def note(column, profile) -> str:
    """The header's note: required or not, then the column's limit."""
    first = _("Required.") if column.required else _("Optional.")
    limit = _limit(column, profile)
    return f"{first} {limit}" if limit else first
