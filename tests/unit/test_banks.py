"""The NAPAS member list and how account numbers and holder names are normalised."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import banks


def test_bins_are_unique_six_digit_codes():
    bins = [b.bin for b in banks.BANKS]
    assert len(bins) == len(set(bins))
    assert all(re.fullmatch(r"\d{6}", b) for b in bins)
    assert all(b.short_name and b.name.startswith("Ngân hàng") for b in banks.BANKS)


@pytest.mark.parametrize(
    ("bin_", "short_name"),
    [
        ("970436", "Vietcombank"),
        ("970415", "VietinBank"),
        ("970418", "BIDV"),
        ("970405", "Agribank"),
        ("970422", "MB"),
        ("970407", "Techcombank"),
        ("970416", "ACB"),
        ("970432", "VPBank"),
        ("970403", "Sacombank"),
        ("970423", "TPBank"),
        ("970449", "LPBank"),
        ("970448", "OCB"),
        ("970443", "SHB"),
        ("970437", "HDBank"),
        ("970441", "VIB"),
        ("970426", "MSB"),
        ("970440", "SeABank"),
        ("970428", "NamABank"),
        ("970409", "BacABank"),
        ("970431", "Eximbank"),
        ("970452", "KienlongBank"),
        ("970412", "PVcomBank"),
        ("970446", "Co-opBank"),
    ],
)
def test_known_bins(bin_, short_name):
    assert banks.by_bin(bin_).short_name == short_name


def test_rural_banks_come_first_and_unknown_bins_are_none():
    assert [b.short_name for b in banks.BANKS[: banks.COMMON_COUNT]][:4] == [
        "Agribank",
        "BIDV",
        "Vietcombank",
        "VietinBank",
    ]
    assert banks.by_bin("123456") is None
    assert banks.by_bin(None) is None
    assert banks.bank_label("970405").startswith("Agribank — Ngân hàng Nông nghiệp")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("8700 1234 56789", "8700123456789"),
        ("1903.6688-0123", "190366880123"),
        (" 123456 ", "123456"),
        ("12345", None),
        ("1" * 20, None),
        ("12345a78", None),
        ("١٢٣٤٥٦٧", None),  # Arabic-Indic digits are digits, but not bank digits
        ("", None),
    ],
)
def test_account_numbers(typed, stored):
    assert banks.normalize_account_number(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Hợp tác xã Nông nghiệp Lâm Bình", "HOP TAC XA NONG NGHIEP LAM BINH"),
        ("  nguyễn   thị hồng   nhung ", "NGUYEN THI HONG NHUNG"),
        ("Đặng Văn Đức", "DANG VAN DUC"),
        ("K'Brèo", "K'BREO"),
        ("Công ty TNHH A&B", "CONG TY TNHH A&B"),
        ("王小明", None),
        ("<script>", None),
        ("", None),
        ("A" * 71, None),
    ],
)
def test_holder_names(typed, stored):
    assert banks.normalize_holder(typed) == stored


@given(st.text(max_size=80))
def test_a_normalised_holder_is_plain_upper_ascii_and_stable(text):
    name = banks.normalize_holder(text)
    if name is not None:
        assert name.isascii() and name == name.upper() and name.strip() == name
        assert banks.normalize_holder(name) == name


def test_digits_are_grouped_for_reading():
    assert banks.group_digits("8700123456789") == "8700 1234 5678 9"
