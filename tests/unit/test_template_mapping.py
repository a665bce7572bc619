"""The officers' category mapping applied to a profile (pure: no app, no database)."""

from app.exports import profiles
from app.exports.template_store import takes_template, with_mapping

LISTED = ("100629 - Các loại hạt", "100631 - Cà phê")


def test_the_mapping_replaces_the_profiles_categories_within_the_templates_list():
    shopee = profiles.get("shopee")
    mapped = with_mapping(
        shopee,
        {"grains_nuts.peanuts": LISTED[0], "rice.white": "a category the list no longer has"},
        LISTED,
    )
    assert mapped.category_list == LISTED
    assert mapped.category_for("grains_nuts.peanuts") == LISTED[0]
    assert mapped.category_for("rice.white") is None  # mapped outside the list: unmapped
    assert mapped.category_for("coffee_tea.coffee") is None  # the profile's own no longer count
    assert shopee.category_for("coffee_tea.coffee")  # the profile itself is unchanged
    assert shopee.category_list == ()


def test_only_mass_upload_marketplaces_take_a_template():
    assert {p.id for p in profiles.all_profiles().values() if takes_template(p)} == {
        "shopee",
        "tiktok",
        "lazada",
    }
    assert not takes_template(None)
