"""The page a buyer reads (issue 19): public events' photos on the journey (small, lazy, with
alt text), the partners' links in a small "Dành cho đối tác" footer, no staff action for an
anonymous buyer, product photos in the cooperative's cards keeping their shape."""

from app.extensions import db as _db
from app.product_images.services import add_images
from app.trace.event_photos import thumb_key
from tests.support.html_pages import parse_html
from tests.support.kept_pages import harvested_batch
from tests.support.product_images import photo
from tests.support.trace_page import add_event

SHOWN = "images/ab/" + "a" * 64 + ".jpg"
HIDDEN = "images/cd/" + "c" * 64 + ".jpg"


def _doc(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return parse_html(response.get_data(as_text=True))


def test_public_event_photos_are_on_the_journey(client, coop_tq):
    batch = harvested_batch(coop_tq)
    add_event(batch, "processing", 10, photo_keys=[SHOWN])
    add_event(batch, "storage", 5, public=False, photo_keys=[HIDDEN])
    doc = _doc(client, f"/t/{batch.public_code}", query_string={"lang": "vi"})
    photos = doc.find("ol", cls="journey").find_all("img")
    assert [img.attrs["src"] for img in photos] == [f"/media/{thumb_key(SHOWN)}"]
    [img] = photos
    assert img.attrs["loading"] == "lazy" and img.attrs["width"] and img.attrs["height"]
    assert img.attrs["alt"].startswith("Ảnh bước")
    assert thumb_key(HIDDEN) not in str(doc.text()) and "cccc" not in _raw(client, batch)


def _raw(client, batch):
    return client.get(f"/t/{batch.public_code}").get_data(as_text=True)


def test_partner_links_are_in_the_footer(client, coop_tq):
    batch = harvested_batch(coop_tq)
    doc = _doc(client, f"/t/{batch.public_code}", query_string={"lang": "vi"})
    main, footer = doc.find("main"), doc.find("footer")
    partners = footer.find("nav", cls="partners")
    assert partners.find("h2").text().strip() == "Dành cho đối tác"
    hrefs = [a.attrs["href"] for a in partners.find_all("a")]
    assert hrefs[0] == f"/t/{batch.public_code}/record" and "epcis" in hrefs[1].lower()
    assert not any("epcis" in a.attrs["href"] for a in main.find_all("a"))
    assert "EPCIS" not in main.text() and "áp phích" not in doc.text()


def test_cards_keep_the_photo_shape(client, coop_tq):
    batch = harvested_batch(coop_tq)
    add_images(batch.product, [("a.jpg", photo((1600, 1200)))])
    doc = _doc(client, f"/c/{coop_tq.slug}")
    img = doc.find("ul", cls="product-cards").find("img")
    assert (img.attrs["width"], img.attrs["height"]) == ("400", "300")


def test_an_anonymous_buyer_sees_no_poster_link(client, coop_tq):
    for key, value in {
        "bank_bin": "970405",
        "bank_account_number": "8700123456789",
        "bank_account_holder": "HTX LAM BINH",
    }.items():
        setattr(coop_tq, key, value)
    _db.session.commit()
    html = client.get(f"/c/{coop_tq.slug}").get_data(as_text=True)
    assert "/poster" not in html


def test_the_demo_journey_shows_public_event_photos(demo, client):
    doc = _doc(client, "/t/TQPNT2607A", query_string={"lang": "vi"})
    photos = doc.find("ol", cls="journey").find_all("img")
    assert photos and all(img.attrs["alt"] for img in photos)
    for img in photos:
        assert client.get(img.attrs["src"]).status_code == 200  # public, served


def test_buyer_pages_carry_no_sign_in_link(client, coop_tq):
    batch = harvested_batch(coop_tq)
    for path in (
        f"/c/{coop_tq.slug}",
        f"/c/{coop_tq.slug}/p/{batch.product.slug}",
        f"/t/{batch.public_code}",
    ):
        html = client.get(path, query_string={"lang": "vi"}).get_data(as_text=True)
        assert "/auth/login" not in html and "Đăng nhập" not in html, path
