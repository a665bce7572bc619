"""The cooperative sheet's rules, without an app: headers, every field, places, duplicates."""

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import areas
from app.imports.cooperatives import Existing, parse_kind, preview_cooperatives
from app.imports.places import find_commune, find_province, resolve_legacy
from app.imports.problems import ImportFileError
from tests.support.import_files import GOOD_ROWS, HEADERS, csv_bytes, row, xlsx

PLACE = {"province": "Tuyên Quang", "commune": "Lâm Bình"}


def _one(existing=None, allowed=None, **values):
    """Check a single row; return (values, {column: message})."""
    preview = preview_cooperatives(csv_bytes([row(**values)]), existing=existing, allowed=allowed)
    (result,) = preview.rows
    return result, {p.column: str(p.message) for p in result.problems}


def test_the_good_rows_pass_with_normalised_values():
    preview = preview_cooperatives(xlsx(GOOD_ROWS))
    assert [p for p in preview.problems] == []
    first, second, third = (r.values for r in preview.rows)
    assert first["phone"] == "0912345678"
    assert (first["province_code"], first["commune_code"]) == (8, 2266)
    assert first["kind"] == "htx" and first["registration_number"] == "5001-HTX-0301"
    assert second["kind"] == "tho_hop_tac" and second["phone"] == "0987654321"
    assert (second["province_code"], second["commune_code"]) == (8, 2296)  # Xã Bình An
    assert second["legacy_address"].startswith("Thôn Nà Khà, xã Thổ Bình")  # kept as written
    assert preview.rows[1].notes == {"from_legacy": True}
    assert (third["kind"], third["province_code"], third["commune_code"]) == (
        "ho_kinh_doanh",
        8,
        2215,
    )


@pytest.mark.parametrize(
    "headers",
    [
        [h.upper() for h in HEADERS],
        [unicodedata.normalize("NFD", h) for h in HEADERS],
        ["TEN HOP TAC XA", "ten viet tat", "Loai hinh", "MST", "So dang ky", "Tinh", "Xa",
         "Thon", "Dia chi cu", "Nguoi dai dien", "SĐT", "E-mail", "Mo ta"],
        ["STT", *[f"  {h} (*) " for h in HEADERS]],
    ],
    ids=["upper", "nfd", "no-diacritics-and-aliases", "row-number-and-stars"],
)  # fmt: skip
def test_headers_match_forgiving_case_diacritics_and_marks(headers):
    rows = [["1", *GOOD_ROWS[0]]] if headers[0] == "STT" else [GOOD_ROWS[0]]
    preview = preview_cooperatives(csv_bytes(rows, headers))
    assert preview.problems == [] and len(preview.valid) == 1


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (HEADERS[1:], "Missing columns: “Tên hợp tác xã”."),
        ([*HEADERS, "Số fax"], "Unknown columns: “Số fax”. Use the headers of the template"),
        ([*HEADERS, "MST"], "Columns given twice: “MST”."),
    ],
)
def test_wrong_headers_say_what_is_missing_unknown_or_repeated(headers, message):
    with pytest.raises(ImportFileError) as caught:
        preview_cooperatives(csv_bytes([], headers))
    assert message in " ".join(str(m) for m in caught.value.messages)


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        (dict(PLACE), "Tên hợp tác xã", "Enter the cooperative's legal name."),
        (dict(PLACE, legal_name="x" * 201), "Tên hợp tác xã", "At most 200 characters."),
        (dict(PLACE, legal_name="A", kind="hội"), "Loại hình", "Unknown type. Write one of"),
        (dict(PLACE, legal_name="A", tax_code="12345"), "Mã số thuế", "A tax code has 10 digits"),
        (dict(PLACE, legal_name="A", registration_number="số 12"), "Số đăng ký", "Use only digits"),
        (dict(PLACE, legal_name="A", phone="12345"), "Số điện thoại", "not a Vietnamese phone"),
        (dict(PLACE, legal_name="A", email="not-an-email"), "Email", "email address is not valid"),
        (dict(legal_name="A"), "Xã/Phường", "Give the province and commune"),
        (dict(legal_name="A", province="Tuyen Quang"), "Xã/Phường", "Enter the commune"),
        (dict(legal_name="A", province="Sao Hỏa", commune="X"), "Tỉnh/Thành phố",
         "Unknown province “Sao Hỏa”"),
        (dict(legal_name="A", province="Tuyên Quang", commune="Xã Không Có"), "Xã/Phường",
         "There is no commune “Xã Không Có” in Tuyên Quang."),
        (dict(legal_name="A", province="8", commune="25000"), "Xã/Phường",
         "There is no commune “25000”"),
        (dict(legal_name="A", commune="Lâm Bình"), "Tỉnh/Thành phố", "Enter the province"),
        (dict(legal_name="A", legacy_address="khong co dau"), "Địa chỉ cũ (trước 2025)",
         "Today's commune could not be found from this old address"),
    ],
)  # fmt: skip
def test_each_bad_cell_gets_its_message_in_its_column(values, column, message):
    result, problems = _one(**values)
    assert message in problems[column]
    assert result.values == {}  # nothing from a row with problems is kept


@pytest.mark.parametrize(
    ("province", "text", "code"),
    [
        ("Đồng Nai", "Xã Lộc Thành", "Xã Lộc Thành"),  # diacritics tell Lộc Thành from Lộc Thạnh
        ("Đồng Nai", "lộc thạnh", "Xã Lộc Thạnh"),
        ("Đồng Nai", "Loc Thanh", None),
        ("Đồng Tháp", "Mỹ Tho", "Phường Mỹ Tho"),
        ("Đồng Tháp", "xa my tho", "Xã Mỹ Thọ"),  # the prefix tells them apart
        ("Đồng Tháp", "My Tho", None),
    ],
)
def test_names_that_differ_only_in_diacritics_or_prefix_are_never_guessed(province, text, code):
    result, problems = _one(legal_name="A", province=province, commune=text)
    if code is None:
        assert "write the name with its diacritics" in problems["Xã/Phường"]
    else:
        assert problems == {}
        assert areas.commune(result.values["commune_code"]).name == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("8", 8), ("08", 8), ("Tuyên Quang", 8), ("TINH TUYEN QUANG", 8), ("tp ho chi minh", 79),
     ("TP. Hồ Chí Minh", 79), ("Thành phố Hà Nội", 1), ("Lam Dong", 68), ("99", None), ("", None)],
)  # fmt: skip
def test_provinces_by_code_or_name(text, code):
    assert find_province(text) == code


@pytest.mark.parametrize(
    "text",
    ["Lâm Bình", "lam binh", "XÃ LÂM BÌNH", "Xa Lam Binh", "2266", "02266", "  xã  Lâm Bình "],
)
def test_communes_by_code_or_name_with_or_without_diacritics_and_prefix(text):
    assert find_commune(text, 8) == 2266


def test_commune_code_alone_gives_the_province():
    result, problems = _one(legal_name="A", commune="25000")
    assert problems == {}
    assert (result.values["province_code"], result.values["commune_code"]) == (68, 25000)


@pytest.mark.parametrize(
    ("address", "place"),
    [
        ("xa Tho Binh, huyen Lam Binh, tinh Tuyen Quang", (8, 2296)),
        ("Thôn Nà Va, xã Lăng Can, huyện Lâm Bình, tỉnh Tuyên Quang", (8, 2266)),
        ("Thôn 4, thị trấn Di Linh, huyện Di Linh, tỉnh Lâm Đồng", (68, 25000)),
        ("phuong 1, quan 3, TP HCM", (79, 27160)),
    ],
)
def test_old_addresses_resolve_to_todays_commune(address, place):
    assert resolve_legacy(address) == place


def test_old_addresses_with_a_street_never_ask_an_online_geocoder(monkeypatch):
    from vietnamadminunits import convert_address
    from vietnamadminunits.converter import converter_2025

    from app.imports import places

    asked = []
    monkeypatch.setattr(converter_2025, "get_geo_location", asked.append)
    # Xã Hòa Liên was split between two new wards: given a street, the converter geocodes online.
    address = "Thôn 3, xã Hòa Liên, huyện Hòa Vang, thành phố Đà Nẵng"
    convert_address(address)
    assert asked, "the package no longer geocodes: this test proves nothing any more"
    asked.clear()
    places._resolve_legacy.cache_clear()
    assert resolve_legacy(address) == (48, 20197)  # its default new ward, for the officer to check
    assert asked == []


def test_kind_words():
    assert parse_kind("") == "htx"
    assert parse_kind("Hợp tác xã nông nghiệp") == "htx"
    assert parse_kind("TỔ HỢP TÁC") == "tho_hop_tac"
    assert parse_kind("ho kinh doanh") == "ho_kinh_doanh"
    assert parse_kind("Công ty TNHH") == "doanh_nghiep"
    assert parse_kind("Doanh nghiệp tư nhân") == "doanh_nghiep"
    assert parse_kind("hội nông dân") is None


def test_numbers_that_lost_their_leading_zero_get_it_back():
    result, problems = _one(legal_name="A", tax_code="101234567", phone="912345678", **PLACE)
    assert problems == {}
    assert (result.values["tax_code"], result.values["phone"]) == ("0101234567", "0912345678")


def test_duplicates_of_existing_cooperatives_and_within_the_file():
    existing = Existing(
        tax_codes={"5000123456"},
        registration_numbers={"5001-htx-0301"},
        names={("hoptacxamatong", 2266)},
    )
    rows = [
        row(legal_name="HTX A", tax_code="5000123456", **PLACE),
        row(legal_name="HTX B", registration_number="5001-HTX-0301", **PLACE),
        row(legal_name="Hợp tác xã Mật Ong", **PLACE),
        row(legal_name="HTX C", tax_code="5000999999", **PLACE),
        row(legal_name="HTX D", tax_code="5000 999 999", **PLACE),
        row(legal_name="HTX C", province="Tuyên Quang", commune="Xã Lâm Bình"),
    ]
    preview = preview_cooperatives(csv_bytes(rows), existing=existing)
    problems = {(p.row, p.column): str(p.message) for p in preview.problems}
    assert problems == {
        (2, "Mã số thuế"): "Another cooperative has this tax code.",
        (3, "Số đăng ký"): "Another cooperative has this registration number.",
        (4, "Tên hợp tác xã"): "A cooperative with this name is already registered in this "
        "commune.",
        (6, "Mã số thuế"): "Same as row 5 of this file.",
        (7, "Tên hợp tác xã"): "Same as row 5 of this file.",
    }  # fmt: skip
    assert [r.number for r in preview.valid] == [5]


def test_rows_outside_the_officers_area_are_problems():
    def tuyen_quang_only(province, commune):
        return province == 8

    rows = [
        row(legal_name="HTX A", **PLACE),
        row(legal_name="HTX B", province="Lâm Đồng", commune="Di Linh"),
        row(legal_name="HTX C", legacy_address="thi tran Di Linh, huyen Di Linh, tinh Lam Dong"),
    ]
    preview = preview_cooperatives(csv_bytes(rows), allowed=tuyen_quang_only)
    assert [(p.row, p.column, str(p.message)) for p in preview.problems] == [
        (3, "Xã/Phường", "This commune is outside the area you cover."),
        (4, "Địa chỉ cũ (trước 2025)", "This commune is outside the area you cover."),
    ]


def test_nfd_text_is_saved_as_nfc():
    nfd = {k: unicodedata.normalize("NFD", v) for k, v in PLACE.items()}
    name = unicodedata.normalize("NFD", "Hợp tác xã Đồng Tâm")
    result, problems = _one(legal_name=name, representative=name, **nfd)
    assert problems == {}
    assert result.values["legal_name"] == "Hợp tác xã Đồng Tâm"
    assert all(
        unicodedata.is_normalized("NFC", v) for v in result.values.values() if isinstance(v, str)
    )


def test_fingerprint_follows_the_values():
    one = preview_cooperatives(csv_bytes(GOOD_ROWS))
    again = preview_cooperatives(xlsx(GOOD_ROWS))
    assert one.fingerprint() == again.fingerprint()
    changed = preview_cooperatives(csv_bytes([GOOD_ROWS[0], GOOD_ROWS[1]]))
    assert changed.fingerprint() != one.fingerprint()


cells = st.text(max_size=30)


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.lists(cells, min_size=len(HEADERS), max_size=len(HEADERS)), max_size=4))
def test_arbitrary_cells_never_crash_and_saved_text_is_nfc(rows):
    try:
        preview = preview_cooperatives(csv_bytes(rows))
    except ImportFileError:
        return
    for result in preview.rows:
        assert bool(result.values) == result.ok  # a row with a problem keeps no values
        if result.ok:
            assert result.values["legal_name"] and result.values["commune_code"]
        for problem in result.problems:
            assert problem.row == result.number and str(problem.message)
        for value in result.values.values():
            if isinstance(value, str):
                assert unicodedata.is_normalized("NFC", value)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.fixed_dictionaries(
        {key: st.text(max_size=60) for key in ("short_name", "street", "representative")}
        | {"description": st.text(max_size=200), "legal_name": st.text(min_size=1, max_size=60)}
    )
)
def test_free_text_columns_accept_any_text_and_store_it_nfc(values):
    try:
        preview = preview_cooperatives(csv_bytes([row(**values, **PLACE)]))
    except ImportFileError:
        return  # a NUL byte makes it "not a spreadsheet"
    if not preview.rows:
        return  # every cell blank once cleaned: an empty row
    (result,) = preview.rows
    if not result.ok:  # only a legal name that cleans down to nothing may fail
        assert {p.column for p in result.problems} == {"Tên hợp tác xã"}
        return
    for key in values:
        assert unicodedata.is_normalized("NFC", result.values[key])
