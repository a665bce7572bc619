"""A cooperative member on a 360-px phone creates a product with two variants and three photos,
then opens its public page as a buyer would: prices, photos (real renditions) and origin."""

import io

import pytest
from PIL import Image, ImageDraw

from tests.support.browser import screenshot, sign_in, wait_until

pytestmark = pytest.mark.browser

MEMBER = "hoa@htxlambinh.example.vn"  # HTX Lâm Bình
NAME = "Mật ong bạc hà Lâm Bình"


def _photo(path, colour, size=(1400, 1000)):
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).ellipse((300, 200, 1100, 800), fill=(240, 200, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    path.write_bytes(out.getvalue())
    return str(path)


def test_member_creates_a_product_with_two_variants_and_three_photos(live_server, phone, tmp_path):
    sign_in(phone, live_server, MEMBER)
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.goto(f"{live_server}/products/")
    phone.get_by_role("link", name="Thêm sản phẩm").click()

    phone.get_by_label("Tên sản phẩm").fill(NAME)
    phone.get_by_label("Danh mục").select_option(label="Mật ong")
    phone.get_by_label("Đơn vị bán").select_option(index=1)
    phone.get_by_label("Giới thiệu").fill("Mật ong hoa bạc hà thu hoạch trên núi đá Lâm Bình.")
    phone.get_by_label("Tình trạng").select_option(label="Đang bán")
    phone.locator("#variants-0-name").fill("Chai 500 ml")
    phone.locator("#variants-0-sku").fill("LB-MO-500")
    phone.locator("#variants-0-price_vnd").fill("250.000")
    phone.locator("#variants-0-net_quantity").fill("500")
    phone.locator("#variants-0-net_unit").select_option("ml")
    phone.get_by_role("button", name="Thêm phân loại").click()
    # The extra row came back without JavaScript; what was typed is kept.
    assert phone.locator("#variants-0-sku").input_value() == "LB-MO-500"
    phone.locator("#variants-1-name").fill("Chai 1 lít")
    phone.locator("#variants-1-sku").fill("LB-MO-500")  # a duplicate: refused at the field
    phone.locator("#variants-1-price_vnd").fill("460000")
    phone.get_by_role("button", name="Lưu").click()
    error = phone.locator("#variants-1-sku-error")
    assert error.is_visible()
    phone.locator("#variants-1-sku").fill("LB-MO-1L")
    phone.get_by_role("button", name="Lưu").click()
    phone.wait_for_url(f"{live_server}/products/*")
    page_text = phone.locator("main").inner_text()
    assert NAME in page_text and "250.000" in page_text and "460.000" in page_text

    photos = [
        _photo(tmp_path / "chai-500.jpg", (120, 70, 20)),
        _photo(tmp_path / "chai-1l.jpg", (90, 50, 10)),
        _photo(tmp_path / "to-ong.jpg", (200, 150, 40), size=(1000, 1400)),
    ]
    phone.get_by_role("link", name="Quản lý ảnh").click()
    phone.get_by_label("Thêm ảnh").set_input_files(photos)
    phone.get_by_role("button", name="Tải lên").click()
    assert phone.locator(".flash").first.inner_text().startswith("Đã thêm 3 ảnh")
    assert "3/9" in phone.locator("#photos h2").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "product-created-phone")

    # The buyer's view.
    phone.goto(f"{live_server}/c/htx-lam-binh")
    phone.get_by_role("link", name=NAME).click()
    assert phone.get_by_role("heading", level=1).inner_text() == NAME
    images = phone.locator(".product-photos img")
    assert images.count() == 3
    wait_until(
        phone,
        "() => [...document.querySelectorAll('.product-photos img')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
    )
    assert images.first.evaluate("i => i.currentSrc").endswith(".webp")
    prices = phone.locator(".product-prices").inner_text()
    assert "250.000" in prices and "460.000" in prices and "500 ml" in prices
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "public-product-phone")
