"""The profile form's logo and bank account: checked by content, normalised, all or nothing."""

import io

import pytest
from PIL import Image

from app import storage
from app.cooperatives.services import small_logo_key
from app.models import Cooperative
from tests.support import factories
from tests.support.cooperatives import form_data, logo_files, post_edit
from tests.support.images import CAMERA_MAKE, EXE, jpeg_with_exif, noise_png, png_bytes

BANK = {
    "bank_bin": "970405",
    "bank_account_number": "8700 1234 56789",
    "bank_account_holder": "Hợp tác xã Nông nghiệp Lâm Bình",
}


def reload(db, coop):
    db.session.expire_all()
    return db.session.get(type(coop), coop.id)


def test_form_takes_files_and_lists_the_banks(as_officer, coop_tq):
    html = as_officer.get(f"/cooperatives/{coop_tq.id}/edit").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert 'accept=".jpg,.jpeg,.png,.webp' in html
    assert '<option value="970405">Agribank — Ngân hàng Nông nghiệp' in html
    assert "Tài khoản ngân hàng nhận thanh toán" in html


def test_a_logo_is_stored_as_two_square_renditions(app, as_officer, db, coop_tq):
    response = post_edit(as_officer, coop_tq, (png_bytes(size=(300, 150)), "logo.png"))
    assert response.status_code == 302
    key = reload(db, coop_tq).logo_key
    assert key.startswith("logos/") and key.endswith(".png") and len(key) <= 80
    with Image.open(storage.path_for(key)) as large:
        assert (large.format, large.size) == ("PNG", (512, 512))
    with Image.open(storage.path_for(small_logo_key(key))) as small:
        assert (small.format, small.size) == ("WEBP", (200, 200))
    assert storage.is_public(key) and storage.is_public(small_logo_key(key))
    page = as_officer.get(f"/cooperatives/{coop_tq.id}").get_data(as_text=True)
    assert f'src="/media/{small_logo_key(key)}"' in page


def test_a_phone_photo_is_turned_upright_and_loses_its_gps(app, as_member, db, coop_tq):
    assert (
        post_edit(as_member, coop_tq, (jpeg_with_exif(orientation=6), "IMG_0001.JPG")).status_code
        == 302
    )
    key = reload(db, coop_tq).logo_key
    for path in (storage.path_for(key), storage.path_for(small_logo_key(key))):
        data = path.read_bytes()
        assert CAMERA_MAKE.encode() not in data and b"Exif" not in data
        with Image.open(path) as img:
            assert len(img.getexif()) == 0
            img = img.convert("RGB")
            # upright: the photo's left (red) half is now on top, its right (blue) below
            top, bottom = (
                img.getpixel((img.width // 2, img.height // 5)),
                img.getpixel((img.width // 2, img.height * 4 // 5)),
            )
            assert top[0] > 150 > top[2], top
            assert bottom[2] > 150 > bottom[0], bottom


BAD_LOGOS = [
    (EXE, "logo.png", "Tệp này không phải ảnh JPEG, PNG hay WebP, dù tên tệp ghi thế nào."),
    (EXE, "setup.exe", "Tệp này không phải ảnh JPEG, PNG hay WebP"),
    (b"GIF89a" + b"\x00" * 100, "logo.gif", "không phải ảnh JPEG, PNG hay WebP"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg", "không phải ảnh JPEG"),
    (jpeg_with_exif()[:400], "cut.jpg", "không phải ảnh JPEG"),  # truncated
    (b"", "empty.png", "Tệp không có dữ liệu."),
]


@pytest.mark.parametrize(("data", "name", "message"), BAD_LOGOS, ids=lambda v: str(v)[:16])
def test_bad_logos_are_explained_and_change_nothing(
    app, as_officer, db, coop_tq, data, name, message
):
    before = logo_files(app)
    response = post_edit(as_officer, coop_tq, (data, name), legal_name="Tên mới", **BANK)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'id="logo-error"' in html
    coop = reload(db, coop_tq)
    assert coop.logo_key is None and coop.legal_name != "Tên mới" and coop.bank_bin is None
    assert logo_files(app) == before


def test_a_logo_over_5_mb_is_refused(app, as_officer, db, coop_tq):
    before = logo_files(app)
    response = post_edit(as_officer, coop_tq, (noise_png(5 * 1024 * 1024 + 1), "big.png"))
    assert "Logo lớn hơn 5 MB. Hãy lưu ảnh nhỏ hơn rồi thử lại." in response.get_data(as_text=True)
    assert reload(db, coop_tq).logo_key is None and logo_files(app) == before


def test_a_good_logo_is_not_stored_while_another_field_is_wrong(app, as_officer, db, coop_tq):
    before = logo_files(app)
    response = post_edit(
        as_officer, coop_tq, (png_bytes(), "logo.png"), bank_bin="970405", bank_account_number=""
    )
    assert "Nhập số tài khoản." in response.get_data(as_text=True)
    assert reload(db, coop_tq).logo_key is None and logo_files(app) == before


def test_logo_is_kept_without_a_new_file_and_can_be_removed(as_officer, db, coop_tq):
    post_edit(as_officer, coop_tq, (png_bytes(), "logo.png"))
    key = reload(db, coop_tq).logo_key
    assert post_edit(as_officer, coop_tq, short_name="HTX Mới").status_code == 302
    assert reload(db, coop_tq).logo_key == key
    assert post_edit(as_officer, coop_tq, remove_logo="y").status_code == 302
    assert reload(db, coop_tq).logo_key is None


def test_bank_account_is_normalised(as_member, db, coop_tq):
    assert post_edit(as_member, coop_tq, **BANK).status_code == 302
    coop = reload(db, coop_tq)
    assert coop.bank_bin == "970405"
    assert coop.bank_account_number == "8700123456789"
    assert coop.bank_account_holder == "HOP TAC XA NONG NGHIEP LAM BINH"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (dict(bank_bin=""), "bank_bin", "Chọn ngân hàng của tài khoản này."),
        (dict(bank_account_number=""), "bank_account_number", "Nhập số tài khoản."),
        (dict(bank_account_holder=""), "bank_account_holder", "Nhập tên chủ tài khoản."),
        (dict(bank_bin="123456"), "bank_bin", "Chọn một ngân hàng trong danh sách."),
        (dict(bank_account_number="12345"), "bank_account_number", "Số tài khoản gồm từ 6 đến 19"),
        (dict(bank_account_number="87001234567890123456"), "bank_account_number", "từ 6 đến 19"),
        (dict(bank_account_number="8700-ABC"), "bank_account_number", "từ 6 đến 19 chữ số"),
        (dict(bank_account_holder="王小明"), "bank_account_holder", "Ghi tên như ngân hàng in"),
        (dict(bank_account_holder="x" * 500), "bank_account_holder", "Tối đa 70 ký tự."),
    ],
)
def test_bad_bank_details_are_explained_and_nothing_is_saved(
    as_member, db, coop_tq, changes, field, message
):
    response = post_edit(as_member, coop_tq, short_name="HTX Đổi tên", **dict(BANK, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert f'id="{field}-error"' in html
    assert "HTX Đổi tên" in html  # what was typed is kept
    coop = reload(db, coop_tq)
    assert (coop.bank_bin, coop.bank_account_number, coop.short_name) == (
        None,
        None,
        coop_tq.short_name,
    )


def test_only_a_holder_name_asks_for_bank_and_number(as_member, db, coop_tq):
    html = post_edit(as_member, coop_tq, bank_account_holder="Ma Văn Thảo").get_data(as_text=True)
    assert 'id="bank_bin-error"' in html and 'id="bank_account_number-error"' in html


def test_bank_account_can_be_cleared_all_at_once(as_member, db, coop_tq):
    post_edit(as_member, coop_tq, **BANK)
    empty = dict(bank_bin="", bank_account_number="", bank_account_holder="")
    assert post_edit(as_member, coop_tq, **empty).status_code == 302
    assert reload(db, coop_tq).bank_account_number is None


def test_a_member_cannot_set_another_cooperatives_logo_or_account(app, as_member, db, coop_ld):
    before = logo_files(app)
    response = post_edit(as_member, coop_ld, (png_bytes(), "logo.png"), **BANK)
    assert response.status_code == 403
    coop = reload(db, coop_ld)
    assert coop.logo_key is None and coop.bank_bin is None and logo_files(app) == before


def test_an_officer_cannot_set_a_logo_outside_their_area(app, as_officer, db, coop_ld):
    before = logo_files(app)
    assert post_edit(as_officer, coop_ld, (png_bytes(), "logo.png")).status_code == 403
    assert reload(db, coop_ld).logo_key is None and logo_files(app) == before


def test_a_new_cooperative_can_be_registered_with_logo_and_account(app, as_officer, db):
    probe = factories.CooperativeFactory.build(tax_code="5000123456")
    data = form_data(probe, legal_name="Hợp tác xã Chè Na Hang", short_name="HTX Chè", **BANK)
    data["logo"] = (io.BytesIO(png_bytes()), "logo.png")
    response = as_officer.post("/cooperatives/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    coop = db.session.execute(db.select(Cooperative)).scalar_one()
    assert coop.logo_key and coop.bank_account_holder == "HOP TAC XA NONG NGHIEP LAM BINH"


def test_orders_by_transfer_are_a_setting_of_the_bank_form(as_member, db, coop_tq):
    assert post_edit(as_member, coop_tq, sells_by_transfer="y", **BANK).status_code == 302
    assert reload(db, coop_tq).sells_by_transfer is True
    assert post_edit(as_member, coop_tq, **BANK).status_code == 302  # unticked
    assert reload(db, coop_tq).sells_by_transfer is False


def test_orders_by_transfer_need_the_bank_account(as_member, db, coop_tq):
    response = post_edit(as_member, coop_tq, sells_by_transfer="y")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="sells_by_transfer-error"' in html and "điền đủ ba ô" in html
    assert reload(db, coop_tq).sells_by_transfer is False
