"""A buyer opens HTX Lâm Bình's public page on a phone; the cooperative prints its A5 payment
poster, and the printed code scans (zxing-cpp) to the demo account."""

import re
import subprocess

import pytest
import zxingcpp
from PIL import Image

from app import vietqr
from app.public.demo import DEMO_PROFILES
from tests.support.browser import screenshot, sign_in, wait_until

pytestmark = pytest.mark.browser

SLUG = "htx-lam-binh"
LEGAL_NAME = "Hợp tác xã Nông nghiệp và Dịch vụ Lâm Bình"
ACCOUNT = DEMO_PROFILES[SLUG]
PRINT_NOTE = "In trang này trên giấy A5 bằng lệnh In của trình duyệt"
# Eager images only: a lazy product photo below the fold loads when the buyer scrolls to it
# (how many there are depends on the demo's products, which other browser tests change).
IMAGES_LOADED = (
    "Array.from(document.images).filter(i => i.loading !== 'lazy')"
    ".every(i => i.complete && i.naturalWidth > 0)"
)
A5_PT = (420.0, 595.0)  # 148 × 210 mm


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def test_buyer_sees_the_cooperative_on_a_phone(live_server, phone):
    phone.goto(f"{live_server}/c/{SLUG}")
    assert phone.locator("h1").inner_text() == LEGAL_NAME
    assert "Xã Lâm Bình, Tuyên Quang" in phone.locator(".coop-meta").inner_text()
    wait_until(phone, IMAGES_LOADED)
    assert phone.locator("img.coop-logo").evaluate("i => i.naturalWidth") > 0

    certificates = phone.locator("section[aria-labelledby=certificates-heading]")
    assert "1578/QĐ-UBND" in certificates.inner_text()
    shops = phone.locator("section[aria-labelledby=shops-heading] a")
    assert shops.evaluate_all("links => links.map(a => a.href)") == [
        "https://voso.vn/gian-hang/htx-lam-binh",
        "https://postmart.vn/gian-hang/htx-nong-nghiep-lam-binh",
    ]

    pay = phone.locator("section[aria-labelledby=pay-heading]")
    assert pay.locator("svg.qr").is_visible()
    assert pay.locator("svg.qr").bounding_box()["width"] >= 200  # big enough to scan
    assert pay.locator(".account-number").inner_text() == "8700 1234 5678 9"
    assert ACCOUNT["bank_account_holder"] in pay.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "public-cooperative-360")

    poster = "In áp phích khổ A5 cho sạp hàng"
    assert pay.get_by_role("link", name=poster).count() == 0  # the cooperative's, not a buyer's

    # A member of the cooperative, signed in, finds the poster link on the same page.
    sign_in(phone, live_server, login="hoa@htxlambinh.example.vn")
    phone.wait_for_url(re.compile(r".*/dashboard/"))
    phone.goto(f"{live_server}/c/{SLUG}")
    pay.get_by_role("link", name=poster).click()
    phone.wait_for_url(f"{live_server}/c/{SLUG}/poster")
    wait_until(phone, IMAGES_LOADED)
    assert phone.locator("img.poster-qr").evaluate("i => i.naturalWidth") > 0


def test_the_poster_prints_on_one_a5_page_with_a_code_that_pays_the_cooperative(
    live_server, browser, tmp_path
):
    context = browser.new_context()  # a desktop page: page.pdf() prints what the server sends
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{live_server}/c/{SLUG}/poster")
        page.wait_for_load_state("networkidle")
        wait_until(page, IMAGES_LOADED)
        assert page.locator(".poster-tools").is_visible()  # on screen, the note is there
        pdf = tmp_path / "poster.pdf"
        page.pdf(path=str(pdf), format="A5", print_background=True)
    finally:
        context.close()
    assert errors == []

    info = _run("pdfinfo", str(pdf))
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    width, height = map(
        float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups()
    )
    assert abs(width - A5_PT[0]) < 2 and abs(height - A5_PT[1]) < 2, info

    _run("pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "poster"))
    image = Image.open(tmp_path / "poster.png")
    assert abs(image.width - 874) < 5 and abs(image.height - 1240) < 5  # A5 at 150 dpi
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1
    assert codes[0].format == zxingcpp.BarcodeFormat.QRCode
    transfer = vietqr.parse(codes[0].text)
    assert (transfer.bin, transfer.account) == (ACCOUNT["bank_bin"], ACCOUNT["bank_account_number"])
    assert transfer.amount is None  # a static code: the buyer types the amount

    text = re.sub(r"\s+", " ", _run("pdftotext", "-layout", str(pdf), "-"))
    assert PRINT_NOTE not in text
    assert "← HTX Lâm Bình" not in text  # nor the link back
    assert ACCOUNT["bank_account_holder"] in text
    assert "8700 1234 5678 9" in text
    assert "Quét mã để thanh toán" in text
    assert LEGAL_NAME in text
