"""A member prints serialized QR labels on a phone: chooses the stock, previews the first
page, creates the run, watches it being written, downloads the PDF; every QR on it opens
the batch's trace page, which says the code is genuine."""

from pathlib import Path

from tests.support.browser import screenshot, serious_violations, sign_in, wait_until
from tests.support.labels import decoded_pages, path_of

MEMBER = "hoa@htxlambinh.example.vn"
LOT = "LB-LAC-2026-07"  # demo: the first July peanut batch


def test_a_member_prints_serialized_labels_and_a_buyer_checks_one(live_server, phone, browser):
    sign_in(phone, live_server, login=MEMBER)
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.goto(f"{live_server}/trace/batches/")
    phone.get_by_role("link", name=LOT, exact=True).click()
    phone.get_by_role("link", name="In tem QR").click()
    assert phone.get_by_role("heading", level=1).inner_text() == f"In tem QR cho lô {LOT}"

    phone.get_by_label("Loại giấy tem").select_option("a4-4x10")
    phone.get_by_label("Tem mã riêng: mỗi tem một mã, để phát hiện tem sao chép").check()
    phone.get_by_label("Số lượng tem").fill("0")
    phone.get_by_role("button", name="Tạo tem").click()
    assert "Nhập một số nguyên từ 1 đến 100.000" in phone.locator("main").inner_text()
    phone.get_by_label("Số lượng tem").fill("400")
    phone.get_by_role("button", name="Xem trước trang đầu").click()
    wait_until(
        phone,
        "() => { const i = document.querySelector('img.label-preview');"
        " return i && i.complete && i.naturalWidth > 500; }",
    )
    assert serious_violations(phone) == []
    screenshot(phone, "labels-preview-phone")

    phone.get_by_role("button", name="Tạo tem").click()
    phone.wait_for_url("**/labels/runs/*")
    download_link = phone.get_by_role("link", name="Tải tệp PDF")
    download_link.wait_for(timeout=120_000)  # the page refreshes itself while it is written
    with phone.expect_download() as download:
        download_link.click()
    pdf = Path(download.value.path()).read_bytes()
    urls = [url for page in decoded_pages(pdf, 150) for url in page]
    assert len(urls) == len(set(urls)) == 400

    buyer = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    # The QR holds PUBLIC_BASE_URL's origin; the test server listens on another port.
    assert urls[317].startswith("HTTP://127.0.0.1:5000/T/")
    buyer.goto(live_server + path_of(urls[317]))
    assert "Mã chính hãng" in buyer.locator(".serial-check").inner_text()
    assert LOT in buyer.locator("main").inner_text()
    buyer.context.close()
