"""VietQR: the NAPAS 24/7 bank-transfer QR code, an EMVCo merchant-presented payload.

Pure: build a payload from a bank BIN and an account number, parse one back (checking every
ID, length and the CRC), and draw it as SVG for pages or PNG for print. Every Vietnamese
banking app reads these codes. The layout, per NAPAS' VietQR specification (EMVCo QRCPS-MPM):

    00 "01"                 payload format indicator
    01 "11" | "12"          point of initiation: static, or one payment with an amount
    38 merchant account     00 "A000000727" (NAPAS' GUID)
                            01 beneficiary: 00 acquirer BIN (6 digits), 01 account number
                            02 "QRIBFTTA" (transfer to an account) or "QRIBFTTC" (to a card)
    53 "704"                currency, Vietnamese đồng
    54 amount               optional, whole đồng
    58 "VN"                 country
    62 additional data      optional; 08 purpose of the transfer (what the buyer's app fills in)
    63 CRC                  CRC-16/CCITT-FALSE over everything before it, "6304" included
"""

import functools
import io
import re
from dataclasses import dataclass

import qrcode
from markupsafe import escape
from qrcode.constants import ERROR_CORRECT_M

GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
TO_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY = "VN"
STATIC, DYNAMIC = "11", "12"
PURPOSE_MAX = 25

_BIN_RE = re.compile(r"^\d{6}$")
_ACCOUNT_RE = re.compile(r"^[0-9A-Za-z]{1,19}$")
_AMOUNT_RE = re.compile(r"^[1-9]\d{0,12}$")
_PRINTABLE_RE = re.compile(r"^[\x20-\x7e]*$")


class VietQRError(ValueError):
    """A payload that is not a well-formed VietQR code; the message says what is wrong."""


@dataclass(frozen=True)
class Transfer:
    """What a VietQR code asks the payer's bank app to do."""

    bin: str
    account: str
    amount: int | None = None
    purpose: str = ""
    service: str = TO_ACCOUNT

    def __post_init__(self):
        if not _BIN_RE.match(self.bin):
            raise VietQRError(f"a BIN has 6 digits: {self.bin!r}")
        if not _ACCOUNT_RE.match(self.account):
            raise VietQRError(f"an account is 1-19 letters or digits: {self.account!r}")
        if self.amount is not None and not _AMOUNT_RE.match(str(self.amount)):
            raise VietQRError(f"an amount is a whole number of đồng, 1-13 digits: {self.amount}")
        if len(self.purpose) > PURPOSE_MAX or not _PRINTABLE_RE.match(self.purpose):
            raise VietQRError(f"a purpose is at most {PURPOSE_MAX} ASCII characters")
        if self.service not in (TO_ACCOUNT, TO_CARD):
            raise VietQRError(f"unknown service code {self.service!r}")


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    """One EMVCo data object: two-digit ID, two-digit length, value."""
    if len(value) > 99:
        raise VietQRError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def build(transfer: Transfer) -> str:
    """The payload string to put in the QR code."""
    beneficiary = tlv("00", transfer.bin) + tlv("01", transfer.account)
    merchant = tlv("00", GUID) + tlv("01", beneficiary) + tlv("02", transfer.service)
    parts = [
        tlv("00", "01"),
        tlv("01", STATIC if transfer.amount is None else DYNAMIC),
        tlv("38", merchant),
        tlv("53", CURRENCY_VND),
    ]
    if transfer.amount is not None:
        parts.append(tlv("54", str(transfer.amount)))
    parts.append(tlv("58", COUNTRY))
    if transfer.purpose:
        parts.append(tlv("62", tlv("08", transfer.purpose)))
    body = "".join(parts) + "6304"
    return body + f"{crc16(body.encode('ascii')):04X}"


def split(text: str) -> list[tuple[str, str]]:
    """EMVCo data objects of ``text`` in order; raises VietQRError on a bad ID or length."""
    items, pos = [], 0
    while pos < len(text):
        head = text[pos : pos + 4]
        if len(head) < 4 or not head.isdigit():
            raise VietQRError(f"bad ID or length at position {pos}: {head!r}")
        tag, length = head[:2], int(head[2:])
        value = text[pos + 4 : pos + 4 + length]
        if len(value) != length:
            raise VietQRError(f"field {tag} claims {length} characters, has {len(value)}")
        items.append((tag, value))
        pos += 4 + length
    return items


def _fields(text: str, where: str) -> dict[str, str]:
    items = split(text)
    found = dict(items)
    if len(found) != len(items):
        raise VietQRError(f"an ID appears twice in {where}")
    return found


def _require(found: dict[str, str], tag: str, where: str, expected: str | None = None) -> str:
    if tag not in found:
        raise VietQRError(f"{where} lacks field {tag}")
    if expected is not None and found[tag] != expected:
        raise VietQRError(f"{where} field {tag} is {found[tag]!r}, not {expected!r}")
    return found[tag]


def parse(payload: str) -> Transfer:
    """Check a payload (structure, IDs, lengths, CRC) and return the transfer it asks for."""
    if not payload.isascii() or len(payload) < 8 or payload[-8:-4] != "6304":
        raise VietQRError("a VietQR payload ends with the CRC field 6304xxxx")
    expected = f"{crc16(payload[:-4].encode('ascii')):04X}"
    if payload[-4:].upper() != expected:
        raise VietQRError(f"CRC is {payload[-4:]!r}, the content gives {expected!r}")
    items = split(payload)
    if items[0] != ("00", "01"):
        raise VietQRError("the payload must start with the format indicator 000201")
    if items[-1][0] != "63":
        raise VietQRError("the CRC must be the last field")
    top = _fields(payload, "the payload")
    initiation = _require(top, "01", "the payload")
    if initiation not in (STATIC, DYNAMIC):
        raise VietQRError(f"point of initiation {initiation!r} is neither 11 nor 12")
    _require(top, "53", "the payload", CURRENCY_VND)
    _require(top, "58", "the payload", COUNTRY)
    merchant = _fields(_require(top, "38", "the payload"), "field 38")
    _require(merchant, "00", "field 38", GUID)
    beneficiary = _fields(_require(merchant, "01", "field 38"), "field 38-01")
    amount = top.get("54")
    if amount is not None and not _AMOUNT_RE.match(amount):
        raise VietQRError(f"amount {amount!r} is not a whole number of đồng")
    purpose = _fields(top["62"], "field 62").get("08", "") if "62" in top else ""
    return Transfer(
        bin=_require(beneficiary, "00", "field 38-01"),
        account=_require(beneficiary, "01", "field 38-01"),
        amount=int(amount) if amount is not None else None,
        purpose=purpose,
        service=_require(merchant, "02", "field 38"),
    )


@functools.lru_cache(maxsize=256)
def _matrix(payload: str, border: int) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, worked out once per payload (choosing the mask pattern took most
    of the cooperative page's time)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def svg(payload: str, title: str = "") -> str:
    """The code as a compact SVG (one path of dark runs), sized by CSS through its viewBox."""
    rows = _matrix(payload, border=4)
    size = len(rows)
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'class="qr" role="img" aria-label="{escape(title)}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


def png(payload: str, box_size: int = 16, border: int = 4) -> bytes:
    """The code as a black-and-white PNG, ``box_size`` pixels per module, for print."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out, format="PNG")
    return out.getvalue()
