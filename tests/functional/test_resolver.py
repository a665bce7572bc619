"""GS1 Digital Link resolver: valid paths resolve, malformed ones answer 400, unknown ones 404."""

import unicodedata
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from tests.support.resolver import GTIN, OTHER_GTIN, gtin_product, make_batch

BASE = "http://127.0.0.1:5000"  # PUBLIC_BASE_URL in the testing configuration
LINKSET = "application/linkset+json"
VOC = "https://ref.gs1.org/voc/"  # the GS1 Web Vocabulary's namespace


@pytest.fixture
def peanuts(db, coop_tq):
    product = gtin_product(coop_tq)
    batch = make_batch(coop_tq, product, code="LB-LAC-2026-07", public_code="LBLAC07")
    return product, batch


def product_path(product):
    return f"/c/{product.cooperative.slug}/p/{product.slug}"


def assert_trace_answer(response, batch):
    """The lot's answer: a redirect to its trace page (the linkset's default link)."""
    assert response.status_code == 307
    assert response.headers["Location"] == f"{BASE}/t/{batch.public_code}"


def test_gtin_redirects_to_the_product_page(client, peanuts):
    product, _ = peanuts
    response = client.get(f"/01/{GTIN}")
    assert response.status_code == 307
    assert response.headers["Location"].endswith(product_path(product))
    assert f"<{BASE}/01/{GTIN}?linkType=linkset>" in response.headers["Link"]
    assert 'rel="linkset"' in response.headers["Link"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_gtin_13_and_a_trailing_slash_resolve_like_the_gtin_14(client, peanuts):
    product, _ = peanuts
    for path in (f"/01/{GTIN[1:]}", f"/01/{GTIN}/"):
        response = client.get(path)
        assert response.status_code == 307, path
        assert response.headers["Location"].endswith(product_path(product))


def test_lot_shows_the_batch_and_serial_and_variant_are_accepted(client, peanuts):
    _, batch = peanuts
    for path in (
        f"/01/{GTIN}/10/LB-LAC-2026-07",
        f"/01/{GTIN}/10/LB-LAC-2026-07/21/A1B2C3",
        f"/01/{GTIN}/22/500G/10/LB-LAC-2026-07",
    ):
        assert_trace_answer(client.get(path), batch)


def test_percent_encoded_lot(client, db, coop_tq, peanuts):
    product, _ = peanuts
    slashed = make_batch(coop_tq, product, code="LB/LAC", public_code="LBSLASH")
    assert_trace_answer(client.get(f"/01/{GTIN}/10/LB%2FLAC"), slashed)
    assert_trace_answer(client.get(f"/01/{GTIN}/10/%4CB-LAC-2026-07"), peanuts[1])


def test_query_strings_are_ignored_but_passed_on(client, peanuts):
    product, _ = peanuts
    response = client.get(f"/01/{GTIN}?17=999999&x=%3Cscript%3E&lang=en")
    assert response.status_code == 307
    location = response.headers["Location"]
    assert product_path(product) + "?" in location and "lang=en" in location


@pytest.mark.parametrize(
    ("path", "code"),
    [
        (f"/01/{GTIN[:-1]}8", "gtin_check_digit"),
        ("/01/8934567000", "gtin_format"),
        ("/01/abcdefghijklmn", "gtin_format"),
        (f"/01/{GTIN}/21/S1/10/LB-LAC-2026-07", "qualifier_order"),
        (f"/01/{GTIN}/10/A/10/B", "qualifier_order"),
        (f"/01/{GTIN}/10/{'A' * 21}", "lot"),
        (f"/01/{GTIN}/10/L%C3%A2m", "lot"),
        (f"/01/{GTIN}/10/A%20B", "lot"),
        (f"/01/{GTIN}/21/{'9' * 21}", "serial"),
        (f"/01/{GTIN}/99/X", "unknown_qualifier"),
        (f"/01/{GTIN}/10", "shape"),
        (f"/01/{GTIN}/10/LB/LAC", "shape"),
        (f"/01/{GTIN}/10/%ZZ", "shape"),
        (f"/01/{GTIN}//10/A", "shape"),
    ],
)
def test_malformed_links_answer_400_with_an_explanation(client, peanuts, path, code):
    page = client.get(path)
    assert page.status_code == 400, path
    assert page.mimetype == "text/html"
    assert "<h1>Mã này không hợp lệ</h1>" in page.get_data(as_text=True)
    problem = client.get(path, headers={"Accept": "application/json"})
    assert problem.status_code == 400
    assert problem.mimetype == "application/problem+json"
    assert problem.json["code"] == code
    assert problem.json["status"] == 400


def test_wrong_check_digit_is_explained_in_english_too(client, peanuts):
    text = client.get(f"/01/{GTIN[:-1]}8?lang=en").get_data(as_text=True)
    assert "does not match the others" in text


def test_unknown_gtin_and_draft_products_answer_404(client, db, coop_tq, peanuts):
    assert client.get(f"/01/{OTHER_GTIN}").status_code == 404
    gtin_product(coop_tq, gtin="08934567000031", status="draft", name="Nháp", sku="NHAP")
    response = client.get("/01/08934567000031", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["code"] == "unknown_gtin"


def test_an_unknown_lot_walks_up_to_the_product_page_which_says_so(client, db, coop_tq, peanuts):
    product, _ = peanuts
    unknown = f"/01/{GTIN}/10/LB-LAC-2099-01"
    response = client.get(f"{unknown}?foo=bar&lot=X")
    assert response.status_code == 307
    assert (
        response.headers["Location"] == f"{BASE}{product_path(product)}?foo=bar&lot=LB-LAC-2099-01"
    )
    assert f"<{BASE}{unknown}?linkType=linkset>" in response.headers["Link"]
    # Lots are case-sensitive, as GS1 defines them; a serial under an unknown lot walks up too.
    for path in (f"/01/{GTIN}/10/lb-lac-2026-07", f"{unknown}/21/A1B2C3"):
        assert client.get(path).headers["Location"].startswith(BASE + product_path(product) + "?")
    page = client.get(f"{unknown}?lang=en", base_url=BASE, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert (
        page.status_code == 200 and "Batch “LB-LAC-2099-01” of this product is not recorded" in text
    )
    vietnamese = client.get(unknown, base_url=BASE, follow_redirects=True).get_data(as_text=True)
    assert "Lô “LB-LAC-2099-01” của sản phẩm này chưa được ghi nhận" in vietnamese
    # The page asks for itself: a link made up to say a real lot is not recorded says nothing.
    made_up = client.get(f"{product_path(product)}?lot=LB-LAC-2026-07&lang=en")
    assert "is not recorded" not in made_up.get_data(as_text=True)
    # Its linkset is the product's: the lot's links are not there.
    context = client.get(f"{unknown}?linkType=linkset").json["linkset"][0]
    assert context["anchor"] == f"{BASE}/01/{GTIN}"
    assert VOC + "traceability" not in context
    assert client.get(f"{unknown}?linkType=gs1:pip").status_code == 307
    assert client.get(f"{unknown}?linkType=gs1:traceability").status_code == 404
    # An unknown GTIN, or a draft product's unknown lot, stays a 404.
    assert client.get(f"/01/{OTHER_GTIN}/10/LB-LAC-2026-07").status_code == 404
    gtin_product(coop_tq, gtin="08934567000031", status="draft", name="Nháp", sku="NHAP")
    assert client.get("/01/08934567000031/10/LB-LAC-2026-07").status_code == 404


def test_linkset_by_query_or_accept_header(client, peanuts):
    product, batch = peanuts
    anchor = f"{BASE}/01/{GTIN}/10/LB-LAC-2026-07"
    for response in (
        client.get(f"/01/{GTIN}/10/LB-LAC-2026-07?linkType=linkset"),
        client.get(f"/01/{GTIN}/10/LB-LAC-2026-07", headers={"Accept": LINKSET}),
    ):
        assert response.status_code == 200
        assert response.mimetype == LINKSET
        assert "Accept" in response.headers["Vary"]
        (context,) = response.json["linkset"]
        assert context["anchor"] == anchor
        trace = context[VOC + "traceability"][0]
        assert trace["href"] == f"{BASE}/t/{batch.public_code}"
        assert trace["hreflang"] == ["vi", "en"] and trace["type"] == "text/html" and trace["title"]
        assert context[VOC + "defaultLink"][0]["href"] == trace["href"]
        epcis = context[VOC + "epcis"][0]
        assert epcis["href"] == f"{BASE}/t/{batch.public_code}/epcis.jsonld"
        assert epcis["type"] == "application/ld+json"
        pip = context[VOC + "pip"][0]
        assert pip["href"] == BASE + product_path(product)
        assert context[VOC + "hasRetailers"][0]["href"].endswith(f"/c/{product.cooperative.slug}")


def test_product_linkset_has_no_batch_links(client, peanuts):
    context = client.get(f"/01/{GTIN}?linkType=linkset").json["linkset"][0]
    assert context["anchor"] == f"{BASE}/01/{GTIN}"
    assert VOC + "traceability" not in context
    (default,) = context[VOC + "defaultLink"]
    assert default == {key: context[VOC + "pip"][0][key] for key in ("href", "title")}


def test_link_type_redirects_to_that_link(client, peanuts):
    product, batch = peanuts
    lot = f"/01/{GTIN}/10/LB-LAC-2026-07"
    pip = client.get(f"{lot}?linkType=gs1:pip&lang=en")
    assert pip.status_code == 307
    assert pip.headers["Location"] == f"{BASE}{product_path(product)}?lang=en"
    full = client.get(f"{lot}?linkType=https://gs1.org/voc/epcis")
    assert full.headers["Location"].endswith(f"/t/{batch.public_code}/epcis.jsonld")
    missing = client.get(f"{lot}?linkType=gs1:recipeInfo")
    assert missing.status_code == 404


def test_head_requests(client, peanuts):
    assert client.head(f"/01/{GTIN}").status_code == 307
    assert client.head(f"/01/{GTIN[:-1]}8").status_code == 400
    assert client.head(f"/01/{OTHER_GTIN}").status_code == 404
    head = client.head(f"/01/{GTIN}?linkType=linkset")
    assert head.status_code == 200 and head.data == b""


SEGMENT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=25
)
ENCODED = SEGMENT.map(lambda s: quote(s, safe="%!$&'()*+,;=:@-._~"))
KEYS = st.sampled_from(["01", "10", "21", "22", "235", "99", "", "%31%30"])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(st.one_of(KEYS, ENCODED, st.just(GTIN)), max_size=8))
def test_arbitrary_paths_never_fail(client, db, parts):
    response = client.get("/01/" + "/".join(parts))
    # An empty database knows no GTIN: every answer is a clear 400 or 404, never 500 or 200.
    assert response.status_code in (400, 404), parts


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lot=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_any_lot_on_the_product_page_is_shown_as_text_or_not_at_all(client, peanuts, lot):
    """The product page reads ``?lot=`` (a walked-up Digital Link's) as anyone may type it."""
    product, batch = peanuts
    page = client.get(product_path(product), query_string={"lot": lot, "lang": "en"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    noted = "of this product is not recorded" in text
    shown = unicodedata.normalize("NFC", lot).strip()
    assert noted == (0 < len(shown) <= 20 and shown.isprintable() and shown != batch.code)
    assert not noted or f"Batch “{escape(shown)}” of this product" in text  # as text
