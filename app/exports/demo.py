"""Demo listings: the Lâm Bình peanuts live on Voso.vn and Shopee (so trace and product pages
show "Mua tại …"), the Di Linh coffee rejected by TikTok Shop with the reason, and a Voso pack
exported by the officer for HTX Lâm Bình (the miến is still a draft, so it is left out).

Demo template: Shopee's mass-upload template (app/exports/demo_template.py) uploaded by the
officer, with the categories of the demo's products mapped to its list, so Shopee packs fill
it; the other categories are left to map (a product of one is blocked, with a link)."""

import io

from sqlalchemy import select

from ..activity.recorder import acting_as
from ..clock import local_today
from ..extensions import db
from ..models import Cooperative, Export, ListingStatus, ProductVariant, User
from ..products.demo import demo_product
from . import profiles
from .demo_template import CATEGORIES, shopee_template
from .listing_status import set_status
from .services import run_export
from .template_store import current_templates, save_mappings, save_template

OFFICER_EMAIL = "lan.khuyennong@tuyenquang.example.vn"
DEMO_LISTINGS = (
    # (cooperative, product, SKU, marketplace, status, URL or reason)
    ("htx-lam-binh", "lac-do-lam-binh", "LB-LAC-500", "voso", ListingStatus.LIVE,
     "https://voso.vn/lac-do-lam-binh-tui-500g-p1875203"),
    ("htx-lam-binh", "lac-do-lam-binh", "LB-LAC-1000", "shopee", ListingStatus.LIVE,
     "https://shopee.vn/Lac-do-Lam-Binh-Tuyen-Quang-tui-1kg-i.98231475.23811904562"),
    ("htx-di-linh", "ca-phe-robusta-rang-xay-di-linh", "DL-CF-250", "tiktok",
     ListingStatus.REJECTED,
     "Danh mục Cà phê yêu cầu Bản tự công bố sản phẩm; bổ sung rồi gửi lại."),
)  # fmt: skip


def seed_listings() -> list[str]:
    if db.session.scalar(select(Export.id).limit(1)) is not None:
        return []
    lines = []
    officer = db.session.scalar(select(User).where(User.email == OFFICER_EMAIL))
    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == "htx-lam-binh"))
    if cooperative is not None:
        result = run_export(
            profiles.get("voso"), [cooperative], io.BytesIO(), local_today(), user=officer
        )
        lines.append(
            f"export voso htx-lam-binh: {result.export.variant_count} variants, "
            f"{result.export.blocked_count} left out"
        )
    for coop_slug, product_slug, sku, marketplace, status, text in DEMO_LISTINGS:
        product = demo_product(coop_slug, product_slug)
        if product is None:
            continue
        variant = db.session.scalar(
            select(ProductVariant).where(
                ProductVariant.product_id == product.id, ProductVariant.sku == sku
            )
        )
        if variant is None:
            continue
        live = status == ListingStatus.LIVE
        set_status(
            variant,
            marketplace,
            status,
            officer,
            local_today(),
            url=text if live else "",
            reason="" if live else text,
        )
        lines.append(f"listing {sku} on {marketplace}: {status}")
    return lines


DEMO_MAPPINGS = {
    "grains_nuts.peanuts": CATEGORIES[0],
    "grains_nuts.macadamia": CATEGORIES[0],
    "coffee_tea.coffee": CATEGORIES[2],
    "processed.noodles": CATEGORIES[4],
    "processed.oils": CATEGORIES[7],
    "essential_oils.all": CATEGORIES[8],
    "processed.other": CATEGORIES[9],
}


def seed_templates() -> list[str]:
    """Shopee's template stored and mapped once, by the demo officer."""
    shopee = profiles.get("shopee")
    if shopee is None or current_templates(shopee.id):
        return []
    officer = db.session.scalar(select(User).where(User.email == OFFICER_EMAIL))
    with acting_as(officer):  # the activity log names the officer
        save_template(shopee, shopee_template(), "Shopee_mass_upload_template.xlsx", officer)
        changed = save_mappings(shopee, DEMO_MAPPINGS, officer)
    return [f"template shopee: 1 stored, {changed} categories mapped"]
