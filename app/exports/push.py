"""Listings sent to a partner's HTTP API: the profiles with a ``[push]`` section.

Each ready variant goes as one JSON document, POSTed with the bearer token from the
configuration and an ``Idempotency-Key``: the SHA-256 of the document and the marketplace, so
a listing version keeps its key however often it is sent and any change makes a new one. A
listing the partner accepted under the key it would be sent with now is not sent again.

Answers: 2xx accepted, 409 conflict, another 4xx refused (neither is tried again: the same
request would get the same answer); 5xx, a timeout or no connection is tried again with
exponential backoff, and is failed once the profile's attempts are spent. The result is
stored on the listing and committed one listing at a time, so what was sent stays recorded
when a push stops halfway; no transaction stays open while the partner is waited for.
"""

import hashlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlsplit

import requests
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Listing, ListingStatus, PushOutcome
from ..models.base import utcnow
from ..services import WHOLE, ServiceError
from ..text import clean
from ..vietnamese import in_vietnamese
from .listing import VariantInfo
from .readiness import checked
from .records import product_infos
from .rows import Prepared
from .services import ensure_listings

CONNECT_TIMEOUT = 3.05  # seconds; a little over a multiple of 3, TCP's first retransmission
BACKOFF_FIRST = 0.5  # seconds before the second attempt, doubled for each one after
BACKOFF_CAP = 8.0
MESSAGE_MAX = 500
REMOTE_ID_MAX = 100
UNCHANGED = "unchanged"  # a report line's outcome when nothing was sent
OUTCOMES = (*(o.value for o in PushOutcome), UNCHANGED)
USER_AGENT = "LenSan-push/1.0 (+https://lensan.vn)"


def payload(prepared: Prepared, variant: VariantInfo) -> dict:
    """One variant as the partner reads it: what the pack's sheet says, as JSON."""
    product = prepared.product
    return {
        "sku": variant.sku,
        "product_key": product.key,
        "title": prepared.titles[variant.id],
        "description": prepared.description,
        "category": prepared.category,
        "price_vnd": variant.price_vnd,
        "stock": variant.stock,
        "unit": product.unit,
        "net_quantity": variant.quantity_text,
        "weight_g": variant.package_weight_g,
        "length_cm": variant.length_cm,
        "width_cm": variant.width_cm,
        "height_cm": variant.height_cm,
        "images": list(prepared.image_urls),
        "gtin": product.gtin or None,
        "brand": product.cooperative.brand,
        "cooperative": product.cooperative.legal_name,
        "origin": product.origin,
        "trace_url": product.trace_url,
        "product_url": product.product_url,
        "certificates": [
            {
                "kind": c.kind,
                "number": c.number,
                "issuer": c.issuer,
                "issued_on": c.issued_on.isoformat(),
                "expires_on": c.expires_on.isoformat() if c.expires_on else None,
            }
            for c in product.valid_certificates
        ],
    }  # text is NFC already: app/exports/records.py normalises what it reads


def idempotency_key(document: dict, marketplace: str) -> str:
    """SHA-256 (hex) of the document's canonical JSON and the marketplace: one per version."""
    canonical = json.dumps(
        {"listing": document, "marketplace": marketplace},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Seconds to wait after failed attempt ``attempt`` (1, 2, …): 0.5, 1, 2 … at most 8;
    the partner's own Retry-After (in seconds) when it gave one, also at most 8."""
    if retry_after is not None:
        return min(retry_after, BACKOFF_CAP)
    return min(BACKOFF_FIRST * 2 ** (attempt - 1), BACKOFF_CAP)


def _retry_after(response) -> float | None:
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None  # absent, or an HTTP date: our own backoff then
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


@dataclass(frozen=True)
class Sent:
    """What came of one listing: its outcome, the HTTP status (None: no answer), a message
    (the partner's words, or a lazy one of ours) and the partner's id for it."""

    outcome: PushOutcome
    status: int | None = None
    message: object = ""
    remote_id: str | None = None


def _shorten(text: str, limit: int = MESSAGE_MAX) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _answer(response) -> tuple[str, str | None]:
    """The partner's message and its id for the listing, from a JSON or plain-text body."""
    try:
        body = response.json()
    except ValueError:
        plain = response.headers.get("Content-Type", "").startswith("text/plain")
        return _shorten(response.text if plain else response.reason or ""), None
    if not isinstance(body, dict):
        return "", None
    message = next((body[k] for k in ("message", "error", "detail") if body.get(k)), "")
    remote_id = body.get("id")
    remote_id = str(remote_id)[:REMOTE_ID_MAX] if remote_id not in (None, "") else None
    return _shorten(message if isinstance(message, str) else json.dumps(message)), remote_id


def send(session, url: str, headers: dict, body: bytes, push, sleep=time.sleep) -> Sent:
    """POST one listing, trying again on 5xx, timeouts and lost connections."""
    timeout = (CONNECT_TIMEOUT, push.timeout_seconds)
    host = urlsplit(url).hostname or url
    for attempt in range(1, push.attempts + 1):
        retry_after = None
        try:
            response = session.post(
                url, data=body, headers=headers, timeout=timeout, allow_redirects=False
            )
        except requests.Timeout:
            sent = Sent(
                PushOutcome.FAILED,
                message=_l(
                    "No answer from %(host)s within %(seconds)s s (%(attempts)d attempts).",
                    host=host,
                    seconds=f"{push.timeout_seconds:g}",
                    attempts=attempt,
                ),
            )
        except requests.ConnectionError:
            sent = Sent(
                PushOutcome.FAILED,
                message=_l(
                    "Could not connect to %(host)s (%(attempts)d attempts).",
                    host=host,
                    attempts=attempt,
                ),
            )
        except requests.RequestException as exc:  # a bad URL, a broken answer: not retried
            return Sent(PushOutcome.FAILED, message=_shorten(f"{type(exc).__name__}: {exc}"))
        else:
            with response:
                status = response.status_code
                message, remote_id = _answer(response)
                retry_after = _retry_after(response)
            if 200 <= status < 300:
                return Sent(PushOutcome.ACCEPTED, status, message, remote_id)
            if status == 409:
                return Sent(PushOutcome.CONFLICT, status, message)
            if status < 500:
                return Sent(PushOutcome.REFUSED, status, message)
            sent = Sent(PushOutcome.FAILED, status, message or f"HTTP {status}")
        if attempt < push.attempts:
            sleep(backoff(attempt, retry_after))
    return sent


@dataclass(frozen=True)
class PushLine:
    sku: str
    outcome: str  # a PushOutcome, or UNCHANGED
    status: int | None = None
    message: object = ""  # the partner's words, or a lazy message


@dataclass
class PushReport:
    lines: list[PushLine] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Listings by outcome, every outcome present (accepted, conflict, … unchanged)."""
        counts = dict.fromkeys(OUTCOMES, 0)
        for line in self.lines:
            counts[line.outcome] += 1
        return counts

    @property
    def failed(self) -> bool:
        return any(line.outcome == PushOutcome.FAILED for line in self.lines)


def _listing(marketplace: str, variant_id: int) -> Listing | None:
    return db.session.scalar(
        select(Listing).where(Listing.marketplace == marketplace, Listing.variant_id == variant_id)
    )


def _store(marketplace: str, variant_id: int, product_id: int, key: str, sent: Sent) -> None:
    ensure_listings(marketplace, [variant_id], {variant_id: product_id})
    listing = _listing(marketplace, variant_id)
    if listing is None:  # ensure_listings has just made it
        raise LookupError(f"no {marketplace} listing of variant {variant_id}")
    if listing.status == ListingStatus.DRAFT:
        listing.status = ListingStatus.READY  # it was ready to send
    if sent.outcome == PushOutcome.ACCEPTED and listing.status != ListingStatus.LIVE:
        listing.status = ListingStatus.EXPORTED
    if sent.remote_id:
        listing.remote_id = sent.remote_id
    listing.push_key = key
    listing.push_outcome = sent.outcome
    listing.push_status = sent.status
    listing.push_message = _shorten(in_vietnamese(sent.message))  # kept in the listings' language
    listing.pushed_at = utcnow()
    db.session.commit()


def push_target(profile) -> tuple[str, str]:
    """The profile's endpoint and token, or :class:`ServiceError` when it has no API or no
    token is configured (checked in the request, before a push job is queued)."""
    push = profile.push
    if push is None:
        raise ServiceError(
            {WHOLE: _l("%(name)s takes no listings over an API.", name=profile.name)}
        )
    config = current_app.config
    token = config.get(push.token_setting)
    if not token:
        no_token = _l(
            "No API token is configured for %(marketplace)s: set %(setting)s first. "
            "Nothing was sent.",
            marketplace=profile.name,
            setting=push.token_setting,
        )
        raise ServiceError({WHOLE: no_token})
    url = (config.get(push.endpoint_setting) if push.endpoint_setting else None) or push.endpoint
    return url, token


def push_listings(
    profile,
    cooperative_ids: list[int],
    today: date,
    product_ids=None,
    session=None,
    sleep=time.sleep,
    progress: Callable[[int, int, PushLine], None] | None = None,
) -> PushReport:
    """Send every ready variant of the cooperatives (``product_ids`` narrows them) to the
    profile's API and store each result on its listing; ``progress(done, total, line)`` after
    each. Raises :class:`ServiceError` when the profile has no API or no token is configured;
    nothing is sent then."""
    push = profile.push
    url, token = push_target(profile)  # (raises when the profile has no push)
    if seconds := current_app.config.get("PUSH_TIMEOUT_SECONDS"):
        push = replace(push, timeout_seconds=float(seconds))
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
    }

    def push_one(prepared: Prepared, variant: VariantInfo) -> PushLine:
        document = payload(prepared, variant)
        key = idempotency_key(document, profile.id)
        before = _listing(profile.id, variant.id)
        if before and before.push_key == key and before.push_outcome == PushOutcome.ACCEPTED:
            return PushLine(variant.sku, UNCHANGED)
        db.session.commit()  # end the read: no transaction held while the partner answers
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        sent = send(session, url, {**headers, "Idempotency-Key": key}, body, push, sleep)
        _store(profile.id, variant.id, prepared.product.id, key, sent)
        return PushLine(variant.sku, sent.outcome, sent.status, sent.message)

    own_session = session is None
    session = requests.Session() if own_session else session
    report = PushReport()
    try:
        ready = [
            (found.prepared, variant)
            for found in checked(profile, product_infos(cooperative_ids, today, product_ids))
            for variant in found.ready_variants
        ]
        for prepared, variant in ready:
            report.lines.append(push_one(prepared, variant))
            if progress is not None:
                progress(len(report.lines), len(ready), report.lines[-1])
    finally:
        if own_session:
            session.close()
    return report
