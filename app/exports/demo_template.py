"""A mass-upload template shaped like the one Shopee's seller centre hands out, made with
openpyxl: for the demo (``flask seed-demo`` stores it, so packs fill it) and for tests.

Like the real one: an instructions sheet first, then the upload sheet with a hidden row of
technical keys (``ps_product_name|1|0``), the Vietnamese headers (mandatory ones marked
``*``), a row of notes, and the marketplace's category list on a sheet of its own offered to
the category column by a data validation. Two columns (dangerous goods, mandatory; the
warranty) are ones Lên Sàn has no field for.
"""

import io

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

SHEET = "Template"
CATEGORY_SHEET = "Ngành hàng"
FIRST_ROW = 4  # rows 1-3: keys, headers, notes

# (technical key, mandatory, Vietnamese header)
COLUMNS = (
    ("ps_category", True, "Ngành hàng"),
    ("ps_product_name", True, "Tên sản phẩm"),
    ("ps_product_description", True, "Mô tả sản phẩm"),
    ("ps_sku_parent_short", False, "SKU sản phẩm"),
    ("et_title_variation_1", False, "Tên nhóm phân loại hàng 1"),
    ("et_title_option_for_variation_1", False, "Tên phân loại hàng cho nhóm phân loại hàng 1"),
    ("ps_price", True, "Giá"),
    ("ps_stock", True, "Kho hàng"),
    ("ps_sku_short", False, "SKU phân loại"),
    ("ps_brand", True, "Thương hiệu"),
    ("ps_item_cover_image", True, "Ảnh bìa"),
    ("ps_weight", True, "Cân nặng"),
    ("ps_length", False, "Chiều dài"),
    ("ps_width", False, "Chiều rộng"),
    ("ps_height", False, "Chiều cao"),
    ("ps_dangerous_goods", True, "Hàng nguy hiểm"),
    ("ps_warranty_type", False, "Loại bảo hành"),
)

CATEGORIES = (
    "100629 - Thực phẩm và đồ uống/Đồ ăn vặt/Các loại hạt",
    "100630 - Thực phẩm và đồ uống/Thực phẩm khô/Gạo",
    "100631 - Thực phẩm và đồ uống/Đồ uống/Cà phê",
    "100632 - Thực phẩm và đồ uống/Đồ uống/Trà",
    "100633 - Thực phẩm và đồ uống/Thực phẩm khô/Mì, miến, bún, phở",
    "100634 - Thực phẩm và đồ uống/Thực phẩm khô/Mật ong",
    "100635 - Thực phẩm và đồ uống/Nguyên liệu nấu ăn/Gia vị",
    "100636 - Thực phẩm và đồ uống/Nguyên liệu nấu ăn/Dầu ăn",
    "100637 - Nhà cửa & Đời sống/Tinh dầu thơm",
    "100638 - Thực phẩm và đồ uống/Thực phẩm khô/Thực phẩm khô khác",
)


def shopee_template(columns=COLUMNS, categories=CATEGORIES) -> bytes:
    """The .xlsx bytes of a Shopee-like mass-upload template."""
    book = Workbook()
    guide = book.active
    guide.title = "Hướng dẫn"
    guide["A1"] = "Điền thông tin sản phẩm vào trang Template, bắt đầu từ dòng 4."
    sheet = book.create_sheet(SHEET)
    for n, (key, mandatory, header) in enumerate(columns, start=1):
        sheet.cell(1, n, f"{key}|{int(mandatory)}|0")
        sheet.cell(2, n, f"{header} *" if mandatory else header)
        sheet.cell(3, n, "Bắt buộc" if mandatory else "Không bắt buộc")
    sheet.row_dimensions[1].hidden = True
    sheet.freeze_panes = "A4"
    if categories:
        listed = book.create_sheet(CATEGORY_SHEET)
        for n, name in enumerate(categories, start=1):
            listed.cell(n, 1, name)
        rule = DataValidation(
            type="list", formula1=f"='{CATEGORY_SHEET}'!$A$1:$A${len(categories)}"
        )
        sheet.add_data_validation(rule)
        rule.add(f"A{FIRST_ROW}:A1000")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
