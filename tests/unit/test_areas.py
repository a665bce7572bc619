"""The 2025 administrative map: 34 provinces, 3,321 communes, no districts."""

from app import areas


def test_counts_match_the_2025_reform():
    assert len(areas.provinces()) == 34
    assert sum(len(areas.communes(p.code)) for p in areas.provinces()) == 3321


def test_lookups_and_membership():
    assert areas.province(8).name == "Tuyên Quang"
    assert areas.commune(2266).name == "Xã Lâm Bình"
    assert areas.commune_in_province(2266, 8)
    assert not areas.commune_in_province(2266, 68)
    assert not areas.commune_in_province(999999, 8)
    assert areas.communes(999) == ()
    assert areas.place_name(25000, 68) == "Xã Di Linh, Lâm Đồng"


def test_provinces_sorted_ignoring_diacritics():
    names = [p.name for p in areas.provinces()]
    assert names.index("An Giang") < names.index("Bắc Ninh") < names.index("Cà Mau")
