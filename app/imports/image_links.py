"""Images named by link in a product import: fetched once at preview, kept for the confirmation.

Every link is fetched with :func:`app.fetch.fetch` (public addresses only unless
IMPORT_ALLOW_PRIVATE_URLS, a size cap, timeouts) and checked with :func:`app.uploads.sniff`
(header bounds before any decoding); the confirmation renders them through the product photo
path (:func:`app.product_images.services.add_images`), bounded the same way.
The bytes are kept privately next to the kept upload (storage folder ``imports``), listed in
a small manifest named after the upload, so reloading the preview or confirming never fetches
a link again. Failures are kept too (a slow server is not waited for at every reload); a new
upload of the file starts afresh (see :meth:`ImageCache.discard`).
"""

import contextlib
import json
from concurrent.futures import ThreadPoolExecutor

from flask_babel import lazy_gettext as _l

from .. import storage
from ..fetch import FetchError, fetch
from ..uploads import Limits, UploadError, limits, sniff
from .problems import Problem
from .product_columns import COLUMNS

FOLDER = "imports"  # the same private folder as the kept uploads, swept with them
MAX_IMAGE_BYTES = 15 * 1024 * 1024  # the photo upload limit (app/product_images)
MAX_IMAGES = 200  # per import
WORKERS = 8
IMAGE_HEADER = next(c.header for c in COLUMNS if c.key == "images")

_SNIFF_MESSAGES = {
    "empty": _l("The link gives an empty file."),
    "type": _l("The link does not give a JPEG, PNG or WebP image."),
    "damaged": _l("The link does not give a JPEG, PNG or WebP image."),
}  # the size and shape limits say themselves which limit (UploadError.message)


def _portable(message) -> list:
    """A lazy message as [msgid, params], to be translated again when read back."""
    args = getattr(message, "_args", None)
    return [args[0], getattr(message, "_kwargs", {})] if args else [str(message), {}]


class ImageCache:
    """Link → storage key of the checked bytes (or why it failed), for one upload."""

    def __init__(self, upload: bytes):
        self.manifest = storage.make_key(upload, FOLDER, "json", variant="images")
        self.entries: dict[str, str] = {}
        self.failures: dict[str, list] = {}
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            loaded = json.loads(storage.read(self.manifest))
            self.entries = {u: k for u, k in loaded["images"].items() if storage.is_valid_key(k)}
            self.failures = {u: [str(m), dict(p)] for u, (m, p) in loaded["failures"].items()}

    def get(self, url: str) -> str | None:
        key = self.entries.get(url)
        if key is None or not storage.exists(key):
            return None
        return key

    def failure(self, url: str):
        if url not in self.failures:
            return None
        msgid, params = self.failures[url]
        return _l(msgid, **params)

    def fail(self, url: str, message) -> None:
        self.failures[url] = _portable(message)

    def put(self, url: str, data: bytes, ext: str) -> str:
        key = storage.save(data, FOLDER, ext)
        storage.touch(key)  # fresh for the sweep of stale uploads
        self.entries[url] = key
        return key

    def save(self) -> None:
        """Write the manifest (replacing the last one: later previews may add links)."""
        manifest = {"images": self.entries, "failures": self.failures}
        storage.put(self.manifest, json.dumps(manifest).encode())

    def discard(self) -> None:
        """Delete the manifest and the images it lists (once imported or abandoned)."""
        for key in [*self.entries.values(), self.manifest]:
            with contextlib.suppress(OSError, ValueError):
                storage.delete(key)


def _download(url: str, max_bytes: int, allow_private: bool, fetcher, bounds: Limits) -> tuple:
    """(bytes, extension) or (None, message) for one link; never raises."""
    try:
        data = fetcher(url, max_bytes=max_bytes, allow_private=allow_private).data
        _mime, ext = sniff(data, bounds=bounds)
    except FetchError as exc:
        return None, exc.message
    except UploadError as exc:
        return None, _SNIFF_MESSAGES.get(exc.code, exc.message)
    return data, ext


def check_images(
    preview,
    cache: ImageCache,
    *,
    allow_private: bool = False,
    max_bytes: int = MAX_IMAGE_BYTES,
    max_images: int = MAX_IMAGES,
    fetcher=fetch,
) -> None:
    """Fetch and check every image link of ``preview`` not yet cached; report failures."""
    refs = [image for product in preview.products for image in product.images]
    links = list(dict.fromkeys(ref.url for ref in refs))
    allowed = set(links[:max_images])
    missing = [u for u in links[:max_images] if cache.get(u) is None and u not in cache.failures]
    if missing:
        bounds = limits()  # read here: the fetching threads have no app context
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(missing))) as pool:
            results = pool.map(
                lambda url: _download(url, max_bytes, allow_private, fetcher, bounds), missing
            )
            for url, (data, detail) in zip(missing, results, strict=True):
                if data is None:
                    cache.fail(url, detail)
                else:
                    cache.put(url, data, detail)
        cache.save()
    row_by_number = {row.number: row for row in preview.rows}
    for ref in refs:
        if ref.url not in allowed:
            message = _l(
                "This file names more than %(max)d images: import the others with another file.",
                max=max_images,
            )
        elif cache.failure(ref.url) is not None:
            message = _l(
                "Image “%(link)s”: %(reason)s", link=_short(ref.url), reason=cache.failure(ref.url)
            )
        else:
            ref.key = cache.get(ref.url)
            ref.digest = ref.key.rsplit("/", 1)[1].split(".")[0] if ref.key else None
            continue
        row = row_by_number[ref.row]
        row.problems.append(Problem(ref.row, IMAGE_HEADER, message))


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "…"
