"""sitemap.xml (every public cooperative and product page, nothing else), robots.txt, and the
schema.org JSON-LD of the product and cooperative pages (terms of the vocabulary only)."""

import xml.etree.ElementTree as ET

import pytest

from app.extensions import db as _db
from app.models import Cooperative
from tests.support import factories
from tests.support.products import make_product
from tests.support.schema_org import json_ld, problems

BASE = "https://lensan.example.vn"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _public_base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE)


def sitemap_urls(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def test_sitemap_lists_every_public_page_and_nothing_else(client, db, coop_tq, coop_ld):
    lac = make_product(coop_tq, name="Lạc đỏ", sku="L1", status="active")
    make_product(coop_tq, name="Miến dong", sku="M1", status="draft")
    old = make_product(coop_tq, name="Chè cũ", sku="C1", status="archived")
    gone = factories.CooperativeFactory(status="archived", slug="htx-da-giai-the")
    make_product(gone, name="Mật ong", sku="MO", status="active")
    cafe = make_product(coop_ld, name="Cà phê", sku="CF", status="active")
    assert sorted(sitemap_urls(client)) == sorted(
        [
            f"{BASE}/c/{coop_tq.slug}",
            f"{BASE}/c/{coop_ld.slug}",
            f"{BASE}/c/{coop_tq.slug}/p/{lac.slug}",
            f"{BASE}/c/{coop_ld.slug}/p/{cafe.slug}",
        ]
    )
    # Each URL listed answers 200 to a visitor; the ones left out are drafts (404) or say
    # they are no longer sold.
    for url in sitemap_urls(client):
        assert client.get(url.removeprefix(BASE)).status_code == 200
    assert old.slug not in " ".join(sitemap_urls(client))


def test_sitemap_of_the_demo(client, demo):
    urls = sitemap_urls(client)
    slugs = _db.session.scalars(_db.select(Cooperative.slug)).all()
    assert {f"{BASE}/c/{s}" for s in slugs} <= set(urls)
    assert not any("mien-dong" in u for u in urls)  # the demo's draft


def test_robots_allows_public_pages_and_disallows_staff_areas(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert f"Sitemap: {BASE}/sitemap.xml" in text
    disallowed = [
        line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Disallow")
    ]
    for path in ("/dashboard/", "/products/", "/cooperatives/", "/jobs/"):
        assert any(path.startswith(d) for d in disallowed), path
    for path in ("/", "/c/htx-lam-binh", "/c/htx-lam-binh/p/lac-do", "/tinh/tuyen-quang", "/t/ABC"):
        assert not any(path.startswith(d) for d in disallowed), path


def _product_page(client, coop, product):
    response = client.get(f"/c/{coop.slug}/p/{product.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_product_page_json_ld_is_a_product_with_offers_in_vnd(client, db, coop_tq):
    product = make_product(coop_tq, name="Lạc đỏ Lâm Bình", sku="L1", status="active",
                           gtin="08930000000019")  # fmt: skip
    product.variants[0].stock = 0
    _db.session.commit()
    (data,) = json_ld(_product_page(client, coop_tq, product))
    assert problems(data) == []
    assert data["@type"] == "Product" and data["name"] == "Lạc đỏ Lâm Bình"
    assert data["gtin14"] == "08930000000019"
    (offer,) = data["offers"]
    assert offer["price"] == 50_000 and offer["priceCurrency"] == "VND"
    assert offer["availability"] == "https://schema.org/OutOfStock"
    assert offer["url"] == f"{BASE}/c/{coop_tq.slug}/p/{product.slug}"
    assert data["manufacturer"]["@type"] == "Organization"


def test_archived_product_is_discontinued(client, db, coop_tq):
    product = make_product(coop_tq, name="Chè cũ", sku="C1", status="archived")
    (data,) = json_ld(_product_page(client, coop_tq, product))
    assert problems(data) == []
    assert data["offers"][0]["availability"] == "https://schema.org/Discontinued"


def test_json_ld_cannot_close_its_script(client, db, coop_tq):
    product = make_product(coop_tq, name="Lạc </script><script>alert(1)</script>", sku="X1",
                           status="active")  # fmt: skip
    html = _product_page(client, coop_tq, product)
    (data,) = json_ld(html)
    assert data["name"] == "Lạc </script><script>alert(1)</script>"
    assert "<script>alert" not in html


def test_cooperative_page_json_ld_is_an_organization(client, demo):
    html = client.get("/c/htx-lam-binh").get_data(as_text=True)
    (data,) = json_ld(html)
    assert problems(data) == []
    assert data["@type"] == "Organization"
    assert data["name"] == "Hợp tác xã Nông nghiệp và Dịch vụ Lâm Bình"
    assert data["address"]["addressRegion"] == "Tuyên Quang"
    assert data["url"] == f"{BASE}/c/htx-lam-binh"
    assert data["telephone"] == "0912345601" and "email" not in data


def test_demo_product_pages_json_ld_use_only_schema_org_terms(client, demo):
    for url in [u for u in sitemap_urls(client) if "/p/" in u]:
        html = client.get(url.removeprefix(BASE)).get_data(as_text=True)
        (data,) = json_ld(html)
        assert problems(data) == [], url
        assert len(html.encode()) <= 50_000, url


def test_vocabulary_check_refuses_unknown_terms():
    assert problems({"@type": "Product", "prize": 1}) == ["$: 'prize' is not a property of Product"]
    assert problems({"@type": "Produce"}) == ["$: unknown @type 'Produce'"]
    assert problems({"@type": "Offer", "availability": "https://schema.org/Plenty"}) != []
