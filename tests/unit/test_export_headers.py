"""A column's name in a marketplace's template matches its profile column however it is
written: case, diacritics, spacing, punctuation, mandatory markers and key suffixes aside."""

import copy
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.exports import profiles
from app.exports.headers import header_key, loose_key, says_mandatory
from app.exports.profiles import PROFILE_DIR, ProfileError


@pytest.mark.parametrize(
    "written, key",
    [
        ("Tên sản phẩm", "ten san pham"),
        ("  TÊN SẢN PHẨM * ", "ten san pham"),
        ("Tên\nsản phẩm (Bắt buộc)", "ten san pham"),
        ("Product Name (Mandatory)", "product name"),
        ("ps_product_name|1|0", "ps product name"),
        ("ps_item_image.1|0|3", "ps item image 1"),
        ("Cân nặng (kg)", "can nang kg"),
        ("Tên sản phẩm (không bắt buộc)", "ten san pham"),
    ],
)
def test_header_keys_ignore_how_a_template_writes_a_name(written, key):
    assert header_key(written) == key


def test_the_loose_key_drops_units_in_brackets():
    assert loose_key("Cân nặng (kg)") == loose_key("Cân nặng") == "can nang"


@pytest.mark.parametrize(
    "text, mandatory",
    [("Tên sản phẩm*", True), ("* Giá", True), ("Bắt buộc", True), ("Mandatory", True),
     ("Không bắt buộc", False), ("Optional", False), ("Tên sản phẩm", False), ("", False)],
)  # fmt: skip
def test_mandatory_markers(text, mandatory):
    assert says_mandatory(text) is mandatory


@given(st.text(max_size=200))
def test_any_header_text_gives_a_key_without_crashing(text):
    key = header_key(text)
    assert key == key.strip() and "  " not in key
    says_mandatory(text)
    loose_key(text)


def test_the_marketplaces_with_templates_name_their_columns_as_the_templates_do():
    shopee = {c.source: c for c in profiles.get("shopee").columns if c.source != "image_url"}
    assert "ps_product_name" in shopee["title"].aliases
    assert "Product Description" in shopee["description"].aliases
    for marketplace in ("shopee", "lazada", "tiktok"):
        profile = profiles.get(marketplace)
        assert all(c.aliases for c in profile.columns if c.required), marketplace


def test_one_name_for_two_columns_is_refused():
    with (PROFILE_DIR / "shopee.toml").open("rb") as fh:
        data = tomllib.load(fh)
    data = copy.deepcopy(data)
    data["columns"][1]["aliases"].append("ps_category")  # the category's key
    with pytest.raises(ProfileError, match="names both"):
        profiles.parse(data, "shopee.toml")
