"""What differs between importing cooperatives and importing products, said once per kind.

The views (upload → preview → confirm) and the CLI run the same steps for every kind; a
:class:`Kind` gives them the checks, the saving, the pages and the messages.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..models import CooperativeKind, Job
from ..products import categories
from .import_jobs import start_import, start_photos
from .product_services import import_products, preview_products_for
from .services import discard_upload, import_cooperatives, preview_for
from .template import cooperative_template, product_template


@dataclass(frozen=True)
class Kind:
    name: str  # the URL part and the endpoint suffix: "cooperatives", "products"
    title: object
    steps: tuple
    hint: object
    template_name: str
    template_endpoint: str
    template: Callable[[], bytes]
    preview: Callable  # (actor, data, max_bytes=, max_rows=) → preview
    save: Callable  # (actor, preview) → created records
    discard: Callable[[str], None]  # the kept upload, once imported
    preview_template: str
    confirm_label: object
    done_message: Callable[[int], str]
    skipped_message: Callable[[int], str]
    next_endpoint: tuple[str, ...]  # the first that exists is where a finished import goes
    page_extras: Callable[[], dict] = dict
    # The confirmation's work as a job: (app, user, kept upload's key, preview, file name,
    # next URL) → the job; None: saved in the request (``save``).
    in_background: Callable[..., Job] | None = None
    # After ``save`` on the command line: (app, user id, preview, created) → a job, if any.
    after_save: Callable[..., Job | None] = lambda *args: None
    see_also: tuple = field(default=())  # (endpoint, label) links on the upload page

    def next_url(self) -> str:
        views = current_app.view_functions
        return url_for(next(e for e in self.next_endpoint if e in views))


COOPERATIVES = Kind(
    name="cooperatives",
    title=_l("Import cooperatives"),
    steps=(
        _l(
            "Download the template and fill in one cooperative per row (or use your own "
            "sheet with the same headers)."
        ),
        _l(
            "Upload it: Lên Sàn checks every row and shows you what it would create and what "
            "is wrong, row by row."
        ),
        _l("Confirm: the valid rows are saved together. Nothing is saved before you confirm."),
    ),
    hint=_l(
        "Place: give the province and commune of today (name, with or without diacritics, or "
        "code), or leave them empty and give the pre-2025 address; you will see the commune "
        "found before confirming."
    ),
    template_name="Mẫu nhập hợp tác xã.xlsx",
    template_endpoint="imports.cooperative_template_file",
    template=cooperative_template,
    preview=preview_for,
    save=import_cooperatives,
    discard=discard_upload,
    preview_template="imports/preview.html",
    confirm_label=_l("Import the valid rows"),
    done_message=lambda n: ngettext(
        "Imported %(num)d cooperative.", "Imported %(num)d cooperatives.", n
    ),
    skipped_message=lambda n: ngettext(
        "%(num)d row with problems was skipped.", "%(num)d rows with problems were skipped.", n
    ),
    next_endpoint=("cooperatives.index",),
    page_extras=lambda: {"kind_label": CooperativeKind.label_of},
    see_also=(("imports.products", _l("Import products from a spreadsheet")),),
)

PRODUCTS = Kind(
    name="products",
    title=_l("Import products"),
    steps=(
        _l(
            "Download the template and fill in one variant (pack size, grade) per row; rows "
            "with the same product code, or the same name, make one product."
        ),
        _l(
            "Upload it: Lên Sàn checks every row and shows you the products it would create "
            "and what is wrong, row by row and column by column."
        ),
        _l(
            "Confirm: the valid products are saved together; a product with any problem is "
            "skipped whole. Nothing is saved before you confirm. Their photos are then "
            "fetched from the image links; a page shows how far, and any link that failed."
        ),
    ),
    hint=_l(
        "Product details (name, category, description…) can be written on the product's "
        "first row only. Images: public links to JPEG, PNG or WebP files, at most 9 per "
        "product."
    ),
    template_name="Mẫu nhập sản phẩm.xlsx",
    template_endpoint="imports.product_template_file",
    template=product_template,
    preview=preview_products_for,
    save=import_products,
    discard=discard_upload,
    preview_template="imports/preview_products.html",
    confirm_label=_l("Import the valid products"),
    done_message=lambda n: ngettext("Imported %(num)d product.", "Imported %(num)d products.", n),
    skipped_message=lambda n: ngettext(
        "%(num)d product with problems was skipped.",
        "%(num)d products with problems were skipped.",
        n,
    ),
    next_endpoint=("products.index", "dashboard.index"),
    page_extras=lambda: {"category_label": categories.path_label},
    in_background=start_import,
    after_save=lambda app, user_id, preview, created: start_photos(
        app, user_id, preview.valid, created
    ),
)
