"""How a buyer reaches the cooperative from every public page (issue 19): a call (tel:),
Zalo (https://zalo.me/<digits>) and the product's live marketplace listings ("Mua tại …");
the recall banner gives the contact and what to do."""

import pytest

from app.extensions import db as _db
from app.models import Batch
from app.public.contact import tel_url, zalo_url
from tests.support import factories
from tests.support.html_pages import parse_html
from tests.support.trace_page import make_batch, make_product

PHONE = "0912345678"


@pytest.fixture
def shop(db, coop_tq):
    """A cooperative with a phone, a product with a live Shopee listing, and a batch."""
    coop_tq.phone = PHONE
    product = make_product(coop_tq)
    variant = factories.ProductVariantFactory(product=product)
    factories.ListingFactory(
        variant=variant,
        marketplace="shopee",
        status="live",
        live_url="https://shopee.vn/dau-lac-lam-binh-i.1.2",
    )
    batch = make_batch(product)
    _db.session.commit()
    return batch


def _contact(client, path):
    response = client.get(path, query_string={"lang": "vi"})
    assert response.status_code == 200, path
    doc = parse_html(response.get_data(as_text=True))
    return doc.find("section", cls="contact"), doc


def test_every_public_page_shows_call_and_zalo(client, shop):
    coop = shop.cooperative
    for path in (
        f"/t/{shop.public_code}",
        f"/c/{coop.slug}",
        f"/c/{coop.slug}/p/{shop.product.slug}",
    ):
        section, _ = _contact(client, path)
        assert section is not None, path
        call = section.find("a", **{"data-contact": "call"})
        zalo = section.find("a", **{"data-contact": "zalo"})
        assert call.attrs["href"] == f"tel:{PHONE}", path
        assert "0912345678" in call.text()
        assert zalo.attrs["href"] == f"https://zalo.me/{PHONE}", path


def test_trace_and_product_pages_link_the_live_listing(client, shop):
    coop = shop.cooperative
    for path in (f"/t/{shop.public_code}", f"/c/{coop.slug}/p/{shop.product.slug}"):
        section, _ = _contact(client, path)
        [buy] = [a for a in section.find_all("a") if a.text().strip() == "Mua tại Shopee"]
        assert buy.attrs["href"] == "https://shopee.vn/dau-lac-lam-binh-i.1.2", path


def test_no_phone_no_call_button(client, shop):
    shop.cooperative.phone = None
    _db.session.commit()
    section, _ = _contact(client, f"/c/{shop.cooperative.slug}")
    assert section is None


def test_the_recall_banner_gives_the_contact_and_what_to_do(client, shop):
    batch = _db.session.get(Batch, shop.id)
    batch.status = "recalled"
    batch.recall_reason = "Nghi nhiễm aflatoxin"
    _db.session.commit()
    response = client.get(f"/t/{batch.public_code}", query_string={"lang": "vi"})
    banner = parse_html(response.get_data(as_text=True)).find("div", cls="recall-banner")
    hrefs = [a.attrs["href"] for a in banner.find_all("a")]
    assert hrefs == [f"tel:{PHONE}", f"https://zalo.me/{PHONE}"]
    assert "Cần làm gì:" in banner.text() and coop_name(batch) in banner.text()
    assert "Mua tại Shopee" not in response.get_data(as_text=True)  # not while recalled


def coop_name(batch):
    return batch.cooperative.display_name


@pytest.mark.parametrize(
    ("phone", "tel", "zalo"),
    [
        ("0912345678", "tel:0912345678", "https://zalo.me/0912345678"),
        ("0912 345 678", "tel:0912345678", "https://zalo.me/0912345678"),
        ("+84 912 345 678", "tel:+84912345678", "https://zalo.me/84912345678"),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_links_from_a_phone(phone, tel, zalo):
    assert tel_url(phone) == tel and zalo_url(phone) == zalo
