"""VietQR payloads: EMVCo structure, NAPAS fields, CRC, and the rendered code decoding back."""

import contextlib
import io
import string

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from app import vietqr
from app.vietqr import Transfer, VietQRError

# Payloads published with an open-source VietQR generator (subiz/vietqr, its test cases and
# README); every Vietnamese banking app reads them. Ours must match them character for
# character: same field order, same lengths, same CRC.
PUBLISHED_STATIC = (
    "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4"
)
PUBLISHED_AMOUNT = (
    "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA"
    "53037045405401235802VN62200816test text string6304D9C6"
)
PUBLISHED_README = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
    "530370454061200005802VN62170813ung ho lu lut6304C15C"
)


def test_crc_is_ccitt_false():
    assert vietqr.crc16(b"123456789") == 0x29B1  # the catalogued check value
    assert vietqr.crc16(b"") == 0xFFFF


def test_static_code_matches_the_published_example():
    assert vietqr.build(Transfer("970423", "0099999999")) == PUBLISHED_STATIC


def test_code_with_amount_and_purpose_matches_the_published_example():
    transfer = Transfer("970422", "0023457923442", amount=40123, purpose="test text string")
    assert vietqr.build(transfer) == PUBLISHED_AMOUNT


def test_published_examples_parse_back():
    assert vietqr.parse(PUBLISHED_STATIC) == Transfer("970423", "0099999999")
    assert vietqr.parse(PUBLISHED_README) == Transfer(
        "970415", "0011001932418", amount=120000, purpose="ung ho lu lut"
    )


def test_structure_ids_and_lengths():
    payload = vietqr.build(Transfer("970405", "8700123456789", amount=250000, purpose="DON 42"))
    top = vietqr.split(payload)
    assert [tag for tag, _ in top] == ["00", "01", "38", "53", "54", "58", "62", "63"]
    values = dict(top)
    assert values["00"] == "01"
    assert values["01"] == "12"  # an amount makes it a one-payment code
    assert values["53"] == "704"
    assert values["54"] == "250000"
    assert values["58"] == "VN"
    assert vietqr.split(values["62"]) == [("08", "DON 42")]
    merchant = vietqr.split(values["38"])
    assert merchant == [
        ("00", "A000000727"),
        ("01", "0006970405" + "0113" + "8700123456789"),
        ("02", "QRIBFTTA"),
    ]
    assert vietqr.split(merchant[1][1]) == [("00", "970405"), ("01", "8700123456789")]
    # every length prefix is the length of its value
    for tag, value in top:
        assert payload.count(f"{tag}{len(value):02d}{value}") >= 1
    assert payload[-8:-4] == "6304"
    assert payload[-4:] == f"{vietqr.crc16(payload[:-4].encode()):04X}"


def test_static_code_has_no_amount_and_initiation_11():
    values = dict(vietqr.split(vietqr.build(Transfer("970436", "0011004455667"))))
    assert values["01"] == "11"
    assert "54" not in values
    assert "62" not in values


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (dict(bin="97040", account="123456"), "BIN"),
        (dict(bin="970405", account="12 34"), "account"),
        (dict(bin="970405", account="1" * 20), "account"),
        (dict(bin="970405", account="123456", amount=0), "amount"),
        (dict(bin="970405", account="123456", amount=10**13), "amount"),
        (dict(bin="970405", account="123456", purpose="x" * 26), "purpose"),
        (dict(bin="970405", account="123456", purpose="mua lạc"), "purpose"),
        (dict(bin="970405", account="123456", service="QRPUSH"), "service"),
    ],
)
def test_bad_transfers_are_refused(kwargs, words):
    with pytest.raises(VietQRError, match=words):
        Transfer(**kwargs)


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (PUBLISHED_STATIC[:-4] + "0000", "CRC"),
        (PUBLISHED_STATIC[:-8], "6304"),
        ("", "6304"),
        ("0002010102116304", "CRC"),
    ],
)
def test_bad_payloads_are_refused(payload, words):
    with pytest.raises(VietQRError, match=words):
        vietqr.parse(payload)


def _with_crc(body: str) -> str:
    body += "6304"
    return body + f"{vietqr.crc16(body.encode()):04X}"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("000202", "format indicator"),  # wrong payload format
        (
            "00020101021338540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN",
            "initiation",
        ),
        (
            "00020101021138540010A00000072801240006970423011000999999990208QRIBFTTA53037045802VN",
            "A000000727",
        ),
        (
            "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53038405802VN",
            "704",
        ),
        ("00020101021153037045802VN", "lacks field 38"),
        ("0002010102115303704", "lacks field 58"),
    ],
)
def test_fields_are_checked_even_with_a_right_crc(body, words):
    with pytest.raises(VietQRError, match=words):
        vietqr.parse(_with_crc(body))


def test_split_checks_each_length():
    with pytest.raises(VietQRError, match="claims 9 characters, has 3"):
        vietqr.split("5309704")
    with pytest.raises(VietQRError, match="bad ID or length"):
        vietqr.split("53O3704")


def test_png_decodes_back_to_the_payload():
    payload = vietqr.build(Transfer("970418", "1234567890"))
    image = Image.open(io.BytesIO(vietqr.png(payload)))
    found = zxingcpp.read_barcodes(image)
    assert [r.text for r in found] == [payload]
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode


def test_svg_is_one_path_with_an_escaped_label():
    svg = vietqr.svg(PUBLISHED_STATIC, title='Mã <VietQR> "A&B"')
    assert svg.startswith("<svg") and svg.count("<path") == 1
    assert "&lt;VietQR&gt;" in svg and "&#34;A&amp;B&#34;" in svg
    assert "style=" not in svg


bins = st.text(alphabet=string.digits, min_size=6, max_size=6)
accounts = st.text(alphabet=string.digits + string.ascii_letters, min_size=1, max_size=19)
amounts = st.none() | st.integers(min_value=1, max_value=10**13 - 1)
purposes = st.text(alphabet=[chr(c) for c in range(0x20, 0x7F)], max_size=25)


@given(bins, accounts, amounts, purposes)
def test_round_trip(bin_, account, amount, purpose):
    transfer = Transfer(bin_, account, amount=amount, purpose=purpose)
    payload = vietqr.build(transfer)
    assert vietqr.parse(payload) == transfer
    assert payload.isascii() and len(payload) <= 512


@given(bins, accounts, amounts, purposes, st.data())
def test_any_single_changed_character_is_caught(bin_, account, amount, purpose, data):
    payload = vietqr.build(Transfer(bin_, account, amount=amount, purpose=purpose))
    index = data.draw(st.integers(min_value=0, max_value=len(payload) - 1))
    old = payload[index]
    new = data.draw(
        st.sampled_from([chr(c) for c in range(0x20, 0x7F)]).filter(
            lambda c: c.upper() != old.upper()
        )
    )
    with pytest.raises(VietQRError):
        vietqr.parse(payload[:index] + new + payload[index + 1 :])


@given(st.text(max_size=200))
def test_parse_fails_only_with_vietqr_error(text):
    with contextlib.suppress(VietQRError):
        vietqr.parse(text)
