"""Ordering by bank transfer from a product page (issue 19): when the cooperative allows it, a
GET form (variant, phone) answers a VietQR code for the variant's price with the message
``<SKU> <phone>``; the PNG is decoded by zxing-cpp and read field by field (EMVCo tags 54 and
62, the CRC), by code of the test's own; the answer is never cached."""

import binascii
import io

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from app.extensions import db as _db
from app.public.orders import transfer_message
from app.vietqr import PURPOSE_MAX
from tests.support import factories
from tests.support.html_pages import parse_html
from tests.support.trace_page import make_product

AGRIBANK = {
    "bank_bin": "970405",
    "bank_account_number": "8888123456789",
    "bank_account_holder": "HTX NONG NGHIEP LAM BINH",
}


@pytest.fixture
def shop(db, coop_tq):
    for key, value in AGRIBANK.items():
        setattr(coop_tq, key, value)
    coop_tq.sells_by_transfer = True
    product = make_product(coop_tq)
    factories.ProductVariantFactory(
        product=product, sku="LB-DAU-500", name="Chai 500 ml", price_vnd=95_000
    )
    factories.ProductVariantFactory(
        product=product, sku="LB-DAU-1L", name="Chai 1 lít", price_vnd=180_000
    )
    _db.session.commit()
    return product


def _tlv(text: str) -> dict[str, str]:
    """EMVCo data objects, read without the app's parser."""
    found, pos = {}, 0
    while pos < len(text):
        tag, length = text[pos : pos + 2], int(text[pos + 2 : pos + 4])
        found[tag] = text[pos + 4 : pos + 4 + length]
        pos += 4 + length
    return found


def _base(product):
    return f"/c/{product.cooperative.slug}/p/{product.slug}"


def test_the_product_page_offers_the_order_form(client, shop):
    doc = parse_html(client.get(_base(shop), query_string={"lang": "vi"}).get_data(as_text=True))
    form = doc.find("section", cls="order").find("form")
    assert form.attrs["method"] == "get" and form.attrs["action"] == _base(shop) + "/order"
    assert len(form.find_all("input", type="radio")) == 2
    assert form.find("input", type="tel").attrs["name"] == "phone"


def test_the_code_carries_the_amount_and_the_message(client, shop):
    variant = next(v for v in shop.variants if v.sku == "LB-DAU-1L")
    query = {"variant": variant.id, "phone": "0912 345 678"}
    page = client.get(_base(shop) + "/order", query_string=query)
    assert page.status_code == 200
    assert (
        "no-store" in page.headers["Cache-Control"] and "private" in page.headers["Cache-Control"]
    )
    html = page.get_data(as_text=True)
    assert "LB-DAU-1L 0912345678" in html and "<svg" in html
    [png] = [
        a.attrs["href"] for a in parse_html(html).find_all("a") if "order.png" in a.attrs["href"]
    ]
    image = client.get(png)
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert "no-store" in image.headers["Cache-Control"]
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    payload = found.text
    fields = _tlv(payload)
    assert fields["00"] == "01" and fields["01"] == "12"  # one payment, with an amount
    assert fields["53"] == "704" and fields["58"] == "VN"
    assert fields["54"] == "180000"
    assert _tlv(fields["62"]) == {"08": "LB-DAU-1L 0912345678"}
    merchant = _tlv(fields["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert _tlv(merchant["01"]) == {"00": "970405", "01": "8888123456789"}
    assert payload[-8:-4] == "6304"
    assert int(fields["63"], 16) == binascii.crc_hqx(payload[:-4].encode(), 0xFFFF)


def test_a_bad_phone_or_no_variant_is_said_at_the_field(client, shop):
    page = client.get(_base(shop) + "/order", query_string={"phone": "12345", "lang": "en"})
    assert page.status_code == 400
    doc = parse_html(page.get_data(as_text=True))
    assert "This is not a Vietnamese phone number." in doc.find("p", id="order-phone-error").text()
    assert "Choose a variant." in doc.find("p", id="order-variant-error").text()
    assert doc.find("input", id="order-phone").attrs["value"] == "12345"
    assert (
        client.get(_base(shop) + "/order.png", query_string={"phone": "12345"}).status_code == 404
    )


def test_any_typed_phone_answers_a_page_never_an_error(client, shop):
    for typed in ("0912٣٤٥٦٧٨", "0912345678" * 5, "+84 912 345 678", "\x00", "<b>"):
        query = {"variant": shop.variants[0].id, "phone": typed}
        assert client.get(_base(shop) + "/order", query_string=query).status_code in (200, 400)


def test_not_offered_unless_the_cooperative_allows_it(client, shop):
    shop.cooperative.sells_by_transfer = False
    _db.session.commit()
    assert (
        parse_html(client.get(_base(shop)).get_data(as_text=True)).find("section", cls="order")
        is None
    )
    variant = shop.variants[0]
    query = {"variant": variant.id, "phone": "0912345678"}
    assert client.get(_base(shop) + "/order", query_string=query).status_code == 404


@given(sku=st.text(max_size=50), phone=st.from_regex(r"0[35789][0-9]{8}", fullmatch=True))
def test_the_message_always_fits_and_keeps_the_phone(sku, phone):
    message = transfer_message(sku, phone)
    assert len(message) <= PURPOSE_MAX and message.endswith(phone)
    assert message.isascii() and message.isprintable()


def test_the_product_page_with_the_form_stays_small(client, shop):
    page = client.get(_base(shop))
    assert len(page.data) <= 50 * 1024, len(page.data)


def test_the_demo_cooperative_takes_orders_by_transfer(demo, client):
    doc = parse_html(client.get("/c/htx-lam-binh/p/lac-do-lam-binh").get_data(as_text=True))
    assert doc.find("section", cls="order") is not None
    assert doc.find("a", **{"data-contact": "zalo"}).attrs["href"] == "https://zalo.me/0912345601"
    buy = [a.text().strip() for a in doc.find("section", cls="contact").find_all("a")]
    assert "Mua tại Shopee" in buy
