"""Label runs read the way their users read them: the PDF printed (pdftoppm at 300 and 150
dpi) and scanned (zxing-cpp), each QR opening the right trace page; serials checked."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
import zxingcpp
from PIL import Image

from app.extensions import db as _db
from app.models import LabelRun, RunStatus, Scan
from tests.support import factories
from tests.support.batches import make_batch
from tests.support.clients import sign_in
from tests.support.labels import (
    decoded_pages,
    decoded_symbols,
    make_run,
    path_of,
    pdf_page_sizes_mm,
    pdf_text,
)
from tests.support.products import TODAY, make_product

FOOD = dict(
    origin_province_code=8,
    origin_commune_code=2266,
    ingredients="Lạc nhân đỏ 100%",
    usage_instructions="Rang hoặc luộc chín trước khi ăn.",
    storage_instructions="Nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
    warnings="Không dùng cho người dị ứng với lạc.",
)


@pytest.fixture
def batch(db, coop_tq):
    coop_tq.street = "Thôn Nà Va"
    product = make_product(coop_tq, name="Lạc nhân đỏ Lâm Bình", shelf_life_days=180, **FOOD)
    return make_batch(product, "LB-LAC-2026-07", expires_on=TODAY + timedelta(days=150))


def _create(client, batch, **fields):
    data = {"template": "a4-5x13", "kind": "batch", "count": "24", "error_level": "M"}
    data.update(fields)
    return client.post(f"/labels/new?batch={batch.id}", data=data)


def _download(client, run_id) -> bytes:
    response = client.get(f"/labels/runs/{run_id}/labels.pdf")
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/pdf"
    return response.data


def _last_run() -> LabelRun:
    _db.session.expire_all()
    return _db.session.scalars(_db.select(LabelRun).order_by(LabelRun.id.desc())).first()


@pytest.mark.parametrize("dpi", [300, 150])
def test_every_serialized_label_decodes_to_its_own_genuine_trace_page(client, member, batch, dpi):
    sign_in(client, member)
    count = 1000 if dpi == 150 else 150  # pdftoppm takes a second or two per page at 300 dpi
    response = _create(client, batch, kind="serialized", count=f"{count:,}".replace(",", "."))
    run = _last_run()
    assert response.status_code == 302 and response.location.endswith(f"/labels/runs/{run.id}")
    assert run.status == RunStatus.DONE and run.count == count
    pdf = _download(client, run.id)
    assert pdf_page_sizes_mm(pdf)[0] == pytest.approx((210, 297), abs=0.1)
    pages = decoded_pages(pdf, dpi)
    full, rest = divmod(count, 65)
    assert [len(p) for p in pages] == [65] * full + [rest]
    urls = [url for page in pages for url in page]
    assert len(set(urls)) == count
    assert all(url.startswith("HTTP://127.0.0.1:5000/T/") for url in urls)
    for url in urls:  # each opens its batch's page, which says the code is genuine
        page = client.get(path_of(url))
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "LB-LAC-2026-07" in text and "Lạc nhân đỏ Lâm Bình" in text
        assert "Mã chính hãng" in text


def test_thermal_rolls_decode_one_label_per_page(client, member, batch):
    sign_in(client, member)
    for template, size in (("roll-50x30", (50, 30)), ("roll-40x30", (40, 30))):
        _create(client, batch, template=template, count="5", kind="serialized")
        run = _last_run()
        pdf = _download(client, run.id)
        assert pdf_page_sizes_mm(pdf) == [pytest.approx(size, abs=0.1)] * 5
        for dpi in (300, 150):
            pages = decoded_pages(pdf, dpi)
            assert [len(p) for p in pages] == [1] * 5
        for [url] in pages:
            assert client.get(path_of(url)).status_code == 200


def test_batch_labels_carry_the_batch_code_and_vietnamese_text(client, member, batch):
    sign_in(client, member)
    _create(
        client, batch, template="a4-3x8", count="30", full_label="y", cut_marks="y", error_level="Q"
    )
    run = _last_run()
    assert run.error_level == "Q" and run.full_label and run.cut_marks
    pdf = _download(client, run.id)
    text = pdf_text(pdf)
    for words in (
        "Lạc nhân đỏ Lâm Bình",
        "Hạn sử dụng",
        "Quét mã để truy xuất nguồn gốc",
        "Thành phần: Lạc nhân đỏ 100%",
        "Chịu trách nhiệm",
        "Cảnh báo",
    ):
        assert words in text
    pages = decoded_symbols(pdf, 300)
    assert [len(p) for p in pages] == [24, 6]
    assert {r.ec_level for page in pages for r in page} == {"Q"}
    assert {r.text for page in pages for r in page} == {
        f"HTTP://127.0.0.1:5000/T/{batch.public_code}"
    }
    assert b"/FontFile2" in pdf  # the font travels with the file


def test_a_full_label_is_refused_naming_what_is_missing(client, member, coop_tq):
    sign_in(client, member)
    bare = make_batch(make_product(coop_tq, name="Lạc nhân"), "LB-1")
    response = _create(client, bare, template="a4-3x8", full_label="y")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "thành phần" in text and "cảnh báo" in text and "hạn sử dụng" in text
    assert _last_run() is None


def test_bad_input_is_answered_at_the_field(client, member, batch):
    sign_in(client, member)
    response = _create(client, batch, count="0", margin_top="abc")
    text = response.get_data(as_text=True)
    assert "Nhập một số nguyên từ 1 đến 100.000." in text
    assert "Nhập số mi-li-mét, ví dụ 4,75." in text
    assert _last_run() is None


def test_preview_shows_the_first_page(client, member, batch):
    sign_in(client, member)
    response = _create(client, batch, kind="serialized", count="100", preview="y")
    assert response.status_code == 200 and _last_run() is None
    src = response.get_data(as_text=True).split('class="label-preview" src="')[1].split('"')[0]
    image = client.get(src.replace("&amp;", "&"))
    assert image.status_code == 200 and image.mimetype == "image/png"
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    assert len(found) >= 60  # 65 labels at 110 dpi


@pytest.mark.parametrize(
    ("quantity", "unit", "offered"),
    [("40", "túi", "40"), ("40", "gói", "40"), ("250", "kg", "24"), ("12.5", "hộp", "24"),
     (None, "túi", "24"), ("200000", "chai", "24")],
)  # fmt: skip
def test_the_count_offered_is_the_batchs_packs(client, member, coop_tq, quantity, unit, offered):
    """Issue 18: a batch of 40 packs was offered 24 labels."""
    product = make_product(coop_tq)
    batch = make_batch(
        product, "LB-40", unit=unit, quantity=None if quantity is None else Decimal(quantity)
    )
    sign_in(client, member)
    page = client.get(f"/labels/new?batch={batch.id}").get_data(as_text=True)
    (count,) = re.findall(r'<input[^>]*name="count"[^>]*>', page)
    assert f'value="{offered}"' in count


def test_the_run_page_names_the_stock_in_words(client, member, batch):
    sign_in(client, member)
    response = _create(client, batch, count="40", template="a4-4x10")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    run = _last_run()
    page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
    shown = re.sub(r'href="[^"]*"', "", page)  # the code may be in a link, not in words
    assert "Tờ A4, 40 tem 52,5 × 29,7 mm" in shown and "a4-4x10" not in shown
    listing = client.get("/labels/").get_data(as_text=True)
    assert "Tờ A4, 40 tem 52,5 × 29,7 mm" in listing


def test_single_labels_for_print_shops_and_reprints_give_the_same_codes(client, member, batch):
    sign_in(client, member)
    _create(client, batch, kind="serialized", count="40", template="a4-4x10")
    run = _last_run()
    full = [url for page in decoded_pages(_download(client, run.id), 150) for url in page]
    png = client.get(f"/labels/runs/{run.id}/label-7.png")
    image = Image.open(io.BytesIO(png.data))
    assert image.info["dpi"][0] == pytest.approx(600, abs=0.01)
    width, height = image.size  # 52.5 x 29.7 mm at 600 dpi, to a pixel
    assert abs(width - 52.5 / 25.4 * 600) <= 1 and abs(height - 29.7 / 25.4 * 600) <= 1
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [full[6]]
    svg = client.get(f"/labels/runs/{run.id}/label-7.svg").get_data(as_text=True)
    assert svg.startswith("<svg") and 'width="52.5mm"' in svg and "Lạc nhân đỏ" in svg
    again = client.post(f"/labels/runs/{run.id}/reprint.pdf", data={"start": "5", "stop": "12"})
    assert [u for p in decoded_pages(again.data, 150) for u in p] == full[4:12]
    refused = client.post(f"/labels/runs/{run.id}/reprint.pdf", data={"start": "12", "stop": "5"})
    assert refused.status_code == 400


def test_a_forged_serial_is_not_genuine_and_the_cooperative_sees_it(client, member, batch):
    run = make_run(batch, serialized=True, count=20)
    from app.labels.services import run_codes

    codes = list(run_codes(run))
    real = codes[3]
    forged = real[:-1] + ("0" if real[-1] != "0" else "1")
    assert client.get(f"/t/{real}").status_code == 200
    page = client.get(f"/T/{forged}")
    assert page.status_code == 404
    text = page.get_data(as_text=True)
    assert "không chính hãng" in text.lower() and batch.cooperative.legal_name in text
    unknown = client.get("/t/ZZZZZZZZZZZZZZZZZ")  # no run holds this counter
    assert unknown.status_code == 404
    for n in range(5):  # five buyers (a reload would not count: one visitor a day)
        client.get(f"/t/{codes[0]}", environ_base={"REMOTE_ADDR": f"198.51.100.{n + 1}"})
    warned = client.get(f"/t/{codes[0]}").get_data(as_text=True)
    assert "quét nhiều lần" in warned
    checks = _db.session.execute(_db.select(Scan.serial_check, Scan.code)).all()
    assert ("forged", forged) in checks and ("genuine", real) in checks
    sign_in(client, member)
    listed = client.get("/labels/suspicious").get_data(as_text=True)
    assert forged in listed and codes[0] in listed and real not in listed


def test_late_scans_after_sell_out_are_suspicious(client, member, batch):
    run = make_run(batch, serialized=True, count=3)
    from app.labels.services import run_codes

    batch.closed_on = TODAY - timedelta(days=100)
    batch.status = "closed"
    _db.session.commit()
    code = next(run_codes(run))
    text = client.get(f"/t/{code}").get_data(as_text=True)
    assert "đã bán hết hoặc hết hạn từ lâu" in text
    sign_in(client, member)
    assert code in client.get("/labels/suspicious").get_data(as_text=True)


def test_labels_of_another_cooperative_are_forbidden(client, batch):
    run = make_run(batch, count=3, serialized=True)
    from app.labels.services import run_codes

    copied = next(run_codes(run))
    for n in range(6):
        client.get(f"/t/{copied}", environ_base={"REMOTE_ADDR": f"198.51.100.{n + 1}"})
    stranger = factories.UserFactory(role="member", cooperative=factories.CooperativeFactory())
    sign_in(client, stranger)
    assert client.get(f"/labels/new?batch={batch.id}").status_code == 403
    assert client.get(f"/labels/runs/{run.id}").status_code == 403
    assert client.get(f"/labels/runs/{run.id}/label-1.png").status_code == 403
    assert client.get(f"/labels/runs/{run.id}/labels.pdf").status_code == 403
    assert client.get(f"/labels/preview.png?batch={batch.id}").status_code == 403
    assert f"/labels/runs/{run.id}" not in client.get("/labels/").get_data(as_text=True)
    assert copied not in client.get("/labels/suspicious").get_data(as_text=True)


def test_a_recalled_batch_gets_no_new_labels(client, runner, member, batch, tmp_path):
    from app.trace.services import recall_batch

    run = make_run(batch, serialized=True, count=3)
    recall_batch(batch, "Aflatoxin vượt ngưỡng", "Ngừng sử dụng", TODAY, None, TODAY)
    sign_in(client, member)
    response = client.get(f"/labels/new?batch={batch.id}")
    assert response.status_code == 302
    out = tmp_path / "tem.pdf"
    refused = runner.invoke(
        args=["labels", batch.code, "--count", "5", "--template", "a4-3x8", "--out", str(out)]
    )
    assert refused.exit_code != 0 and "thu hồi" in refused.output and not out.exists()
    assert _db.session.scalar(_db.select(_db.func.count(LabelRun.id))) == 1
    from app.labels.services import run_codes

    page = client.get(f"/t/{next(run_codes(run))}")  # printed codes still answer, in red
    assert page.status_code == 200 and "recall-banner" in page.get_data(as_text=True)


def test_a_thread_writes_long_runs_while_the_page_shows_progress(app, client, member, batch):
    sign_in(client, member)
    app.config["JOBS"] = "thread"
    try:
        _create(client, batch, kind="serialized", count="400")
        run = _last_run()
        page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
        assert 'http-equiv="refresh"' in page or "Tải tệp PDF" in page
        from app import jobs

        jobs.drain()
    finally:
        app.config["JOBS"] = "inline"
    assert _last_run().status == RunStatus.DONE
    urls = {u for p in decoded_pages(_download(client, run.id), 150) for u in p}
    assert len(urls) == 400


def test_a_queue_that_does_not_answer_fails_the_run_visibly(app, client, member, batch):
    sign_in(client, member)
    app.config.update(JOBS="rq", REDIS_URL="redis://127.0.0.1:9/0")  # nothing listens there
    try:
        response = _create(client, batch, kind="serialized", count="40")
    finally:
        app.config.update(JOBS="inline", REDIS_URL=None)
    run = _last_run()
    assert response.status_code == 302 and run.status == RunStatus.FAILED
    page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
    assert "Redis" in page and f"/labels/runs/{run.id}/write" in page
    first = run.first_serial
    assert client.post(f"/labels/runs/{run.id}/write").status_code == 302  # inline again
    run = _last_run()
    assert run.status == RunStatus.DONE and run.first_serial == first


def test_gs1_digital_link_labels_resolve_through_the_gtin(client, member, coop_tq):
    from tests.support.resolver import GTIN, OTHER_GTIN, gtin_product

    product = gtin_product(coop_tq, name="Lạc nhân đỏ Lâm Bình")
    batch = make_batch(product, "LB-LAC-2026-07")
    plain = make_batch(make_product(coop_tq, name="Miến dong", sku="MD-1"), "MD-1")
    sign_in(client, member)
    refused = _create(client, plain, link="gs1").get_data(as_text=True)
    assert "GTIN" in refused and _last_run() is None
    _create(client, batch, link="gs1", kind="serialized", count="10", template="a4-4x10")
    urls = [u for p in decoded_pages(_download(client, _last_run().id), 150) for u in p]
    assert len(set(urls)) == 10
    assert all(path_of(u).startswith(f"/01/{GTIN}/21/") for u in urls)
    for url in urls:  # each redirects (307) to its own page, which checks it again
        page = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "Mã chính hãng" in page and "LB-LAC-2026-07" in page
    product.status = "draft"  # a printed serial answers whatever the product's status
    _db.session.commit()
    assert "Mã chính hãng" in client.get(urls[1], follow_redirects=True).get_data(as_text=True)
    serial = path_of(urls[0]).rsplit("/", 1)[1]
    assert client.get(f"/01/{OTHER_GTIN}/21/{serial}").status_code == 404  # unknown GTIN
    other = gtin_product(coop_tq, gtin=OTHER_GTIN, name="Dầu lạc", sku="DL-1")
    assert other.gtin == OTHER_GTIN
    wrong = client.get(f"/01/{OTHER_GTIN}/21/{serial}")  # a real serial under another GTIN
    assert wrong.status_code == 404 and "không chính hãng" in wrong.get_data(as_text=True).lower()
    _create(client, batch, link="gs1", count="3", template="roll-50x30")
    [[lot_url], *_] = decoded_pages(_download(client, _last_run().id), 300)
    assert path_of(lot_url) == f"/01/{GTIN}/10/LB-LAC-2026-07"
    assert client.get(lot_url, follow_redirects=True).status_code == 200


def test_the_command_line_prints_a_run(app, runner, batch, tmp_path):
    out = tmp_path / "tem.pdf"
    result = runner.invoke(
        args=[
            "labels",
            "LB-LAC-2026-07",
            "--count",
            "70",
            "--template",
            "a4-5x13",
            "--serialized",
            "--out",
            str(out),
        ]  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    assert "70 serialized labels on 2 pages" in result.output
    urls = [u for p in decoded_pages(out.read_bytes(), 150) for u in p]
    assert len(set(urls)) == 70
    client = app.test_client()
    assert all(client.get(path_of(u)).status_code == 200 for u in urls[:5])
    factories.CooperativeFactory(slug="htx-khac")
    from app.models import Cooperative

    other = _db.session.scalars(_db.select(Cooperative).filter_by(slug="htx-khac")).one()
    make_batch(make_product(other, name="Lạc", sku="X-1"), "LB-LAC-2026-07")
    shared = runner.invoke(
        args=["labels", "LB-LAC-2026-07", "--count", "1", "--template", "a4-3x8", "--out", str(out)]
    )
    assert shared.exit_code != 0 and "htx-khac/LB-LAC-2026-07" in shared.output
    named = runner.invoke(
        args=[
            "labels",
            "htx-khac/LB-LAC-2026-07",
            "--count",
            "1",
            "--template",
            "a4-3x8",
            "--out",
            str(out),
            "--full",
        ]  # fmt: skip
    )
    assert named.exit_code != 0 and "thành phần" in named.output  # what to add, in Vietnamese
