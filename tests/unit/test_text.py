"""Text at the boundary: NFC, folding, phone numbers, tax codes, slugs."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.text import (
    clean,
    clean_multiline,
    fold,
    is_email,
    normalize_phone,
    normalize_tax_code,
    slugify,
)


def test_clean_turns_nfd_into_nfc():
    nfd = unicodedata.normalize("NFD", "Hợp tác xã Lâm Bình")
    assert nfd != "Hợp tác xã Lâm Bình"
    assert clean(f"  {nfd}\t\n") == "Hợp tác xã Lâm Bình"


@given(st.text())
def test_clean_is_nfc_idempotent_and_trimmed(value):
    once = clean(value)
    assert unicodedata.is_normalized("NFC", once)
    assert clean(once) == once
    assert once == once.strip()
    assert not any(ord(ch) < 32 for ch in once)


@given(st.text())
def test_clean_multiline_keeps_nfc_and_is_idempotent(value):
    once = clean_multiline(value)
    assert unicodedata.is_normalized("NFC", once)
    assert clean_multiline(once) == once


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Lạc nhân", "lac nhan"),
        ("ĐẶC SẢN Đà Lạt", "dac san da lat"),
        (unicodedata.normalize("NFD", "Tuyên Quang"), "tuyen quang"),
    ],
)
def test_fold_matches_with_and_without_diacritics(text, folded):
    assert fold(text) == folded


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_slug_is_url_safe(value):
    slug = slugify(value)
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in slug)
    assert not slug.startswith("-") and not slug.endswith("-")
    assert len(slug) <= 60


@pytest.mark.parametrize(
    "raw",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84 912 345 678",
        "84912345678",
        "(+84)912-345-678",
    ],
)
def test_vietnamese_mobile_numbers_normalise(raw):
    assert normalize_phone(raw) == "0912345678"


@pytest.mark.parametrize(
    "raw", ["", "12345", "0112345678", "091234567", "09123456789", "abc", "+1 415 555 0100"]
)
def test_non_vietnamese_numbers_are_refused(raw):
    assert normalize_phone(raw) is None


@given(st.text(max_size=40))
def test_phone_normaliser_never_crashes_and_output_is_canonical(value):
    phone = normalize_phone(value)
    assert phone is None or (
        phone.isdigit() and phone.startswith("0") and normalize_phone(phone) == phone
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5000889012", "5000889012"),
        ("5000889012-001", "5000889012-001"),
        ("001203004567", "001203004567"),
        ("50008 89012", "5000889012"),
        ("500088901", None),
        ("50008890AB", None),
        ("5000889012-1", None),
    ],
)
def test_tax_codes(raw, expected):
    assert normalize_tax_code(raw) == expected


@given(st.text(max_size=80))
def test_fold_by_table_is_the_same_as_by_decomposition(value):
    slow = unicodedata.normalize("NFD", clean(value).replace("đ", "d").replace("Đ", "D"))
    slow = "".join(ch for ch in slow if not unicodedata.combining(ch)).lower()
    assert fold(value) == slow


VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ "
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)


@given(st.text(alphabet=VIETNAMESE, max_size=40))
def test_fold_of_vietnamese_is_ascii(value):
    assert fold(value).isascii()


# Bidi controls and zero-width characters: the ones a name or a file name could hide.
INVISIBLE = (
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200e\u200f\u061c"  # marks
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, BOM
)


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_clean_removes_each_bidi_control_and_zero_width_character(char):
    assert clean(f"HTX{char} Lâm{char}Bình{char}") == "HTX LâmBình"
    assert clean_multiline(f"dòng{char} 1\n{char}dòng 2") == "dòng 1\ndòng 2"


def test_a_right_to_left_override_cannot_disguise_a_file_name():
    assert clean("hoadon\u202egpj.exe") == "hoadongpj.exe"
    assert clean("\ufeffHTX\u200b Chè") == "HTX Chè"


@given(st.text(alphabet=st.sampled_from("ae\u0301\u0323 \u202e\u200b\u200d\ufeffxĐ\x01")))
def test_removal_never_leaves_text_that_is_not_nfc(value):
    once = clean(value)
    assert unicodedata.is_normalized("NFC", once) and clean(once) == once
    assert not any(ch in INVISIBLE for ch in once)
    multi = clean_multiline(value)
    assert unicodedata.is_normalized("NFC", multi) and clean_multiline(multi) == multi


@given(st.text())
def test_no_invisible_character_survives_clean(value):
    assert not any(ch in INVISIBLE for ch in clean(value) + clean_multiline(value))


def _validator_accepts(value: str) -> bool:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


_EMAIL_PARTS = st.sampled_from(
    [
        "a",
        "Z9",
        "htx",
        "-",
        ".",
        "..",
        "_",
        "+",
        "@",
        "xn--",
        "--",
        "1",
        "com",
        "vn",
        "test",
        "local",
        "gmail",
        "é",
        " ",
        "'",
        '"',
        "a" * 64,
        "b" * 70,
    ]
)


@given(st.lists(_EMAIL_PARTS, max_size=12).map("".join))
def test_is_email_agrees_with_email_validator(value):
    assert is_email(value) == _validator_accepts(value)


@given(st.from_regex(r"[a-z0-9._%+-]{1,70}@[a-z0-9.-]{1,70}\.[a-z0-9-]{1,30}", fullmatch=True))
def test_is_email_agrees_on_address_shaped_text(value):
    assert is_email(value) == _validator_accepts(value)


@pytest.mark.parametrize(
    "value, valid",
    [
        ("htx.lambinh@gmail.com", True),
        ("ke.toan+2026@htx-che.vn", True),
        ("nguyen..an@gmail.com", False),
        ("an@localhost", False),
        ("an@shop.test", False),
        ("an@-htx.vn", False),
        ("nông@htx.vn", True),
        ("an@", False),
    ],
)
def test_is_email_examples(value, valid):
    assert is_email(value) is valid
