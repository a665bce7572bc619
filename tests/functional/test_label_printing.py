"""Issue 18, words a member understands when printing labels: the PDFs ask the print dialog
for 100 % ("Actual size"), the run page says how to print and which stock to buy, a test page
shows whether a printer lines up with a decal sheet, and a refused full label links to each
field it lacks."""

import re
from datetime import timedelta

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from app.extensions import db as _db
from app.labels.fixes import WHERE, fix_links
from app.labels.layout import FULL_FIELDS
from app.labels.templates import TEMPLATES
from app.models import LabelRun
from tests.support.batches import make_batch
from tests.support.clients import sign_in
from tests.support.labels import pdf_page_sizes_mm, pdf_text, rendered_pages
from tests.support.products import TODAY, make_product

FOOD = dict(
    origin_province_code=8,
    origin_commune_code=2266,
    ingredients="Lạc nhân đỏ 100%",
    usage_instructions="Rang hoặc luộc chín trước khi ăn.",
    storage_instructions="Nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
    warnings="Không dùng cho người dị ứng với lạc.",
)
DPI = 100


@pytest.fixture
def batch(db, coop_tq):
    coop_tq.street = "Thôn Nà Va"
    product = make_product(coop_tq, name="Lạc nhân đỏ Lâm Bình", shelf_life_days=180, **FOOD)
    return make_batch(product, "LB-LAC-2026-07", expires_on=TODAY + timedelta(days=150))


def _create(client, batch, **fields):
    data = {"template": "a4-4x10", "kind": "batch", "count": "40", "error_level": "M"}
    data.update(fields)
    return client.post(f"/labels/new?batch={batch.id}", data=data)


def _last_run() -> LabelRun:
    _db.session.expire_all()
    return _db.session.scalars(_db.select(LabelRun).order_by(LabelRun.id.desc())).first()


def _scales_to_fit(pdf: bytes) -> bool:
    """What PDFium (Chrome's reader) reads from /ViewerPreferences: may the print dialog
    scale the page (true unless /PrintScaling /None)?"""
    document = pdfium.PdfDocument(pdf)  # kept while its raw handle is read
    try:
        return bool(pdfium_c.FPDF_VIEWERREF_GetPrintScaling(document.raw))
    finally:
        document.close()


def test_label_pdfs_ask_the_printer_for_actual_size(client, member, batch):
    sign_in(client, member)
    assert _create(client, batch).status_code == 302
    run = _last_run()
    pdf = client.get(f"/labels/runs/{run.id}/labels.pdf").data
    assert b"/ViewerPreferences" in pdf and b"/PrintScaling /None" in pdf
    assert not _scales_to_fit(pdf)
    again = client.post(f"/labels/runs/{run.id}/reprint.pdf", data={"start": "3", "stop": "9"})
    assert again.mimetype == "application/pdf" and not _scales_to_fit(again.data)


def test_the_run_page_says_how_to_print_and_what_stock_to_buy(client, member, batch):
    sign_in(client, member)
    _create(client, batch, margin_top="1,5")
    page = client.get(f"/labels/runs/{_last_run().id}").get_data(as_text=True)
    assert "In 100% / “Kích thước thực” (Actual size), không chọn “Vừa trang”" in page
    assert "Giấy cần mua: Tờ A4, 40 tem 52,5 × 29,7 mm, loại decal tự dính." in page
    (link,) = re.findall(r'<a class="button" href="([^"]*)">In trang thử căn lề</a>', page)
    assert link == "/labels/alignment/a4-4x10.pdf?margin_top=1.50"
    assert client.get(link).mimetype == "application/pdf"


def test_a_thermal_roll_run_names_its_roll_and_offers_no_sheet_test(client, member, batch):
    sign_in(client, member)
    _create(client, batch, template="roll-50x30", count="5")
    page = client.get(f"/labels/runs/{_last_run().id}").get_data(as_text=True)
    assert "Giấy cần mua: Cuộn tem nhiệt 50 × 30 mm (203 dpi)" in page
    assert "Vừa trang" in page and "/labels/alignment/" not in page
    assert client.get("/labels/alignment/roll-50x30.pdf").status_code == 404


def test_the_new_run_page_offers_the_test_page_of_every_sheet(client, member, batch):
    sign_in(client, member)
    page = client.get(f"/labels/new?batch={batch.id}").get_data(as_text=True)
    assert "In trang thử căn lề" in page and "Vừa trang" in page
    for name in ("a4-3x8", "a4-4x10", "a4-5x13"):
        assert f'href="/labels/alignment/{name}.pdf"' in page


def _dark(image, x_mm: float, y_mm: float) -> bool:
    """Is the rendered page dark near (x, y) mm from its top-left corner (a 3 px box)?"""
    x, y = round(x_mm / 25.4 * DPI), round(y_mm / 25.4 * DPI)
    box = [image.getpixel((i, j)) for i in range(x - 1, x + 2) for j in range(y - 1, y + 2)]
    return min(box) < 128


@pytest.mark.parametrize("name", ["a4-3x8", "a4-4x10", "a4-5x13"])
def test_the_alignment_page_outlines_every_label_of_the_sheet(client, member, name):
    sign_in(client, member)
    response = client.get(f"/labels/alignment/{name}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf, template = response.data, TEMPLATES[name]
    assert pdf_page_sizes_mm(pdf) == [pytest.approx((210, 297), abs=0.1)]
    assert not _scales_to_fit(pdf)
    numbers = re.findall(r"\b\d+\b", pdf_text(pdf).replace("10 mm", ""))
    assert sorted(map(int, numbers)) == list(range(1, template.per_page + 1))
    image = rendered_pages(pdf, DPI)[0].convert("L")
    for x, y in template.positions():  # bottom-left corners, from the page's bottom
        top = template.page_height - y - template.label_height
        centre_x, centre_y = x + template.label_width / 2, top + template.label_height / 2
        assert _dark(image, centre_x, centre_y)  # the cross
        assert _dark(image, x + template.label_width / 2, top)  # the outline's top edge
        assert not _dark(image, centre_x + 5, centre_y + 5)  # inside: blank


def test_the_alignment_page_follows_the_margins_typed_and_refuses_nonsense(client, member):
    sign_in(client, member)
    pdf = client.get("/labels/alignment/a4-5x13.pdf?margin_top=20&margin_left=8,5").data
    image = rendered_pages(pdf, DPI)[0].convert("L")
    template = TEMPLATES["a4-5x13"]
    centre = (8.5 + template.label_width / 2, 20 + template.label_height / 2)
    assert _dark(image, *centre)
    assert not _dark(image, 4.75 + template.label_width / 2, 10.7 + template.label_height / 2)
    assert client.get("/labels/alignment/a4-5x13.pdf?margin_top=abc").status_code == 400
    assert client.get("/labels/alignment/a4-5x13.pdf?margin_top=99").status_code == 400
    assert client.get("/labels/alignment/a9-1x1.pdf").status_code == 404


def test_the_alignment_page_is_for_signed_in_staff(client):
    response = client.get("/labels/alignment/a4-4x10.pdf")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_a_refused_full_label_links_to_each_missing_field(client, member, coop_tq):
    sign_in(client, member)
    product = make_product(coop_tq, name="Lạc nhân", sku="LN-1", **{**FOOD, "warnings": ""})
    bare = make_batch(product, "LB-1")  # no expiry date
    response = _create(client, bare, template="a4-3x8", full_label="y")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and _last_run() is None
    links = dict(re.findall(r'<li><a href="([^"]+)">Bổ sung ([^<]+)</a></li>', page))
    assert links == {
        f"/trace/batches/{bare.id}/edit#expires_on": "hạn sử dụng (trên lô)",
        f"/products/{product.id}/edit#warnings": "cảnh báo",
    }
    for url in links:  # each opens a form holding a field of that id
        path, anchor = url.split("#")
        form = client.get(path).get_data(as_text=True)
        assert f'id="{anchor}"' in form, url


def test_every_text_of_a_full_label_has_a_field_to_fill_it(client, member, coop_tq):
    """Each of the full label's texts names a field that exists on its form."""
    sign_in(client, member)
    product = make_product(coop_tq, name="Lạc nhân", sku="LN-1", **FOOD)
    batch = make_batch(product, "LB-3")
    with client.application.test_request_context():
        links = fix_links(batch, tuple(FULL_FIELDS))
    assert len(links) == len(FULL_FIELDS) == len(WHERE)
    for _, url in links:
        path, anchor = url.split("#")
        assert f'id="{anchor}"' in client.get(path).get_data(as_text=True), url


def test_the_missing_net_quantity_links_to_the_batchs_variant_row(client, member, coop_tq):
    sign_in(client, member)
    product = make_product(coop_tq, name="Lạc nhân", sku="LN-1", **FOOD)
    product.variants[0].net_quantity = ""
    _db.session.commit()
    bare = make_batch(product, "LB-2", expires_on=TODAY + timedelta(days=30))
    page = _create(client, bare, template="a4-3x8", full_label="y").get_data(as_text=True)
    assert f'href="/products/{product.id}/edit#variants-0-net_quantity"' in page
    form = client.get(f"/products/{product.id}/edit").get_data(as_text=True)
    assert 'id="variants-0-net_quantity"' in form
