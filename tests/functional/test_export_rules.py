"""The check page for a marketplace that refuses contact details: the product whose own text
gives a phone number or a link is blocked, the message says which, and "Sửa" opens the field
that holds it; the same product is ready for Voso. A filled Shopee template carries no link
or phone number, "No Brand", and the food attributes of food only."""

import io
import re
from urllib.parse import urlsplit

import openpyxl
import pytest

from app.exports import profiles
from app.exports.contact_details import find
from app.exports.services import run_export
from app.exports.template_fill import Template, TemplateSet
from app.exports.template_layout import read_layout
from app.extensions import db as _db
from tests.support.exports import TODAY, open_pack, ready_product
from tests.support.templates import DATA_SHEET, FIRST_ROW, shopee_template

pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension")  # openpyxl's


def _fix_links(html: str) -> set[tuple[str, str]]:
    """(path, fragment) of every link on the page, whatever way back it carries."""
    links = set()
    for href in re.findall(r'href="([^"]+)"', html):
        parts = urlsplit(href.replace("&amp;", "&"))
        links.add((parts.path, parts.fragment))
    return links


def test_contact_details_block_the_listing_and_sua_opens_the_field(as_member, member, db):
    coop = member.cooperative
    product = ready_product(
        coop,
        description="Lạc đỏ hạt nhỏ, vỏ lụa đỏ sẫm. Đặt hàng gọi 0912 345 678 hoặc xem lacdo.vn.",
        usage_instructions="Rang, luộc. Hỏi thêm qua Zalo: htxlambinh",
    )
    coop.street = "Thôn Nà Va, ĐT 0209.3456.789"
    _db.session.commit()

    html = as_member.get(f"/exports/check?marketplace=shopee&cooperative={coop.id}").get_data(
        as_text=True
    )
    for words in (
        "Giới thiệu có số điện thoại 0912 345 678: Shopee không cho ghi thông tin liên hệ",
        "Giới thiệu có đường link lacdo.vn",
        "Hướng dẫn sử dụng có Zalo htxlambinh",
        "có số điện thoại 0209.3456.789",
    ):
        assert words in html, words
    links = _fix_links(html)
    assert (f"/products/{product.id}/edit", "description") in links
    assert (f"/products/{product.id}/edit", "usage_instructions") in links
    assert (f"/cooperatives/{coop.id}/edit", "street") in links
    assert f'name="product" value="{product.id}" disabled' in html

    voso = as_member.get(f"/exports/check?marketplace=voso&cooperative={coop.id}")
    assert "thông tin liên hệ" not in voso.get_data(as_text=True)
    assert f'name="product" value="{product.id}" checked' in voso.get_data(as_text=True)


# A food category's template: the brand and the food attributes after the usual columns.
FOOD_COLUMNS = (
    ("ps_brand", "Thương hiệu", "Brand", True, "Thuộc tính"),
    ("ps_attribute_shelf_life", "Hạn sử dụng", "Shelf Life", False, None),
    ("ps_attribute_manufacturer", "Tên tổ chức chịu trách nhiệm sản xuất", "Manufacturer",
     False, None),
    ("ps_attribute_manufacturer_address", "Địa chỉ tổ chức chịu trách nhiệm sản xuất",
     "Manufacturer Address", False, None),
    ("ps_attribute_origin", "Xuất xứ", "Country of Origin", False, None),
    ("ps_attribute_storage", "Cách bảo quản", "Storage Instructions", False, None),
)  # fmt: skip


def test_the_filled_shopee_template_has_no_contact_details_no_brand_and_food_attributes(
    db, coop_tq
):
    shopee = profiles.get("shopee")
    ready_product(coop_tq)
    ready_product(
        coop_tq, name="Khăn thổ cẩm Lâm Bình dệt tay khổ 40 cm", sku="LB-KH-40", seed=1,
        category="handicrafts.weaving", shelf_life_days=None, ingredients="", warnings="",
    )  # fmt: skip
    ready_product(
        coop_tq, name="Lạc rang muối Lâm Bình hũ 300 g loại 1", sku="LB-LR-300", seed=2,
        description="Lạc rang củi. Sỉ lẻ liên hệ 0912 345 678 (Zalo), web lacrang.vn",
    )  # fmt: skip
    data = shopee_template(extra_columns=FOOD_COLUMNS)
    template = Template("Shopee_thuc_pham.xlsx", data, read_layout(data, shopee))
    out = io.BytesIO()
    run_export(shopee, [coop_tq], out, TODAY, via="cli", templates=TemplateSet({None: template}))
    pack = open_pack(out.getvalue())

    sheet = openpyxl.load_workbook(io.BytesIO(pack.read(template.name)))[DATA_SHEET]
    by_key = {c.key: c.index for c in template.layout.columns}
    rows = {
        sheet.cell(r, by_key["ps_sku_short"]).value: {
            key: sheet.cell(r, index).value for key, index in by_key.items()
        }
        for r in range(FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(r, by_key["ps_sku_short"]).value
    }
    assert set(rows) == {"LB-LAC-500", "LB-KH-40"}  # the one with a phone number is out
    for row in rows.values():
        text = row["ps_product_description"]
        assert find(text) == [] and "mã QR" in text and "lensan" not in text.lower()
        assert row["ps_brand"] == "No Brand"
    peanuts, scarf = rows["LB-LAC-500"], rows["LB-KH-40"]
    assert peanuts["ps_attribute_shelf_life"] == "6 tháng"
    assert peanuts["ps_attribute_manufacturer"] == coop_tq.legal_name
    assert peanuts["ps_attribute_manufacturer_address"]
    assert peanuts["ps_attribute_origin"] == "Việt Nam"
    assert peanuts["ps_attribute_storage"] == "Nơi khô ráo, thoáng mát."
    attributes = [k for k in by_key if k.startswith("ps_attribute_")]
    assert [scarf[k] for k in attributes] == [None] * 5  # not food: left empty

    guide = pack.read("HUONG-DAN.txt").decode("utf-8-sig")
    line = next(x for x in guide.splitlines() if x.startswith("- LB-LR-300 "))
    assert "số điện thoại 0912 345 678" in line and "đường link lacrang.vn" in line
