"""Live listing addresses pasted one per line: matched to their marketplace by the profiles'
url_pattern, every bad line reported at its number."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.exports import profiles
from app.exports.listing_urls import MAX_LINES, marketplace_of, parse_lines

PATTERNS = profiles.url_patterns()


@pytest.mark.parametrize(
    ("url", "marketplace"),
    [
        ("https://shopee.vn/Lac-do-Lam-Binh-tui-1kg-i.98231475.23811904562", "shopee"),
        ("https://shopee.vn/product/98231475/23811904562?sp_atk=ab12", "shopee"),
        ("HTTPS://SHOPEE.VN/Lac-do-i.1.2", "shopee"),
        ("https://s.shopee.vn/4AqZ7b1kXy", "shopee"),
        ("https://www.lazada.vn/products/lac-do-lam-binh-i2281934-s1120491.html", "lazada"),
        ("https://vt.tiktok.com/ZSjK8p2Lq/", "tiktok"),
        ("https://shop.tiktok.com/view/product/1729485521?region=VN", "tiktok"),
        ("https://voso.vn/lac-do-lam-binh-tui-500g-p1875203", "voso"),
        ("https://postmart.vn/san-pham/lac-do-lam-binh-123", "postmart"),
        ("https://shopee.vn/", None),  # the home page is no listing
        ("https://tiki.vn/lac-do-p123.html", None),
        ("https://shopee.vn.evil.example/x-i.1.2", None),  # the whole address must match
        ("https://evil.example/?u=https://shopee.vn/x-i.1.2", None),
    ],
)
def test_each_marketplace_is_known_by_its_addresses(url, marketplace):
    assert marketplace_of(url, PATTERNS) == marketplace


def test_bad_lines_are_reported_at_their_number():
    text = "\n".join([
        "https://shopee.vn/Lac-do-i.98231475.2381",
        "",
        "shopee.vn/Lac-do-i.1.2",
        "https://tiki.vn/lac-do-p123.html",
        "  https://voso.vn/lac-do-p18  ",
        "https://shopee.vn/Lac-do-i.98231475.2381",
    ])  # fmt: skip
    found, problems = parse_lines(text, PATTERNS)
    assert [(x.number, x.marketplace) for x in found] == [(1, "shopee"), (5, "voso")]
    assert found[1].url == "https://voso.vn/lac-do-p18"
    assert [p.number for p in problems] == [3, 4, 6]


def test_nothing_pasted_or_too_much_is_a_problem_of_the_whole():
    assert [p.number for p in parse_lines(" \n\n", PATTERNS)[1]] == [None]
    many = "\n".join(f"https://voso.vn/p{n}" for n in range(MAX_LINES + 1))
    assert [p.number for p in parse_lines(many, PATTERNS)[1]] == [None]


LISTINGS = st.one_of(
    st.builds(
        "https://shopee.vn/{}-i.{}.{}".format,
        st.from_regex(r"[A-Za-z0-9-]{1,30}", fullmatch=True),
        st.integers(1, 10**10),
        st.integers(1, 10**12),
    ),
    st.builds(
        "https://www.lazada.vn/products/{}-i{}.html".format,
        st.from_regex(r"[a-z0-9-]{1,30}", fullmatch=True),
        st.integers(1, 10**10),
    ),
    st.builds(
        "https://vt.tiktok.com/{}/".format, st.from_regex(r"[A-Za-z0-9]{5,12}", fullmatch=True)
    ),
)
JUNK = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@given(st.lists(st.one_of(LISTINGS, JUNK, st.just("")), max_size=30))
def test_every_line_is_either_an_address_or_a_problem_at_its_number(lines):
    found, problems = parse_lines("\n".join(lines), PATTERNS)
    numbers = [x.number for x in found] + [p.number for p in problems if p.number]
    assert len(numbers) == len(set(numbers))
    assert all(1 <= n <= max(len("\n".join(lines).splitlines()), 1) for n in numbers)
    for line in found:
        assert marketplace_of(line.url, PATTERNS) == line.marketplace
        assert line.url.strip() == line.url and "\n" not in line.url


@given(st.lists(LISTINGS, min_size=1, max_size=20, unique=True), st.integers(0, 3))
def test_known_addresses_keep_their_numbers_among_blank_lines(urls, blanks):
    text = ("\n" * (blanks + 1)).join(f"  {url} " for url in urls)
    found, problems = parse_lines(text, PATTERNS)
    assert problems == []
    assert [x.url for x in found] == urls
    assert [x.number for x in found] == [1 + n * (blanks + 1) for n in range(len(urls))]
    assert {x.marketplace for x in found} <= {"shopee", "lazada", "tiktok"}
