"""A code typed by hand (issue 19): lower case, spaces, dashes and look-alikes reach the batch's
page at its one canonical address; the "enter a traceability code" box; a wrong code says what
to check and is still a 404."""

import pytest

from app.models import Scan
from tests.support.html_pages import parse_html
from tests.support.trace_page import make_batch, make_product

CODE = "G7KCTVVA8M"
WITH_ONE = "G7KC1VVA0M"  # has a 1 and a 0: typed as I/L and O


@pytest.fixture
def batches(db, coop_tq):
    product = make_product(coop_tq)
    make_batch(product, public_code=CODE)
    make_batch(product, code="LB-DAU-2026-08", public_code=WITH_ONE)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("g7kctvva8m", CODE),
        ("g7kc tvva 8m", CODE),
        ("G7KC-TVVA-8M", CODE),
        (" g7kc  tvva 8m", CODE),
        ("g7kcivvaom", WITH_ONE),
        ("G7KCLVVAOM", WITH_ONE),
        ("g7kc lvva om", WITH_ONE),
    ],
)
def test_a_code_typed_by_hand_moves_to_the_canonical_page(client, batches, typed, code):
    response = client.get(f"/t/{typed}", query_string={"lang": "en"})
    assert response.status_code == 301
    assert response.location == f"/t/{code}?lang=en"
    page = client.get(response.location)
    assert page.status_code == 200 and "Dầu lạc Lâm Bình" in page.get_data(as_text=True)


def test_the_redirect_itself_records_no_scan(client, batches, db):
    client.get("/t/g7kctvva8m")
    assert db.session.query(Scan).count() == 0


@pytest.mark.parametrize("typed", ["g7kc tvva 8m", "G7KC-TVVA-8M", "g7kctvva8m"])
def test_the_box_answers_the_batch_page(client, batches, typed):
    response = client.get("/t", query_string={"code": typed})
    assert response.status_code == 303
    assert response.location == f"/t/{CODE}"


def test_a_wrong_code_says_what_to_check_and_is_a_404(client, batches):
    for response in (
        client.get("/t", query_string={"code": "G7KC TVVA 8X", "lang": "en"}),
        client.get("/t/G7KCTVVA8X", query_string={"lang": "en"}),
        client.get("/t/g7kc tvva 8x", query_string={"lang": "en"}),
    ):
        assert response.status_code == 404
        assert response.cache_control.no_store
        doc = parse_html(response.get_data(as_text=True))
        text = doc.text()
        assert "under the QR code" in text and "O as 0, I and L as 1" in text
        box = doc.find("form", cls="code-box")
        assert box is not None and box.attrs["method"] == "get" and box.attrs["action"] == "/t"
        assert doc.find("script") is None


def test_an_empty_box_answers_the_box_again(client, db):
    response = client.get("/t", query_string={"code": "  ", "lang": "en"})
    assert response.status_code == 404
    assert parse_html(response.get_data(as_text=True)).find("form", cls="code-box") is not None


def test_the_box_is_on_every_trace_page_and_the_404_page(client, batches):
    for path in (f"/t/{CODE}", "/no-such-page"):
        doc = parse_html(client.get(path, query_string={"lang": "vi"}).get_data(as_text=True))
        box = doc.find("form", cls="code-box")
        assert box is not None and box.attrs["action"] == "/t", path
        label = box.find("label")
        assert label.text().strip() == "Nhập mã truy xuất", path
        field = box.find("input")
        assert field.attrs["name"] == "code" and field.attrs["id"] == label.attrs["for"]
