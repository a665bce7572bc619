"""Products through the browser's interface: add, edit, variants, certificates, GTIN, archive.

Every bad input is explained beside its field (a variant's at its own row), keeps what was
typed and saves nothing.
"""

import unicodedata
from datetime import timedelta

import pytest

from app.certificates.rules import add_months
from app.products.demo import DEMO_PRODUCTS, demo_product
from app.products.rules import parse_gtin
from app.products.services import product_ocop_stars
from tests.support import factories
from tests.support.certificates import make_cert
from tests.support.products import (
    TODAY,
    VALID,
    make_product,
    post_new,
    products,
    second_variant,
    variants,
)

# --- adding -------------------------------------------------------------------------------


def test_member_adds_a_product_with_two_variants(as_member, db, coop_tq, member):
    response = post_new(as_member, coop_tq, dict(VALID, **second_variant()))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    (product,) = products()
    assert response.headers["Location"].endswith(f"/products/{product.id}")
    assert (product.cooperative_id, product.slug) == (
        coop_tq.id,
        "lac-do-lam-binh-loai-1-tui-500-g",
    )
    assert (product.category, product.unit, product.status) == (
        "grains_nuts.peanuts",
        "túi",
        "active",
    )
    assert (product.origin_province_code, product.origin_commune_code) == (8, 2266)
    assert product.shelf_life_days == 180 and product.created_by_id == member.id
    first, second = product.variants
    assert (first.sku, first.price_vnd, first.stock, first.net_quantity, first.net_unit) == (
        "LB-LAC-500", 75_000, 40, "500", "g",
    )  # fmt: skip
    assert (second.price_vnd, second.compare_at_vnd, second.package_weight_g) == (
        140_000, 150_000, 1_030,
    )  # fmt: skip
    assert (first.position, second.position) == (0, 1)
    assert {v.cooperative_id for v in product.variants} == {coop_tq.id}
    page = as_member.get(response.headers["Location"]).get_data(as_text=True)
    assert "75.000\xa0₫" in page and "140.000\xa0₫" in page and "LB-LAC-1000" in page
    assert "Đã lưu sản phẩm Lạc đỏ Lâm Bình loại 1 túi 500 g." in page
    assert "Xã Lâm Bình, Tuyên Quang" in page


@pytest.mark.parametrize(
    "typed",
    ["120.000", "120,000", "120000 đ", "120.000đ", "120 000 VND", "120k", "120 nghìn", "0,12tr"],
)
def test_prices_typed_the_vietnamese_way(as_member, db, coop_tq, typed):
    assert post_new(as_member, coop_tq, VALID, **{"variants-0-price_vnd": typed}).status_code == 302
    assert variants()[0].price_vnd == 120_000


def test_nfd_text_is_stored_as_nfc_and_found_by_search(as_member, db, coop_tq):
    nfd = {k: unicodedata.normalize("NFD", v) for k, v in VALID.items()}
    assert post_new(as_member, coop_tq, nfd).status_code == 302
    (product,) = products()
    for value in (product.name, product.description, product.warnings, product.variants[0].name):
        assert unicodedata.is_normalized("NFC", value)
    assert product.name == VALID["name"]
    assert "lac do lam binh" in product.search_text and "lb-lac-500" in product.search_text


def test_member_is_sent_to_the_form_of_their_own_cooperative(as_member, db, coop_tq):
    response = as_member.get("/products/new")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/products/new?cooperative={coop_tq.id}")


def test_officer_with_several_cooperatives_chooses_one_first(as_officer, db, coop_tq, coop_ld):
    other = factories.CooperativeFactory(province_code=8, commune_code=2215, short_name="HTX Ba")
    html = as_officer.get("/products/new").get_data(as_text=True)
    assert f'<option value="{coop_tq.id}">' in html and f'<option value="{other.id}">' in html
    assert f'<option value="{coop_ld.id}">' not in html  # outside the officer's area


def test_new_form_starts_from_the_cooperatives_commune(as_officer, db, coop_tq):
    html = as_officer.get(f"/products/new?cooperative={coop_tq.id}").get_data(as_text=True)
    assert '<option selected value="8">Tuyên Quang</option>' in html
    assert '<option selected value="2266">Xã Lâm Bình</option>' in html
    assert 'optgroup label="Cà phê và chè"' in html  # categories grouped, leaves only
    assert '<option value="coffee_tea">' not in html


def test_commune_list_follows_province_without_javascript(as_member, db, coop_tq):
    data = dict(VALID, origin_province_code="68", origin_commune_code="", refresh="1")
    html = post_new(as_member, coop_tq, data).get_data(as_text=True)
    assert '<option value="25000">Xã Di Linh</option>' in html
    assert "Xã Lâm Bình" not in html
    assert 'data-area-picker data-communes-url="/areas/provinces/{code}/communes.json"' in html
    assert products() == []


def test_add_variant_button_adds_an_empty_row_without_saving(as_member, db, coop_tq):
    html = post_new(as_member, coop_tq, VALID, add_variant="1").get_data(as_text=True)
    assert 'name="variants-1-sku"' in html and 'name="variants-2-sku"' not in html
    # issue 18: the answer opens at the new row (the button posts to its anchor, and the
    # row's first field has the focus), not at the top of a six-screen form
    assert f'formaction="/products/new?cooperative={coop_tq.id}#variants-2"' in html
    assert '<fieldset class="variant-row" id="variants-1">' in html
    assert 'autofocus id="variants-1-name"' in html
    # forms.js copies this row to add one without a page load
    assert "<template data-variant-template>" in html and 'name="variants-__index__-sku"' in html
    assert 'value="LB-LAC-500"' in html  # the first row as typed
    assert "Hãy" not in html.split("<main", 1)[1]  # no error messages yet
    assert products() == []


def test_empty_extra_rows_are_ignored(as_member, db, coop_tq):
    blank = {k: "" for k in second_variant()} | {"variants-1-net_unit": "g"}
    assert post_new(as_member, coop_tq, dict(VALID, **blank)).status_code == 302
    assert [v.sku for v in variants()] == ["LB-LAC-500"]


def test_a_product_needs_a_filled_in_variant(as_member, db, coop_tq):
    empty = {k: "" for k in VALID if k.startswith("variants-0-")}
    html = post_new(as_member, coop_tq, dict(VALID, **empty)).get_data(as_text=True)
    assert 'id="variants-0-price_vnd-error"' in html and "Nhập giá bán." in html
    assert 'id="variants-0-sku-error"' not in html  # an empty SKU is made on saving
    assert products() == []


def test_a_short_name_is_saved_with_a_marketplace_warning(as_member, db, coop_tq):
    url = f"/products/new?cooperative={coop_tq.id}"
    response = as_member.post(url, data=dict(VALID, name="Lạc đỏ"), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Các sàn yêu cầu tên dài 25 đến 120 ký tự; tên này có 6 ký tự." in html
    assert products()[0].name == "Lạc đỏ"


BAD_INPUT = [
    ({"name": ""}, "name", "Nhập tên sản phẩm."),
    ({"name": "Lạc" * 100}, "name", "Tối đa 200 ký tự."),
    ({"category": ""}, "category", "Hãy chọn danh mục trong danh sách."),
    ({"category": "grains_nuts"}, "category", "Hãy chọn danh mục trong danh sách."),
    ({"category": "weapons.guns"}, "category", "Hãy chọn danh mục trong danh sách."),
    ({"unit": ""}, "unit", "Hãy chọn đơn vị bán của sản phẩm."),
    ({"unit": "tấn"}, "unit", "Hãy chọn đơn vị trong danh sách."),
    ({"origin_province_code": ""}, "origin_province_code", "Hãy chọn tỉnh/thành phố nơi sản"),
    ({"origin_commune_code": "25000"}, "origin_commune_code", "không thuộc tỉnh đã chọn"),
    ({"shelf_life_days": "sáu tháng"}, "shelf_life_days", "Ghi một số nguyên, ví dụ 12."),
    ({"shelf_life_days": "0"}, "shelf_life_days", "Ghi một số từ 1 đến 3.650."),
    ({"standard_kind": "tcvn"}, "standard_number", "Hãy nhập số hiệu tiêu chuẩn"),
    ({"standard_kind": "iso"}, "standard_kind", "Hãy chọn tiêu chuẩn trong danh sách."),
    ({"gtin": "8936047120010"}, "gtin", "Số kiểm tra của GTIN này sai"),
    ({"gtin": "89360471200"}, "gtin", "GTIN (mã số mã vạch) gồm 8, 12, 13 hoặc 14 chữ số."),
    ({"gtin": "0000000000000"}, "gtin", "toàn chữ số 0"),
    ({"gtin": "2000000000015"}, "gtin", "lưu hành hạn chế"),
    ({"status": "deleted"}, "status", "Hãy chọn"),
    ({"variants-0-sku": "LẠC-500"}, "variants-0-sku", "SKU gồm 1 đến 50 chữ cái (không dấu)"),
    ({"variants-0-sku": "LB LAC"}, "variants-0-sku", "SKU gồm 1 đến 50 chữ cái (không dấu)"),
    ({"variants-0-sku": "A" * 51}, "variants-0-sku", "Tối đa 50 ký tự."),
    ({"variants-0-price_vnd": ""}, "variants-0-price_vnd", "Nhập giá bán."),
    ({"variants-0-price_vnd": "một trăm"}, "variants-0-price_vnd", "Hãy ghi giá bằng số đồng"),
    ({"variants-0-price_vnd": "-5"}, "variants-0-price_vnd", "Hãy ghi giá bằng số đồng"),
    ({"variants-0-price_vnd": "12.5"}, "variants-0-price_vnd", "Hãy ghi giá bằng số đồng"),
    ({"variants-0-price_vnd": "190 kg"}, "variants-0-price_vnd", "Hãy ghi giá bằng số đồng"),
    ({"variants-0-price_vnd": "200.000.000"}, "variants-0-price_vnd", "Tối đa 180.000.000 đồng."),
    (
        {"variants-0-compare_at_vnd": "70.000"},
        "variants-0-compare_at_vnd",
        "Giá trước khi giảm không được thấp hơn giá bán.",
    ),
    ({"variants-0-stock": "-1"}, "variants-0-stock", "Ghi một số nguyên, ví dụ 12."),
    ({"variants-0-net_quantity": "0"}, "variants-0-net_quantity", "Định lượng phải lớn hơn không."),
    ({"variants-0-net_quantity": "1,2,3"}, "variants-0-net_quantity", "Hãy ghi định lượng bằng số"),
    ({"variants-0-net_unit": "lb"}, "variants-0-net_unit", "Hãy chọn đơn vị: g, kg, ml, lít"),
    ({"variants-0-package_weight_g": "0"}, "variants-0-package_weight_g", "từ 1 đến 300.000"),
    (
        {"variants-0-package_weight_g": "300001"},
        "variants-0-package_weight_g",
        "từ 1 đến 300.000",
    ),
    ({"variants-0-length_cm": "301"}, "variants-0-length_cm", "Ghi một số từ 1 đến 300."),
    ({"variants-0-height_cm": "2,5"}, "variants-0-height_cm", "Ghi một số nguyên"),
    (second_variant(sku="lb-lac-500"), "variants-1-sku", "SKU này bị dùng hai lần"),
    (second_variant(price_vnd="abc"), "variants-1-price_vnd", "Hãy ghi giá bằng số đồng"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(
    as_member, db, coop_tq, overrides, field, message
):
    response = post_new(as_member, coop_tq, dict(VALID, **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in html
    assert "Vui lòng sửa các ô được đánh dấu bên dưới." in html
    kept = "variants-0-sku" if field == "name" else "name"
    assert f'value="{dict(VALID, **overrides)[kept]}"' in html  # what the user typed is kept
    assert products() == [] and variants() == []


# --- GTIN -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("8936047120017", "08936047120017"),
        ("893 6047 12001 7", "08936047120017"),
        ("96385074", "00000096385074"),
        ("036000291452", "00036000291452"),
        ("18936047120014", "18936047120014"),
    ],
)
def test_gtins_are_checked_and_stored_as_gtin_14(as_member, db, coop_tq, typed, stored):
    assert parse_gtin(stored) == stored
    assert post_new(as_member, coop_tq, VALID, gtin=typed).status_code == 302
    assert products()[0].gtin == stored


def test_show_page_names_the_gs1_prefix_organisation(as_member, db, coop_tq):
    response = post_new(as_member, coop_tq, VALID, gtin="8936047120017")
    html = as_member.get(response.headers["Location"]).get_data(as_text=True)
    assert "8936047120017" in html and "GTIN-13" in html
    assert "tiền tố 893: GS1 Vietnam" in html


def test_a_gtin_belongs_to_one_product(as_member, db, coop_tq, coop_ld):
    make_product(coop_tq, name="Dầu lạc Lâm Bình", gtin="08936047120017")
    html = post_new(as_member, coop_tq, VALID, gtin="8936047120017").get_data(as_text=True)
    assert "GTIN này đã được dùng cho sản phẩm khác: “Dầu lạc Lâm Bình”." in html
    assert 'id="gtin-error"' in html and 'value="8936047120017"' in html
    make_product(coop_ld, name="Cà phê Cầu Đất", sku="CF", gtin="08936053880011")
    html = post_new(as_member, coop_tq, VALID, gtin="8936053880011").get_data(as_text=True)
    assert "GTIN này đã được dùng trên Lên Sàn." in html
    assert "hợp tác xã khác" not in html  # whose GTIN it is stays private
    assert "Cầu Đất" not in html  # another cooperative's product is not named
    assert len(products()) == 2


# --- SKUs -----------------------------------------------------------------------------------


def test_a_sku_is_unique_in_its_cooperative_and_the_message_names_the_product(
    as_member, db, coop_tq, coop_ld
):
    make_product(coop_tq, name="Lạc nhân", sku="LB-LAC-500")
    html = post_new(as_member, coop_tq, dict(VALID, **second_variant())).get_data(as_text=True)
    assert "SKU LB-LAC-500 đã được dùng cho sản phẩm “Lạc nhân” của hợp tác xã này." in html
    assert 'id="variants-0-sku-error"' in html and 'id="variants-1-sku-error"' not in html
    assert len(products()) == 1


def test_sku_comparison_ignores_case(as_member, db, coop_tq):
    make_product(coop_tq, name="Lạc nhân", sku="lb-lac-500")
    html = post_new(as_member, coop_tq, VALID).get_data(as_text=True)
    assert "đã được dùng cho sản phẩm “Lạc nhân”" in html


def test_another_cooperative_may_use_the_same_sku(as_member, db, coop_tq, coop_ld):
    make_product(coop_ld, name="Lạc của HTX khác", sku="LB-LAC-500")
    assert post_new(as_member, coop_tq, VALID).status_code == 302


# --- editing --------------------------------------------------------------------------------


def _edit_data(product, **overrides):
    """The form as the edit page fills it in, with ``overrides``."""
    data = dict(VALID, name=product.name)
    for n, v in enumerate(product.variants):
        data |= {
            f"variants-{n}-id": str(v.id),
            f"variants-{n}-sku": v.sku,
            f"variants-{n}-name": v.name,
            f"variants-{n}-price_vnd": str(v.price_vnd),
            f"variants-{n}-net_quantity": v.net_quantity,
            f"variants-{n}-net_unit": v.net_unit,
        }
        for key in ("compare_at_vnd", "stock", "package_weight_g", "length_cm", "width_cm"):
            data[f"variants-{n}-{key}"] = ""
        data[f"variants-{n}-height_cm"] = ""
    data.update(overrides)
    return data


def _two_variant_product(client, coop):
    client.post(f"/products/new?cooperative={coop.id}", data=dict(VALID, **second_variant()))
    return products()[0]


def test_edit_page_shows_prices_the_vietnamese_way(as_member, db, coop_tq):
    product = _two_variant_product(as_member, coop_tq)
    html = as_member.get(f"/products/{product.id}/edit").get_data(as_text=True)
    assert 'value="75.000"' in html and 'value="140.000"' in html and 'value="150.000"' in html
    assert 'name="variants-1-remove"' in html


def test_edit_changes_removes_and_adds_variants(as_member, db, coop_tq):
    product = _two_variant_product(as_member, coop_tq)
    first = product.variants[0]
    data = _edit_data(
        product,
        **{"variants-0-price_vnd": "80.000", "variants-1-remove": "y"},
        **{k.replace("-1-", "-2-"): v for k, v in second_variant(sku="LB-LAC-250").items()},
    )
    response = as_member.post(f"/products/{product.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    rows = variants()
    assert [(v.id, v.sku, v.price_vnd, v.position) for v in rows] == [
        (first.id, "LB-LAC-500", 80_000, 0),
        (rows[1].id, "LB-LAC-250", 140_000, 1),
    ]


def test_skus_may_swap_rows_and_a_removed_sku_may_be_reused(as_member, db, coop_tq):
    product = _two_variant_product(as_member, coop_tq)
    data = _edit_data(product, **{"variants-0-sku": "LB-LAC-1000", "variants-1-sku": "LB-LAC-500"})
    assert as_member.post(f"/products/{product.id}/edit", data=data).status_code == 302
    assert [v.sku for v in variants()] == ["LB-LAC-1000", "LB-LAC-500"]
    product = products()[0]
    data = _edit_data(product, **{"variants-1-remove": "y"})
    data |= {k.replace("-1-", "-2-"): v for k, v in second_variant(sku="LB-LAC-500").items()}
    assert as_member.post(f"/products/{product.id}/edit", data=data).status_code == 302
    assert sorted(v.sku for v in variants()) == ["LB-LAC-1000", "LB-LAC-500"]


def test_removing_every_variant_is_refused(as_member, db, coop_tq):
    product = _two_variant_product(as_member, coop_tq)
    data = _edit_data(product, **{"variants-0-remove": "y", "variants-1-remove": "y"})
    html = as_member.post(f"/products/{product.id}/edit", data=data).get_data(as_text=True)
    assert 'id="variants-0-remove-error"' in html
    assert "Sản phẩm cần ít nhất một phân loại" in html
    assert len(variants()) == 2


def test_editing_keeps_the_slug(as_member, db, coop_tq):
    product = make_product(coop_tq, name="Lạc nhân")
    data = _edit_data(product, name="Lạc nhân Lâm Bình loại đặc biệt")
    assert as_member.post(f"/products/{product.id}/edit", data=data).status_code == 302
    (product,) = products()
    assert (product.name, product.slug) == ("Lạc nhân Lâm Bình loại đặc biệt", "lac-nhan")
    assert "dac biet" in product.search_text


# --- certificates -------------------------------------------------------------------------------


def test_only_valid_certificates_of_the_cooperative_are_offered(as_member, db, coop_tq, coop_ld):
    ocop = make_cert(coop_tq, kind="ocop", ocop_stars=4, number="2046/QĐ-UBND")
    expired = make_cert(
        coop_tq, number="VG-OLD", expires_on=TODAY - timedelta(days=1),
        issued_on=add_months(TODAY, -20),
    )  # fmt: skip
    future = make_cert(coop_tq, number="VG-FUTURE", issued_on=TODAY + timedelta(days=3))
    elsewhere = make_cert(coop_ld, number="VG-LD")
    html = as_member.get(f"/products/new?cooperative={coop_tq.id}").get_data(as_text=True)
    assert f'value="{ocop.id}"' in html and "OCOP 4 sao" in html
    for cert in (expired, future, elsewhere):
        assert f'name="certificate_ids" type="checkbox" value="{cert.id}"' not in html


def test_a_linked_ocop_certificate_gives_the_product_its_stars(as_member, db, coop_tq):
    ocop = make_cert(coop_tq, kind="ocop", ocop_stars=4, number="2046/QĐ-UBND")
    vietgap = make_cert(coop_tq, number="VG-1")
    response = post_new(as_member, coop_tq, VALID, certificate_ids=[str(ocop.id), str(vietgap.id)])
    assert response.status_code == 302
    product = products()[0]
    assert {c.id for c in product.certificates} == {ocop.id, vietgap.id}
    html = as_member.get(response.headers["Location"]).get_data(as_text=True)
    assert "OCOP 4 sao" in html and "★★★★" in html and "VG-1" in html
    # Stars are never stored: once the certificate expires, the product has none.
    ocop.expires_on = TODAY - timedelta(days=1)
    db.session.commit()
    assert product_ocop_stars(products()[0], TODAY) is None
    html = as_member.get(response.headers["Location"]).get_data(as_text=True)
    assert "★" not in html and "Đã hết hạn" in html


# --- archiving ------------------------------------------------------------------------------


def test_archived_products_leave_the_lists_but_their_page_works(as_member, db, coop_tq):
    product = make_product(coop_tq, name="Lạc nhân", status="active")
    response = as_member.post(f"/products/{product.id}/archive")
    assert response.status_code == 302
    assert products()[0].status == "archived"
    link = f'href="/products/{product.id}"'
    assert link not in as_member.get("/products/").get_data(as_text=True)
    assert link not in as_member.get(f"/cooperatives/{coop_tq.id}").get_data(as_text=True)
    assert link in as_member.get("/products/?status=archived").get_data(as_text=True)
    page = as_member.get(f"/products/{product.id}")
    assert page.status_code == 200 and "Khôi phục thành bản nháp" in page.get_data(as_text=True)
    assert as_member.post(f"/products/{product.id}/unarchive").status_code == 302
    assert products()[0].status == "draft"
    assert link in as_member.get("/products/").get_data(as_text=True)


def test_archive_needs_a_post(as_member, db, coop_tq):
    product = make_product(coop_tq)
    assert as_member.get(f"/products/{product.id}/archive").status_code == 405


def test_cooperative_page_lists_its_products_with_a_link_to_add_one(as_officer, db, coop_tq):
    product = make_product(coop_tq, name="Miến dong Lâm Bình")
    html = as_officer.get(f"/cooperatives/{coop_tq.id}").get_data(as_text=True)
    assert f'href="/products/{product.id}">Miến dong Lâm Bình</a>' in html
    assert f'href="/products/new?cooperative={coop_tq.id}"' in html


def test_navigation_has_products_for_every_role(as_member, db):
    html = as_member.get("/dashboard/").get_data(as_text=True)
    assert 'href="/products/"' in html


# --- the demo -------------------------------------------------------------------------------


def test_demo_products_are_believable_and_seeding_twice_changes_nothing(app, db, demo, runner):
    assert "product htx-lam-binh/lac-do-lam-binh" in "\n".join(demo)
    count = len(products())
    assert count == len(DEMO_PRODUCTS) + 1 == 7  # and the home's photo-less one (dashboard/demo)
    assert "product htx" not in runner.invoke(args=["seed-demo"]).output
    assert len(products()) == count
    oil = demo_product("htx-lam-binh", "dau-lac-lam-binh")
    assert [v.sku for v in oil.variants] == ["LB-DAU-500", "LB-DAU-1000"]
    assert product_ocop_stars(oil, TODAY) == 3
    assert product_ocop_stars(demo_product("htx-minh-xuan", "tinh-dau-chanh-minh-xuan"), TODAY) == 4
    assert demo_product("htx-lam-binh", "mien-dong-lam-binh").status == "draft"
    for product in products():
        assert product.variants and product.search_text
        if product.gtin:
            assert product.gtin.startswith("0893") and parse_gtin(product.gtin) == product.gtin
    assert demo_product("htx-lam-binh", "khong-co") is None


def test_the_product_list_links_to_the_import(as_officer):
    html = as_officer.get("/products/").get_data(as_text=True)
    assert 'href="/import/products"' in html


def test_a_sku_left_empty_is_made_from_the_names_and_unique_in_the_cooperative(
    as_member, db, coop_tq
):
    """Issue 18: the SKU was required and unexplained; now it is made when left empty."""
    make_product(coop_tq, name="Lạc đỏ Lâm Bình khác", sku="LDLB-TUI-500G")
    data = dict(
        VALID,
        name="Lạc đỏ Lâm Bình",
        **{"variants-0-sku": "", "variants-0-name": "Túi 500 g"},
        **second_variant(),
    )
    data["variants-1-sku"] = ""
    data["variants-1-name"] = ""
    response = as_member.post(
        f"/products/new?cooperative={coop_tq.id}", data=data, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    product = next(p for p in products() if p.name == "Lạc đỏ Lâm Bình")
    assert [v.sku for v in product.variants] == ["LDLB-TUI-500G-2", "LDLB-2"]
    assert "LDLB-TUI-500G-2, LDLB-2" in html and "Bạn có thể sửa" in html
    edit = as_member.get(f"/products/{product.id}/edit").get_data(as_text=True)
    assert 'value="LDLB-TUI-500G-2"' in edit  # shown, editable
    assert "để trống" in edit  # the hint says what happens when it is left empty


def test_a_failed_save_opens_at_the_first_field_in_error_even_in_a_variant_row(
    as_member, db, coop_tq
):
    """Issue 18: errors sat 3,300 px below the message announcing them. Without JavaScript
    the first field in error has autofocus (the browser scrolls to it) and the summary
    links to every field in error, a variant row's included."""
    data = dict(VALID, **{"variants-0-price_vnd": "một trăm", "gtin": "123"})
    html = post_new(as_member, coop_tq, data).get_data(as_text=True)
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert summary.index('href="#gtin"') < summary.index('href="#variants-0-price_vnd"')
    assert html.count("autofocus") == 1 and 'autofocus id="gtin"' in html
    only_row = dict(VALID, **{"variants-0-price_vnd": "một trăm"})
    html = post_new(as_member, coop_tq, only_row).get_data(as_text=True)
    assert html.count("autofocus") == 1 and 'autofocus id="variants-0-price_vnd"' in html
