"""The public trace page /t/<code>, read as a buyer reads it after scanning a label.

Recall first and red; only current public events; only valid certificates; small; cached by
ETag with a revalidation on every view (so a recall shows at once); each view a scan.
"""

import re
from datetime import timedelta

import pytest

from app.extensions import db as _db
from app.models import Batch, BatchStatus, Product, ProductStatus, Scan
from app.product_images.services import add_images
from app.public.trace import catalogues, render_trace
from app.public.trace_services import PAGE_VERSION_KEY, page_version
from tests.support.certificates import make_cert
from tests.support.html_pages import parse_html
from tests.support.onboarding import make_step
from tests.support.product_images import photo
from tests.support.trace_page import (
    TODAY,
    add_event,
    make_batch,
    make_plot,
    make_product,
)

PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)


@pytest.fixture(autouse=True)
def _events_removed_newest_first(app):
    """Corrections reference what they correct (ON DELETE RESTRICT): empty the events table
    newest first, before the suite's table-by-table clean-up runs."""
    yield
    with app.app_context():
        _db.session.remove()
        ids = _db.session.execute(_db.text("SELECT id FROM trace_events ORDER BY id DESC"))
        delete = _db.text("DELETE FROM trace_events WHERE id = :id")
        for (event_id,) in ids.all():
            _db.session.execute(delete, {"id": event_id})
        _db.session.commit()


@pytest.fixture
def batch(db, coop_tq):
    product = make_product(coop_tq)
    plot = make_plot(coop_tq)
    batch = make_batch(product, plot_id=plot.id)
    add_event(batch, "planting", 120, place="Nương Nà Va", actor="Tổ sản xuất số 2")
    add_event(
        batch, "input", 60, details={"product": "NPK 16-16-8", "dose": "300 kg/ha", "phi_days": 7}
    )
    add_event(batch, "input", 40, details={"product": "Boóc-đô 1%", "phi_days": 14})
    add_event(batch, "harvest", 20, details={"quantity": "1250", "unit": "kg"})
    return batch


def get(client, code="TLB7DAU", **kwargs):
    response = client.get(f"/t/{code}", **kwargs)
    assert response.status_code == 200, response.status
    return response


def doc_of(response):
    return parse_html(response.get_data(as_text=True))


def test_the_page_shows_product_cooperative_place_dates_and_journey(client, batch):
    html = get(client, headers={"User-Agent": PHONE_UA}).get_data(as_text=True)
    assert "Dầu lạc Lâm Bình" in html
    assert f'href="/c/{batch.cooperative.slug}"' in html
    assert "Xã Lâm Bình, Tuyên Quang" in html
    assert "VN-TQ-LB-0012" in html  # the plot's planting-area code
    assert "LB-DAU-2026-07" in html
    for day in (batch.produced_on, batch.packed_on, batch.expires_on):
        assert day.strftime("%d/%m/%Y") in html
    # Inputs summarised in one line, with the products and the pre-harvest interval.
    summary = doc_of(get(client)).find("p", cls="trace-inputs").text()
    assert "2" in summary and "NPK 16-16-8" in summary and "Boóc-đô 1%" in summary
    assert re.search(r"cách ly|pre-harvest", summary)
    assert "<script" not in html


def test_a_harvest_inside_the_interval_is_said_honestly(client, batch):
    add_event(batch, "input", 21, details={"product": "Regent 800WG", "phi_days": 14})
    summary = doc_of(get(client, query_string={"lang": "en"})).find("p", cls="trace-inputs").text()
    assert "A harvest fell within a pre-harvest interval" in summary


def test_unknown_codes_answer_404_not_500(client, db):
    for code in ("NOPE", "x" * 40, "%00", "TLB7DAU'--"):
        assert client.get(f"/t/{code}").status_code == 404, code
        assert client.get(f"/t/{code}/record.json").status_code == 404, code


def test_a_recalled_batch_says_so_first_in_red(client, batch):
    batch.status = BatchStatus.RECALLED
    batch.recall_reason = "Phát hiện aflatoxin vượt ngưỡng"
    batch.recall_advice = "Ngừng sử dụng, mang chai đến điểm mua để được hoàn tiền."
    batch.recalled_on = TODAY
    _db.session.commit()
    html = get(client).get_data(as_text=True)
    body = html[html.index("<body") :]
    first = re.search(r"<(div|p|a|header|main)\b[^>]*>", body[body.index(">") + 1 :]).group(0)
    assert 'class="recall-banner"' in first and 'role="alert"' in first
    banner = doc_of(get(client)).find("div", cls="recall-banner")
    assert "aflatoxin" in banner.text() and "hoàn tiền" in banner.text()
    assert TODAY.strftime("%d/%m/%Y") in banner.text()
    css = client.get("/static/css/app.css").get_data(as_text=True)
    rule = re.search(r"\.recall-banner \{([^}]*)\}", css).group(1)
    red = re.search(r"background: #([0-9a-f]{6})", rule).group(1)
    r, g, b = (int(red[i : i + 2], 16) for i in (0, 2, 4))
    assert r > 150 and g < 60 and b < 60


def test_no_recall_banner_when_not_recalled(client, batch):
    assert "recall-banner" not in get(client).get_data(as_text=True)


def test_an_archived_product_is_marked_discontinued_and_still_answers(client, batch):
    batch.product.status = ProductStatus.ARCHIVED
    _db.session.commit()
    html = get(client, query_string={"lang": "en"}).get_data(as_text=True)
    assert "Discontinued" in html


def test_language_links_and_english(client, batch):
    vi = doc_of(get(client))
    assert vi.find("html").attrs["lang"] == "vi"
    links = [a.attrs["href"] for a in vi.find("nav", cls="lang").find_all("a")]
    assert links == ["/t/TLB7DAU?lang=vi", "/t/TLB7DAU?lang=en"]
    en = get(client, query_string={"lang": "en"})
    assert en.headers["Content-Language"] == "en"
    assert doc_of(en).find("html").attrs["lang"] == "en"
    assert "Journey" in en.get_data(as_text=True)


def test_internal_and_superseded_events_are_never_shown(client, batch):
    add_event(batch, "packing", 15, public=False, notes="Ghi chú nội bộ: thiếu nhãn")
    wrong = add_event(batch, "storage", 10, notes="Kho số 9 (nhầm)")
    add_event(batch, "storage", 10, notes="Kho số 1", supersedes=wrong)
    html = get(client).get_data(as_text=True)
    assert "nội bộ" not in html
    assert "Kho số 9" not in html
    assert "Kho số 1" in html
    record = client.get("/t/TLB7DAU/record.json").get_json()
    assert "Kho số 9 (nhầm)" not in str(record) and "nội bộ" not in str(record)


def test_only_valid_certificates_of_the_product(client, batch, coop_tq):
    valid = make_cert(coop_tq, number="VietGAP-OK-01")
    expired = make_cert(
        coop_tq,
        number="VietGAP-OLD-02",
        issued_on=TODAY - timedelta(days=800),
        expires_on=TODAY - timedelta(days=1),
    )
    make_cert(coop_tq, number="VietGAP-NOT-LINKED")
    product = batch.product
    product.certificates += [valid, expired]
    _db.session.commit()
    html = get(client).get_data(as_text=True)
    assert "VietGAP-OK-01" in html
    assert "VietGAP-OLD-02" not in html and "VietGAP-NOT-LINKED" not in html


def test_lineage_links_one_step_back_and_forward(client, batch, coop_tq):
    peanuts = make_product(coop_tq, slug="lac-do", name="Lạc đỏ")
    raw = make_batch(peanuts, code="LB-LAC-2026-07", public_code="TLB7LAC")
    batch.inputs.append(raw)
    _db.session.commit()
    oil = doc_of(get(client))
    assert oil.find("a", href="/t/TLB7LAC") is not None
    assert doc_of(get(client, "TLB7LAC")).find("a", href="/t/TLB7DAU") is not None


def test_where_to_buy_lists_confirmed_shops(client, batch, coop_tq):
    make_step(coop_tq, "voso", "shop_approved", "done", evidence_url="https://voso.vn/shop/htx")
    html = get(client).get_data(as_text=True)
    assert 'href="https://voso.vn/shop/htx"' in html


def test_cache_headers_etag_and_304(client, batch):
    first = get(client)
    assert first.headers["Cache-Control"] in ("public, no-cache", "no-cache, public")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/t/TLB7DAU", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    other_language = client.get("/t/TLB7DAU?lang=en", headers={"If-None-Match": etag})
    assert other_language.status_code == 200


def test_the_etag_changes_with_the_templates_version(app, client, batch, monkeypatch):
    assert app.extensions[PAGE_VERSION_KEY] == page_version(
        app.jinja_env, catalogues=catalogues(app)
    )
    assert len(catalogues(app)) == 2  # vi and en
    etag = get(client).headers["ETag"]
    monkeypatch.setitem(app.extensions, PAGE_VERSION_KEY, "edited templates")
    after = client.get("/t/TLB7DAU", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag


def test_the_etag_changes_on_recall_and_on_a_new_public_event(client, batch):
    etag = get(client).headers["ETag"]
    add_event(batch, "packing", 1)
    after_event = client.get("/t/TLB7DAU", headers={"If-None-Match": etag})
    assert after_event.status_code == 200
    etag = after_event.headers["ETag"]
    batch.status = BatchStatus.RECALLED
    batch.recall_reason = "Nhãn in sai hạn dùng"
    _db.session.commit()
    recalled = client.get("/t/TLB7DAU", headers={"If-None-Match": etag})
    assert recalled.status_code == 200
    assert "recall-banner" in recalled.get_data(as_text=True)


def _largest_batch(coop):
    """More than any real batch shows: 40 events with notes, 6 inputs, 5 certificates,
    4 source batches, 3 shops, a photo."""
    product = make_product(coop, name="Dầu lạc nguyên chất Lâm Bình ép lạnh, chai thủy tinh 500 ml")
    add_images(product, [("a.jpg", photo((1600, 1200)))])
    plot = make_plot(coop)
    batch = make_batch(product, plot_id=plot.id)
    for n in range(6):
        add_event(batch, "input", 90 - n, details={"product": f"Phân hữu cơ vi sinh số {n}"})
    for n in range(34):
        add_event(
            batch,
            ["planting", "harvest", "processing", "inspection", "storage", "shipping"][n % 6],
            80 - n,
            place="Xưởng ép dầu thôn Nà Va, xã Lâm Bình",
            actor="Ma Văn Thảo",
            notes="Ép lạnh dưới 50 °C, lọc 3 lần qua giấy lọc thực phẩm, để lắng 7 ngày.",
            details={"result": "pass", "lab": "Trung tâm Kỹ thuật TĐC 1", "from": "Lâm Bình"},
        )
    certs = [make_cert(coop, number=f"VietGAP-TT-23-07-08-014{n}") for n in range(5)]
    sources = [make_batch(product, code=f"LB-LAC-{n}", public_code=f"TLAC{n}") for n in range(4)]
    product = _db.session.get(type(product), product.id)
    product.certificates += certs
    batch = _db.session.get(Batch, batch.id)
    batch.inputs += sources
    _db.session.commit()
    for market in ("voso", "postmart", "shopee"):
        make_step(coop, market, "shop_approved", "done", evidence_url=f"https://{market}.vn/s/1")
    return batch


def test_html_and_first_view_transfer_stay_small(client, coop_tq):
    _largest_batch(coop_tq)
    page = get(client)
    html = page.get_data(as_text=True)
    assert len(page.data) <= 30 * 1024, len(page.data)
    assert "<script" not in html
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(
        r'<img [^>]*src="([^"]+)"', html
    )
    assert any("/media/" in a for a in assets)
    total = len(page.data)
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        total += len(asset.data)
    assert total <= 100 * 1024, total
    img = doc_of(page).find("img", cls="trace-photo")
    assert img.attrs["width"] and img.attrs["height"] and img.attrs["alt"]


def test_render_trace_serves_other_routes_the_same_page(app, batch):
    with app.test_request_context("/01/08931234567890/10/LB-DAU-2026-07"):
        loaded = _db.session.get(Batch, batch.id)
        response = render_trace(loaded, "/01/08931234567890/10/LB-DAU-2026-07")
        assert response.status_code == 200
        assert "LB-DAU-2026-07" in response.get_data(as_text=True)
        assert 'href="/01/08931234567890/10/LB-DAU-2026-07?lang=en"' in response.get_data(
            as_text=True
        )
    codes = _db.session.execute(_db.select(Scan.code)).scalars().all()
    assert codes == ["/01/08931234567890/10/LB-DAU-2026-07"]


def test_every_view_records_a_scan_without_the_ip(client, batch):
    ip = "203.113.152.71"
    env = {"REMOTE_ADDR": ip}
    etag = get(client, environ_base=env, headers={"User-Agent": PHONE_UA}).headers["ETag"]
    client.get(
        "/t/TLB7DAU", environ_base=env, headers={"User-Agent": PHONE_UA, "If-None-Match": etag}
    )
    scans = _db.session.execute(_db.select(Scan)).scalars().all()
    assert len(scans) == 2
    assert {s.device for s in scans} == {"phone"}
    assert {s.code for s in scans} == {"TLB7DAU"}
    assert len({s.visitor for s in scans}) == 1
    dump = _db.session.execute(_db.text("SELECT * FROM scans")).all()
    assert ip not in str(dump)
    assert ip.replace(".", "") not in str(dump)


def test_unique_visitors_are_counted_per_day(client, batch):
    from app.scans.services import scan_summary

    for ip, ua in [("10.0.0.1", PHONE_UA), ("10.0.0.1", PHONE_UA), ("10.0.0.2", PHONE_UA)]:
        get(client, environ_base={"REMOTE_ADDR": ip}, headers={"User-Agent": ua})
    summary = scan_summary([batch.id])
    assert summary.scans == 3 and summary.visitors == 2
    assert summary.days[-1].scans == 3 and len(summary.days) == 30


def test_link_previews_are_left_out_of_the_scan_figures(client, batch):
    from app.scans.services import scan_summary, scans_per_batch

    get(client, environ_base={"REMOTE_ADDR": "10.0.0.1"}, headers={"User-Agent": PHONE_UA})
    for agent in ("facebookexternalhit/1.1", "WhatsApp/2.23.20.0", "TelegramBot (like TwitterBot)"):
        get(client, environ_base={"REMOTE_ADDR": "10.0.0.9"}, headers={"User-Agent": agent})
    summary = scan_summary([batch.id])
    assert (summary.scans, summary.visitors, summary.all_time) == (1, 1, 1)
    [row] = scans_per_batch([batch.cooperative_id])
    assert (row.scans, row.visitors) == (1, 1)


def test_a_failing_scan_insert_never_breaks_the_page(client, batch, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr("app.public.trace_responses.record_scan", broken)
    assert get(client).status_code == 200


def test_the_record_has_the_ten_items(client, batch, coop_tq):
    cert = make_cert(coop_tq, number="VietGAP-01")
    product = batch.product
    product.certificates.append(cert)
    _db.session.commit()
    data = client.get("/t/TLB7DAU/record.json").get_json()
    assert data["circular"] == "02/2024/TT-BKHCN"
    for key in (
        "name",
        "images",
        "producer",
        "address",
        "stages",
        "production_time",
        "traceability_code",
        "brand",
        "shelf_life",
        "applied_standards",
    ):
        assert key in data, key
    assert data["name"] == "Dầu lạc Lâm Bình"
    assert data["address"]["commune_code"] == 2266
    assert [s["stage"] for s in data["stages"]] == ["planting", "input", "input", "harvest"]
    for stage in data["stages"]:
        assert stage["product_code"] and stage["location_code"] and stage["time"].endswith("+07:00")
    assert data["traceability_code"]["lot"] == "LB-DAU-2026-07"
    assert data["shelf_life"]["days"] == 365
    numbers = [s["number"] for s in data["applied_standards"]]
    assert "TCCS 01:2025/HTXLB" in numbers and "VietGAP-01" in numbers
    page = client.get("/t/TLB7DAU/record")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "02/2024/TT-BKHCN" in html and "VN-TQ-LB-0012" in html


def test_scans_staff_page(client, batch, member, coop_ld):
    from tests.support.clients import sign_in

    get(client, headers={"User-Agent": PHONE_UA})
    sign_in(client, member)
    page = client.get("/scans/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "LB-DAU-2026-07" in html and "<svg" in html
    assert client.get(f"/scans/?cooperative={coop_ld.id}").status_code == 403


KEPT_STORES = ("page_cache", "page_generations", "trace_showcases", "kept_front")


@pytest.fixture
def kept(app, monkeypatch):
    """Trace caching on, as in production, with empty stores (the app outlives the test)."""
    monkeypatch.setitem(app.config, "TRACE_CACHE_SECONDS", 60)
    for store in KEPT_STORES:
        monkeypatch.delitem(app.extensions, store, raising=False)
    yield app
    for store in KEPT_STORES:
        app.extensions.pop(store, None)


def test_a_kept_page_shows_a_new_certificate_and_a_recall_at_once(
    kept, app, client, batch, coop_tq
):
    assert "VietGAP-NEW-01" not in get(client).get_data(as_text=True)
    cert = make_cert(coop_tq, number="VietGAP-NEW-01")
    product = _db.session.get(Product, batch.product_id)
    product.certificates.append(cert)
    _db.session.commit()
    assert "VietGAP-NEW-01" in get(client).get_data(as_text=True)
    stored = _db.session.get(Batch, batch.id)
    stored.status = BatchStatus.RECALLED
    stored.recall_reason = "Nhãn in sai hạn dùng"
    _db.session.commit()
    assert "recall-banner" in get(client).get_data(as_text=True)


def test_scans_wait_for_a_batch_or_a_moment_then_go_in_together(app, client, batch, monkeypatch):
    import time

    monkeypatch.setitem(app.config, "SCAN_BATCH_SIZE", 3)
    monkeypatch.setitem(app.config, "SCAN_FLUSH_SECONDS", 0.3)
    monkeypatch.setitem(app.extensions, "scan_writer", None)  # a writer of its own, dropped after

    def stored() -> int:
        _db.session.rollback()  # a fresh look at what other connections committed
        return _db.session.execute(_db.select(_db.func.count(Scan.id))).scalar_one()

    get(client, headers={"User-Agent": PHONE_UA})
    get(client, headers={"User-Agent": PHONE_UA})
    assert stored() == 0
    get(client, headers={"User-Agent": PHONE_UA})
    assert stored() == 3  # the third filled the batch: one INSERT for the three
    get(client, headers={"User-Agent": PHONE_UA})
    assert stored() == 3
    for _ in range(50):  # the waiting scan goes in after SCAN_FLUSH_SECONDS
        if stored() == 4:
            break
        time.sleep(0.05)
    assert stored() == 4
    assert {s.device for s in _db.session.execute(_db.select(Scan)).scalars()} == {"phone"}


def test_a_stored_page_is_served_again_until_its_batch_changes(kept, app, client, batch):
    first = get(client)
    again = get(client)
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    store = app.extensions["page_cache"]
    assert len(store.entries) == 1
    add_event(batch, "packing", 1, place="Xưởng đóng gói HTX")
    changed = get(client)
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert "Xưởng đóng gói HTX" in changed.get_data(as_text=True)
    english = get(client, query_string={"lang": "en"})
    assert "Packing" in english.get_data(as_text=True) and len(store.entries) == 2


def test_a_new_input_on_another_batch_of_the_plot_changes_the_page(kept, app, client, batch):
    before = get(client)
    assert "The pre-harvest interval was respected." in get(
        client, query_string={"lang": "en"}
    ).get_data(as_text=True)
    sibling = make_batch(
        batch.product, code="LB-DAU-2026-09", public_code="TLB9DAU", plot_id=batch.plot_id
    )
    add_event(sibling, "input", 22, details={"product": "Regent 800WG", "phi_days": 7})
    after = get(client, query_string={"lang": "en"})
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "A harvest fell within a pre-harvest interval." in after.get_data(as_text=True)
