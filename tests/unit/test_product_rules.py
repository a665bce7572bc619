"""The product rules and parsers, without an app: prices, SKUs, GTINs, net quantities."""

from decimal import Decimal

import pytest
from biip.checksums import gs1_standard_check_digit
from hypothesis import given
from hypothesis import strategies as st

from app.numbers import (
    MAX_PRICE,
    bounded,
    grouped,
    parse_price,
    parse_quantity_text,
    whole_number,
)
from app.products.rules import (
    check_sku,
    gtin_info,
    ocop_stars,
    parse_gtin,
    search_text,
    suggest_sku,
    title_warning,
)
from app.rules import RuleError
from app.text import fold

# --- prices -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "price"),
    [
        ("120000", 120_000),
        ("120.000", 120_000),
        ("120,000", 120_000),
        ("120 000", 120_000),
        ("120\u00a0000", 120_000),
        ("120000 đ", 120_000),
        ("120.000đ", 120_000),
        ("120.000 ₫", 120_000),
        ("120000 VND", 120_000),
        ("120.000 vnđ", 120_000),
        ("1.200.000 đồng", 1_200_000),
        ("0", 0),
        ("180.000.000", MAX_PRICE),
        ("190k", 190_000),
        ("190K", 190_000),
        ("190 nghìn", 190_000),
        ("190 ngàn đ", 190_000),
        ("190000đ", 190_000),
        ("190 000 đ", 190_000),
        ("1,5tr", 1_500_000),
        ("1.5 triệu", 1_500_000),
        ("1,25 tr", 1_250_000),
        ("2,5k", 2_500),
        ("180tr", MAX_PRICE),
        ("", None),
        ("  ", None),
    ],
)
def test_prices_typed_the_vietnamese_way(typed, price):
    assert parse_price(typed) == price


@pytest.mark.parametrize(
    "typed",
    [
        "12.5", "1.20.000", "120.00", "-5", "một trăm", "1e6", "180.000.001", "١٢٣", "12,5",
        "k", "tr", "1,255tr", "190kk", "١٩٠k", "181tr", "1.5 tỷ", "190k nghìn", "-1tr",
    ],
)  # fmt: skip
def test_what_is_not_a_price(typed):
    with pytest.raises(RuleError):
        parse_price(typed)


@given(
    st.integers(0, MAX_PRICE),
    st.sampled_from([".", ",", " ", ""]),
    st.sampled_from(["", " đ", "đ", " VND", " ₫"]),
)
def test_any_price_written_with_any_grouping_reads_back(price, separator, suffix):
    text = f"{price:,}".replace(",", separator) + suffix
    assert parse_price(text) == price


@given(st.integers(0, 180_000), st.sampled_from(["k", "K", " k", "nghìn", " nghìn", " ngàn đ"]))
def test_any_price_in_thousands_reads_back(thousands, suffix):
    assert parse_price(f"{thousands}{suffix}") == thousands * 1_000


@given(
    st.integers(0, 179),
    st.integers(0, 99),
    st.sampled_from([",", "."]),
    st.sampled_from(["tr", " tr", "triệu", " triệu", " triệu đồng"]),
)
def test_any_price_in_millions_with_decimals_reads_back(millions, hundredths, mark, suffix):
    text = f"{millions}{mark}{hundredths:02d}{suffix}"
    assert parse_price(text) == millions * 1_000_000 + hundredths * 10_000


@given(st.text(alphabet="0123456789.,  kKtrịệunghìđ₫", max_size=14))
def test_the_price_parser_answers_a_number_or_a_rule_error_for_near_misses(text):
    try:
        price = parse_price(text)
    except RuleError:
        return
    assert price is None or 0 <= price <= MAX_PRICE


@given(st.text(max_size=30))
def test_the_price_parser_answers_a_number_or_a_rule_error(text):
    try:
        price = parse_price(text)
    except RuleError:
        return
    assert price is None or 0 <= price <= MAX_PRICE


def test_whole_numbers_and_bounds():
    assert whole_number("1.030") == 1030 and whole_number("") is None
    assert bounded("300", 1, 300) == 300
    with pytest.raises(RuleError):
        bounded("0", 1, 300)
    assert grouped(300_000) == "300.000"


# --- SKUs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sku", ["LB-LAC-500", "cf_250", "A", "9" * 50, " LB-1 "])
def test_good_skus(sku):
    assert check_sku(sku) == sku.strip()


@pytest.mark.parametrize("sku", ["", "LẠC-500", "LB LAC", "LB/LAC", "A" * 51, "LB.1", "LB~1"])
def test_bad_skus(sku):
    with pytest.raises(RuleError):
        check_sku(sku)


@given(st.text(max_size=60))
def test_any_accepted_sku_is_safe_ascii(text):
    try:
        sku = check_sku(text)
    except RuleError:
        return
    assert sku.isascii() and 1 <= len(sku) <= 50 and "~" not in sku


# --- GTINs ------------------------------------------------------------------------------------


def _with_check_digit(payload: str) -> str:
    return payload + str(gs1_standard_check_digit(payload))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("8936047120017", "08936047120017"),  # GTIN-13, GS1 Vietnam
        ("893-6047-12001-7", "08936047120017"),
        ("96385074", "00000096385074"),  # GTIN-8
        ("036000291452", "00036000291452"),  # GTIN-12 (UPC-A)
        ("18936047120014", "18936047120014"),  # GTIN-14, a case of the item above
        ("", None),
    ],
)
def test_gtins_are_stored_as_gtin_14(typed, stored):
    assert parse_gtin(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "8936047120010",  # wrong check digit
        "893604712001",  # 12 digits, so read as a UPC: wrong check digit
        "89360471200",  # 11 digits
        "8936O47120017",  # a letter O
        "0000000000000",
        "2000000000015",  # restricted circulation: a shop's internal number
        "１２３４５６７８",  # full-width digits
    ],
)
def test_bad_gtins(typed):
    with pytest.raises(RuleError):
        parse_gtin(typed)


@given(st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_any_vietnamese_gtin_13_with_its_check_digit_is_accepted(tail):
    gtin = _with_check_digit("893" + tail[:9].ljust(9, "0"))
    stored = parse_gtin(gtin)
    assert stored == "0" + gtin
    info = gtin_info(stored)
    assert (info.digits, info.format, info.prefix, info.issuer) == (
        gtin, "GTIN-13", "893", "GS1 Vietnam",
    )  # fmt: skip
    wrong = gtin[:-1] + str((int(gtin[-1]) + 1) % 10)
    with pytest.raises(RuleError):
        parse_gtin(wrong)


def test_gtin_info_for_other_lengths():
    assert gtin_info(None) is None
    info = gtin_info("00000096385074")
    assert (info.digits, info.format) == ("96385074", "GTIN-8")
    assert gtin_info("00036000291452").issuer == "GS1 US"


# --- net quantities ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("500", "500"), ("1,5", "1.5"), ("1.5", "1.5"), ("0,25", "0.25"), ("1.500", "1.5"),
     ("10", "10"), ("2.0", "2"), ("", None)],
)  # fmt: skip
def test_net_quantities(typed, stored):
    assert parse_quantity_text(typed) == stored


@pytest.mark.parametrize("typed", ["0", "0,0", "-1", "1,2,3", "abc", "1.2345", "1 000", "99999999"])
def test_bad_net_quantities(typed):
    with pytest.raises(RuleError):
        parse_quantity_text(typed)


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal(999_999), places=3))
def test_any_positive_quantity_with_a_comma_reads_back(number):
    text = format(number, "f").replace(".", ",")
    assert Decimal(parse_quantity_text(text)) == number


# --- names, search, stars -----------------------------------------------------------------------


def test_title_warning_outside_25_to_120_characters():
    assert title_warning("Lạc đỏ") is not None
    assert title_warning("Lạc đỏ Lâm Bình HTX Lâm Bình túi 500 g") is None
    assert title_warning("L" * 121) is not None


def test_search_text_holds_name_category_words_in_both_languages_and_skus():
    text = search_text("Lạc nhân Lâm Bình", "grains_nuts.peanuts", ["LB-LAC-500"], "08936047120017")
    for word in (
        "lac nhan lam binh",
        "peanuts",
        "dau phong",
        "grains",
        "lb-lac-500",
        "8936047120017",
    ):
        assert word in text
    assert text == fold(text)


@given(st.text(max_size=300))
def test_search_text_is_folded_and_bounded(name):
    text = search_text(name, "coffee_tea.coffee", ["SKU-1"])
    assert len(text) <= 600 and text == fold(text)
    assert all(word in text for word in fold(name).split()) or len(fold(name)) > 500


class _Cert:
    def __init__(self, kind, stars=None):
        self.kind, self.ocop_stars = kind, stars


def test_ocop_stars_are_the_most_of_the_ocop_certificates():
    assert ocop_stars([]) is None
    assert ocop_stars([_Cert("vietgap")]) is None
    assert ocop_stars([_Cert("ocop", 3), _Cert("ocop", 4), _Cert("vietgap")]) == 4


# --- SKUs made for variants left without one (issue 18) ----------------------------------------


def test_a_sku_is_made_from_the_product_initials_and_the_variant():
    assert suggest_sku("Lạc đỏ Lâm Bình", "Túi 500 g", 1) == "LDLB-TUI-500G"
    assert suggest_sku("Dầu lạc Lâm Bình", "Chai 1 l", 1) == "DLLB-CHAI-1L"
    assert suggest_sku("Đậu đũa", "", 2) == "DD-2"  # no variant name: the row's number
    assert suggest_sku("", "", 1) == "SP-1"
    assert suggest_sku("Lạc đỏ", "Túi 500 g", 1, {"ld-tui-500g"}) == "LD-TUI-500G-2"


@given(
    st.text(max_size=300),
    st.text(max_size=300),
    st.integers(min_value=1, max_value=50),
    st.sets(st.from_regex(r"[A-Za-z0-9_-]{1,50}", fullmatch=True), max_size=20),
)
def test_a_made_sku_is_always_valid_and_never_taken(product, variant, position, taken):
    sku = suggest_sku(product, variant, position, taken)
    assert check_sku(sku) == sku
    assert sku.casefold() not in {t.casefold() for t in taken}
    again = suggest_sku(product, variant, position, taken | {sku})
    assert again != sku and check_sku(again) == again
