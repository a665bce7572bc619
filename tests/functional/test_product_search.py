"""The staff product list: search with or without diacritics, filters, pages.

Run on SQLite and on PostgreSQL (``TEST_DATABASE_URL``): the search compares folded text with
LIKE, so both must find "Lạc nhân" by "lac nhan" and "lac" by "Lạc".
"""

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.models import Product
from app.products.services import ProductFilters, search_products
from app.text import clean, fold
from tests.support import factories
from tests.support.products import make_product


def _names(client, **args) -> list[str]:
    html = client.get("/products/", query_string=args).get_data(as_text=True)
    return re.findall(r'<td><a href="/products/\d+">([^<]+)</a></td>', html)


@pytest.fixture
def catalogue(db, coop_tq):
    make_product(coop_tq, name="Lạc nhân Lâm Bình", sku="LB-LAC-500")
    make_product(coop_tq, name="lac rang muoi", sku="LB-RANG")
    make_product(coop_tq, name="Cà phê Robusta", sku="CF_250", category="coffee_tea.coffee")
    make_product(coop_tq, name="Miến dong", sku="LB-MIEN", category="processed.noodles")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lac nhan", ["Lạc nhân Lâm Bình"]),
        ("Lạc nhân", ["Lạc nhân Lâm Bình"]),
        ("LẠC NHÂN", ["Lạc nhân Lâm Bình"]),
        ("nhân lạc", ["Lạc nhân Lâm Bình"]),  # every word, in any order
        ("Lạc", ["lac rang muoi", "Lạc nhân Lâm Bình"]),
        ("rang muối", ["lac rang muoi"]),
        ("lb-lac-500", ["Lạc nhân Lâm Bình"]),  # by SKU
        ("ca phe", ["Cà phê Robusta"]),
        ("coffee", ["Cà phê Robusta"]),  # the English category label
        ("đậu phộng", ["lac rang muoi", "Lạc nhân Lâm Bình"]),  # the category's search words
        ("mien dong", ["Miến dong"]),
        ("%", []),  # LIKE wildcards are plain characters
        ("cf_250", ["Cà phê Robusta"]),
        ("c_250", []),
        ("xyz", []),
    ],
)
def test_search_matches_with_and_without_diacritics(as_officer, catalogue, query, expected):
    assert sorted(_names(as_officer, q=query), key=fold) == sorted(expected, key=fold)


def test_nfd_query_finds_nfc_name(as_officer, catalogue):
    assert _names(as_officer, q=unicodedata.normalize("NFD", "Lạc nhân")) == ["Lạc nhân Lâm Bình"]


def test_filters_by_category_group_status_and_cooperative(as_admin, db, coop_tq, coop_ld):
    make_product(coop_tq, name="Lạc nhân", sku="A1", status="active")
    make_product(coop_tq, name="Lạc rang", sku="A2", status="draft")
    make_product(coop_tq, name="Lạc cũ", sku="A3", status="archived")
    make_product(coop_ld, name="Cà phê", sku="A1", category="coffee_tea.coffee", status="active")
    assert sorted(_names(as_admin)) == sorted(["Cà phê", "Lạc nhân", "Lạc rang"])
    assert _names(as_admin, status="archived") == ["Lạc cũ"]
    assert _names(as_admin, status="draft") == ["Lạc rang"]
    assert len(_names(as_admin, status="all")) == 4
    assert _names(as_admin, group="coffee_tea") == ["Cà phê"]
    assert sorted(_names(as_admin, cooperative=coop_tq.id)) == ["Lạc nhân", "Lạc rang"]
    assert len(_names(as_admin, group="no-such-group", status="bogus", cooperative="x")) == 3


def test_pages_of_twenty_keep_the_filters(as_officer, db, coop_tq):
    for n in range(23):
        make_product(coop_tq, name=f"Lạc nhân số {n:02d}", sku=f"L{n}")
    make_product(coop_tq, name="Miến", sku="M", category="processed.noodles")
    html = as_officer.get("/products/?q=lac&group=grains_nuts").get_data(as_text=True)
    assert len(_names(as_officer, q="lac", group="grains_nuts")) == 20
    assert "<p>23 sản phẩm</p>" in html, re.findall(r"<p>[^<]*</p>", html)
    assert 'href="/products/?page=2&amp;q=lac&amp;group=grains_nuts"' in html
    assert len(_names(as_officer, q="lac", group="grains_nuts", page=2)) == 3
    assert _names(as_officer, q="lac", page=99) == []


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
letters = st.builds(
    lambda base, tone, upper: unicodedata.normalize(
        "NFC", (base.upper() if upper else base) + (tone if base in "aăâeêioôơuưy" else "")
    ),
    st.sampled_from(VIETNAMESE),
    st.sampled_from(TONES),
    st.booleans(),
)
names = st.lists(st.one_of(letters, st.sampled_from(" 0123456789-")), min_size=1, max_size=60).map(
    "".join
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=names)
def test_any_name_is_found_by_its_folded_or_nfd_form(app, db, coop_tq, name):
    """Property: whatever the name, searching its fold() or its NFD form finds it."""
    name = clean(name)
    if not fold(name).strip():
        return
    product = make_product(coop_tq, name=name, sku="P-1")
    try:
        visible = db.select(type(coop_tq))
        for query in (fold(name), unicodedata.normalize("NFD", name), name.upper()):
            found = search_products(visible, ProductFilters(query=query), 1, per_page=100)
            assert product.id in {p.id for p in found.items}, query
    finally:
        db.session.delete(db.session.get(Product, product.id))
        db.session.commit()


def test_search_text_is_saved_for_other_interface_languages_too(db, coop_tq):
    product = make_product(coop_tq, name="Mật ong bạc hà", category="honey.honey", sku="MO-1")
    for word in ("mat ong bac ha", "honey", "mo-1"):
        assert word in product.search_text
    factories.CooperativeFactory()  # unrelated cooperative: the count is per visible set
    found = search_products(db.select(type(coop_tq)), ProductFilters(query="honey"), 1)
    assert found.total == 1 and found.items[0].id == product.id
