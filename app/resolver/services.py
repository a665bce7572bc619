"""What a Digital Link or a printed code points at: the product of a GTIN, the batch of a lot."""

from sqlalchemy import bindparam, select

from ..extensions import db
from ..models import Batch, Product, ProductStatus

_B, _P = Batch.__table__, Product.__table__
# The batch of that code among the batches of the product carrying the GTIN, in the product's
# own cooperative (the products' GTIN index, then the batches' (cooperative, code) one).
_PUBLIC_CODE_BY_LOT = (
    select(_B.c.public_code)
    .join(_P, _P.c.id == _B.c.product_id)
    .where(_P.c.gtin == bindparam("gtin"), _B.c.code == bindparam("lot"))
    .where(_B.c.cooperative_id == _P.c.cooperative_id)
)


def product_for_gtin(gtin14: str) -> Product | None:
    """The product carrying this GTIN-14, or None when unknown. Drafts are returned too:
    a draft has no public page, but its batches' trace pages are the trace page's decision."""
    return db.session.execute(select(Product).where(Product.gtin == gtin14)).scalar_one_or_none()


def is_public(product: Product) -> bool:
    """Whether the product has a public page (active or archived; a draft is not public)."""
    return product.status != ProductStatus.DRAFT


def batch_for_lot(product: Product, lot: str) -> Batch | None:
    """The batch of ``product`` whose code is exactly ``lot`` (lot codes are case-sensitive)."""
    return db.session.execute(
        select(Batch)
        .where(Batch.product_id == product.id)
        .where(Batch.cooperative_id == product.cooperative_id)
        .where(Batch.code == lot)
    ).scalar_one_or_none()


def public_code_for_lot(gtin14: str, lot: str) -> str | None:
    """The public code of the batch a (GTIN, lot) names, or None: the one SELECT a Digital
    Link to a lot costs before its redirect to the trace page (a statement built once, run on
    the session's connection: a third of the redirect's CPU went to building and running it
    through the ORM)."""
    found = db.session.connection().execute(_PUBLIC_CODE_BY_LOT, {"gtin": gtin14, "lot": lot})
    return found.scalar_one_or_none()


def lot_recorded(product_id: int, lot: str) -> bool:
    """Whether ``product_id`` has a batch whose code is exactly ``lot``."""
    found = db.session.execute(
        select(Batch.id).where(Batch.product_id == product_id).where(Batch.code == lot).limit(1)
    ).first()
    return found is not None


def batch_for_public_code(code: str) -> Batch | None:
    """The batch printed as ``/t/<code>`` (its public code, until label codes exist)."""
    return db.session.execute(select(Batch).where(Batch.public_code == code)).scalar_one_or_none()


def batch_by_id(batch_id: int) -> Batch | None:
    return db.session.get(Batch, batch_id)
