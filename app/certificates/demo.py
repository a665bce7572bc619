"""Demo certificates: fictional numbers in the formats real papers use.

Dates are counted from today, so a fresh demo always shows one valid OCOP, one certificate
expiring within 60 days and one expired. Idempotent: looked up by cooperative, kind and number.
"""

from datetime import date, timedelta

from sqlalchemy import select

from ..clock import local_today
from ..extensions import db
from ..models import Certificate, CertificateKind, Cooperative
from .rules import add_months


def _lam_binh(today: date) -> list[dict]:
    """An OCOP 3-star and a VietGAP certificate, both valid."""
    return [
        dict(
            slug="htx-lam-binh",
            kind=CertificateKind.OCOP,
            ocop_stars=3,
            number="1578/QĐ-UBND",
            issuer="UBND tỉnh Tuyên Quang",
            scope="Dầu lạc Lâm Bình (chai 500 ml) – sản phẩm OCOP 3 sao cấp tỉnh",
            issued_on=add_months(today, -10),
            expires_on=add_months(today, 26),
        ),
        dict(
            slug="htx-lam-binh",
            kind=CertificateKind.VIETGAP,
            number="VietGAP-TT-23-07-08-0142",
            issuer="Công ty CP Chứng nhận Chất lượng Nông sản Việt Bắc",
            scope="Lạc đỏ trên nương, 12,5 ha, thôn Nà Va, xã Lâm Bình",
            issued_on=add_months(today, -8),
            expires_on=add_months(today, 16),
        ),
    ]


def _di_linh(today: date) -> list[dict]:
    """A VietGAP certificate expiring within 60 days and an expired organic one."""
    expiring = today + timedelta(days=40)
    expired = add_months(today, -2)
    return [
        dict(
            slug="htx-di-linh",
            kind=CertificateKind.VIETGAP,
            number="VietGAP-TT-19-03-68-0317",
            issuer="Công ty TNHH Chứng nhận Nông nghiệp Cao Nguyên",
            scope="Cà phê Robusta nhân xanh, 48 ha, thôn 4, xã Di Linh",
            issued_on=add_months(expiring, -24),
            expires_on=expiring,
        ),
        dict(
            slug="htx-di-linh",
            kind=CertificateKind.ORGANIC,
            number="HC-TCVN11041-2022-0415",
            issuer="Trung tâm Chứng nhận Hữu cơ Phương Nam",
            scope="Mắc ca theo TCVN 11041-2:2017, 6 ha",
            issued_on=add_months(expired, -36),
            expires_on=expired,
        ),
    ]


def _minh_xuan(today: date) -> list[dict]:
    """An OCOP 4-star and a food-safety facility certificate, both valid."""
    return [
        dict(
            slug="htx-minh-xuan",
            kind=CertificateKind.OCOP,
            ocop_stars=4,
            number="2046/QĐ-UBND",
            issuer="UBND tỉnh Tuyên Quang",
            scope="Tinh dầu chanh không hạt Minh Xuân (lọ 10 ml) – OCOP 4 sao",
            issued_on=add_months(today, -5),
            expires_on=add_months(today, 31),
        ),
        dict(
            slug="htx-minh-xuan",
            kind=CertificateKind.FOOD_SAFETY,
            number="37/2025/NNPTNT-TQ",
            issuer="Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản tỉnh Tuyên Quang",
            scope="Cơ sở sơ chế và đóng chai nước cốt chanh, tổ 12, phường Minh Xuân",
            issued_on=add_months(today, -12),
            expires_on=add_months(today, 24),
        ),
    ]


def _demo(today: date) -> list[dict]:
    return _lam_binh(today) + _di_linh(today) + _minh_xuan(today)


def seed_certificates(today: date | None = None) -> list[str]:
    """Add the demo certificates that are missing; return lines to print."""
    lines = []
    for values in _demo(today or local_today()):
        slug = values.pop("slug")
        cooperative_id = db.session.execute(
            select(Cooperative.id).where(Cooperative.slug == slug)
        ).scalar_one_or_none()
        if cooperative_id is None:
            continue
        exists = db.session.execute(
            select(Certificate.id).where(
                Certificate.cooperative_id == cooperative_id,
                Certificate.kind == values["kind"],
                Certificate.number == values["number"],
            )
        ).first()
        if not exists:
            db.session.add(Certificate(cooperative_id=cooperative_id, **values))
            lines.append(f"certificate {slug} {values['kind']} {values['number']}")
    db.session.commit()
    return lines
