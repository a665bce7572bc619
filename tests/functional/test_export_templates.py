"""A pack fills the marketplace's own template: products of a category with a template go
into a filled copy of it, the others into the built-in sheet; the guide lists what could not
be filled, mandatory columns first, and no longer says to copy column by column."""

import io
import unicodedata
import xml.dom.minidom
import zipfile

import openpyxl
import pytest

from app.exports import profiles
from app.exports.services import run_export
from app.exports.template_fill import Template, TemplateSet
from app.exports.template_layout import read_layout
from tests.support.exports import TODAY, open_pack, ready_product
from tests.support.templates import DATA_SHEET, FIRST_ROW, sheet_part, shopee_template

pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension")  # openpyxl's
SHOPEE = profiles.get("shopee")
NUTS = SHOPEE.category_for("grains_nuts.peanuts")


def _template(name="Shopee_mass_upload_thuc_pham.xlsx", **options) -> Template:
    data = shopee_template(**options)
    return Template(name, data, read_layout(data, SHOPEE))


def _pack(cooperatives, templates):
    out = io.BytesIO()
    run_export(SHOPEE, cooperatives, out, TODAY, via="cli", templates=templates)
    return open_pack(out.getvalue())


def _guide(pack) -> str:
    return pack.read("HUONG-DAN.txt").decode("utf-8-sig")


def test_products_fill_the_marketplaces_template_which_keeps_all_it_had(db, coop_tq):
    ready_product(coop_tq)
    ready_product(coop_tq, name="Lạc sen Lâm Bình rang muối hũ 300 g", sku="LB-LS-300", seed=1)
    template = _template(extra_mandatory=True, category_list="x14", category_sheet="Lists")
    pack = _pack([coop_tq], TemplateSet({None: template}))
    assert template.name in pack.namelist()
    assert SHOPEE.file.name not in pack.namelist()  # every product went into the template
    filled = pack.read(template.name)
    part = sheet_part(template.data, DATA_SHEET)
    with (
        zipfile.ZipFile(io.BytesIO(filled)) as after,
        zipfile.ZipFile(io.BytesIO(template.data)) as before,
    ):
        assert after.namelist() == before.namelist()
        for name in after.namelist():
            content = after.read(name)
            if name.endswith((".xml", ".rels")):
                xml.dom.minidom.parseString(content)  # every part well-formed
            if name != part:
                assert content == before.read(name), name  # untouched, byte for byte
        sheet_xml = after.read(part)
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    assert b"x14:dataValidation" in sheet_xml

    book = openpyxl.load_workbook(io.BytesIO(filled))
    sheet = book[DATA_SHEET]
    assert book.sheetnames == openpyxl.load_workbook(io.BytesIO(template.data)).sheetnames
    assert sheet.row_dimensions[1].hidden and sheet.freeze_panes == "A8"
    assert sheet.data_validations.dataValidation  # the Yes/No list is still there
    by_key = {c.key: c.index for c in template.layout.columns}
    rows = [
        {key: sheet.cell(r, index).value for key, index in by_key.items()}
        for r in range(FIRST_ROW, sheet.max_row + 1)
    ]
    assert sorted(r["ps_sku_short"] for r in rows) == ["LB-LAC-500", "LB-LS-300"]
    for row in rows:
        assert row["ps_category"] == NUTS
        assert isinstance(row["ps_price"], int) and row["ps_price"] == 75_000
        assert row["ps_weight"] == 0.52 and row["ps_length"] == 20
        assert row["ps_item_cover_image"].startswith("http")
        assert unicodedata.is_normalized("NFC", row["ps_product_name"])
        assert SHOPEE.limits.title_min <= len(row["ps_product_name"]) <= SHOPEE.limits.title_max
        assert row["ps_food_license"] is None  # ours to list, not to guess
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row)

    guide = _guide(pack)
    assert "sao chép từng cột" not in guide.lower()
    assert template.name in guide and "2" in guide
    missing = guide[guide.index("Số giấy phép ATTP") :]
    assert missing.index("Số giấy phép ATTP") < missing.index("Mã tích hợp phân loại")
    assert "bắt buộc" in missing.split("\n", 1)[0].lower()


def test_a_category_without_a_template_goes_into_the_built_in_sheet(db, coop_tq):
    ready_product(coop_tq)
    ready_product(coop_tq, name="Cà phê Lâm Bình rang xay nguyên chất 500 g",
                  sku="LB-CF-500", category="coffee_tea.coffee", seed=1)  # fmt: skip
    nuts = _template("mau-hat.xlsx")
    pack = _pack([coop_tq], TemplateSet({NUTS: nuts}))
    names = pack.namelist()
    assert "mau-hat.xlsx" in names and SHOPEE.file.name in names
    filled = openpyxl.load_workbook(io.BytesIO(pack.read("mau-hat.xlsx")))[DATA_SHEET]
    sku = next(c.index for c in nuts.layout.columns if c.key == "ps_sku_short")
    assert [filled.cell(r, sku).value for r in range(FIRST_ROW, filled.max_row + 1)] == [
        "LB-LAC-500"
    ]
    built_in = openpyxl.load_workbook(io.BytesIO(pack.read(SHOPEE.file.name)))
    skus = [row[11] for row in built_in.active.iter_rows(min_row=2, values_only=True)]
    assert skus == ["LB-CF-500"]
    guide = _guide(pack)
    assert "mau-hat.xlsx" in guide and SHOPEE.file.name in guide


def test_two_templates_with_one_file_name_are_both_in_the_pack(db, coop_tq):
    ready_product(coop_tq)
    ready_product(coop_tq, name="Cà phê Lâm Bình rang xay nguyên chất 500 g",
                  sku="LB-CF-500", category="coffee_tea.coffee", seed=1)  # fmt: skip
    coffee = SHOPEE.category_for("coffee_tea.coffee")
    templates = TemplateSet({NUTS: _template("../mau.xlsx"), coffee: _template("mau.xlsx")})
    names = _pack([coop_tq], templates).namelist()
    assert "mau.xlsx" in names and "mau-2.xlsx" in names
    assert not any(".." in n for n in names)


def test_without_templates_the_pack_is_as_before(db, coop_tq):
    ready_product(coop_tq)
    pack = _pack([coop_tq], None)
    assert SHOPEE.file.name in pack.namelist()
    assert "sao chép từng cột" in _guide(pack).lower()
