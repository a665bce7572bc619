"""Marketplace mass-upload templates shaped as seller centres ship them, made with openpyxl.

:func:`shopee_template` builds a Shopee-like workbook: an instructions sheet first, then the
data sheet with a hidden row of technical keys ("ps_product_name|1|0"), a group row with
merged cells, Vietnamese headers marked "*", English headers, a row of "Bắt buộc"/"Tùy chọn"
markers, a description row and an example row, styled, with a hidden column; a category
sheet that a list validation on the category column points to (directly, through a defined
name, or as an Excel 2010 ``x14`` validation in ``extLst``, which openpyxl cannot write and
is spliced in by hand); a Yes/No validation, pre-formatted empty rows, and a sheet of notes.
Options make the variations the tests need (an unknown mandatory column, no keys, English
headers only…).
"""

import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from app.exports import profiles

DATA_SHEET = "Mẫu đăng tải"
CATEGORY_SHEET = "Danh mục ngành hàng"
# (technical key, Vietnamese header, English header, mandatory, group)
SHOPEE_COLUMNS = (
    ("ps_category", "Ngành hàng", "Category", True, "Thông tin cơ bản"),
    ("ps_product_name", "Tên sản phẩm", "Product Name", True, None),
    ("ps_product_description", "Mô tả sản phẩm", "Product Description", True, None),
    ("ps_sku_parent_short", "SKU sản phẩm", "Parent SKU", False, None),
    ("et_title_variation_integration_no", "Mã tích hợp phân loại", "Variation Integration No.",
     False, "Thông tin bán hàng"),
    ("et_title_variation_1", "Tên nhóm phân loại hàng 1", "Variation Name1", False, None),
    ("et_title_option_for_variation_1", "Tên phân loại hàng cho nhóm phân loại hàng 1",
     "Option for Variation 1", False, None),
    ("ps_price", "Giá", "Price", True, None),
    ("ps_stock", "Kho hàng", "Stock", True, None),
    ("ps_sku_short", "SKU phân loại", "SKU", False, None),
    ("ps_item_cover_image", "Ảnh bìa", "Cover image", True, "Hình ảnh"),
    ("ps_item_image_1", "Hình ảnh sản phẩm 1", "Item Image 1", False, None),
    ("ps_item_image_2", "Hình ảnh sản phẩm 2", "Item Image 2", False, None),
    ("ps_weight", "Cân nặng", "Weight", True, "Vận chuyển"),
    ("ps_length", "Chiều dài", "Length", False, None),
    ("ps_width", "Chiều rộng", "Width", False, None),
    ("ps_height", "Chiều cao", "Height", False, None),
    ("channel_id.50018", "Hỏa tốc", "Express", False, None),
    ("ps_product_pre_order_dts", "Hàng đặt trước", "Pre-order", False, None),
)  # fmt: skip
EXTRA_MANDATORY = ("ps_food_license", "Số giấy phép ATTP", "Food Safety License No.", True, None)
HEAD = (1, 2, 3, 4, 5, 6, 7)  # keys, group, vi, en, markers, descriptions, example
FIRST_ROW = 8
PREFORMATTED = 30  # empty styled rows after the head, as templates come


def shopee_categories() -> list[str]:
    return sorted(set(profiles.get("shopee").categories.values()))


def shopee_template(
    extra_mandatory: bool = False,
    keys: bool = True,
    english_only: bool = False,
    category_list: str = "range",  # range, name, x14, sheet (no validation) or none
    variant_columns: bool = False,
    category_sheet: str = CATEGORY_SHEET,
    extra_columns: tuple = (),  # more (key, vi, en, mandatory, group) at the end
) -> bytes:
    """The .xlsx bytes of a Shopee-shaped template (see the module's note)."""
    columns = list(SHOPEE_COLUMNS) + list(extra_columns)
    if extra_mandatory:
        columns.insert(4, EXTRA_MANDATORY)
    if variant_columns:
        columns += [(f"ps_variation {n} ps_variation_sku", f"Phân loại {n} SKU",
                     f"Variation {n} SKU", False, None) for n in (1, 2)]  # fmt: skip
    book = Workbook()
    notes = book.active
    notes.title = "Hướng dẫn"
    notes["A1"] = "Hướng dẫn đăng tải hàng loạt"
    notes["A1"].font = Font(bold=True, size=14)
    notes["A2"] = "Không sửa dòng tiêu đề. Các cột có dấu * là bắt buộc."
    sheet = book.create_sheet(DATA_SHEET)
    _head(sheet, columns, keys, english_only)
    categories = book.create_sheet(category_sheet)
    categories["A1"] = "Ngành hàng"
    for row, path in enumerate(shopee_categories(), start=2):
        categories.cell(row, 1, path)
    last = len(shopee_categories()) + 1
    reference = f"'{category_sheet}'!$A$2:$A${last}"
    if category_list == "range":
        _validation(sheet, f"={reference}", "A")
    elif category_list == "name":
        book.defined_names["DanhSachNganhHang"] = DefinedName(
            "DanhSachNganhHang", attr_text=reference
        )
        _validation(sheet, "=DanhSachNganhHang", "A")
    pre_order = next(i for i, c in enumerate(columns, 1) if c[0] == "ps_product_pre_order_dts")
    _validation(sheet, '"Có,Không"', _letter(pre_order))
    example = book.create_sheet("Ví dụ")
    example["A1"] = "Xem dòng 7 của trang Mẫu đăng tải."
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if category_list == "x14":
        data = add_x14_list(data, DATA_SHEET, reference, "A", FIRST_ROW)
    return data


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _validation(sheet, formula: str, column: str) -> None:
    check = DataValidation(type="list", formula1=formula, allow_blank=True)
    check.add(f"{column}{FIRST_ROW}:{column}2000")
    sheet.add_data_validation(check)


def _head(sheet, columns, keys: bool, english_only: bool) -> None:
    bold, red = Font(bold=True), Font(bold=True, color="FFFF0000")
    fill = PatternFill("solid", fgColor="FFFFF2CC")
    group_start = None
    for index, (key, vi, en, mandatory, group) in enumerate(columns, start=1):
        if keys:
            sheet.cell(1, index, f"{key}|{int(mandatory)}|0")
        if group:
            if group_start:
                sheet.merge_cells(start_row=2, start_column=group_start, end_row=2,
                                  end_column=index - 1)  # fmt: skip
            sheet.cell(2, index, group).font = bold
            group_start = index
        header = sheet.cell(3, index, en if english_only else (f"{vi}*" if mandatory else vi))
        header.font, header.fill = (red if mandatory else bold), fill
        if not english_only:
            sheet.cell(4, index, en).font = Font(italic=True)
        sheet.cell(5, index, "Bắt buộc" if mandatory else "Tùy chọn")
        sheet.cell(6, index, f"Nhập {vi.lower()} theo hướng dẫn ở trang Hướng dẫn.")
        sheet.cell(7, index, _example(key))
        for row in range(FIRST_ROW, FIRST_ROW + PREFORMATTED):
            sheet.cell(row, index).number_format = "@" if "sku" in key else "General"
    sheet.row_dimensions[1].hidden = True
    sheet.column_dimensions[_letter(len(columns))].hidden = True
    sheet.freeze_panes = "A8"


def _example(key: str) -> str | int:
    return {"ps_product_name": "Ví dụ: Gạo ST25 túi 5 kg", "ps_price": 150000,
            "ps_stock": 100, "ps_category": "Ví dụ"}.get(key, "")  # fmt: skip


def add_x14_list(data: bytes, sheet_title: str, reference: str, column: str, first: int) -> bytes:
    """``data`` with an Excel 2010 list validation (``x14:dataValidation`` in the sheet's
    ``extLst``) on ``column`` from row ``first``, pointing to ``reference``."""
    part = sheet_part(data, sheet_title)
    ext = (
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:dataValidations count="1" '
        'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" '
        f'showErrorMessage="1"><x14:formula1><xm:f>{reference.lstrip("=")}</xm:f>'
        f"</x14:formula1><xm:sqref>{column}{first}:{column}2000</xm:sqref>"
        "</x14:dataValidation></x14:dataValidations></ext></extLst>"
    )
    return replace_part(data, part, lambda xml: xml.replace("</worksheet>", ext + "</worksheet>"))


def sheet_part(data: bytes, title: str) -> str:
    """The zip entry of the sheet called ``title``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="(\w+)"', book).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = target.group(1).lstrip("/")
    return path if path.startswith("xl/") else f"xl/{path}"


def replace_part(data: bytes, part: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == part:
                content = change(content.decode()).encode()
            target.writestr(item, content)
    return out.getvalue()
