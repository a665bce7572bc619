"""An extension officer prepares a Shopee pack for HTX Lâm Bình on a phone: sees what blocks
each listing, follows the link to fix it and is back on the check, downloads the ZIP and
reopens the sheet; then records the live listing, and a buyer sees "Mua tại Shopee" on the
product page."""

import io
import re
import zipfile
from pathlib import Path

import openpyxl

from app.exports import demo_template
from tests.support.browser import screenshot, serious_violations, sign_in

SHOP = "https://shopee.vn/Dau-lac-Lam-Binh-chai-500ml-i.98231475.24410983317"


def test_an_officer_fixes_a_listing_and_downloads_the_shopee_pack(live_server, phone, browser):
    sign_in(phone, live_server)
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.get_by_role("link", name="Sàn TMĐT").first.click()
    phone.get_by_role("button", name="Kiểm tra mức sẵn sàng").click()
    assert "Hãy chọn sàn." in phone.locator("main").inner_text()  # nothing chosen yet

    phone.get_by_label("Sàn thương mại điện tử").select_option(label="Shopee")
    phone.get_by_role("checkbox", name="HTX Lâm Bình").check()
    phone.get_by_role("button", name="Kiểm tra mức sẵn sàng").click()
    phone.wait_for_url("**/exports/check?**")
    readiness_page = phone.url
    assert phone.get_by_role("heading", level=1).inner_text() == "Mức sẵn sàng lên Shopee"
    main = phone.locator("main")
    assert "Sản phẩm đang là bản nháp" in main.inner_text()
    assert serious_violations(phone) == []
    screenshot(phone, "exports-readiness-phone")

    # The draft miến dong: follow "Sửa" to the product form, put it on sale.
    section = phone.locator("section.readiness", has_text="Miến dong Lâm Bình")
    section.get_by_role("link", name="Sửa").first.click()
    phone.wait_for_url(re.compile(r"/products/\d+/edit\?next=.*#status$"))
    phone.get_by_label("Tình trạng").select_option(label="Đang bán")
    phone.get_by_role("button", name="Lưu").click()
    phone.wait_for_url(lambda url: url.startswith(f"{readiness_page}#product-"))  # back
    section = phone.locator("section.readiness", has_text="Miến dong Lâm Bình")
    assert "bản nháp" not in section.inner_text()
    assert section.get_by_role("checkbox").is_checked()

    # A pack with photos is written by a job; its page reloads itself until it offers the ZIP.
    phone.get_by_role("button", name="Tải gói Shopee (ZIP)").click()
    phone.wait_for_url("**/jobs/*")
    ready = phone.get_by_role("link", name=re.compile(r"^Tải lensan-shopee-"))
    ready.wait_for(timeout=120_000)
    with phone.expect_download() as download:
        ready.click()
    pack = zipfile.ZipFile(Path(download.value.path()))
    assert download.value.suggested_filename.startswith("lensan-shopee-htx-lam-binh-")
    # The demo keeps Shopee's own template (app/exports/demo_template.py): the pack fills it.
    [filled] = [n for n in pack.namelist() if n.endswith(".xlsx")]
    sheet = openpyxl.load_workbook(io.BytesIO(pack.read(filled)))[demo_template.SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    sku = rows[1].index("SKU phân loại")
    skus = {row[sku] for row in rows[demo_template.FIRST_ROW - 1 :]}
    assert skus == {"LB-LAC-500", "LB-LAC-1000", "LB-DAU-500", "LB-DAU-1000", "LB-MIEN-500"}
    assert "anh/LB-MIEN-500_1.jpg" in pack.namelist()

    # The oil went live: record its address; buyers see where to buy it.
    phone.goto(f"{live_server}/exports/check?marketplace=shopee&cooperative=1")
    oil = phone.locator("section.readiness", has_text="Dầu lạc Lâm Bình")
    oil.get_by_role("link", name="Sản phẩm này trên các sàn").click()
    shopee = phone.locator('fieldset[data-marketplace="shopee"]')
    shopee.get_by_label("LB-DAU-500 · Chai 500 ml").check()
    phone.get_by_label("Tình trạng").select_option(label="Đang bán trên sàn")
    phone.get_by_label("Đường link trên Shopee").fill(SHOP)
    phone.get_by_role("button", name="Lưu các ô đã đánh dấu").click()
    assert "Đã lưu trạng thái của 1 tin đăng." in phone.locator("main").inner_text()

    buyer = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    buyer.goto(f"{live_server}/c/htx-lam-binh/p/dau-lac-lam-binh")
    link = buyer.get_by_role("link", name="Mua tại Shopee")
    assert link.get_attribute("href") == SHOP
    buyer.context.close()
