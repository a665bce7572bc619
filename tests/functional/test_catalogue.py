"""The public catalogue on the home page and the province pages, as a visitor without an
account uses it: search that ignores diacritics and case, filters, paging, and a number of
queries that does not grow with the data."""

import unicodedata
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from app.clock import local_today
from app.extensions import db as _db
from app.models import Cooperative, CooperativeStatus, Listing, ListingStatus
from tests.support import factories
from tests.support.clients import PASSWORD
from tests.support.html_pages import parse_html
from tests.support.products import make_product

TODAY = local_today()


def names(client, path="/", **args) -> list[str]:
    response = client.get(path, query_string=args)
    assert response.status_code == 200
    doc = parse_html(response.get_data(as_text=True))
    return [n.text() for n in doc.find_all("span", cls="product-name")]


def ocop(coop, product, stars, expires_in=300):
    cert = factories.CertificateFactory(
        cooperative=coop,
        kind="ocop",
        ocop_stars=stars,
        number=f"OCOP-{product.id}-{stars}",
        expires_on=TODAY + timedelta(days=expires_in),
    )
    product.certificates.append(cert)
    _db.session.commit()


@pytest.fixture
def shelf(db, coop_tq, coop_ld):
    """Products in Tuyên Quang (8) and Lâm Đồng (68), one draft, one of an archived
    cooperative."""
    make_product(coop_tq, name="Miến dong Lâm Bình", sku="MD", status="active",
                 category="processed.noodles")  # fmt: skip
    lac = make_product(coop_tq, name="Lạc đỏ Lâm Bình", sku="LD", status="active")
    make_product(coop_tq, name="Miến dong nháp", sku="MN", status="draft",
                 category="processed.noodles")  # fmt: skip
    cafe = make_product(coop_ld, name="Cà phê Robusta Di Linh", sku="CF", status="active",
                        category="coffee_tea.coffee")  # fmt: skip
    gone = factories.CooperativeFactory(province_code=8, commune_code=2266, status="archived")
    make_product(gone, name="Miến dong cũ", sku="MC", status="active",
                 category="processed.noodles")  # fmt: skip
    ocop(coop_tq, lac, 3)
    ocop(coop_ld, cafe, 4)
    return dict(lac=lac, cafe=cafe)


@pytest.mark.parametrize("query", ["mien dong", "MIẾN DONG", "Miến dong", "miến", "  MIEN   dong "])
def test_search_ignores_diacritics_and_case(client, shelf, query):
    assert names(client, q=query) == ["Miến dong Lâm Bình"]


def test_search_in_nfd_finds_nfc(client, shelf):
    assert names(client, q=unicodedata.normalize("NFD", "Miến dong")) == ["Miến dong Lâm Bình"]


def test_only_public_products_are_listed(client, shelf):
    assert names(client) == ["Cà phê Robusta Di Linh", "Lạc đỏ Lâm Bình", "Miến dong Lâm Bình"]


def test_search_finds_a_cooperatives_products_by_its_name(client, shelf, coop_ld):
    assert names(client, q=coop_ld.short_name) == ["Cà phê Robusta Di Linh"]


def test_filters_by_province_category_and_stars(client, shelf):
    assert names(client, tinh=68) == ["Cà phê Robusta Di Linh"]
    assert names(client, nhom="processed") == ["Miến dong Lâm Bình"]
    assert names(client, sao=3) == ["Cà phê Robusta Di Linh", "Lạc đỏ Lâm Bình"]
    assert names(client, sao=4) == ["Cà phê Robusta Di Linh"]
    assert names(client, sao=5) == []
    assert names(client, tinh=8, sao=3) == ["Lạc đỏ Lâm Bình"]


def test_expired_ocop_does_not_count(client, db, coop_tq):
    product = make_product(coop_tq, name="Mật ong", sku="MO", status="active")
    ocop(coop_tq, product, 5, expires_in=-1)
    assert names(client, sao=3) == []


@pytest.mark.parametrize(
    "args",
    [
        dict(tinh="abc"),
        dict(tinh="999999999"),
        dict(nhom="<x>"),
        dict(sao="7"),
        dict(page="-1"),
        dict(page="99999999999999"),
        dict(q="%_\\"),
    ],  # fmt: skip
)
def test_unknown_filters_are_ignored(client, shelf, args):
    response = client.get("/", query_string=args)
    assert response.status_code == 200


def test_paging_keeps_the_filters(client, db, coop_tq):
    for i in range(14):
        make_product(coop_tq, name=f"Miến dong {i:02d}", sku=f"M{i}", status="active")
    first = names(client, q="mien")
    assert len(first) == 12
    html = client.get("/?q=mien").get_data(as_text=True)
    assert 'href="/?page=2&amp;q=mien"' in html
    assert names(client, q="mien", page=2) == ["Miến dong 12", "Miến dong 13"]


def test_cards_link_to_the_product_page_and_live_listings(client, shelf, coop_tq):
    lac = shelf["lac"]
    variant = lac.variants[0]
    _db.session.add(
        Listing(
            product_id=lac.id,
            variant_id=variant.id,
            marketplace="shopee",
            status=ListingStatus.LIVE,
            live_url="https://shopee.vn/lac-do-lam-binh-i.1.2",
        )
    )
    _db.session.commit()
    html = client.get("/?q=lac").get_data(as_text=True)
    assert f'href="/c/{coop_tq.slug}/p/{lac.slug}"' in html
    assert 'href="https://shopee.vn/lac-do-lam-binh-i.1.2"' in html
    assert "Mua tại Shopee" in html
    assert "OCOP 3 sao" in html


def test_province_page(client, shelf, coop_ld):
    response = client.get("/tinh/lam-dong")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Lâm Đồng" in html
    assert names(client, "/tinh/lam-dong") == ["Cà phê Robusta Di Linh"]
    assert f'href="/c/{coop_ld.slug}"' in html
    assert 'href="/tinh/tuyen-quang"' in html  # the other provinces, one click away
    assert names(client, "/tinh/tuyen-quang", q="mien dong") == ["Miến dong Lâm Bình"]
    assert client.get("/tinh/khong-co").status_code == 404


def test_staff_sign_in_is_one_click_away_and_staff_still_land_on_the_dashboard(
    client, shelf, officer
):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/auth/login"' in html and "Đăng nhập cho cán bộ/HTX" in html
    response = client.post("/auth/login", data={"login": officer.email, "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/dashboard/")


def test_archived_cooperatives_are_not_listed(client, shelf):
    html = client.get("/").get_data(as_text=True)
    assert "Miến dong cũ" not in html
    archived = _db.session.scalars(
        _db.select(Cooperative).where(Cooperative.status == CooperativeStatus.ARCHIVED)
    ).one()
    assert f'href="/c/{archived.slug}"' not in html


def _count_queries(client, path) -> int:
    statements = []

    def count(*args):
        statements.append(args[2])

    engine = _db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_queries_do_not_grow_with_the_data(client, db, coop_tq, coop_ld):
    for coop in (coop_tq, coop_ld):
        product = make_product(coop, name=f"Mật ong {coop.id}", sku=f"MO{coop.id}",
                               status="active")  # fmt: skip
        ocop(coop, product, 3)
    before = _count_queries(client, "/?sao=3")
    for i in range(10):
        coop = factories.CooperativeFactory(province_code=68, commune_code=25000)
        product = make_product(coop, name=f"Mật ong {i}", sku=f"X{i}", status="active")
        ocop(coop, product, 4)
    assert _count_queries(client, "/?sao=3") == before


def test_home_page_budget(client, db, coop_tq):
    for i in range(12):
        make_product(coop_tq, name=f"Lạc đỏ Lâm Bình loại {i} túi 500 g", sku=f"L{i}",
                     status="active")  # fmt: skip
    html = client.get("/").get_data()
    assert len(html) <= 50_000


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(st.characters(blacklist_categories=("Cs",)), max_size=150))
def test_any_search_text_answers(client, shelf, query):
    response = client.get("/", query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert unicodedata.is_normalized("NFC", html)


def test_home_page_offers_the_code_box(client, db):
    doc = parse_html(client.get("/").get_data(as_text=True))
    box = doc.find("form", cls="code-box")
    assert box is not None and box.attrs["action"] == "/t" and box.attrs["method"] == "get"
