"""Demo onboarding progress: Lâm Bình sells on Voso.vn and Postmart.vn, Di Linh is half-way
onto Postmart.vn, Minh Xuân has just got its papers together.

Dates are counted back from today; each step is confirmed by the officer who covers the
province. Idempotent: a step that already has a row is left as it is. Shop addresses are
made up, in the shape the marketplaces use.
"""

from datetime import date, timedelta

from sqlalchemy import select

from ..clock import local_today
from ..extensions import db
from ..models import Cooperative, Marketplace, OnboardingStep, Step, StepStatus, User

LAN = "lan.khuyennong@tuyenquang.example.vn"  # covers Tuyên Quang (8)
BAO = "bao.khuyennong@lamdong.example.vn"  # covers Lâm Đồng (68)
DONE, IN_PROGRESS, NOT_APPLICABLE = (
    StepStatus.DONE,
    StepStatus.IN_PROGRESS,
    StepStatus.NOT_APPLICABLE,
)

# (slug, officer, marketplace, step, status, days ago, evidence URL, note)
DEMO_STEPS = [
    ("htx-lam-binh", LAN, Marketplace.VOSO, Step.DOCUMENTS, DONE, 130, None,
     "Đã scan CCCD người đại diện, giấy chứng nhận đăng ký HTX và giấy chứng nhận cơ sở đủ "
     "điều kiện ATTP."),
    ("htx-lam-binh", LAN, Marketplace.VOSO, Step.SELLER_ACCOUNT, DONE, 118, None,
     "Tài khoản người bán Voso.vn đăng ký bằng số điện thoại của HTX, chị Hoa giữ mật khẩu."),
    ("htx-lam-binh", LAN, Marketplace.VOSO, Step.SHOP_APPROVED, DONE, 110,
     "https://voso.vn/gian-hang/htx-lam-binh", "Gian hàng được duyệt sau 8 ngày."),
    ("htx-lam-binh", LAN, Marketplace.VOSO, Step.PAYMENT_ACCOUNT, DONE, 109, None,
     "Liên kết tài khoản Agribank của HTX để nhận tiền bán hàng."),
    ("htx-lam-binh", LAN, Marketplace.VOSO, Step.TRAINING, DONE, 102, None,
     "Tập huấn đóng gói chai dầu lạc chống vỡ và giao cho bưu cục Viettel Post; 6 thành viên "
     "tham gia."),
    ("htx-lam-binh", LAN, Marketplace.VOSO, Step.FIRST_LISTING, DONE, 95,
     "https://voso.vn/dau-lac-lam-binh-chai-500ml", "Dầu lạc Lâm Bình chai 500 ml."),
    ("htx-lam-binh", LAN, Marketplace.VOSO, Step.FIRST_ORDER, DONE, 81, None,
     "Đơn đầu tiên: 4 chai dầu lạc, giao đi Hà Nội, khách đánh giá 5 sao."),
    ("htx-lam-binh", LAN, Marketplace.POSTMART, Step.DOCUMENTS, DONE, 60, None,
     "Dùng lại bộ hồ sơ đã chuẩn bị cho Voso.vn."),
    ("htx-lam-binh", LAN, Marketplace.POSTMART, Step.SELLER_ACCOUNT, DONE, 55, None,
     "Mở tài khoản tại bưu điện xã Lâm Bình."),
    ("htx-lam-binh", LAN, Marketplace.POSTMART, Step.SHOP_APPROVED, DONE, 48,
     "https://postmart.vn/gian-hang/htx-nong-nghiep-lam-binh", ""),
    ("htx-lam-binh", LAN, Marketplace.POSTMART, Step.PAYMENT_ACCOUNT, DONE, 48, None,
     "Cùng tài khoản Agribank như trên Voso.vn."),
    ("htx-lam-binh", LAN, Marketplace.POSTMART, Step.TRAINING, NOT_APPLICABLE, None, None,
     "Đã tập huấn đóng gói khi lên Voso.vn; bưu điện xã đến lấy hàng tại HTX."),
    ("htx-lam-binh", LAN, Marketplace.POSTMART, Step.FIRST_LISTING, IN_PROGRESS, None, None,
     "Đang chụp lại ảnh sản phẩm theo khổ vuông Postmart.vn yêu cầu."),
    ("htx-di-linh", BAO, Marketplace.POSTMART, Step.DOCUMENTS, DONE, 35, None,
     "Đủ giấy đăng ký HTX, CCCD người đại diện, chứng nhận VietGAP cà phê."),
    ("htx-di-linh", BAO, Marketplace.POSTMART, Step.SELLER_ACCOUNT, DONE, 28, None,
     "Tài khoản người bán do bưu điện huyện cũ hỗ trợ mở."),
    ("htx-di-linh", BAO, Marketplace.POSTMART, Step.SHOP_APPROVED, IN_PROGRESS, None, None,
     "Postmart.vn yêu cầu bổ sung giấy chứng nhận hữu cơ còn hiệu lực cho mắc ca."),
    ("htx-di-linh", BAO, Marketplace.POSTMART, Step.TRAINING, IN_PROGRESS, None, None,
     "Đã hẹn tập huấn đóng gói cà phê nhân và mắc ca vào tuần tới."),
    ("htx-di-linh", BAO, Marketplace.VOSO, Step.DOCUMENTS, DONE, 35, None,
     "Cùng bộ hồ sơ với Postmart.vn."),
    ("htx-minh-xuan", LAN, Marketplace.VOSO, Step.DOCUMENTS, DONE, 6, None,
     "CCCD người đại diện, giấy đăng ký HTX, giấy chứng nhận ATTP số 37/2025/NNPTNT-TQ."),
    ("htx-minh-xuan", LAN, Marketplace.VOSO, Step.SELLER_ACCOUNT, IN_PROGRESS, None, None,
     "Chờ mã OTP về số điện thoại của giám đốc HTX."),
]  # fmt: skip


def _ids(model, column, values) -> dict[str, int]:
    rows = db.session.execute(select(column, model.id).where(column.in_(values))).all()
    return dict(rows)


def seed_onboarding(today: date | None = None) -> list[str]:
    """Add the demo checklist steps that are missing; return lines to print."""
    today = today or local_today()
    coops = _ids(Cooperative, Cooperative.slug, {s[0] for s in DEMO_STEPS})
    officers = _ids(User, User.email, {s[1] for s in DEMO_STEPS})
    existing = set(
        db.session.execute(
            select(OnboardingStep.cooperative_id, OnboardingStep.marketplace, OnboardingStep.step)
        ).all()
    )
    lines = []
    for slug, email, market, step, status, days_ago, url, note in DEMO_STEPS:
        coop_id = coops.get(slug)
        if coop_id is None or (coop_id, market.value, step.value) in existing:
            continue
        done = status == StepStatus.DONE
        db.session.add(
            OnboardingStep(
                cooperative_id=coop_id,
                marketplace=market,
                step=step,
                status=status,
                done_on=today - timedelta(days=days_ago) if done and days_ago is not None else None,
                evidence_url=url,
                evidence_note=note,
                confirmed_by_id=officers.get(email) if done else None,
            )
        )
        lines.append(f"onboarding {slug} {market} {step} {status}")
    db.session.commit()
    return lines
