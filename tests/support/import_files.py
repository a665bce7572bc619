"""Build small import files (.xlsx and .csv) for the import tests and the bench."""

import csv
import io

from openpyxl import Workbook

HEADERS = [
    "Tên hợp tác xã",
    "Tên viết tắt",
    "Loại hình",
    "Mã số thuế",
    "Số đăng ký",
    "Tỉnh/Thành phố",
    "Xã/Phường",
    "Thôn/Đường",
    "Địa chỉ cũ (trước 2025)",
    "Người đại diện",
    "Số điện thoại",
    "Email",
    "Mô tả",
]


def row(**values) -> list:
    """A row in HEADERS order from keyword names (legal_name=…, tax_code=…)."""
    keys = [
        "legal_name",
        "short_name",
        "kind",
        "tax_code",
        "registration_number",
        "province",
        "commune",
        "street",
        "legacy_address",
        "representative",
        "phone",
        "email",
        "description",
    ]
    return [values.get(key, "") for key in keys]


GOOD_ROWS = [
    row(
        legal_name="Hợp tác xã Chè Shan Tuyết Na Hang",
        short_name="HTX Chè Na Hang",
        kind="HTX",
        tax_code="5000123456",
        registration_number="5001-HTX-0301",
        province="Tuyên Quang",
        commune="Lâm Bình",
        street="Thôn Nà Va",
        representative="Ma Văn Thảo",
        phone="0912 345 678",
        email="che@example.vn",
        description="Chè shan tuyết cổ thụ.",
    ),
    row(
        legal_name="Tổ hợp tác Mật ong Bình An",
        kind="tổ hợp tác",
        tax_code="5000123457",
        legacy_address="Thôn Nà Khà, xã Thổ Bình, huyện Lâm Bình, tỉnh Tuyên Quang",
        phone="+84 987 654 321",
    ),
    row(
        legal_name="Hộ kinh doanh Lạc đỏ Minh Xuân",
        kind="Hộ kinh doanh",
        province="08",
        commune="2215",
    ),
]


def xlsx(rows, headers=HEADERS, sheet="Hợp tác xã", formulas=()) -> bytes:
    """An .xlsx with ``headers`` then ``rows``; ``formulas`` are (cell, formula) pairs."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(headers))
    for values in rows:
        ws.append(list(values))
    for cell, formula in formulas:
        ws[cell] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, headers=HEADERS, delimiter=",", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)
