"""Product photo renditions, without an app: checks, cleaned original, thumbnail, square."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from app import images
from app.product_images import renditions
from app.product_images.renditions import PhotoProblem
from tests.support.images import jpeg_with_exif
from tests.support.product_images import SVG, TEXT, blank_png, photo, transparent_png


def _open(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (SVG, "type"),
        (TEXT, "type"),
        (photo()[:4000], "damaged"),
        (photo(fmt="PNG")[:2000], "damaged"),
        (blank_png(7000, 7000), "too_many_pixels"),  # 49 MP: over our 40 MP cap
        (blank_png(20000, 20000), "too_many_pixels"),  # 400 MP: Pillow's bomb error
    ],
    ids=["empty", "svg", "text", "cut-jpeg", "cut-png", "49mp", "400mp"],
)
def test_inspect_refuses_what_is_not_a_whole_photo(data, code):
    with pytest.raises(PhotoProblem) as caught:
        renditions.inspect(data)
    assert caught.value.code == code


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_inspect_accepts_jpeg_png_webp(fmt):
    assert renditions.inspect(photo(size=(64, 48), fmt=fmt)) == fmt


def test_clean_original_is_jpeg_without_metadata_and_upright():
    clean = renditions.clean_original(images.normalise(jpeg_with_exif(6, size=(300, 200))))
    assert clean.ext == "jpg" and clean.size == (200, 300)
    out = _open(clean.data)
    assert out.format == "JPEG" and len(out.getexif()) == 0 and "exif" not in out.info


def test_see_through_photos_stay_png_opaque_rgba_becomes_jpeg():
    assert renditions.clean_original(images.normalise(transparent_png())).ext == "png"
    opaque = io.BytesIO()
    Image.new("RGBA", (50, 40), (10, 200, 10, 255)).save(opaque, "PNG")
    assert renditions.clean_original(images.normalise(opaque.getvalue())).ext == "jpg"


def test_clean_original_is_capped_at_4000_px():
    img = Image.new("RGB", (6000, 1500), (120, 80, 40))
    assert renditions.clean_original(img).size == (4000, 1000)


def test_square_of_a_see_through_photo_is_padded_white():
    sq = _open(renditions.marketplace_square(images.normalise(transparent_png((600, 300)))))
    assert sq.format == "JPEG" and sq.size == (800, 800)
    assert all(c > 245 for c in sq.getpixel((5, 5)))  # was transparent: now white
    assert sq.getpixel((400, 400))[0] > 150  # the product itself


def test_a_detailed_square_steps_quality_down_to_fit_2_mb():
    noise = Image.effect_noise((2000, 2000), 120).convert("RGB")
    data = renditions.marketplace_square(noise)
    assert len(data) <= renditions.SQUARE_MAX_BYTES
    assert _open(data).size[0] == _open(data).size[1] >= renditions.SQUARE_MIN


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(width=st.integers(1, 2600), height=st.integers(1, 2600))
def test_square_is_one_to_one_and_within_bounds(width, height):
    img = Image.new("RGB", (width, height), (180, 40, 40))
    out = _open(renditions.marketplace_square(img))
    assert out.format == "JPEG"
    assert out.width == out.height == renditions.square_side((width, height))
    assert renditions.SQUARE_MIN <= out.width <= renditions.SQUARE_MAX


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(width=st.integers(1, 3000), height=st.integers(1, 3000))
def test_thumbnail_is_small_webp_with_the_sizes_the_page_announces(width, height):
    img = Image.new("RGB", (width, height), (40, 120, 60))
    data = renditions.thumbnail(img)
    out = _open(data)
    assert out.format == "WEBP" and len(data) <= renditions.THUMB_MAX_BYTES
    assert max(out.size) <= renditions.THUMB_SIDE
    expected = renditions.thumb_size(width, height)
    assert abs(out.width - expected[0]) <= 1 and abs(out.height - expected[1]) <= 1


@pytest.mark.parametrize("size", [(1, 6000), (6000, 1), (1, 1)])
def test_slivers_do_not_break_the_pipeline(size):
    clean = renditions.clean_original(Image.new("RGB", size, (90, 90, 90)))
    assert max(clean.size) <= renditions.ORIGINAL_MAX_SIDE and min(clean.size) >= 1
    side = renditions.square_side(clean.size)
    assert _open(renditions.marketplace_square(clean.image)).size == (side, side)
    assert max(_open(renditions.thumbnail(clean.image)).size) <= renditions.THUMB_SIDE


def test_square_side_is_clamped():
    assert renditions.square_side((300, 200)) == 800
    assert renditions.square_side((1200, 900)) == 1200
    assert renditions.square_side((4000, 3000)) == 2000
