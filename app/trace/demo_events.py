"""Demo trace events for the demo batches (see demo.py): a peanut season with its spraying
(pre-harvest interval respected), harvest, drying, packing, a passed inspection and shipping;
the oil pressed from both peanut batches; one correction and one internal event.

Idempotent: each batch's planned events are recorded in order, and those a batch already
has (by count) are skipped, so a second run adds nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ..clock import LOCAL
from ..extensions import db
from ..models import Plot, TraceEvent, User
from .demo import demo_batch
from .demo_photos import demo_photo
from .events import EventData, record_event

QUATEST_1 = "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 1"


@dataclass
class Planned:
    kind: str
    when: tuple[int, int, int, int, int]  # (year, month, day, hour, minute), Vietnam time
    actor: str
    notes: str = ""
    place: str = ""
    plot: str | None = None  # a demo plot's name
    commune_code: int | None = None
    public: bool = True
    details: dict = field(default_factory=dict)
    corrects: int | None = None  # index (in this list) of the event this one corrects
    photo: str | None = None  # a drawing of app/trace/demo_photos.py, shown to buyers


def _peanut_season(harvest_day: int, sow_day: int, spray: tuple, quantity: str) -> list:
    nuong: dict[str, Any] = dict(plot="Nương Nà Va", commune_code=2266)
    return [
        Planned("planting", (2026, 3, sow_day, 7, 0), "Tổ sản xuất thôn Nà Va", **nuong,
                notes="Gieo lạc đỏ giống địa phương, 18 kg giống/sào, lên luống cao chống úng."),
        Planned("input", (2026, 4, 10, 6, 30), "Ma Văn Thảo", **nuong,
                notes="Bón thúc lần 1 khi cây có 3–4 lá thật.",
                details={"product": "Phân NPK Lâm Thao 5-10-3", "active_ingredient": "",
                         "dose": "25 kg/sào", "phi_days": 0}),
        Planned("input", spray, "Ma Văn Thảo", **nuong,
                notes="Phun trừ sâu khoang khi mật độ vượt ngưỡng; phun sáng sớm, lặng gió.",
                details={"product": "Regent 800WG", "active_ingredient": "Fipronil",
                         "dose": "1 gói 1,6 g/bình 16 lít", "phi_days": 14}),
        Planned("harvest", (2026, 7, harvest_day, 6, 0), "Tổ sản xuất thôn Nà Va", **nuong,
                notes="Nhổ lạc khi 80% quả già, vỏ lụa đỏ sẫm.",
                details={"quantity": quantity, "unit": "kg"}),
        Planned("processing", (2026, 7, harvest_day + 1, 8, 0), "Hoàng Thị Mai",
                place="Sân phơi HTX, thôn Nà Va", commune_code=2266, photo="drying",
                notes="Phơi nắng 3 ngày trên bạt, độ ẩm hạt còn 9%; loại quả lép, quả mốc."),
    ]  # fmt: skip


PEANUT_A = _peanut_season(15, 18, (2026, 6, 20, 6, 0), "8500") + [
    Planned("harvest", (2026, 7, 15, 6, 0), "Tổ sản xuất thôn Nà Va", plot="Nương Nà Va",
            commune_code=2266, notes="Sửa sản lượng ghi nhầm (thừa một chữ số).",
            details={"quantity": "850", "unit": "kg"}, corrects=3),
    Planned("storage", (2026, 7, 19, 16, 0), "Hoàng Thị Mai", place="Kho HTX",
            commune_code=2266, public=False,
            notes="Kiểm tra kho trước khi nhập: đã diệt chuột, kê pallet cách tường 20 cm."),
    Planned("inspection", (2026, 7, 22, 9, 0), "Ma Văn Thảo", commune_code=2266,
            notes="Mẫu lấy ngày 18/07, chỉ tiêu aflatoxin và dư lượng Fipronil.",
            details={"result": "pass", "lab": QUATEST_1,
                     "result_text": "Aflatoxin tổng số và dư lượng Fipronil dưới giới hạn "
                                    "cho phép (QCVN 8-1:2011/BYT)."}),
    Planned("packing", (2026, 7, 25, 8, 0), "Tổ đóng gói HTX", place="Xưởng đóng gói HTX",
            commune_code=2266, notes="Đóng túi hút chân không 500 g, in tem truy xuất.",
            photo="sacks"),
    Planned("shipping", (2026, 7, 28, 14, 0), "Ma Thị Hoa", commune_code=2266,
            details={"from": "HTX Lâm Bình, thôn Nà Va", "to": "Kho Postmart Hà Nội",
                     "carrier": "Bưu điện Việt Nam (VNPost)"},
            notes="200 túi cho đơn hàng Postmart."),
]  # fmt: skip

PEANUT_B = _peanut_season(22, 25, (2026, 6, 30, 6, 0), "620") + [
    Planned("packing", (2026, 7, 30, 8, 0), "Tổ đóng gói HTX", place="Xưởng đóng gói HTX",
            commune_code=2266, notes="Một phần đóng túi 500 g, phần còn lại chuyển xưởng ép dầu."),
]  # fmt: skip

OIL = [
    Planned("receiving", (2026, 8, 9, 15, 0), "Ma Văn Thảo", plot="Xưởng ép dầu HTX",
            commune_code=2266, details={"from": "Kho HTX (lô LB-LAC-2026-07 và LB-LAC-2026-07-2)",
                                        "to": "Xưởng ép dầu HTX", "carrier": "Xe công nông HTX"},
            notes="Nhận 700 kg lạc nhân đã phơi khô."),
    Planned("processing", (2026, 8, 10, 7, 0), "Ma Văn Thảo", plot="Xưởng ép dầu HTX",
            commune_code=2266,
            notes="Ép lạnh lạc nhân từ lô LB-LAC-2026-07 và LB-LAC-2026-07-2, "
                  "lắng lọc tự nhiên 48 giờ, không dùng hoá chất."),
    Planned("packing", (2026, 8, 12, 8, 0), "Tổ đóng gói HTX", plot="Xưởng ép dầu HTX",
            commune_code=2266, notes="Chiết chai thuỷ tinh 500 ml, dán nhãn và tem truy xuất."),
]  # fmt: skip

COFFEE = [
    Planned("harvest", (2026, 1, 20, 6, 30), "Tổ hái cà phê thôn 4", plot="Đồi cà phê thôn 4",
            commune_code=25000, notes="Hái chọn quả chín đỏ trên 95%.",
            details={"quantity": "1200", "unit": "kg"}),
    Planned("processing", (2026, 1, 25, 8, 0), "K'Brèo", commune_code=25000,
            place="Xưởng sơ chế HTX", notes="Phơi giàn 15 ngày, rang mộc mức vừa, xay mịn."),
    Planned("packing", (2026, 2, 5, 8, 0), "Ka Thuỳ", commune_code=25000,
            place="Xưởng sơ chế HTX", notes="Túi van một chiều 250 g và 500 g."),
]  # fmt: skip

RECALLED = [
    Planned("harvest", (2025, 11, 10, 6, 0), "Tổ sản xuất thôn Nà Va", plot="Nương Nà Va",
            commune_code=2266, details={"quantity": "400", "unit": "kg"},
            notes="Thu hoạch vụ thu, mưa kéo dài."),
    Planned("packing", (2025, 11, 15, 8, 0), "Tổ đóng gói HTX", place="Xưởng đóng gói HTX",
            commune_code=2266),
    Planned("inspection", (2025, 11, 28, 10, 0), "Ma Văn Thảo", commune_code=2266,
            details={"result": "fail", "lab": QUATEST_1,
                     "result_text": "Aflatoxin tổng số vượt giới hạn cho phép."},
            notes="Kiểm nghiệm định kỳ; HTX dừng bán ngay khi nhận kết quả."),
]  # fmt: skip

PLANS = {
    "TQPNT2607A": ("hoa@htxlambinh.example.vn", PEANUT_A),
    "TQPNT2607B": ("hoa@htxlambinh.example.vn", PEANUT_B),
    "TQDPN2608A": ("hoa@htxlambinh.example.vn", OIL),
    "DNCPH2601A": ("thuy@xanhdilinh.example.vn", COFFEE),
    "TQPNT2511R": ("hoa@htxlambinh.example.vn", RECALLED),
}


def _plot_id(batch, name: str | None) -> int | None:
    if name is None:
        return None
    return db.session.execute(
        select(Plot.id).where(Plot.cooperative_id == batch.cooperative_id, Plot.name == name)
    ).scalar_one_or_none()


def seed_trace_events() -> list[str]:
    """Record the planned events each demo batch still lacks; return lines to print."""
    lines = []
    for public_code, (email, plan) in PLANS.items():
        batch = demo_batch(public_code)
        if batch is None:
            continue
        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        have = db.session.execute(
            select(func.count()).select_from(TraceEvent).where(TraceEvent.batch_id == batch.id)
        ).scalar_one()
        for index, item in enumerate(plan):
            if index < have:
                continue
            supersedes = None
            if item.corrects is not None:
                supersedes = db.session.execute(
                    select(TraceEvent).where(
                        TraceEvent.batch_id == batch.id, TraceEvent.seq == item.corrects + 1
                    )
                ).scalar_one()
            year, month, day, hour, minute = item.when
            data = EventData(
                kind=item.kind,
                occurred_at=datetime(year, month, day, hour, minute, tzinfo=LOCAL),
                place=item.place,
                commune_code=item.commune_code,
                plot_id=_plot_id(batch, item.plot),
                actor=item.actor,
                notes=item.notes,
                public=item.public,
                details=dict(item.details),
            )
            photos = [(f"{item.photo}.jpg", demo_photo(item.photo))] if item.photo else []
            record_event(batch, data, user, supersedes=supersedes, photos=photos)
            lines.append(f"event {public_code} #{index + 1} {item.kind}")
    return lines
