"""Product photos over HTTP: upload checks, renditions, order, alt text, delete, access."""

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from app import storage
from app.models import CooperativeStatus, ProductImage, ProductStatus
from app.product_images import renditions
from app.product_images.services import add_images
from tests.support import factories
from tests.support.clients import sign_in
from tests.support.images import CAMERA_MAKE, jpeg_with_exif
from tests.support.media import media_files
from tests.support.product_images import (
    SVG,
    TEXT,
    blank_png,
    make_product,
    photo,
    transparent_png,
)


@pytest.fixture
def product(db, coop_tq):
    return make_product(coop_tq)


@pytest.fixture
def as_member(as_member):
    """The cooperative's member, reading the pages in English (the messages checked here)."""
    as_member.get("/auth/language/en")
    return as_member


def _sign_in(client, user):
    sign_in(client, user)
    client.get("/auth/language/en")


def _url(product_id, tail=""):
    return f"/products/{product_id}/images/{tail}"


def _upload(client, product_id, files):
    data = {"photos": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(_url(product_id), data=data, content_type="multipart/form-data")


def _rows(db, product_id):
    db.session.expire_all()
    return (
        db.session.execute(
            select(ProductImage)
            .where(ProductImage.product_id == product_id)
            .order_by(ProductImage.position)
        )
        .scalars()
        .all()
    )


def _open(app, key) -> tuple[Image.Image, bytes]:
    data = (Path(app.config["MEDIA_ROOT"]) / key).read_bytes()
    img = Image.open(io.BytesIO(data))
    img.load()
    return img, data


def test_a_phone_photo_is_stored_upright_without_exif_or_gps(app, as_member, db, product):
    response = _upload(as_member, product.id, [("IMG_2041.jpg", jpeg_with_exif(6, (1000, 600)))])
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/products/{product.id}#photos")
    [image] = _rows(db, product.id)
    assert (image.width, image.height) == (600, 1000)  # turned upright
    assert image.alt_text == product.name and image.position == 0
    for key, fmt in [
        (image.original_key, "JPEG"),
        (image.thumb_key, "WEBP"),
        (image.square_key, "JPEG"),
    ]:
        assert len(key) <= 120 and storage.is_public(key)
        img, data = _open(app, key)
        assert img.format == fmt
        assert len(img.getexif()) == 0 and "exif" not in img.info
        assert CAMERA_MAKE.encode() not in data and b"GPS" not in data
    assert _open(app, image.original_key)[0].size == (600, 1000)


def test_renditions_have_the_marketplace_sizes_and_formats(app, as_member, db, product):
    big, small = photo((3000, 2000), seed=1), photo((300, 200), seed=2)
    assert (
        _upload(as_member, product.id, [("big.jpg", big), ("small.jpg", small)]).status_code == 302
    )
    first, second = _rows(db, product.id)
    thumb, thumb_data = _open(app, first.thumb_key)
    assert thumb.format == "WEBP" and len(thumb_data) <= 30 * 1024 and max(thumb.size) <= 400
    square, square_data = _open(app, first.square_key)
    assert square.format == "JPEG" and square.size == (2000, 2000)
    assert len(square_data) <= 2 * 1024 * 1024
    assert _open(app, second.square_key)[0].size == (800, 800)  # scaled up to 800
    assert (first.width, first.height) == (3000, 2000) and second.position == 1


def test_a_see_through_png_keeps_png_and_squares_on_white(app, as_member, db, product):
    assert _upload(as_member, product.id, [("cut.png", transparent_png())]).status_code == 302
    [image] = _rows(db, product.id)
    original, _ = _open(app, image.original_key)
    assert original.format == "PNG" and original.mode == "RGBA"
    square, _ = _open(app, image.square_key)
    assert square.format == "JPEG" and square.width == square.height == 800
    assert all(c > 245 for c in square.getpixel((3, 3)))


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("giant.png", blank_png(20000, 20000), "has too many pixels"),
        ("49mp.png", blank_png(7000, 7000), "has too many pixels"),
        ("cut.jpg", photo()[:6000], "is damaged or cut off"),
        ("cut.png", photo(fmt="PNG")[:3000], "is damaged or cut off"),
        ("logo.svg", SVG, "is not a JPEG, PNG or WebP photo"),
        ("notes.jpg", TEXT, "is not a JPEG, PNG or WebP photo"),
        ("empty.jpg", b"", "is empty"),
    ],
)
def test_bad_files_are_refused_by_name_and_nothing_is_stored(
    app, as_member, db, product, name, data, message
):
    before = media_files(app)
    response = _upload(as_member, product.id, [(name, data)])
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"“{name}” {message}" in html and "Nothing was uploaded" in html
    assert _rows(db, product.id) == [] and media_files(app) == before


def test_a_file_name_cannot_inject_html(as_member, db, product):
    html = _upload(as_member, product.id, [("<img src=x onerror=alert(1)>.jpg", TEXT)]).get_data(
        as_text=True
    )
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;.jpg" in html


def test_messages_are_in_vietnamese_by_default(client, member, db, product):
    sign_in(client, member)
    html = _upload(client, product.id, [("ghi-chu.jpg", TEXT)]).get_data(as_text=True)
    assert "“ghi-chu.jpg” không phải là ảnh JPEG, PNG hay WebP" in html


def test_files_over_the_size_limit_are_refused(app, as_member, db, product, monkeypatch):
    monkeypatch.setitem(app.config, "PRODUCT_IMAGE_MAX_BYTES", 1024 * 1024)
    response = _upload(as_member, product.id, [("huge.jpg", b"\xff\xd8" + b"0" * 1024 * 1024)])
    assert "“huge.jpg” is larger than 1 MB" in response.get_data(as_text=True)
    assert _rows(db, product.id) == []


def test_one_bad_file_refuses_the_whole_upload(app, as_member, db, product):
    before = media_files(app)
    files = [("a.jpg", photo(seed=1)), ("bad.jpg", TEXT), ("c.png", photo(fmt="PNG", seed=3))]
    html = _upload(as_member, product.id, files).get_data(as_text=True)
    assert "“bad.jpg”" in html and "“a.jpg”" not in html and "“c.png”" not in html
    assert _rows(db, product.id) == []
    added = media_files(app) - before
    assert {p.parts[-3] for p in added} == {"kept"} and len(added) == 2  # the good ones wait
    assert "Chosen: a.jpg" in html and "Chosen: c.png" in html and "Chosen: bad.jpg" not in html


def test_choosing_no_file_is_a_clear_error(as_member, db, product):
    response = as_member.post(_url(product.id), data={}, content_type="multipart/form-data")
    assert "Choose at least one photo." in response.get_data(as_text=True)


def test_the_same_photo_twice_is_refused(as_member, db, product):
    data = photo(seed=5)
    assert _upload(as_member, product.id, [("a.jpg", data)]).status_code == 302
    html = _upload(as_member, product.id, [("again.jpg", data)]).get_data(as_text=True)
    assert "“again.jpg” is already among this product&#39;s photos." in html
    assert len(_rows(db, product.id)) == 1


def test_at_most_nine_photos(app, as_member, db, product):
    with app.test_request_context():
        add_images(product, [(f"{i}.png", photo((80, 60), "PNG", seed=i)) for i in range(8)])
    files = [("x.jpg", photo(seed=20)), ("y.jpg", photo(seed=21))]
    html = _upload(as_member, product.id, files).get_data(as_text=True)
    assert "you can add 1 more" in html
    assert len(_rows(db, product.id)) == 8
    assert _upload(as_member, product.id, files[:1]).status_code == 302
    html = as_member.get(_url(product.id)).get_data(as_text=True)
    assert "9/9" in html and 'type="file"' not in html
    assert "Delete one to add another" in html


def test_the_photos_page_shows_lazy_thumbnails_with_sizes_and_alt(as_member, db, product):
    _upload(as_member, product.id, [("a.jpg", photo((1200, 900)))])
    html = as_member.get(_url(product.id)).get_data(as_text=True)
    [image] = _rows(db, product.id)
    assert f'src="/media/{image.thumb_key}" width="400" height="300"' in html
    assert f'alt="{product.name}" loading="lazy"' in html
    assert "1/9" in html


def test_move_earlier_and_later(as_member, db, product):
    files = [(f"{i}.jpg", photo((120, 90), seed=i)) for i in range(3)]
    _upload(as_member, product.id, files)
    a, b, c = _rows(db, product.id)
    assert (
        as_member.post(_url(product.id, f"{c.id}/move"), data={"direction": "up"}).status_code
        == 302
    )
    assert [i.id for i in _rows(db, product.id)] == [a.id, c.id, b.id]
    as_member.post(_url(product.id, f"{a.id}/move"), data={"direction": "up"})  # already first
    as_member.post(_url(product.id, f"{a.id}/move"), data={"direction": "down"})
    assert [i.id for i in _rows(db, product.id)] == [c.id, a.id, b.id]
    assert [i.position for i in _rows(db, product.id)] == [0, 1, 2]
    assert (
        as_member.post(_url(product.id, f"{a.id}/move"), data={"direction": "x"}).status_code == 400
    )


def test_alt_text_is_saved_checked_and_falls_back_to_the_name(as_member, db, product):
    _upload(as_member, product.id, [("a.jpg", photo())])
    [image] = _rows(db, product.id)
    url = _url(product.id, f"{image.id}/alt")
    assert as_member.post(url, data={"alt_text": "Túi lạc đỏ 500 g"}).status_code == 302
    assert _rows(db, product.id)[0].alt_text == "Túi lạc đỏ 500 g"
    response = as_member.post(url, data={"alt_text": "x" * 201})
    html = response.get_data(as_text=True)
    assert "At most 200 characters." in html and 'value="' + "x" * 201 in html
    assert _rows(db, product.id)[0].alt_text == "Túi lạc đỏ 500 g"
    as_member.post(url, data={"alt_text": ""})
    html = as_member.get(_url(product.id)).get_data(as_text=True)
    assert f'alt="{product.name}"' in html


def test_delete_removes_the_row_and_keeps_the_shared_file(app, as_member, db, product, coop_tq):
    files = [(f"{i}.jpg", photo((120, 90), seed=i)) for i in range(2)]
    _upload(as_member, product.id, files)
    first, second = _rows(db, product.id)
    first_id, first_key, second_id = first.id, first.original_key, second.id
    other = make_product(coop_tq, name="Dầu lạc", slug="dau-lac")
    with app.test_request_context():
        add_images(other, [("same.jpg", files[0][1])])  # same file, another product
    assert as_member.post(_url(product.id, f"{first_id}/delete")).status_code == 302
    [left] = _rows(db, product.id)
    assert left.id == second_id and left.position == 0
    assert storage.path_for(first_key, Path(app.config["MEDIA_ROOT"])).is_file()
    assert len(_rows(db, other.id)) == 1


def test_image_ids_of_another_product_are_not_found(app, as_member, db, product, coop_tq):
    other = make_product(coop_tq, name="Dầu lạc", slug="dau-lac")
    with app.test_request_context():
        [foreign] = add_images(other, [("o.jpg", photo(seed=9))])
    for tail, data in [("move", {"direction": "up"}), ("alt", {"alt_text": "x"}), ("delete", {})]:
        response = as_member.post(_url(product.id, f"{foreign.id}/{tail}"), data=data)
        assert response.status_code == 404, tail
    assert len(_rows(db, other.id)) == 1 and _rows(db, other.id)[0].alt_text == other.name


@pytest.mark.parametrize("who", ["member_elsewhere", "officer_elsewhere"])
def test_other_cooperatives_staff_are_refused(client, db, product, coop_ld, who):
    if who == "member_elsewhere":
        user = factories.UserFactory(role="member", cooperative=coop_ld)
    else:
        user = factories.OfficerFactory(areas__province_code=68)
    _sign_in(client, user)
    assert client.get(_url(product.id)).status_code == 403
    assert _upload(client, product.id, [("a.jpg", photo())]).status_code == 403
    assert _rows(db, product.id) == []


def test_officer_of_the_area_and_admin_may_upload(client, db, product, officer, admin):
    _sign_in(client, officer)
    assert _upload(client, product.id, [("a.jpg", photo(seed=1))]).status_code == 302
    client.post("/auth/logout")
    _sign_in(client, admin)
    assert _upload(client, product.id, [("b.jpg", photo(seed=2))]).status_code == 302
    assert len(_rows(db, product.id)) == 2


def test_an_archived_cooperative_is_read_only(app, as_member, db, product, coop_tq):
    with app.test_request_context():
        [image] = add_images(product, [("a.jpg", photo())])
    coop_tq.status = CooperativeStatus.ARCHIVED
    db.session.commit()
    response = _upload(as_member, product.id, [("b.jpg", photo(seed=4))])
    assert response.status_code == 302
    for tail, data in [("move", {"direction": "down"}), ("alt", {"alt_text": "x"}), ("delete", {})]:
        assert as_member.post(_url(product.id, f"{image.id}/{tail}"), data=data).status_code == 302
    [left] = _rows(db, product.id)
    assert left.alt_text == product.name
    html = as_member.get(_url(product.id)).get_data(as_text=True)
    assert "read-only" in html and 'type="file"' not in html and "/delete" not in html


def test_the_thumbnail_is_served_with_a_year_of_cache(as_member, client, db, product):
    _upload(as_member, product.id, [("a.jpg", photo())])
    [image] = _rows(db, product.id)
    image.product.status = ProductStatus.ACTIVE  # a draft's photos are not public
    db.session.commit()
    client.post("/auth/logout")
    response = client.get(f"/media/{image.thumb_key}")
    assert response.status_code == 200 and response.mimetype == "image/webp"
    assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.immutable


def test_add_images_for_the_importer_leaves_the_commit_to_the_caller(app, db, product):
    with app.test_request_context():
        made = add_images(product, [("a.jpg", photo())], alt_text="Ảnh nhập", commit=False)
        assert made[0].alt_text == "Ảnh nhập" and made[0].square_key
        db.session.rollback()
    assert _rows(db, product.id) == []


def test_cli_remakes_missing_and_outdated_renditions(app, runner, db, product):
    with app.test_request_context():
        add_images(product, [("a.jpg", photo(seed=1)), ("b.png", transparent_png())])
    first, second = _rows(db, product.id)
    thumb_key = first.thumb_key
    storage.path_for(thumb_key, Path(app.config["MEDIA_ROOT"])).unlink()
    first.thumb_key = first.square_key = None
    second.thumb_key = "images/00/" + "0" * 64 + "-thumb.webp"  # an older spec's key
    db.session.commit()

    result = runner.invoke(args=["products", "renditions"])
    assert result.exit_code == 0, result.output
    assert "renditions made: 2, already current: 0" in result.output
    first, second = _rows(db, product.id)
    assert first.thumb_key == thumb_key and first.square_key.endswith("-square1.jpg")
    assert second.thumb_key.endswith(f"-{renditions.THUMB_VARIANT}.webp")
    assert storage.path_for(thumb_key, Path(app.config["MEDIA_ROOT"])).is_file()

    assert (
        "renditions made: 0, already current: 2"
        in runner.invoke(args=["products", "renditions"]).output
    )
    assert "renditions made: 2" in runner.invoke(args=["products", "renditions", "--all"]).output
