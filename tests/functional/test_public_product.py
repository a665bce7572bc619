"""The public product page and the cooperative page's product list, as a buyer sees them."""

from datetime import timedelta

import pytest

from app.clock import local_today
from tests.support import factories
from tests.support.html_pages import meta_properties, parse_html

TODAY = local_today()


def _product(db, cooperative, *, slug="lac-do", status="active", certificates=(), **values):
    product = factories.ProductFactory(
        cooperative=cooperative,
        slug=slug,
        name=values.pop("name", "Lạc đỏ Lâm Bình"),
        category="grains_nuts.peanuts",
        unit="tui",
        status=status,
        description=values.pop("description", "Lạc đỏ trồng trên nương, phơi nắng tự nhiên."),
        shelf_life_days=180,
        storage_instructions="Nơi khô ráo, thoáng mát.",
        gtin=values.pop("gtin", "08930000000019" if slug == "lac-do" else None),
        certificates=list(certificates),
        **values,
    )
    factories.ProductVariantFactory(
        product=product,
        sku=f"{slug}-500",
        name="Túi 500 g",
        price_vnd=65000,
        net_quantity="500",
        net_unit="g",
        position=0,
    )
    factories.ProductVariantFactory(
        product=product,
        sku=f"{slug}-1kg",
        name="Túi 1 kg",
        price_vnd=120000,
        compare_at_vnd=130000,
        net_quantity="1",
        net_unit="kg",
        position=1,
    )
    db.session.refresh(product)
    return product


def _certificate(db, cooperative, kind="vietgap", expires_in=200, stars=None, number="VG-01"):
    return factories.CertificateFactory(
        cooperative=cooperative,
        kind=kind,
        ocop_stars=stars,
        number=number,
        issuer="UBND tỉnh Tuyên Quang",
        issued_on=TODAY - timedelta(days=400),
        expires_on=TODAY + timedelta(days=expires_in),
    )


def test_product_page_shows_prices_origin_and_details(client, db, coop_tq):
    _product(db, coop_tq)
    response = client.get(f"/c/{coop_tq.slug}/p/lac-do")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Lạc đỏ Lâm Bình</h1>" in html
    assert "Hạt và ngũ cốc › Lạc (đậu phộng)" in html
    assert "Xã Lâm Bình, Tuyên Quang" in html
    assert "65.000" in html and "120.000" in html and "<s>130.000" in html
    assert "180 ngày" in html
    assert "8930000000019" in html


def test_only_valid_linked_certificates_and_their_ocop_stars(client, db, coop_tq):
    ocop = _certificate(db, coop_tq, kind="ocop", stars=4, number="QĐ-1578")
    expired = _certificate(db, coop_tq, expires_in=-1, number="VG-EXPIRED")
    _certificate(db, coop_tq, number="VG-NOT-LINKED")
    _product(db, coop_tq, certificates=[ocop, expired])
    html = client.get(f"/c/{coop_tq.slug}/p/lac-do").get_data(as_text=True)
    assert "OCOP 4 sao" in html and "QĐ-1578" in html
    assert "VG-EXPIRED" not in html and "VG-NOT-LINKED" not in html


def test_expired_ocop_gives_no_stars(client, db, coop_tq):
    ocop = _certificate(db, coop_tq, kind="ocop", stars=5, expires_in=-3, number="QĐ-OLD")
    _product(db, coop_tq, certificates=[ocop])
    html = client.get(f"/c/{coop_tq.slug}/p/lac-do").get_data(as_text=True)
    assert "OCOP 5 sao" not in html
    assert "Chưa có chứng nhận còn hiệu lực" in html


def test_drafts_are_not_public_and_archived_pages_still_answer(client, db, coop_tq):
    _product(db, coop_tq, slug="nhap", status="draft")
    _product(db, coop_tq, slug="cu", status="archived")
    assert client.get(f"/c/{coop_tq.slug}/p/nhap").status_code == 404
    archived = client.get(f"/c/{coop_tq.slug}/p/cu")
    assert archived.status_code == 200
    assert "không còn bán trên Lên Sàn" in archived.get_data(as_text=True)


def test_a_product_is_only_found_under_its_own_cooperative(client, db, coop_tq, coop_ld):
    _product(db, coop_tq)
    assert client.get(f"/c/{coop_ld.slug}/p/lac-do").status_code == 404
    assert client.get("/c/khong-co/p/lac-do").status_code == 404


def test_open_graph_tags_use_the_first_photo(app, client, db, coop_tq):
    product = _product(db, coop_tq)
    factories.ProductImageFactory(
        product=product,
        original_key="images/ab/" + "a" * 64 + ".jpg",
        thumb_key="images/ab/" + "a" * 64 + "-thumb.webp",
        square_key="images/ab/" + "a" * 64 + "-square.jpg",
        width=1200,
        height=900,
        alt_text="Túi lạc đỏ 500 g",
        position=0,
    )
    page = parse_html(client.get(f"/c/{coop_tq.slug}/p/lac-do").get_data(as_text=True))
    meta = meta_properties(page)
    base = app.config["PUBLIC_BASE_URL"]
    assert meta["og:type"] == "product"
    assert meta["og:title"] == f"Lạc đỏ Lâm Bình · {coop_tq.display_name}"
    assert meta["og:url"] == f"{base}/c/{coop_tq.slug}/p/lac-do"
    assert meta["og:image"] == f"{base}/media/images/ab/{'a' * 64}-square.jpg"
    assert meta["product:price:amount"] == "65000"
    images = [i for i in page.find_all("img") if "thumb" in i.attrs.get("src", "")]
    assert images[0].attrs["alt"] == "Túi lạc đỏ 500 g"
    assert images[0].attrs["height"] == "300"


def test_typed_html_is_shown_as_text(client, db, coop_tq):
    _product(db, coop_tq, name="<script>alert(1)</script>Lạc", description="<b>đậm</b>")
    html = client.get(f"/c/{coop_tq.slug}/p/lac-do").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<b>đậm</b>" not in html


def test_the_cooperative_page_lists_active_products_with_prices(client, db, coop_tq):
    _product(db, coop_tq)
    _product(db, coop_tq, slug="mien", name="Miến dong", status="draft")
    html = client.get(f"/c/{coop_tq.slug}").get_data(as_text=True)
    assert f'href="/c/{coop_tq.slug}/p/lac-do"' in html
    assert "từ 65.000" in html
    assert "Miến dong" not in html


@pytest.mark.parametrize("language, words", [("en", "from ₫65,000"), ("vi", "từ 65.000")])
def test_prices_follow_the_language(client, db, coop_tq, language, words):
    _product(db, coop_tq)
    client.get(f"/auth/language/{language}")
    assert words in client.get(f"/c/{coop_tq.slug}").get_data(as_text=True)


def test_an_archived_cooperative_lists_no_products(client, db):
    cooperative = factories.CooperativeFactory(status="archived")
    _product(db, cooperative)
    html = client.get(f"/c/{cooperative.slug}").get_data(as_text=True)
    assert "/p/lac-do" not in html
    product_page = client.get(f"/c/{cooperative.slug}/p/lac-do").get_data(as_text=True)
    assert "không còn bán" in product_page
