"""The demo plots and batches: fixed public codes, the peanut-to-oil lineage, one recall."""

from app.demo import seed_demo
from app.trace.demo import DEMO_BATCHES, demo_batch
from app.trace.services import lineage
from tests.support.batches import PUBLIC_CODE


def test_the_demo_batches_have_their_fixed_codes_and_lineage(app, db, demo):
    again = seed_demo()
    assert not [line for line in again if line.startswith(("plot", "batch"))]
    for demo in DEMO_BATCHES:
        assert PUBLIC_CODE.fullmatch(demo.public_code)
        assert demo_batch(demo.public_code) is not None, demo.public_code
    oil = demo_batch("TQDPN2608A")
    inputs, outputs = lineage(oil)
    assert [b.public_code for b in inputs] == ["TQPNT2607A", "TQPNT2607B"] and outputs == []
    assert [b.public_code for b in lineage(demo_batch("TQPNT2607A"))[1]] == ["TQDPN2608A"]
    assert oil.plot.kind == "facility" and oil.variant.sku == "LB-DAU-500"
    recalled = demo_batch("TQPNT2511R")
    assert recalled.status == "recalled"
    assert recalled.recall_advice == "Ngừng sử dụng, liên hệ HTX để được hoàn tiền."
    assert demo_batch("TQPNT2607A").plot.name == "Nương Nà Va"
    assert str(demo_batch("TQPNT2607A").plot.area_ha.normalize()) == "2.5"


def test_the_demo_oil_page_shows_its_peanuts_and_each_peanut_page_where_it_went(db, demo, client):
    oil = client.get("/t/TQDPN2608A", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    section = oil[oil.index('id="lineage-heading"') :]
    assert 'href="/t/TQPNT2607A"' in section and 'href="/t/TQPNT2607B"' in section
    assert "Làm từ" in section
    for peanuts in ("TQPNT2607A", "TQPNT2607B"):
        page = client.get(f"/t/{peanuts}", headers={"Accept-Language": "vi"})
        html = page.get_data(as_text=True)
        assert "Dùng cho" in html and 'href="/t/TQDPN2608A"' in html
