"""The product sheet without an app: cells, rows, products formed from rows, the template."""

import io
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.imports import product_cells as cells
from app.imports.columns import header_key
from app.imports.product_columns import COLUMNS
from app.imports.products import CooperativeRef, Existing, preview_products
from app.imports.reader import read_table
from app.imports.template import product_template
from tests.support.product_import_files import HEADERS, KEYS, csv_bytes, good_rows, prow, xlsx

COOP = CooperativeRef(1, "htx-che", "5000123456", "Hợp tác xã Chè Na Hang", "HTX Chè")
FAR = CooperativeRef(2, "htx-xa", None, "Hợp tác xã Xa", allowed=False)


def _existing(**kwargs) -> Existing:
    return Existing(cooperatives=[COOP, FAR], **kwargs)


def _preview(rows, **kwargs):
    return preview_products(csv_bytes(rows), _existing(**kwargs))


def _problems(preview) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, str(p.message)) for p in preview.problems]


@pytest.mark.parametrize(
    ("text", "amount"),
    [("120000", 120000), ("120.000", 120000), ("120.000 đ", 120000), ("120,000 VND", 120000),
     ("1.200.000₫", 1200000), ("0", 0), ("180.000.000", 180_000_000), ("120000.0", 120000),
     ("1tr", 1_000_000), ("190k", 190_000)],
)  # fmt: skip
def test_prices_as_people_write_them(text, amount):
    assert cells.price(text) == amount


@pytest.mark.parametrize("text", ["120.5", "-1", "180.000.001", "1 tỷ", "12.00.000", "abc"])
def test_prices_that_are_refused(text):
    with pytest.raises(cells.CellError):
        cells.price(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("500 g", ("500", "g")), ("500g", ("500", "g")), ("1,5 kg", ("1.5", "kg")),
     ("1.50 KG", ("1.5", "kg")), ("250 ml", ("250", "ml")), ("1 lít", ("1", "l")),
     ("10 quả", ("10", "pcs")), ("", ("", "g"))],
)  # fmt: skip
def test_net_quantities(text, expected):
    assert cells.net_quantity(text) == expected


@pytest.mark.parametrize("text", ["500", "g", "0 g", "năm trăm gam", "1/2 kg"])
def test_net_quantities_that_are_refused(text):
    with pytest.raises(cells.CellError):
        cells.net_quantity(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("TCVN 4850:2010", ("tcvn", "TCVN 4850:2010")), ("tcvn4850:2010", ("tcvn", "TCVN 4850:2010")),
     ("QCVN 8-2:2011/BYT", ("qcvn", "QCVN 8-2:2011/BYT")),
     ("TCCS 01:2024/HTX", ("in_house", "TCCS 01:2024/HTX")),
     ("TC 02/2023", ("in_house", "TCCS 02/2023")), ("", (None, ""))],
)  # fmt: skip
def test_standards(text, expected):
    assert cells.standard(text) == expected


@pytest.mark.parametrize("text", ["ISO 22000", "TCVN", "tiêu chuẩn nhà máy"])
def test_standards_that_are_refused(text):
    with pytest.raises(cells.CellError):
        cells.standard(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [("Chè (trà)", "coffee_tea.tea"), ("che", "coffee_tea.tea"), ("TRÀ", "coffee_tea.tea"),
     ("Tea", "coffee_tea.tea"), ("coffee_tea.coffee", "coffee_tea.coffee"),
     ("Cà phê và chè › Cà phê", "coffee_tea.coffee"), ("dau phong", "grains_nuts.peanuts"),
     ("Mật ong và sản phẩm từ ong", "honey.honey"), ("nuoc mam", "seafood.sauce")],
)  # fmt: skip
def test_categories_by_code_or_label_in_either_language(text, code):
    assert cells.category(text) == code


@pytest.mark.parametrize("text", ["Gạo", "rice", "Cà phê và chè", "xyz"])
def test_groups_and_unknown_categories_are_refused(text):
    with pytest.raises(cells.CellError):
        cells.category(text)


@pytest.mark.parametrize(
    ("text", "gtin"),
    [("8934567890120", "08934567890120"), ("893 4567 890120", "08934567890120"),
     ("96385074", "00000096385074"), ("", None)],
)  # fmt: skip
def test_gtins_are_checked_and_padded_to_14_digits(text, gtin):
    assert cells.gtin(text) == gtin


def test_image_links_split_on_spaces_commas_and_lines_without_repeats():
    text = "https://a.vn/1.jpg, https://a.vn/2.jpg\nhttp://b.vn/3.png https://a.vn/1.jpg"
    assert cells.image_links(text) == ["https://a.vn/1.jpg", "https://a.vn/2.jpg",
                                       "http://b.vn/3.png"]  # fmt: skip
    with pytest.raises(cells.CellError):
        cells.image_links("https://a.vn/1.jpg file:///etc/passwd")


def test_good_rows_make_two_products():
    preview = _preview(good_rows(COOP.slug))
    assert preview.problems == []
    tea, honey = preview.products
    assert (tea.slug, tea.numbers, len(tea.variants)) == ("che-shan-tuyet", "2–3", 2)
    assert tea.values["gtin"] == "08934567890120" and tea.values["status"] == "active"
    assert honey.slug == "mat-ong-bac-ha" and honey.values["unit"] == "chai"
    assert preview.fingerprint() == _preview(good_rows(COOP.slug)).fingerprint()


def test_the_cooperative_is_found_by_slug_tax_code_or_name_and_refused_outside():
    rows = [
        prow(cooperative="HTX-CHE", name="A", category="Tea", unit="kg", sku="A", price="1"),
        prow(cooperative="5000123456", name="B", category="Tea", unit="kg", sku="B", price="1"),
        prow(
            cooperative="hop tac xa che na hang",
            name="C",
            category="Tea",
            unit="kg",
            sku="C",
            price="1",
        ),
        prow(cooperative="htx-xa", name="D", category="Tea", unit="kg", sku="D", price="1"),
        prow(name="E", category="Tea", unit="kg", sku="E", price="1"),  # carried down: htx-xa again
        prow(name="E", sku="E2", price="1"),  # the same product: not reported twice
    ]
    preview = _preview(rows, scope="area")
    outside = (
        "No cooperative “htx-xa” in the area you cover: write its short code, tax code or "
        "full name as registered in Lên Sàn."
    )
    assert _problems(preview) == [(5, "Hợp tác xã", outside), (6, "Hợp tác xã", outside)]
    assert [p.cooperative and p.cooperative.id for p in preview.products] == [1, 1, 1, None, None]


def test_a_blank_cooperative_is_the_users_own_when_there_is_one():
    rows = [prow(name="A", category="Tea", unit="kg", sku="A", price="1")]
    assert _problems(_preview(rows)) == [
        (2, "Hợp tác xã", "Enter the cooperative (short code, tax code or name).")
    ]
    assert _preview(rows, default_cooperative=1).valid[0].cooperative == COOP


def test_rows_with_a_code_group_even_when_names_differ_and_disagreements_are_reported():
    rows = [
        prow(
            cooperative="htx-che",
            code="x1",
            name="Chè",
            category="Tea",
            unit="gói",
            sku="A",
            price="1",
        ),
        prow(code="x1", name="Chè xanh", unit="hộp", category="Trà", sku="B", price="1"),
    ]
    preview = _preview(rows)
    assert [(p[0], p[1]) for p in _problems(preview)] == [(3, "Tên sản phẩm"), (3, "Đơn vị bán")]
    assert len(preview.products) == 1 and preview.valid == []


def test_a_product_without_variant_rows_or_category_is_reported_on_its_first_row():
    rows = [prow(cooperative="htx-che", name="Chè", category="Tea"), prow(name="Gạo", sku="G")]
    problems = _problems(_preview(rows))
    assert (2, "SKU", "This product has no variant: give at least one row with SKU and price.") in (
        problems
    )
    assert (3, "Danh mục", "Enter the category of the product.") in problems
    assert (3, "Giá (VND)", "Enter the price.") in problems


def test_codes_names_and_gtins_already_taken():
    rows = [
        prow(
            cooperative="htx-che",
            code="cu",
            name="A",
            category="Tea",
            unit="kg",
            sku="A",
            price="1",
        ),
        prow(
            cooperative="htx-che",
            name="Cũ",
            category="Tea",
            unit="kg",
            sku="B",
            price="1",
            gtin="8934567890120",
        ),
        prow(
            cooperative="htx-che",
            name="Mới",
            category="Tea",
            unit="kg",
            sku="C",
            price="1",
            gtin="08934567890120",
        ),
    ]
    preview = _preview(rows, slugs={1: {"cu"}}, skus={1: {"b"}})
    assert _problems(preview) == [
        (2, "Mã sản phẩm", "This cooperative already has a product with this code."),
        (3, "SKU", "This cooperative already has a variant with this SKU."),
        (4, "GTIN", "Same as row 3 of this file."),
    ]
    assert _preview(rows[1:2], slugs={1: {"cu"}}).products[0].slug == "cu-2"  # named, not coded


def test_at_most_nine_images_per_product():
    links = " ".join(f"https://a.vn/{n}.jpg" for n in range(10))
    rows = [
        prow(
            cooperative="htx-che",
            name="A",
            category="Tea",
            unit="kg",
            sku="A",
            price="1",
            images=links,
        )
    ]
    preview = _preview(rows)
    assert _problems(preview) == [(2, "Ảnh", "At most 9 images per product.")]
    assert len(preview.products[0].images) == 9


def test_header_spellings_are_unambiguous_and_forgiving():
    spellings = [header_key(n) for c in COLUMNS for n in (c.header, *c.aliases)]
    assert len(spellings) == len(set(spellings))
    headers = [unicodedata.normalize("NFD", h.upper()) for h in HEADERS]
    preview = preview_products(csv_bytes(good_rows("htx-che"), headers), _existing())
    assert preview.problems == [] and len(preview.valid) == 2


_cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({key: _cell for key in KEYS}), min_size=1, max_size=4))
def test_arbitrary_cell_text_never_crashes_and_every_value_is_nfc(rows):
    preview = preview_products(
        csv_bytes([prow(**values) for values in rows]), _existing(default_cooperative=1)
    )
    for product in preview.products:
        values = [*product.values.values(), *(v for var in product.variants for v in var.values())]
        for value in values:
            if isinstance(value, str):
                assert unicodedata.is_normalized("NFC", value)
    for problem in preview.problems:
        assert str(problem.message)


def test_template_layout_and_its_example_imports_cleanly():
    data = product_template()
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Sản phẩm", "Ví dụ", "Hướng dẫn", "Danh mục sản phẩm", "Đơn vị"]
    sheet = book["Sản phẩm"]
    assert [c.value for c in sheet[1]] == HEADERS
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["D2"] == "'Danh mục sản phẩm'!$A$2:$A$35"
    assert lists["F2"] == "'Đơn vị'!$A$2:$A$13"
    assert book["Danh mục sản phẩm"]["A2"].value == "Lạc (đậu phộng)"
    assert preview_products(data).rows == []
    example = read_table(data, sheet_names=("Ví dụ",))
    headers, (_number, values) = example.headers, example.rows[0]
    values[headers.index("Ảnh")] = ""  # no fetching here
    values[headers.index("Hợp tác xã")] = "htx-che"
    preview = preview_products(xlsx([values]), _existing())
    assert preview.problems == [] and preview.valid[0].values["category"] == "coffee_tea.tea"
