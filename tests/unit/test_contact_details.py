"""Contact details in listing text: every usual way of writing a Vietnamese phone number, a
link, an email, a Zalo id or a Facebook page is found; the prices, weights, dates, decree,
certificate and lot numbers and GTINs a food listing is full of are not."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.exports.contact_details import EMAIL, FACEBOOK, LINK, PHONE, ZALO, find
from app.text import normalize_phone


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gọi 0912 345 678 để đặt hàng", [(PHONE, "0912 345 678")]),
        ("ĐT: 0912.345.678.", [(PHONE, "0912.345.678")]),
        ("SĐT 0912-345-678", [(PHONE, "0912-345-678")]),
        ("Hotline/Zalo: +84 912345678", [(PHONE, "+84 912345678")]),
        ("84-912-345-678", [(PHONE, "84-912-345-678")]),
        ("(+84) 912 345 678", [(PHONE, "(+84) 912 345 678")]),
        ("+84 (0) 912 345 678", [(PHONE, "+84 (0) 912 345 678")]),
        ("0084 912 345 678", [(PHONE, "0084 912 345 678")]),
        ("VP: (028) 3823 4567", [(PHONE, "(028) 3823 4567")]),
        ("0209.3456.789", [(PHONE, "0209.3456.789")]),
        ("Tổng đài 1900 1234 hoặc 1800.5678", [(PHONE, "1900 1234"), (PHONE, "1800.5678")]),
        ("0 9 1 2 3 4 5 6 7 8", [(PHONE, "0 9 1 2 3 4 5 6 7 8")]),
        ("0912345678 - 0987654321", [(PHONE, "0912345678"), (PHONE, "0987654321")]),
        ("Ngày 05-09-2025 gọi 0912345678", [(PHONE, "0912345678")]),
        ("Xem thêm tại htxlambinh.vn nhé", [(LINK, "htxlambinh.vn")]),
        ("www.htx.com.vn/lac-do", [(LINK, "www.htx.com.vn/lac-do")]),
        ("https://shope.ee/abc?x=1.", [(LINK, "https://shope.ee/abc?x=1")]),
        ("Mua ở shope.ee/abc", [(LINK, "shope.ee/abc")]),
        ("zalo.me/0912345678", [(LINK, "zalo.me/0912345678")]),
        ("Nhắn m.me/htxlambinh", [(LINK, "m.me/htxlambinh")]),
        ("fb.com/htxlambinh", [(LINK, "fb.com/htxlambinh")]),
        ("Web: lambinh chấm vn", [(LINK, "lambinh chấm vn")]),
        ("Email: htx.lambinh@gmail.com", [(EMAIL, "htx.lambinh@gmail.com")]),
        ("Zalo: htxlambinh", [(ZALO, "htxlambinh")]),
        ("Zalo ID htx_lam_binh", [(ZALO, "htx_lam_binh")]),
        ("Facebook: HTX Lâm Bình", [(FACEBOOK, "HTX Lâm Bình")]),
    ],
)
def test_contact_details_are_found_as_written(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Giá 120.000đ, hộp 1.200.000 VNĐ, sỉ 19.000.000đ; tổng 1.091.234.567 đ",
        "Túi 500 g, 1.5kg, 1,5 kg, chai 500ml, 0,5 lít",
        "Sản xuất 05/09/2025, hạn 05-09-2026, lô 2025-09-05; 05.09.2025 07-09-2025",
        "Theo Nghị định 85/2021/NĐ-CP và 43/2017/NĐ-CP; QĐ 1578/QĐ-UBND",
        "VietGAP số VG-01-2024-0912345678, TCVN 12850:2019, TCCS 01:2024/HTX",
        "Lô L0912345678, mã 2409-0912-345678, GTIN 8936047120017 và 08936047120017",
        "TP.HCM, Q.1, v.v., Quả to.Ngọt, ngon.Com dẻo, Nhắn Zalo cho HTX",
        "Liên hệ qua Zalo của HTX; trang Facebook của hợp tác xã",
        "Gói FB: 500 g; Zalo: 1,5 kg",  # a variant named so, then its quantity
    ],
)
def test_numbers_a_food_listing_is_full_of_are_not_contact_details(text):
    assert find(text) == []


# --- generated both ways ----------------------------------------------------------------------

separators = st.sampled_from([" ", ".", "-", "", " - ", ". "])
mobiles = st.tuples(st.sampled_from("35789"), st.text("0123456789", min_size=8, max_size=8)).map(
    lambda t: "0" + t[0] + t[1]
)
landlines = st.text("0123456789", min_size=9, max_size=9).map(lambda d: "02" + d)


@st.composite
def written_phones(draw) -> tuple[str, str]:
    """A Vietnamese number as people write it, and its 0-prefixed digits."""
    number = draw(st.one_of(mobiles, landlines))
    sep = draw(separators)
    digits = number[1:]
    cut = draw(st.sampled_from([(3, 6), (2, 5), (3, 5), (2, 4, 6), (4,)]))
    groups = [digits[a:b] for a, b in zip((0, *cut), (*cut, None), strict=True)]
    body = sep.join(groups)
    prefix = draw(st.sampled_from(["0", "+84 ", "84", "84-", "(+84) ", "+84", "0084 "]))
    if prefix == "0" and draw(st.booleans()):
        body = body.replace(sep, sep or " ", 1)  # "091 2345678" as well as "0912…"
    return prefix + body, number


words = st.sampled_from(
    ["Liên hệ", "Gọi ngay", "ĐT:", "Hotline", "Zalo", "đặt hàng", "Lạc đỏ Lâm Bình.", "\n", "-"]
)


@given(before=words, after=words, phone=written_phones())
def test_a_generated_phone_number_is_found(before, after, phone):
    written, number = phone
    found = find(f"{before} {written} {after}")
    assert [f.kind for f in found] == [PHONE], (written, found)
    assert normalize_phone(found[0].text) == number


prices = st.integers(1, 999_999_999).map(lambda n: f"{n:,}".replace(",", "."))
weights = st.tuples(
    st.integers(0, 5000), st.sampled_from(["", ".5", ",25"]), st.sampled_from(["g", " g", "kg"])
).map(lambda t: f"{t[0]}{t[1]}{t[2]}")
dates = st.tuples(
    st.integers(1, 31), st.integers(1, 12), st.integers(1990, 2040), st.sampled_from("/.-")
).map(lambda t: f"{t[0]:02d}{t[3]}{t[1]:02d}{t[3]}{t[2]}")
decrees = st.tuples(st.integers(1, 999), st.integers(2000, 2030)).map(
    lambda t: f"{t[0]}/{t[1]}/NĐ-CP"
)
lots = st.text("0123456789", min_size=4, max_size=12).map(lambda d: f"L{d}")
gtins = st.text("0123456789", min_size=13, max_size=14)
harmless = st.one_of(
    prices.map(lambda p: f"Giá {p}đ"),
    prices.map(lambda p: f"{p} VNĐ"),
    weights,
    dates,
    st.tuples(dates, dates).map(lambda t: f"{t[0]} - {t[1]}"),
    decrees,
    lots,
    gtins,
)


@given(st.lists(harmless, min_size=1, max_size=6), st.sampled_from([", ", "; ", " ", "\n"]))
def test_generated_prices_weights_dates_and_codes_are_not_contact_details(parts, joiner):
    text = joiner.join(parts)
    assert find(text) == [], text


@given(st.text(max_size=300))
def test_any_text_is_read_without_error_and_findings_are_where_they_say(text):
    nfc = unicodedata.normalize("NFC", text)
    for found in find(text):
        assert found.text and nfc[found.start : found.end] == found.text
