"""Banks in Vietnam that take NAPAS 24/7 transfers by VietQR, and their account details.

Data, not a service call: the BIN (the six-digit NAPAS acquirer ID written into a VietQR
code), the short name people use and the full Vietnamese name. Checked against the list
VietQR apps publish (vietqr.io / NAPAS members), with the 2024–2025 renamings (LPBank,
Vikki Bank, MBV, VCBNeo). Pure: the forms normalise and check account details here.
"""

import re
from dataclasses import dataclass

from .text import clean, fold


@dataclass(frozen=True)
class Bank:
    bin: str
    short_name: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.short_name} — {self.name}"


# The banks cooperatives use most come first (Agribank, BIDV, Vietcombank, VietinBank,
# Co-opBank, the Social Policy Bank); the rest follow by short name.
COMMON_COUNT = 6

BANKS: tuple[Bank, ...] = (
    Bank("970405", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
    Bank("970418", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
    Bank("970436", "Vietcombank", "Ngân hàng TMCP Ngoại thương Việt Nam"),
    Bank("970415", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"),
    Bank("970446", "Co-opBank", "Ngân hàng Hợp tác xã Việt Nam"),
    Bank("999888", "VBSP", "Ngân hàng Chính sách Xã hội"),
    Bank("970425", "ABBANK", "Ngân hàng TMCP An Bình"),
    Bank("970416", "ACB", "Ngân hàng TMCP Á Châu"),
    Bank("970409", "BacABank", "Ngân hàng TMCP Bắc Á"),
    Bank("970438", "BaoVietBank", "Ngân hàng TMCP Bảo Việt"),
    Bank("546034", "CAKE", "Ngân hàng số CAKE by VPBank"),
    Bank("422589", "CIMB", "Ngân hàng TNHH MTV CIMB Việt Nam"),
    Bank("970431", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"),
    Bank("970408", "GPBank", "Ngân hàng Thương mại TNHH MTV Dầu khí Toàn cầu"),
    Bank("970437", "HDBank", "Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh"),
    Bank("970442", "HongLeong", "Ngân hàng TNHH MTV Hong Leong Việt Nam"),
    Bank("458761", "HSBC", "Ngân hàng TNHH MTV HSBC (Việt Nam)"),
    Bank("970434", "IndovinaBank", "Ngân hàng TNHH Indovina"),
    Bank("970452", "KienlongBank", "Ngân hàng TMCP Kiên Long"),
    Bank("970449", "LPBank", "Ngân hàng TMCP Lộc Phát Việt Nam (LienVietPostBank)"),
    Bank("970422", "MB", "Ngân hàng TMCP Quân đội"),
    Bank("970414", "MBV", "Ngân hàng TNHH MTV Việt Nam Hiện Đại (OceanBank)"),
    Bank("970426", "MSB", "Ngân hàng TMCP Hàng Hải Việt Nam"),
    Bank("970428", "NamABank", "Ngân hàng TMCP Nam Á"),
    Bank("970419", "NCB", "Ngân hàng TMCP Quốc Dân"),
    Bank("970448", "OCB", "Ngân hàng TMCP Phương Đông"),
    Bank("970430", "PGBank", "Ngân hàng TMCP Thịnh vượng và Phát triển"),
    Bank("970439", "PublicBank", "Ngân hàng TNHH MTV Public Việt Nam"),
    Bank("970412", "PVcomBank", "Ngân hàng TMCP Đại Chúng Việt Nam"),
    Bank("970403", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
    Bank("970400", "SaigonBank", "Ngân hàng TMCP Sài Gòn Công Thương"),
    Bank("970429", "SCB", "Ngân hàng TMCP Sài Gòn"),
    Bank("970440", "SeABank", "Ngân hàng TMCP Đông Nam Á"),
    Bank("970443", "SHB", "Ngân hàng TMCP Sài Gòn – Hà Nội"),
    Bank("970424", "ShinhanBank", "Ngân hàng TNHH MTV Shinhan Việt Nam"),
    Bank("970410", "StandardChartered", "Ngân hàng TNHH MTV Standard Chartered Việt Nam"),
    Bank("970407", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
    Bank("963388", "Timo", "Ngân hàng số Timo by Bản Việt"),
    Bank("970423", "TPBank", "Ngân hàng TMCP Tiên Phong"),
    Bank("546035", "Ubank", "Ngân hàng số Ubank by VPBank"),
    Bank("970458", "UOB", "Ngân hàng United Overseas Việt Nam"),
    Bank("970444", "VCBNeo", "Ngân hàng TNHH MTV Ngoại thương Công nghệ số (CBBank)"),
    Bank("970454", "VietCapitalBank", "Ngân hàng TMCP Bản Việt"),
    Bank("970441", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"),
    Bank("970427", "VietABank", "Ngân hàng TMCP Việt Á"),
    Bank("970433", "VietBank", "Ngân hàng TMCP Việt Nam Thương Tín"),
    Bank("970406", "Vikki Bank", "Ngân hàng TNHH MTV Số Vikki (DongA Bank)"),
    Bank("970432", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
    Bank("970421", "VRB", "Ngân hàng Liên doanh Việt – Nga"),
    Bank("970457", "Woori", "Ngân hàng TNHH MTV Woori Việt Nam"),
)

_BY_BIN = {bank.bin: bank for bank in BANKS}

ACCOUNT_MIN, ACCOUNT_MAX = 6, 19  # digits; VietQR allows up to 19 characters
HOLDER_MAX = 70  # the column; banks print at most about 50
_ACCOUNT_SEPARATORS = re.compile(r"[\s.\-]")
_HOLDER_RE = re.compile(r"^[A-Z0-9][A-Z0-9 .,&'()/-]*$")


def by_bin(bin_: str | None) -> Bank | None:
    return _BY_BIN.get(bin_ or "")


def normalize_account_number(value: str | None) -> str | None:
    """ "1903 6688.0123-45" -> "19036688012345"; None unless 6–19 digits remain."""
    digits = _ACCOUNT_SEPARATORS.sub("", clean(value))
    if digits.isascii() and digits.isdigit() and ACCOUNT_MIN <= len(digits) <= ACCOUNT_MAX:
        return digits
    return None


def normalize_holder(value: str | None) -> str | None:
    """The holder's name as banks print it: "Hợp tác xã Lâm Bình" -> "HOP TAC XA LAM BINH".

    None when what is left is not plain letters, digits and the usual punctuation.
    """
    name = fold(value).upper()
    if not name or len(name) > HOLDER_MAX or not _HOLDER_RE.match(name):
        return None
    return name


def group_digits(number: str, size: int = 4) -> str:
    """ "19036688012345" -> "1903 6688 0123 45", easier to read aloud and copy by hand."""
    return " ".join(number[i : i + size] for i in range(0, len(number), size))


def bank_label(bin_: str | None) -> str:
    """ "Agribank — Ngân hàng Nông nghiệp…" for a BIN; the BIN itself if it is unknown."""
    bank = by_bin(bin_)
    return bank.label if bank else (bin_ or "")
