"""Product photos: add (all or nothing), order, alt text, delete, and make renditions.

Every photo is checked and its cleaned original made before anything is stored, so one bad
file in a multi-file upload leaves the product, the database and the media folder as they
were. Its thumbnail and marketplace square (:func:`render`) take longer than a request
should (about a second a photo): an upload leaves them to a job (app/product_images/jobs.py),
and until they exist every page shows the original instead (``thumb_key`` is None).
"""

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from .. import images, storage
from ..extensions import db
from ..models import CooperativeStatus, Product, ProductImage
from ..services import ServiceError
from . import renditions
from .renditions import PhotoProblem

FOLDER = "images"  # public: served to anyone at /media/<key>
MAX_IMAGES = 9  # marketplaces take 1–9 photos per product
DEFAULT_MAX_BYTES = 15 * 1024 * 1024
MB = 1024 * 1024

# One message per refused file, naming it and the limit it passed: (name, mb, **params).
PROBLEMS = {
    "empty": lambda name, mb, **p: _l("“%(name)s” is empty.", name=name),
    "type": lambda name, mb, **p: _l(
        "“%(name)s” is not a JPEG, PNG or WebP photo, whatever its name says.", name=name
    ),
    "damaged": lambda name, mb, **p: _l(
        "“%(name)s” is damaged or cut off. Save it again and upload it once more.", name=name
    ),
    "too_many_pixels": lambda name, mb, mp=40, **p: _l(
        "“%(name)s” has too many pixels (more than %(mp)d megapixels). "
        "Save it smaller and try again.",
        name=name,
        mp=mp,
    ),
    "too_long_side": lambda name, mb, side=0, **p: _l(
        "“%(name)s” is more than %(side)d pixels on its longest side. "
        "Save it smaller and try again.",
        name=name,
        side=side,
    ),
    "bad_shape": lambda name, mb, ratio=0, **p: _l(
        "“%(name)s” is too long and thin: its long side may be at most %(ratio)d times its "
        "short side. Crop it and try again.",
        name=name,
        ratio=ratio,
    ),
    "too_detailed": lambda name, mb, **p: _l(
        "“%(name)s” cannot be made into a marketplace photo of at most 2 MB. Try another photo.",
        name=name,
    ),
    "too_big": lambda name, mb, **p: _l(
        "“%(name)s” is larger than %(mb)d MB. Save it smaller and try again.", name=name, mb=mb
    ),
    "duplicate": lambda name, mb, **p: _l(
        "“%(name)s” is already among this product's photos.", name=name
    ),
}


class ImageError(ServiceError):
    """The photos were refused: a service error on ``photos`` whose ``problems`` hold one
    message per bad file (or the limit), for the photo panel to list.

    The messages are plain ``str``, never lazy strings: flask-babel's lazy strings declare
    themselves safe HTML, and these carry a file name the uploader chose.
    """

    def __init__(self, problems: list):
        self.problems = [str(p) for p in problems]
        super().__init__({"photos": "; ".join(self.problems)})


@dataclass
class _Ready:
    """One checked photo: its encoded original and renditions (no pixels kept), not stored;
    no renditions when a job makes them."""

    original: bytes
    ext: str
    size: tuple[int, int]
    thumb: bytes | None
    square: bytes | None
    key: str = field(init=False)

    def __post_init__(self):
        self.key = storage.make_key(self.original, FOLDER, self.ext)


def problem_message(problem: PhotoProblem, name: str, limit: int):
    """The message for one refused file (an unknown code reads as a damaged file)."""
    code = problem.code if problem.code in PROBLEMS else "damaged"
    return PROBLEMS[code](name, limit // MB, **problem.params)


def max_bytes() -> int:
    return current_app.config.get("PRODUCT_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


def is_read_only(product: Product) -> bool:
    """An archived cooperative's photos can be seen, not changed."""
    return product.cooperative.status == CooperativeStatus.ARCHIVED


def _display_name(name: str | None, index: int) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return base[:80] or f"#{index + 1}"


def _prepare(data: bytes, limit: int, later: bool) -> _Ready:
    if len(data) > limit:
        raise PhotoProblem("too_big")
    renditions.inspect(data)
    try:
        clean = renditions.clean_original(images.normalise(data))
        thumb = None if later else renditions.thumbnail(clean.image)
    except (OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, PhotoProblem):
            raise
        raise PhotoProblem("damaged") from None
    square = None if later else renditions.marketplace_square(clean.image)
    return _Ready(clean.data, clean.ext, clean.size, thumb, square)


def check_room(product: Product, adding: int) -> None:
    """Refuse more than nine photos per product, saying how many may still be added."""
    have = len(product.images)
    if have + adding <= MAX_IMAGES:
        return
    room = MAX_IMAGES - have
    if room <= 0:
        message = _l("This product already has %(max)d photos, the most a marketplace takes. "
                     "Delete one to add another.", max=MAX_IMAGES)  # fmt: skip
    else:
        message = ngettext(
            "A product can have at most %(max)d photos: you can add %(num)d more.",
            "A product can have at most %(max)d photos: you can add %(num)d more.",
            room,
            max=MAX_IMAGES,
        )
    raise ImageError([message])


def add_images(
    product: Product,
    files: Iterable[tuple[str, bytes]],
    *,
    alt_text: str | None = None,
    commit: bool = True,
    skip_present: bool = False,
    renditions_later: bool = False,
) -> list[ProductImage]:
    """Add photos ``(file name, bytes)`` at the end of ``product``'s photos; all or none.

    Each file is judged by its content (real JPEG/PNG/WebP, whole, ≤ the size limit, within
    the pixel, side and shape limits of :mod:`app.uploads`), turned upright and stripped of
    metadata; its thumbnail and marketplace square are made now, never while a page is
    served, or with ``renditions_later`` left to :func:`render` (a job: the upload's request
    stays short). Raises ``ImageError`` with a message per bad file before anything is stored.
    ``alt_text`` defaults to the product's name. ``commit=False`` leaves the transaction to
    the caller (the product import), and ``skip_present`` passes over a photo the product
    already has rather than refusing it (the import's job, run again).
    """
    files = list(files)
    if not files:
        raise ImageError([_l("Choose at least one photo.")])
    if not skip_present:
        check_room(product, len(files))  # before the work of cleaning them
    limit = max_bytes()
    problems, ready = [], []
    taken = {image.original_key for image in product.images}
    for index, (raw_name, data) in enumerate(files):
        name = _display_name(raw_name, index)
        try:
            item = _prepare(data, limit, renditions_later)
        except PhotoProblem as exc:
            problems.append(problem_message(exc, name, limit))
            continue
        if item.key in taken:
            if not skip_present:
                problems.append(PROBLEMS["duplicate"](name, limit // MB))
            continue
        taken.add(item.key)
        ready.append(item)
    if problems:
        raise ImageError(problems)
    check_room(product, len(ready))
    made = _store(product, ready, alt_text)
    if commit:
        db.session.commit()
    return made


def _store(product: Product, ready: list[_Ready], alt_text: str | None) -> list[ProductImage]:
    """Store the checked photos' files and add their rows at the end of the product's."""
    made = []
    for position, item in enumerate(ready, start=len(product.images)):
        key = storage.save(item.original, FOLDER, item.ext)
        width, height = item.size
        image = ProductImage(
            original_key=key,
            thumb_key=_save_thumb(item.thumb, item.original) if item.thumb else None,
            square_key=_save_square(item.square, item.original) if item.square else None,
            width=width,
            height=height,
            alt_text=(alt_text or product.name)[:200],
            position=position,
        )
        product.images.append(image)
        made.append(image)
    return made


def render(image: ProductImage, replace: bool = False) -> None:
    """Make ``image``'s thumbnail and marketplace square from its stored original and set
    their keys (not committed). Same original, same keys: making them twice stores nothing
    new. ``PhotoProblem("too_detailed")`` when no square fits in 2 MB."""
    original = storage.read(image.original_key)
    img = images.normalise(original)
    image.thumb_key = _save_thumb(renditions.thumbnail(img), original, replace)
    image.square_key = _save_square(renditions.marketplace_square(img), original, replace)
    image.width, image.height = img.size


def _save_thumb(data: bytes, original: bytes, replace: bool = False) -> str:
    return _save_variant(data, original, renditions.THUMB_VARIANT, "webp", replace)


def _save_square(data: bytes, original: bytes, replace: bool = False) -> str:
    return _save_variant(data, original, renditions.SQUARE_VARIANT, "jpg", replace)


def _save_variant(data: bytes, original: bytes, variant: str, ext: str, replace: bool) -> str:
    """Store a rendition under the original's key plus ``variant`` (see ``variant_key``)."""
    if replace:
        key = storage.make_key(original, FOLDER, ext, variant)
        storage.put(key, data)
        return key
    return storage.save(data, FOLDER, ext, variant=variant, source=original)


def image_of(product: Product, image_id: int) -> ProductImage | None:
    """The photo ``image_id`` if it belongs to ``product`` (a tampered id finds nothing)."""
    return db.session.execute(
        select(ProductImage).where(
            ProductImage.id == image_id, ProductImage.product_id == product.id
        )
    ).scalar_one_or_none()


def move_image(product: Product, image: ProductImage, step: int) -> None:
    """Move a photo one place earlier (``step=-1``) or later (``+1``); the first is the cover."""
    ordered = list(product.images)
    index = ordered.index(image)
    target = index + step
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, each in enumerate(ordered):
        each.position = position
    db.session.commit()


def set_alt_text(image: ProductImage, text: str) -> None:
    """Describe the photo for people who cannot see it; empty means "the product's name"."""
    image.alt_text = (text or "").strip()[:200]
    db.session.commit()


def delete_image(product: Product, image: ProductImage) -> None:
    """Remove the photo from the product; later photos move up a place.

    The files stay: they are addressed by content, another product (or a cached page) may
    use the same ones.
    """
    product.images.remove(image)
    db.session.delete(image)
    for position, each in enumerate(product.images):
        each.position = position
    db.session.commit()


@dataclass
class RenditionReport:
    made: int = 0
    current: int = 0
    missing: list[int] = field(default_factory=list)  # ids whose original file is gone


def _is_current(image: ProductImage) -> bool:
    expected = (
        storage.variant_key(image.original_key, renditions.THUMB_VARIANT, "webp"),
        storage.variant_key(image.original_key, renditions.SQUARE_VARIANT, "jpg"),
    )
    return (image.thumb_key, image.square_key) == expected and all(
        storage.exists(key) for key in expected
    )


def remake_renditions(everything: bool = False) -> RenditionReport:
    """Make the thumbnail and square of photos that lack them or have an older spec.

    ``everything`` remakes all of them, replacing the files (e.g. after an encoder upgrade).
    """
    report = RenditionReport()
    ids = db.session.execute(select(ProductImage.id).order_by(ProductImage.id)).scalars().all()
    for image_id in ids:
        image = db.session.get_one(ProductImage, image_id)
        if not everything and _is_current(image):
            report.current += 1
            continue
        if not storage.is_valid_key(image.original_key) or not storage.exists(image.original_key):
            report.missing.append(image.id)
            continue
        render(image, replace=everything)
        db.session.commit()
        report.made += 1
    return report
