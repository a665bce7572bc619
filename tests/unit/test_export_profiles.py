"""Marketplace profiles are data: every file in app/exports/profiles/ meets the schema, and
a broken file is refused with the place it breaks it."""

import copy
import tomllib

import jsonschema
import pytest

from app.exports import profiles
from app.exports.profiles import PROFILE_DIR, ProfileError

FILES = sorted(PROFILE_DIR.glob("*.toml"))
EXPECTED = {"voso", "postmart", "shopee", "tiktok", "lazada", "google", "shopify",
            "woocommerce", "province"}  # fmt: skip


def _data(name: str) -> dict:
    with (PROFILE_DIR / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(profiles.schema())


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_profile_file_meets_the_schema(path):
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    jsonschema.Draft202012Validator(profiles.schema()).validate(data)
    profile = profiles.load(path)
    assert profile.id == path.stem
    assert profile.category_for("grains_nuts.peanuts")  # every profile maps our food
    assert len(set(profile.headers)) == len(profile.headers)


def test_the_marketplaces_the_issue_names_are_all_there():
    assert set(profiles.all_profiles()) == EXPECTED
    hand_entry = profiles.get("voso")
    assert {"Tên sản phẩm", "Danh mục", "Giá (VNĐ)", "Tồn kho", "Đơn vị", "Khối lượng (kg)",
            "Dài (cm)", "Rộng (cm)", "Cao (cm)", "Mô tả", "Xuất xứ", "Thương hiệu/HTX",
            "Chứng nhận", "Link truy xuất"} <= set(hand_entry.headers)  # fmt: skip
    assert profiles.get("google").file.format == "tsv"
    assert profiles.get("shopify").file.format == profiles.get("woocommerce").file.format == "csv"
    assert profiles.get("province").push is not None


@pytest.mark.parametrize(
    "break_it, where",
    [
        (lambda d: d.pop("columns"), "(top)"),
        (lambda d: d["columns"].append({"header": "X", "source": "secret_sauce"}), "columns/"),
        (lambda d: d["limits"].update(title_max="many"), "limits/title_max"),
        (lambda d: d["images"].update(name="photo.jpg"), "images/name"),
        (lambda d: d["file"].update(format="xls"), "file/format"),
        (lambda d: d["columns"].append({"header": "Ảnh bìa 2", "source": "image_url"}), "index"),
        (lambda d: d["categories"].update({"Not a code!": "x"}), "categories"),
        (lambda d: d.update(push={"endpoint": "ftp://x", "token_setting": "T"}), "push/endpoint"),
    ],
)
def test_a_broken_profile_is_refused_with_the_place_it_breaks(break_it, where):
    data = copy.deepcopy(_data("shopee"))
    break_it(data)
    with pytest.raises(ProfileError) as caught:
        profiles.parse(data, "shopee.toml")
    assert str(caught.value).startswith("shopee.toml: ") and where in str(caught.value)


def test_two_columns_with_one_header_are_refused():
    data = _data("shopee")
    data["columns"].append(dict(data["columns"][0]))
    with pytest.raises(ProfileError, match="share a header"):
        profiles.parse(data, "shopee.toml")


def test_adding_a_marketplace_is_adding_a_file(tmp_path):
    data = (PROFILE_DIR / "voso.toml").read_text(encoding="utf-8")
    path = tmp_path / "sendo.toml"
    path.write_text(data.replace('id = "voso"', 'id = "sendo"'), encoding="utf-8")
    assert profiles.load(path).id == "sendo"
    wrong = tmp_path / "other.toml"
    wrong.write_text(data, encoding="utf-8")
    with pytest.raises(ProfileError, match="differs from the file name"):
        profiles.load(wrong)


def test_categories_fall_back_from_leaf_to_group_to_default():
    shopee = profiles.get("shopee")
    assert shopee.category_for("coffee_tea.coffee").endswith("Cà phê")
    assert shopee.category_for("seafood.sauce").endswith("Nước chấm")
    assert shopee.category_for("seafood.dried").endswith("Hải sản khô")  # the group's
    assert shopee.category_for("unknown.thing") == "Thực phẩm và đồ uống"  # the default
    data = _data("shopee")
    del data["categories"]["*"]
    assert profiles.parse(data).category_for("unknown.thing") is None
