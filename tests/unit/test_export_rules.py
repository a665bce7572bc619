"""Marketplace rules as profile data: no contact details (and no traceability link) in a
Shopee, Lazada or TikTok Shop listing, the brand from the marketplace's closed list, food
attributes for food only; the readiness rule that refuses contact details in our texts."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.exports import profiles
from app.exports.contact_details import find
from app.exports.readiness import check
from app.exports.rows import Row, prepare, value
from app.vietnamese import in_vietnamese
from tests.unit.test_export_listing import COOP, PEANUTS, VARIANT, _cert

CLOSED = ("shopee", "lazada", "tiktok")  # contact_details = false
OPEN = ("voso", "postmart", "province", "google", "shopify", "woocommerce")
QR_ONLY = "Truy xuất nguồn gốc: trên bao bì có mã QR"


def _contact_problems(product, profile_id):
    profile = profiles.get(profile_id)
    readiness = check(prepare(product, profile), profile)
    return [p for p in readiness.problems_of(VARIANT) if p.code == "contact_details"]


def _cell(product, profile_id, source):
    profile = profiles.get(profile_id)
    column = next(c for c in profile.columns if c.source == source)
    return value(column, Row("simple", prepare(product, profile), VARIANT), profile)


@pytest.mark.parametrize("profile_id", CLOSED)
def test_closed_marketplaces_get_a_description_without_link_or_contact(profile_id):
    profile = profiles.get(profile_id)
    assert not profile.rules.contact_details and not profile.rules.traceability_link
    prepared = prepare(PEANUTS, profile)
    text = prepared.description_html or prepared.description
    assert PEANUTS.trace_url not in text and "lensan.vn" not in text
    assert QR_ONLY in text and find(text) == []
    assert "Tổ chức chịu trách nhiệm" in text and COOP.legal_name in text  # Decree 85 stays


@pytest.mark.parametrize("profile_id", OPEN)
def test_other_marketplaces_keep_the_traceability_link(profile_id):
    profile = profiles.get(profile_id)
    assert profile.rules.contact_details and profile.rules.traceability_link
    description = prepare(PEANUTS, profile).description
    assert description.endswith(f"mở {PEANUTS.trace_url}")
    assert _contact_problems(replace(PEANUTS, description="Gọi 0912 345 678"), profile_id) == []


def test_the_brand_column_holds_no_brand_where_the_brand_list_is_closed():
    for profile_id in CLOSED:
        assert _cell(PEANUTS, profile_id, "brand") == "No Brand"
    for profile_id in ("voso", "postmart", "google", "shopify"):
        assert _cell(PEANUTS, profile_id, "brand") == "HTX Lâm Bình"
    assert "HTX Lâm Bình" in prepare(PEANUTS, profiles.get("shopee")).titles[VARIANT.id]


@pytest.mark.parametrize("profile_id", CLOSED)
def test_food_attributes_are_filled_for_food_and_empty_otherwise(profile_id):
    sources = ("shelf_life", "manufacturer", "manufacturer_address", "country_of_origin",
               "storage")  # fmt: skip
    food = [_cell(PEANUTS, profile_id, s) for s in sources]
    assert food == ["6 tháng", COOP.legal_name, COOP.address, "Việt Nam", "Nơi khô ráo."]
    assert [_cell(replace(PEANUTS, shelf_life_days=45), profile_id, "shelf_life")] == ["45 ngày"]
    crafts = replace(PEANUTS, category="handicrafts.weaving")
    assert [_cell(crafts, profile_id, s) for s in sources] == [""] * 5
    assert all(c.food for c in profiles.get(profile_id).columns if c.source in sources)


@pytest.mark.parametrize("profile_id", CLOSED)
def test_contact_details_in_our_texts_block_the_listing_with_the_field(profile_id):
    name = profiles.get(profile_id).name
    said = replace(PEANUTS, description="Lạc ngon. Gọi 0912 345 678 hoặc xem htxlambinh.vn")
    problems = _contact_problems(said, profile_id)
    where = [(p.fix, p.field, p.blocking) for p in problems]
    assert where == [("product", "description", True)] * 2
    said_vi = f"Giới thiệu có số điện thoại 0912 345 678: {name} không cho ghi thông tin liên hệ"
    assert in_vietnamese(problems[0].message).startswith(said_vi)
    assert "đường link htxlambinh.vn" in in_vietnamese(problems[1].message)

    cases = [
        (replace(PEANUTS, name="Lạc đỏ Lâm Bình 0987654321"), ("product", "name")),
        (replace(PEANUTS, storage_instructions="Hỏi Zalo: htxlambinh"),
         ("product", "storage_instructions")),
        (replace(PEANUTS, variants=(replace(VARIANT, name="Túi 500 g - ib 0912345678"),)),
         ("product", "variants-0-name")),
        (replace(PEANUTS, cooperative=replace(COOP, address="Thôn Nà Va, ĐT 0209 3456 789")),
         ("cooperative", "street")),
    ]  # fmt: skip
    for product, where in cases:
        assert [(p.fix, p.field) for p in _contact_problems(product, profile_id)] == [where]
    issuer = replace(_cert("vietgap", 300), issuer="Chi cục X, email cc@x.gov.vn")
    found = _contact_problems(replace(PEANUTS, certificates=(issuer,)), profile_id)
    assert [(p.fix, p.certificate_id) for p in found] == [("certificate", issuer.id)]
    assert _contact_problems(PEANUTS, profile_id) == []


texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "0912 345 678",
            "abc.vn",
            "x@y.com",
            "Zalo: abc1",
            "120.000đ",
            "1,5 kg",
            "05/09/2025",
            "85/2021/NĐ-CP",
            "www.x",
            "",
            "Lạc ngon",
        ]
    ),  # fmt: skip
)


@given(description=texts, usage=texts, variant=texts, address=texts)
def test_a_listing_the_rule_lets_through_has_no_contact_details(
    description, usage, variant, address
):
    product = replace(
        PEANUTS,
        description=description,
        usage_instructions=usage or "Rang",
        variants=(replace(VARIANT, name=variant),),
        cooperative=replace(COOP, address=address),
    )
    for profile_id in CLOSED:
        if not _contact_problems(product, profile_id):
            profile = profiles.get(profile_id)
            prepared = prepare(product, profile)
            assert find(prepared.description_html or prepared.description) == []
            assert find(prepared.titles[VARIANT.id]) == []
