"""Demo product photos: drawn, stored through the upload pipeline, seeded once."""

import io

from PIL import Image

from app.products.demo_photos import SIZE, seed_product_photos
from tests.support import factories
from tests.support.product_images import make_product


def test_demo_products_get_photos_once(db):
    lam_binh = factories.CooperativeFactory(slug="htx-lam-binh", short_name="HTX Lâm Bình")
    elsewhere = factories.CooperativeFactory(slug="htx-khac")
    peanuts = make_product(lam_binh, name="Lạc đỏ Lâm Bình", slug="lac-do")
    oil = make_product(lam_binh, name="Dầu lạc Lâm Bình", slug="dau-lac")
    other = make_product(elsewhere, name="Chè Shan tuyết", slug="che")

    lines = seed_product_photos()
    assert lines == ["photos 2 Lạc đỏ Lâm Bình", "photos 1 Dầu lạc Lâm Bình"]
    assert len(peanuts.images) == 2 and len(oil.images) == 1 and other.images == []
    cover = peanuts.images[0]
    assert (cover.width, cover.height) == SIZE and cover.alt_text == "Lạc đỏ Lâm Bình"
    assert cover.thumb_key and cover.square_key
    assert seed_product_photos() == []  # idempotent


def test_demo_photos_are_real_jpegs(app, db):
    from app import storage

    coop = factories.CooperativeFactory(slug="htx-di-linh", short_name="HTX Xanh Di Linh")
    coffee = make_product(coop, name="Cà phê Robusta rang xay Di Linh", slug="ca-phe")
    seed_product_photos()
    for image in coffee.images:
        with Image.open(io.BytesIO(storage.read(image.square_key))) as square:
            assert square.format == "JPEG" and square.width == square.height == 1200
