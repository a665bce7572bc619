"""A buyer's way from a label on a 360-px phone (issue 19): scans (opens) the label's URL, finds
the share links right, the call and Zalo links right, opens "Mua tại Shopee"; types a code by
hand; and finds another product of the same cooperative in the catalogue by typing "mien dong".
Each step is a function, so the journey can be extended."""

import re
from contextlib import contextmanager
from urllib.parse import quote

from sqlalchemy import select

from app.extensions import db
from app.models import Product, ProductStatus
from tests.support.browser import screenshot

CODE = "TQPNT2607A"  # demo: the first July peanut batch of HTX Lâm Bình (never recalled here)
PHONE = "0912345601"  # demo: HTX Lâm Bình's phone


def scan(phone, live_server: str, code: str = CODE) -> str:
    """Open the label's URL as the QR holds it (/T/, upper case); the page's own URL."""
    response = phone.goto(f"{live_server}/T/{code}")
    assert response.status == 200
    assert phone.locator("script").count() == 0
    assert phone.get_by_role("heading", level=1).is_visible()
    return phone.locator('meta[property="og:url"]').get_attribute("content")


def check_share(phone, page_url: str) -> None:
    encoded = quote(page_url, safe="")
    zalo = phone.get_by_role("link", name="Chia sẻ qua Zalo")
    facebook = phone.get_by_role("link", name="Chia sẻ lên Facebook")
    assert zalo.get_attribute("href") == f"https://sp.zalo.me/share?url={encoded}"
    assert facebook.get_attribute("href") == (
        f"https://www.facebook.com/sharer/sharer.php?u={encoded}"
    )
    copy = phone.get_by_label("Hoặc chép đường dẫn:")
    assert copy.input_value() == page_url and copy.is_editable() is False
    assert phone.locator('meta[property="og:title"]').get_attribute("content").startswith("Lạc")


def check_contact(phone) -> None:
    contact = phone.locator("section.contact")
    call = contact.get_by_role("link", name=f"Gọi {PHONE}")
    assert call.get_attribute("href") == f"tel:{PHONE}" and call.is_visible()
    zalo = contact.get_by_role("link", name="Nhắn Zalo")
    assert zalo.get_attribute("href") == f"https://zalo.me/{PHONE}" and zalo.is_visible()
    box = call.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb's target


def open_shopee(phone) -> None:
    """Follow "Mua tại Shopee" (Shopee itself is stood in for: the test stays offline)."""
    phone.route(
        "https://shopee.vn/**",
        lambda route: route.fulfill(
            body="<!doctype html><title>Shopee</title><p>Lạc đỏ Lâm Bình</p>",
            content_type="text/html; charset=utf-8",
        ),
    )
    buy = phone.get_by_role("link", name="Mua tại Shopee")
    assert buy.get_attribute("href").startswith("https://shopee.vn/")
    buy.click()
    phone.wait_for_url("https://shopee.vn/**")
    assert phone.title() == "Shopee"


@contextmanager
def on_sale(live_app, slug: str):
    """The demo's draft product ``slug`` on sale meanwhile (the demo keeps its miến dong a
    draft for the listing check's example; a buyer can only find what is on sale)."""

    def set_status(status: ProductStatus) -> None:
        with live_app.app_context():
            product = db.session.scalars(select(Product).where(Product.slug == slug)).one()
            product.status = status
            db.session.commit()

    set_status(ProductStatus.ACTIVE)
    try:
        yield
    finally:
        set_status(ProductStatus.DRAFT)


def find_in_catalogue(phone, live_server: str, typed: str, product: str) -> None:
    """From the home page's catalogue: type without diacritics, open the product found."""
    phone.goto(f"{live_server}/")
    phone.get_by_label("Sản phẩm hoặc hợp tác xã").fill(typed)
    phone.get_by_role("button", name="Tìm", exact=True).click()
    phone.wait_for_url(re.compile(r"\?q="))
    phone.get_by_role("link", name=product).first.click()
    phone.wait_for_url(re.compile(r"/c/htx-lam-binh/p/"))
    assert phone.locator("h1").inner_text() == product


def type_code(phone, live_server: str, typed: str, code: str = CODE) -> None:
    phone.goto(f"{live_server}/no-such-page")
    phone.get_by_role("textbox", name="Nhập mã truy xuất").fill(typed)
    phone.get_by_role("button", name="Tra cứu").click()
    phone.wait_for_url(f"{live_server}/t/{code}")


def test_a_buyer_scans_shares_calls_buys_and_finds_another_product(live_app, live_server, phone):
    phone.goto(f"{live_server}/auth/language/vi")
    page_url = scan(phone, live_server)
    assert "HTX Lâm Bình" in phone.locator("main").inner_text()
    check_share(phone, page_url)
    check_contact(phone)
    screenshot(phone, "trace-contact-phone")
    open_shopee(phone)
    with on_sale(live_app, "mien-dong-lam-binh"):
        find_in_catalogue(phone, live_server, "mien dong", "Miến dong Lâm Bình")
        screenshot(phone, "catalogue-mien-dong-360")


def test_a_code_typed_by_hand_finds_the_batch(live_server, browser):
    """From the 404 page's box (its status is the console's only error: a phone of its own)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.goto(f"{live_server}/auth/language/vi")
    type_code(phone, live_server, "tqpnt-26o7a")
    assert phone.get_by_role("heading", level=1).is_visible()
    context.close()


def order_by_transfer(phone, live_server: str, product: str = "/c/htx-lam-binh/p/lac-do-lam-binh"):
    """On the product page: a variant, a phone number, the VietQR code (no script needed)."""
    phone.goto(f"{live_server}{product}")
    order = phone.locator("section.order")
    radios = order.get_by_role("radio")
    if radios.count():
        radios.first.check()
    order.get_by_label("Số điện thoại của bạn").fill("0987 654 321")
    order.get_by_role("button", name="Hiện mã thanh toán").click()
    phone.wait_for_url("**/order?**")
    assert phone.locator("svg.qr").is_visible()
    assert "0987654321" in phone.locator("dl.order-facts").inner_text()


def test_a_buyer_orders_by_transfer_on_a_phone(live_server, phone):
    from axe_playwright_python.sync_playwright import Axe

    phone.goto(f"{live_server}/auth/language/vi")
    order_by_transfer(phone, live_server)
    results = Axe().run(phone).response["violations"]
    assert [v["id"] for v in results if v["impact"] in ("serious", "critical")] == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "order-by-transfer-360")
