"""Images named by link in a product import: counted at preview, fetched after the confirmation
by a background job (:mod:`.photo_jobs`), never in a request.

A file may name at most ``MAX_IMAGES`` links (``IMPORT_MAX_IMAGES``); beyond them the rows are
refused at preview, as any other problem of the image column (a link that is not http(s), more
than nine per product). Whether a link gives a photo is only known once it is fetched: the
job's page lists each one that failed, with its row, its link and why.
"""

from flask_babel import lazy_gettext as _l

from .problems import Problem
from .product_columns import COLUMNS

MAX_IMAGES = 200  # per import
IMAGE_HEADER = next(c.header for c in COLUMNS if c.key == "images")


def check_image_count(preview, max_images: int = MAX_IMAGES) -> None:
    """Refuse the rows naming links past the file's first ``max_images`` distinct links."""
    refs = [image for product in preview.products for image in product.images]
    allowed = set(list(dict.fromkeys(ref.url for ref in refs))[:max_images])
    row_by_number = {row.number: row for row in preview.rows}
    message = _l(
        "This file names more than %(max)d images: import the others with another file.",
        max=max_images,
    )
    for ref in refs:
        if ref.url not in allowed:
            row_by_number[ref.row].problems.append(Problem(ref.row, IMAGE_HEADER, message))
