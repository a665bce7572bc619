"""The cooperative sheet: its columns, and the rules one row must pass to become a cooperative.

Same rules as the profile form (app/cooperatives/forms.py), applied to thousands of rows at
once: existing tax codes, registration numbers and names are loaded once by the caller and
passed in as :class:`Existing`, so checking a row never touches the database.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .. import areas
from ..models.cooperative import CooperativeKind
from ..text import is_email, normalize_phone, normalize_tax_code
from .columns import Column, Preview, Row, check_rows
from .places import Ambiguous, find_commune, find_province, place_key, resolve_legacy
from .reader import MAX_BYTES, MAX_ROWS, read_table

SHEET_NAME = "Hợp tác xã"
KIND_CHOICES = ("Hợp tác xã", "Tổ hợp tác", "Hộ kinh doanh", "Doanh nghiệp")
_KIND_PREFIXES = (  # folded, letters only; checked with startswith, in this order
    ("tohoptac", CooperativeKind.THT),
    ("thohoptac", CooperativeKind.THT),
    ("tht", CooperativeKind.THT),
    ("hoptacxa", CooperativeKind.HTX),
    ("htx", CooperativeKind.HTX),
    ("hokinhdoanh", CooperativeKind.HKD),
    ("hkd", CooperativeKind.HKD),
    ("doanhnghiep", CooperativeKind.DN),
    ("congty", CooperativeKind.DN),
    ("dn", CooperativeKind.DN),
)
_REGISTRATION_RE = re.compile(r"^[0-9A-Za-z./-]+$")

COLUMNS = (
    Column("legal_name", "Tên hợp tác xã", ("Tên đầy đủ", "Tên pháp lý", "Tên đăng ký",
           "Tên HTX", "Tên đơn vị"), required=True, max_length=200, width=40,
           note="Bắt buộc. Tên đầy đủ theo giấy chứng nhận đăng ký.",
           example="Hợp tác xã Nông nghiệp Thổ Bình"),
    Column("short_name", "Tên viết tắt", ("Tên ngắn", "Tên gọi tắt", "Tên giao dịch"),
           max_length=80, note="Tên ngắn hiển thị cho người mua.", example="HTX Thổ Bình"),
    Column("kind", "Loại hình", ("Loại", "Loại hình tổ chức"), choices=KIND_CHOICES,
           note="Hợp tác xã, Tổ hợp tác, Hộ kinh doanh hoặc Doanh nghiệp. Để trống: Hợp tác xã.",
           example="Hợp tác xã"),
    Column("tax_code", "Mã số thuế", ("MST",), max_length=20,
           note="10 chữ số (10-3 với chi nhánh) hoặc 12 chữ số. Ghi dạng chữ để giữ số 0 đầu.",
           example="5000123456"),
    Column("registration_number", "Số đăng ký", ("Số giấy chứng nhận đăng ký", "Số GCN đăng ký",
           "Số ĐKKD", "Mã số HTX"), max_length=30,
           note="Số giấy chứng nhận đăng ký: chữ số, chữ cái, dấu chấm, gạch chéo, gạch ngang.",
           example="5001-HTX-0199"),
    Column("province", "Tỉnh/Thành phố", ("Tỉnh", "Tỉnh/TP", "Tỉnh thành", "Mã tỉnh"),
           note="Tên hoặc mã tỉnh, thành phố từ 01/7/2025 (34 tỉnh, thành phố).",
           example="Tuyên Quang"),
    Column("commune", "Xã/Phường", ("Xã", "Phường", "Xã/Phường/Đặc khu", "Mã xã"), width=24,
           note="Tên hoặc mã xã, phường, đặc khu từ 01/7/2025 (xem trang “Danh mục xã”).",
           example="Xã Bình An"),
    Column("street", "Thôn/Đường", ("Thôn", "Thôn, xóm", "Số nhà, đường", "Địa chỉ chi tiết"),
           max_length=200, example="Thôn Nà Khà"),
    Column("legacy_address", "Địa chỉ cũ (trước 2025)", ("Địa chỉ cũ", "Địa chỉ",
           "Địa chỉ trước sáp nhập"), max_length=300, width=45,
           note="Địa chỉ trên giấy tờ cũ (có huyện), giữ nguyên như đã ghi. Nếu bỏ trống tỉnh "
           "và xã, Lên Sàn tìm xã mới theo địa chỉ này để bạn xác nhận.",
           example="Thôn Nà Khà, xã Thổ Bình, huyện Lâm Bình, tỉnh Tuyên Quang"),
    Column("representative", "Người đại diện", ("Đại diện", "Người đại diện theo pháp luật",
           "Giám đốc"), max_length=120, example="Ma Văn Thảo"),
    Column("phone", "Số điện thoại", ("Điện thoại", "SĐT", "Di động"), max_length=20,
           note="Số Việt Nam, ví dụ 0912 345 678 hoặc +84 912 345 678.", example="0912345678"),
    Column("email", "Email", ("Thư điện tử", "Địa chỉ email"), max_length=254,
           example="htxthobinh@example.vn"),
    Column("description", "Mô tả", ("Giới thiệu",), max_length=5000, multiline=True, width=40,
           example="Trồng lạc đỏ trên nương, ép dầu lạc nguyên chất."),
)  # fmt: skip


@dataclass
class Existing:
    """Keys of the cooperatives already saved, loaded once for the whole file."""

    tax_codes: set[str] = field(default_factory=set)
    registration_numbers: set[str] = field(default_factory=set)  # casefolded
    names: set[tuple[str, int]] = field(default_factory=set)  # (place_key(legal_name), commune)


def parse_kind(text: str) -> str | None:
    """CooperativeKind value for "HTX", "Tổ hợp tác", "hộ kinh doanh", "Công ty TNHH"…"""
    key = place_key(text)
    if not key:
        return CooperativeKind.HTX.value
    return next((kind.value for prefix, kind in _KIND_PREFIXES if key.startswith(prefix)), None)


def _digits_lost_zero(text: str, lengths: tuple[int, ...]) -> str:
    """Excel turns 0912345678 into the number 912345678: put the leading zero back."""
    lost = text.isascii() and text.isdigit() and len(text) in lengths and text[0] != "0"
    return "0" + text if lost else text


class CooperativeRules:
    """Checks rows of the cooperative sheet; remembers keys seen so far to find repeats."""

    def __init__(self, existing: Existing, allowed: Callable[[int, int], bool] | None = None):
        self.existing = existing
        self.allowed = allowed
        self.seen: dict[tuple[str, object], int] = {}

    def check(self, row: Row) -> dict:
        values: dict[str, object] = {
            key: row.text(key)
            for key in ("legal_name", "short_name", "street", "legacy_address", "representative")
        }
        values["description"] = row.text("description")
        if not values["legal_name"]:
            row.problem("legal_name", _l("Enter the cooperative's legal name."))
        values["kind"] = parse_kind(row.text("kind"))
        if values["kind"] is None:
            row.problem(
                "kind",
                _l(
                    "Unknown type. Write one of: %(choices)s.",
                    choices=", ".join(KIND_CHOICES),
                ),
            )
        values["tax_code"] = self._tax_code(row)
        values["registration_number"] = self._registration(row)
        values["phone"] = self._phone(row)
        values["email"] = self._email(row)
        values["province_code"], values["commune_code"] = self._place(row)
        if not row.result.notes.get("outside_area"):
            # A row refused for its place is not compared with the cooperatives there: an
            # officer's file cannot ask which names are registered outside their area.
            self._duplicates(row, values)
        return values

    def _tax_code(self, row: Row) -> str | None:
        text = _digits_lost_zero(row.text("tax_code"), (9, 11))
        if not text:
            return None
        code = normalize_tax_code(text)
        if code is None:
            row.problem(
                "tax_code", _l("A tax code has 10 digits (10-3 for a branch) or 12 digits.")
            )
        return code

    def _registration(self, row: Row) -> str | None:
        text = row.text("registration_number")
        if text and not _REGISTRATION_RE.match(text):
            row.problem(
                "registration_number", _l("Use only digits, letters, dots, slashes and dashes.")
            )
        return text or None

    def _phone(self, row: Row) -> str | None:
        text = row.text("phone")
        text = _digits_lost_zero(text, (10,) if text.startswith("2") else (9,))
        if not text:
            return None
        phone = normalize_phone(text)
        if phone is None:
            row.problem("phone", _l("This is not a Vietnamese phone number."))
        return phone

    def _email(self, row: Row) -> str | None:
        text = row.text("email")
        if not text:
            return None
        if not is_email(text):
            row.problem("email", _l("This email address is not valid."))
        return text

    def _place(self, row: Row) -> tuple[int | None, int | None]:
        """From the province and commune columns, else from the old address."""
        province_text, commune_text = row.text("province"), row.text("commune")
        legacy = row.text("legacy_address")
        if province_text or commune_text:
            place = self._given_place(row, province_text, commune_text)
            where = "commune"
        elif legacy:
            place = resolve_legacy(legacy)
            where = "legacy_address"
            if place[1] is None:
                row.problem(
                    where,
                    _l(
                        "Today's commune could not be found from this old address. "
                        "Fill in the province and commune columns."
                    ),
                )
                return None, None
            row.result.notes["from_legacy"] = True
        else:
            row.problem(
                "commune", _l("Give the province and commune (name or code), or the old address.")
            )
            return None, None
        if place[1] is not None and self.allowed and not self.allowed(*place):
            row.problem(where, _l("This commune is outside the area you cover."))
            row.result.notes["outside_area"] = True
        return place

    def _given_place(self, row: Row, province_text: str, commune_text: str):
        province = find_province(province_text) if province_text else None
        if province_text and province is None:
            row.problem(
                "province",
                _l("Unknown province “%(name)s”. Write its name or code.", name=province_text),
            )
            return None, None
        if not commune_text:
            row.problem("commune", _l("Enter the commune (name or code)."))
            return province, None
        try:
            commune = find_commune(commune_text, province)
        except Ambiguous:
            row.problem(
                "commune",
                _l(
                    "Several communes of this province could be “%(name)s”: write the name "
                    "with its diacritics and “Xã” or “Phường”, or write the code.",
                    name=commune_text,
                ),
            )
            return province, None
        if commune is None:
            if province is None:
                row.problem("province", _l("Enter the province (name or code)."))
            else:
                row.problem(
                    "commune",
                    _l(
                        "There is no commune “%(name)s” in %(province)s.",
                        name=commune_text,
                        province=areas.place_name(None, province),
                    ),
                )
            return province, None
        found = areas.commune(commune)
        return (found.province_code if found else province), commune

    def _duplicates(self, row: Row, values: dict) -> None:
        checks: list[tuple[str, object, set]] = [
            ("tax_code", values["tax_code"], self.existing.tax_codes),
            (
                "registration_number",
                (values["registration_number"] or "").casefold() or None,
                self.existing.registration_numbers,
            ),
        ]
        if values["legal_name"] and values["commune_code"]:
            name = (place_key(values["legal_name"]), values["commune_code"])
            checks.append(("legal_name", name, self.existing.names))
        for key, value, existing in checks:
            if value is None:
                continue
            if value in existing:
                row.problem(key, _DUPLICATE_MESSAGES[key])
            elif (key, value) in self.seen:
                row.problem(
                    key, _l("Same as row %(row)d of this file.", row=self.seen[(key, value)])
                )
            else:
                self.seen[(key, value)] = row.number


_DUPLICATE_MESSAGES = {
    "tax_code": _l("Another cooperative has this tax code."),
    "registration_number": _l("Another cooperative has this registration number."),
    "legal_name": _l("A cooperative with this name is already registered in this commune."),
}


def preview_cooperatives(
    data: bytes,
    existing: Existing | None = None,
    allowed: Callable[[int, int], bool] | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> Preview:
    """Read and check a cooperative sheet; raises ImportFileError when the file is unusable."""
    table = read_table(data, sheet_names=(SHEET_NAME,), max_bytes=max_bytes, max_rows=max_rows)
    rules = CooperativeRules(existing or Existing(), allowed)
    return check_rows(table, COLUMNS, rules.check)
