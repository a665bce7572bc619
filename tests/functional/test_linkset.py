"""Every linkset the resolver can produce validates against GS1's linkset schema (GS1-Conformant
Resolver 1.2.0), uses link types of the GS1 Web Vocabulary only, describes the item in the
reader's language and points at GS1's JSON-LD context."""

import json
import unicodedata
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.labels.services import run_codes
from app.models import BatchStatus, ListingStatus, ProductStatus
from app.products.services import VariantData
from app.resolver.vocabulary import GS1_VOC, LINK_TYPES, LINKSET_CONTEXT
from tests.support import factories
from tests.support.labels import make_run
from tests.support.resolver import GTIN, gtin_product, make_batch

LINKSET = "application/linkset+json"
LOT = "LB-LAC-2026-07"
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "data" / "gs1-linkset-schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)  # Draft 7, as the schema declares
VALIDATOR.check_schema(SCHEMA)
CONTEXT_LINK = (
    f'<{LINKSET_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
)


@pytest.fixture
def peanuts(db, coop_tq):
    product = gtin_product(coop_tq)
    batch = make_batch(coop_tq, product, code=LOT, public_code="LBLAC07")
    return product, batch


def fetch_linksets(client, path, **kwargs):
    """The linkset asked for both ways GS1 defines, each checked against the schema."""
    headers = kwargs.pop("headers", {})
    answers = [
        client.get(path, query_string={"linkType": "linkset", **kwargs}, headers=headers),
        client.get(path, query_string=kwargs, headers={"Accept": LINKSET, **headers}),
    ]
    for response in answers:
        assert response.status_code == 200, path
        assert response.mimetype == LINKSET
        assert CONTEXT_LINK in response.headers["Link"]
        assert 'rel="linkset"' in response.headers["Link"]
        assert_valid(response.json)
    assert answers[0].json == answers[1].json
    return answers[0]


def assert_valid(document):
    errors = [e.message for e in VALIDATOR(SCHEMA).iter_errors(document)]
    assert not errors, errors
    for context in document["linkset"]:
        for key, targets in context.items():
            if key in ("anchor", "itemDescription"):
                continue
            assert key.startswith(GS1_VOC) and key[len(GS1_VOC) :] in LINK_TYPES, key
            assert all(t["href"] and t["title"] for t in targets)
        # One default link, with a title and no other attribute.
        (default,) = context[GS1_VOC + "defaultLink"]
        assert set(default) == {"href", "title"}


def only_context(response) -> dict:
    (context,) = response.json["linkset"]
    return context


def rels(context) -> set[str]:
    return {k[len(GS1_VOC) :] for k in context if k.startswith(GS1_VOC)}


def test_product_lot_and_serial_linksets_validate(client, peanuts):
    product = fetch_linksets(client, f"/01/{GTIN}")
    assert rels(only_context(product)) == {"defaultLink", "pip", "hasRetailers"}
    lot = only_context(fetch_linksets(client, f"/01/{GTIN}/10/{LOT}"))
    assert rels(lot) == {"defaultLink", "traceability", "epcis", "pip", "hasRetailers"}
    assert lot[GS1_VOC + "defaultLink"][0]["href"] == lot[GS1_VOC + "traceability"][0]["href"]
    serial = only_context(fetch_linksets(client, f"/01/{GTIN}/10/{LOT}/21/A1B2C3"))
    assert serial["anchor"].endswith(f"/01/{GTIN}/10/{LOT}/21/A1B2C3")
    assert serial["itemDescription"].endswith("A1B2C3")


def test_a_genuine_serials_linkset_leads_to_its_own_page(client, peanuts):
    _, batch = peanuts
    (serial,) = run_codes(make_run(batch, serialized=True, count=1))
    path = f"/01/{GTIN}/10/{LOT}/21/{serial}"
    context = only_context(fetch_linksets(client, path, lang="en"))
    assert (
        context["itemDescription"]
        == f"Lạc đỏ Lâm Bình – bag 500 g, lot {LOT}, serial number {serial}"
    )
    assert context[GS1_VOC + "defaultLink"][0]["href"].endswith(f"/t/{serial}")
    assert client.get(path).headers["Location"] == context[GS1_VOC + "defaultLink"][0]["href"]


def test_item_description_is_name_and_pack_size_in_the_readers_language(client, peanuts):
    path = f"/01/{GTIN}/10/{LOT}"
    vietnamese = fetch_linksets(client, path)
    assert only_context(vietnamese)["itemDescription"] == f"Lạc đỏ Lâm Bình – túi 500 g, lô {LOT}"
    assert vietnamese.headers["Content-Language"] == "vi"
    for english in (
        fetch_linksets(client, path, lang="en"),
        fetch_linksets(client, path, headers={"Accept-Language": "en-GB,en;q=0.8"}),
    ):
        context = only_context(english)
        assert context["itemDescription"] == f"Lạc đỏ Lâm Bình – bag 500 g, lot {LOT}"
        assert context[GS1_VOC + "traceability"][0]["title"] == "Batch origin and journey"
        assert english.headers["Content-Language"] == "en"
    assert "Accept-Language" in vietnamese.headers["Vary"]
    # ?lang= wins over the header.
    chosen = fetch_linksets(client, path, lang="vi", headers={"Accept-Language": "en"})
    assert only_context(chosen)["itemDescription"].startswith("Lạc đỏ Lâm Bình – túi 500 g")
    # A shared cache keeps the answer by URL and Accept-Language: the session has no say.
    client.get("/language/en")
    assert only_context(fetch_linksets(client, path)) == only_context(vietnamese)


def test_an_unknown_lot_walks_up_to_the_products_linkset(client, peanuts):
    walked = fetch_linksets(client, f"/01/{GTIN}/10/LB-LAC-2099-01")
    product = fetch_linksets(client, f"/01/{GTIN}")
    assert walked.json == product.json
    assert only_context(walked)["anchor"].endswith(f"/01/{GTIN}")


def test_recalled_lot_says_so_and_sends_nobody_to_buy_it(client, db, peanuts):
    _, batch = peanuts
    batch.status = BatchStatus.RECALLED
    batch.recall_reason = "Nhiễm nấm mốc"
    db.session.commit()
    context = only_context(fetch_linksets(client, f"/01/{GTIN}/10/{LOT}"))
    assert rels(context) == {"defaultLink", "traceability", "recallStatus", "epcis", "pip"}
    (recall,) = context[GS1_VOC + "recallStatus"]
    assert recall["href"] == context[GS1_VOC + "traceability"][0]["href"]
    assert recall["title"] == "Lô hàng này đã bị thu hồi"
    # The product as a whole stays on sale: only this lot is recalled.
    assert "hasRetailers" in rels(only_context(fetch_linksets(client, f"/01/{GTIN}")))


def test_products_with_and_without_live_listings_and_several_sizes(client, db, coop_tq):
    sizes = [
        VariantData(row="variants-0", sku="MO-500", price_vnd=90_000, net_quantity="500"),
        VariantData(
            row="variants-1", sku="MO-1", price_vnd=160_000, net_quantity="1.5", net_unit="l"
        ),
    ]
    honey = gtin_product(coop_tq, name="Mật ong bạc hà", sku="MO", variants=sizes, unit="chai")
    factories.ListingFactory(
        variant=honey.variants[0], status=ListingStatus.LIVE, live_url="https://shop.example/mo"
    )
    plain = gtin_product(coop_tq, gtin="08934567000031", name="Lạc rang", sku="LR", unit="kg")
    listed = only_context(fetch_linksets(client, f"/01/{GTIN}"))
    assert listed["itemDescription"] == "Mật ong bạc hà – chai 500 g / chai 1,5 lít"
    english = only_context(fetch_linksets(client, f"/01/{GTIN}", lang="en"))
    assert english["itemDescription"] == "Mật ong bạc hà – bottle 500 g / bottle 1.5 litre"
    unlisted = only_context(fetch_linksets(client, f"/01/{plain.gtin}"))
    assert unlisted["itemDescription"] == "Lạc rang – 500 g"  # sold by weight: no "kg 500 g"


def test_valid_certificates_are_linked_to_the_product_pages_section(client, db, peanuts):
    product, _ = peanuts
    expired = factories.CertificateFactory(
        cooperative=product.cooperative,
        kind="organic",
        issued_on=date(2019, 1, 1),
        expires_on=date(2020, 1, 1),
    )
    product.certificates = [factories.CertificateFactory(cooperative=product.cooperative), expired]
    db.session.commit()
    path = f"/01/{GTIN}/10/{LOT}"
    context = only_context(fetch_linksets(client, path, lang="en"))
    (certificates,) = context[GS1_VOC + "certificationInfo"]
    pip = context[GS1_VOC + "pip"][0]["href"]
    assert certificates["href"] == pip + "#certificates-heading"
    assert certificates["title"] == "Certificates: VietGAP"  # the expired one is not shown
    # Asked for by its type, with a query string passed on before the section.
    response = client.get(path, query_string={"linkType": "gs1:certificationInfo", "foo": "bar"})
    assert response.headers["Location"] == pip + "?foo=bar#certificates-heading"


def test_archived_product_keeps_its_page_but_no_where_to_buy(client, db, peanuts):
    product, _ = peanuts
    product.status = ProductStatus.ARCHIVED
    db.session.commit()
    context = only_context(fetch_linksets(client, f"/01/{GTIN}"))
    assert rels(context) == {"defaultLink", "pip"}


def test_every_link_of_the_linkset_is_reachable_by_its_link_type(client, peanuts):
    """What GS1's suite does with a valid linkset: ask for each link type, expect its href."""
    path = f"/01/{GTIN}/10/{LOT}"
    context = only_context(fetch_linksets(client, path))
    for key, (target, *_) in ((k, v) for k, v in context.items() if k.startswith(GS1_VOC)):
        name = key[len(GS1_VOC) :]
        for link_type in (f"gs1:{name}", key):
            response = client.get(path, query_string={"linkType": link_type})
            assert response.status_code == 307, link_type
            assert response.headers["Location"] == target["href"]


NAMES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    min_size=1,
    max_size=200,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=NAMES)
def test_any_product_name_gives_a_valid_linkset(client, peanuts, name):
    product, _ = peanuts
    product.name = name
    db.session.commit()
    for path in (f"/01/{GTIN}", f"/01/{GTIN}/10/{LOT}"):
        response = client.get(path, query_string={"linkType": "linkset"})
        assert response.status_code == 200
        assert_valid(response.json)
        description = only_context(response)["itemDescription"]
        assert description == unicodedata.normalize("NFC", description)
        assert description.startswith(unicodedata.normalize("NFC", name))


def test_the_demos_linksets_validate(client, demo):
    """What seed-demo shows: the peanuts of Lâm Bình, a lot of them and their recalled lot."""
    gtin = "08936047120017"
    product = only_context(fetch_linksets(client, f"/01/{gtin}"))
    assert product["itemDescription"].startswith("Lạc đỏ Lâm Bình – túi 500 g")
    lot = only_context(fetch_linksets(client, f"/01/{gtin}/10/LB-LAC-2026-07", lang="en"))
    assert lot["itemDescription"].endswith(", lot LB-LAC-2026-07")
    recalled = only_context(fetch_linksets(client, f"/01/{gtin}/10/LB-LAC-2025-11"))
    assert "recallStatus" in rels(recalled) and "hasRetailers" not in rels(recalled)
