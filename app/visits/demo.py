"""Demo visits and trainings of 2026 by the two demo extension officers.

Idempotent: a visit is looked up by its officer, date and topic.
"""

from datetime import date
from typing import Any

from sqlalchemy import select

from ..clock import local_today
from ..extensions import db
from ..models import Cooperative, SupportVisit, User, VisitKind

LAN = "lan.khuyennong@tuyenquang.example.vn"
BAO = "bao.khuyennong@lamdong.example.vn"

DEMO_VISITS: list[dict[str, Any]] = [
    dict(
        officer=LAN,
        kind=VisitKind.VISIT,
        visited_on=date(2026, 3, 12),
        province_code=8,
        commune_code=2266,  # Xã Lâm Bình
        slugs=["htx-lam-binh"],
        topic="Hướng dẫn mở gian hàng trên Voso.vn",
        people_guided=12,
        notes="Đã tạo tài khoản người bán; còn thiếu ảnh giấy đăng ký HTX bản rõ nét.",
    ),
    dict(
        officer=LAN,
        kind=VisitKind.TRAINING,
        visited_on=date(2026, 5, 21),
        province_code=8,
        commune_code=2266,
        slugs=["htx-lam-binh", "htx-minh-xuan"],
        topic="Tập huấn đóng gói và giao hàng",
        people_guided=34,
        notes="Thực hành đóng chai dầu lạc chống đổ vỡ, in phiếu gửi hàng Viettel Post.",
    ),
    dict(
        officer=LAN,
        kind=VisitKind.VISIT,
        visited_on=date(2026, 8, 6),
        province_code=8,
        commune_code=2215,  # Phường Minh Xuân
        slugs=["htx-minh-xuan"],
        topic="Chụp ảnh sản phẩm và đăng bán trên Postmart.vn",
        people_guided=15,
        notes="",
    ),
    dict(
        officer=BAO,
        kind=VisitKind.TRAINING,
        visited_on=date(2026, 4, 9),
        province_code=68,
        commune_code=25000,  # Xã Di Linh
        slugs=["htx-di-linh"],
        topic="Tập huấn truy xuất nguồn gốc và in tem QR",
        people_guided=40,
        notes="Ghi nhật ký canh tác cà phê theo lô; in thử tem cuộn 50×30.",
    ),
    dict(
        officer=BAO,
        kind=VisitKind.VISIT,
        visited_on=date(2026, 9, 17),
        province_code=68,
        commune_code=25000,
        slugs=["htx-di-linh"],
        topic="Hướng dẫn mở gian hàng trên Voso.vn",
        people_guided=18,
        notes="Liên kết tài khoản ngân hàng của HTX để nhận tiền hàng.",
    ),
]


def seed_visits(today: date | None = None) -> list[str]:
    """Add the demo visits that are missing; return lines to print."""
    today = today or local_today()
    lines = []
    for values in DEMO_VISITS:
        values = dict(values)
        email, slugs = values.pop("officer"), values.pop("slugs")
        values["visited_on"] = min(values["visited_on"], today)
        officer_id = db.session.execute(
            select(User.id).where(User.email == email)
        ).scalar_one_or_none()
        if officer_id is None:
            continue
        exists = db.session.execute(
            select(SupportVisit.id).where(
                SupportVisit.officer_id == officer_id,
                SupportVisit.visited_on == values["visited_on"],
                SupportVisit.topic == values["topic"],
            )
        ).first()
        if exists:
            continue
        cooperatives = db.session.execute(
            select(Cooperative).where(Cooperative.slug.in_(slugs))
        ).scalars()
        db.session.add(
            SupportVisit(officer_id=officer_id, cooperatives=list(cooperatives), **values)
        )
        lines.append(f"visit {email} {values['visited_on']} {values['topic']}")
    db.session.commit()
    return lines
