"""A member's "To do": the next steps computed from their cooperative's data.

Each kind of to-do is one query, capped, that also counts every match (a window count), so
the home page costs the same few queries whether the cooperative has ten batches or ten
thousand. Each to-do names the page, and the field on it, where it is fixed; the template
turns that into one link.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased, contains_eager

from ..certificates.services import certificate_label
from ..enums import LabelledEnum
from ..extensions import db
from ..i18n import fmt_date
from ..models import (
    Batch,
    BatchStatus,
    Certificate,
    EventKind,
    LabelRun,
    Listing,
    ListingStatus,
    Product,
    ProductImage,
    ProductStatus,
    ProductVariant,
    RunStatus,
    TraceEvent,
    batch_inputs,
)

CERTIFICATE_DAYS = 30  # a certificate expiring within this many days (or expired) is a to-do
PER_KIND = 8  # rows read per kind: never more are shown
SHOWN = 8  # to-dos on the page; the rest are counted ("and N more")
RECENT_BATCHES = 3


class ToDoKind(LabelledEnum):
    """In order of importance: the first ones are shown first."""

    CERTIFICATE_EXPIRED = "certificate_expired", _l("Expired certificate")
    CERTIFICATE_EXPIRING = "certificate_expiring", _l("Certificate expiring")
    PRODUCT_PHOTO = "product_photo", _l("Product without a photo")
    BATCH_HARVEST = "batch_harvest", _l("Batch without a harvest")
    BATCH_LABELS = "batch_labels", _l("Batch without labels")
    LISTING = "listing", _l("Product not on sale online")


_RANK = {kind: n for n, kind in enumerate(ToDoKind)}


@dataclass(frozen=True)
class ToDo:
    """One next step: a sentence and the one link that fixes it."""

    kind: ToDoKind
    params: dict[str, Any]
    endpoint: str
    args: dict[str, Any]
    anchor: str = ""
    sort: tuple = ()  # within its kind

    @property
    def text(self) -> str:
        p, kind = self.params, self.kind
        if kind == ToDoKind.CERTIFICATE_EXPIRED:
            return _("Your %(certificate)s certificate no. %(number)s expired on %(date)s.", **p)
        if kind == ToDoKind.CERTIFICATE_EXPIRING:
            return _("Your %(certificate)s certificate no. %(number)s expires on %(date)s.", **p)
        if kind == ToDoKind.PRODUCT_PHOTO:
            return _("“%(product)s” has no photo yet: buyers and marketplaces need one.", **p)
        if kind == ToDoKind.BATCH_HARVEST:
            return _("Batch %(code)s of %(product)s has no harvest recorded.", **p)
        if kind == ToDoKind.BATCH_LABELS:
            return _("No labels have been printed for batch %(code)s of %(product)s.", **p)
        return _("“%(product)s” is not live on any marketplace yet.", **p)

    @property
    def action(self) -> str:
        actions = {
            ToDoKind.CERTIFICATE_EXPIRED: _l("Enter the renewed certificate"),
            ToDoKind.CERTIFICATE_EXPIRING: _l("Update the expiry date"),
            ToDoKind.PRODUCT_PHOTO: _l("Add a photo"),
            ToDoKind.BATCH_HARVEST: _l("Record the harvest"),
            ToDoKind.BATCH_LABELS: _l("Print labels"),
            ToDoKind.LISTING: _l("Record its listing"),
        }
        return str(actions[self.kind])


@dataclass
class ToDoList:
    items: list[ToDo] = field(default_factory=list)  # the ones shown, most important first
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _capped(stmt: Select) -> tuple[list, int]:
    """The first PER_KIND rows of ``stmt`` and how many rows it has in all, in one query."""
    rows = db.session.execute(stmt.add_columns(func.count().over()).limit(PER_KIND)).all()
    return [row[0] for row in rows], (rows[0][-1] if rows else 0)


def not_renewed():
    """SQL: no later certificate of the same kind and cooperative runs past the horizon."""
    newer = aliased(Certificate)
    return ~exists().where(
        newer.cooperative_id == Certificate.cooperative_id,
        newer.kind == Certificate.kind,
        newer.id != Certificate.id,
        newer.issued_on >= Certificate.issued_on,
        or_(newer.expires_on.is_(None), newer.expires_on > Certificate.expires_on),
    )


def certificates_due(today: date):
    """SQL: the certificate expired or expires within CERTIFICATE_DAYS and was not renewed."""
    return and_(
        Certificate.expires_on.is_not(None),
        Certificate.expires_on <= today + timedelta(days=CERTIFICATE_DAYS),
        not_renewed(),
    )


def _certificates(cooperative_id: int, today: date) -> tuple[list[ToDo], int]:
    stmt = (
        select(Certificate)
        .where(Certificate.cooperative_id == cooperative_id, certificates_due(today))
        .order_by(Certificate.expires_on, Certificate.id)
    )
    found, total = _capped(stmt)
    items = []
    for cert in found:
        expired = cert.expires_on < today
        params = {"certificate": certificate_label(cert), "number": cert.number}
        params["date"] = fmt_date(cert.expires_on)
        items.append(
            ToDo(
                ToDoKind.CERTIFICATE_EXPIRED if expired else ToDoKind.CERTIFICATE_EXPIRING,
                params,
                "certificates.edit",
                {"cooperative_id": cooperative_id, "certificate_id": cert.id},
                "#expires_on",
                (cert.expires_on,),
            )
        )
    return items, total


def _live_products(cooperative_id: int):
    return select(Product).where(
        Product.cooperative_id == cooperative_id, Product.status != ProductStatus.ARCHIVED
    )


def _photos(cooperative_id: int) -> tuple[list[ToDo], int]:
    stmt = (
        _live_products(cooperative_id)
        .where(~exists().where(ProductImage.product_id == Product.id))
        .order_by(Product.name, Product.id)
    )
    found, total = _capped(stmt)
    return [
        ToDo(
            ToDoKind.PRODUCT_PHOTO,
            {"product": p.name},
            "product_images.index",
            {"product_id": p.id},
            "#photos",
        )
        for p in found
    ], total


def _listings(cooperative_id: int) -> tuple[list[ToDo], int]:
    """Products on sale, with variants, none of which is live on a marketplace."""
    live = (
        exists().where(Listing.product_id == Product.id).where(Listing.status == ListingStatus.LIVE)
    )
    stmt = (
        _live_products(cooperative_id)
        .where(Product.status == ProductStatus.ACTIVE)
        .where(exists().where(ProductVariant.product_id == Product.id))
        .where(~live)
        .order_by(Product.name, Product.id)
    )
    found, total = _capped(stmt)
    return [
        ToDo(ToDoKind.LISTING, {"product": p.name}, "exports.listings", {"product_id": p.id})
        for p in found
    ], total


def _open_batches(cooperative_id: int):
    return (
        select(Batch)
        .join(Batch.product)
        .options(contains_eager(Batch.product))
        .where(Batch.cooperative_id == cooperative_id, Batch.status == BatchStatus.OPEN)
        .order_by(Batch.produced_on.desc(), Batch.id.desc())
    )


def _batch_params(batch: Batch) -> dict[str, Any]:
    return {"code": batch.code, "product": batch.product.name}


def _harvests(cooperative_id: int) -> tuple[list[ToDo], int]:
    """Open batches grown by the cooperative (made from no other batch) with no harvest."""
    harvested = exists().where(
        TraceEvent.batch_id == Batch.id, TraceEvent.kind == EventKind.HARVEST
    )
    made_from = exists().where(batch_inputs.c.batch_id == Batch.id)
    stmt = _open_batches(cooperative_id).where(~harvested, ~made_from)
    found, total = _capped(stmt)
    return [
        ToDo(
            ToDoKind.BATCH_HARVEST,
            _batch_params(b),
            "trace_events.create",
            {"batch_id": b.id, "kind": EventKind.HARVEST.value},
            "#kind",
        )
        for b in found
    ], total


def _labels(cooperative_id: int) -> tuple[list[ToDo], int]:
    printed = exists().where(LabelRun.batch_id == Batch.id, LabelRun.status != RunStatus.FAILED)
    found, total = _capped(_open_batches(cooperative_id).where(~printed))
    return [
        ToDo(ToDoKind.BATCH_LABELS, _batch_params(b), "labels.new", {"batch": b.id}, "#count")
        for b in found
    ], total


def to_dos(cooperative_id: int, today: date) -> ToDoList:
    """The cooperative's next steps, most important first: one query per kind."""
    found: list[ToDo] = []
    total = 0
    for items, count in (
        _certificates(cooperative_id, today),
        _photos(cooperative_id),
        _harvests(cooperative_id),
        _labels(cooperative_id),
        _listings(cooperative_id),
    ):
        found += items
        total += count
    found.sort(key=lambda item: (_RANK[item.kind], item.sort))
    return ToDoList(found[:SHOWN], total)


def recent_batches(cooperative_id: int) -> list[Batch]:
    """The open batches an event is most likely recorded on next."""
    stmt = _open_batches(cooperative_id).order_by(None)
    stmt = stmt.order_by(Batch.created_at.desc(), Batch.id.desc()).limit(RECENT_BATCHES)
    return list(db.session.execute(stmt).scalars())
