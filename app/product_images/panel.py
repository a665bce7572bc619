"""What the photo partial shows: URLs, sizes and alt text worked out here, not in templates."""

from dataclasses import dataclass, field

from flask import current_app, url_for

from ..models import Product, ProductImage
from .forms import UploadForm
from .renditions import square_side, thumb_size
from .services import MAX_IMAGES, MB, is_read_only, max_bytes

KINDS = ("thumb", "square", "original")


def product_image_url(image: ProductImage, kind: str = "thumb", external: bool = False) -> str:
    """URL of a photo's rendition at ``/media/<key>``: "thumb" (pages), "square"
    (marketplaces) or "original". A missing rendition falls back to the original."""
    if kind not in KINDS:
        raise ValueError(f"unknown rendition {kind!r}")
    key = {"thumb": image.thumb_key, "square": image.square_key}.get(kind) or image.original_key
    path = url_for("public.media", key=key)
    return current_app.config["PUBLIC_BASE_URL"] + path if external else path


def product_image_alt(image: ProductImage) -> str:
    """The photo's description, or the product's name when nobody wrote one."""
    return image.alt_text or (image.product.name if image.product else "")


def product_image_size(image: ProductImage, kind: str = "thumb") -> tuple[int, int]:
    """(width, height) of a rendition, for the <img> attributes that keep the layout still."""
    if kind == "thumb" and image.thumb_key:
        return thumb_size(image.width, image.height)
    if kind == "square" and image.square_key:
        side = square_side((image.width, image.height))
        return side, side
    return image.width, image.height


@dataclass
class PhotoItem:
    image: ProductImage
    url: str
    width: int
    height: int
    alt: str
    number: int  # 1-based place: 1 is the cover photo
    first: bool
    last: bool
    alt_value: str  # what the alt text field shows (what was typed, after an error)
    alt_error: str | None = None
    pending: bool = False  # its renditions are still being made (the original is shown)


@dataclass
class PhotoPanel:
    product: Product
    items: list[PhotoItem]
    count: int
    limit: int
    room: int
    read_only: bool
    upload_form: UploadForm
    max_mb: int
    problems: list = field(default_factory=list)
    manage_page: bool = False  # rendered on the photos page rather than the product page
    next_url: str | None = None  # where an upload goes back to (the readiness check)


def product_photos(
    product: Product,
    upload_form: UploadForm | None = None,
    problems: list | None = None,
    alt_error: tuple[int, str, str] | None = None,
    manage_page: bool = False,
    next_url: str | None = None,
) -> PhotoPanel:
    """The panel for ``templates/products/_images.html``; ``alt_error`` is (image id, typed
    value, message) after a refused alt text."""
    items = []
    images = list(product.images)
    for index, image in enumerate(images):
        width, height = product_image_size(image, "thumb")
        item = PhotoItem(
            image=image,
            url=product_image_url(image, "thumb"),
            width=width,
            height=height,
            alt=product_image_alt(image),
            number=index + 1,
            first=index == 0,
            last=index == len(images) - 1,
            alt_value=image.alt_text,
            pending=image.thumb_key is None or image.square_key is None,
        )
        if alt_error and alt_error[0] == image.id:
            item.alt_value, item.alt_error = alt_error[1], alt_error[2]
        items.append(item)
    return PhotoPanel(
        product=product,
        items=items,
        count=len(images),
        limit=MAX_IMAGES,
        room=max(0, MAX_IMAGES - len(images)),
        read_only=is_read_only(product),
        upload_form=upload_form or UploadForm(formdata=None),
        max_mb=max_bytes() // MB,
        problems=problems or [],
        manage_page=manage_page,
        next_url=next_url,
    )
