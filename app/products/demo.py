"""Demo products of the demo cooperatives: real kinds of produce, fictional numbers.

GTINs use GS1 Vietnam's prefix 893 with correct check digits (fictional company prefixes).
Idempotent: a product is looked up by its cooperative's slug and its own slug; products are
saved through the service, so they obey every rule the form does. The photo demo finds them
with :func:`demo_product`.
"""

from dataclasses import replace

from ..certificates.services import valid_certificates
from ..clock import local_today
from ..extensions import db
from ..models import Cooperative, Product
from ..services import ServiceError
from .services import ProductData, VariantData, find_product, save_product


def _variant(n, sku, name, price, net, unit, weight, size, stock=50, compare_at=None):
    length, width, height = size
    return VariantData(
        row=f"variants-{n}",
        sku=sku,
        name=name,
        price_vnd=price,
        compare_at_vnd=compare_at,
        stock=stock,
        net_quantity=net,
        net_unit=unit,
        package_weight_g=weight,
        length_cm=length,
        width_cm=width,
        height_cm=height,
    )


# (cooperative slug, product slug, certificate numbers to link, the product)
DEMO_PRODUCTS = [
    (
        "htx-lam-binh",
        "lac-do-lam-binh",
        ["VietGAP-TT-23-07-08-0142"],
        ProductData(
            name="Lạc đỏ Lâm Bình",
            category="grains_nuts.peanuts",
            unit="túi",
            status="active",
            description=(
                "Lạc đỏ hạt nhỏ, vỏ lụa đỏ sẫm, trồng trên nương đất dốc của đồng bào Tày ở "
                "Lâm Bình. Thu hoạch một vụ mỗi năm, phơi nắng tự nhiên, nhặt tay từng hạt."
            ),
            origin_province_code=8,
            origin_commune_code=2266,
            shelf_life_days=180,
            storage_instructions="Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
            usage_instructions="Rang, luộc, nấu xôi, làm muối lạc hoặc ép dầu.",
            ingredients="100% lạc đỏ Lâm Bình.",
            warnings="Sản phẩm có chứa lạc, không dùng cho người dị ứng với lạc.",
            gtin="08936047120017",
            variants=[
                _variant(0, "LB-LAC-500", "Túi 500 g", 75_000, "500", "g", 520, (20, 14, 5)),
                _variant(
                    1,
                    "LB-LAC-1000",
                    "Túi 1 kg",
                    140_000,
                    "1",
                    "kg",
                    1_030,
                    (25, 18, 6),
                    stock=30,
                    compare_at=150_000,
                ),  # fmt: skip
            ],
        ),
    ),
    (
        "htx-lam-binh",
        "dau-lac-lam-binh",
        ["1578/QĐ-UBND"],
        ProductData(
            name="Dầu lạc Lâm Bình",
            category="processed.oils",
            unit="chai",
            status="active",
            description=(
                "Dầu lạc ép lạnh nguyên chất từ lạc đỏ Lâm Bình, lắng lọc tự nhiên, không chất "
                "bảo quản. Sản phẩm OCOP 3 sao của tỉnh Tuyên Quang."
            ),
            origin_province_code=8,
            origin_commune_code=2266,
            shelf_life_days=365,
            storage_instructions="Đậy kín nắp sau khi dùng, để nơi thoáng mát.",
            usage_instructions="Dùng để chiên, xào, trộn salad.",
            ingredients="100% dầu lạc ép từ lạc đỏ Lâm Bình.",
            warnings="Có chứa lạc.",
            standard_kind="in_house",
            standard_number="TCCS 01:2024/HTXLB",
            gtin="08936047120024",
            variants=[
                _variant(0, "LB-DAU-500", "Chai 500 ml", 95_000, "500", "ml", 650, (7, 7, 22)),
                _variant(
                    1, "LB-DAU-1000", "Chai 1 lít", 175_000, "1", "l", 1_200, (9, 9, 28), stock=20
                ),
            ],
        ),
    ),
    (
        "htx-lam-binh",
        "mien-dong-lam-binh",
        [],
        ProductData(
            name="Miến dong Lâm Bình",
            category="processed.noodles",
            unit="gói",
            status="draft",
            description="Miến làm thủ công từ tinh bột củ dong riềng, phơi nắng, sợi dai.",
            origin_province_code=8,
            origin_commune_code=2266,
            shelf_life_days=365,
            storage_instructions="Để nơi khô ráo, tránh ẩm.",
            usage_instructions="Ngâm nước ấm 5 phút trước khi nấu.",
            ingredients="Tinh bột dong riềng, nước.",
            variants=[
                _variant(0, "LB-MIEN-500", "Gói 500 g", 60_000, "500", "g", 520, (30, 20, 4)),
            ],
        ),
    ),
    (
        "htx-di-linh",
        "ca-phe-robusta-rang-xay-di-linh",
        ["VietGAP-TT-19-03-68-0317"],
        ProductData(
            name="Cà phê Robusta rang xay Di Linh",
            category="coffee_tea.coffee",
            unit="túi",
            status="active",
            description=(
                "Robusta chín đỏ hái tay trên đất đỏ bazan Di Linh, rang mộc mức vừa, xay sẵn "
                "cho phin. Vị đậm, hậu ngọt, không tẩm hương liệu."
            ),
            origin_province_code=68,
            origin_commune_code=25000,
            shelf_life_days=365,
            storage_instructions="Đóng kín túi sau khi mở, để nơi khô mát.",
            usage_instructions="Pha phin 20–25 g với 100 ml nước sôi 92–96 °C.",
            ingredients="100% cà phê Robusta.",
            gtin="08936053880011",
            variants=[
                _variant(0, "DL-CF-250", "Túi 250 g", 85_000, "250", "g", 270, (18, 10, 5)),
                _variant(1, "DL-CF-500", "Túi 500 g", 160_000, "500", "g", 530, (22, 13, 6)),
            ],
        ),
    ),
    (
        "htx-di-linh",
        "hat-mac-ca-say-nut-vo",
        [],
        ProductData(
            name="Hạt mắc ca sấy nứt vỏ",
            category="grains_nuts.macadamia",
            unit="hộp",
            status="active",
            description="Mắc ca Di Linh sấy chín, tách nứt vỏ sẵn, kèm dụng cụ tách.",
            origin_province_code=68,
            origin_commune_code=25000,
            shelf_life_days=270,
            storage_instructions="Đậy kín hộp, để nơi khô ráo.",
            usage_instructions="Dùng ngay; tách vỏ bằng dụng cụ kèm theo.",
            ingredients="Hạt mắc ca.",
            warnings="Có chứa hạt cây.",
            gtin="08936053880028",
            variants=[
                _variant(0, "DL-MC-500", "Hộp 500 g", 250_000, "500", "g", 620, (16, 16, 9)),
            ],
        ),
    ),
    (
        "htx-minh-xuan",
        "tinh-dau-chanh-minh-xuan",
        ["2046/QĐ-UBND"],
        ProductData(
            name="Tinh dầu chanh Minh Xuân",
            category="essential_oils.all",
            unit="chai",
            status="active",
            description=(
                "Tinh dầu chưng cất hơi nước từ vỏ chanh không hạt trồng trong nhà lưới. "
                "Sản phẩm OCOP 4 sao."
            ),
            origin_province_code=8,
            origin_commune_code=2215,
            shelf_life_days=730,
            storage_instructions="Đậy kín, tránh ánh nắng, để xa tầm tay trẻ em.",
            usage_instructions="Nhỏ 3–5 giọt vào máy khuếch tán; không uống.",
            ingredients="100% tinh dầu vỏ chanh.",
            warnings="Không bôi trực tiếp lên da chưa pha loãng; không dùng cho trẻ dưới 3 tuổi.",
            gtin="08936072140011",
            variants=[
                _variant(0, "MX-TD-10", "Chai 10 ml", 65_000, "10", "ml", 60, (4, 4, 9)),
                _variant(1, "MX-TD-50", "Chai 50 ml", 250_000, "50", "ml", 160, (5, 5, 13)),
            ],
        ),
    ),
]


def demo_product(cooperative_slug: str, product_slug: str) -> Product | None:
    """A demo product by (cooperative slug, product slug), e.g. ("htx-lam-binh",
    "lac-do-lam-binh"); None until :func:`seed_products` has run."""
    return find_product(cooperative_slug, product_slug)


def seed_products() -> list[str]:
    """Add the demo products that are missing; return lines to print."""
    lines = []
    today = local_today()
    for coop_slug, slug, numbers, data in DEMO_PRODUCTS:
        cooperative = db.session.execute(
            db.select(Cooperative).where(Cooperative.slug == coop_slug)
        ).scalar_one_or_none()
        if cooperative is None or find_product(coop_slug, slug) is not None:
            continue
        linked = [c.id for c in valid_certificates(cooperative, today) if c.number in numbers]
        try:
            product = save_product(cooperative, replace(data, certificate_ids=linked), today)
        except ServiceError as exc:  # a user already took one of its SKUs or its GTIN
            lines.append(f"product {coop_slug}/{slug} skipped: {exc}")
            continue
        lines.append(f"product {coop_slug}/{product.slug}")
    return lines
