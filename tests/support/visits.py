"""Shared helpers for the visit tests: valid form data and direct inserts."""

from datetime import timedelta

from app.clock import local_today
from app.extensions import db
from app.models import SupportVisit
from tests.support import factories

TODAY = local_today()
VALID = {
    "visited_on": (TODAY - timedelta(days=10)).isoformat(),
    "kind": "visit",
    "province_code": "8",
    "commune_code": "2266",  # Xã Lâm Bình, Tuyên Quang
    "topic": "Hướng dẫn mở gian hàng trên Voso.vn",
    "people_guided": "25",
    "notes": "Còn thiếu ảnh giấy đăng ký HTX.",
}


def make_visit(officer, cooperatives=(), **values) -> SupportVisit:
    fields = dict(
        kind="visit",
        visited_on=TODAY - timedelta(days=5),
        province_code=8,
        commune_code=2266,
        topic="Tập huấn đóng gói và giao hàng",
        people_guided=20,
    )
    fields.update(values)
    return factories.SupportVisitFactory(officer=officer, cooperatives=list(cooperatives), **fields)


def visits(_db=None) -> list[SupportVisit]:
    db.session.expire_all()
    return list(db.session.execute(db.select(SupportVisit).order_by(SupportVisit.id)).scalars())


def post_new(client, data, cooperative_ids=()):
    return client.post(
        "/visits/new", data=dict(data, cooperative_ids=[str(i) for i in cooperative_ids])
    )
