"""Saving, deleting and finding certificates; the lists the pages and the dashboard show.

For the dashboard: :func:`expiring_certificates`; for the public page:
:func:`valid_certificates`; for the staff page: :func:`certificate_rows`.
"""

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Protocol

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import contains_eager

from .. import storage
from ..extensions import db
from ..models import Certificate, CertificateKind, Cooperative, CooperativeStatus, Product
from ..services import ServiceError
from .rules import (
    EXPIRING_DAYS,
    KIND_ORDER,
    CertificateStatus,
    default_expiry,
    problems,
    status_on,
    valid_on,
)

# Private: scans are served only by the view that checks who asks. Not "certificates": the
# key column is 80 characters and "certificates/aa/<64 hex>.webp" would need 85.
SCAN_FOLDER = "certs"
SCAN_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}


@dataclass
class CertificateData:
    kind: str
    number: str
    issuer: str
    issued_on: date
    expires_on: date | None = None
    ocop_stars: int | None = None
    scope: str = ""


@dataclass
class Scan:
    """An uploaded scan already judged by its content: bytes, real extension, file name."""

    data: bytes
    ext: str
    name: str


@dataclass
class CertificateRow:
    """A certificate as the staff page lists it: with its status on the day."""

    certificate: Certificate
    status: CertificateStatus
    days_left: int | None

    @property
    def label(self) -> str:
        return certificate_label(self.certificate)

    @property
    def status_label(self) -> str:
        if self.status == CertificateStatus.EXPIRING and self.days_left == 0:
            return _("Expires today")
        if self.status == CertificateStatus.EXPIRING:
            return ngettext("Expires in %(num)d day", "Expires in %(num)d days", self.days_left)
        return str(self.status.label)


class _Certified(Protocol):
    """A certificate, or a plain view of one (the trace page's)."""

    @property
    def kind(self) -> str: ...

    @property
    def ocop_stars(self) -> int | None: ...


def certificate_label(certificate: _Certified) -> str:
    """ "OCOP 4 sao", "VietGAP", "Chứng nhận hữu cơ"… in the current language."""
    if certificate.kind == CertificateKind.OCOP and certificate.ocop_stars:
        return _("OCOP %(stars)d-star", stars=certificate.ocop_stars)
    return CertificateKind.label_of(certificate.kind)


def certificate_of(cooperative: Cooperative, certificate_id: int) -> Certificate | None:
    """The certificate only if it belongs to this cooperative (a tampered id finds nothing)."""
    return db.session.execute(
        select(Certificate)
        .where(Certificate.id == certificate_id)
        .where(Certificate.cooperative_id == cooperative.id)
    ).scalar_one_or_none()


def _duplicate(cooperative: Cooperative, data: CertificateData, certificate) -> bool:
    stmt = select(Certificate.id).where(
        Certificate.cooperative_id == cooperative.id,
        Certificate.kind == data.kind,
        Certificate.number == data.number,
    )
    if certificate is not None:
        stmt = stmt.where(Certificate.id != certificate.id)
    return db.session.execute(stmt).first() is not None


def save_certificate(
    cooperative: Cooperative,
    data: CertificateData,
    today: date,
    *,
    actor_id: int | None = None,
    scan: Scan | None = None,
    remove_scan: bool = False,
    certificate: Certificate | None = None,
    product: Product | None = None,
) -> Certificate:
    """Create or update a certificate of ``cooperative``; all or nothing.

    Every rule is checked before anything is touched; a new scan replaces the old one. With
    ``product`` (one of the cooperative's), a certificate valid today is also linked to it, in
    the same commit: the readiness check's fix for a claim without its certificate.
    """
    if data.expires_on is None:
        data.expires_on = default_expiry(data.kind, data.issued_on)
    errors = problems(data.kind, data.ocop_stars, data.issued_on, data.expires_on, today)
    if not {"kind", "number"} & errors.keys() and _duplicate(cooperative, data, certificate):
        errors["number"] = _l("This cooperative already has a certificate of this kind and number.")
    if errors:
        raise ServiceError(errors)
    if certificate is None:
        certificate = Certificate(cooperative_id=cooperative.id, created_by_id=actor_id)
        db.session.add(certificate)
    for f in fields(data):
        setattr(certificate, f.name, getattr(data, f.name))
    if scan is not None:
        certificate.document_key = storage.save(scan.data, SCAN_FOLDER, scan.ext)
        certificate.document_name = scan.name
    elif remove_scan:
        certificate.document_key = certificate.document_name = None
    if product is not None and product.cooperative_id == cooperative.id:
        _link(product, certificate, today)
    db.session.commit()
    return certificate


def _link(product: Product, certificate: Certificate, today: date) -> None:
    """Link a certificate valid today to the product (one not valid would only block it)."""
    valid = valid_on(certificate.issued_on, certificate.expires_on, today)
    if valid and certificate not in product.certificates:
        product.certificates.append(certificate)


def product_of(cooperative: Cooperative, product_id: int | None) -> Product | None:
    """The product only if it belongs to this cooperative (a tampered id finds nothing)."""
    if product_id is None:
        return None
    return db.session.execute(
        select(Product).where(Product.id == product_id, Product.cooperative_id == cooperative.id)
    ).scalar_one_or_none()


def delete_certificate(certificate: Certificate) -> None:
    """Remove the certificate. Its scan file stays: files are shared by content."""
    db.session.delete(certificate)
    db.session.commit()


def scan_mimetype(key: str) -> str:
    return SCAN_TYPES.get(key.rsplit(".", 1)[-1], "application/octet-stream")


def _sort_key(certificate: Certificate):
    return (
        KIND_ORDER.get(certificate.kind, len(KIND_ORDER)),
        -(certificate.ocop_stars or 0),
        -certificate.issued_on.toordinal(),
    )


def certificate_rows(
    cooperative: Cooperative, today: date, days: int = EXPIRING_DAYS
) -> list[CertificateRow]:
    """Every certificate of the cooperative with its status on ``today``, OCOP first."""
    rows = []
    for cert in sorted(cooperative.certificates, key=_sort_key):
        left = (cert.expires_on - today).days if cert.expires_on else None
        rows.append(
            CertificateRow(cert, status_on(cert.issued_on, cert.expires_on, today, days), left)
        )
    return rows


def valid_on_clause(day: date):
    """SQL twin of :func:`~app.certificates.rules.valid_on`: the certificate is valid on ``day``."""
    return and_(
        Certificate.issued_on <= day,
        or_(Certificate.expires_on.is_(None), Certificate.expires_on >= day),
    )


def valid_certificates(cooperative: Cooperative, today: date) -> list[Certificate]:
    """What buyers may see as valid: issued by ``today`` and not expired, OCOP first."""
    found = db.session.execute(
        select(Certificate)
        .where(Certificate.cooperative_id == cooperative.id)
        .where(valid_on_clause(today))
    ).scalars()
    return sorted(found, key=_sort_key)


def expiring_certificates(
    cooperatives, today: date, days: int = EXPIRING_DAYS, limit: int | None = None
) -> list[Certificate]:
    """Certificates that are valid today but expire within ``days``, soonest first.

    ``cooperatives`` is a select() of the cooperatives the viewer may see (for example
    ``access.visible_cooperatives(user)`` with any filters); archived cooperatives are left
    out. Each certificate comes with its ``cooperative`` loaded.
    """
    ids = cooperatives.with_only_columns(Cooperative.id).order_by(None)
    return list(
        db.session.execute(
            select(Certificate)
            .join(Certificate.cooperative)
            .options(contains_eager(Certificate.cooperative))
            .where(Certificate.cooperative_id.in_(ids))
            .where(Cooperative.status == CooperativeStatus.ACTIVE)
            .where(valid_on_clause(today))
            .where(Certificate.expires_on <= today + timedelta(days=days))
            .order_by(Certificate.expires_on, Cooperative.legal_name, Certificate.id)
            .limit(limit)
        ).scalars()
    )
