"""Demo data for ``flask seed-demo``: believable, fictional, drawn from real programmes.

Idempotent: every record is looked up by its natural key before it is created.
"""

from flask import current_app
from sqlalchemy import select

from .activity.demo import seed_activity
from .auth.demo import seed_invitations
from .auth.services import NewUser, create_user
from .background.demo import seed_jobs
from .certificates.demo import seed_certificates
from .cooperatives.demo import seed_cooperative_changes
from .dashboard.demo import seed_home
from .exports.demo import seed_listings, seed_templates
from .extensions import db
from .labels.demo import seed_labels
from .models import Cooperative, CooperativeKind, Role, User
from .onboarding.demo import seed_onboarding
from .products.demo import seed_products
from .products.demo_photos import seed_product_photos
from .public.demo import seed_public_profiles
from .text import fold
from .trace.demo import seed_trace
from .trace.demo_events import seed_trace_events
from .visits.demo import seed_visits

DEMO_PASSWORD = "LenSan@2026"

COOPERATIVES = [
    dict(
        slug="htx-lam-binh",
        legal_name="Hợp tác xã Nông nghiệp và Dịch vụ Lâm Bình",
        short_name="HTX Lâm Bình",
        kind=CooperativeKind.HTX,
        registration_number="5001-HTX-0127",
        tax_code="5000889012",
        province_code=8,  # Tuyên Quang
        commune_code=2266,  # Xã Lâm Bình
        street="Thôn Nà Va",
        legacy_address="Thôn Nà Va, xã Lăng Can, huyện Lâm Bình, tỉnh Tuyên Quang",
        representative="Ma Văn Thảo",
        phone="0912345601",
        email="htxlambinh@example.vn",
        description=(
            "Hợp tác xã của đồng bào Tày ở Lâm Bình, trồng lạc đỏ trên nương và ép dầu lạc "
            "nguyên chất. Sản phẩm đang bán trên Voso.vn và Postmart.vn."
        ),
    ),
    dict(
        slug="htx-di-linh",
        legal_name="Hợp tác xã Nông nghiệp Xanh Di Linh",
        short_name="HTX Xanh Di Linh",
        kind=CooperativeKind.HTX,
        registration_number="4207-HTX-0311",
        tax_code="5801456789",
        province_code=68,  # Lâm Đồng
        commune_code=25000,  # Xã Di Linh
        street="Thôn 4",
        legacy_address="Thôn 4, thị trấn Di Linh, huyện Di Linh, tỉnh Lâm Đồng",
        representative="K'Brèo",
        phone="0987654302",
        email="xanhdilinh@example.vn",
        description=(
            "Mắc ca, cà phê Robusta và sầu riêng trồng xen trên đất đỏ bazan cao nguyên "
            "Di Linh, canh tác theo VietGAP."
        ),
    ),
    dict(
        slug="htx-minh-xuan",
        legal_name="Hợp tác xã Nông nghiệp Công nghệ cao Minh Xuân",
        short_name="HTX CNC Minh Xuân",
        kind=CooperativeKind.HTX,
        registration_number="5001-HTX-0452",
        tax_code="5000998877",
        province_code=8,  # Tuyên Quang
        commune_code=2215,  # Phường Minh Xuân
        street="Tổ 12",
        legacy_address="Tổ 12, phường Minh Xuân, thành phố Tuyên Quang",
        representative="Nguyễn Thị Hồng Nhung",
        phone="0977123403",
        email="cncminhxuan@example.vn",
        description=(
            "Trồng chanh không hạt trong nhà lưới, chưng cất tinh dầu chanh và đóng chai "
            "nước cốt chanh."
        ),
    ),
]

USERS = [
    NewUser(
        password=DEMO_PASSWORD, name="Quản trị Lên Sàn", email="admin@lensan.vn", role=Role.ADMIN
    ),
    NewUser(
        password=DEMO_PASSWORD,
        name="Hoàng Thị Lan",
        email="lan.khuyennong@tuyenquang.example.vn",
        phone="0915000111",
        role=Role.OFFICER,
        areas=[(8, None)],
    ),
    NewUser(
        password=DEMO_PASSWORD,
        name="Trần Quốc Bảo",
        email="bao.khuyennong@lamdong.example.vn",
        phone="0915000222",
        role=Role.OFFICER,
        areas=[(68, None)],
    ),
    NewUser(
        password=DEMO_PASSWORD,
        name="Ma Thị Hoa",
        email="hoa@htxlambinh.example.vn",
        phone="0912345611",
        role=Role.MEMBER,
        cooperative_slug="htx-lam-binh",
        is_manager=True,  # invites co-workers of HTX Lâm Bình
    ),
    NewUser(
        password=DEMO_PASSWORD,
        name="Ka Thuỳ",
        email="thuy@xanhdilinh.example.vn",
        role=Role.MEMBER,
        cooperative_slug="htx-di-linh",
    ),
    NewUser(
        password=DEMO_PASSWORD,
        name="Lê Minh Đức",
        email="duc@cncminhxuan.example.vn",
        role=Role.MEMBER,
        cooperative_slug="htx-minh-xuan",
    ),
]


def seed_demo() -> list[str]:
    """Create whatever part of the demo is missing; return lines to print."""
    lines = []
    for values in COOPERATIVES:
        exists = db.session.execute(
            select(Cooperative.id).where(Cooperative.slug == values["slug"])
        ).first()
        if not exists:
            coop = Cooperative(**values)
            coop.search_text = fold(f"{coop.legal_name} {coop.short_name}")
            db.session.add(coop)
            lines.append(f"cooperative {values['slug']}")
    db.session.commit()

    for data in USERS:
        exists = db.session.execute(select(User.id).where(User.email == data.email)).first()
        if not exists:
            create_user(data)
            lines.append(f"user {data.role:8} {data.email}")
    lines += seed_certificates()
    lines += seed_public_profiles()
    lines += seed_cooperative_changes()  # after the bank accounts
    lines += seed_onboarding()
    lines += seed_products()
    lines += seed_visits()
    lines += seed_product_photos()  # after the demo products exist
    lines += seed_trace()  # plots and batches of the demo products
    lines += seed_trace_events()  # after the demo batches exist
    lines += seed_labels(current_app.config["PUBLIC_BASE_URL"])  # after the batches
    lines += seed_listings()  # after the products and their photos
    lines += seed_templates()  # after the listings' Voso export (its record stays the first)
    lines += seed_home()  # after the batches, labels and onboarding: the home pages' to-dos
    lines += seed_invitations()  # after the users and cooperatives
    lines += seed_jobs()  # after the listings' Voso export and the label runs
    lines += seed_activity()  # last: some history by the demo's people
    lines.append(f"Demo accounts use the password {DEMO_PASSWORD!r}:")
    lines += [f"  {u.role:8} {u.email}" for u in USERS]
    return lines
