"""An extension officer on a phone fixes two blockers of a listing from the readiness check
(issue 20): she finds the cooperative by typing part of its name, follows each "Sửa", saves,
and is back on the check at the product after each save, in one page load, the blocker gone;
with nothing ticked "Tải gói" is disabled and says why."""

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Cooperative, Product
from tests.support.browser import screenshot, serious_violations, sign_in
from tests.support.exports import ready_product

NAME = "Lạc rang muối Minh Xuân 🥜"
FIXED = "Lạc rang muối Minh Xuân"


def _blocked_product(app) -> int:
    """A Minh Xuân product Shopee refuses twice: an emoji in its title, no package weight."""
    with app.app_context():
        coop = db.session.scalar(select(Cooperative).where(Cooperative.slug == "htx-minh-xuan"))
        product = ready_product(coop, name=NAME, sku="MX-LR-200")
        product.variants[0].package_weight_g = None
        db.session.commit()
        return product.id


def _archive(app, product_id: int) -> None:
    """Out of the lists again, so later tests see the demo as it was."""
    with app.app_context():
        db.session.get(Product, product_id).status = "archived"
        db.session.commit()


def _fix(phone, section, blocker: str, field: str, value: str, check: str) -> None:
    """Follow the blocker's "Sửa", change the field, save: one page load lands on the check."""
    section.locator("li", has_text=blocker).get_by_role("link", name="Sửa").click()
    phone.wait_for_url(lambda url: "/edit?next=" in url)
    phone.wait_for_load_state("load")
    loads = []

    def loaded(page):
        loads.append(page.url)

    phone.on("load", loaded)
    phone.locator(f"#{field}").fill(value)
    phone.get_by_role("button", name="Lưu").click()
    phone.wait_for_url(lambda url: url.startswith(check + "#product-"))
    phone.wait_for_load_state("load")
    phone.remove_listener("load", loaded)
    assert len(loads) == 1 and loads[0].startswith(check + "#product-"), loads  # one save, one load


def test_an_officer_fixes_two_blockers_and_is_back_on_the_check_after_each_save(
    live_app, live_server, phone
):
    product_id = _blocked_product(live_app)
    try:
        _journey(live_server, phone, product_id)
    finally:
        _archive(live_app, product_id)


def _journey(live_server, phone, product_id: int) -> None:
    sign_in(phone, live_server)
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.goto(f"{live_server}/exports/")
    phone.get_by_label("Sàn thương mại điện tử").select_option(label="Shopee")
    phone.get_by_label("Tìm hợp tác xã").press_sequentially("minh xuan")
    expect(phone.get_by_role("checkbox", name="HTX Lâm Bình")).to_be_hidden()
    expect(phone.get_by_text("Đang hiện 1")).to_be_visible()
    assert serious_violations(phone) == []
    phone.get_by_role("checkbox", name="HTX CNC Minh Xuân").check()
    phone.get_by_role("button", name="Kiểm tra mức sẵn sàng").click()
    phone.wait_for_url("**/exports/check?**")
    check = phone.url
    section = phone.locator(f"section:has(#product-{product_id})")
    tick = section.get_by_role("checkbox")
    expect(tick).to_be_disabled()
    expect(phone.locator(f"#why-{product_id}")).to_contain_text("Chưa đánh dấu được:")
    assert serious_violations(phone) == []
    screenshot(phone, "exports-fix-loop-check-phone")

    _fix(phone, section, "khối lượng gói hàng", "variants-0-package_weight_g", "220", check)
    expect(phone.locator(f"#product-{product_id}")).to_be_in_viewport()
    expect(section).not_to_contain_text("khối lượng gói hàng")
    expect(section).to_contain_text("biểu tượng cảm xúc")  # the other blocker, still there

    _fix(phone, section, "biểu tượng cảm xúc", "name", FIXED, check)
    expect(phone.locator(f"#product-{product_id}")).to_be_in_viewport()
    expect(section).not_to_contain_text("biểu tượng cảm xúc")
    expect(tick).to_be_enabled()
    expect(tick).to_be_checked()

    # Nothing ticked: "Tải gói" is disabled, with the reason beside it; one tick enables it.
    download = phone.get_by_role("button", name="Tải gói Shopee (ZIP)")
    for box in phone.locator("input[name=product]:not([disabled])").all():
        box.uncheck()
    expect(download).to_be_disabled()
    why = phone.locator("#download-why")
    expect(why).to_have_text("Hãy đánh dấu ít nhất một sản phẩm để xuất.")
    assert serious_violations(phone) == []
    tick.check()
    expect(download).to_be_enabled()
    expect(why).to_have_text("")
