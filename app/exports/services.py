"""Exports and listings in the database: readiness shown to staff, packs written and
recorded, listing statuses kept.

A listing's status moves draft ⇄ ready as its readiness changes (checked whenever staff look
at it or export it), to exported when a pack carries it, and to live (with the URL staff
paste) or rejected (with the marketplace's reason). Exported, live and rejected listings keep
their status when readiness is checked again; exporting a rejected listing again makes it
exported.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db
from ..models import Export, Listing, ListingStatus, export_items
from ..models.base import utcnow
from ..onboarding.rules import is_web_url
from ..text import slugify
from . import profiles
from .packs import write_pack
from .readiness import Readiness, checked
from .records import product_infos
from .template_store import mapped_profile, template_set

CHUNK = 500


def readiness(
    profile, cooperative_ids: list[int], today: date, product_ids=None
) -> list[Readiness]:
    """Every listable product of the cooperatives on ``profile``, checked; the listings'
    draft/ready status follows. Categories follow the officers' mapping where the
    marketplace's stored template lists its own (app/exports/template_store.py)."""
    profile = mapped_profile(profile)
    found = list(checked(profile, product_infos(cooperative_ids, today, product_ids)))
    ready = {v.id for r in found for v in r.ready_variants}
    every = {v.id: r.prepared.product.id for r in found for v in r.prepared.product.variants}
    _follow_readiness(profile.id, every, ready)
    db.session.commit()
    return found


def ensure_listings(marketplace: str, variant_ids, products_by_variant) -> None:
    """A draft listing for each variant that has none on ``marketplace``; a row another
    request adds meanwhile is left as it is (ON CONFLICT DO NOTHING, SQLite and PostgreSQL)."""
    dialect = db.session.get_bind().dialect.name
    insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
    rows = [
        {
            "variant_id": variant_id,
            "product_id": products_by_variant[variant_id],
            "marketplace": marketplace,
            "status": ListingStatus.DRAFT,
            "rejection_reason": "",
            "push_message": "",
            "updated_at": utcnow(),
        }
        for variant_id in variant_ids
    ]
    if rows:
        db.session.execute(
            insert_(Listing).on_conflict_do_nothing(index_elements=["variant_id", "marketplace"]),
            rows,
        )


def _of(marketplace: str, variant_ids):
    return (Listing.marketplace == marketplace) & Listing.variant_id.in_(variant_ids)


def _follow_readiness(marketplace: str, products_by_variant: dict[int, int], ready: set[int]):
    """Draft or ready as readiness says, for listings not exported, live or rejected."""
    ids = list(products_by_variant)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        ensure_listings(marketplace, chunk, products_by_variant)
        unsettled = Listing.status.in_([ListingStatus.DRAFT, ListingStatus.READY])
        for status, variant_ids in (
            (ListingStatus.READY, [v for v in chunk if v in ready]),
            (ListingStatus.DRAFT, [v for v in chunk if v not in ready]),
        ):
            if variant_ids:
                db.session.execute(
                    update(Listing)
                    .where(_of(marketplace, variant_ids), unsettled, Listing.status != status)
                    .values(status=status, updated_at=utcnow())
                )


@dataclass
class ExportResult:
    export: Export
    blocked: list[str]  # "- SKU (product): what blocks it", in Vietnamese


def run_export(
    profile,
    cooperatives,
    out,
    today: date,
    user=None,
    via: str = "web",
    product_ids=None,
    progress: Callable[[int], None] | None = None,
    export: Export | None = None,
    templates=None,
) -> ExportResult:
    """Write ``profile``'s pack for the cooperatives to ``out`` and record it: the export,
    the variants it carries, and their listings (exported; the blocked ones draft). The
    pack's entries are dated ``today``: the same data gives the same bytes. ``progress``
    is told how many products went in so far. ``export``: the record of this same pack
    written before (a job run again), brought up to date rather than counted twice.
    ``templates``: the marketplace's own templates to fill (a TemplateSet); by default the
    ones officers stored (app/exports/template_store.py), with their category mapping."""
    profile = mapped_profile(profile)
    if templates is None:
        templates = template_set(profile)
    infos = product_infos([c.id for c in cooperatives], today, product_ids)
    products_by_variant: dict[int, int] = {}

    def noting(infos):
        for done, info in enumerate(infos, 1):
            for variant in info.variants:
                products_by_variant[variant.id] = info.id
            yield info
            if progress is not None:
                progress(done)

    stamp = (today.year, today.month, today.day, 0, 0, 0)
    summary = write_pack(profile, noting(infos), out, stamp, templates)
    size = out.tell() if out.seekable() else 0
    values = dict(
        marketplace=profile.id,
        cooperatives=",".join(c.slug for c in cooperatives),
        product_count=summary.products,
        variant_count=len(summary.exported),
        blocked_count=len(summary.blocked_lines),
        image_count=summary.images,
        file_name=file_name(profile, cooperatives, today),
        file_size=size,
    )
    if export is None:
        export = Export(**values, via=via, created_by_id=user.id if user is not None else None)
        db.session.add(export)
    else:  # written again: what it carries now replaces what it carried
        db.session.execute(delete(export_items).where(export_items.c.export_id == export.id))
        for name, value in values.items():
            setattr(export, name, value)
    db.session.flush()
    _record(export, profile.id, summary, products_by_variant)
    db.session.commit()
    return ExportResult(export, summary.blocked_lines)


def _record(export: Export, marketplace: str, summary, products_by_variant) -> None:
    exported = summary.exported
    now = utcnow()
    for start in range(0, len(exported), CHUNK):
        chunk = exported[start : start + CHUNK]
        db.session.execute(
            insert(export_items), [{"export_id": export.id, "variant_id": v} for v in chunk]
        )
        ensure_listings(marketplace, chunk, products_by_variant)
        db.session.execute(
            update(Listing)
            .where(_of(marketplace, chunk))
            .values(
                export_id=export.id,
                exported_at=now,
                updated_at=now,
                status=case(
                    (Listing.status == ListingStatus.LIVE, ListingStatus.LIVE),
                    else_=ListingStatus.EXPORTED,
                ),
            )
        )
    not_exported = {v: p for v, p in products_by_variant.items() if v not in summary.ready}
    _follow_readiness(marketplace, not_exported, set())


def file_name(profile, cooperatives, today: date) -> str:
    """ "lensan-shopee-htx-lua-gao-dien-bien-2026-12-04.zip": the cooperative's name folded
    to ASCII (its slug may be an old or made-up one), which any unzip tool and chat app
    keeps as it is; "3-htx" for several."""
    if len(cooperatives) == 1:
        who = slugify(cooperatives[0].display_name, 60) or cooperatives[0].slug
    else:
        who = f"{len(cooperatives)}-htx"
    return f"lensan-{profile.id}-{who}-{today.isoformat()}.zip"


def live_links(product_id: int) -> list[tuple[str, str]]:
    """(marketplace name, URL) of the product's live listings, one per marketplace, in the
    profiles' order: the "Mua tại …" links of trace and product pages."""
    stmt = (
        select(Listing.marketplace, Listing.live_url)
        .where(Listing.product_id == product_id, Listing.status == ListingStatus.LIVE)
        .order_by(Listing.variant_id)
    )
    found: dict[str, str] = {}
    for marketplace, url in db.session.execute(stmt):
        if marketplace not in found and url is not None and is_web_url(url):
            found[marketplace] = url
    order = list(profiles.all_profiles())
    names = profiles.names()
    return [
        (names.get(m, m), found[m])
        for m in sorted(found, key=lambda m: order.index(m) if m in order else len(order))
    ]
