"""On a 360-px phone: an officer prints the first labels of HTX Minh Xuân, then marks the three
sizes of its lime oil live on Shopee and Voso.vn in one submit; the cooperative's onboarding
page shows "first listing live" done by them with the address, and the dashboard funnel's
"labels printed" and "first listing live" stages each count one cooperative more."""

import pytest

from app.extensions import db
from app.models import ProductVariant
from app.products.demo import demo_product
from tests.support.browser import screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser

LOT = "MX-TD-2026-02"  # demo: Minh Xuân's lime oil batch, no labels printed yet
SIZES = ("MX-TD-10 · Chai 10 ml", "MX-TD-50 · Chai 50 ml", "MX-TD-100 · Chai 100 ml")
SHOPEE = "https://shopee.vn/Tinh-dau-chanh-Minh-Xuan-i.77120458.29911830215"
VOSO = "https://voso.vn/tinh-dau-chanh-khong-hat-minh-xuan-p2041187"


@pytest.fixture
def lime_oil(live_app):
    """(cooperative id, product id) of the lime oil, given a third size for this test."""
    with live_app.app_context():
        product = demo_product("htx-minh-xuan", "tinh-dau-chanh-minh-xuan")
        if not any(v.sku == "MX-TD-100" for v in product.variants):
            db.session.add(
                ProductVariant(
                    product_id=product.id, cooperative_id=product.cooperative_id,
                    sku="MX-TD-100", name="Chai 100 ml", price_vnd=420_000, stock=12,
                    net_quantity="100", net_unit="ml", position=2,
                )
            )  # fmt: skip
            db.session.commit()
        return product.cooperative_id, product.id


def _stage(page, stage: str) -> int:
    return int(page.locator(f'.funnel [data-stage="{stage}"]').get_attribute("data-count"))


def _print_labels(phone, base) -> None:
    phone.goto(f"{base}/trace/batches/")
    phone.get_by_role("link", name=LOT, exact=True).click()
    phone.get_by_role("link", name="In tem QR").click()
    phone.get_by_label("Loại giấy tem").select_option("a4-3x8")
    phone.get_by_label("Số lượng tem").fill("24")
    phone.get_by_role("button", name="Tạo tem").click()
    phone.wait_for_url("**/labels/runs/*")
    phone.get_by_role("link", name="Tải tệp PDF").wait_for(timeout=120_000)


def test_an_officer_marks_three_sizes_live_on_two_marketplaces_at_once(
    live_server, phone, lime_oil
):
    cooperative_id, product_id = lime_oil
    sign_in(phone, live_server)
    phone.wait_for_url(f"{live_server}/dashboard/")
    labelled, listed = _stage(phone, "labels_printed"), _stage(phone, "first_listing")
    _print_labels(phone, live_server)

    phone.goto(f"{live_server}/products/{product_id}")
    phone.get_by_role("link", name="Trên các sàn").click()
    for marketplace in ("shopee", "voso"):
        market = phone.locator(f'fieldset[data-marketplace="{marketplace}"]')
        for size in SIZES:
            market.get_by_label(size).check()
    phone.get_by_label("Đường link trên Shopee").fill(SHOPEE)
    phone.get_by_label("Đường link trên Voso.vn").fill(VOSO)
    assert phone.get_by_label("Tình trạng").input_value() == "live"
    assert serious_violations(phone) == []
    screenshot(phone, "listing-bulk-phone")
    phone.get_by_role("button", name="Lưu các ô đã đánh dấu").click()
    phone.wait_for_url(f"**/exports/products/{product_id}")
    assert "Đã lưu trạng thái của 6 tin đăng." in phone.locator("main").inner_text()

    phone.goto(f"{live_server}/cooperatives/{cooperative_id}/onboarding/")
    for marketplace, url in (("shopee", SHOPEE), ("voso", VOSO)):
        step = phone.locator(f'section#{marketplace} tr[data-step="first_listing"]')
        assert "Đã xong" in step.inner_text()
        assert step.get_by_role("link", name=url).get_attribute("href") == url
        assert "Người xác nhận: Hoàng Thị Lan" in step.inner_text()

    phone.goto(f"{live_server}/dashboard/")
    assert _stage(phone, "labels_printed") == labelled + 1
    assert _stage(phone, "first_listing") == listed + 1
    assert "chưa ghi nhận" not in phone.locator(".funnel").inner_html()
