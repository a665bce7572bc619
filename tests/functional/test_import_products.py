"""Product import in the browser: upload → preview → confirm, problems by row and column,
tampering, who may import for which cooperative, all-or-nothing, and bad files."""

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from app.models import Product, ProductVariant
from tests.support import factories
from tests.support.clients import sign_in
from tests.support.product_import_files import HEADERS, csv_bytes, good_rows, prow, xlsx

URL = "/import/products"


@pytest.fixture(autouse=True)
def _no_kept_uploads_left(app):
    """Kept uploads of unconfirmed previews would otherwise stay for the next test module."""
    yield
    shutil.rmtree(Path(app.config["MEDIA_ROOT"]) / "imports", ignore_errors=True)


def _count(db, model=Product):
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar()


def _upload(client, data: bytes, name="san-pham.xlsx"):
    return client.post(
        URL,
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html).group(1)


def _confirm(client, html: str, **overrides):
    data = {"token": _hidden(html, "token"), "fingerprint": _hidden(html, "fingerprint")}
    data.update(overrides)
    return client.post(f"{URL}/confirm", data=data)


def _problems(html: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r"<tr><td[^>]*>(\d+)</td><td[^>]*>([^<]*)</td><td class=\"error\">([^<]*)</td></tr>", html
    )


def test_upload_preview_confirm_creates_products_with_their_variants(app, as_officer, db, coop_tq):
    response = _upload(as_officer, xlsx(good_rows(coop_tq.slug)))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã đọc 3 dòng: 2 sản phẩm (3 phân loại) có thể tạo mới" in html
    assert "Chè Shan Tuyết Na Hang" in html and "Gói 200 g · CST-200 · 120.000" in html
    assert _count(db) == 0  # the preview changes nothing

    response = _confirm(as_officer, html)
    assert response.status_code == 302
    products = {p.slug: p for p in db.session.execute(db.select(Product)).scalars()}
    assert set(products) == {"che-shan-tuyet", "mat-ong-bac-ha"}
    tea = products["che-shan-tuyet"]
    assert (tea.cooperative_id, tea.category, tea.unit, tea.shelf_life_days) == (
        coop_tq.id, "coffee_tea.tea", "gói", 365,
    )  # fmt: skip
    assert (tea.standard_kind, tea.standard_number) == ("in_house", "TCCS 01:2024/HTX")
    assert (tea.gtin, tea.status) == ("08934567890120", "active")
    assert tea.search_text.startswith("che shan tuyet na hang")
    assert [(v.sku, v.name, v.price_vnd, v.compare_at_vnd, v.stock) for v in tea.variants] == [
        ("CST-200", "Gói 200 g", 120000, 150000, 40),
        ("CST-500", "0,5 kg", 250000, None, 1000),
    ]
    assert [(v.net_quantity, v.net_unit) for v in tea.variants] == [("200", "g"), ("0.5", "kg")]
    assert tea.variants[0].package_weight_g == 260 and tea.variants[0].height_cm == 5
    honey = products["mat-ong-bac-ha"]
    assert (honey.status, honey.standard_kind, honey.category) == ("draft", "tcvn", "honey.honey")
    page = as_officer.get(response.headers["Location"]).get_data(as_text=True)  # the job's
    assert 'data-status="done"' in page and 'href="/products/"' in page
    assert list((Path(app.config["MEDIA_ROOT"]) / "imports").rglob("*.xlsx")) == []


def test_problems_are_listed_by_row_and_column_and_bad_products_skipped_whole(
    as_officer, db, coop_tq
):
    other = factories.CooperativeFactory(province_code=8, commune_code=2266)
    existing = factories.ProductFactory(
        cooperative=coop_tq,
        slug="cu",
        name="Cũ",
        category="rice.white",
        unit="kg",
        gtin="08934567890120",
    )
    factories.ProductVariantFactory(product=existing, sku="OLD-1", name="1 kg", price_vnd=1)
    c = coop_tq.slug
    rows = [
        prow(
            cooperative=c, name="Gạo tốt", category="Gạo tẻ", unit="kg", sku="G-1", price="20000"
        ),  # 2
        prow(cooperative=c, name="Lạc", category="Đậu tương", unit="kg", sku="L-1", price="1"),  # 3
        prow(cooperative=c, name="Chè", category="Chè", unit="kg", sku="G-1", price="5"),  # 4
        prow(cooperative=c, name="Chè", category="Cà phê", unit="kg", sku="C-2", price="5"),  # 5
        prow(cooperative=c, name="Mật", category="Mật ong", unit="kg", sku="old-1", price="5"),  # 6
        prow(cooperative=c, name="Nấm", category="Nấm", unit="kg", sku="N 1", price="năm k"),  # 7
        prow(
            cooperative=c,
            name="Tiêu",
            category="Hồ tiêu",
            unit="kg",
            sku="T-1",
            price="9",
            gtin="8934567890120",
        ),  # 8
        prow(
            cooperative=c,
            name="Quế",
            category="spices.other",
            unit="kg",
            gtin="8934567890127",
            sku="Q-1",
            price="9",
        ),  # 9
        prow(cooperative=c, name="Mắm", category="Nước mắm", unit="chai"),  # 10
        prow(
            cooperative="htx-khong-co",
            name="Miến",
            category="Miến, bún, bánh đa",
            unit="kg",
            sku="M-1",
            price="9",
        ),  # 11
        prow(
            cooperative=other.tax_code,
            name="Dầu lạc",
            category="Dầu ăn",
            unit="kg",
            sku="G-1",
            price="9",
            compare_at="8",
        ),  # 12
        prow(cooperative=c, category="Gạo nếp", unit="kg", sku="N-2", price="9"),  # 13
    ]
    html = _upload(as_officer, xlsx(rows)).get_data(as_text=True)
    assert "Đã đọc 12 dòng: 1 sản phẩm (1 phân loại) có thể tạo mới" in html
    found = _problems(html)
    assert found[5][:2] == ("7", "Giá (VND)")  # the product form's message, in its words
    assert found == [
        (
            "3",
            "Danh mục",
            "Không rõ danh mục “Đậu tương”. Hãy chọn trong danh sách của tệp mẫu "
            "(trang “Danh mục sản phẩm”).",
        ),
        ("4", "SKU", "Trùng SKU với dòng 2 của tệp này."),
        (
            "5",
            "Danh mục",
            "Khác với dòng 4 của cùng sản phẩm: hãy ghi thông tin sản phẩm một "
            "lần, hoặc ghi giống nhau ở mọi dòng.",
        ),
        ("6", "SKU", "Hợp tác xã này đã có phân loại dùng SKU này."),
        ("7", "SKU", "SKU gồm 1 đến 50 chữ cái (không dấu), chữ số, “-” hoặc “_”."),
        ("7", "Giá (VND)", found[5][2]),
        ("8", "GTIN", "GTIN này đã được dùng trên Lên Sàn."),
        ("9", "GTIN", "Số kiểm tra của GTIN này sai: hãy kiểm tra lại mã số."),
        ("10", "SKU", "Sản phẩm này chưa có phân loại: cần ít nhất một dòng có SKU và giá."),
        (
            "11",
            "Hợp tác xã",
            "Không có hợp tác xã “htx-khong-co” trong địa bàn bạn phụ trách: hãy ghi mã "
            "ngắn, mã số thuế hoặc tên đầy đủ như đã đăng ký trên Lên Sàn.",
        ),
        ("12", "Giá gốc", "Giá trước giảm không được thấp hơn giá bán."),
        ("13", "Tên sản phẩm", "Nhập tên sản phẩm."),
    ]
    assert "Dòng 4–5: Chè" in html  # the whole product is listed as skipped
    _confirm(as_officer, html)
    names = db.session.execute(db.select(Product.name).order_by(Product.id)).scalars().all()
    assert names == ["Cũ", "Gạo tốt"]


def test_a_file_with_nothing_to_import_offers_no_confirmation(as_officer, db, coop_tq):
    html = _upload(as_officer, csv_bytes([prow(cooperative=coop_tq.slug, name="A")]))
    html = html.get_data(as_text=True)
    assert "Không có sản phẩm nào nhập được." in html
    assert 'name="fingerprint"' not in html


@pytest.mark.parametrize(
    "tampered",
    [{"fingerprint": "0" * 32}, {"token": "forged"}, {"token": ""}],
    ids=["fingerprint", "token", "no-token"],
)
def test_tampered_confirmations_import_nothing(as_officer, db, coop_tq, tampered):
    html = _upload(as_officer, xlsx(good_rows(coop_tq.slug))).get_data(as_text=True)
    response = _confirm(as_officer, html, **tampered)
    assert response.status_code in (200, 302)
    assert _count(db) == 0


def test_confirmation_checks_again_and_refuses_a_changed_preview(as_officer, db, coop_tq):
    html = _upload(as_officer, xlsx(good_rows(coop_tq.slug))).get_data(as_text=True)
    factories.ProductFactory(
        cooperative=coop_tq,
        slug="x",
        name="X",
        category="rice.white",
        unit="kg",
        gtin="08934567890120",
    )
    page = _confirm(as_officer, html).get_data(as_text=True)
    assert "Dữ liệu đã thay đổi kể từ lúc bạn xem trước." in page
    assert "GTIN này đã được dùng trên Lên Sàn." in page
    assert _count(db) == 1


def test_another_users_upload_cannot_be_previewed_or_confirmed(client, db, officer, coop_tq):
    sign_in(client, officer)
    response = client.post(
        URL,
        data={"file": (io.BytesIO(xlsx(good_rows(coop_tq.slug))), "sp.xlsx")},
        content_type="multipart/form-data",
    )
    preview_url = response.headers["Location"]
    assert preview_url.startswith(f"{URL}/preview?token=")
    html = client.get(preview_url).get_data(as_text=True)
    client.post("/auth/logout")
    sign_in(client, factories.OfficerFactory(areas__province_code=8))
    refused = client.get(preview_url, follow_redirects=True).get_data(as_text=True)
    assert "Chè Shan Tuyết Na Hang" not in refused and "không phải của bạn" in refused
    assert _confirm(client, html).status_code == 302
    assert _count(db) == 0


def test_members_import_for_their_own_cooperative_only(as_member, db, coop_tq, coop_ld):
    rows = [
        prow(
            name="Chè", category="Chè", unit="kg", sku="C-1", price="1"
        ),  # blank: the member's own
        prow(
            cooperative=coop_tq.slug, name="Gạo", category="Gạo tẻ", unit="kg", sku="G-1", price="1"
        ),
        prow(
            cooperative=coop_ld.slug,
            name="Cà phê",
            category="Cà phê",
            unit="kg",
            sku="K-1",
            price="1",
        ),
    ]
    html = _upload(as_member, xlsx(rows)).get_data(as_text=True)
    assert _problems(html) == [
        (
            "4",
            "Hợp tác xã",
            f"“{coop_ld.slug}” không phải hợp tác xã của bạn: hãy để trống cột này, hoặc ghi "
            "mã ngắn, mã số thuế hay tên hợp tác xã của bạn.",
        )
    ]
    _confirm(as_member, html)
    coops = db.session.execute(db.select(Product.cooperative_id)).scalars().all()
    assert coops == [coop_tq.id, coop_tq.id]
    assert as_member.get(f"{URL}/template.xlsx").status_code == 200


def test_officers_import_only_for_cooperatives_in_their_area(as_officer, db, coop_tq, coop_ld):
    rows = [
        prow(
            cooperative=coop_tq.legal_name.upper(),
            name="Chè",
            category="tea",
            unit="kg",
            sku="C-1",
            price="1",
        ),
        prow(
            cooperative=coop_ld.tax_code,
            name="Cà phê",
            category="coffee",
            unit="kg",
            sku="K-1",
            price="1",
        ),
    ]
    html = _upload(as_officer, xlsx(rows)).get_data(as_text=True)
    assert _problems(html) == [
        (
            "3",
            "Hợp tác xã",
            f"Không có hợp tác xã “{coop_ld.tax_code}” trong địa bàn bạn phụ trách: hãy ghi "
            "mã ngắn, mã số thuế hoặc tên đầy đủ như đã đăng ký trên Lên Sàn.",
        )
    ]
    _confirm(as_officer, html)
    assert db.session.execute(db.select(Product.cooperative_id)).scalars().all() == [coop_tq.id]


def test_a_failure_midway_leaves_nothing_behind(as_officer, db, monkeypatch, coop_tq):
    """The third product's SKU clashes in the database only: the two before must not stay."""
    from app.imports import product_services

    factories.ProductVariantFactory(
        product__cooperative=coop_tq,
        product__slug="cu",
        product__name="Cũ",
        product__category="rice.white",
        product__unit="kg",
        sku="G-9",
        name="1 kg",
        price_vnd=1,
    )
    real = product_services.product_existing

    def blind(actor):
        existing = real(actor)
        existing.skus.clear()  # the checks see no clash
        return existing

    monkeypatch.setattr(product_services, "product_existing", blind)
    rows = [
        *good_rows(coop_tq.slug),
        prow(name="Gạo", category="Gạo tẻ", unit="kg", sku="G-9", price="1"),
    ]
    html = _upload(as_officer, xlsx(rows)).get_data(as_text=True)
    assert "3 sản phẩm (4 phân loại) có thể tạo mới" in html
    response = _confirm(as_officer, html)  # to the job's page, which says why it failed
    page = as_officer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chưa nhập gì: cơ sở dữ liệu từ chối một dòng" in page
    assert _count(db) == 1 and _count(db, ProductVariant) == 1  # only the one before


def test_a_50_mb_spreadsheet_is_refused_with_a_clear_page(as_officer, db):
    response = _upload(as_officer, b"PK\x03\x04" + b"\x00" * (50 * 1024 * 1024))
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_formulas_are_refused_beside_the_field(as_officer, db, coop_tq):
    data = xlsx(good_rows(coop_tq.slug), formulas=[("Q2", "=100*1000")])
    html = _upload(as_officer, data).get_data(as_text=True)
    assert "Ô chứa công thức: Q2 (tổng cộng 1 ô)." in html and 'id="file-error"' in html
    assert _count(db) == 0


def test_nfd_headers_and_text_are_matched_and_saved_as_nfc(as_officer, db, coop_tq):
    nfd = [unicodedata.normalize("NFD", h) for h in HEADERS]
    rows = [[unicodedata.normalize("NFD", cell) for cell in row] for row in good_rows(coop_tq.slug)]
    html = _upload(as_officer, csv_bytes(rows, nfd, delimiter=";")).get_data(as_text=True)
    assert "Chè Shan Tuyết Na Hang" in html
    _confirm(as_officer, html)
    for name, storage in db.session.execute(db.select(Product.name, Product.storage_instructions)):
        assert unicodedata.is_normalized("NFC", name + storage)
    variants = db.session.execute(db.select(ProductVariant.name)).scalars().all()
    assert "Gói 200 g" in variants
    assert _count(db) == 2


def test_the_template_downloads_for_every_role(as_member):
    response = as_member.get(f"{URL}/template.xlsx")
    assert response.status_code == 200 and response.data.startswith(b"PK")
    quoted = "M%E1%BA%ABu%20nh%E1%BA%ADp%20s%E1%BA%A3n%20ph%E1%BA%A9m.xlsx"
    assert f"filename*=UTF-8''{quoted}" in response.headers["Content-Disposition"]


def test_the_upload_page_and_its_link_from_the_cooperative_import(as_officer, client):
    html = as_officer.get(URL).get_data(as_text=True)
    assert "Nhập sản phẩm" in html and f'href="{URL}/template.xlsx"' in html
    assert f'href="{URL}"' in as_officer.get("/import/cooperatives").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302
    assert client.post(f"{URL}/confirm").status_code in (302, 400)
