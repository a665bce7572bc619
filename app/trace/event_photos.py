"""Photos of trace events: judged by content and rendered like product photos, stored in the
public "images" folder (pages show them only for public events).

An event's ``photo_keys`` hold the cleaned originals' keys; the page thumbnail of a key is
:func:`thumb_key`. Keys are content hashes, so the event's own hash covers its photos.
"""

from dataclasses import dataclass

from .. import images, storage
from ..product_images import renditions
from ..product_images.renditions import PhotoProblem
from ..product_images.services import FOLDER, max_bytes, problem_message
from ..product_images.services import _display_name as display_name


@dataclass
class Ready:
    """One checked photo, encoded, not stored yet."""

    original: bytes
    ext: str
    thumb: bytes


def thumb_key(key: str) -> str:
    """The WebP thumbnail (≤ 400 px, ≤ 30 KB) of an event photo's key."""
    return storage.variant_key(key, renditions.THUMB_VARIANT, "webp")


def _prepare_one(data: bytes, limit: int) -> Ready:
    if len(data) > limit:
        raise PhotoProblem("too_big")
    renditions.inspect(data)
    try:
        clean = renditions.clean_original(images.normalise(data))
        thumb = renditions.thumbnail(clean.image)
    except PhotoProblem:
        raise
    except (OSError, SyntaxError, ValueError):
        raise PhotoProblem("damaged") from None
    return Ready(clean.data, clean.ext, thumb)


def prepare(files) -> tuple[list[Ready], list[str]]:
    """Check and render ``(file name, bytes)`` pairs; (ready photos, one message per bad file)."""
    limit = max_bytes()
    ready, problems = [], []
    for index, (raw_name, data) in enumerate(files):
        try:
            ready.append(_prepare_one(data, limit))
        except PhotoProblem as exc:
            problems.append(str(problem_message(exc, display_name(raw_name, index), limit)))
    return ready, problems


def store(ready: list[Ready]) -> list[str]:
    """Write the photos and their thumbnails; their keys, in order, without repeats."""
    keys: list[str] = []
    for item in ready:
        key = storage.save(item.original, FOLDER, item.ext)
        storage.save(
            item.thumb, FOLDER, "webp", variant=renditions.THUMB_VARIANT, source=item.original
        )
        if key not in keys:
            keys.append(key)
    return keys
