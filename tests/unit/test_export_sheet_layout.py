"""Every profile's built-in sheet is laid out from the profile: a width for each column and
a Vietnamese note giving what the marketplace accepts there."""

import copy
import tomllib

import pytest

from app.exports import profiles
from app.exports.profiles import PROFILE_DIR, ProfileError
from app.exports.sheet_layout import HEADER_WIDTH_MAX, layout, note, width

ALL = list(profiles.all_profiles().values())


@pytest.mark.parametrize("profile", ALL, ids=[p.id for p in ALL])
def test_every_column_has_a_width_and_a_note(profile):
    shape = layout(profile)
    assert len(shape.widths) == len(shape.notes) == len(profile.columns)
    for column, wide, text in zip(profile.columns, shape.widths, shape.notes, strict=True):
        assert wide >= min(len(column.header) + 2, HEADER_WIDTH_MAX)
        assert text.startswith("Bắt buộc." if column.required else "Không bắt buộc.")
        assert "%(" not in text  # every parameter filled
    sources = [c.source for c in profile.columns]
    wrapped = {sources[i] for i in shape.wrapped}
    assert {s for s in sources if s in ("description", "description_html")} <= wrapped
    assert not wrapped & {"sku", "price", "stock", "title", "image_url", "gtin", "weight_kg"}


def test_notes_follow_the_profiles_limits():
    shopee = profiles.get("shopee")
    by_source = {c.source: c for c in shopee.columns}
    assert note(by_source["title"], shopee) == "Bắt buộc. Từ 25 đến 120 ký tự."
    assert note(by_source["price"], shopee) == "Bắt buộc. Từ 1 đến 180.000.000 đồng."
    assert note(by_source["stock"], shopee) == "Bắt buộc. Số nguyên, từ 0 trở lên."
    assert note(by_source["gtin"], shopee) == "Không bắt buộc. Mã vạch: 8, 12, 13 hoặc 14 chữ số."
    google = profiles.get("google")  # photos need not be square there
    image = next(c for c in google.columns if c.source == "image_url")
    assert "ảnh vuông" not in note(image, google) and "tối đa 16 MB" in note(image, google)


def test_a_profile_may_set_a_columns_width():
    with (PROFILE_DIR / "voso.toml").open("rb") as fh:
        data = tomllib.load(fh)
    data["columns"][1]["width"] = 55
    voso = profiles.parse(copy.deepcopy(data), "voso.toml")
    assert width(voso.columns[1]) == 55 and width(voso.columns[0]) == 20
    data["columns"][1]["width"] = 500
    with pytest.raises(ProfileError, match="columns/1/width"):
        profiles.parse(data, "voso.toml")
