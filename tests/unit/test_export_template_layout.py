"""A marketplace's own template is read as its seller centre ships it: the data sheet among
instruction sheets, multi-row headers in Vietnamese or English, a hidden row of technical
keys, mandatory markers, the category list behind a validation; hostile files are refused
with a message before they cost much."""

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from app.exports import profiles
from app.exports.template_layout import HEAD_ROWS, TemplateError, read_layout
from tests.support import hostile_files
from tests.support.templates import (
    DATA_SHEET,
    FIRST_ROW,
    replace_part,
    sheet_part,
    shopee_categories,
    shopee_template,
)

SHOPEE = profiles.get("shopee")


def _sources(layout) -> dict[str, str]:
    return {c.header: c.column.source for c in layout.columns if c.column is not None}


def test_the_data_sheet_its_header_rows_and_columns_are_found():
    layout = read_layout(shopee_template(), SHOPEE)
    assert layout.sheet == DATA_SHEET
    assert layout.header_rows == (1, 2, 3, 4)  # keys, groups, Vietnamese, English
    assert layout.first_row == FIRST_ROW  # after the markers, descriptions and example
    by_key = {c.key: c for c in layout.columns}
    assert by_key["ps_product_name"].header == "Tên sản phẩm"  # its "*" aside
    assert by_key["ps_product_name"].column.source == "title"
    assert by_key["ps_sku_short"].column.source == "sku"
    assert by_key["ps_weight"].column.source == "weight_kg"  # "Cân nặng" without "(kg)"
    assert by_key["ps_price"].mandatory and not by_key["ps_length"].mandatory
    assert [c.index for c in layout.columns] == list(range(1, len(layout.columns) + 1))
    assert not layout.variant_columns


def test_unfilled_columns_come_mandatory_first():
    layout = read_layout(shopee_template(extra_mandatory=True), SHOPEE)
    unfilled = layout.unfilled
    assert unfilled[0].key == "ps_food_license" and unfilled[0].mandatory
    assert unfilled[0].header == "Số giấy phép ATTP"
    assert {c.key for c in unfilled[1:]} == {
        "et_title_variation_integration_no", "channel_id.50018", "ps_product_pre_order_dts"
    }  # fmt: skip
    assert not any(c.mandatory for c in unfilled[1:])


def test_english_headers_without_a_key_row_are_read_too():
    layout = read_layout(shopee_template(keys=False, english_only=True), SHOPEE)
    assert layout.first_row == FIRST_ROW
    sources = _sources(layout)
    assert sources["Product Name"] == "title"
    assert sources["Cover image"] == "image_url" and sources["SKU"] == "sku"
    assert all(c.key is None for c in layout.columns)
    mandatory = {c.header for c in layout.columns if c.mandatory}  # from the marker row
    assert {"Category", "Product Name", "Price", "Weight"} <= mandatory


@pytest.mark.parametrize(
    "category_list", ["range", "name", "x14", "sheet"], ids=lambda v: f"list-{v}"
)
def test_the_category_list_is_read_however_the_template_points_to_it(category_list):
    # the list sheet is named so that only the validation leads to it, except for "sheet"
    title = "Danh mục ngành hàng" if category_list == "sheet" else "Lists"
    data = shopee_template(category_list=category_list, category_sheet=title)
    layout = read_layout(data, SHOPEE)
    assert layout.categories == tuple(shopee_categories())


def test_no_list_no_categories():
    data = shopee_template(category_list="none", category_sheet="Lists")
    assert read_layout(data, SHOPEE).categories == ()


def test_a_literal_list_validation_is_read():
    data = shopee_template(category_list="none", category_sheet="Lists")
    part = sheet_part(data, DATA_SHEET)
    literal = (
        '<dataValidation type="list" allowBlank="1" sqref="A8:A100">'
        '<formula1>"Gạo,Cà phê,Mật ong"</formula1></dataValidation>'
    )

    def add(xml: str) -> str:
        return re.sub(r"(<dataValidations[^>]*>)", r"\1" + literal, xml)

    layout = read_layout(replace_part(data, part, add), SHOPEE)
    assert layout.categories == ("Gạo", "Cà phê", "Mật ong")


def test_variant_columns_are_detected():
    assert read_layout(shopee_template(variant_columns=True), SHOPEE).variant_columns


def test_lazada_and_tiktok_headers_are_matched_by_their_aliases():
    book = Workbook()
    sheet = book.active
    sheet.append(["Product Name", "Seller SKU", "Retail Price (Local Currency)", "Quantity",
                  "Main Product Image", "Package Weight (kg)"])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    layout = read_layout(out.getvalue(), profiles.get("tiktok"))
    assert [c.column.source for c in layout.columns] == [
        "title", "sku", "price", "stock", "image_url", "weight_kg"
    ]  # fmt: skip
    assert layout.first_row == 2


def _message(error) -> str:
    return str(error.value.message)


def test_a_sheet_without_our_headers_is_refused_with_the_reason():
    book = Workbook()
    book.active.append(["Họ tên", "Ngày sinh", "Quê quán"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(TemplateError) as error:
        read_layout(out.getvalue(), SHOPEE)
    assert "No header row found" in _message(error) and "Shopee" in _message(error)


@pytest.mark.parametrize(
    "data, says",
    [
        ("Ngành hàng,Tên sản phẩm\n".encode(), "not an Excel .xlsx"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old Excel (.xls)"),
        (b"PK\x03\x04 broken", "not an Excel .xlsx"),
    ],
    ids=["csv", "xls", "broken-zip"],
)
def test_what_is_not_an_xlsx_is_refused(data, says):
    with pytest.raises(TemplateError) as error:
        read_layout(data, SHOPEE)
    assert says in _message(error)


def test_a_macro_workbook_is_refused():
    data = shopee_template()
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\0" * 64)
    with pytest.raises(TemplateError) as error:
        read_layout(out.getvalue(), SHOPEE)
    assert ".xlsm" in _message(error)


@pytest.mark.parametrize(
    "build",
    [
        lambda: hostile_files.padded_xlsx(),  # 100 MB of blanks in its sheet
        lambda: hostile_files.lying_sizes_xlsx(),  # inflates far past what it claims
        lambda: hostile_files.far_row_xlsx(),  # one cell at row 100,000,000
        lambda: hostile_files.many_cells_xlsx(),  # 16,384 columns
        lambda: hostile_files.shared_strings_xlsx(),  # 150 MB of shared strings
    ],
    ids=["padded", "lying-sizes", "far-row", "wide", "strings"],
)
def test_hostile_workbooks_are_refused_with_a_message(build):
    with pytest.raises(TemplateError) as error:
        read_layout(build(), SHOPEE)
    assert _message(error)


def test_a_huge_claimed_dimension_costs_nothing():
    data = shopee_template()
    part = sheet_part(data, DATA_SHEET)

    def claim(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace(
            "</sheetData>",
            '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData>",
        )

    layout = read_layout(replace_part(data, part, claim), SHOPEE)
    assert layout.first_row == FIRST_ROW


header_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(header_texts, max_size=8), min_size=1, max_size=6))
def test_arbitrary_header_texts_never_crash_the_reader(rows):
    book = Workbook()
    sheet = book.active
    for row in rows[:HEAD_ROWS]:
        sheet.append(row + ["Tên sản phẩm", "Giá"])
    out = io.BytesIO()
    book.save(out)
    try:
        layout = read_layout(out.getvalue(), SHOPEE)
    except TemplateError as error:
        assert str(error.message)
    else:
        assert layout.first_row > max(layout.header_rows)
