"""Downloadable import templates (.xlsx), written as bytes by pure functions.

A template has the data sheet (Vietnamese headers, a comment on each saying what to write,
drop-down lists, text format where Excel would eat leading zeros), a sheet with an example
row, a guide, and reference lists. Every cell is written with :func:`put`, so text that looks
like a formula (= + - @) stays text: spreadsheets we write never run what a user typed.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .. import areas
from .columns import Column
from .reader import MAX_ROWS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_FORMAT = "@"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F6F43")
_NOTE_FONT = Font(italic=True, color="555555")


def put(sheet, row: int, column: int, value):
    """Write one cell; text starting like a formula is stored as text (quote prefix)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


@dataclass
class ReferenceSheet:
    """A list sheet; ``feeds`` maps a column key to the list column that fills its drop-down."""

    title: str
    headers: list[str]
    rows: list[list]
    feeds: dict[str, int] = field(default_factory=dict)
    widths: list[int] = field(default_factory=list)


def write_template(
    sheet_name: str,
    columns: tuple[Column, ...],
    guide: list[str],
    references: Sequence[ReferenceSheet] = (),
    text_columns: tuple[str, ...] = (),
) -> bytes:
    """The template workbook as .xlsx bytes."""
    book = Workbook()
    data = book.active
    data.title = sheet_name
    _header(data, columns)
    for position, column in enumerate(columns, start=1):
        if column.key in text_columns:
            data.column_dimensions[get_column_letter(position)].number_format = TEXT_FORMAT
        if column.note:
            data.cell(row=1, column=position).comment = Comment(column.note, "Lên Sàn", 120, 320)
    _drop_downs(data, columns, references)

    example = book.create_sheet("Ví dụ")
    _header(example, columns)
    for position, column in enumerate(columns, start=1):
        put(example, 2, position, column.example)

    _guide(book.create_sheet("Hướng dẫn"), columns, guide)
    for reference in references:
        sheet = book.create_sheet(reference.title)
        for position, header in enumerate(reference.headers, start=1):
            cell = put(sheet, 1, position, header)
            cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        for number, values in enumerate(reference.rows, start=2):
            for position, value in enumerate(values, start=1):
                put(sheet, number, position, value)
        for position, width in enumerate(reference.widths, start=1):
            sheet.column_dimensions[get_column_letter(position)].width = width
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet, columns: tuple[Column, ...]) -> None:
    for position, column in enumerate(columns, start=1):
        cell = put(sheet, 1, position, column.header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"


def _drop_downs(sheet, columns, references) -> None:
    """Suggestions, not locks: codes and other spellings are accepted too, so no error box."""
    sources = {
        key: (reference, list_column)
        for reference in references
        for key, list_column in reference.feeds.items()
    }
    for position, column in enumerate(columns, start=1):
        if column.key in sources:
            reference, list_column = sources[column.key]
            letter = get_column_letter(list_column)
            last = len(reference.rows) + 1
            formula = f"{quote_sheetname(reference.title)}!${letter}$2:${letter}${last}"
        elif column.choices:
            formula = '"' + ",".join(column.choices) + '"'
        else:
            continue
        letter = get_column_letter(position)
        validation = DataValidation(type="list", formula1=formula, showErrorMessage=False)
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)


def _guide(sheet, columns, guide: list[str]) -> None:
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["D"].width = 40
    number = 1
    for line in guide:
        put(sheet, number, 1, line).font = _NOTE_FONT if number > 1 else Font(bold=True, size=14)
        number += 1
    number += 1
    for position, header in enumerate(("Cột", "Bắt buộc", "Cách ghi", "Ví dụ"), start=1):
        cell = put(sheet, number, position, header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for column in columns:
        number += 1
        for position, value in enumerate(
            (column.header, "Có" if column.required else "", column.note, column.example), start=1
        ):
            put(sheet, number, position, value).alignment = Alignment(wrap_text=True)


COOPERATIVE_GUIDE = [
    "Mẫu nhập danh sách hợp tác xã vào Lên Sàn",
    "Mỗi dòng của trang “Hợp tác xã” là một hợp tác xã; giữ nguyên dòng tiêu đề.",
    "Địa bàn: ghi tỉnh và xã/phường sau ngày 01/7/2025 (tên có hoặc không dấu, hoặc mã), "
    "hoặc chỉ ghi địa chỉ cũ để Lên Sàn tìm xã mới cho bạn xác nhận.",
    "Chỉ nhập giá trị, không dùng công thức. Tối đa 10.000 dòng, tệp .xlsx hoặc .csv (UTF-8).",
    "Lên Sàn kiểm tra toàn bộ tệp và cho xem trước; chỉ lưu khi bạn xác nhận.",
]


def cooperative_template() -> bytes:
    """The cooperative import template, with the province and commune lists of 2025."""
    from .cooperatives import COLUMNS, SHEET_NAME

    provinces = areas.provinces()
    communes = [
        [province.name, province.code, commune.name, commune.code]
        for province in provinces
        for commune in areas.communes(province.code)
    ]
    references = [
        ReferenceSheet(
            "Danh mục tỉnh",
            ["Tỉnh/Thành phố", "Mã tỉnh"],
            [[p.name, p.code] for p in provinces],
            feeds={"province": 1},
            widths=[28, 10],
        ),
        ReferenceSheet(
            "Danh mục xã",
            ["Tỉnh/Thành phố", "Mã tỉnh", "Xã/Phường", "Mã xã"],
            communes,
            widths=[28, 10, 28, 10],
        ),
    ]
    return write_template(
        SHEET_NAME,
        COLUMNS,
        COOPERATIVE_GUIDE,
        references,
        text_columns=("tax_code", "registration_number", "phone", "commune"),
    )


PRODUCT_GUIDE = [
    "Mẫu nhập sản phẩm vào Lên Sàn",
    "Mỗi dòng của trang “Sản phẩm” là một phân loại (cỡ gói, loại hàng) với SKU và giá riêng.",
    "Các dòng cùng “Mã sản phẩm” (hoặc cùng “Tên sản phẩm” nếu bỏ trống mã) và cùng hợp tác xã "
    "là một sản phẩm; thông tin sản phẩm chỉ cần ghi ở dòng đầu, hoặc ghi giống hệt nhau.",
    "Danh mục: chọn trong trang “Danh mục sản phẩm”. Ảnh: đường link công khai tới ảnh JPEG, "
    "PNG hoặc WebP, tối đa 9 ảnh một sản phẩm.",
    "Chỉ nhập giá trị, không dùng công thức. Tối đa 10.000 dòng, tệp .xlsx hoặc .csv (UTF-8).",
    "Lên Sàn kiểm tra toàn bộ tệp và cho xem trước; chỉ lưu khi bạn xác nhận. Sản phẩm có lỗi ở "
    "bất kỳ dòng nào sẽ được bỏ qua cả sản phẩm.",
]


def product_template() -> bytes:
    """The product import template, with the category and unit lists."""
    from ..products import categories
    from ..vietnamese import msgid_of
    from .product_cells import vietnamese_label
    from .product_columns import COLUMNS, NET_UNIT_EXAMPLES, SHEET_NAME, UNIT_CHOICES

    leaves = [
        [vietnamese_label(leaf), msgid_of(leaf.label),
         vietnamese_label(categories.group_of(leaf)), leaf.code]
        for leaf in categories.LEAVES
    ]  # fmt: skip
    units = [
        [unit, NET_UNIT_EXAMPLES[i] if i < len(NET_UNIT_EXAMPLES) else ""]
        for i, unit in enumerate(UNIT_CHOICES)
    ]
    references = [
        ReferenceSheet(
            "Danh mục sản phẩm",
            ["Danh mục", "Category (English)", "Nhóm", "Mã"],
            leaves,
            feeds={"category": 1},
            widths=[30, 30, 30, 22],
        ),
        ReferenceSheet(
            "Đơn vị",
            ["Đơn vị bán", "Định lượng (ví dụ)"],
            units,
            feeds={"unit": 1},
            widths=[16, 20],
        ),  # fmt: skip
    ]
    return write_template(
        SHEET_NAME,
        COLUMNS,
        PRODUCT_GUIDE,
        references,
        text_columns=("cooperative", "code", "gtin", "sku", "standard", "net_quantity"),
    )
