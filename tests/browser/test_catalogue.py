"""A buyer on a 360-px phone finds a product from the home page's catalogue by typing its name
without diacritics, opens it, and goes back to the province's page; no JavaScript needed."""

import re

import pytest

pytestmark = pytest.mark.browser

PRODUCT = "Cà phê Robusta rang xay Di Linh"


def test_buyer_finds_a_product_by_typing_without_diacritics(live_server, phone):
    phone.goto(f"{live_server}/")
    assert phone.get_by_role("link", name="Đăng nhập cho cán bộ/HTX").is_visible()
    peanuts = phone.locator(".catalogue-cards li.card", has_text="Lạc đỏ Lâm Bình")
    shopee = peanuts.get_by_role("link", name="Mua tại Shopee")
    assert shopee.get_attribute("href").startswith("https://shopee.vn/")
    phone.get_by_label("Sản phẩm hoặc hợp tác xã").fill("ca phe di linh")
    phone.get_by_role("button", name="Tìm", exact=True).click()
    phone.wait_for_url(re.compile(r"\?q=ca\+phe\+di\+linh"))
    assert phone.locator(".results-count").inner_text() == "1 sản phẩm"
    phone.get_by_role("link", name=PRODUCT).click()
    phone.wait_for_url(re.compile(r"/c/htx-di-linh/p/"))
    assert phone.locator("h1").inner_text() == PRODUCT
    # Back on the home page, the province filter without JavaScript, then its own page.
    phone.goto(f"{live_server}/")
    phone.get_by_label("Tỉnh/thành phố", exact=True).select_option(label="Lâm Đồng")
    phone.get_by_role("button", name="Tìm", exact=True).click()
    assert PRODUCT in phone.locator(".catalogue-cards").inner_text()
    assert "Lạc đỏ Lâm Bình" not in phone.locator(".catalogue-cards").inner_text()
    phone.get_by_role("link", name="Lâm Đồng", exact=True).click()
    phone.wait_for_url(f"{live_server}/tinh/lam-dong")
    assert phone.locator("h1").inner_text() == "Sản phẩm của Lâm Đồng"
